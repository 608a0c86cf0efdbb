"""The generic signed webhook, for any inbox or channel Svar has no connector for.

Both directions carry `X-Svar-Timestamp` (Unix seconds) and `X-Svar-Signature:
sha256=<hex HMAC-SHA256 of "<timestamp>." + raw body>` with SVAR_SIGNED_WEBHOOK_SECRET.
A delivery older than SVAR_WEBHOOK_MAX_AGE_SECONDS (or from the future) is refused, so a
captured request cannot be replayed later; within the window the message id makes a replay
a duplicate, recorded once. The format is in README.md and the OpenAPI schema."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from django.conf import settings
from django.utils.dateparse import parse_datetime

from inbox.connectors import http
from inbox.connectors.base import (
    BadPayload,
    BadSignature,
    Incoming,
    NotSupported,
    Sent,
    hmac_sha256,
    parse_json,
    required_secret,
    signature_matches,
)
from suggest.models import CHANNELS

CHANNEL_NAMES = {c for c, _ in CHANNELS}
TIMESTAMP = "X-Svar-Timestamp"
SIGNATURE = "X-Svar-Signature"


def sign(body: bytes, *, secret: str | None = None, timestamp: int | None = None) -> dict:
    """The headers of a signed delivery (Svar's outgoing calls, and clients' own)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    secret = settings.SVAR_SIGNED_WEBHOOK_SECRET if secret is None else secret
    return {TIMESTAMP: ts, SIGNATURE: "sha256=" + hmac_sha256(secret, ts.encode() + b"." + body)}


def verify(body: bytes, headers, *, secret: str) -> None:
    ts = (headers.get(TIMESTAMP) or "").strip()
    if not ts.isdigit():
        raise BadSignature(f"{TIMESTAMP} missing")
    if abs(time.time() - int(ts)) > settings.SVAR_WEBHOOK_MAX_AGE_SECONDS:
        raise BadSignature("stale timestamp")
    if not signature_matches(secret, ts.encode() + b"." + body, headers.get(SIGNATURE) or ""):
        raise BadSignature("signature does not match")


def _text(data: dict, field: str, *, required: bool = True, limit: int = 255) -> str:
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise BadPayload(field, "must be a string.")
    value = str(value).strip()
    if required and not value:
        raise BadPayload(field, "is required.")
    if len(value) > limit:
        raise BadPayload(field, f"at most {limit} characters.")
    return value


def parse_message(data) -> Incoming:
    if not isinstance(data, dict):
        raise BadPayload("message", "must be an object.")
    channel = _text(data, "channel")
    if channel not in CHANNEL_NAMES:
        raise BadPayload("channel", f"one of {', '.join(sorted(CHANNEL_NAMES))}.")
    public = data.get("public", False)
    if not isinstance(public, bool):
        raise BadPayload("public", "must be true or false.")
    author = data.get("author") or {}
    if not isinstance(author, dict):
        raise BadPayload("author", "must be an object with handle and name.")
    sent_at = datetime.now(UTC)
    if data.get("sent_at"):
        parsed = parse_datetime(str(data["sent_at"]))
        if parsed is None or parsed.tzinfo is None:
            raise BadPayload("sent_at", "an ISO 8601 time with a time zone.")
        sent_at = parsed
    return Incoming(channel=channel, public=public, account_id=_text(data, "source",
                    required=False, limit=100) or "signed",
                    thread_id=_text(data, "thread"), external_id=_text(data, "id"),
                    text=_text(data, "text", limit=5000),
                    author_handle=_text(author, "handle", required=False),
                    author_name=_text(author, "name", required=False, limit=200),
                    sent_at=sent_at)


class SignedConnector:
    name = "signed"

    def receive(self, body: bytes, headers) -> list[Incoming]:
        secret = required_secret("SVAR_SIGNED_WEBHOOK_SECRET")
        verify(body, headers, secret=secret)
        data = parse_json(body)
        if isinstance(data, dict) and "messages" in data:
            items = data["messages"]
            if not isinstance(items, list) or not 0 < len(items) <= 100:
                raise BadPayload("messages", "a list of 1 to 100 messages.")
            return [parse_message(m) for m in items]
        return [parse_message(data)]

    def _post(self, payload: dict) -> dict:
        url = settings.SVAR_SIGNED_WEBHOOK_OUT_URL
        if not url:
            raise NotSupported("SVAR_SIGNED_WEBHOOK_OUT_URL is not set")
        body = json.dumps(payload, separators=(",", ":")).encode()
        response = http.call("POST", url, data=body, headers={
            "Content-Type": "application/json", **sign(body)})
        try:
            return response.json() if response.content else {}
        except ValueError:
            return {}

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        answer = self._post({
            "type": "reply", "reply_id": reply.pk, "source": conversation.account_id,
            "thread": conversation.external_thread_id, "channel": conversation.channel,
            "in_reply_to": in_reply_to.external_id if in_reply_to else None,
            "private": reply.kind != reply.Kind.PUBLIC, "text": reply.text,
        })
        return Sent(str(answer.get("id") or f"svar-reply-{reply.pk}"))

    def hide(self, message) -> None:
        self._post({"type": "hide", "source": message.conversation.account_id,
                    "thread": message.conversation.external_thread_id,
                    "message": message.external_id})
