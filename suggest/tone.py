"""Rough tone of a customer message, so an agent sees at a glance who needs extra care.

This is word-list matching, not understanding: it counts complaint words, swearing,
insults and escalation phrases (suggest/tone_words.py), plus shouting (ALL CAPS, "!!!").
It does not detect sarcasm, irony or politeness, and it only handles negation in the
simplest form ("ikke dårlig", "not bad"). Its job is to order and flag, never to decide.

Levels, from the signals found:
    abusive   an insult (aimed, in a message to customer care, at the agent or company),
              or heavy profanity (three or more, or swearing while shouting in capitals)
    angry     any profanity, or complaint words together with shouting (caps or "!!!")
    negative  complaint words, or a threat to leave or go public
    neutral   none of the above (shouting alone is reported but does not change the level:
              "TAKK FOR HJELPEN!!!" is not a complaint)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from suggest.tone_words import RELATED_LANGUAGES, SHARED_ENGLISH, TONE_WORDS

LEVELS: tuple[str, ...] = ("neutral", "negative", "angry", "abusive")


@dataclass(frozen=True)
class Tone:
    """Result of analyse_tone; ``reasons`` are short English codes, most severe first."""

    level: str  # "neutral" | "negative" | "angry" | "abusive"
    escalating: bool
    reasons: tuple[str, ...]


_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?\n]+")
_REPEATED_CHAR = re.compile(r"(.)\1{2,}")
_EXCLAMATION = re.compile(r"[!?]*![!?]*")
_SHOUT_MIN_WORDS = 3
_CONJUNCTIONS = frozenset({"og", "men", "och", "ja", "mutta", "and", "but", "so", "så"})


def _normalise(text: str) -> str:
    """Lowercase, unify apostrophes and squash "dååårlig"/"sooo" to single letters."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").lower()
    return _REPEATED_CHAR.sub(r"\1", text)


def _pattern_regex(pattern: str) -> str:
    """Turn "skuff* av" into a regex over a space-joined token string."""
    out = ""
    for token in pattern.split():
        if token == "...":
            out += r"(?:\S+ ){0,4}"
            continue
        out += (re.escape(token[:-1]) + r"\S*" if token.endswith("*") else re.escape(token)) + " "
    return out[:-1]


@lru_cache(maxsize=16)
def _lexicon(language: str) -> dict[str, re.Pattern[str]]:
    """One compiled alternation per category for ``language`` (unknown: all languages)."""
    languages = (language, *RELATED_LANGUAGES[language]) if language in TONE_WORDS else TONE_WORDS
    patterns: dict[str, list[str]] = {}
    for lang in languages:
        for category, words in TONE_WORDS[lang].items():
            patterns.setdefault(category, []).extend(words)
    for category, words in SHARED_ENGLISH.items():
        patterns[category].extend(words)
    return {
        category: re.compile(
            r"(?<= )(?:" + "|".join(_pattern_regex(w) for w in sorted(set(words))) + r")(?= )"
        )
        for category, words in patterns.items()
    }


def _count(regex: re.Pattern[str], joined: str, skip_after: re.Pattern[str] | None) -> int:
    """Count matches, ignoring those directly preceded by a negator ("ikke dårlig")."""
    hits = 0
    for match in regex.finditer(joined):
        if skip_after is not None:
            previous = joined[: match.start()].split()[-1:]
            if previous and skip_after.search(f" {previous[0]} "):
                continue
        hits += 1
    return hits


def _is_shouting(text: str) -> bool:
    """Mostly capitals over several words, or a run of four capitalised words."""
    words = [w for w in _TOKEN.findall(text) if len(w) >= 2]
    caps = [w.isupper() for w in words]
    if sum(caps) >= _SHOUT_MIN_WORDS and sum(caps) >= 0.6 * len(words):
        return True
    run = 0
    for is_caps in caps:
        run = run + 1 if is_caps else 0
        if run >= 4:
            return True
    return False


def _has_repeated_exclamation(text: str) -> bool:
    return any(len(m.group()) >= 3 for m in _EXCLAMATION.finditer(text))


_CLAUSE_BREAK = re.compile(r"[.!?,;:]+\s+|\s+(?:og|eller|ellers|och|annars|ja|tai|muuten|and|or|"
                           r"otherwise)\s+", re.IGNORECASE)


def without_threats(text: str, language: str) -> str:
    """The text less its clauses that only threaten to leave or go public ("ellers går jeg
    til Forbrukerrådet", "bokar aldrig med er igen", "I'm telling everyone to avoid you").
    A threat says how the customer will react, not what the message is about, and its words
    ("book", "reise", "avoid") pull the search toward unrelated entries. The whole text
    when nothing else would be left."""
    lexicon = _lexicon(language)
    kept, start = [], 0
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    for end in breaks:
        clause = text[start:end]  # with the break before it ("ellers går …")
        joined = f" {' '.join(_TOKEN.findall(_normalise(clause)))} "
        if not (lexicon["leave"].search(joined) or lexicon["public"].search(joined)):
            kept.append(clause)
        start = end
    out = "".join(kept).strip(" ,;:")
    return out if _TOKEN.search(out) else text


def analyse_tone(text: str, language: str) -> Tone:
    """Classify ``text`` (written in ``language``, one of text.languages.LANGUAGES)."""
    lexicon = _lexicon(language)
    counts = dict.fromkeys(("negative", "strong_negative", "profanity", "insult"), 0)
    leave = public = cancel = False
    for sentence in _SENTENCE_END.split(_normalise(text)):
        tokens = _TOKEN.findall(sentence)
        if not tokens:
            continue
        joined = f" {' '.join(tokens)} "
        for category in counts:
            negators = lexicon["negated"] if "negative" in category else None
            counts[category] += _count(lexicon[category], joined, negators)
        # "hvis det blir forsinkelser, rekker jeg ikke ferja": a worry, not a complaint
        for clause in sentence.split(","):
            words = _TOKEN.findall(clause)
            if words and words[0] in _CONJUNCTIONS:
                words = words[1:]  # "og hvis …", "and if …"
            opener = f" {' '.join(words[:3])} "
            if words and lexicon["conditional"].match(opener, 1):
                part = f" {' '.join(words)} "
                for category in ("negative", "strong_negative"):
                    counts[category] -= _count(lexicon[category], part, lexicon["negated"])
        leave = leave or bool(lexicon["leave"].search(joined))
        public = public or bool(lexicon["public"].search(joined))
        # "Hvordan sier jeg opp?" asks for a procedure; it is not a threat.
        if lexicon["cancel"].search(joined) and not lexicon["how"].search(joined):
            cancel = True

    shouting = _is_shouting(text)
    exclaiming = _has_repeated_exclamation(text)
    complaining = counts["negative"] + counts["strong_negative"] > 0
    threatening = leave or public

    reasons: list[str] = []
    if counts["insult"]:
        reasons.append("insult")
    if counts["profanity"]:
        reasons.append("profanity")
    if public:
        reasons.append("threat-to-go-public")
    if leave:
        reasons.append("threat-to-leave")
    if cancel:
        reasons.append("intent-to-cancel")
    if counts["strong_negative"]:
        reasons.append("strong-negative-words")
    if counts["negative"]:
        reasons.append("negative-words")
    if shouting:
        reasons.append("all-caps")
    if exclaiming:
        reasons.append("repeated-exclamation")

    if counts["insult"] or counts["profanity"] >= 3 or (counts["profanity"] and shouting):
        level = "abusive"
    elif counts["profanity"] or (complaining and (shouting or exclaiming)):
        level = "angry"
    elif complaining or threatening:
        level = "negative"
    else:
        level = "neutral"
    return Tone(level=level, escalating=threatening or cancel, reasons=tuple(reasons))
