"""Plain data in and out of the composer, so it can be used and tested without Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class ToneLevel(StrEnum):
    """How upset the customer is (suggest.tone decides), mildest first."""

    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    ANGRY = "angry"
    ABUSIVE = "abusive"


class Framing(StrEnum):
    """What a draft is, as the agent chooses between them."""

    FULL = "full"  # the whole answer
    SHORT = "short"  # only the part of the answer that fits the question
    ALTERNATIVE = "alternative-entry"  # the second decision, when the top two are close
    PRIVATE_FIRST = "private-first"  # move to a private channel (upset or personal data)
    FOLLOW_UP = "follow-up"  # the short answer plus an invitation to say more
    CLARIFY = "clarify"  # no clear topic: ask what it is about
    MODERATION = "moderation"  # abusive: the guidelines, calmly


@dataclass(frozen=True)
class Voice:
    """Brand voice settings (stored in the database by others, passed in here)."""

    brand: str
    formal: bool = False
    emoji: str = "none"  # "none" | "sparing"
    signoffs: Mapping[str, str] = field(default_factory=dict)  # language -> pattern


@dataclass(frozen=True)
class Candidate:
    """One handbook entry that retrieval found for the message."""

    entry_id: int
    version: int
    title: str
    answer: str  # Markdown, may contain placeholders
    short_answer: str  # may be ""; one sentence for tight channels
    why: str
    language: str
    confidence: float


@dataclass(frozen=True)
class Situation:
    """What the analysis found about the customer's message (never the message text itself)."""

    language: str
    customer_name: str
    agent_name: str
    channel: str
    public: bool
    tone: str = ToneLevel.NEUTRAL
    escalating: bool = False
    move_private: bool = False
    move_private_reasons: tuple[str, ...] = ()
    personal_data_kinds: tuple[str, ...] = ()
    # Stemmed words of the (redacted) message, so the short draft can keep the sentences
    # of the answer that concern the question; never the message itself.
    focus: frozenset[str] = frozenset()
    is_question: bool = True
    vague: bool = False  # one or two words with no clear topic: ask, do not guess
    # The brand's rule or the customer's situation asks for a private channel.
    handbook_says_private: bool = False


@dataclass(frozen=True)
class Draft:
    """One reply an agent can send after a glance."""

    text: str
    entry_id: int | None
    framing: str  # a Framing
    warnings: tuple[str, ...] = ()


# Warning codes, kept in one place so the UI and tests spell them the same way.
OVER_LENGTH = "over-length"
LOW_CONFIDENCE = "low-confidence"
CONTAINS_PERSONAL_DATA = "contains-personal-data"
TRANSLATED_ENTRY = "translated-entry"
UNFILLED_PLACEHOLDER = "unfilled-placeholder"
UNSUPPORTED_LANGUAGE = "unsupported-language"
# The decision has no entry in the customer's language; the draft is wholly in the brand's
# fallback language (the word "translation" is what agents and tools look for).
FALLBACK_LANGUAGE = "fallback-language: no translation in the customer's language"
