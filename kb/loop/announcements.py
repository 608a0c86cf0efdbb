"""Feed items for all agents when a decision is published, and personal notifications."""

from __future__ import annotations

import re

from kb.models import Announcement, Entry, Notification

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


def announcement_text(entry: Entry, *, first: bool) -> str:
    lang = entry.language if entry.language in _NEW else "en"
    text = (_NEW if first else _CHANGED)[lang].format(title=entry.title)
    why = first_sentence(entry.why)
    if why:
        text += f" — {_WHY[lang]}: {why}"
    return text


def announce(entry: Entry, *, user=None) -> Announcement:
    """One feed item for this published version of the entry."""
    first = not Announcement.objects.filter(entry=entry).exists()
    return Announcement.objects.create(entry=entry, version=entry.version,
                                       text=announcement_text(entry, first=first),
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
