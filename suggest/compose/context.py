"""What all drafts of one message share: language, channel, people, tone, and the phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text.placeholders import fill

from . import channels, phrasebook, types
from .body import Terms, plain_words
from .names import first_name, is_handle, mention
from .types import Situation, ToneLevel, Voice

_UPSET = frozenset({ToneLevel.NEGATIVE, ToneLevel.ANGRY})
_PERSONAL_DATA_REASON = "personal-data"


@dataclass(frozen=True)
class Context:
    lang: str
    channel: str
    public: bool
    compact: bool
    limit: int | None
    customer: str | None
    mention: str | None  # a handle to tag first (X, Instagram); never a last name
    formal: bool
    emoji: str | None
    tone: ToneLevel
    negative: bool
    strong_apology: bool
    abusive: bool
    personal_data: bool  # personal data in a public message: hide it and move
    needs_private: bool  # a public message that should move to a private channel
    is_question: bool
    vague: bool
    focus: frozenset[str]
    signoff: str
    signoff_compact: str
    brand: str
    values: dict[str, str]
    warnings: tuple[str, ...]
    terms: Terms = field(default=plain_words)

    def p(self, key: str, **values: str) -> str:
        return phrasebook.phrase(self.lang, key, brand=self.brand, **values)

    @property
    def warm(self) -> bool:
        """Friendly extras (closing line, emoji) only when nobody is upset or exposed."""
        return not (self.negative or self.abusive or self.personal_data)

    def opening(self) -> str | None:
        """One line that meets the customer where they are: sorry when upset, thanks
        otherwise (for a question, or for getting in touch); none when abusive."""
        if self.abusive:
            return None
        if self.negative:
            return self.p("apology_strong" if self.strong_apology else "apology")
        key = "ack_question" if self.is_question else "ack_message"
        return self.p(key + ("_formal" if self.formal else ""))

    def private_line(self) -> str | None:
        """Move to a private channel: only on a public channel, and only when needed."""
        if not self.needs_private:
            return None
        return self.p("private_personal_data" if self.personal_data else "private")


def _tone(value: str) -> ToneLevel:
    try:
        return ToneLevel((value or "neutral").strip().lower())
    except ValueError:
        return ToneLevel.NEUTRAL


def build(situation: Situation, voice: Voice, terms: Terms | None = None) -> Context:
    lang = phrasebook.normalize_language(situation.language)
    warnings: list[str] = [] if lang else [types.UNSUPPORTED_LANGUAGE]
    lang = lang or phrasebook.FALLBACK_LANGUAGE
    rule = channels.rule(situation.channel)
    public = situation.public or rule.public
    customer = first_name(situation.customer_name)
    agent = first_name(situation.agent_name)
    brand = " ".join((voice.brand or "").replace("{", "").replace("}", "").split())
    tag = mention(situation.customer_name, situation.channel)
    if tag and not is_handle(situation.customer_name):
        tag = None  # a display name: the greeting names her, a tag would only repeat it
    tone = _tone(situation.tone)
    negative = tone in _UPSET or situation.escalating
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
    return Context(
        lang=lang,
        channel=situation.channel,
        public=public,
        compact=rule.compact,
        limit=rule.limit,
        customer=customer,
        mention=tag,
        formal=voice.formal,
        emoji=phrasebook.phrases(lang)["emoji"] if emoji_on else None,
        tone=tone,
        negative=negative,
        strong_apology=tone == ToneLevel.ANGRY or situation.escalating,
        abusive=tone == ToneLevel.ABUSIVE,
        personal_data=personal_data,
        needs_private=public and (situation.move_private or negative or personal_data
                                  or situation.handbook_says_private),
        is_question=situation.is_question,
        vague=situation.vague,
        focus=situation.focus,
        signoff=signoff,
        signoff_compact=compact_signoff,
        brand=brand,
        values=values,
        warnings=tuple(warnings),
        terms=terms or plain_words,
    )
