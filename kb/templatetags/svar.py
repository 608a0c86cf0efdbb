"""Template filters shared by the pages: language names instead of codes."""

from django import template

from kb.language import LANGUAGE_NAMES

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """"nb" → "Norsk (bokmål)"; an unknown code is shown as it is."""
    return LANGUAGE_NAMES.get(code or "", code or "")
