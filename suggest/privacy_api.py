"""Leads' API for access and erasure requests, and the audit log."""

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.models import AuditEvent
from kb.permissions import IsLead
from project import strict_fields as strict
from suggest import privacy


class CustomerSerializer(strict.Serializer):
    customer = strict.CharField(min_length=privacy.MIN_IDENTIFIER, max_length=200,
                                help_text="Handle, display name or e-mail.")


class ExportView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=CustomerSerializer, responses=dict)
    def post(self, request):
        """POST, not GET: the identifier must not end up in access logs."""
        data = CustomerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        export = privacy.export_customer(data.validated_data["customer"], user=request.user)
        response = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="svar-customer-export.json"'
        return response


class EraseView(APIView):
    permission_classes = [IsLead]

    @extend_schema(request=CustomerSerializer, responses=dict)
    def post(self, request):
        data = CustomerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = privacy.erase_customer(data.validated_data["customer"], user=request.user)
        return Response(counts, status=status.HTTP_200_OK)


class AuditEventSerializer(strict.ModelSerializer):
    actor = strict.CharField(source="actor.username", default=None, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "actor", "action", "target_type", "target_id", "detail"]


class AuditLogView(ListAPIView):
    permission_classes = [IsLead]
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.select_related("actor").order_by("-created_at")
