"""The inbox API: webhooks in (Meta, X, Chatwoot, e-mail, the signed webhook) and the conversations.

Webhooks authenticate the delivery, store the messages (redacted) and answer at once; the
worker computes the drafts (inbox.tasks)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from inbox import actions, intake, presenters, queues, replies
from inbox.connectors import get as connector
from inbox.connectors.base import BadPayload, BadSignature, DeliveryError, NotSupported
from inbox.connectors.meta import verify_handshake
from inbox.connectors.x import crc_response
from inbox.errors import FieldError
from inbox.models import Message
from inbox.serializers import (
    AssignSerializer,
    SendSerializer,
    SignedMessageSerializer,
    StatusSerializer,
    WebhookAnswerSerializer,
)
from kb.permissions import IsAgent


def _receive(name: str, request) -> Response:
    try:
        incoming = connector(name).receive(request.body, request.headers)
    except BadSignature:
        return Response({"detail": "Signature missing, wrong or too old."},
                        status=status.HTTP_403_FORBIDDEN)
    except BadPayload as exc:
        return _refused(exc)
    new = intake.receive(name, incoming)
    return Response({"received": len(incoming), "new": len(new)})


class WebhookView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []


class SignedWebhookView(WebhookView):
    @extend_schema(
        summary="Generic signed webhook: messages from any inbox or channel",
        description=(
            "Headers: `X-Svar-Timestamp` (Unix seconds) and `X-Svar-Signature: sha256=<hex "
            "HMAC-SHA256 of \"<timestamp>.\" + the raw body, keyed with "
            "SVAR_SIGNED_WEBHOOK_SECRET>`. Deliveries older than SVAR_WEBHOOK_MAX_AGE_SECONDS "
            "are refused (403). Body: one message, or `{\"messages\": [...]}` (up to 100). "
            "Replies go back signed the same way to SVAR_SIGNED_WEBHOOK_OUT_URL as "
            "`{\"type\": \"reply\", \"reply_id\", \"source\", \"thread\", \"channel\", "
            "\"in_reply_to\", \"private\", \"text\"}` (answer `{\"id\"}`), hiding as "
            "`{\"type\": \"hide\", \"source\", \"thread\", \"message\"}`."),
        request=SignedMessageSerializer, responses={200: WebhookAnswerSerializer},
        parameters=[OpenApiParameter("X-Svar-Timestamp", str, OpenApiParameter.HEADER,
                                     required=True),
                    OpenApiParameter("X-Svar-Signature", str, OpenApiParameter.HEADER,
                                     required=True)])
    def post(self, request):
        return _receive("signed", request)


class MetaWebhookView(WebhookView):
    @extend_schema(summary="Meta webhook verification handshake",
                   parameters=[OpenApiParameter("hub.mode", str), OpenApiParameter(
                       "hub.verify_token", str), OpenApiParameter("hub.challenge", str)],
                   responses={200: OpenApiTypes.STR, 403: OpenApiTypes.OBJECT})
    def get(self, request):
        challenge = verify_handshake(request.GET)
        if challenge is None:
            return Response({"detail": "Verify token does not match."},
                            status=status.HTTP_403_FORBIDDEN)
        return HttpResponse(challenge, content_type="text/plain")

    @extend_schema(summary="Meta webhook (Page feed, Messenger, Instagram comments and DMs), "
                   "signed with X-Hub-Signature-256", request=OpenApiTypes.OBJECT,
                   responses={200: WebhookAnswerSerializer})
    def post(self, request):
        return _receive("meta", request)


class XWebhookView(WebhookView):
    @extend_schema(summary="X Account Activity API challenge-response check (CRC)",
                   parameters=[OpenApiParameter("crc_token", str, required=True,
                                                 pattern=r"^[^\x00]+$", allow_blank=False)],
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def get(self, request):
        token = request.GET.get("crc_token", "")
        if not token:
            return Response({"crc_token": ["Required."]}, status=status.HTTP_400_BAD_REQUEST)
        answer = crc_response(token)
        if answer is None:
            return Response({"detail": "SVAR_X_CONSUMER_SECRET is not set."},
                            status=status.HTTP_403_FORBIDDEN)
        return Response(answer)

    @extend_schema(summary="X Account Activity API webhook (posts, mentions, replies, direct "
                   "messages), signed with x-twitter-webhooks-signature",
                   request=OpenApiTypes.OBJECT, responses={200: WebhookAnswerSerializer})
    def post(self, request):
        return _receive("x", request)


def _token_matches(token: str, expected: str) -> bool:
    """Webhooks whose platform does not sign: the URL's secret is the authentication."""
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


class ChatwootWebhookView(WebhookView):
    @extend_schema(summary="Chatwoot Agent Bot webhook (message_created); the URL holds "
                   "SVAR_CHATWOOT_WEBHOOK_TOKEN", request=OpenApiTypes.OBJECT,
                   responses={200: WebhookAnswerSerializer})
    def post(self, request, token):
        if not _token_matches(token, settings.SVAR_CHATWOOT_WEBHOOK_TOKEN):
            return Response({"detail": "Unknown webhook."}, status=status.HTTP_403_FORBIDDEN)
        return _receive("chatwoot", request)


class EmailWebhookView(WebhookView):
    @extend_schema(summary="Postmark inbound e-mail webhook; the URL holds "
                   "SVAR_EMAIL_WEBHOOK_TOKEN", request=OpenApiTypes.OBJECT,
                   responses={200: WebhookAnswerSerializer})
    def post(self, request, token):
        if not _token_matches(token, settings.SVAR_EMAIL_WEBHOOK_TOKEN):
            return Response({"detail": "Unknown webhook."}, status=status.HTTP_403_FORBIDDEN)
        return _receive("email", request)


def _conversation(request, pk):
    return get_object_or_404(queues.visible_to(request.user), pk=pk)


def _refused(exc: FieldError) -> Response:
    return Response({exc.field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)


class ConversationListView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(operation_id="inbox_conversations_list", parameters=[
        OpenApiParameter("status", str, enum=list(queues.QUEUES)),
        OpenApiParameter("team", str, description="team slug, or none"),
        OpenApiParameter("channel", str), OpenApiParameter(
            "mine", bool, description="true: only the conversations assigned to me"),
        OpenApiParameter("connector", str), OpenApiParameter(
            "thread", str, description="the platform's thread id (Chatwoot: conversation id)"),
        OpenApiParameter("account", str)],
        responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if request.GET.get("mine", "false") not in ("true", "false"):
            return Response({"mine": ["true or false."]}, status=status.HTTP_400_BAD_REQUEST)
        status_name = request.GET.get("status", "waiting")
        if status_name not in queues.QUEUES:
            return Response({"status": [f"One of {', '.join(queues.QUEUES)}."]},
                            status=status.HTTP_400_BAD_REQUEST)
        qs = queues.queue(request.user, status=status_name, team=request.GET.get("team", ""),
                          channel=request.GET.get("channel", ""),
                          mine=request.GET.get("mine") == "true")
        for param, field in (("connector", "connector"), ("thread", "external_thread_id"),
                             ("account", "account_id")):
            if request.GET.get(param):
                qs = qs.filter(**{field: request.GET[param]})
        limit = 200
        return Response({"counts": queues.counts(request.user),
                         "results": [presenters.summary(c) for c in qs[:limit]]})


class ConversationDetailView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        return Response(presenters.detail(_conversation(request, pk)))


class SendView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=SendSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        conversation = _conversation(request, pk)
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            reply = replies.send(conversation, agent=request.user, text=v["text"],
                                 draft_index=v.get("draft"), kind=v["kind"])
        except replies.SendRefused as exc:
            return _refused(exc)
        return Response({"reply": reply.pk, "state": reply.state},
                        status=status.HTTP_202_ACCEPTED)


class AssignView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=AssignSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        conversation = _conversation(request, pk)
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data:
            return Response({"assignee": ["Give an assignee or a team."]},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            actions.assign(conversation, assignee_id=data.validated_data.get("assignee"),
                           team_slug=data.validated_data.get("team"))
        except actions.ActionRefused as exc:
            return _refused(exc)
        return Response(presenters.summary(conversation))


class StatusView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=StatusSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        conversation = _conversation(request, pk)
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.set_status(conversation, data.validated_data["status"])
        return Response(presenters.summary(conversation))


class HideView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        message = get_object_or_404(Message.objects.filter(
            conversation__in=queues.visible_to(request.user)), pk=pk)
        try:
            replies.hide(message, agent=request.user)
        except (DeliveryError, NotSupported) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"hidden": True})
