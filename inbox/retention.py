"""Retention for the inbox, as for suggestions: after settings.SVAR_RETENTION_DAYS the
messages' text, the authors and the replies' text are removed, and a conversation with no
newer message loses its customer's handle and name. Rows stay for the response statistics."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inbox.models import Conversation, Message, Reply


@transaction.atomic
def purge_expired(days: int | None = None, *, now=None) -> dict[str, int]:
    days = settings.SVAR_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    messages = Message.objects.filter(sent_at__lt=cutoff).exclude(
        text="", author_handle="", author_name="").update(text="", author_handle="",
                                                          author_name="")
    replies = Reply.objects.filter(created_at__lt=cutoff).exclude(text="").update(text="")
    stale = (Conversation.objects.annotate(last=Max("messages__sent_at"))
             .filter(last__lt=cutoff).exclude(customer_handle="", customer_name="")
             .values_list("pk", flat=True))
    conversations = Conversation.objects.filter(pk__in=list(stale)).update(
        customer_handle="", customer_name="")
    return {"messages": messages, "replies": replies, "conversations": conversations}
