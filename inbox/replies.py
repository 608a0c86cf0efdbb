"""Replies out: the agent sends a draft (feedback recorded as on the agent page), the worker
delivers it through the connector with retries, and the clock stops when it is out."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from inbox import clock
from inbox.connectors import get as connector
from inbox.connectors.base import DeliveryError, NotSupported
from inbox.errors import FieldError
from inbox.models import Conversation, Message, Reply
from suggest import service as suggest_service
from suggest.models import Feedback
from text.personal_data import redact

# Back-off between delivery attempts (seconds): doubled each time, capped.
BACKOFF_BASE, BACKOFF_CAP = 5.0, 900.0


class SendRefused(FieldError):
    """Refused by the inbox (400 with the field's message)."""


def latest_incoming(conversation: Conversation) -> Message | None:
    return conversation.messages.filter(direction=Message.Direction.IN).order_by(
        "-sent_at", "-pk").first()


def send(conversation: Conversation, *, agent, text: str, draft_index: int | None = None,
         message: Message | None = None, kind: str = Reply.Kind.PUBLIC) -> Reply:
    """Queue one reply to the conversation's latest customer message (or `message`)."""
    # Browsers submit a textarea's line breaks as CRLF; the drafts have LF.
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise SendRefused("text", "The reply is empty.")
    if kind not in Reply.Kind.values:
        raise SendRefused("kind", f"One of {', '.join(Reply.Kind.values)}.")
    if kind == Reply.Kind.PRIVATE and not conversation.public:
        raise SendRefused("kind", "A private reply answers a public comment.")
    message = message or latest_incoming(conversation)
    suggestion = message.suggestion if message else None
    if draft_index is not None and (
            suggestion is None or not 0 <= draft_index < len(suggestion.drafts)):
        raise SendRefused("draft", "No such draft for this message.")
    with transaction.atomic():
        if suggestion is not None and draft_index is not None and not suggestion.feedback.filter(
                action__in=[Feedback.Action.SENT, Feedback.Action.SENT_EDITED]).exists():
            edited = text != suggestion.drafts[draft_index]["text"].strip()
            suggest_service.record_feedback(
                suggestion, agent=agent, draft_index=draft_index, final_text=text,
                action=Feedback.Action.SENT_EDITED if edited else Feedback.Action.SENT)
        reply = Reply.objects.create(conversation=conversation, in_reply_to=message, kind=kind,
                                     text=text, agent=agent)
        if conversation.assignee_id is None:
            Conversation.objects.filter(pk=conversation.pk).update(assignee=agent)
        from inbox.tasks import deliver_reply

        transaction.on_commit(lambda: deliver_reply.delay(reply.pk))
    return reply


def backoff(attempt: int, retry_after: float | None) -> float:
    """Seconds before the next attempt: never sooner than the platform asked."""
    return max(retry_after or 0.0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempt - 1)))


def deliver(reply_id: int, *, last_attempt: bool) -> float | None:
    """One delivery attempt. Returns seconds to wait before retrying, or None when done
    (sent, or failed for good). Idempotent: a sent reply is never sent again."""
    with transaction.atomic():
        reply = Reply.objects.select_for_update(of=("self",)).select_related(
            "conversation", "in_reply_to").get(pk=reply_id)
        if reply.state != Reply.State.QUEUED:
            return None
        reply.attempts += 1
        conversation = reply.conversation
        try:
            sent = connector(conversation.connector).send_reply(conversation, reply,
                                                                reply.in_reply_to)
        except DeliveryError as exc:
            reply.error = str(exc)[:1000]
            if exc.transient and not last_attempt:
                reply.save(update_fields=["attempts", "error"])
                return backoff(reply.attempts, exc.retry_after)
            reply.state = Reply.State.FAILED
            reply.save(update_fields=["attempts", "error", "state"])
            return None
        except NotSupported as exc:
            reply.error, reply.state = str(exc), Reply.State.FAILED
            reply.save(update_fields=["attempts", "error", "state"])
            return None
        now = timezone.now()
        reply.state, reply.sent_at, reply.error = Reply.State.SENT, now, ""
        reply.external_id = sent.external_id
        reply.text = redact(reply.text)  # kept only as the redacted record from now on
        reply.save()
        if reply.kind == Reply.Kind.NOTE:
            return None  # a note for the agents is not an answer to the customer
        Message.objects.get_or_create(
            channel=conversation.channel,
            external_id=sent.external_id or f"svar-reply-{reply.pk}",
            defaults={"conversation": conversation, "direction": Message.Direction.OUT,
                      "text": reply.text, "agent": reply.agent, "sent_at": now,
                      "author_name": getattr(reply.agent, "first_name", "") or ""})
        clock.replied(Conversation.objects.select_for_update().get(pk=conversation.pk), now)
    return None


def hide(message: Message, *, agent=None) -> None:
    """Hide a public comment on the platform (never delete); raises DeliveryError /
    NotSupported for the caller to show."""
    connector(message.conversation.connector).hide(message)
    Message.objects.filter(pk=message.pk).update(hidden_at=timezone.now())
