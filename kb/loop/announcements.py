"""Feed items for all agents when a decision is published, and personal notifications."""

from __future__ import annotations

import re

from kb.models import Announcement, Entry, Notification
from kb.versions import answer_diff

_NEW = {
    "en": "You can now decide: {title} without asking",
    "nb": "Nå kan du avgjøre selv: {title}",
    "nn": "No kan du avgjere sjølv: {title}",
    "sv": "Nu kan du avgöra själv: {title}",
    "da": "Nu kan du selv afgøre: {title}",
    "fi": "Voit nyt päättää itse: {title}",
}
_CHANGED = {
    "en": "Decision updated: {title}",
    "nb": "Avgjørelse oppdatert: {title}",
    "nn": "Avgjerd oppdatert: {title}",
    "sv": "Beslut uppdaterat: {title}",
    "da": "Afgørelse opdateret: {title}",
    "fi": "Päätös päivitetty: {title}",
}
_WHY = {"en": "why", "nb": "hvorfor", "nn": "kvifor", "sv": "varför", "da": "hvorfor",
        "fi": "miksi"}
WHY_MAX_CHARS = 160


def first_sentence(text: str, limit: int = WHY_MAX_CHARS) -> str:
    text = " ".join((text or "").split())
    match = re.search(r"(?<=[.!?])\s", text)
    sentence = text[:match.start()] if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


_RESTORED = {
    "en": "Earlier version restored: {title}",
    "nb": "Tidligere versjon gjenopprettet: {title}",
    "nn": "Tidlegare versjon attoppretta: {title}",
    "sv": "Tidigare version återställd: {title}",
    "da": "Tidligere version gendannet: {title}",
    "fi": "Aiempi versio palautettu: {title}",
}
#: A new version is announced when one of these changed since the last announcement.
ANNOUNCED_FIELDS = ("title", "answer", "short_answer", "why", "audience", "kind", "team")


def announcement_text(entry: Entry, *, first: bool = True, kind: str | None = None) -> str:
    kind = kind or (Announcement.Kind.NEW if first else Announcement.Kind.CHANGED)
    lang = entry.language if entry.language in _NEW else "en"
    templates = {Announcement.Kind.NEW: _NEW, Announcement.Kind.CHANGED: _CHANGED,
                 Announcement.Kind.RESTORED: _RESTORED}[kind]
    text = templates[lang].format(title=entry.title)
    why = first_sentence(entry.why)
    if why:
        text += f" — {_WHY[lang]}: {why}"
    return text


def announce(entry: Entry, *, user=None, kind: str | None = None) -> Announcement | None:
    """One feed item for this published version of the entry, with the diff of its answer
    since the last announcement; nothing when no announced field changed (a new example
    question is no news to agents)."""
    if entry.status != Entry.Status.PUBLISHED:
        return None
    last = Announcement.objects.filter(entry=entry).order_by("-version", "-pk").first()
    before = entry.versions.filter(number=last.version).first() if last else None
    after = entry.versions.filter(number=entry.version).first()
    previous = entry.versions.filter(number__lt=entry.version).order_by("-number").first()
    republished = previous is not None and previous.data.get("status") != Entry.Status.PUBLISHED
    if not republished and before is not None and after is not None and all(
            before.data.get(f) == after.data.get(f) for f in ANNOUNCED_FIELDS):
        return None
    kind = kind or (Announcement.Kind.CHANGED if last and not republished
                    else Announcement.Kind.NEW)
    old_answer = before.data.get("answer", "") if before else ""
    changes = answer_diff(old_answer, entry.answer) if before else []
    return Announcement.objects.create(
        entry=entry, version=entry.version, kind=kind,
        text=announcement_text(entry, kind=kind), changes=changes, why=entry.why,
        created_by=user if user and user.pk else None)


HIDDEN_ENTRY = "an entry you cannot read (another team's)"


def notify(user, text: str, *, entry: Entry | None = None,
           hidden_text: str | None = None) -> Notification | None:
    """A notification about `entry`. A user who may not read the entry (another team's
    internal one) gets `hidden_text` instead, without the entry: no title leaks."""
    if user is None or not user.pk:
        return None
    if entry is not None and not Entry.objects.visible_to(user).filter(pk=entry.pk).exists():
        text, entry = hidden_text or f"A decision was made on {HIDDEN_ENTRY}.", None
    return Notification.objects.create(user=user, text=text[:2000], entry=entry)
