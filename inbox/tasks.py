"""The inbox's worker tasks. Each is idempotent and acknowledged late (settings), so a
worker killed mid-task hands it to the next worker and nothing is lost or done twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from inbox import chorus, intake, moderation, replies, retention, routing
from inbox.models import Conversation, Delivery, Message, Reply
from suggest import service as suggest_service

HISTORY_TURNS = 4
MAX_DELIVERY_ATTEMPTS = 8


@shared_task(name="inbox.tasks.record_delivery", acks_late=True)
def record_delivery(delivery_id: int) -> int | None:
    """File one webhook delivery into its conversation, then draft it (in this task: a
    second hop through the broker would only add to the wait). Returns the suggestion id.
    Killed after the first commit, the next run finds the message recorded and drafts it."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None
        message = intake.record(delivery)
    return process_message(message.pk)


@shared_task(name="inbox.tasks.process_message", acks_late=True)
def process_message(message_id: int) -> int | None:
    """Drafts for one customer message (the earlier turns as context), then routing and
    moderation. Returns the suggestion id."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.suggestion_id:
            return message.suggestion_id if message else None
        conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
        history = list(conversation.messages.filter(
            direction=Message.Direction.IN, sent_at__lt=message.sent_at).order_by(
            "-sent_at").values_list("text", flat=True)[:HISTORY_TURNS])[::-1]
        outcome = suggest_service.suggest_reply(
            text=message.text, customer_name=conversation.customer_name,
            channel=conversation.channel, public=conversation.public,
            agent=conversation.assignee, history=history or None)
        suggestion = outcome.suggestion
        message.suggestion, message.suggested_at = suggestion, timezone.now()
        message.entry_id = next((d["entry"]["id"] for d in suggestion.drafts
                                 if d.get("entry") and d.get("framing") != "moderation"), None)
        message.flagged = moderation.is_abusive(suggestion)
        message.save(update_fields=["suggestion", "suggested_at", "entry_id", "flagged"])
        routing.route(conversation, message)
        conversation.flagged = conversation.flagged or message.flagged
        conversation.save(update_fields=["team", "flagged", "updated_at"])
        if conversation.connector == "chatwoot" and suggestion.drafts:
            note = Reply.objects.create(conversation=conversation, in_reply_to=message,
                                        kind=Reply.Kind.NOTE, text=suggestion.drafts[0]["text"])
            transaction.on_commit(lambda: deliver_reply.delay(note.pk))
    return suggestion.pk


@shared_task(name="inbox.tasks.deliver_reply", bind=True, acks_late=True,
             max_retries=MAX_DELIVERY_ATTEMPTS)
def deliver_reply(self, reply_id: int) -> str:
    wait = replies.deliver(reply_id, last_attempt=self.request.retries >= self.max_retries)
    if wait is not None:
        raise self.retry(countdown=wait)
    return Reply.objects.filter(pk=reply_id).values_list("state", flat=True).first() or ""


@shared_task(name="inbox.tasks.resume_pending")
def resume_pending(older_than_seconds: int = 120) -> dict[str, int]:
    """Safety net behind acks_late: anything still waiting for the worker is queued again
    (both tasks are idempotent, so a second copy does nothing)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    deliveries = list(Delivery.objects.filter(message__isnull=True, received_at__lt=cutoff)
                      .values_list("pk", flat=True)[:500])
    for pk in deliveries:
        record_delivery.delay(pk)
    messages = list(Message.objects.filter(direction=Message.Direction.IN,
                                           suggestion__isnull=True, received_at__lt=cutoff)
                    .values_list("pk", flat=True)[:500])
    for pk in messages:
        process_message.delay(pk)
    queued = list(Reply.objects.filter(state=Reply.State.QUEUED, created_at__lt=cutoff,
                                       attempts=0).values_list("pk", flat=True)[:500])
    for pk in queued:
        deliver_reply.delay(pk)
    return {"deliveries": len(deliveries), "messages": len(messages), "replies": len(queued)}


@shared_task(name="inbox.tasks.detect_chorus")
def detect_chorus() -> int:
    return len(chorus.detect())


@shared_task(name="inbox.tasks.purge_expired")
def purge_expired(days: int | None = None) -> dict[str, int]:
    return retention.purge_expired(days)
