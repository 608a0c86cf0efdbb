"""Turn one analysed message plus the best handbook entries into up to three reply drafts.

The composer never sees the customer's message text, only what the analysis concluded about
it, so a draft cannot echo personal data back. Everything customer-controlled (names, handles)
goes through :mod:`.names` and is inserted with safe filling, never ``str.format``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from text.personal_data import find_personal_data
from text.placeholders import fill
from text.plaintext import LIST_ITEM, markdown_to_plain, split_sentences

from . import channels, phrasebook, types
from .names import first_name, is_handle, mention
from .types import Candidate, Draft, Situation, Voice

ALTERNATIVE_MARGIN = 0.15
_NEGATIVE_TONES = frozenset({"negative", "angry"})
_PERSONAL_DATA_REASON = "personal-data"
# Support e-mail addresses and phone numbers are normal in handbook answers; these are not.
_NEVER_IN_A_REPLY = frozenset({"national-id", "card", "iban"})


# --------------------------------------------------------------------------------------------
# The answer body: paragraphs -> lines -> sentences, so it can be shortened at sentence bounds.


@dataclass(frozen=True)
class _Body:
    paragraphs: tuple[tuple[tuple[str, ...], ...], ...]

    @classmethod
    def from_plain(cls, text: str) -> _Body | None:
        paragraphs = []
        for block in text.split("\n\n"):
            lines = []
            for line in block.split("\n"):
                if line.strip():
                    lines.append((line,) if LIST_ITEM.match(line) else tuple(split_sentences(line)))
            if lines:
                paragraphs.append(tuple(lines))
        return cls(tuple(paragraphs)) if paragraphs else None

    @classmethod
    def single(cls, sentence: str) -> _Body:
        return cls((((sentence,),),))

    def units(self) -> list[str]:
        return [s for para in self.paragraphs for line in para for s in line]

    @property
    def size(self) -> int:
        return len(self.units())

    def first_sentence(self) -> str | None:
        """The first unit that stands on its own (not a "Do this:" list intro)."""
        for unit in self.units():
            text = LIST_ITEM.sub("", unit).strip()
            if text and not text.endswith(":"):
                return text
        return None

    def render(self, keep: int | None, compact: bool) -> str:
        units = self.units()
        keep = len(units) if keep is None else max(1, min(keep, len(units)))
        if keep < len(units):
            while keep > 1 and units[keep - 1].rstrip().endswith(":"):
                keep -= 1  # never end a shortened answer on a dangling "Slik gjør du:"
        lines: list[tuple[bool, str]] = []  # (starts a paragraph, text)
        left = keep
        for para in self.paragraphs:
            for index, line in enumerate(para):
                if left <= 0:
                    break
                taken = line[:left]
                left -= len(taken)
                lines.append((index == 0, " ".join(taken)))
        out = ""
        for position, (new_para, text) in enumerate(lines):
            if position:
                listy = LIST_ITEM.match(text) or LIST_ITEM.match(lines[position - 1][1])
                if compact:
                    out += "\n" if listy else " "
                else:
                    out += "\n\n" if new_para else "\n"
            out += text
        return out


# --------------------------------------------------------------------------------------------
# Context shared by all drafts of one message.


@dataclass(frozen=True)
class _Context:
    lang: str
    channel: str
    public: bool
    compact: bool
    limit: int | None
    customer: str | None
    mention: str | None
    mention_in_greeting: bool
    formal: bool
    emoji: str | None
    tone: str
    negative: bool
    strong_apology: bool
    abusive: bool
    personal_data: bool
    needs_private: bool
    signoff: str
    signoff_compact: str
    brand: str
    values: dict[str, str]
    warnings: tuple[str, ...]

    def p(self, key: str, **values: str) -> str:
        return phrasebook.phrase(self.lang, key, brand=self.brand, **values)

    @property
    def warm(self) -> bool:
        """Friendly extras (closing line, emoji) only when nobody is upset or exposed."""
        return not (self.negative or self.abusive or self.personal_data)

    def thanks(self) -> str | None:
        """Thanking an upset or abusive customer "for reaching out" reads as sarcasm."""
        if self.negative or self.abusive:
            return None
        return self.p("thanks_formal" if self.formal else "thanks")


def _context(situation: Situation, voice: Voice) -> _Context:
    lang = phrasebook.normalize_language(situation.language)
    warnings: list[str] = [] if lang else [types.UNSUPPORTED_LANGUAGE]
    lang = lang or phrasebook.FALLBACK_LANGUAGE
    rule = channels.rule(situation.channel)
    public = situation.public or rule.public
    customer = first_name(situation.customer_name)
    agent = first_name(situation.agent_name)
    brand = " ".join((voice.brand or "").replace("{", "").replace("}", "").split())
    tag = mention(situation.customer_name, situation.channel)
    tone = (situation.tone or "neutral").strip().lower()
    negative = tone in _NEGATIVE_TONES or situation.escalating
    personal_data = public and bool(
        situation.personal_data_kinds or _PERSONAL_DATA_REASON in situation.move_private_reasons
    )
    values = {
        "customer_first_name": customer or "",
        "agent_first_name": agent or "",
        "brand": brand,
    }

    signoff_key = "signoff" if agent else "signoff_team"
    signoff = phrasebook.phrase(lang, signoff_key, agent=agent or "", brand=brand)
    compact_signoff = phrasebook.phrase(lang, "signoff_compact", agent=agent or brand)
    custom = (voice.signoffs or {}).get(lang)
    if custom and (agent or not re.search(r"\{\{?\s*agent", custom)):
        signoff, unfilled = fill(custom, {**values, "agent": agent or ""})
        compact_signoff = signoff
        if unfilled:
            warnings.append(types.UNFILLED_PLACEHOLDER)

    emoji_on = voice.emoji == "sparing" and not voice.formal
    return _Context(
        lang=lang,
        channel=situation.channel,
        public=public,
        compact=rule.compact,
        limit=rule.limit,
        customer=customer,
        mention=tag,
        mention_in_greeting=bool(tag)
        and situation.channel == "facebook_comment"
        and not is_handle(situation.customer_name),
        formal=voice.formal,
        emoji=phrasebook.phrases(lang)["emoji"] if emoji_on else None,
        tone=tone,
        negative=negative,
        strong_apology=tone == "angry" or situation.escalating,
        abusive=tone == "abusive",
        personal_data=personal_data,
        needs_private=public and (situation.move_private or negative or personal_data),
        signoff=signoff,
        signoff_compact=compact_signoff,
        brand=brand,
        values=values,
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------------------------
# Handbook entries, prepared once.


@dataclass(frozen=True)
class _Entry:
    candidate: Candidate
    body: _Body | None
    short: _Body | None
    title: str
    warnings: tuple[str, ...]

    @property
    def entry_id(self) -> int:
        return self.candidate.entry_id

    @property
    def concise(self) -> _Body | None:
        if self.short:
            return self.short
        if self.body and len(self.body.paragraphs) > 1:
            return _Body(self.body.paragraphs[:1])
        return self.body

    def sentence(self) -> str | None:
        return (self.short and self.short.first_sentence()) or (
            self.body and self.body.first_sentence()
        )


def _entry(candidate: Candidate, ctx: _Context, low_confidence: float) -> _Entry | None:
    unfilled = False

    def prepared(markdown_text: str) -> _Body | None:
        nonlocal unfilled
        text, missing = fill(markdown_to_plain(markdown_text), ctx.values)
        unfilled = unfilled or missing
        return _Body.from_plain(text)

    body, short = prepared(candidate.answer), prepared(candidate.short_answer)
    if not (body or short):
        return None
    title, missing = fill(" ".join((candidate.title or "").split()), ctx.values)
    warnings = []
    if candidate.confidence < low_confidence:
        warnings.append(types.LOW_CONFIDENCE)
    if phrasebook.normalize_language(candidate.language) != ctx.lang:
        warnings.append(types.TRANSLATED_ENTRY)
    if unfilled or missing:
        warnings.append(types.UNFILLED_PLACEHOLDER)
    return _Entry(candidate, body or short, short, title, tuple(warnings))


def _topic(title: str, brand: str) -> str | None:
    """The title as a noun phrase inside a sentence, or ``None`` when that would be ungrammatical
    (questions, very long titles). Lowercased unless it starts with an acronym/proper noun."""
    topic = title.strip().rstrip(".!:;").strip()
    if not topic or topic.endswith("?") or len(topic) > 80:
        return None
    word = topic.split()[0]
    keep = (
        any(ch.isupper() for ch in word[1:])
        or any(ch.isdigit() for ch in word)
        or (brand and topic.lower().startswith(brand.split()[0].lower()))
    )
    return topic if keep else topic[0].lower() + topic[1:]


def _ack(ctx: _Context, entry: _Entry | None) -> str:
    problem = ctx.negative
    topic = _topic(entry.title, ctx.brand) if entry else None
    if not topic:
        return ctx.p("ack_generic_problem" if problem else "ack_generic")
    title = entry.title.strip().rstrip(".!:;").strip() if entry else ""
    return ctx.p("ack_problem" if problem else "ack", topic=topic, title=title)


# --------------------------------------------------------------------------------------------
# A draft plan and its rendering / shortening.


@dataclass(frozen=True)
class _Plan:
    framing: str
    entry: _Entry | None = None
    lead: tuple[str, ...] = ()
    apology: str | None = None
    apology_plain: str | None = None
    thanks: str | None = None
    ack: str | None = None
    body: _Body | None = None
    short: _Body | None = None
    tail: tuple[str, ...] = ()
    closing: str | None = None
    emoji: bool = False
    body_optional: bool = False  # the lead/tail carry the message; the answer is a bonus


@dataclass(frozen=True)
class _Trim:
    short: bool = False
    emoji: bool = True
    closing: bool = True
    ack: bool = True
    thanks: bool = True
    strong_apology: bool = True
    greeting: str = "name"  # name | anon | none
    signoff: bool = True
    units: int | None = None
    apology: bool = True
    body: bool = True


def _trims(plan: _Plan) -> Iterator[_Trim]:
    """Ever shorter variants; the first that fits wins.

    Framing goes first (the short answer, emoji, closing, acknowledgement, thanks, the name in
    the greeting). Then the bare "Hei!" and sign-off go, but only if that alone makes the whole
    answer fit; otherwise they stay and whole trailing sentences of the answer go instead.
    """
    trim = _Trim()
    yield trim
    steps = (
        {"short": True}, {"emoji": False}, {"closing": False}, {"ack": False},
        {"thanks": False}, {"strong_apology": False}, {"greeting": "anon"},
    )  # fmt: skip
    for step in steps:
        trim = replace(trim, **step)
        yield trim
    bare = replace(trim, greeting="none", signoff=False)
    yield bare
    body = plan.short or plan.body
    for base in (trim, bare):
        for keep in range((body.size if body else 1) - 1, 0, -1):
            yield replace(base, units=keep)
        if plan.body_optional:  # e.g. a moderation note stands on its own without the answer
            yield replace(base, body=False)
    yield replace(bare, units=1, apology=False, body=not plan.body_optional)


def _greeting(ctx: _Context, level: str) -> str:
    tag, text = ctx.mention, ""
    suffix = "_formal" if ctx.formal else ""
    if level == "name" and ctx.mention_in_greeting and tag:
        text, tag = ctx.p("greeting_name" + suffix, name=tag), None
    elif level == "name" and ctx.customer:
        text = ctx.p("greeting_name" + suffix, name=ctx.customer)
    elif level in ("name", "anon"):
        text = ctx.p("greeting_anon" + suffix)
    if ctx.compact and text.endswith(","):
        text = text[:-1] + ("." if ctx.formal else "!")
    return " ".join(part for part in (tag, text) if part)


def _render(ctx: _Context, plan: _Plan, trim: _Trim) -> str:
    intro = []
    if plan.apology and trim.apology:
        intro.append(plan.apology if trim.strong_apology else plan.apology_plain or plan.apology)
    intro += plan.lead
    if plan.thanks and trim.thanks:
        intro.append(plan.thanks)
    if plan.ack and trim.ack:
        intro.append(plan.ack)
    body = (plan.short if trim.short and plan.short else plan.body) if trim.body else None
    parts = [
        " ".join(intro),
        body.render(trim.units, ctx.compact) if body else "",
        " ".join(plan.tail),
        plan.closing if trim.closing and plan.closing else "",
    ]
    if plan.emoji and trim.emoji and ctx.emoji:
        last = max((i for i, part in enumerate(parts) if part), default=None)
        if last is not None:
            parts[last] += f" {ctx.emoji}"
    signoff = (ctx.signoff_compact if ctx.compact else ctx.signoff) if trim.signoff else ""
    blocks = [_greeting(ctx, trim.greeting), *parts, signoff]
    blocks = [block.strip() for block in blocks if block and block.strip()]
    if not ctx.compact:
        return "\n\n".join(blocks)
    text = ""
    for block in blocks:
        if text:
            last_line = text.rsplit("\n", 1)[-1]
            text += "\n" if LIST_ITEM.match(last_line) or LIST_ITEM.match(block) else " "
        text += block
    return text


def _finish(ctx: _Context, plan: _Plan) -> Draft:
    """Render the plan, shortened just enough for the channel, with its warnings."""
    trim, over = _Trim(), False
    text = _render(ctx, plan, trim)
    if ctx.limit is not None and not channels.fits(text, ctx.channel):
        over = True
        for trim in _trims(plan):  # the fitting trim decides which entry was used
            text = _render(ctx, plan, trim)
            if channels.fits(text, ctx.channel):
                over = False
                break
    entry = plan.entry if plan.entry and (plan.body or plan.short) and trim.body else None
    warnings = [*ctx.warnings, *(entry.warnings if entry else ())]
    if over:
        warnings.append(types.OVER_LENGTH)
    if any(f.kind in _NEVER_IN_A_REPLY for f in find_personal_data(text)):
        warnings.append(types.CONTAINS_PERSONAL_DATA)
    entry_id = entry.entry_id if entry else None
    return Draft(text, entry_id, plan.framing, tuple(dict.fromkeys(warnings)))


# --------------------------------------------------------------------------------------------
# The draft kinds.


def _apologies(ctx: _Context) -> dict[str, str | None]:
    if not ctx.negative or ctx.abusive:
        return {"apology": None, "apology_plain": None}
    plain = ctx.p("apology")
    return {
        "apology": ctx.p("apology_strong") if ctx.strong_apology else plain,
        "apology_plain": plain,
    }


def _private_line(ctx: _Context) -> tuple[str, ...]:
    if not ctx.needs_private:
        return ()
    return (ctx.p("private_personal_data" if ctx.personal_data else "private"),)


def _full(ctx: _Context, entry: _Entry, framing: str = "full") -> _Plan:
    return _Plan(
        framing,
        entry,
        **_apologies(ctx),
        thanks=ctx.thanks(),
        ack=_ack(ctx, entry),
        body=entry.body,
        short=entry.short,
        tail=_private_line(ctx),
        closing=ctx.p("closing") if ctx.warm else None,
        emoji=ctx.warm,
    )


def _concise(ctx: _Context, entry: _Entry) -> _Plan:
    apologies = _apologies(ctx)
    return _Plan(
        "concise",
        entry,
        apology=apologies["apology_plain"],
        body=entry.concise,
        tail=_private_line(ctx),
        emoji=ctx.warm,
    )


def _in_short(ctx: _Context, entry: _Entry | None) -> _Body | None:
    sentence = entry.sentence() if entry else None
    if not sentence:
        return None
    if sentence[-1] not in ".!?…)»”":
        sentence += "."
    return _Body.single(ctx.p("in_short", sentence=sentence))


def _private_first(ctx: _Context, entry: _Entry | None) -> _Plan:
    """Move the case to a private channel first; one sentence of the answer for context."""
    line = ctx.p("private_personal_data" if ctx.personal_data else "private")
    # the privacy notice must come first, so it carries no apology in front of it
    apology = None if ctx.personal_data else _apologies(ctx)["apology_plain"]
    body = _in_short(ctx, entry)
    if body is None and not ctx.personal_data:  # no answer to give: thank, then ask to DM
        return _Plan("private-first", None, apology=apology, thanks=ctx.thanks(), tail=(line,))
    return _Plan(
        "private-first", entry, lead=(line,), apology=apology, body=body, body_optional=True
    )


def _moderation(ctx: _Context, entry: _Entry | None, confident: bool) -> _Plan:
    """Calm, short, no arguing: the guidelines, the answer if there was a real question, help."""
    lead = ctx.p("moderation" if ctx.public else "moderation_private")
    help_line = ctx.p("moderation_help" if ctx.public else "moderation_help_here")
    body = entry.concise if entry and confident else None
    return _Plan(
        "moderation",
        entry if body else None,
        lead=(lead,),
        body=body,
        tail=(help_line,),
        body_optional=True,
    )


def _clarify(ctx: _Context, entry: _Entry | None) -> _Plan:
    """For private channels: a short answer plus an explicit invitation to correct our guess."""
    if entry is None:
        tail = (ctx.p("ask_details"),)
        return _Plan("clarify", None, **_apologies(ctx), thanks=ctx.thanks(), tail=tail)
    sentence = entry.sentence()
    body = _Body.single(sentence) if sentence else entry.concise
    return _Plan(
        "clarify",
        entry,
        apology=_apologies(ctx)["apology_plain"],
        body=body,
        tail=(*_private_line(ctx), ctx.p("clarify")),
    )


def _alternative(entries: Sequence[_Entry]) -> _Entry | None:
    top = entries[0]
    for entry in entries[1:]:
        close = top.candidate.confidence - entry.candidate.confidence <= ALTERNATIVE_MARGIN
        if entry.entry_id != top.entry_id and close:
            return entry
    return None


def _plans(ctx: _Context, entries: Sequence[_Entry], low_confidence: float) -> list[_Plan]:
    top = entries[0] if entries else None
    if top is None:
        first = _private_first(ctx, None) if ctx.public else _clarify(ctx, None)
        plans = [first]
        if ctx.abusive:
            plans.insert(0, _moderation(ctx, None, False))
        return plans
    alt = _alternative(entries)
    third = (
        _full(ctx, alt, "alternative-entry")
        if alt
        else (_private_first(ctx, top) if ctx.public else _clarify(ctx, top))
    )
    plans = [_full(ctx, top), _concise(ctx, top), third]
    if ctx.abusive:
        plans = [_moderation(ctx, top, top.candidate.confidence >= low_confidence), *plans[1:]]
    if ctx.personal_data:
        plans = [_private_first(ctx, top), *[p for p in plans if p.framing != "private-first"]]
    # Spares, used only when shortening made two of the above identical (tight X replies).
    spares = [_private_first(ctx, top)] if ctx.public else []
    spares.append(_clarify(ctx, top))
    return plans + [p for p in spares if p.framing not in {q.framing for q in plans}]


# --------------------------------------------------------------------------------------------


def compose_drafts(
    situation: Situation,
    candidates: Sequence[Candidate],
    voice: Voice,
    *,
    max_drafts: int = 3,
    low_confidence: float = 0.5,
) -> list[Draft]:
    """Up to ``max_drafts`` meaningfully different reply drafts, best first.

    Candidates are taken in the order given (retrieval's ranking). Entries without usable text
    are skipped; with no usable entry the drafts ask for details or a private message rather
    than sending an empty "thanks, we'll get back to you".
    """
    if max_drafts <= 0:
        return []
    ctx = _context(situation, voice)
    entries = [e for c in candidates if (e := _entry(c, ctx, low_confidence)) is not None]
    drafts: list[Draft] = []
    seen: set[str] = set()
    for plan in _plans(ctx, entries, low_confidence):
        draft = _finish(ctx, plan)
        if draft.text and draft.text not in seen:
            seen.add(draft.text)
            drafts.append(draft)
        if len(drafts) >= max_drafts:
            break
    return drafts
