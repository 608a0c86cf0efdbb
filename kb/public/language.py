"""Which language a customer wants: an explicit choice wins, then the words they typed,
then what their browser says, then the default."""

from __future__ import annotations

from django.utils.translation.trans_real import parse_accept_lang_header

from kb.language import LANGUAGES, detect_language
from kb.public.strings import DEFAULT_LANGUAGE

# Browsers say "no" or "nb-NO" for Norwegian; "nn" is kept as it is.
_ALIASES = {"no": "nb", "nb": "nb", "nn": "nn", "sv": "sv", "da": "da", "fi": "fi", "en": "en"}


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
    """The language to answer a query in. Short queries ("sim") say little, so the hint
    (page or browser language) wins for them; detect_language handles that balance."""
    chosen = valid_language(explicit)
    if chosen:
        return chosen
    hint = valid_language(hint)
    if not query.strip():
        return hint or DEFAULT_LANGUAGE
    try:
        return detect_language(query, hint=hint, default=hint or DEFAULT_LANGUAGE)
    except Exception:  # detection is a nicety; an odd string must not fail the search
        return hint or DEFAULT_LANGUAGE
