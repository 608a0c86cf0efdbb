"""How the handbook is doing: per-entry use in drafts, public helpfulness votes, entries
nobody uses, entries whose drafts are usually edited, and the gaps (what customers ask that
the handbook cannot answer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from kb.loop.grouping import group_texts
from kb.loop.inputs import parse_ids
from kb.models import Entry, EntryUsage, FaqVote, OpenQuestion, UnansweredMessage

DEFAULT_DAYS = 30
DEFAULT_UNUSED_DAYS = 60
EDITED_SHARE = 0.5
EDITED_MIN_SENDS = 5
MAX_GAP_MESSAGES = 2000


@dataclass
class EntryHealth:
    entry: Entry
    suggested: int = 0
    sent_as_is: int = 0
    sent_edited: int = 0
    rejected: int = 0
    helpful_yes: int = 0
    helpful_no: int = 0
    last_used: object = None

    @property
    def sends(self) -> int:
        return self.sent_as_is + self.sent_edited

    @property
    def edit_rate(self) -> float | None:
        return self.sent_edited / self.sends if self.sends else None

    @property
    def consider_rewriting(self) -> bool:
        return self.sends >= EDITED_MIN_SENDS and (self.edit_rate or 0) >= EDITED_SHARE

    def as_dict(self) -> dict:
        return {"id": self.entry.pk, "title": self.entry.title,
                "language": self.entry.language, "suggested": self.suggested,
                "sent_as_is": self.sent_as_is, "sent_edited": self.sent_edited,
                "rejected": self.rejected,
                "edit_rate": round(self.edit_rate, 3) if self.edit_rate is not None else None,
                "helpful_yes": self.helpful_yes, "helpful_no": self.helpful_no,
                "consider_rewriting": self.consider_rewriting,
                "last_used": self.last_used.isoformat() if self.last_used else None}


def entry_health(days: int = DEFAULT_DAYS, entries=None) -> list[EntryHealth]:
    """Every published entry (or these ``entries``, e.g. one decision's languages) with its
    use over the last `days` days, most suggested first."""
    since = timezone.localdate() - timedelta(days=days)
    usage_rows = EntryUsage.objects.filter(date__gte=since)
    vote_rows = FaqVote.objects.filter(created_at__date__gte=since)
    if entries is None:
        entries = Entry.objects.published()
    else:  # a few entries (a queryset): count only their rows
        usage_rows = usage_rows.filter(entry__in=entries.values("pk"))
        vote_rows = vote_rows.filter(entry__in=entries.values("pk"))
    usage = {row["entry"]: row for row in
             usage_rows.values("entry").annotate(
                 suggested=Sum("suggested"), sent_as_is=Sum("sent_as_is"),
                 sent_edited=Sum("sent_edited"), rejected=Sum("rejected"))}
    last_used = _last_used()
    votes = {row["entry"]: row for row in
             vote_rows.values("entry").annotate(
                 yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))}
    out = []
    for entry in entries.order_by("title"):
        u = usage.get(entry.pk, {})
        v = votes.get(entry.pk, {})
        out.append(EntryHealth(entry, u.get("suggested") or 0, u.get("sent_as_is") or 0,
                               u.get("sent_edited") or 0, u.get("rejected") or 0,
                               v.get("yes") or 0, v.get("no") or 0, last_used.get(entry.pk)))
    out.sort(key=lambda h: (-h.suggested, h.entry.title))
    return out


def _last_used() -> dict:
    """Last day each entry was in a draft that was sent."""
    rows = (EntryUsage.objects.filter(Q(sent_as_is__gt=0) | Q(sent_edited__gt=0))
            .values("entry").annotate(last=Max("date")))
    return {row["entry"]: row["last"] for row in rows}


def unused_entries(days: int = DEFAULT_UNUSED_DAYS) -> list[Entry]:
    """Published entries not sent in any draft for `days` days (and published before that)."""
    since = timezone.localdate() - timedelta(days=days)
    recent = EntryUsage.objects.filter(date__gte=since).filter(
        Q(sent_as_is__gt=0) | Q(sent_edited__gt=0)).values("entry")
    cutoff = timezone.now() - timedelta(days=days)
    return list(Entry.objects.published().exclude(pk__in=recent)
                .filter(Q(published_at__lte=cutoff) | Q(published_at__isnull=True))
                .order_by("title"))


def usually_edited(days: int = DEFAULT_DAYS) -> list[EntryHealth]:
    return [h for h in entry_health(days) if h.consider_rewriting]


@dataclass
class Gap:
    messages: list[UnansweredMessage]
    languages: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.messages)

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.messages]

    @property
    def wordings(self) -> list[str]:
        return list(dict.fromkeys(m.text for m in self.messages))

    @property
    def first_seen(self):
        return min(m.created_at for m in self.messages)

    @property
    def last_seen(self):
        return max(m.created_at for m in self.messages)

    def as_dict(self) -> dict:
        return {"message_ids": self.ids, "count": self.count, "wordings": self.wordings[:10],
                "languages": self.languages, "channels": self.channels,
                "first_seen": self.first_seen.isoformat(),
                "last_seen": self.last_seen.isoformat()}


def gaps(days: int = DEFAULT_DAYS, limit: int = 20) -> list[Gap]:
    """The largest groups of similar messages the handbook could not answer."""
    since = timezone.now() - timedelta(days=days)
    messages = list(UnansweredMessage.objects.filter(created_at__gte=since,
                                                     answered_at__isnull=True)
                    .order_by("-created_at")[:MAX_GAP_MESSAGES])
    out = []
    for members in group_texts([m.text for m in messages], [m.language for m in messages]):
        ms = [messages[i] for i in members]
        out.append(Gap(ms, sorted({m.language for m in ms}),
                       sorted({m.channel for m in ms if m.channel})))
    out.sort(key=lambda g: -g.count)
    return out[:limit]


@transaction.atomic
def gap_to_questions(ids, *, user) -> list[OpenQuestion]:
    """Turn a group of unanswered messages into open questions in the lead queue (they group
    there again), and drop the messages from the gaps. The questions keep the messages'
    dates, so the retention purge removes them when it would have removed the messages."""
    ids = parse_ids(ids, field="message_ids")
    messages = list(UnansweredMessage.objects.filter(pk__in=ids))
    if not messages:
        raise ValidationError({"message_ids": ValidationError(
            "None of these messages is left.", code="not_found")})
    questions = [OpenQuestion.objects.create(
        text=m.text, language=m.language, channel=m.channel, asked_by=user,
        note="From the gaps: no decided answer found.", created_at=m.created_at)
        for m in messages]
    UnansweredMessage.objects.filter(pk__in=[m.pk for m in messages]).delete()
    return questions
