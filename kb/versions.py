"""Entry versions: snapshots with author, time and message that can be viewed, diffed and
restored. The writes that make them are kb.entries'."""

from __future__ import annotations

import difflib

from django.db.models import Max

from kb.models import Entry, EntryVersion, ExampleQuestion

SNAPSHOT_FIELDS = ("title", "answer", "short_answer", "why", "kind", "audience", "language",
                   "status", "translation_group")


def snapshot(entry: Entry) -> dict:
    data = {field: getattr(entry, field) for field in SNAPSHOT_FIELDS}
    data["topics"] = sorted(entry.topics.values_list("slug", flat=True))
    data["team"] = entry.team.slug if entry.team_id else None
    data["questions"] = list(entry.questions.filter(status=ExampleQuestion.Status.ACCEPTED)
                             .values_list("text", flat=True))
    return data


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


def answer_diff(before: str, after: str) -> list[list[str]]:
    """The answer's changed lines as [sign, text] pairs ("+" added, "-" removed, " " kept)."""
    out = []
    for line in difflib.unified_diff(_lines(before), _lines(after), lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        out.append([line[:1] if line[:1] in "+-" else " ", line[1:]])
    return out
