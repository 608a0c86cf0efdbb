"""Customer wordings harvested from sent drafts: when is one worth a lead's look, and the
lead's bulk accept / discard.

The rule itself is pure (`kb.loop.wording_rule.worth_harvesting`), so the harvest-replay
benchmark applies exactly what production applies, without a database."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from kb.loop.grouping import encode
from kb.loop.wording_rule import (  # noqa: F401  (re-exported: the rule lives there)
    HARVEST_SIMILARITY,
    is_new_wording,
    normalise,
    wording_shape_ok,
    worth_harvesting,
)
from kb.models import Entry, ExampleQuestion
from kb.versions import record_version


def target_entry(entry: Entry, language: str) -> Entry | None:
    """The entry a wording in `language` belongs to: the entry itself, or its translation in
    that language (a Swedish wording must not land in an English entry's index)."""
    if not language or entry.language == language:
        return entry
    return entry.translations().filter(language=language).first()


def decide(entry: Entry, text: str) -> bool:
    """Whether `text` is a new wording for `entry` (shape, duplicates, similarity)."""
    if not wording_shape_ok(text):
        return False
    existing = list(entry.questions.exclude(status=ExampleQuestion.Status.DISCARDED)
                    .values_list("text", flat=True))
    discarded = list(entry.questions.filter(status=ExampleQuestion.Status.DISCARDED)
                     .values_list("text", flat=True))
    if normalise(text) in {normalise(t) for t in [entry.title, *existing, *discarded]}:
        return False
    known_texts = [entry.title, *existing]
    vectors = encode([text, *known_texts])
    return worth_harvesting(text, vectors[0], known_texts, vectors[1:])


@transaction.atomic
def accept(ids: Iterable[int], *, user=None) -> int:
    """Accept suggested wordings; saving each one re-indexes its entry (kb.signals), and each
    changed entry gets a version, so the history shows where its wordings came from."""
    per_entry: dict[int, int] = {}
    for question in ExampleQuestion.objects.select_for_update().filter(
            pk__in=list(ids), status=ExampleQuestion.Status.SUGGESTED):
        question.status = ExampleQuestion.Status.ACCEPTED
        question.save(update_fields=["status"])
        per_entry[question.entry_id] = per_entry.get(question.entry_id, 0) + 1
    for entry in Entry.objects.filter(pk__in=per_entry):
        n = per_entry[entry.pk]
        record_version(entry, user=user,
                       message=f"Accepted {n} suggested wording{'s' if n != 1 else ''}")
    return sum(per_entry.values())


def discard(ids: Iterable[int]) -> int:
    """Discarded wordings are kept, so the same wording is not suggested again."""
    return ExampleQuestion.objects.filter(
        pk__in=list(ids), status=ExampleQuestion.Status.SUGGESTED,
    ).update(status=ExampleQuestion.Status.DISCARDED)


def suggested_by_entry():
    """Suggested wordings grouped by entry: [(entry, [question, ...]), ...]."""
    groups: dict[int, tuple[Entry, list[ExampleQuestion]]] = {}
    for q in (ExampleQuestion.objects.filter(status=ExampleQuestion.Status.SUGGESTED)
              .select_related("entry").order_by("entry__title", "entry_id", "id")):
        groups.setdefault(q.entry_id, (q.entry, []))[1].append(q)
    return list(groups.values())
