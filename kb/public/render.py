"""Turning a handbook answer into what a customer may see: placeholders filled or removed,
Markdown rendered and sanitised, plain-text snippets, and FAQPage structured data.

Answers are written by leads, but they are still untrusted HTML on a public page: one
careless paste must not become a script on the help centre."""

from __future__ import annotations

import json
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from text.placeholders import fill
from text.plaintext import markdown_to_line

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def fill_placeholders(text: str, brand: str) -> str:
    """Put the brand in, take personal placeholders out (a public page has no customer or
    agent), and tidy the punctuation they leave behind."""
    text, _ = fill(text or "", {"brand": brand}, drop_unknown=True)
    return _CONTROL.sub("", text).strip()


def sanitise_html(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=ALLOWED_URL_SCHEMES, link_rel="noopener noreferrer nofollow")


def render_answer(text: str, brand: str) -> SafeString:
    """Markdown → HTML with only harmless tags and attributes left."""
    html = markdown.markdown(fill_placeholders(text, brand), extensions=["sane_lists", "tables"],
                             output_format="html")
    return mark_safe(sanitise_html(html))  # noqa: S308 — sanitised by nh3 just above


def plain_text(text: str, brand: str) -> str:
    """The answer as one line of plain text (no Markdown, no tags)."""
    return markdown_to_line(fill_placeholders(text, brand))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–—-")
    return cut + "…"


def snippet_of(answer: str, short_answer: str, brand: str, limit: int = 180) -> str:
    """The first lines of the answer, for a result list or a meta description."""
    return shorten(plain_text(answer, brand) or plain_text(short_answer, brand), limit)


def snippet(entry, brand: str, limit: int = 180) -> str:
    return snippet_of(entry.answer, entry.short_answer, brand, limit)


def meta_description(entry, brand: str) -> str:
    if entry.short_answer:
        return shorten(plain_text(entry.short_answer, brand), 160)
    return snippet(entry, brand, 160)


def faq_json_ld(entry, answer_html: str, url: str) -> SafeString:
    """schema.org FAQPage data for search engines, safe to put inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": entry.language,
        "url": url,
        "mainEntity": [{
            "@type": "Question",
            "name": entry.title,
            "acceptedAnswer": {"@type": "Answer", "text": str(answer_html)},
        }],
    }
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 — <, > and & are escaped, so no tag can close early
