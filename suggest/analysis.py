"""Step 2 of a suggestion: what is in the customer's message (language, personal data, tone,
whether it asks something and has a topic at all) and whether the conversation must move to
a private channel.

Personal data never costs the answer: the text the handbook is searched with is the
message without the clauses that only carry the redacted data ("ring meg på [phone]"), so
"mistet telefonen, ring meg på …" matches as "mistet telefonen" would. Likewise a threat
to leave or go public is no part of the topic: "… ellers bestiller jeg aldri mer hos dere"
is searched without its last clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.text import stemmed_terms
from suggest.analysis_words import GENERIC_WORDS, GREETING_WORDS, QUESTION_OPENERS
from suggest.tone import Tone, analyse_tone, without_threats
from text.language_choice import choose_language, relative_confidence
from text.languages import valid_language
from text.personal_data import Finding, find_personal_data, redact

# With no hint, a text this short whose detection is unsure stays in the brand's home
# language when the detector finds it at least this plausible relative to its first choice
# ("pris?" reads as Danish as much as Norwegian; "hjälp" does not read as Norwegian).
HOME_MAX_WORDS = 2
HOME_RELATIVE = 0.5
HOME_UNSURE_BELOW = 0.6
VAGUE_MAX_WORDS = 4  # "eg treng hjelp", "kan dere hjelpe meg": fillers around no topic
FOCUS_MIN = 3

_REDACTION = re.compile(r"\[(?:email|phone|national-id|card|iban|address)\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r",\s+|\s+(?:og|eller|och|eller|ja|tai|and|or)\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Analysis:
    language: str
    language_confidence: float
    personal_data: tuple[Finding, ...]
    tone: Tone
    move_private: bool
    move_private_reasons: tuple[str, ...]
    redacted_text: str
    matching_text: str  # what the handbook is searched with: no personal-data clauses
    focus: frozenset[str]
    is_question: bool
    vague: bool

    def as_json(self) -> dict:
        """What clients see: kinds and positions of personal data, never the values."""
        return {
            "language": self.language,
            "language_confidence": round(self.language_confidence, 3),
            "personal_data": [{"kind": f.kind, "start": f.start, "end": f.end}
                              for f in self.personal_data],
            "tone": self.tone.level,
            "escalating": self.tone.escalating,
            "tone_reasons": list(self.tone.reasons),
            "move_private": self.move_private,
            "move_private_reasons": list(self.move_private_reasons),
            "is_question": self.is_question,
            "vague": self.vague,
        }


def without_personal_data(redacted: str) -> str:
    """The redacted text less the clauses that hold a redaction (the whole text, with the
    placeholders dropped, when nothing else would be left)."""
    if not _REDACTION.search(redacted):
        return redacted
    kept = []
    for sentence in _SENTENCE.split(redacted):
        if not _REDACTION.search(sentence):
            kept.append(sentence)
            continue
        clauses = [c for c in _CLAUSE.split(sentence) if c and not _REDACTION.search(c)]
        if clauses:
            kept.append(", ".join(c.strip(" ,") for c in clauses))
    text = " ".join(k for k in kept if _WORD.search(k))
    return text or " ".join(_REDACTION.sub(" ", redacted).split())


def _content_words(text: str, language: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    greetings = GREETING_WORDS.get(language, frozenset()) | GREETING_WORDS["en"]
    return [w for w in words if w not in greetings]


def is_vague(text: str, language: str) -> bool:
    """A few words that name no topic ("pris?", "hjelp", "eg treng hjelp", "hei!")."""
    words = _content_words(text, language)
    if not words:
        return bool(text.strip())
    if len(words) > VAGUE_MAX_WORDS:
        return False
    generic = GENERIC_WORDS.get(language, frozenset()) | GENERIC_WORDS["en"]
    return all(w in generic for w in words)


def is_question(text: str, language: str) -> bool:
    words = _content_words(text, language)
    openers = QUESTION_OPENERS.get(language, frozenset()) | QUESTION_OPENERS["en"]
    return "?" in text or bool(words and words[0] in openers)


def _language(text: str, hint: str | None, home: str | None) -> tuple[str, float]:
    """The product's policy (text.language_choice), and with no hint the brand's home
    language for a one- or two-word text that reads as well in it."""
    choice = choose_language(text, hint)
    home = valid_language(home)
    if (hint is None and home and home != choice.language
            and choice.confidence < HOME_UNSURE_BELOW
            and len(_WORD.findall(text)) <= HOME_MAX_WORDS
            and relative_confidence(text, home) >= HOME_RELATIVE):
        return home, choice.confidence
    return choice.language, choice.confidence


def analyse(text: str, *, public: bool, language_hint: str | None = None,
            home_language: str | None = None) -> Analysis:
    findings = tuple(find_personal_data(text))
    redacted = redact(text) if findings else text
    matching = without_personal_data(redacted)
    language, confidence = _language(matching, language_hint, home_language)
    tone = analyse_tone(redacted, language)
    if tone.escalating:
        matching = without_threats(matching, language)
    reasons = []
    if public and findings:
        reasons.append("personal-data")
    if public and tone.escalating:
        reasons.append("escalating")
    if public and tone.level in ("negative", "angry"):
        reasons.append("upset-customer")
    focus = frozenset(t for t in stemmed_terms(matching, language) if len(t) >= FOCUS_MIN)
    return Analysis(language, confidence, findings, tone, bool(reasons), tuple(reasons),
                    redacted, matching, focus, is_question(matching, language),
                    is_vague(matching, language))
