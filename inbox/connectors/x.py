"""X (Twitter): public mentions and replies, and direct messages, of the subscribed accounts.

In: the Account Activity API webhook. X checks the URL with a CRC (a GET with `crc_token`,
answered with `{"response_token": "sha256=<base64 HMAC-SHA256 of the token keyed with the
app's consumer secret>"}`) and signs every POST with `x-twitter-webhooks-signature` (the
same HMAC of the raw body). Out: the v2 API with the subscribed account's OAuth 2.0 user
token (settings.SVAR_X_ACCESS_TOKENS): a reply is a post in reply to the customer's post, a
private answer a direct message, and hiding is X's "hide reply" (only replies to the
account's own posts can be hidden)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import UTC, datetime

from django.conf import settings

from inbox.connectors import http
from inbox.connectors.base import (
    BadPayload,
    BadSignature,
    DeliveryError,
    Incoming,
    NotSupported,
    Sent,
    parse_json,
    required_secret,
)

SIGNATURE = "x-twitter-webhooks-signature"
LEADING_MENTIONS = re.compile(r"^(?:@\w{1,15}\s+)+")


def _digest(secret: str, payload: bytes) -> str:
    return "sha256=" + base64.b64encode(
        hmac.new(secret.encode(), payload, hashlib.sha256).digest()).decode()


def crc_response(crc_token: str) -> dict | None:
    """The answer to X's challenge-response check, or None without a consumer secret."""
    secret = settings.SVAR_X_CONSUMER_SECRET
    if not secret:
        return None
    return {"response_token": _digest(secret, crc_token.encode())}


def _when(tweet: dict) -> datetime:
    ms = str(tweet.get("timestamp_ms") or tweet.get("created_timestamp") or "")
    if ms.isdigit():
        return datetime.fromtimestamp(int(ms) / 1000, tz=UTC)
    try:
        return datetime.strptime(str(tweet.get("created_at", "")), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return datetime.now(UTC)


def _tweet(tweet: dict, *, account: str) -> Incoming | None:
    user = tweet.get("user") or {}
    author = str(user.get("id_str") or user.get("id") or "")
    tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
    if not tweet_id or not author or author == account or "retweeted_status" in tweet:
        return None  # our own posts (and our replies) come back too; retweets ask nothing
    extended = tweet.get("extended_tweet") or {}
    text = str(extended.get("full_text") or tweet.get("text") or "")
    return Incoming(channel="x_reply", public=True, account_id=account, thread_id=author,
                    external_id=tweet_id, text=LEADING_MENTIONS.sub("", text)[:5000],
                    author_handle=str(user.get("screen_name", ""))[:255],
                    author_name=str(user.get("name", ""))[:200], sent_at=_when(tweet))


def _direct_message(event: dict, users: dict, *, account: str) -> Incoming | None:
    create = event.get("message_create") or {}
    sender = str(create.get("sender_id") or "")
    if event.get("type") != "message_create" or not event.get("id") or not sender \
            or sender == account:
        return None  # messages the account sent (ours, echoed back)
    user = users.get(sender) or {}
    return Incoming(channel="x_dm", public=False, account_id=account, thread_id=sender,
                    external_id=str(event["id"]),
                    text=str((create.get("message_data") or {}).get("text") or "")[:5000],
                    author_handle=str(user.get("screen_name", ""))[:255],
                    author_name=str(user.get("name", ""))[:200], sent_at=_when(event))


def parse(data) -> list[Incoming]:
    if not isinstance(data, dict) or not str(data.get("for_user_id") or "").strip():
        raise BadPayload("for_user_id", "is required (the subscribed account).")
    account = str(data["for_user_id"])
    tweets = data.get("tweet_create_events") or []
    events = data.get("direct_message_events") or []
    if not isinstance(tweets, list) or not isinstance(events, list):
        raise BadPayload("tweet_create_events", "events must be lists.")
    users = data.get("users") if isinstance(data.get("users"), dict) else {}
    found = [_tweet(t, account=account) for t in tweets if isinstance(t, dict)]
    found += [_direct_message(e, users, account=account) for e in events if isinstance(e, dict)]
    return [f for f in found if f is not None]  # likes, follows, typing, reads: nothing


class XConnector:
    name = "x"

    def receive(self, body: bytes, headers) -> list[Incoming]:
        secret = required_secret("SVAR_X_CONSUMER_SECRET")
        given = (headers.get(SIGNATURE) or "").strip()
        if not given or not hmac.compare_digest(_digest(secret, body), given):
            raise BadSignature(f"{SIGNATURE} does not match")
        return parse(parse_json(body))

    def _call(self, method: str, account: str, path: str, payload: dict) -> dict:
        token = settings.SVAR_X_ACCESS_TOKENS.get(account)
        if not token:
            raise DeliveryError(f"no access token for account {account} in "
                                "SVAR_X_ACCESS_TOKENS")
        response = http.call(method, f"{settings.SVAR_X_API_URL}{path}", json=payload,
                             headers={"Authorization": f"Bearer {token}"})
        try:
            return response.json().get("data") or {}
        except (ValueError, AttributeError):
            return {}

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        account = conversation.account_id
        if conversation.channel == "x_dm" or reply.kind == reply.Kind.PRIVATE:
            data = self._call("POST", account, f"/2/dm_conversations/with/"
                              f"{conversation.external_thread_id}/messages",
                              {"text": reply.text})
            return Sent(str(data.get("dm_event_id", "")))
        if in_reply_to is None:
            raise DeliveryError("a reply on X needs the post it answers")
        data = self._call("POST", account, "/2/tweets", {
            "text": reply.text, "reply": {"in_reply_to_tweet_id": in_reply_to.external_id}})
        return Sent(str(data.get("id", "")))

    def hide(self, message) -> None:
        if message.conversation.channel != "x_reply":
            raise NotSupported("only replies can be hidden on X")
        self._call("PUT", message.conversation.account_id,
                   f"/2/tweets/{message.external_id}/hidden", {"hidden": True})
