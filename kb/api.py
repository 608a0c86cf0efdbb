"""The handbook API: entries with versions, publishing, and agent search."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from kb import versions
from kb.entries import entry_delete, entry_publish, entry_restore, entry_retire
from kb.models import Entry
from kb.permissions import AgentReadLeadWrite, IsAgent, IsLead
from kb.search import service
from kb.serializers import EntrySerializer, EntryVersionSerializer, SearchQuerySerializer


class EntryViewSet(viewsets.ModelViewSet):
    """Handbook entries. Agents read what they may see; leads create, change and publish."""

    serializer_class = EntrySerializer
    permission_classes = [AgentReadLeadWrite]

    def get_queryset(self):
        qs = (Entry.objects.visible_to(self.request.user)
              .select_related("team").prefetch_related("topics", "questions"))
        params = self.request.query_params
        for field in ("language", "status", "audience", "kind"):
            if params.get(field):
                qs = qs.filter(**{field: params[field]})
        if params.get("topic"):
            qs = qs.filter(topics__slug=params["topic"])
        return qs.order_by("id")

    def perform_destroy(self, instance):
        entry_delete(instance, user=self.request.user)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsLead])
    def publish(self, request, pk=None):
        entry = self.get_object()
        entry_publish(entry, user=request.user)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsLead])
    def retire(self, request, pk=None):
        entry = self.get_object()
        entry_retire(entry, user=request.user)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(responses=EntryVersionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="versions", pagination_class=None)
    def version_list(self, request, pk=None):
        entry = self.get_object()
        return Response(EntryVersionSerializer(entry.versions.all(), many=True).data)

    @extend_schema(responses=EntryVersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version_detail(self, request, pk=None, number=None):
        entry = self.get_object()
        version = get_object_or_404(entry.versions, number=int(number))
        return Response(EntryVersionSerializer(version).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<number>\d+)/restore",
            permission_classes=[IsLead])
    def restore(self, request, pk=None, number=None):
        entry = self.get_object()
        get_object_or_404(entry.versions, number=int(number))
        entry_restore(entry, int(number), user=request.user)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("a", int, required=True),
                               OpenApiParameter("b", int, required=True)],
                   responses=serializers.ListSerializer(child=serializers.DictField()))
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        entry = self.get_object()
        try:
            a, b = int(request.query_params["a"]), int(request.query_params["b"])
        except (KeyError, ValueError):
            return Response({"detail": "Give two version numbers as ?a=1&b=2."},
                            status=status.HTTP_400_BAD_REQUEST)
        numbers = set(entry.versions.values_list("number", flat=True))
        missing = [n for n in (a, b) if n not in numbers]
        if missing:
            return Response({"detail": f"No version {missing[0]} of this entry."},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(versions.diff(entry, a, b))


class SearchView(APIView):
    """Search the handbook as an agent (public and internal entries the agent may read)."""

    permission_classes = [IsAgent]

    @extend_schema(parameters=[SearchQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        params = SearchQuerySerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        q = params.validated_data
        result = service.search(q["q"], language=q.get("lang"), audience=q["audience"],
                                user=request.user, k=q["k"])
        return Response({
            "confidence": round(result.confidence, 4),
            "abstained": result.abstained,
            "threshold": result.threshold,
            "results": [hit_json(h) for h in result.hits],
        })


def hit_json(hit: service.SearchHit) -> dict:
    e = hit.entry
    return {"id": e.pk, "title": e.title, "language": e.language, "audience": e.audience,
            "version": e.version, "score": round(hit.score, 4),
            "matched_text": hit.matched_text, "matched_field": hit.matched_field,
            "translated_from": hit.translated_from}
