"""System checks of the inbox's settings, as kb.checks does for the handbook's: a wrong
value fails at start with the variable's name."""

from __future__ import annotations

from django.core.checks import Error, register

from kb.checks import _number


@register()
def inbox_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = [
        _number("SVAR_RESPONSE_TARGET_MINUTES", minimum=1, integer=True),
        _number("SVAR_WEBHOOK_MAX_AGE_SECONDS", minimum=1, integer=True),
        _number("SVAR_CHORUS_FACTOR", minimum=1.0),
        _number("SVAR_CHORUS_MIN_MESSAGES", minimum=1, integer=True),
    ]
    return [e for e in errors if e is not None]
