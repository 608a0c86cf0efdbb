"""Which language a customer wants: an explicit choice wins, then the words they typed,
then what their browser says, then the default."""

from __future__ import annotations

import re

from django.utils.translation.trans_real import parse_accept_lang_header

from kb.language import LANGUAGES, detect_language_with_confidence
from kb.public.strings import DEFAULT_LANGUAGE

# Browsers say "no" or "nb-NO" for Norwegian; "nn" is kept as it is.
_ALIASES = {"no": "nb", "nb": "nb", "nn": "nn", "sv": "sv", "da": "da", "fi": "fi", "en": "en"}
# Close neighbours: between these, a short query rarely tells them apart, so the browser's
# language decides unless the detector is sure.
_SCANDINAVIAN = frozenset({"nb", "nn", "da", "sv"})
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 2
SURE = 0.5
UNSURE = 0.2


def valid_language(code: str | None) -> str | None:
    code = (code or "").strip().lower()
    return code if code in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The first of our languages the browser asks for, or None."""
    try:
        preferences = parse_accept_lang_header((header or "")[:500])
    except Exception:  # a malformed header is no reason to fail a page
        return None
    for code, _quality in preferences:
        base = code.split("-", 1)[0].lower()
        if base in _ALIASES:
            return _ALIASES[base]
    return None


def page_language(request) -> str:
    """The language of the page's own words: ?lang= if valid, else the browser's."""
    return (valid_language(request.GET.get("lang"))
            or from_accept_language(request.headers.get("Accept-Language"))
            or DEFAULT_LANGUAGE)


def query_language(query: str, *, explicit: str | None, hint: str | None) -> str:
    """The language to answer a query in.

    Short queries ("sim") say little, so the hint (page or browser language) wins for them.
    A Norwegian customer with an English browser who types "hvordan bytter jeg simkortet"
    wants Norwegian answers, so a clear detection beats a hint from another language
    family; within Scandinavian languages the hint wins unless the detector is sure."""
    chosen = valid_language(explicit)
    if chosen:
        return chosen
    fallback = valid_language(hint) or DEFAULT_LANGUAGE
    if len(_WORD.findall(query)) < MIN_WORDS:
        return fallback
    try:
        detected, confidence = detect_language_with_confidence(query)
    except Exception:  # detection is a nicety; an odd string must not fail the search
        return fallback
    if detected not in LANGUAGES or confidence < UNSURE:
        return fallback
    if (confidence < SURE and detected in _SCANDINAVIAN and fallback in _SCANDINAVIAN):
        return fallback
    return detected
