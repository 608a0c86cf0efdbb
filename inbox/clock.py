"""The response clock: who waits and for how long, and the share answered within target.

The share counts as Facebook's responsiveness does: the first customer message of a
conversation per day, over the last 7 days, answered within the brand's target
(SVAR_RESPONSE_TARGET_MINUTES, default 15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from inbox.models import Conversation, Message


def target() -> timedelta:
    return timedelta(minutes=settings.SVAR_RESPONSE_TARGET_MINUTES)


def replied(conversation: Conversation, at: datetime) -> None:
    """A reply reached the customer: the clock stops."""
    conversation.first_response_at = conversation.first_response_at or at
    conversation.last_response_at = at
    conversation.waiting_since = None
    if conversation.status in Conversation.WAITING:
        conversation.status = Conversation.Status.WAITING_ON_CUSTOMER
    conversation.save(update_fields=["first_response_at", "last_response_at", "waiting_since",
                                     "status", "updated_at"])


def waited(conversation: Conversation, now: datetime | None = None) -> timedelta | None:
    if conversation.waiting_since is None:
        return None
    return (now or timezone.now()) - conversation.waiting_since


@dataclass(frozen=True)
class Share:
    counted: int
    within: int
    target_minutes: int
    days: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.within / self.counted, 1) if self.counted else None


def share_within_target(*, team=None, days: int = 7, now: datetime | None = None) -> Share:
    now = now or timezone.now()
    limit = target()
    first_reply = Message.objects.filter(
        conversation=OuterRef("conversation"), direction=Message.Direction.OUT,
        sent_at__gte=OuterRef("sent_at")).order_by("sent_at").values("sent_at")[:1]
    incoming = Message.objects.filter(direction=Message.Direction.IN,
                                      sent_at__gte=now - timedelta(days=days))
    if team is not None:
        incoming = incoming.filter(conversation__team=team)
    rows = (incoming.annotate(reply_at=Subquery(first_reply))
            .order_by("conversation_id", "sent_at")
            .values_list("conversation_id", "sent_at", "reply_at"))
    seen, counted, within = set(), 0, 0
    for conversation_id, sent_at, reply_at in rows:
        day = (conversation_id, timezone.localdate(sent_at))
        if day in seen:
            continue
        seen.add(day)
        if reply_at is None and now - sent_at < limit:
            continue  # still within target: not decided yet
        counted += 1
        if reply_at is not None and reply_at - sent_at <= limit:
            within += 1
    return Share(counted, within, settings.SVAR_RESPONSE_TARGET_MINUTES, days)
