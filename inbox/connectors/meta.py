"""Meta: Facebook Page comments and Messenger, Instagram comments and direct messages.

In: the Graph API webhooks (`object` "page" or "instagram"), every POST checked against
`X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret); the GET handshake
answers `hub.challenge` when `hub.verify_token` matches. Out: the Graph API with the Page's
access token (and `appsecret_proof`), from settings only."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from inbox.connectors import http
from inbox.connectors.base import (
    BadPayload,
    BadSignature,
    DeliveryError,
    Incoming,
    NotSupported,
    Sent,
    hmac_sha256,
    parse_json,
    required_secret,
    signature_matches,
)

SIGNATURE = "X-Hub-Signature-256"
# Messenger and Instagram: a standard reply only within 24 hours of the customer's last
# message; a private reply to a comment only within 7 days of the comment.
MESSAGING_WINDOW = timedelta(hours=24)
PRIVATE_REPLY_WINDOW = timedelta(days=7)
DM_CHANNELS = {"facebook_message", "instagram_dm"}


def verify_handshake(params) -> str | None:
    """The challenge to echo back, or None when the subscription request is not ours."""
    token = settings.SVAR_META_VERIFY_TOKEN
    given = params.get("hub.verify_token") or ""
    if (params.get("hub.mode") == "subscribe" and token
            and hmac.compare_digest(given.encode(), token.encode())):
        return params.get("hub.challenge") or ""
    return None


def _when(value, *, millis: bool) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000 if millis else value, tz=UTC)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("+0000", "+00:00"))
        except ValueError:
            pass
    return datetime.now(UTC)


def _messaging(event: dict, *, account: str, channel: str) -> Incoming | None:
    message = event.get("message")
    if not isinstance(message, dict) or message.get("is_echo") or not message.get("mid"):
        return None  # deliveries, reads, echoes of our own sends
    text = message.get("text") or ""
    if not text and message.get("attachments"):
        text = "[attachment]"
    sender = (event.get("sender") or {}).get("id")
    if not sender or sender == account:
        return None
    return Incoming(channel=channel, public=False, account_id=account, thread_id=str(sender),
                    external_id=str(message["mid"]), text=str(text)[:5000],
                    author_handle=str(sender), author_name="",
                    sent_at=_when(event.get("timestamp"), millis=True))


def _feed_comment(value: dict, *, account: str) -> Incoming | None:
    if value.get("item") != "comment" or value.get("verb") != "add":
        return None  # likes, edits, removals, posts
    author = value.get("from") or {}
    if not value.get("comment_id") or str(author.get("id", "")) == account:
        return None  # the Page's own comments (our replies) come back too
    post = str(value.get("post_id") or value.get("parent_id") or "")
    return Incoming(channel="facebook_comment", public=True, account_id=account,
                    thread_id=f"{post}:{author.get('id', '')}",
                    external_id=str(value["comment_id"]),
                    text=str(value.get("message") or "")[:5000],
                    author_handle=str(author.get("id", "")),
                    author_name=str(author.get("name", ""))[:200],
                    sent_at=_when(value.get("created_time"), millis=False))


def _instagram_comment(value: dict, *, account: str) -> Incoming | None:
    author = value.get("from") or {}
    if not value.get("id") or str(author.get("id", "")) == account:
        return None
    media = (value.get("media") or {}).get("id", "")
    return Incoming(channel="instagram_comment", public=True, account_id=account,
                    thread_id=f"{media}:{author.get('id', '')}", external_id=str(value["id"]),
                    text=str(value.get("text") or "")[:5000],
                    author_handle=str(author.get("id", "")),
                    author_name=str(author.get("username", ""))[:200],
                    sent_at=datetime.now(UTC))


def parse(data) -> list[Incoming]:
    if not isinstance(data, dict) or data.get("object") not in ("page", "instagram"):
        raise BadPayload("object", "must be \"page\" or \"instagram\".")
    if not isinstance(data.get("entry"), list):
        raise BadPayload("entry", "must be a list.")
    instagram = data["object"] == "instagram"
    out: list[Incoming] = []
    for entry in data["entry"]:
        if not isinstance(entry, dict):
            raise BadPayload("entry", "each entry must be an object.")
        account = str(entry.get("id", ""))
        for event in entry.get("messaging") or []:
            if isinstance(event, dict):
                found = _messaging(event, account=account,
                                   channel="instagram_dm" if instagram else "facebook_message")
                if found:
                    out.append(found)
        for change in entry.get("changes") or []:
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                continue
            if change.get("field") == "feed" and not instagram:
                found = _feed_comment(change["value"], account=account)
            elif change.get("field") == "comments" and instagram:
                found = _instagram_comment(change["value"], account=account)
            else:
                found = None
            if found:
                out.append(found)
    return out


class MetaConnector:
    name = "meta"

    def receive(self, body: bytes, headers) -> list[Incoming]:
        secret = required_secret("SVAR_META_APP_SECRET")
        if not signature_matches(secret, body, headers.get(SIGNATURE) or ""):
            raise BadSignature("X-Hub-Signature-256 does not match")
        return parse(parse_json(body))

    def _auth(self, account: str) -> dict:
        token = settings.SVAR_META_PAGE_TOKENS.get(account)
        if not token:
            raise DeliveryError(f"no access token for account {account} in "
                                "SVAR_META_PAGE_TOKENS")
        params = {"access_token": token}
        if settings.SVAR_META_APP_SECRET:
            params["appsecret_proof"] = hmac_sha256(settings.SVAR_META_APP_SECRET, token.encode())
        return params

    def _url(self, node: str) -> str:
        return f"{settings.SVAR_META_GRAPH_URL.rstrip('/')}/{node}"

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        account, now = conversation.account_id, timezone.now()
        auth = self._auth(account)
        if conversation.channel in DM_CHANNELS:
            last = conversation.last_customer_message_at
            if last is None or now - last > MESSAGING_WINDOW:
                raise DeliveryError("outside the 24-hour messaging window: the customer has "
                                    "to write first")
            body = {"recipient": {"id": conversation.customer_handle},
                    "message": {"text": reply.text}}
            if conversation.channel == "facebook_message":
                body["messaging_type"] = "RESPONSE"
            answer = http.call("POST", self._url(f"{account}/messages"), params=auth,
                               json=body).json()
            return Sent(str(answer.get("message_id", "")))
        if in_reply_to is None:
            raise DeliveryError("a comment reply needs the comment it answers")
        if reply.kind == reply.Kind.PRIVATE:
            if now - in_reply_to.sent_at > PRIVATE_REPLY_WINDOW:
                raise DeliveryError("a private reply is only possible within 7 days of the "
                                    "comment")
            body = {"recipient": {"comment_id": in_reply_to.external_id},
                    "message": {"text": reply.text}}
            answer = http.call("POST", self._url(f"{account}/messages"), params=auth,
                               json=body).json()
            return Sent(str(answer.get("message_id", "")))
        edge = "replies" if conversation.channel == "instagram_comment" else "comments"
        answer = http.call("POST", self._url(f"{in_reply_to.external_id}/{edge}"),
                           params=auth, data={"message": reply.text}).json()
        return Sent(str(answer.get("id", "")))

    def hide(self, message) -> None:
        channel = message.conversation.channel
        if channel not in ("facebook_comment", "instagram_comment"):
            raise NotSupported("only comments can be hidden")
        field = "hide" if channel == "instagram_comment" else "is_hidden"
        http.call("POST", self._url(message.external_id),
                  params=self._auth(message.conversation.account_id), data={field: "true"})
