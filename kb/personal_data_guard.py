"""Nothing personal in the handbook: texts with personal data are refused, naming what and
where, so a lead can replace it with a placeholder.

Every stored text field is checked twice: as written, and as a reader sees it (Markdown
rendered, tags and comments dropped, entities decoded, soft hyphens and zero-width
characters removed), so "9&#49;2 34 567" or "912 **34** 567" cannot slip through as markup
and render as a phone number on /help/."""

from __future__ import annotations

import html
import re
import unicodedata

import markdown
import nh3
from django.core.exceptions import ValidationError

from text.personal_data import find_personal_data

CHECKED_FIELDS = ("title", "answer", "short_answer", "why", "external_key", "translation_group")

# Characters a browser does not show: soft hyphen, zero-width space/joiners, word joiner,
# BOM, and the other format characters (Unicode category Cf).
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def visible_text(text: str) -> str:
    """The text as a reader of the rendered page sees it."""
    rendered = nh3.clean(markdown.markdown(text, output_format="html"), tags=set())
    seen = html.unescape(html.unescape(rendered))  # nh3 re-escapes what it decoded
    seen = "".join(c for c in seen if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", seen))


def personal_data_problems(text: str) -> list[str]:
    text = text or ""
    kinds = {f.kind for f in find_personal_data(text)}
    if text.strip():
        kinds |= {f.kind for f in find_personal_data(visible_text(text))}
    return sorted(kinds)


def check_entry_texts(entry, questions: list[str] | None = None, message: str = "") -> None:
    errors: dict[str, list[str]] = {}
    fields = [(field, getattr(entry, field, "") or "") for field in CHECKED_FIELDS]
    for field, text in [*fields, ("message", message or "")]:
        kinds = personal_data_problems(text)
        if kinds:
            errors[field] = [f"Contains personal data ({', '.join(kinds)}); "
                             f"replace it with a placeholder such as [{kinds[0]}]."]
    for i, text in enumerate(questions or []):
        kinds = personal_data_problems(text)
        if kinds:
            errors.setdefault("questions", []).append(
                f"Question {i + 1} contains personal data ({', '.join(kinds)}).")
    if errors:
        raise ValidationError(errors)
