"""The chorus: one decision (or one group of unanswered messages) suddenly drawing many more
messages than usual, across channels. Leads see it on the inbox page with the channels and
counts, and one click to write an announcement.

"Usual" is the mean per window over the week before; a chorus is at least
SVAR_CHORUS_MIN_MESSAGES messages and SVAR_CHORUS_FACTOR times the usual."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from inbox.models import ChorusAlert, Message
from kb.models import Entry

WINDOW = timedelta(hours=1)
HISTORY = timedelta(days=7)


def _key(entry_id, nearest) -> tuple[str, int | None] | None:
    if entry_id:
        return f"entry:{entry_id}", entry_id
    if nearest:
        return f"gap:{nearest[0].get('id')}", nearest[0].get("id")
    return None


def detect(now=None) -> list[ChorusAlert]:
    now = now or timezone.now()
    rows = (Message.objects.filter(direction=Message.Direction.IN,
                                   received_at__gte=now - WINDOW - HISTORY)
            .select_related(None).values_list("received_at", "channel", "entry_id",
                                              "suggestion__nearest"))
    recent: dict[str, Counter] = defaultdict(Counter)
    before: Counter = Counter()
    ids: dict[str, int | None] = {}
    for received_at, channel, entry_id, nearest in rows:
        key = _key(entry_id, nearest)
        if key is None:
            continue
        ids[key[0]] = key[1]
        if received_at >= now - WINDOW:
            recent[key[0]][channel] += 1
        else:
            before[key[0]] += 1
    windows = HISTORY / WINDOW
    # A chorus a lead dismissed stays dismissed while it lasts (its window and the next).
    seen = set(ChorusAlert.objects.filter(dismissed_at__gte=now - 2 * WINDOW)
               .values_list("key", flat=True))
    alerts = []
    for key, channels in recent.items():
        if key in seen:
            continue
        count = sum(channels.values())
        usual = before[key] / windows
        if count < settings.SVAR_CHORUS_MIN_MESSAGES or \
                count < settings.SVAR_CHORUS_FACTOR * max(usual, 1.0):
            continue
        entry = Entry.objects.filter(pk=ids[key]).only("title").first() if ids[key] else None
        label = entry.title if entry else "Unanswered"
        if key.startswith("gap:"):
            label = f"No decided answer (near “{label}”)"
        alert = ChorusAlert.objects.filter(key=key, dismissed_at__isnull=True).first() or \
            ChorusAlert(key=key, started_at=now)
        alert.label, alert.entry_id = label[:300], ids[key] if key.startswith("entry:") else None
        alert.channels, alert.count, alert.baseline = dict(channels), count, round(usual, 2)
        alert.updated_at = now
        alert.save()
        alerts.append(alert)
    return alerts


def active():
    return ChorusAlert.objects.filter(dismissed_at__isnull=True,
                                      updated_at__gte=timezone.now() - 2 * WINDOW)


def dismiss(alert: ChorusAlert) -> None:
    alert.dismissed_at = timezone.now()
    alert.save(update_fields=["dismissed_at"])
