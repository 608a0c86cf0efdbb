"""One decision across its languages: every version of every language version, the
announcements agents got for them, and how each language is used in drafts. The lead pages
of one entry (history, health) show one language; a decision is all of them."""

from __future__ import annotations

from dataclasses import dataclass

from kb.loop.health import DEFAULT_DAYS, EntryHealth, entry_health
from kb.models import Announcement, Entry, EntryVersion
from kb.translations import Decision, decision_of

#: Most versions and announcements shown for one decision (newest first).
MAX_ROWS = 100


@dataclass
class DecisionActivity:
    decision: Decision
    versions: list[EntryVersion]  # each with .entry (its language), newest first
    announcements: list[Announcement]
    health: list[EntryHealth]  # one per language version
    days: int

    @property
    def total(self) -> EntryHealth:
        """The decision's use summed over its languages."""
        total = EntryHealth(entry=None)
        for h in self.health:
            for name in ("suggested", "sent_as_is", "sent_edited", "rejected",
                         "helpful_yes", "helpful_no"):
                setattr(total, name, getattr(total, name) + getattr(h, name))
        return total


def decision_activity(group: str, days: int = DEFAULT_DAYS) -> DecisionActivity | None:
    """None when the group has no live entry."""
    members = Entry.objects.filter(translation_group=group).exclude(
        status=Entry.Status.RETIRED)
    first = members.order_by("pk").first()
    if first is None:
        return None
    versions = list(EntryVersion.objects.filter(entry__in=members)
                    .select_related("entry", "author").order_by("-created_at", "-pk")
                    [:MAX_ROWS])
    announcements = list(Announcement.objects.filter(entry__in=members)
                         .select_related("entry", "created_by")
                         .order_by("-created_at", "-pk")[:MAX_ROWS])
    health = sorted(entry_health(days, entries=members), key=lambda h: h.entry.language)
    return DecisionActivity(decision_of(first), versions, announcements, health, days)
