"""A decision is one thing with translations: the entries of one translation group.

Which languages a decision has, which it lacks (a language the handbook answers in but the
decision not) and which of its translations are outdated (their source entry has a newer
version than the one they were translated from); making a translation from a source entry;
the JSON Lines form of the handbook that ``kb_import`` reads and ``kb_export`` writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from kb.audit import log_event
from kb.entries import entry_create
from kb.models import Entry, ExampleQuestion, Language


@dataclass
class Decision:
    group: str
    entries: dict[str, Entry]  # language -> entry (the newest if several)
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return sorted(self.entries)

    @property
    def title(self) -> str:
        first = self.entries.get("en") or next(iter(self.entries.values()))
        return first.title


def is_outdated(entry: Entry, source: Entry | None = None) -> bool:
    """Whether the entry was translated from an entry that has changed since."""
    if entry.translated_from_id is None or entry.translated_from_version is None:
        return False
    source = source or entry.translated_from
    return source is not None and source.version > entry.translated_from_version


def handbook_languages(entries: Iterable[Entry] | None = None) -> list[str]:
    """Languages the handbook answers in: those of its live (not retired) entries."""
    if entries is None:
        entries = Entry.objects.exclude(status=Entry.Status.RETIRED).only("language")
    return sorted({e.language for e in entries})


def decisions(entries: Iterable[Entry] | None = None,
              languages: Iterable[str] | None = None) -> list[Decision]:
    """Every decision among ``entries`` (default: all live entries), with its missing
    languages (of ``languages``, default: ``handbook_languages``) and outdated ones."""
    if entries is None:
        entries = Entry.objects.exclude(status=Entry.Status.RETIRED).order_by("pk")
    entries = list(entries)
    wanted = sorted(languages) if languages is not None else handbook_languages(entries)
    by_pk = {e.pk: e for e in entries}
    out: dict[str, Decision] = {}
    for entry in entries:
        decision = out.setdefault(entry.translation_group,
                                  Decision(entry.translation_group, {}))
        decision.entries[entry.language] = entry
    for decision in out.values():
        decision.missing = [lang for lang in wanted if lang not in decision.entries]
        decision.outdated = sorted(
            lang for lang, e in decision.entries.items()
            if is_outdated(e, by_pk.get(e.translated_from_id)))
    return list(out.values())


def decision_of(entry: Entry, languages: Iterable[str] | None = None) -> Decision:
    members = Entry.objects.filter(translation_group=entry.translation_group) \
        .exclude(status=Entry.Status.RETIRED).order_by("pk")
    return decisions(members, languages if languages is not None else handbook_languages())[0]


def decisions_visible_to(user, *, gaps_only: bool = False) -> list[Decision]:
    """The decisions as ``user`` may read them (``Entry.objects.visible_to``): only the
    language versions they can see count, so an agent's "missing" is "no published entry in
    that language", and the languages are those of the entries they can see."""
    visible = list(Entry.objects.visible_to(user).exclude(status=Entry.Status.RETIRED)
                   .select_related("translated_from").order_by("pk"))
    rows = decisions(visible, handbook_languages(visible))
    return [d for d in rows if d.missing or d.outdated] if gaps_only else rows


def decision_visible_to(user, group: str) -> Decision | None:
    """One decision by its group key, as ``user`` may read it (None: nothing they can see)."""
    languages = handbook_languages(Entry.objects.visible_to(user)
                                   .exclude(status=Entry.Status.RETIRED).only("language"))
    members = list(Entry.objects.visible_to(user).filter(translation_group=group)
                   .exclude(status=Entry.Status.RETIRED).select_related("translated_from")
                   .order_by("pk"))
    return decisions(members, languages)[0] if members else None


def translatable_languages(source: Entry) -> list[str]:
    """Languages the source's decision has no live entry in yet."""
    taken = set(source.translations().exclude(status=Entry.Status.RETIRED)
                .values_list("language", flat=True)) | {source.language}
    return [code for code, _ in Language.choices if code not in taken]


def create_translation(source: Entry, *, language: str, title: str, answer: str,
                       questions: list[str] | None = None, user=None) -> Entry:
    """A new draft entry in ``language`` for the source's decision, remembering the
    source's version so a later change to the source marks it outdated. A language the
    decision already has is a field message, not a second entry."""
    if language not in translatable_languages(source):
        raise ValidationError({"language": ValidationError(
            "Choose a language this decision has no entry in yet.", code="conflict")})
    entry = Entry(translation_group=source.translation_group, language=language,
                  title=title, answer=answer, short_answer="", why=source.why,
                  kind=source.kind, audience=source.audience, team=source.team,
                  status=Entry.Status.DRAFT, translated_from=source,
                  translated_from_version=source.version)
    entry_create(entry, user=user, message=f"Translated from {source.language} "
                                           f"(version {source.version})", questions=questions)
    return entry


def mark_translated(entry: Entry, source: Entry) -> None:
    """Record that ``entry`` is now up to date with ``source``'s current version."""
    Entry.objects.filter(pk=entry.pk).update(translated_from=source,
                                             translated_from_version=source.version)
    entry.translated_from, entry.translated_from_version = source, source.version


def mark_up_to_date(entry: Entry, *, user=None) -> Entry:
    """A lead checked an outdated translation against its source's current version (and
    changed it where needed): it is no longer outdated. Audited; no new version, since the
    entry's content does not change here."""
    source = entry.translated_from
    if source is None:
        raise ValidationError({"detail": ValidationError(
            "This entry is no translation of another entry.", code="conflict")})
    if is_outdated(entry, source):
        detail = {"source": source.pk, "from_version": entry.translated_from_version,
                  "to_version": source.version}
        mark_translated(entry, source)
        log_event(user, "entry.translation_checked", entry, detail=detail)
    return entry


def export_lines(entries: Iterable[Entry] | None = None) -> Iterator[dict]:
    """The handbook as ``kb_import`` reads it (shared/eval/README.md): one dict per entry,
    with its decision as ``group``."""
    if entries is None:
        entries = Entry.objects.exclude(status=Entry.Status.RETIRED).order_by("pk")
    for entry in entries:
        questions = [q.text for q in entry.questions.all()
                     if q.status == ExampleQuestion.Status.ACCEPTED]
        yield {"id": entry.external_key or f"entry-{entry.pk}", "title": entry.title,
               "answer": entry.answer, "questions": questions, "language": entry.language,
               "group": entry.translation_group}
