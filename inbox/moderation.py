"""Moderation: an abusive or trolling comment is flagged on arrival (the suggestion's tone
analysis, which also frames the draft with the handbook's moderation rule); agents hide it
from the inbox, which hides it on the platform (never deletes)."""

from __future__ import annotations

FLAGGED_TONES = {"abusive"}


def is_abusive(suggestion) -> bool:
    return (suggestion.tone or "") in FLAGGED_TONES
