"""Text normalisation, tokenisation and stemming for the lexical side of search.

Customer messages arrive from chat, mail and social media: their noise (text.noise) is
stripped before both the lexical rankers and (by the caller, if it wants) the encoder see
the text.

Stemming is Snowball via PyStemmer, one stemmer per language.  Nynorsk has no Snowball
stemmer of its own; the Norwegian one (written for Bokmål) is close enough.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable

import Stemmer

from text.languages import SNOWBALL
from text.noise import strip_noise

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Noise-stripped, NFKC-normalised, casefolded text: the form every ranker indexes."""
    return strip_noise(unicodedata.normalize("NFKC", text)).casefold()


def tokenize(text: str) -> list[str]:
    """Word tokens of already normalised text (letters and digits, underscores split)."""
    return [t for tok in _WORD_RE.findall(text) for t in tok.split("_") if t]


_local = threading.local()


def stemmer_for(language: str) -> Stemmer.Stemmer | None:
    """A Snowball stemmer for a handbook language code, or None for unknown languages.

    PyStemmer objects keep an internal cache and are not documented as thread-safe, so
    each thread gets its own instance.
    """
    algorithm = SNOWBALL.get(language.lower().split("-")[0]) if language else None
    if algorithm is None:
        return None
    cache: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    stemmer = cache.get(algorithm)
    if stemmer is None:
        stemmer = cache[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmer


def stem_tokens(tokens: Iterable[str], language: str) -> list[str]:
    """Stems of tokens in the given language; tokens unchanged when it has no stemmer."""
    tokens = list(tokens)
    stemmer = stemmer_for(language)
    return stemmer.stemWords(tokens) if stemmer is not None else tokens


def stemmed_terms(text: str, language: str) -> list[str]:
    """Normalise, tokenise and stem: the terms of the word-level (BM25) ranker."""
    return stem_tokens(tokenize(normalize(text)), language)


def char_ngrams(text: str, n_min: int = 3, n_max: int = 5,
                cache: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Character n-grams within word boundaries (like sklearn's ``char_wb``).

    Nordic compounds ("vaccinationsintyg", "barnvaccinering") share long substrings with
    their parts, which whole-word matching misses entirely.  Each word is padded with
    spaces so n-grams at word starts and ends are distinct from inner ones.  An index
    build passes a `cache` (word -> n-grams): a handbook repeats its words, and at 100k
    texts that saves tens of millions of slices; it is dropped with the build.
    """
    grams: list[str] = []
    for word in tokenize(text):
        word_grams = cache.get(word) if cache is not None else None
        if word_grams is None:
            word_grams = _word_ngrams(word, n_min, n_max)
            if cache is not None:
                cache[word] = word_grams
        grams.extend(word_grams)
    return grams


def _word_ngrams(word: str, n_min: int, n_max: int) -> tuple[str, ...]:
    padded = f" {word} "
    length = len(padded)
    return tuple(padded[i : i + n] for n in range(n_min, min(n_max, length) + 1)
                 for i in range(length - n + 1))


def clean_for_encoding(text: str) -> str:
    """The form of a query or doc given to the encoder: noise stripped, case kept.

    The encoder was trained on cased text, so only @handles, URLs and emoji go; if nothing
    is left the original text is used rather than encoding an empty string.
    """
    cleaned = strip_noise(unicodedata.normalize("NFKC", text))
    return cleaned or text
