"""Language detection for short, informal customer messages in the Nordic languages, and
the one policy (``choose_language``) that suggest, the public help page and the loop use.

Lingua does the heavy lifting, restricted to the six languages Svar supports so that it
never answers "Latin" for a two-word message. Social-media noise (handles, URLs, emoji,
hashtag signs) is stripped first because it carries no language signal and skews n-grams.

Bokmål, nynorsk and Danish are close enough that lingua is sometimes unsure between two of
them on short texts; a handful of high-signal function words ("eg", "ikkje", "mig", "nu")
break such ties. A caller-supplied hint (the channel's, the page's or the browser's
language) wins whenever the text is too short or the detector is not sure enough, because
for "ok takk!" the channel knows better than any statistical model.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from text.languages import DEFAULT_LANGUAGE, REGISTRY, normalise_language
from text.noise import strip_noise_and_redactions

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Below this many words the hint always wins ("pris?", "hei", "esim iphone").
HINT_MIN_WORDS = 3
# Below SURE the hint wins; an English hint yields already at UNSURE, because Nordic
# messages are full of English loanwords ("roaming i Spania") while a Nordic customer with
# an English browser who writes "hvordan bytter jeg simkortet" wants a Nordic answer.
SURE = 0.5
UNSURE = 0.2
# Lingua gains nothing from more text than this and gets slow on huge single tokens.
MAX_DETECT_CHARS = 2000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are frequent in one language and rare or absent in its closest neighbour, per
# confusable pair. Used only to choose between the detector's top two candidates.
MARKER_WORDS: dict[frozenset[str], dict[str, frozenset[str]]] = {
    frozenset({"nb", "nn"}): {
        "nn": _words(
            "eg ikkje kva kvifor korleis kvar kven kjem frå berre noko nokon mykje seie dykk "
            "dykkar enno heilt ein eit ho meir fekk gjekk fleire veit treng vere vore kome sjå "
            "høyrer ynskjer ønskjer framleis sidan ventar svarar månad"
        ),
        "nb": _words(
            "jeg ikke hva hvorfor hvordan hvor hvem kommer fra bare noe noen mye si dere deres "
            "ennå hele hun mer fikk gikk flere vet trenger være måned"
        ),
    },
    # "når" is not a marker: Danish says "når man rejser" as bokmål says "når man reiser".
    frozenset({"nb", "da"}): {
        "nb": _words(
            "meg deg seg etter noe noen takk fått hei kjøpe kjøpt mye hva nå av ut aldri "
            "fortsatt veldig mer uten kanskje gjerne sånn like"
        ),
        "da": _words(
            "mig dig sig efter noget nogen hvornår fået tak hej købe købt meget hvad nu af ud "
            "aldrig stadig mere jer jeres nogle uden måske gerne sådan lige"
        ),
    },
}
# The two Norwegian written standards against Danish: bokmål's markers serve nynorsk too
# where the word is shared, with nynorsk's own.
MARKER_WORDS[frozenset({"nn", "da"})] = {
    "nn": MARKER_WORDS[frozenset({"nb", "nn"})]["nn"] | _words(
        "meg deg seg etter noko nokon takk fått hei mykje kva no av ut aldri uten kanskje "
        "gjerne"),
    "da": MARKER_WORDS[frozenset({"nb", "da"})]["da"],
}

# Swedish against the two Norwegian standards, for the short texts lingua is unsure of
# ("kva kostar det": nynorsk, not Swedish).
_SWEDISH = _words("vad jag inte och är från hur varför vem mig dig sig något några mycket "
                  "också nu bara hej tack")
MARKER_WORDS[frozenset({"nb", "sv"})] = {
    "nb": _words("hva jeg ikke og er fra hvordan hvorfor hvem meg deg seg noe noen mye også "
                 "nå bare hei takk"),
    "sv": _SWEDISH,
}
MARKER_WORDS[frozenset({"nn", "sv"})] = {
    "nn": MARKER_WORDS[frozenset({"nb", "nn"})]["nn"] | _words("og meg deg seg også no takk"),
    "sv": _SWEDISH,
}

# Spellings that tell a pair apart whatever the word (so they hold for words no list has).
# Danish writes ej/øj where Norwegian writes ei/øy ("rejse" / "reise", "høj" / "høy"), -tion
# and -hed where Norwegian writes -sjon and -het ("information" / "informasjon",
# "mulighed" / "mulighet"), and no "kj" ("kjøre" / "køre"). Swedish writes ä and ö where
# Norwegian writes æ and ø ("färja" / "ferje", "dör" / "dør").
_DANISH_SPELLING = re.compile(r"[^\W\d_]*(?:ej|øj)[^\W\d_]*|[^\W\d_]+(?:tion|hed)(?:en|er|erne)?")
_NORWEGIAN_SPELLING = re.compile(
    r"[^\W\d_]*(?:ei|øy|kj)[^\W\d_]*|[^\W\d_]+(?:sjon|het)(?:en|er|ene)?")
_SWEDISH_LETTERS = re.compile(r"[^\W\d_]*[äö][^\W\d_]*")
_NORWEGIAN_LETTERS = re.compile(r"[^\W\d_]*[æø][^\W\d_]*")
SPELLING_CUES: dict[frozenset[str], dict[str, re.Pattern[str]]] = {
    frozenset({"nb", "da"}): {"da": _DANISH_SPELLING, "nb": _NORWEGIAN_SPELLING},
    frozenset({"nn", "da"}): {"da": _DANISH_SPELLING, "nn": _NORWEGIAN_SPELLING},
    frozenset({"nb", "sv"}): {"sv": _SWEDISH_LETTERS, "nb": _NORWEGIAN_LETTERS},
    frozenset({"nn", "sv"}): {"sv": _SWEDISH_LETTERS, "nn": _NORWEGIAN_LETTERS},
}

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_detector: LanguageDetector | None = None
_detector_lock = threading.Lock()


def _get_detector() -> LanguageDetector:
    """Build the lingua detector on first use; loading models takes ~1 s and lots of RAM."""
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    *(getattr(Language, language.lingua) for language in REGISTRY)
                ).build()
    return _detector


def clean_text(text: str) -> str:
    """Remove the parts of a social-media post that carry no language signal."""
    return strip_noise_and_redactions(text)


def _sample(text: str) -> str:
    """The first MAX_DETECT_CHARS characters, cut at a word boundary when possible."""
    if len(text) <= MAX_DETECT_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_DETECT_CHARS)
    return text[: cut if cut > 0 else MAX_DETECT_CHARS]


def _code(language: object) -> str:
    """Map a lingua Language to our code; lingua calls Bokmål/Nynorsk 'nb'/'nn' already."""
    return language.iso_code_639_1.name.lower()  # type: ignore[attr-defined]


def _cue_hits(lowered: list[str], language: str, rival: str) -> int:
    """Words of ``language``'s markers or spelt its way (against ``rival``); a word counts
    once."""
    pair = frozenset({language, rival})
    markers = MARKER_WORDS[pair][language]
    cue = SPELLING_CUES.get(pair, {}).get(language)
    return sum(w in markers or bool(cue and cue.fullmatch(w)) for w in lowered)


def _break_tie(words: list[str], first: str, second: str) -> str | None:
    """Pick between two close candidates by counting marker words and spellings, or None
    if undecided."""
    markers = MARKER_WORDS.get(frozenset({first, second}))
    if markers is None:
        return None
    lowered = [w.lower() for w in words]
    first_hits = _cue_hits(lowered, first, second)
    second_hits = _cue_hits(lowered, second, first)
    if second_hits > first_hits:
        return second
    if first_hits > second_hits:
        return first
    return None


def _analyse(text: str) -> tuple[str | None, float, int]:
    """Return (language or None, confidence, word count) for already-cleaned text."""
    words = _WORD.findall(text)
    if not words:
        return None, 0.0, 0
    values = _get_detector().compute_language_confidence_values(text)
    ranked = [(_code(v.language), v.value) for v in values if v.value > 0]
    if not ranked:
        return None, 0.0, len(words)
    best, best_value = ranked[0]
    if len(ranked) > 1:
        runner_up, runner_value = ranked[1]
        choice = _break_tie(words, best, runner_up)
        if choice is not None:
            # The markers settle *which* of the two it is; lingua's mass on both stands.
            return choice, min(1.0, best_value + runner_value), len(words)
    return best, best_value, len(words)


def detect_language_with_confidence(text: str) -> tuple[str, float]:
    """Return the most likely language code and a confidence in [0, 1].

    Undetectable text (empty, only emoji or numbers) gives ("en", 0.0).
    """
    language, confidence, _ = _analyse(_sample(clean_text(text)))
    if language is None:
        return "en", 0.0
    return language, confidence


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    confidence: float  # the detector's, for the detected language (0.0 if none)
    detected: str | None


def choose_language(text: str, hint: str | None = None,
                    default: str = DEFAULT_LANGUAGE) -> LanguageChoice:
    """The language to answer ``text`` in, given the channel's or page's language ``hint``.

    Undetectable text takes the hint (or ``default``); a short text or an unsure detection
    keeps the hint; otherwise the detected language wins."""
    valid_hint = normalise_language(hint)
    detected, confidence, word_count = _analyse(_sample(clean_text(text)))
    if detected is None:
        return LanguageChoice(valid_hint or default, 0.0, None)
    if valid_hint is None or valid_hint == detected:
        return LanguageChoice(detected, confidence, detected)
    needed = UNSURE if valid_hint == "en" else SURE
    if word_count < HINT_MIN_WORDS or confidence < needed:
        return LanguageChoice(valid_hint, confidence, detected)
    return LanguageChoice(detected, confidence, detected)


def detect_language(text: str, hint: str | None = None, default: str = DEFAULT_LANGUAGE) -> str:
    """choose_language's language alone."""
    return choose_language(text, hint, default).language


def relative_confidence(text: str, language: str) -> float:
    """How plausible ``language`` is for ``text`` next to the detector's first choice
    (1.0: as plausible; 0.0: not at all, or nothing to detect). Lets a caller keep a
    default language for a text that reads as well in it ("pris?": bokmål as much as
    Danish) without overriding a clear detection ("hjälp")."""
    cleaned = _sample(clean_text(text))
    if not _WORD.findall(cleaned):
        return 0.0
    values = {_code(v.language): v.value
              for v in _get_detector().compute_language_confidence_values(cleaned)}
    top = max(values.values(), default=0.0)
    return values.get(language, 0.0) / top if top > 0 else 0.0
