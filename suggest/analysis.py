"""Step 2 of a suggestion: what is in the customer's message (language, personal data, tone)
and whether the conversation must move to a private channel."""

from __future__ import annotations

from dataclasses import dataclass

from suggest.tone import Tone, analyse_tone
from text.language_choice import choose_language
from text.personal_data import Finding, find_personal_data, redact


@dataclass(frozen=True)
class Analysis:
    language: str
    language_confidence: float
    personal_data: tuple[Finding, ...]
    tone: Tone
    move_private: bool
    move_private_reasons: tuple[str, ...]
    redacted_text: str

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
        }


def analyse(text: str, *, public: bool, language_hint: str | None = None) -> Analysis:
    findings = tuple(find_personal_data(text))
    redacted = redact(text) if findings else text
    choice = choose_language(redacted, language_hint)
    language, confidence = choice.language, choice.confidence
    tone = analyse_tone(redacted, language)
    reasons = []
    if public and findings:
        reasons.append("personal-data")
    if public and tone.escalating:
        reasons.append("escalating")
    if public and tone.level in ("negative", "angry"):
        reasons.append("upset-customer")
    return Analysis(language, confidence, findings, tone, bool(reasons), tuple(reasons), redacted)
