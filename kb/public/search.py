"""Public FAQ search: the one function behind the help page and /api/v1/public/search.

Only public, published entries ever come out (service.search with audience="public", and
a second database check for cached answers). Popular queries are cached briefly, keyed by
the normalised query, the language and the index generation, so a burst of customers
typing "roaming" costs one search, and a new index generation never serves old answers."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from kb.models import BrandVoice, Entry
from kb.public import render
from kb.public.strings import DEFAULT_LANGUAGE
from kb.search import service
from text.language_choice import choose_language
from text.languages import valid_language

MAX_QUERY_CHARS = 200
CACHE_SECONDS = 60
RESULTS = 5
# When the search abstains, a few near misses are still worth a look next to "contact us".
RESULTS_WHEN_ABSTAINED = 3
_WHITESPACE = re.compile(r"\s+")
SAFE_CONTACT_SCHEMES = ("https://", "http://", "mailto:", "tel:")


class QueryTooLong(ValueError):
    pass


@dataclass
class PublicResults:
    query: str
    language: str
    answered: bool
    confidence: float
    results: list[dict] = field(default_factory=list)


def normalise_query(raw: str | None) -> str:
    """Collapse whitespace and drop control characters (NUL included) so that odd input
    searches like the text it contains."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in (raw or ""))
    return _WHITESPACE.sub(" ", text).strip()


def check_length(raw: str | None) -> None:
    if len(raw or "") > MAX_QUERY_CHARS:
        raise QueryTooLong(f"Ensure this field has no more than {MAX_QUERY_CHARS} characters.")


def entry_path(entry: Entry) -> str:
    return reverse("public-entry", kwargs={"language": entry.language, "slug": entry.slug})


@lru_cache(maxsize=4096)
def _snippet(answer: str, short_answer: str, brand: str) -> str:
    """Rendering Markdown costs milliseconds; the same few answers come up all day."""
    return render.snippet_of(answer, short_answer, brand)


def hit_json(hit: service.SearchHit, brand: str) -> dict:
    entry = hit.entry
    return {
        "id": entry.pk,
        "slug": entry.slug,
        "title": entry.title,
        "snippet": _snippet(entry.answer, entry.short_answer, brand),
        "language": entry.language,
        "url": entry_path(entry),
        "score": round(float(hit.score), 4),
        "translated_from": hit.translated_from,
    }


def _cache_key(query: str, explicit: str | None, hint: str | None,
               generation: int | None) -> str:
    """A keyed hash of the query: the cache never holds what a customer typed (a plain hash
    of a phone number is found by trying them all)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), query.casefold().encode("utf-8", "replace"),
                      hashlib.sha256).hexdigest()
    return f"svar:public-search:v2:{generation}:{explicit or '-'}:{hint or '-'}:{digest}"


def public_search(query: str, *, explicit: str | None = None,
                  hint: str | None = None) -> PublicResults:
    """Search public answers for a normalised query (see normalise_query), in the explicit
    language if given, else the one detected from the query with `hint` (page or browser
    language). The cache key holds the inputs, so a repeated query skips detection too."""
    if not query:
        return PublicResults(query, explicit or hint or DEFAULT_LANGUAGE, False, 0.0, [])
    generation = service.holder.get().generation
    key = _cache_key(query, explicit, hint, generation)
    cached = cache.get(key)
    if cached is not None:
        return replace(_still_public(cached), query=query)
    language = query_language(query, explicit=explicit, hint=hint)
    result = service.search(query, language=language, audience=service.PUBLIC, k=RESULTS)
    brand = BrandVoice.current().brand
    # Canned snippets (welcome, out of hours) are for agents to send, not FAQ answers.
    answers = [h for h in result.hits if h.entry.kind != Entry.Kind.SNIPPET]
    answered = not result.abstained and bool(answers) and answers[0] is result.hits[0]
    hits = answers if answered else answers[:RESULTS_WHEN_ABSTAINED]
    out = PublicResults(query, language, answered, round(result.confidence, 4),
                        [hit_json(h, brand) for h in hits])
    cache.set(key, replace(out, query=""), CACHE_SECONDS)  # the results, not the query
    return out


def _still_public(results: PublicResults) -> PublicResults:
    """A cached answer may predate a retirement by a few seconds: check it again, cheaply."""
    ids = [r["id"] for r in results.results]
    if not ids:
        return results
    public_ids = set(Entry.objects.on_faq().filter(pk__in=ids).values_list("pk", flat=True))
    if len(public_ids) == len(ids):
        return results
    return PublicResults(results.query, results.language, results.answered,
                         results.confidence, [r for r in results.results if r["id"] in public_ids])


def contact_channels(language: str) -> list[dict]:
    """The brand's contact channels with labels in `language` (English, then any, else the
    address itself). Only web, mail and phone links: a typo must not become a script."""
    channels = []
    for item in BrandVoice.current().contact_channels or []:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url") or "").strip()
        if not url.lower().startswith(SAFE_CONTACT_SCHEMES):
            continue
        labels = item.get("label")
        if isinstance(labels, dict):
            label = labels.get(language) or labels.get("en") or next(iter(labels.values()), "")
        else:
            label = str(labels or "")
        channels.append({"label": str(label) or url, "url": url})
    return channels


def query_language(query: str, *, explicit: str | None, hint: str | None) -> str:
    """The language to answer a query in: an explicit choice, else the product's one
    policy (text.language_choice) with the page or browser language as the hint."""
    chosen = valid_language(explicit)
    if chosen:
        return chosen
    fallback = valid_language(hint) or DEFAULT_LANGUAGE
    try:
        return choose_language(query, fallback).language
    except Exception:  # detection is a nicety; an odd string must not fail the search
        return fallback
