"""Input and output shapes of the lead API."""

from django.urls import reverse
from rest_framework import serializers

from kb.loop.inputs import MAX_ID
from kb.models import Announcement, Entry, Language, Notification, OpenQuestion, Proposal


class IdsField(serializers.ListField):
    """Database ids: beyond 2**63-1 is a field message, not a database overflow."""

    child = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


class QuestionIdsSerializer(serializers.Serializer):
    question_ids = IdsField()


class DismissSerializer(QuestionIdsSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class LinkSerializer(QuestionIdsSerializer):
    entry_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class NewEntrySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    answer = serializers.CharField(max_length=20000)
    short_answer = serializers.CharField(max_length=280, required=False, allow_blank=True)
    why = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    audience = serializers.ChoiceField(choices=Entry.Audience.choices,
                                       default=Entry.Audience.PUBLIC)
    kind = serializers.ChoiceField(choices=Entry.Kind.choices, default=Entry.Kind.FAQ)
    questions = serializers.ListField(child=serializers.CharField(max_length=1000),
                                      required=False, max_length=200,
                                      help_text="Default: the questions' wordings.")


class AnswerSerializer(QuestionIdsSerializer, NewEntrySerializer):
    pass


class ProposalDataSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    answer = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    short_answer = serializers.CharField(max_length=280, required=False, allow_blank=True)
    why = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    audience = serializers.ChoiceField(choices=Entry.Audience.choices, required=False)
    kind = serializers.ChoiceField(choices=Entry.Kind.choices, required=False)
    questions = serializers.ListField(child=serializers.CharField(max_length=1000),
                                      required=False, max_length=200)


# Proposal kinds are plain strings in the schema: a second enum named "kind" (beside the
# entry's kind) would collide in the OpenAPI component names.
PROPOSAL_KIND_HELP = "new (a new entry) or change (a change to entry_id)."


class ProposalCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=10, help_text=PROPOSAL_KIND_HELP)
    entry_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                        allow_null=True)
    data = ProposalDataSerializer()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    suggestion_ref = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ApproveSerializer(ProposalDataSerializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                   help_text="Why the lead edited it (shown to the agent).")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class WordingIdsSerializer(serializers.Serializer):
    wording_ids = IdsField()


class GapIdsSerializer(serializers.Serializer):
    message_ids = IdsField()


class PeriodSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=3650, default=30)
    unused_days = serializers.IntegerField(min_value=1, max_value=3650, default=60)


class OpenQuestionSerializer(serializers.ModelSerializer):
    asked_by = serializers.CharField(source="asked_by.username", default=None, allow_null=True)
    answer_entry = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = OpenQuestion
        fields = ["id", "text", "language", "channel", "note", "asked_by", "status",
                  "answer_entry", "answered_at", "created_at"]


class ProposalSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=PROPOSAL_KIND_HELP)
    proposed_by = serializers.CharField(source="proposed_by.username", default=None,
                                        allow_null=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", default=None,
                                        allow_null=True)
    entry_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = ["id", "kind", "entry_id", "data", "note", "proposed_by", "status",
                  "reviewed_by", "reviewed_at", "reason", "created_at"]


class AnnouncementSerializer(serializers.ModelSerializer):
    entry_id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="entry.title", read_only=True)
    language = serializers.CharField(source="entry.language", read_only=True)

    class Meta:
        model = Announcement
        fields = ["id", "entry_id", "title", "language", "version", "kind", "text", "changes",
                  "why", "url", "created_at"]

    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("handbook:entry", args=[obj.entry_id])


class NotificationSerializer(serializers.ModelSerializer):
    entry_id = serializers.IntegerField(read_only=True, allow_null=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "entry_id", "url", "created_at", "read_at", "read"]

    url = serializers.SerializerMethodField()

    def get_read(self, obj) -> bool:
        return obj.read_at is not None

    def get_url(self, obj) -> str | None:
        return reverse("handbook:entry", args=[obj.entry_id]) if obj.entry_id else None


class WordingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
