"""API representations of handbook entries."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from kb.entries import entry_create, entry_update
from kb.models import TEXT_LIMITS, Entry, EntryVersion, ExampleQuestion, Language, Team, Topic
from project import strict_fields as strict


class ExampleQuestionsField(serializers.ListField):
    """Written as the example wordings; read back as the accepted ones."""

    def get_attribute(self, instance):
        return [q.text for q in instance.questions.all()
                if q.status == ExampleQuestion.Status.ACCEPTED]


class EntrySerializer(strict.ModelSerializer):
    topics = strict.SlugRelatedField(slug_field="slug", many=True, required=False,
                                     queryset=Topic.objects.all())
    team = strict.SlugRelatedField(slug_field="slug", required=False, allow_null=True,
                                   queryset=Team.objects.all())
    questions = ExampleQuestionsField(child=strict.CharField(max_length=1000),
                                      required=False, max_length=200,
                                      help_text="Example wordings (read back as accepted ones).")
    language = strict.ChoiceField(choices=Language.choices)
    message = strict.CharField(write_only=True, required=False, allow_blank=True,
                               max_length=300, help_text="Why this change (version log).")

    class Meta:
        model = Entry
        fields = ["id", "external_key", "translation_group", "slug", "title", "answer",
                  "short_answer", "why", "kind", "audience", "language", "status", "topics",
                  "team", "questions", "version", "created_at", "updated_at", "published_at",
                  "message"]
        read_only_fields = ["id", "slug", "version", "created_at", "updated_at",
                            "published_at"]
        extra_kwargs = {"external_key": {"required": False},
                        **{field: {"max_length": limit} for field, limit in TEXT_LIMITS.items()}}

    def validate_status(self, value):
        if value in (Entry.Status.PUBLISHED, Entry.Status.RETIRED) and (
                self.instance is None or self.instance.status != value):
            raise serializers.ValidationError(
                "Publish or retire with POST …/publish/ or …/retire/, so agents are told "
                "and the audit log records it.", code="conflict")
        return value

    def save_with_version(self, instance, validated, *, default_message):
        questions = validated.pop("questions", None)
        topics = validated.pop("topics", None)
        message = validated.pop("message", "") or default_message
        for field, value in validated.items():
            setattr(instance, field, value)
        write = entry_create if instance.pk is None else entry_update
        try:
            write(instance, user=self.context["request"].user, message=message,
                  questions=questions,
                  topics=[t.slug for t in topics] if topics is not None else None)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return instance

    def create(self, validated_data):
        return self.save_with_version(Entry(), validated_data, default_message="Created")

    def update(self, instance, validated_data):
        return self.save_with_version(instance, validated_data, default_message="Changed")


class EntryVersionSerializer(strict.ModelSerializer):
    author = strict.CharField(source="author.username", default=None, read_only=True,
                              allow_null=True)

    class Meta:
        model = EntryVersion
        fields = ["number", "author", "created_at", "message", "data"]


class SearchQuerySerializer(serializers.Serializer):
    """Query parameters, read as a plain dict (`QueryDict.dict()`): an empty `k=` or `lang=`
    is a field message, not "absent" as in an HTML form."""

    q = strict.CharField(max_length=2000, trim_whitespace=True)
    lang = serializers.ChoiceField(choices=Language.choices, required=False)
    audience = serializers.ChoiceField(choices=["public", "all"], default="all")
    k = serializers.IntegerField(min_value=1, max_value=20, default=5)
