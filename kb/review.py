"""Authoring without the admin: a lead's draft → review → publish of a decision. The rules
live here (a why before publishing, an explicit audience, a second lead when
SVAR_REQUIRE_REVIEW is on, a diff before a published answer changes); the writes go
through the one write path for entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from kb import versions
from kb.entries import entry_create, entry_publish, entry_update
from kb.loop.proposals import create_proposal
from kb.models import Entry, Team

#: The fields a lead edits on the entry form (topics and questions are set beside them).
FIELDS = ("title", "answer", "short_answer", "why", "kind", "audience", "language",
          "review_by")


@dataclass
class EntryData:
    """What the entry form holds, cleaned: the fields, the team, topic slugs, questions."""

    fields: dict
    team: Team | None
    topics: list[str]
    questions: list[str]


def apply(entry: Entry, data: EntryData) -> Entry:
    for field in FIELDS:
        if field in data.fields:
            setattr(entry, field, data.fields[field])
    entry.team = data.team
    return entry


def publish_problems(entry: Entry, user, *, author_id: int | None = None
                     ) -> dict[str, list[str]]:
    """Why this entry may not be published by this lead now (empty: it may). `author_id`:
    who last wrote it (before this lead's edit)."""
    author_id = author_id if author_id is not None else entry.updated_by_id
    problems: dict[str, list[str]] = {}
    if not (entry.why or "").strip():
        problems["why"] = ["Write why this was decided: agents need the why to decide alone."]
    if entry.audience not in Entry.Audience.values:
        problems["audience"] = ["Choose who may see it: public or internal."]
    if settings.SVAR_REQUIRE_REVIEW and entry.pk:
        if entry.status not in (Entry.Status.REVIEW, Entry.Status.PUBLISHED):
            problems.setdefault("__all__", []).append(
                "Send it for review first: another lead publishes it.")
        elif author_id and user and author_id == user.pk:
            problems.setdefault("__all__", []).append(
                "Another lead must review and publish what you wrote.")
    elif settings.SVAR_REQUIRE_REVIEW:
        problems.setdefault("__all__", []).append(
            "Send it for review first: another lead publishes it.")
    return problems


@transaction.atomic
def save_draft(entry: Entry, data: EntryData, *, user) -> Entry:
    """Save the lead's work without publishing. A published entry is not changed this way:
    its change is published (with a diff) or sent for review as a proposal."""
    if entry.pk and entry.status == Entry.Status.PUBLISHED:
        raise ValidationError({"__all__": ["This entry is published: publish the change, or "
                                           "send it for review."]})
    apply(entry, data)
    if entry.status not in (Entry.Status.DRAFT, Entry.Status.REVIEW):
        entry.status = Entry.Status.DRAFT
    _save(entry, user=user, message="Draft saved", questions=data.questions,
          topics=data.topics)
    return entry


@transaction.atomic
def submit_for_review(entry: Entry, data: EntryData, *, user) -> Entry:
    """The author is done: another lead reviews and publishes it. A change to a published
    entry becomes a proposal, so what agents use stays as it is until then."""
    if entry.pk and entry.status == Entry.Status.PUBLISHED:
        changed = {f: _plain(data.fields.get(f)) for f in FIELDS if f in data.fields}
        create_proposal(user=user, kind="change", entry_id=entry.pk,
                        data={**changed, "questions": data.questions,
                              "team": data.team.slug if data.team else None,
                              "topics": list(data.topics)},
                        note="Change sent for review by a lead")
        return entry
    apply(entry, data)
    entry.status = Entry.Status.REVIEW
    _save(entry, user=user, message="Sent for review", questions=data.questions,
          topics=data.topics)
    return entry


def _save(entry: Entry, **kwargs) -> Entry:
    return entry_update(entry, **kwargs) if entry.pk else entry_create(entry, **kwargs)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def publish_entry(entry: Entry, data: EntryData | None, *, user) -> Entry:
    """Publish the entry (with the form's changes, if given): refused without a why, without
    an audience, or, under SVAR_REQUIRE_REVIEW, by the lead who wrote it."""
    author = entry.updated_by_id
    if (data is not None and settings.SVAR_REQUIRE_REVIEW
            and entry.status == Entry.Status.PUBLISHED and pending_changes(entry, data)):
        raise ValidationError({"__all__": ["Another lead must review this change: send it "
                                           "for review."]})
    if data is not None:
        apply(entry, data)
    problems = publish_problems(entry, user, author_id=author)
    if problems:
        raise ValidationError(problems)
    message = "Published" if entry.status != Entry.Status.PUBLISHED else "Change published"
    entry_publish(entry, user=user, message=message,
                  questions=data.questions if data else None,
                  topics=data.topics if data else None)
    return entry


def pending_changes(entry: Entry, data: EntryData) -> list[dict]:
    """Field-by-field differences the form would make to the entry, as unified diff lines
    (the same shape as kb.versions.diff, so the history's diff template shows them)."""
    import difflib

    current = versions.snapshot(entry) if entry.pk else {}
    wanted = dict(current)
    for field in FIELDS:
        if field in data.fields:
            wanted[field] = _plain(data.fields[field])
    current["review_by"] = _plain(entry.review_by)
    wanted["team"] = data.team.slug if data.team else None
    wanted["topics"] = sorted(data.topics)
    wanted["questions"] = list(data.questions)
    changes = []
    for field in (*FIELDS, "team", "topics", "questions"):
        before, after = current.get(field), wanted.get(field)
        if (before or None) == (after or None):
            continue
        lines = list(difflib.unified_diff(_lines(before), _lines(after), "now", "new",
                                          lineterm="", n=2))
        changes.append({"field": field, "before": before, "after": after, "diff": lines})
    return changes


def _lines(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).splitlines()
