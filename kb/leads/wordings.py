"""Customer wordings harvested from sent drafts: when is one worth a lead's look, and the
lead's bulk accept / discard.

The rule is a pure function (`is_new_wording`) so the harvest-replay benchmark applies
exactly what production applies, without a database."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from django.db import transaction

from kb.models import Entry, ExampleQuestion

#: A wording at least this similar to a known one adds nothing to the index.
HARVEST_SIMILARITY = 0.9
MIN_WORDS = 3
MAX_CHARS = 300

_PLACEHOLDER_RE = re.compile(r"\[[a-z-]+\]")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """The form used for exact-duplicate checks: casefolded words only."""
    return " ".join(_WORD_RE.findall((text or "").casefold()))


def wording_shape_ok(text: str) -> bool:
    """Long enough to mean something, short enough to be one question, and not mostly
    redaction placeholders."""
    text = (text or "").strip()
    if not text or len(text) > MAX_CHARS:
        return False
    words = _WORD_RE.findall(_PLACEHOLDER_RE.sub(" ", text))
    return len(words) >= MIN_WORDS


def is_new_wording(vector: np.ndarray, known: np.ndarray,
                   threshold: float = HARVEST_SIMILARITY) -> bool:
    """True when no known wording (rows of `known`, unit length) is as similar as
    `threshold` to `vector` (unit length)."""
    if known is None or len(known) == 0:
        return True
    return float(np.max(known @ vector)) < threshold


def target_entry(entry: Entry, language: str) -> Entry | None:
    """The entry a wording in `language` belongs to: the entry itself, or its translation in
    that language (a Swedish wording must not land in an English entry's index)."""
    if not language or entry.language == language:
        return entry
    return entry.translations().filter(language=language).first()


def decide(entry: Entry, text: str) -> bool:
    """Whether `text` is a new wording for `entry` (shape, duplicates, similarity)."""
    from kb.leads.grouping import encode

    if not wording_shape_ok(text):
        return False
    existing = list(entry.questions.exclude(status=ExampleQuestion.Status.DISCARDED)
                    .values_list("text", flat=True))
    discarded = entry.questions.filter(status=ExampleQuestion.Status.DISCARDED)
    seen = {normalise(t) for t in existing} | {normalise(entry.title)}
    seen |= {normalise(t) for t in discarded.values_list("text", flat=True)}
    if normalise(text) in seen:
        return False
    known_texts = [entry.title, *existing]
    vectors = encode([text, *known_texts])
    return is_new_wording(vectors[0], vectors[1:])


@transaction.atomic
def accept(ids: Iterable[int], *, user=None) -> int:
    """Accept suggested wordings; saving each one re-indexes its entry (kb.signals), and each
    changed entry gets a version, so the history shows where its wordings came from."""
    from kb.versions import record_version

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
