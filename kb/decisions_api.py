"""The decisions API: a decision with its language versions, the languages it lacks and the
translations older than their source; a lead makes a translation from a source entry.
Agents read what they may see (as the entry API); the work is in kb.translations."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from kb import translations
from kb.models import TEXT_LIMITS, Entry, Language
from kb.permissions import IsAgent, IsLead
from kb.serializers import EntrySerializer
from project import strict_fields as strict


class LanguageVersionSerializer(serializers.Serializer):
    """One language version of a decision (an entry)."""

    id = serializers.IntegerField()
    language = serializers.ChoiceField(choices=Language.choices)
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Entry.Status.choices)
    audience = serializers.ChoiceField(choices=Entry.Audience.choices)
    version = serializers.IntegerField()
    outdated = serializers.BooleanField(
        help_text="Translated from an entry that has a newer version since.")
    translated_from = serializers.IntegerField(
        allow_null=True, help_text="The entry this one was translated from.")
    translated_from_language = serializers.ChoiceField(choices=Language.choices,
                                                       allow_null=True)
    translated_from_version = serializers.IntegerField(
        allow_null=True, help_text="The source's version when this translation was made.")
    source_version = serializers.IntegerField(
        allow_null=True, help_text="The source's version now (null when not a translation "
                                   "or the source is gone).")


class DecisionSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="The decision's key (its translation group).")
    title = serializers.CharField(help_text="The English title, else the first entry's.")
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices))
    missing = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices),
        help_text="Languages the handbook answers in and this decision not.")
    outdated = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices),
        help_text="Languages whose entry is older than the version it was translated from.")
    versions = LanguageVersionSerializer(many=True, help_text="One per language.")


class DecisionPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DecisionSerializer(many=True)


class TranslationCreateSerializer(strict.Serializer):
    language = strict.ChoiceField(
        choices=Language.choices, help_text="A language the decision has no entry in yet.")
    title = strict.CharField(max_length=TEXT_LIMITS["title"])
    answer = strict.CharField(max_length=TEXT_LIMITS["answer"])
    questions = serializers.ListField(child=strict.CharField(max_length=1000),
                                      required=False, max_length=200,
                                      help_text="Example wordings in the new language.")


class TranslationCreatedSerializer(serializers.Serializer):
    entry = EntrySerializer(help_text="The new draft translation.")
    decision = DecisionSerializer(help_text="Its decision, with the new language present.")


def decision_json(decision: translations.Decision) -> dict:
    versions = []
    for language in decision.languages:
        entry = decision.entries[language]
        source = entry.translated_from
        versions.append({
            "id": entry.pk, "language": entry.language, "title": entry.title,
            "status": entry.status, "audience": entry.audience, "version": entry.version,
            "outdated": language in decision.outdated,
            "translated_from": entry.translated_from_id,
            "translated_from_language": source.language if source else None,
            "translated_from_version": entry.translated_from_version,
            "source_version": source.version if source else None})
    return {"group": decision.group, "title": decision.title,
            "languages": decision.languages, "missing": decision.missing,
            "outdated": decision.outdated, "versions": versions}


GAPS = OpenApiParameter("gaps", bool, description="Only decisions with a missing or an "
                                                  "outdated language.")


class DecisionListView(APIView):
    """Every decision the user may read, with its languages side by side."""

    permission_classes = [IsAgent]

    @extend_schema(operation_id="decisions_list", parameters=[GAPS],
                   responses=DecisionPageSerializer)
    def get(self, request):
        gaps = request.query_params.getlist("gaps")
        if len(gaps) > 1 or (gaps and gaps[0] not in ("true", "false")):
            raise ValidationError({"gaps": ["true or false, once."]})
        gaps_only = gaps == ["true"]
        rows = translations.decisions_visible_to(request.user, gaps_only=gaps_only)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([decision_json(d) for d in page])


class DecisionDetailView(APIView):
    """One decision by its group key."""

    permission_classes = [IsAgent]

    @extend_schema(operation_id="decisions_retrieve", responses=DecisionSerializer)
    def get(self, request, group):
        decision = translations.decision_visible_to(request.user, group)
        if decision is None:
            raise NotFound("No decision with this key that you may read.")
        return Response(decision_json(decision))


class TranslationCreateView(APIView):
    """A lead translates an entry: a new draft entry of the same decision."""

    permission_classes = [IsLead]

    @extend_schema(request=TranslationCreateSerializer,
                   responses={201: TranslationCreatedSerializer})
    def post(self, request, pk):
        source = get_object_or_404(Entry.objects.visible_to(request.user), pk=pk)
        ser = TranslationCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        entry = translations.create_translation(
            source, language=data["language"], title=data["title"].strip(),
            answer=data["answer"].strip(), questions=data.get("questions"),
            user=request.user)
        decision = translations.decision_visible_to(request.user, entry.translation_group)
        return Response({"entry": EntrySerializer(entry, context={"request": request}).data,
                         "decision": decision_json(decision)},
                        status=status.HTTP_201_CREATED)


class TranslationUpToDateView(APIView):
    """A lead says an outdated translation now matches its source's current version."""

    permission_classes = [IsLead]

    @extend_schema(request=None, responses=DecisionSerializer)
    def post(self, request, pk):
        entry = get_object_or_404(Entry.objects.visible_to(request.user), pk=pk)
        translations.mark_up_to_date(entry, user=request.user)
        return Response(decision_json(
            translations.decision_visible_to(request.user, entry.translation_group)))
