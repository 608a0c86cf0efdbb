"""What each agent sees in the inbox: queues by status, team and channel, oldest waiting
first. Unassigned (no team) conversations are visible to every agent; a team's to its
members (and leads); a team nobody has joined yet is everyone's."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from inbox.models import Conversation, Delivery
from kb.models import Team
from kb.roles import is_lead

QUEUES = {
    "waiting": Conversation.WAITING,
    "new": (Conversation.Status.NEW,),
    "waiting_on_us": (Conversation.Status.WAITING_ON_US,),
    "follow_up": (Conversation.Status.FOLLOW_UP,),
    "waiting_on_customer": (Conversation.Status.WAITING_ON_CUSTOMER,),
    "done": (Conversation.Status.DONE,),
    "all": tuple(Conversation.Status.values),
}


# A delivery the worker has not filed after this long is shown as waiting outside the queue.
NOT_FILED_AFTER = timedelta(seconds=30)

LABELS = {"waiting": "Waiting", "new": "New", "waiting_on_us": "Waiting on us",
          "follow_up": "Follow up", "waiting_on_customer": "Waiting on customer",
          "done": "Done", "all": "All"}


def visible_to(user) -> QuerySet[Conversation]:
    qs = Conversation.objects.all()
    if is_lead(user):
        return qs
    staffed = Team.objects.filter(members__isnull=False).values("pk")
    mine = Team.objects.filter(members=user).values("pk")
    return qs.filter(Q(team__isnull=True) | ~Q(team__in=staffed) | Q(team__in=mine)
                     | Q(assignee=user))


def queue(user, *, status: str = "waiting", team: str = "", channel: str = "",
          mine: bool = False) -> QuerySet[Conversation]:
    qs = visible_to(user).filter(status__in=QUEUES.get(status, Conversation.WAITING))
    if team == "none":
        qs = qs.filter(team__isnull=True)
    elif team:
        qs = qs.filter(team__slug=team)
    if channel:
        qs = qs.filter(channel=channel)
    if mine:
        qs = qs.filter(assignee=user)
    return qs.select_related("assignee", "team").order_by(
        F("waiting_since").asc(nulls_last=True), "created_at", "pk")


def counts(user) -> dict[str, int]:
    by_status = dict(visible_to(user).values_list("status").annotate(n=Count("pk")))
    return {name: sum(by_status.get(s, 0) for s in statuses)
            for name, statuses in QUEUES.items()}


def not_filed_yet() -> int:
    """Messages received but not in any queue yet (the worker is behind or down): shown, so
    nobody thinks a quiet queue means nobody waits."""
    return Delivery.objects.filter(message__isnull=True,
                                   received_at__lt=timezone.now() - NOT_FILED_AFTER).count()
