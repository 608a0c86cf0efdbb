"""One write path per entry operation: create, update, publish, retire, restore, delete and
upsert by external key. Each one checks the texts, saves, records a version and writes its
audit event in one transaction, and schedules the re-index (kb.search.upkeep) in that same
transaction, so a dead broker can delay the index but never lose the change or its event.

The admin, the API, the lead pages, the loop and the commands all call these; nothing else
saves an entry. An operation that would change nothing (a retried request) writes no
version, no announcement and no audit event."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kb.audit import log_event
from kb.loop.announcements import announce as announce_entry
from kb.models import TEXT_LIMITS, Entry, EntryVersion, Team, Topic
from kb.personal_data_guard import check_entry_texts
from kb.search.upkeep import batched_reindex
from kb.versions import SNAPSHOT_FIELDS, record_version, set_questions, snapshot


class Change:
    """What an entry_change block did: whether it made a new version."""

    def __init__(self, entry: Entry, created: bool) -> None:
        self.entry = entry
        self.created = created
        self.changed = False


def _last_version(entry: Entry) -> EntryVersion | None:
    return entry.versions.order_by("-number").first() if entry.pk else None


@contextlib.contextmanager
def entry_change(entry: Entry, *, user=None, message: str, action: str | None = None,
                 detail: dict | None = None, questions: Sequence[str] | None = None,
                 announce: bool | str = True) -> Iterator[Change]:
    """Save `entry`, let the block change its related rows (topics, questions, the admin's
    inlines), then record one version and one audit event (`action`, default
    entry.created / entry.changed) unless nothing changed. One transaction, one re-index.
    A published entry whose answer, why or audience changed is announced to the agents it
    concerns (`announce` names the kind, e.g. "restored"; False for imports)."""
    too_long = {field: f"At most {limit} characters."
                for field, limit in TEXT_LIMITS.items() if len(getattr(entry, field) or "") > limit}
    if too_long:
        raise ValidationError(too_long)
    check_entry_texts(entry, list(questions) if questions is not None else None, message)
    created = entry.pk is None
    if created and user is not None and user.pk:
        entry.created_by = user
    if user is not None and user.pk:
        entry.updated_by = user
    if entry.status == Entry.Status.PUBLISHED and entry.published_at is None:
        entry.published_at = timezone.now()
    change = Change(entry, created)
    with transaction.atomic(), batched_reindex():
        last = _last_version(entry)
        entry.save()
        yield change
        if not created and last is not None and last.data == snapshot(entry):
            return
        record_version(entry, user=user, message=message)
        change.changed = True
        log_event(user, action or ("entry.created" if created else "entry.changed"), entry,
                  detail={"version": entry.version, **(detail or {})})
        if announce:
            announce_entry(entry, user=user, kind=announce if isinstance(announce, str) else None)


def _write(entry: Entry, *, user, message: str, questions: Sequence[str] | None,
           topics: Sequence[str] | None, action: str | None = None,
           detail: dict | None = None, announce: bool | str = True) -> Change:
    with entry_change(entry, user=user, message=message, action=action, detail=detail,
                      questions=questions, announce=announce) as change:
        if questions is not None:
            set_questions(entry, list(questions))
        if topics is not None:
            entry.topics.set(Topic.objects.filter(slug__in=list(topics)))
    return change


def entry_create(entry: Entry, *, user=None, message: str = "Created",
                 questions: Sequence[str] | None = None,
                 topics: Sequence[str] | None = None, announce: bool = True) -> Entry:
    """A new entry as version 1 (drafts stay out of the index until published)."""
    _write(entry, user=user, message=message, questions=questions, topics=topics,
           announce=announce)
    return entry


def entry_update(entry: Entry, *, user=None, message: str = "Changed",
                 questions: Sequence[str] | None = None,
                 topics: Sequence[str] | None = None) -> Entry:
    """Save changed fields (and these accepted questions / topic slugs, if given)."""
    _write(entry, user=user, message=message, questions=questions, topics=topics)
    return entry


def entry_publish(entry: Entry, *, user, message: str = "Published",
                  questions: Sequence[str] | None = None,
                  topics: Sequence[str] | None = None) -> Entry:
    """Publish as one new version, log it and announce it to the agents it concerns.
    Publishing an entry that is already published as it stands changes nothing."""
    with transaction.atomic():
        if entry.status != Entry.Status.PUBLISHED:
            entry.published_at = None  # a new publication, not the first one's date
        entry.status = Entry.Status.PUBLISHED
        _write(entry, user=user, message=message, questions=questions, topics=topics,
               action="entry.published")
    return entry


def entry_retire(entry: Entry, *, user, message: str = "Retired") -> Entry:
    """Take an entry out of use (and out of search); its history stays."""
    entry.status = Entry.Status.RETIRED
    _write(entry, user=user, message=message, questions=None, topics=None,
           action="entry.retired")
    return entry


def entry_restore(entry: Entry, number: int, *, user=None) -> Entry:
    """Bring back the content of version `number` as a new version. Restoring content never
    publishes or unpublishes: that goes through entry_publish / entry_retire."""
    data = entry.versions.get(number=number).data
    for field in SNAPSHOT_FIELDS:
        if field in data and field != "status":
            setattr(entry, field, data[field])
    entry.team = Team.objects.filter(slug=data.get("team")).first() if data.get("team") else None
    _write(entry, user=user, message=f"Restored version {number}",
           questions=data.get("questions", []), topics=data.get("topics", []),
           action="entry.restored", detail={"restored": number}, announce="restored")
    return entry


@transaction.atomic
def entry_delete(entry: Entry, *, user) -> None:
    """Delete an entry for good (retiring keeps the history; this does not)."""
    log_event(user, "entry.deleted", entry, detail={"title": entry.title})
    entry.delete()


def entry_upsert_by_key(key: str, wanted: dict, *, user=None, message: str,
                        questions: Sequence[str], topics: Sequence[str] | None = None,
                        team: Team | None | bool = False) -> str:
    """Create or update the entry with this external key (imports, the demo handbook):
    "created", "changed" or "unchanged". `team=False` leaves the team as it is."""
    entry = Entry.objects.filter(external_key=key).first()
    created = entry is None
    entry = entry or Entry(external_key=key)
    if not created:
        current = snapshot(entry)
        target = {**current, **{f: v for f, v in wanted.items() if f in SNAPSHOT_FIELDS},
                  "questions": list(questions)}
        if topics is not None:
            target["topics"] = sorted(topics)
        if team is not False:
            target["team"] = team.slug if team else None
        if target == current:
            return "unchanged"  # not even saved: a re-import touches nothing
    for field, value in wanted.items():
        setattr(entry, field, value)
    if team is not False:
        entry.team = team
    change = _write(entry, user=user, message=message, questions=questions, topics=topics,
                    announce=False)  # an import is no decision: agents are not told
    if created:
        return "created"
    return "changed" if change.changed else "unchanged"
