"""Messages in: recorded once per platform id in one statement, handed to the worker.

The webhook view calls `receive` and answers: the messages are redacted and inserted into
inbox_delivery with a single INSERT … ON CONFLICT DO NOTHING (one database round trip; a
redelivery inserts nothing), and one task per new delivery is published. The worker
(inbox.tasks.record_delivery) then files each into its conversation (`record`) and drafts
it. The figures behind this shape are in docs/performance.md."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Greatest, Now
from django.utils import timezone

from inbox.connectors.base import Incoming
from inbox.models import Conversation, Delivery, Message
from text.personal_data import redact

logger = logging.getLogger(__name__)


def _row(connector: str, item: Incoming, received_at: datetime) -> tuple:
    data = {"public": item.public, "account_id": item.account_id, "thread_id": item.thread_id,
            "text": redact(item.text), "author_handle": item.author_handle,
            "author_name": item.author_name, "sent_at": item.sent_at.isoformat(),
            "subject": redact(item.subject)[:300] if item.subject else ""}
    return (connector, item.channel, item.external_id, json.dumps(data), received_at)


def receive(connector: str, incoming: list[Incoming]) -> list[int]:
    """Store the deliveries and queue them; returns the ids of those not seen before
    (duplicates, also within one delivery: none)."""
    if not incoming:
        return []
    now = timezone.now()
    unique = {(i.channel, i.external_id): i for i in incoming}.values()
    rows = [_row(connector, item, now) for item in unique]
    table = Delivery._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    sql = (f"INSERT INTO {table} (connector, channel, external_id, data, received_at) "
           f"VALUES {values} ON CONFLICT (channel, external_id) DO NOTHING RETURNING id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for row in rows for v in row])
        new_ids = [r[0] for r in cursor.fetchall()]
    # Outside a transaction the INSERT has committed already; inside one, wait for it.
    for pk in new_ids:
        transaction.on_commit(lambda pk=pk: hand_over(pk))
    return new_ids


def hand_over(delivery_id: int) -> None:
    """Queue the recording and drafting. With the broker down the delivery is stored all the
    same and the webhook still answers; inbox.tasks.resume_pending queues it later."""
    from inbox.tasks import record_delivery

    try:
        record_delivery.delay(delivery_id)
    except Exception:  # noqa: BLE001 - any broker failure; the delivery is safe in the DB
        logger.warning("broker unavailable: delivery %s waits for resume_pending",
                       delivery_id, exc_info=True)


def record(delivery: Delivery) -> Message:
    """The delivery's Message in its conversation (created on the first message of a
    thread); the clock and status move. Idempotent: a recorded delivery returns its message.
    Runs in the worker, inside its transaction, with the delivery's row locked."""
    if delivery.message_id:
        return delivery.message
    d = delivery.data
    sent_at = datetime.fromisoformat(d["sent_at"])
    conversation, _ = Conversation.objects.get_or_create(
        channel=delivery.channel, account_id=d["account_id"], external_thread_id=d["thread_id"],
        defaults={"connector": delivery.connector, "public": d["public"],
                  "customer_handle": d["author_handle"], "customer_name": d["author_name"],
                  "subject": d.get("subject", ""), "created_at": sent_at})
    message, created = Message.objects.get_or_create(
        channel=delivery.channel, external_id=delivery.external_id,
        defaults={"conversation": conversation, "direction": Message.Direction.IN,
                  "text": d["text"], "author_handle": d["author_handle"],
                  "author_name": d["author_name"], "sent_at": sent_at,
                  "received_at": delivery.received_at})
    if created:
        _customer_wrote(conversation, sent_at, d["author_name"])
    delivery.message, delivery.data = message, {}
    delivery.save(update_fields=["message", "data"])
    return message


def _customer_wrote(conversation: Conversation, at: datetime, name: str) -> None:
    # One UPDATE, computed by the database, so concurrent deliveries to one thread agree.
    at = Value(at)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_customer_message_at=Greatest(Coalesce("last_customer_message_at", at), at),
        waiting_since=Coalesce("waiting_since", at),
        customer_name=Case(When(customer_name="", then=Value(name)),
                           default=F("customer_name")),
        status=Case(When(status=Conversation.Status.NEW, then=Value(Conversation.Status.NEW)),
                    default=Value(Conversation.Status.WAITING_ON_US)),
        updated_at=Now())
