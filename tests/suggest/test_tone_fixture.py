"""Tone on a labelled set written for it (tests/suggest/fixtures/tone_labelled.tsv: 32 messages per
language, nb nn sv da fi en): precision and recall per class, printed per language and
overall (`pytest -s tests/suggest/test_tone_fixture.py`), with floors that keep them from sliding.
The set was written once and the word lists were not tuned to it message by message."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from suggest.compose.types import ToneLevel
from suggest.tone import analyse_tone

FIXTURE = Path(__file__).parent / "fixtures" / "tone_labelled.tsv"
CLASSES = [level.value for level in ToneLevel]
# Neutral messages that use a "switch" word: none may read as a churn threat.
SWITCH_WORDS = ("bytt", "byte", "byta", "skift", "vaihd", "vaihta", "switch", "change",
                "går over til", "gå over til", "går över till", "endre", "ändra", "ændre")


def rows() -> list[tuple[str, str, str]]:
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, tone, text = line.split("\t")
            out.append((language, tone, text))
    return out


def scores(pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float, int]]:
    """class -> (precision, recall, support) over (gold, predicted) pairs."""
    gold, predicted = Counter(g for g, _ in pairs), Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    return {c: (hits[c] / predicted[c] if predicted[c] else 0.0,
                hits[c] / gold[c] if gold[c] else 0.0, gold[c]) for c in CLASSES}


def table() -> tuple[dict[str, dict], dict]:
    by_language: dict[str, list] = {}
    for language, tone, text in rows():
        by_language.setdefault(language, []).append((tone, analyse_tone(text, language).level))
    every = [pair for pairs in by_language.values() for pair in pairs]
    return {lang: scores(pairs) for lang, pairs in by_language.items()}, scores(every)


def test_fixture_has_30_realistic_messages_per_language_and_every_class():
    counts = Counter(language for language, _, _ in rows())
    assert set(counts) == {"nb", "nn", "sv", "da", "fi", "en"}
    assert all(n >= 30 for n in counts.values()), counts
    assert {tone for _, tone, _ in rows()} == set(CLASSES)


def test_precision_and_recall_per_class(capsys):
    per_language, overall = table()
    with capsys.disabled():
        print("\ntone on tests/suggest/fixtures/tone_labelled.tsv (precision / recall, support)")
        for name, result in [*sorted(per_language.items()), ("all", overall)]:
            print(f"{name:>4}: " + "  ".join(f"{c} {p:.2f}/{r:.2f} ({n})"
                                            for c, (p, r, n) in result.items()))
    for c in CLASSES:
        precision, recall, _ = overall[c]
        assert precision >= 0.7 and recall >= 0.7, (c, precision, recall)
    # anger is told apart from calm in every language, English included
    for language, result in per_language.items():
        assert result["neutral"][1] >= 0.85, language
        assert result["angry"][1] + result["abusive"][1] >= 1.0, language


@pytest.mark.parametrize("language,text", [
    (language, text) for language, tone, text in rows()
    if tone == "neutral" and any(w in text.lower() for w in SWITCH_WORDS)])
def test_neutral_switch_words_are_no_churn_threat(language, text):
    tone = analyse_tone(text, language)
    assert tone.level == "neutral" and not tone.escalating, tone
