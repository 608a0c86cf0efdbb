"""Template filters shared by the pages: language names instead of codes."""

from django import template

from text.languages import LANGUAGE_NAMES

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """"nb" → "Norsk (bokmål)"; an unknown code is shown as it is."""
    return LANGUAGE_NAMES.get(code or "", code or "")


@register.filter
def channel_name(code: str) -> str:
    """"x_dm" → "X direct message" (kb does not know suggest's channel list)."""
    text = " ".join({"dm": "direct message"}.get(w, w) for w in (code or "").split("_"))
    return text[:1].upper() + text[1:]
