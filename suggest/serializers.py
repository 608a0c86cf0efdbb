"""The public contract of the suggestion API: field names integrations rely on."""

from rest_framework import serializers

from kb.models import Language
from project import strict_fields as strict
from project.api import Conflict
from suggest.models import CHANNELS, Feedback

MAX_TEXT = 5000


class SuggestionRequestSerializer(strict.Serializer):
    text = strict.CharField(max_length=MAX_TEXT, trim_whitespace=True,
                            help_text="The customer's message.", error_messages={
                                     "blank": "Please paste the customer's message.",
                                     "required": "Please paste the customer's message."})
    customer_name = strict.CharField(max_length=200, allow_blank=True, default="",
                                     help_text="Display name or handle.")
    channel = strict.ChoiceField(choices=CHANNELS)
    public = strict.BooleanField(help_text="Is the message visible to the public?")
    history = serializers.ListField(child=strict.CharField(max_length=MAX_TEXT),
                                    required=False, max_length=20, default=list,
                                    help_text="Earlier turns of the conversation, oldest first.")
    language = strict.ChoiceField(choices=Language.choices, required=False,
                                  help_text="A hint; the message's language wins.")


class FeedbackSerializer(strict.Serializer):
    action = strict.ChoiceField(choices=Feedback.Action.choices)
    draft = strict.IntegerField(min_value=0, max_value=2, required=False, allow_null=True,
                                help_text="Index of the draft used (0-2).")
    final_text = strict.CharField(max_length=MAX_TEXT, required=False, allow_blank=True,
                                  default="")
    reason = strict.CharField(max_length=1000, required=False, allow_blank=True,
                              default="", help_text="In the agent's words.")
    reason_code = strict.ChoiceField(choices=Feedback.Reason.choices, required=False,
                                     allow_blank=True, default="",
                                     help_text="Why a draft was rejected.")

    def validate(self, attrs):
        suggestion = self.context["suggestion"]
        index = attrs.get("draft")
        if attrs["action"] in (Feedback.Action.SENT, Feedback.Action.SENT_EDITED):
            if index is None:
                raise serializers.ValidationError({"draft": "Say which draft was sent."})
            if attrs["action"] == Feedback.Action.SENT_EDITED and not attrs["final_text"].strip():
                raise serializers.ValidationError(
                    {"final_text": "Give the text that was sent after editing."})
        if attrs["action"] == Feedback.Action.REJECTED and not (
                attrs["reason_code"] or attrs["reason"].strip()):
            raise serializers.ValidationError(
                {"reason": "Say why the drafts were not usable: pick a reason or write one."})
        if index is not None and index >= len(suggestion.drafts):
            raise Conflict("draft", f"This suggestion has {len(suggestion.drafts)} drafts.")
        return attrs


class AskLeadSerializer(strict.Serializer):
    note = strict.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ProposeSerializer(strict.Serializer):
    draft = strict.IntegerField(min_value=0, max_value=2)
    answer = strict.CharField(max_length=MAX_TEXT)
    note = strict.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DraftFromSerializer(strict.Serializer):
    entry = strict.IntegerField(min_value=1, help_text="A published entry's id.")
