"""The narrow service the `suggest` app uses to feed the handbook loop: ask a lead, record
how entries are used, record what could not be answered, harvest customer wordings, propose
changes, and read one's announcements and notifications. `kb` never imports `suggest`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kb.loop import wordings
from kb.loop.proposals import create_proposal
from kb.models import (
    Announcement,
    Entry,
    EntryUsage,
    ExampleQuestion,
    Language,
    Notification,
    OpenQuestion,
    Proposal,
    UnansweredMessage,
)
from text.personal_data import redact

USE_EVENTS = {"suggested": "suggested", "sent_as_is": "sent_as_is",
              "sent_edited": "sent_edited", "rejected": "rejected"}
#: Announcements older than this are not shown as unread (a new agent starts with a short feed).
ANNOUNCEMENT_DAYS = 30


def _redact(text: str) -> str:
    return redact(text or "").strip()


def _language(language: str) -> str:
    if language not in Language.values:
        raise ValidationError({"language": f"Unknown language {language!r}."})
    return language


def ask_lead(*, text: str, language: str, channel: str, note: str, user,
             suggestion_ref: str = "") -> OpenQuestion:
    """An agent asks a lead about a message the handbook cannot answer. The text is redacted
    again here: nothing personal reaches the lead queue whatever the caller did."""
    text = _redact(text)
    if not text:
        raise ValidationError({"text": "The question is empty."})
    return OpenQuestion.objects.create(
        text=text[:5000], language=_language(language), channel=(channel or "")[:30],
        note=_redact(note)[:5000], asked_by=user if user and user.pk else None,
        suggestion_ref=(suggestion_ref or "")[:64])


def record_use(entry_id: int, event: str) -> None:
    """Count one use of an entry today (race-safe across processes)."""
    field = _use_field(event)
    if not Entry.objects.filter(pk=entry_id).exists():
        return
    today = timezone.localdate()
    rows = EntryUsage.objects.filter(entry_id=entry_id, date=today)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            EntryUsage.objects.create(entry_id=entry_id, date=today, **{field: 1})
    except IntegrityError:  # another process created today's row first
        rows.update(**{field: F(field) + 1})


def unrecord_use(entry_id: int, event: str, *, on) -> None:
    """Take back one use counted on day `on` (the agent changed their mind: a suggestion
    has one outcome, so the earlier one no longer counts). Never below zero."""
    field = _use_field(event)
    EntryUsage.objects.filter(entry_id=entry_id, date=on, **{f"{field}__gt": 0}).update(
        **{field: F(field) - 1})


def _use_field(event: str) -> str:
    field = USE_EVENTS.get(event)
    if field is None:
        raise ValueError(f"Unknown usage event {event!r}; one of {sorted(USE_EVENTS)}.")
    return field


def record_unanswered(*, text: str, language: str, channel: str, confidence: float,
                      abstained: bool, suggestion_ref: str = "") -> None:
    """Keep a (redacted) message the handbook could not answer confidently: the gaps view."""
    text = _redact(text)
    if not text:
        return
    UnansweredMessage.objects.create(
        text=text[:5000], language=language if language in Language.values else "en",
        channel=(channel or "")[:30], confidence=float(confidence or 0.0),
        abstained=bool(abstained), suggestion_ref=(suggestion_ref or "")[:64])


def mark_answered(suggestion_ref: str, answered: bool = True) -> None:
    """An agent sent a draft for a low-confidence message: it was answered after all, so it
    is no gap (and is one again if the agent then rejects the drafts)."""
    if suggestion_ref:
        UnansweredMessage.objects.filter(suggestion_ref=suggestion_ref).update(
            answered_at=timezone.now() if answered else None)


MISSING_TRANSLATION = "Missing translation"


def request_translation(*, entry_id: int, language: str, channel: str = "") -> OpenQuestion | None:
    """A customer wrote in a language the decision has no entry in: one open item for the
    leads per decision and language (repeats while it is open add nothing)."""
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None:
        return None
    note = (f"{MISSING_TRANSLATION}: the decision \"{entry.title}\" "
            f"({entry.translation_group}) has no {_language(language)} version.")
    existing = OpenQuestion.objects.filter(status=OpenQuestion.Status.OPEN, language=language,
                                           note=note).first()
    if existing is not None:
        return existing
    return OpenQuestion.objects.create(text=_redact(entry.title)[:5000] or note,
                                       language=language, channel=(channel or "")[:30],
                                       note=note[:5000])


def harvest_wording(entry_id: int, text: str, *, language: str) -> ExampleQuestion | None:
    """After an agent sent a draft from an entry for this customer wording, keep the wording
    as a suggested example question when it is new to the entry (see kb.loop.wordings).
    With SVAR_AUTO_ACCEPT_WORDINGS it is accepted at once (and re-indexed)."""
    text = " ".join(_redact(text).split())
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None or not text:
        return None
    entry = wordings.target_entry(entry, language)
    if entry is None or not wordings.decide(entry, text):
        return None
    status = (ExampleQuestion.Status.ACCEPTED if settings.SVAR_AUTO_ACCEPT_WORDINGS
              else ExampleQuestion.Status.SUGGESTED)
    return ExampleQuestion.objects.create(entry=entry, text=text[:1000], status=status,
                                          source=ExampleQuestion.Source.HARVEST)


def propose(*, user, kind: str, data: dict, entry_id: int | None = None, note: str = "",
            suggestion_ref: str = "") -> Proposal:
    """An agent proposes a new entry or a change; a lead decides (kb.loop.proposals).
    Raises django ValidationError with field messages on bad input."""
    return create_proposal(user=user, kind=kind, data=data, entry_id=entry_id, note=note,
                           suggestion_ref=suggestion_ref)


def unread_announcements(user) -> QuerySet[Announcement]:
    """Recent announcements of entries the user may read and has not marked read."""
    since = timezone.now() - timedelta(days=ANNOUNCEMENT_DAYS)
    visible = Entry.objects.visible_to(user).published().values("pk")
    return (Announcement.objects.filter(created_at__gte=since, entry__in=visible)
            .exclude(read_by=user).select_related("entry").order_by("-created_at"))


def announcements_for(user, *, days: int = 90) -> list[Announcement]:
    """Announcements of entries the user may read, newest first, each with `unread` set."""
    since = timezone.now() - timedelta(days=days)
    visible = Entry.objects.visible_to(user).published().values("pk")
    items = list(Announcement.objects.filter(created_at__gte=since, entry__in=visible)
                 .select_related("entry", "created_by").order_by("-created_at")[:200])
    read = set(Announcement.read_by.through.objects.filter(
        user=user, announcement__in=[a.pk for a in items]).values_list("announcement_id",
                                                                      flat=True))
    for a in items:
        a.unread = a.pk not in read
    return items


def mark_all_announcements_read(user) -> int:
    unread = list(unread_announcements(user))
    for a in unread:
        a.read_by.add(user)
    return len(unread)


def mark_announcement_read(user, announcement_id) -> None:
    """Mark read; an announcement of an entry the user may not read is as missing as one
    that never existed."""
    visible = Entry.objects.visible_to(user).values("pk")
    announcement = Announcement.objects.filter(pk=announcement_id, entry__in=visible).first()
    if announcement is None:
        raise Announcement.DoesNotExist(f"No announcement {announcement_id}.")
    announcement.read_by.add(user)


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each."""
    return (Notification.objects.filter(user=user)
            .order_by(F("read_at").desc(nulls_first=True), "-created_at"))
