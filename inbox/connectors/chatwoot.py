"""Chatwoot, for teams that keep their inbox: an Agent Bot posts Svar's best draft as a
private note in the conversation; the Dashboard App page (inbox/views.py) shows all drafts
inside Chatwoot's conversation view.

In: the Agent Bot's `message_created` webhook (the message's `webhook_data` merged with
`event`), at a URL holding SVAR_CHATWOOT_WEBHOOK_TOKEN: Chatwoot posts it unsigned, with a
5-second timeout (its lib/webhooks/trigger.rb), so the URL's secret is the authentication.
Out: POST /api/v1/accounts/{account}/conversations/{id}/messages with the `api_access_token`
header (SVAR_CHATWOOT_API_TOKEN, the bot's or an agent's token)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

from inbox.connectors import http
from inbox.connectors.base import BadPayload, Incoming, NotSupported, Sent, parse_json

# Chatwoot inbox channel types (conversation.channel) → Svar's channels.
CHANNELS = {
    "Channel::FacebookPage": "facebook_message",
    "Channel::Instagram": "instagram_dm",
    "Channel::TwitterProfile": "x_dm",
    "Channel::Email": "email",
}


def _when(value) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(UTC)


def parse(data) -> list[Incoming]:
    if not isinstance(data, dict):
        raise BadPayload("body", "must be a JSON object.")
    if data.get("event") != "message_created":
        return []
    if data.get("message_type") not in ("incoming", 0) or data.get("private"):
        return []  # our own notes and the agents' replies come back too
    conversation, account = data.get("conversation"), data.get("account")
    if not isinstance(conversation, dict) or conversation.get("id") in (None, ""):
        raise BadPayload("conversation", "the conversation with its id is required.")
    if not isinstance(account, dict) or account.get("id") in (None, ""):
        raise BadPayload("account", "the account with its id is required.")
    if data.get("id") in (None, ""):
        raise BadPayload("id", "the message id is required.")
    contact = data.get("sender") or data.get("contact") or \
        (conversation.get("meta") or {}).get("sender") or {}
    if not isinstance(contact, dict):
        contact = {}
    return [Incoming(
        channel=CHANNELS.get(str(conversation.get("channel", "")), "chat"), public=False,
        account_id=str(account["id"]), thread_id=str(conversation["id"]),
        external_id=str(data["id"]), text=str(data.get("content") or "")[:5000],
        author_handle=str(contact.get("id", "")), author_name=str(contact.get("name", ""))[:200],
        sent_at=_when(data.get("created_at")))]


class ChatwootConnector:
    name = "chatwoot"

    def receive(self, body: bytes, headers) -> list[Incoming]:
        data = parse_json(body)
        return parse(data)

    def post_message(self, account_id: str, conversation_id: str, text: str, *,
                     private: bool) -> Sent:
        if not settings.SVAR_CHATWOOT_URL or not settings.SVAR_CHATWOOT_API_TOKEN:
            raise NotSupported("SVAR_CHATWOOT_URL and SVAR_CHATWOOT_API_TOKEN are not set")
        url = (f"{settings.SVAR_CHATWOOT_URL}/api/v1/accounts/{account_id}/conversations/"
               f"{conversation_id}/messages")
        answer = http.call("POST", url, headers={
            "api_access_token": settings.SVAR_CHATWOOT_API_TOKEN},
            json={"content": text, "message_type": "outgoing", "private": private}).json()
        return Sent(str(answer.get("id", "")))

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        return self.post_message(conversation.account_id, conversation.external_thread_id,
                                 reply.text, private=reply.kind == reply.Kind.NOTE)

    def hide(self, message) -> None:
        raise NotSupported("Chatwoot conversations are private; nothing to hide")
