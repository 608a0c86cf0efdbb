"""Messages in: stored redacted at once, recorded once per platform id, handed to the worker.

The webhook view calls `record` and answers; the suggestion, routing and moderation run in
`inbox.tasks.process_message` after the transaction commits."""

from __future__ import annotations

from django.db import transaction

from inbox.connectors.base import Incoming
from inbox.models import Conversation, Message
from kb.personal_data import redact


def record(connector: str, incoming: list[Incoming]) -> list[int]:
    """Store the messages; returns the ids of those not seen before (duplicates: none)."""
    from inbox.tasks import process_message

    new_ids = []
    for item in incoming:
        with transaction.atomic():
            message = _record_one(connector, item)
            if message is not None:
                new_ids.append(message.pk)
                transaction.on_commit(lambda pk=message.pk: process_message.delay(pk))
    return new_ids


def _record_one(connector: str, item: Incoming) -> Message | None:
    if Message.objects.filter(channel=item.channel, external_id=item.external_id).exists():
        return None
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
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if item.author_name and not conversation.customer_name:
        conversation.customer_name = item.author_name
    last = conversation.last_customer_message_at
    conversation.last_customer_message_at = max(last, item.sent_at) if last else item.sent_at
    if conversation.waiting_since is None:
        conversation.waiting_since = item.sent_at
    if conversation.status != Conversation.Status.NEW:
        conversation.status = Conversation.Status.WAITING_ON_US
    conversation.save()
    return message
