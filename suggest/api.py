"""Suggest reply API: POST a message, get drafts; tell Svar what you did with them."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.loop import intake
from kb.models import Entry
from kb.permissions import IsAgent
from kb.roles import is_lead
from project.api import Conflict, NotFoundField
from suggest import service
from suggest.models import Suggestion
from suggest.proposals import answer_from_draft
from suggest.serializers import (
    AskLeadSerializer,
    DraftFromSerializer,
    FeedbackSerializer,
    ProposeSerializer,
    SuggestionRequestSerializer,
)


def suggestion_json(outcome: service.Outcome) -> dict:
    s = outcome.suggestion
    body = {
        "id": s.pk,
        "language": s.language,
        "analysis": outcome.analysis.as_json(),
        "abstained": s.abstained,
        "confidence": s.confidence,
        "message": outcome.notice or (None if s.drafts else
                                      "No decided answer yet. Ask a lead, and the handbook "
                                      "will have one next time."),
        "drafts": s.drafts,
        "nearest": s.nearest,
        "guidance": outcome.guidance,
        "actions": {
            "ask_lead": reverse("suggestion-ask-lead", args=[s.pk]),
            "feedback": reverse("suggestion-feedback", args=[s.pk]),
            "propose": reverse("suggestion-propose", args=[s.pk]),
            "draft_from": reverse("suggestion-draft-from", args=[s.pk]),
        },
    }
    if outcome.translation_missing:  # only then: {"entry", "language"}
        body["translation_missing"] = outcome.translation_missing
    return body


def own_suggestion(request, pk) -> Suggestion:
    qs = Suggestion.objects.all() if is_lead(request.user) else \
        Suggestion.objects.filter(agent=request.user)
    return get_object_or_404(qs, pk=pk)


class SuggestionCreateView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=SuggestionRequestSerializer, responses={201: dict})
    def post(self, request):
        data = SuggestionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = service.suggest_reply(agent=request.user, **data.validated_data)
        return Response(suggestion_json(outcome), status=status.HTTP_201_CREATED)


class FeedbackView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=FeedbackSerializer, responses={
        201: OpenApiResponse(dict, description="The suggestion's first outcome."),
        200: OpenApiResponse(dict, description="A later click: the outcome replaced, not added.")})
    def post(self, request, pk):
        suggestion = own_suggestion(request, pk)
        data = FeedbackSerializer(data=request.data, context={"suggestion": suggestion})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        feedback, created = service.record_feedback(
            suggestion, agent=request.user, action=v["action"], draft_index=v.get("draft"),
            final_text=v["final_text"], reason=v["reason"], reason_code=v["reason_code"])
        return Response({"id": feedback.pk, "action": feedback.action,
                         "entry": feedback.entry_id_used, "changed": not created},
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AskLeadView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=AskLeadSerializer, responses={201: dict})
    def post(self, request, pk):
        suggestion = own_suggestion(request, pk)
        data = AskLeadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = intake.ask_lead(text=suggestion.text, language=suggestion.language,
                                 channel=suggestion.channel, note=data.validated_data["note"],
                                 user=request.user, suggestion_ref=str(suggestion.pk))
        return Response({"question": question.pk, "status": question.status},
                        status=status.HTTP_201_CREATED)


class ProposeView(APIView):
    """Propose an edited draft's answer as a better wording of its entry."""

    permission_classes = [IsAgent]

    @extend_schema(request=ProposeSerializer, responses={201: dict})
    def post(self, request, pk):
        suggestion = own_suggestion(request, pk)
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v["draft"] >= len(suggestion.drafts) or not suggestion.drafts[v["draft"]].get("entry"):
            raise Conflict("draft", "That draft is not based on a handbook entry.")
        draft = suggestion.drafts[v["draft"]]
        entry = Entry.objects.visible_to(request.user).filter(pk=draft["entry"]["id"]).first()
        if entry is None:
            raise Conflict("draft", "That entry is no longer in the handbook.")
        answer = answer_from_draft(markdown=entry.answer, original=draft["text"],
                                   edited=v["answer"], customer_name=suggestion.customer_name,
                                   agent_name=service.agent_name(request.user))
        if answer == entry.answer.strip():
            # Well formed, but it would change nothing of the entry as it stands.
            raise Conflict("answer", "Change the answer itself: the greeting, the opening "
                                     "and the sign-off are not part of the handbook.")
        proposal = intake.propose(user=request.user, kind="change", entry_id=entry.pk,
                                data={"answer": answer}, note=v["note"],
                                suggestion_ref=str(suggestion.pk))
        return Response({"proposal": proposal.pk, "status": proposal.status, "answer": answer},
                        status=status.HTTP_201_CREATED)


class DraftFromEntryView(APIView):
    """Svar abstained and the agent picked one of the nearest entries: drafts from it."""

    permission_classes = [IsAgent]

    @extend_schema(request=DraftFromSerializer, responses={200: dict})
    def post(self, request, pk):
        suggestion = own_suggestion(request, pk)
        data = DraftFromSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = Entry.objects.published().visible_to(request.user).filter(
            pk=data.validated_data["entry"]).first()
        if entry is None:
            raise NotFoundField("entry", "No published entry with that id.")
        drafts = service.draft_from_entry(suggestion, entry, agent=request.user)
        return Response({"id": suggestion.pk, "drafts": drafts, "abstained": suggestion.abstained})
