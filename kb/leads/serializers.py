"""Input and output shapes of the lead API."""

from django.urls import reverse
from rest_framework import serializers

from kb.loop.inputs import MAX_ID
from kb.models import Announcement, Entry, Language, Notification, OpenQuestion, Proposal
from project import strict_fields as strict


class IdsField(serializers.ListField):
    """Database ids: beyond 2**63-1 is a field message, not a database overflow."""

    child = strict.IntegerField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty", False)
        kwargs.setdefault("min_length", 1)  # the schema's minItems
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


class QuestionIdsSerializer(strict.Serializer):
    question_ids = IdsField()


class DismissSerializer(QuestionIdsSerializer):
    reason = strict.CharField(required=False, allow_blank=True, max_length=2000)


class LinkSerializer(QuestionIdsSerializer):
    entry_id = strict.IntegerField(min_value=1, max_value=MAX_ID)


class NewEntrySerializer(strict.Serializer):
    title = strict.CharField(max_length=300)
    answer = strict.CharField(max_length=20000)
    short_answer = strict.CharField(max_length=280, required=False, allow_blank=True)
    why = strict.CharField(max_length=5000, required=False, allow_blank=True)
    language = strict.ChoiceField(choices=Language.choices, required=False)
    audience = strict.ChoiceField(choices=Entry.Audience.choices,
                                  default=Entry.Audience.PUBLIC)
    kind = strict.ChoiceField(choices=Entry.Kind.choices, default=Entry.Kind.FAQ)
    questions = serializers.ListField(child=strict.CharField(max_length=1000),
                                      required=False, max_length=200,
                                      help_text="Default: the questions' wordings.")


class AnswerSerializer(QuestionIdsSerializer, NewEntrySerializer):
    pass


class ProposalDataSerializer(strict.Serializer):
    title = strict.CharField(max_length=300, required=False, allow_blank=True)
    answer = strict.CharField(max_length=20000, required=False, allow_blank=True)
    short_answer = strict.CharField(max_length=280, required=False, allow_blank=True)
    why = strict.CharField(max_length=5000, required=False, allow_blank=True)
    language = strict.ChoiceField(choices=Language.choices, required=False)
    audience = strict.ChoiceField(choices=Entry.Audience.choices, required=False)
    kind = strict.ChoiceField(choices=Entry.Kind.choices, required=False)
    questions = serializers.ListField(child=strict.CharField(max_length=1000),
                                      required=False, max_length=200)


PROPOSAL_KIND_HELP = "new (a new entry) or change (a change to entry_id)."


class ProposalCreateSerializer(strict.Serializer):
    kind = strict.ChoiceField(choices=Proposal.Kind.choices, help_text=PROPOSAL_KIND_HELP)
    entry_id = strict.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                   allow_null=True)
    data = ProposalDataSerializer()
    note = strict.CharField(max_length=5000, required=False, allow_blank=True)
    suggestion_ref = strict.CharField(max_length=64, required=False, allow_blank=True)


class ApproveSerializer(ProposalDataSerializer):
    reason = strict.CharField(max_length=5000, required=False, allow_blank=True,
                              help_text="Why the lead edited it (shown to the agent).")


class RejectSerializer(strict.Serializer):
    reason = strict.CharField(max_length=5000)


class WordingIdsSerializer(strict.Serializer):
    wording_ids = IdsField()


class GapIdsSerializer(strict.Serializer):
    message_ids = IdsField()


class PeriodSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=3650, default=30)
    unused_days = serializers.IntegerField(min_value=1, max_value=3650, default=60)


class OpenQuestionSerializer(strict.ModelSerializer):
    asked_by = strict.CharField(source="asked_by.username", default=None, allow_null=True)
    answer_entry = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = OpenQuestion
        fields = ["id", "text", "language", "channel", "note", "asked_by", "status",
                  "answer_entry", "answered_at", "created_at"]


class ProposalSerializer(strict.ModelSerializer):
    kind = strict.CharField(read_only=True, help_text=PROPOSAL_KIND_HELP)
    proposed_by = strict.CharField(source="proposed_by.username", default=None,
                                   allow_null=True)
    reviewed_by = strict.CharField(source="reviewed_by.username", default=None,
                                   allow_null=True)
    entry_id = strict.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = ["id", "kind", "entry_id", "data", "note", "proposed_by", "status",
                  "reviewed_by", "reviewed_at", "reason", "created_at"]


class AnnouncementSerializer(strict.ModelSerializer):
    entry_id = strict.IntegerField(read_only=True)
    title = strict.CharField(source="entry.title", read_only=True)
    language = strict.CharField(source="entry.language", read_only=True)

    class Meta:
        model = Announcement
        fields = ["id", "entry_id", "title", "language", "version", "kind", "text", "changes",
                  "why", "url", "created_at"]

    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("handbook:entry", args=[obj.entry_id])


class NotificationSerializer(strict.ModelSerializer):
    entry_id = strict.IntegerField(read_only=True, allow_null=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "entry_id", "url", "created_at", "read_at", "read"]

    url = serializers.SerializerMethodField()

    def get_read(self, obj) -> bool:
        return obj.read_at is not None

    def get_url(self, obj) -> str | None:
        return reverse("handbook:entry", args=[obj.entry_id]) if obj.entry_id else None


class WordingSerializer(strict.Serializer):
    id = strict.IntegerField()
    text = strict.CharField()
    created_at = serializers.DateTimeField()
