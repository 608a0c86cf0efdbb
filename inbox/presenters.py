"""Conversations as the API, the inbox page and the Chatwoot Dashboard App show them."""

from __future__ import annotations

from django.utils import timezone

from inbox import clock
from inbox.connectors.meta import DM_CHANNELS, MESSAGING_WINDOW
from inbox.models import Conversation, Message


def summary(c: Conversation, now=None) -> dict:
    now = now or timezone.now()
    waited = clock.waited(c, now)
    return {
        "id": c.pk, "channel": c.channel, "public": c.public, "status": c.status,
        "customer": {"handle": c.customer_handle, "name": c.customer_name},
        "assignee": c.assignee.get_username() if c.assignee_id else None,
        "team": c.team.slug if c.team_id else None, "flagged": c.flagged,
        "waiting_since": c.waiting_since.isoformat() if c.waiting_since else None,
        "waiting_seconds": int(waited.total_seconds()) if waited is not None else None,
        "over_target": bool(waited and waited > clock.target()),
        "first_response_at": c.first_response_at.isoformat() if c.first_response_at else None,
        "last_response_at": c.last_response_at.isoformat() if c.last_response_at else None,
    }


def can_reply(c: Conversation, now=None) -> bool:
    """Messenger and Instagram DMs: only within 24 hours of the customer's last message."""
    if c.connector != "meta" or c.channel not in DM_CHANNELS:
        return True
    last = c.last_customer_message_at
    return bool(last and (now or timezone.now()) - last <= MESSAGING_WINDOW)


def message_json(m: Message) -> dict:
    return {"id": m.pk, "direction": m.direction, "text": m.text, "author": m.author_name,
            "sent_at": m.sent_at.isoformat(), "flagged": m.flagged,
            "hidden": m.hidden_at is not None, "suggestion": m.suggestion_id}


def detail(c: Conversation) -> dict:
    messages = list(c.messages.select_related("suggestion").order_by("sent_at", "pk"))
    latest = next((m for m in reversed(messages) if m.direction == Message.Direction.IN), None)
    suggestion = latest.suggestion if latest else None
    return summary(c) | {
        "can_reply": can_reply(c),
        "messages": [message_json(m) for m in messages],
        "drafts_ready": suggestion is not None,
        "suggestion": suggestion.pk if suggestion else None,
        "drafts": suggestion.drafts if suggestion else [],
        "replies": [{"id": r.pk, "state": r.state, "kind": r.kind, "error": r.error}
                    for r in c.replies.order_by("-created_at")[:5]],
    }
