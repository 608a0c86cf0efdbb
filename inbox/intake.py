"""Messages in: stored redacted at once, recorded once per platform id, handed to the worker.

The webhook view calls `record` and answers; the suggestion, routing and moderation run in
`inbox.tasks.process_message` after the transaction commits."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Greatest, Now

from inbox.connectors.base import Incoming
from inbox.models import Conversation, Message
from text.personal_data import redact

logger = logging.getLogger(__name__)


def record(connector: str, incoming: list[Incoming]) -> list[int]:
    """Store the messages; returns the ids of those not seen before (duplicates: none)."""
    new_ids = []
    for item in incoming:
        with transaction.atomic():
            message = _record_one(connector, item)
            if message is not None:
                new_ids.append(message.pk)
                transaction.on_commit(lambda pk=message.pk: hand_over(pk))
    return new_ids


def hand_over(message_id: int) -> None:
    """Queue the drafting. With the broker down the message is stored all the same and the
    webhook still answers; inbox.tasks.resume_pending queues it once the broker is back."""
    from inbox.tasks import process_message

    try:
        process_message.delay(message_id)
    except Exception:  # noqa: BLE001 - any broker failure; the message is safe in the DB
        logger.warning("broker unavailable: message %s waits for resume_pending", message_id,
                       exc_info=True)


def _record_one(connector: str, item: Incoming) -> Message | None:
    conversation, _ = Conversation.objects.get_or_create(
        channel=item.channel, account_id=item.account_id, external_thread_id=item.thread_id,
        defaults={"connector": connector, "public": item.public,
                  "customer_handle": item.author_handle, "customer_name": item.author_name,
                  "created_at": item.sent_at})
    message, created = Message.objects.get_or_create(
        channel=item.channel, external_id=item.external_id,
        defaults={"conversation": conversation, "direction": Message.Direction.IN,
                  "text": redact(item.text), "author_handle": item.author_handle,
                  "author_name": item.author_name, "sent_at": item.sent_at})
    if not created:
        return None
    # One UPDATE, computed by the database, so concurrent deliveries to one thread agree.
    at = Value(item.sent_at)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_customer_message_at=Greatest(Coalesce("last_customer_message_at", at), at),
        waiting_since=Coalesce("waiting_since", at),
        customer_name=Case(When(customer_name="", then=Value(item.author_name)),
                           default=F("customer_name")),
        status=Case(When(status=Conversation.Status.NEW, then=Value(Conversation.Status.NEW)),
                    default=Value(Conversation.Status.WAITING_ON_US)),
        updated_at=Now())
    return message
