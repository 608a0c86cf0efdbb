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

from kb.placeholders import PLACEHOLDER

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# "Hei {customer_first_name}," → "Hei,": the placeholder and the space before it go together.
# Every placeholder but {brand} is removed: a public page has no customer or agent, and
# customers never see braces. The grammar is the handbook's (kb.placeholders).
_PLACEHOLDER_WITH_SPACE = re.compile(r"[ \t]*" + PLACEHOLDER.pattern)
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.!?;:])")
# "Så kjipt, {customer_first_name}!" → "Så kjipt,!" → "Så kjipt!"
_COMMA_BEFORE_PUNCT = re.compile(r",([.!?;:])")
_DOUBLE_SPACES = re.compile(r"[ \t]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def fill_placeholders(text: str, brand: str) -> str:
    """Put the brand in, take personal placeholders out (a public page has no customer or
    agent), and tidy the punctuation they leave behind."""
    text = PLACEHOLDER.sub(lambda m: brand if m.group(1) == "brand" else m.group(0),
                           text or "")
    text = _PLACEHOLDER_WITH_SPACE.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _COMMA_BEFORE_PUNCT.sub(r"\1", text)
    text = _DOUBLE_SPACES.sub(" ", text)
    # A line that was only a greeting to nobody ("Hei," left from "Hei {name},") stays;
    # a line emptied completely is dropped with its blank neighbours collapsing below.
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
    html = markdown.markdown(fill_placeholders(text, brand), output_format="html")
    stripped = nh3.clean(html, tags=set())
    stripped = (stripped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", '"').replace("&#39;", "'"))
    return " ".join(stripped.split())


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
