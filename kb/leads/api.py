"""The lead API: everything the lead pages do, plus agents' own items and announcements.

The services raise Django ValidationErrors with field messages; project.api.exception_handler
turns those into 400s, so the views call the services directly."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.leads import serializers as s
from kb.loop import health as health_mod
from kb.loop import intake
from kb.loop import proposals as proposals_mod
from kb.loop import questions as questions_mod
from kb.loop import wordings as wordings_mod
from kb.loop.inputs import parse_id
from kb.models import Announcement, Notification, OpenQuestion, Proposal
from kb.permissions import IsAgent, IsLead
from kb.roles import is_lead

#: Responses that are a JSON array of objects (drf-spectacular's OBJECT is one object).
LIST_OF_OBJECTS = serializers.ListSerializer(child=serializers.DictField())


def _valid(serializer_class, data):
    ser = serializer_class(data=data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def group_json(group: questions_mod.QuestionGroup) -> dict:
    return {"question_ids": group.ids, "count": group.count, "wordings": group.wordings,
            "languages": group.languages, "channels": group.channels, "notes": group.notes,
            "oldest": group.oldest.isoformat(),
            "asked_by": sorted({q.asked_by.username for q in group.questions if q.asked_by})}


class QuestionGroupsView(APIView):
    """Open questions, near-duplicates grouped; most asked first."""

    permission_classes = [IsLead]

    @extend_schema(responses=serializers.ListSerializer(child=serializers.DictField()))
    def get(self, request):
        return Response([group_json(g) for g in questions_mod.open_groups()])


class AnswerQuestionsView(APIView):
    """Publish a new entry answering these questions; askers are notified."""

    permission_classes = [IsLead]

    @extend_schema(request=s.AnswerSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = dict(_valid(s.AnswerSerializer, request.data))
        ids = data.pop("question_ids")
        entry = questions_mod.answer_with_new_entry(ids, user=request.user, data=data)
        return Response({"entry_id": entry.pk, "version": entry.version, "title": entry.title},
                        status=status.HTTP_201_CREATED)


class LinkQuestionsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.LinkSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = _valid(s.LinkSerializer, request.data)
        entry = questions_mod.link_entry(data["question_ids"], user=request.user,
                                         entry_id=data["entry_id"])
        return Response({"entry_id": entry.pk, "version": entry.version})


class DismissQuestionsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.DismissSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = _valid(s.DismissSerializer, request.data)
        n = questions_mod.dismiss(data["question_ids"], user=request.user,
                                  reason=data.get("reason", ""))
        return Response({"dismissed": n})


class ProposalsView(APIView):
    """GET: leads see open proposals (?status=all for every one), agents their own.
    POST: an agent proposes a new entry or a change."""

    permission_classes = [IsAgent]

    @extend_schema(responses=s.ProposalSerializer(many=True))
    def get(self, request):
        qs = Proposal.objects.select_related("proposed_by", "reviewed_by").order_by("-created_at")
        if not is_lead(request.user) or request.query_params.get("mine"):
            qs = qs.filter(proposed_by=request.user)
        elif request.query_params.get("status", "open") != "all":
            qs = qs.filter(status=request.query_params.get("status", "open"))
        items = []
        for p in qs[:200]:
            row = s.ProposalSerializer(p).data
            if p.status == Proposal.Status.OPEN:
                row["diff"] = proposals_mod.proposal_diff(p)
            items.append(row)
        return Response(items)

    @extend_schema(request=s.ProposalCreateSerializer, responses={201: s.ProposalSerializer})
    def post(self, request):
        data = _valid(s.ProposalCreateSerializer, request.data)
        proposal = intake.propose(user=request.user, kind=data["kind"], data=dict(data["data"]),
                                entry_id=data.get("entry_id"), note=data.get("note", ""),
                                suggestion_ref=data.get("suggestion_ref", ""))
        return Response(s.ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ApproveProposalView(APIView):
    """Approve, optionally with edited fields; applied as one published version."""

    permission_classes = [IsLead]

    @extend_schema(request=s.ApproveSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        edits = dict(_valid(s.ApproveSerializer, request.data))
        edits = {k: v for k, v in edits.items() if v not in ("", None)}
        entry = proposals_mod.approve(proposal, user=request.user, edits=edits)
        proposal.refresh_from_db()
        return Response({"proposal": s.ProposalSerializer(proposal).data,
                         "entry_id": entry.pk, "version": entry.version})


class RejectProposalView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.RejectSerializer, responses=s.ProposalSerializer)
    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        data = _valid(s.RejectSerializer, request.data)
        proposal = proposals_mod.reject(proposal, user=request.user, reason=data["reason"])
        return Response(s.ProposalSerializer(proposal).data)


class WordingsView(APIView):
    """Suggested (harvested) wordings grouped by entry."""

    permission_classes = [IsLead]

    @extend_schema(responses=LIST_OF_OBJECTS)
    def get(self, request):
        return Response([
            {"entry_id": entry.pk, "title": entry.title, "language": entry.language,
             "wordings": [{"id": q.pk, "text": q.text, "created_at": q.created_at}
                          for q in items]}
            for entry, items in wordings_mod.suggested_by_entry()])


class AcceptWordingsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.WordingIdsSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = _valid(s.WordingIdsSerializer, request.data)
        return Response({"accepted": wordings_mod.accept(data["wording_ids"],
                                                         user=request.user)})


class DiscardWordingsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.WordingIdsSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = _valid(s.WordingIdsSerializer, request.data)
        return Response({"discarded": wordings_mod.discard(data["wording_ids"])})


class HealthView(APIView):
    permission_classes = [IsLead]

    @extend_schema(parameters=[s.PeriodSerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        period = _valid(s.PeriodSerializer, request.query_params)
        rows = health_mod.entry_health(period["days"])
        return Response({
            "days": period["days"], "unused_days": period["unused_days"],
            "entries": [h.as_dict() for h in rows],
            "consider_rewriting": [h.entry.pk for h in rows if h.consider_rewriting],
            "unused": [{"id": e.pk, "title": e.title, "language": e.language}
                       for e in health_mod.unused_entries(period["unused_days"])],
        })


class GapsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(parameters=[s.PeriodSerializer], responses=LIST_OF_OBJECTS)
    def get(self, request):
        period = _valid(s.PeriodSerializer, request.query_params)
        return Response([g.as_dict() for g in health_mod.gaps(period["days"])])


class GapToQuestionsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=s.GapIdsSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _valid(s.GapIdsSerializer, request.data)
        created = health_mod.gap_to_questions(data["message_ids"], user=request.user)
        return Response({"question_ids": [q.pk for q in created]},
                        status=status.HTTP_201_CREATED)


class AnnouncementsView(APIView):
    """Unread announcements for me."""

    permission_classes = [IsAgent]

    @extend_schema(responses=s.AnnouncementSerializer(many=True))
    def get(self, request):
        return Response(s.AnnouncementSerializer(intake.unread_announcements(request.user)[:50],
                                                 many=True).data)


class AnnouncementReadView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        try:
            intake.mark_announcement_read(request.user, pk)
        except Announcement.DoesNotExist:
            return Response({"detail": f"No announcement {pk}."}, status=404)
        return Response({"read": True})


class NotificationsView(APIView):
    """My notifications, unread first. POST marks them all (or `ids`) read."""

    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(responses=s.NotificationSerializer(many=True))
    def get(self, request):
        return Response(s.NotificationSerializer(intake.notifications_for(request.user)[:100],
                                                 many=True).data)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        ids = request.data.get("ids") if hasattr(request.data, "get") else None
        qs = Notification.objects.filter(user=request.user, read_at__isnull=True)
        if ids is not None:
            numbers = [parse_id(i) for i in ids] if isinstance(ids, list) else [None]
            if None in numbers:
                raise ValidationError({"ids": "A list of notification ids."})
            qs = qs.filter(pk__in=numbers)
        return Response({"marked_read": qs.update(read_at=timezone.now())})


class MineView(APIView):
    """My questions and proposals with their status."""

    permission_classes = [IsAgent]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response({
            "questions": s.OpenQuestionSerializer(
                OpenQuestion.objects.filter(asked_by=request.user)[:100], many=True).data,
            "proposals": s.ProposalSerializer(
                Proposal.objects.filter(proposed_by=request.user)[:100], many=True).data,
        })
