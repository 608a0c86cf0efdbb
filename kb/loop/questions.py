"""The lead queue: open questions from agents, grouped by meaning, answered with a new
entry, linked to an existing one, or dismissed. Every asker hears the outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone

from kb.audit import log_event
from kb.entries import entry_publish
from kb.loop.announcements import HIDDEN_ENTRY, notify
from kb.loop.grouping import group_texts
from kb.loop.inputs import clean_text, parse_id, parse_ids
from kb.loop.proposals import clean_data
from kb.models import Entry, ExampleQuestion, OpenQuestion
from kb.search.upkeep import schedule_reindex
from kb.versions import record_version
from text.personal_data import redact

MAX_OPEN = 2000


@dataclass
class QuestionGroup:
    questions: list[OpenQuestion]
    key: str = ""
    channels: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    wordings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def ids(self) -> list[int]:
        return [q.pk for q in self.questions]

    @property
    def oldest(self) -> datetime:
        return min(q.created_at for q in self.questions)

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else "en"


def make_groups(questions: list[OpenQuestion]) -> list[QuestionGroup]:
    """Near-duplicate questions as one group each; most asked first, then oldest first."""
    questions = sorted(questions, key=lambda q: q.created_at)
    groups = []
    for members in group_texts([q.text for q in questions], [q.language for q in questions]):
        qs = [questions[i] for i in members]
        languages = [lang for lang, _ in _counted(q.language for q in qs)]
        groups.append(QuestionGroup(
            questions=qs, key="-".join(str(q.pk) for q in qs),
            channels=sorted({q.channel for q in qs if q.channel}), languages=languages,
            notes=[q.note for q in qs if q.note],
            wordings=list(dict.fromkeys(q.text for q in qs))))
    groups.sort(key=lambda g: (-g.count, g.oldest))
    return groups


def _counted(values):
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def open_groups() -> list[QuestionGroup]:
    qs = (OpenQuestion.objects.filter(status=OpenQuestion.Status.OPEN)
          .select_related("asked_by").order_by("created_at")[:MAX_OPEN])
    return make_groups(list(qs))


def open_questions(ids) -> list[OpenQuestion]:
    """The still-open questions among these ids; a field error when none is left."""
    ids = parse_ids(ids, field="question_ids")
    found = list(OpenQuestion.objects.select_for_update()
                 .filter(pk__in=ids, status=OpenQuestion.Status.OPEN).order_by("created_at"))
    if not found:
        # Answered or dismissed already: the state conflicts; never asked: not found.
        code = "conflict" if OpenQuestion.objects.filter(pk__in=ids).exists() else "not_found"
        raise ValidationError({"question_ids": ValidationError(
            "None of these questions is open any more.", code=code)})
    return found


def your_questions(questions: list[OpenQuestion]) -> str:
    """How a notification names an asker's own questions — "Your question #12 of 3 Nov is" —
    by id and date, never by the customer's wording (notifications travel further than the
    queue, and the wording came from a customer)."""
    refs = [f"#{q.pk} of {dateformat.format(timezone.localtime(q.created_at), 'j M')}"
            for q in sorted(questions, key=lambda q: q.pk)]
    if len(refs) == 1:
        return f"Your question {refs[0]} is"
    return f"Your questions {', '.join(refs)} are"


def _close(questions, *, entry: Entry | None, user, status: str,
           message: Callable[[str], str]) -> None:
    """Close the questions and tell each asker about their own ones; `message` turns
    `your_questions(...)` into the notification text (an asker who may not read the entry
    hears only that it was answered)."""
    now = timezone.now()
    per_asker: dict = {}
    for q in questions:
        q.status = status
        q.answer_entry = entry
        q.answered_by = user
        q.answered_at = now
        q.save(update_fields=["status", "answer_entry", "answered_by", "answered_at"])
        if q.asked_by_id:
            per_asker.setdefault(q.asked_by_id, (q.asked_by, []))[1].append(q)
    for asker, own in per_asker.values():
        yours = your_questions(own)
        notify(asker, message(yours), entry=entry,
               hidden_text=f"{yours} answered by {HIDDEN_ENTRY}.")


@transaction.atomic
def answer_with_new_entry(ids, *, user, data: dict) -> Entry:
    """Publish a new entry that answers these questions (their wordings become its example
    questions unless the lead gave others), close them and tell the askers."""
    questions = open_questions(ids)
    data = dict(data)
    if not data.get("language"):
        data["language"] = questions[0].language
    cleaned = clean_data(data, kind="new")
    wordings = cleaned.get("questions")
    if wordings is None:
        wordings = list(dict.fromkeys(q.text for q in questions))
    entry = Entry()
    for name in ("title", "answer", "short_answer", "why", "language", "audience", "kind"):
        if name in cleaned:
            setattr(entry, name, cleaned[name])
    numbers = ", ".join(f"#{q.pk}" for q in questions)
    entry_publish(entry, user=user, message=f"Answered open question {numbers}"[:300],
            questions=wordings)
    _close(questions, entry=entry, user=user, status=OpenQuestion.Status.ANSWERED,
           message=lambda yours: f"{yours} answered: {entry.title}")
    log_event(user, "questions.answered", entry, detail={"questions": [q.pk for q in questions]})
    return entry


@transaction.atomic
def link_entry(ids, *, user, entry_id) -> Entry:
    """These questions are answered by an existing entry: their wordings become its accepted
    example questions (one new version), and the askers are told."""
    questions = open_questions(ids)
    number = parse_id(entry_id)
    entry = Entry.objects.filter(pk=number).first() if number is not None else None
    if entry is None:
        raise ValidationError({"entry_id": ValidationError(
            f"No entry {clean_text(entry_id)[:20]}.", code="not_found")})
    known = {t.casefold() for t in entry.questions.values_list("text", flat=True)}
    added = 0
    for text in dict.fromkeys(q.text for q in questions):
        if text.casefold() in known:
            # A queryset update sends no post_save, so the re-index is asked for explicitly:
            # a suggested or discarded wording accepted here must reach the index.
            if entry.questions.filter(text__iexact=text).exclude(
                    status=ExampleQuestion.Status.ACCEPTED).update(
                    status=ExampleQuestion.Status.ACCEPTED):
                schedule_reindex(entry.pk)
            continue
        ExampleQuestion.objects.create(entry=entry, text=text[:1000],
                                       status=ExampleQuestion.Status.ACCEPTED,
                                       source=ExampleQuestion.Source.QUESTION)
        added += 1
    numbers = ", ".join(f"#{q.pk}" for q in questions)
    record_version(entry, user=user, message=f"Linked open question {numbers}"[:300])
    _close(questions, entry=entry, user=user, status=OpenQuestion.Status.ANSWERED,
           message=lambda yours: f"{yours} answered by: {entry.title}")
    log_event(user, "questions.linked", entry,
              detail={"questions": [q.pk for q in questions], "wordings_added": added})
    return entry


@transaction.atomic
def dismiss(ids, *, user, reason: str = "") -> int:
    questions = open_questions(ids)
    reason = redact(clean_text(reason)).strip()
    ending = f": {reason}" if reason else "."
    _close(questions, entry=None, user=user, status=OpenQuestion.Status.DISMISSED,
           message=lambda yours: f"{yours} closed without a new entry{ending}")
    log_event(user, "questions.dismissed", None, detail={"questions": [q.pk for q in questions]})
    return len(questions)
