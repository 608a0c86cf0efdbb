"""What a lead writes from a chorus, prefilled: a heads-up to the agents about the decision
(published in the agents' announcement feed) and a public post for the customers (copied to
the platforms by the lead). Both start from the alert's decision, channels and counts; the
lead edits them before anything goes out."""

from __future__ import annotations

from django.utils import timezone

from inbox.models import ChorusAlert
from kb.models import Announcement, Entry
from suggest.models import CHANNELS

CHANNEL_NAMES = dict(CHANNELS)
MAX_TEXT = 2000

# To the agents: what is happening and what the decision says.
_HEADS_UP = {
    "en": "Many customers are asking about “{title}” right now: {counts}. The decision: {answer}",
    "nb": "Mange kunder spør om «{title}» akkurat nå: {counts}. Avgjørelsen: {answer}",
    "nn": "Mange kundar spør om «{title}» akkurat no: {counts}. Avgjerda: {answer}",
    "sv": "Många kunder frågar om ”{title}” just nu: {counts}. Beslutet: {answer}",
    "da": "Mange kunder spørger om »{title}« lige nu: {counts}. Afgørelsen: {answer}",
    "fi": "Moni asiakas kysyy juuri nyt aiheesta ”{title}”: {counts}. Päätös: {answer}",
}
# To the customers: one answer for everyone asking.
_POST = {
    "en": "Many of you are asking about {title}. {answer}",
    "nb": "Mange av dere spør om {title}. {answer}",
    "nn": "Mange av dykk spør om {title}. {answer}",
    "sv": "Många av er frågar om {title}. {answer}",
    "da": "Mange af jer spørger om {title}. {answer}",
    "fi": "Moni teistä kysyy aiheesta {title}. {answer}",
}
# No decision yet (a group of unanswered messages): say it is being looked into.
_POST_NO_DECISION = ("Many of you are asking us about the same thing right now. We are "
                     "looking into it and will post an update here as soon as we know more.")


def channel_counts(alert: ChorusAlert) -> list[tuple[str, int]]:
    """(channel's name, messages) in the window, the busiest first."""
    return sorted(((CHANNEL_NAMES.get(c, c), n) for c, n in alert.channels.items()),
                  key=lambda item: (-item[1], item[0]))


def _counts_text(alert: ChorusAlert) -> str:
    parts = ", ".join(f"{name} {n}" for name, n in channel_counts(alert))
    return f"{alert.count} messages in the last hour ({parts})"


def decision(alert: ChorusAlert) -> Entry | None:
    if not alert.entry_id:
        return None
    return Entry.objects.filter(pk=alert.entry_id, status=Entry.Status.PUBLISHED).first()


def heads_up_draft(alert: ChorusAlert, entry: Entry) -> str:
    lang = entry.language if entry.language in _HEADS_UP else "en"
    return _HEADS_UP[lang].format(title=entry.title, counts=_counts_text(alert),
                                  answer=entry.short_answer or entry.answer)[:MAX_TEXT]


def public_post_draft(alert: ChorusAlert) -> str:
    entry = decision(alert)
    if entry is None or entry.audience != Entry.Audience.PUBLIC:
        return _POST_NO_DECISION  # an internal decision is not for the customers
    lang = entry.language if entry.language in _POST else "en"
    title = entry.title[:1].lower() + entry.title[1:]
    return _POST[lang].format(title=title, answer=entry.short_answer or entry.answer)[:MAX_TEXT]


class NothingToAnnounce(Exception):
    """The alert has no published decision, or the text is empty."""


def publish_heads_up(alert: ChorusAlert, *, text: str, user) -> Announcement:
    """The lead's (edited) heads-up, in the feed of every agent who may read the decision."""
    entry = decision(alert)
    text = " ".join((text or "").split())[:MAX_TEXT]
    if entry is None:
        raise NothingToAnnounce("This chorus has no published decision to announce.")
    if not text:
        raise NothingToAnnounce("The announcement is empty.")
    announcement = Announcement.objects.create(
        entry=entry, version=entry.version, kind=Announcement.Kind.HEADS_UP, text=text,
        why=entry.why, created_by=user)
    alert.announcement = announcement
    alert.save(update_fields=["announcement"])
    return announcement


def mark_posted(alert: ChorusAlert) -> None:
    alert.posted_at = timezone.now()
    alert.save(update_fields=["posted_at"])
