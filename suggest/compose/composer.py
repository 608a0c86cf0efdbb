"""Turn one analysed message plus the best handbook entries into up to three reply drafts.

The composer never sees the customer's message text, only what the analysis concluded about
it (and its stemmed words, to pick the sentences of an answer that concern the question), so
a draft cannot echo personal data back. Everything customer-controlled (names, handles) goes
through :mod:`.names` and is inserted with safe filling, never ``str.format``.

A draft is in one language: the language of the entry it answers from, frame included
(greeting, thanks, sign-off). Entries in any other language are left out, so a bokmål
answer never sits in a nynorsk or English frame. When that language is not the customer's,
the draft says so (``FALLBACK_LANGUAGE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from text.placeholders import fill
from text.plaintext import markdown_to_plain

from . import context as context_mod
from . import framings, phrasebook, types
from .body import Body, Terms
from .context import Context
from .fitting import Plan, finish
from .types import Candidate, Draft, Framing, Situation, Voice

ALTERNATIVE_MARGIN = 0.15


@dataclass(frozen=True)
class PreparedEntry:
    candidate: Candidate
    body: Body
    short: Body | None
    warnings: tuple[str, ...]

    @property
    def entry_id(self) -> int:
        return self.candidate.entry_id


def _prepare(candidate: Candidate, ctx: Context, low_confidence: float) -> PreparedEntry | None:
    unfilled = False

    def prepared(markdown_text: str) -> Body | None:
        nonlocal unfilled
        text, missing = fill(markdown_to_plain(markdown_text), ctx.values)
        unfilled = unfilled or missing
        return Body.from_plain(text)

    body, short = prepared(candidate.answer), prepared(candidate.short_answer)
    if not (body or short):
        return None
    warnings = []
    if candidate.confidence < low_confidence:
        warnings.append(types.LOW_CONFIDENCE)
    if unfilled:
        warnings.append(types.UNFILLED_PLACEHOLDER)
    return PreparedEntry(candidate, body or short, short, tuple(warnings))


def _alternative(entries: Sequence[PreparedEntry]) -> PreparedEntry | None:
    """The second decision, when it is nearly as likely as the first and sure enough to be
    drafted on its own (a low-confidence neighbour is noise, not a choice)."""
    top = entries[0]
    for entry in entries[1:]:
        close = top.candidate.confidence - entry.candidate.confidence <= ALTERNATIVE_MARGIN
        sure = types.LOW_CONFIDENCE not in entry.warnings
        if entry.entry_id != top.entry_id and close and sure:
            return entry
    return None


def _plans(ctx: Context, entries: Sequence[PreparedEntry], low_confidence: float) -> list[Plan]:
    if ctx.vague or not entries:
        first = framings.private_first(ctx) if ctx.needs_private and not ctx.vague \
            else framings.clarify(ctx)
        plans = [first, framings.clarify(ctx, brief=True)]
        if ctx.abusive:
            plans.insert(0, framings.moderation(ctx, None, False))
        return plans
    top = entries[0]
    alt = _alternative(entries)
    plans = [framings.full(ctx, top), framings.short(ctx, top)]
    if alt is not None:
        plans.append(framings.full(ctx, alt, Framing.ALTERNATIVE))
    elif ctx.needs_private:
        plans.append(framings.private_first(ctx))
    plans.append(framings.follow_up(ctx, top))
    if ctx.abusive:
        plans[0] = framings.moderation(ctx, top, top.candidate.confidence >= low_confidence)
    return [p for p in plans if p is not None]


def _draft_language(situation: Situation, candidates: Sequence[Candidate]) -> str | None:
    """The entry's language when it has phrases (the frame follows the body)."""
    for c in candidates:
        lang = phrasebook.normalize_language(c.language)
        if lang and (c.answer.strip() or c.short_answer.strip()):
            return lang
    return None


def compose_drafts(
    situation: Situation,
    candidates: Sequence[Candidate],
    voice: Voice,
    *,
    max_drafts: int = 3,
    low_confidence: float = 0.5,
    terms: Terms | None = None,
) -> list[Draft]:
    """Up to ``max_drafts`` meaningfully different reply drafts, best first.

    Candidates are taken in the order given (retrieval's ranking); the first one's language
    is the drafts' language and candidates in other languages are skipped. With no usable
    entry (or a message with no clear topic) the drafts ask what it is about rather than
    guess. ``terms`` turns a sentence into the words compared with ``situation.focus``
    (the caller passes search's stemmer; plain lowercased words otherwise).
    """
    if max_drafts <= 0:
        return []
    wanted = phrasebook.normalize_language(situation.language)
    lang = _draft_language(situation, candidates) if not situation.vague else None
    ctx = context_mod.build(replace(situation, language=lang or situation.language), voice,
                            terms)
    if lang and wanted and lang != wanted:
        ctx = replace(ctx, warnings=(*ctx.warnings, types.FALLBACK_LANGUAGE))
    entries = [e for c in candidates
               if phrasebook.normalize_language(c.language) == ctx.lang
               and (e := _prepare(c, ctx, low_confidence)) is not None]
    drafts: list[Draft] = []
    seen: set[str] = set()
    for plan in _plans(ctx, entries, low_confidence):
        draft = finish(ctx, plan)
        if draft.text and draft.text not in seen:
            seen.add(draft.text)
            drafts.append(draft)
        if len(drafts) >= max_drafts:
            break
    return drafts
