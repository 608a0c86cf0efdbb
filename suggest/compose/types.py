"""Plain data in and out of the composer, so it can be used and tested without Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
    tone: str = "neutral"  # neutral | negative | angry | abusive
    escalating: bool = False
    move_private: bool = False
    move_private_reasons: tuple[str, ...] = ()
    personal_data_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """One reply an agent can send after a glance."""

    text: str
    entry_id: int | None
    framing: str  # full | concise | alternative-entry | private-first | moderation | clarify
    warnings: tuple[str, ...] = ()


# Warning codes, kept in one place so the UI and tests spell them the same way.
OVER_LENGTH = "over-length"
LOW_CONFIDENCE = "low-confidence"
CONTAINS_PERSONAL_DATA = "contains-personal-data"
TRANSLATED_ENTRY = "translated-entry"
UNFILLED_PLACEHOLDER = "unfilled-placeholder"
UNSUPPORTED_LANGUAGE = "unsupported-language"
