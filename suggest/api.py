"""Suggest reply API: POST a message, get drafts; tell Svar what you did with them."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.loop import intake
from kb.permissions import IsAgent
from kb.roles import is_lead
from suggest import service
from suggest.compose.templating import draft_to_answer
from suggest.models import Suggestion
from suggest.serializers import (
    AskLeadSerializer,
    FeedbackSerializer,
    ProposeSerializer,
    SuggestionRequestSerializer,
)


def suggestion_json(outcome: service.Outcome) -> dict:
    s = outcome.suggestion
    return {
        "id": s.pk,
        "language": s.language,
        "analysis": outcome.analysis.as_json(),
        "abstained": s.abstained,
        "confidence": s.confidence,
        "message": None if s.drafts else
        "No decided answer yet. Ask a lead, and the handbook will have one next time.",
        "drafts": s.drafts,
        "nearest": s.nearest,
        "guidance": outcome.guidance,
        "actions": {
            "ask_lead": reverse("suggestion-ask-lead", args=[s.pk]),
            "feedback": reverse("suggestion-feedback", args=[s.pk]),
            "propose": reverse("suggestion-propose", args=[s.pk]),
        },
    }


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

    @extend_schema(request=FeedbackSerializer, responses={201: dict})
    def post(self, request, pk):
        suggestion = own_suggestion(request, pk)
        data = FeedbackSerializer(data=request.data, context={"suggestion": suggestion})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        feedback = service.record_feedback(suggestion, agent=request.user, action=v["action"],
                                           draft_index=v.get("draft"),
                                           final_text=v["final_text"], reason=v["reason"])
        return Response({"id": feedback.pk, "action": feedback.action,
                         "entry": feedback.entry_id_used}, status=status.HTTP_201_CREATED)


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
            return Response({"draft": ["That draft is not based on a handbook entry."]},
                            status=status.HTTP_400_BAD_REQUEST)
        entry_id = suggestion.drafts[v["draft"]]["entry"]["id"]
        answer = draft_to_answer(v["answer"], customer_name=suggestion.customer_name,
                                 agent_name=service.agent_name(request.user))
        proposal = intake.propose(user=request.user, kind="change", entry_id=entry_id,
                                data={"answer": answer}, note=v["note"],
                                suggestion_ref=str(suggestion.pk))
        return Response({"proposal": proposal.pk, "status": proposal.status},
                        status=status.HTTP_201_CREATED)
