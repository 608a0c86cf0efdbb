"""Every change to an entry goes through here, so each one becomes a version with author,
time and message that can be viewed, diffed and restored."""

from __future__ import annotations

import difflib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kb.indexing import batched_reindex
from kb.models import TEXT_LIMITS, Entry, EntryVersion, ExampleQuestion, Team, Topic

SNAPSHOT_FIELDS = ("title", "answer", "short_answer", "why", "kind", "audience", "language",
                   "status", "translation_group")


def snapshot(entry: Entry) -> dict:
    data = {field: getattr(entry, field) for field in SNAPSHOT_FIELDS}
    data["topics"] = sorted(entry.topics.values_list("slug", flat=True))
    data["team"] = entry.team.slug if entry.team_id else None
    data["questions"] = list(entry.questions.filter(status=ExampleQuestion.Status.ACCEPTED)
                             .values_list("text", flat=True))
    return data


@transaction.atomic
def save_entry(entry: Entry, *, user=None, message: str = "", questions: list[str] | None = None,
               topics: list[str] | None = None) -> EntryVersion:
    """Save an entry (and optionally its accepted questions and topic slugs) as a new version."""
    from kb.personal_data_guard import check_entry_texts

    too_long = {field: f"At most {limit} characters."
                for field, limit in TEXT_LIMITS.items() if len(getattr(entry, field) or "") > limit}
    if too_long:
        raise ValidationError(too_long)
    check_entry_texts(entry, questions, message)
    if entry.pk is None and user is not None:
        entry.created_by = user
    if user is not None:
        entry.updated_by = user
    if entry.status == Entry.Status.PUBLISHED and entry.published_at is None:
        entry.published_at = timezone.now()
    with batched_reindex():  # one re-index task for the entry and all its questions
        entry.save()
        if questions is not None:
            set_questions(entry, questions)
        if topics is not None:
            entry.topics.set(Topic.objects.filter(slug__in=topics))
    return record_version(entry, user=user, message=message)


def record_version(entry: Entry, *, user=None, message: str = "") -> EntryVersion:
    # Lock the entry's row, then count from the versions themselves: a concurrent save may
    # have written a stale `version` field, the history cannot lie.
    Entry.objects.select_for_update().filter(pk=entry.pk).values_list("pk", flat=True).get()
    last = entry.versions.aggregate(last=Max("number"))["last"] or 0
    number = last + 1
    Entry.objects.filter(pk=entry.pk).update(version=number)
    entry.version = number
    return EntryVersion.objects.create(entry=entry, number=number, data=snapshot(entry),
                                       author=user if user and user.pk else None,
                                       message=message[:300])


def set_questions(entry: Entry, texts: list[str]) -> None:
    """Make exactly these the accepted example questions, keeping ids of unchanged ones."""
    wanted = [t.strip() for t in texts if t and t.strip()]
    wanted = list(dict.fromkeys(wanted))
    current = {q.text: q for q in entry.questions.filter(status=ExampleQuestion.Status.ACCEPTED)}
    for text, question in current.items():
        if text not in wanted:
            question.delete()
    for text in wanted:
        if text not in current:
            ExampleQuestion.objects.create(entry=entry, text=text[:1000])


@transaction.atomic
def restore(entry: Entry, number: int, *, user=None) -> EntryVersion:
    version = entry.versions.get(number=number)
    data = version.data
    for field in SNAPSHOT_FIELDS:
        # Restoring content never publishes or unpublishes: that goes through publish/retire.
        if field in data and field != "status":
            setattr(entry, field, data[field])
    entry.team = Team.objects.filter(slug=data.get("team")).first() if data.get("team") else None
    return save_entry(entry, user=user, message=f"Restored version {number}",
                      questions=data.get("questions", []), topics=data.get("topics", []))


def diff(entry: Entry, a: int, b: int) -> list[dict]:
    """Field-by-field differences between two versions, as unified diff lines."""
    old = entry.versions.get(number=a).data
    new = entry.versions.get(number=b).data
    changes = []
    for field in (*SNAPSHOT_FIELDS, "topics", "team", "questions"):
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        lines = list(difflib.unified_diff(_lines(before), _lines(after), f"v{a}", f"v{b}",
                                          lineterm="", n=2))
        changes.append({"field": field, "before": before, "after": after, "diff": lines})
    return changes


def _lines(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).splitlines()
