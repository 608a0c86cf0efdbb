"""Per-channel length limits and public/private nature."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelRule:
    limit: int | None  # maximum length, None = no practical limit
    public: bool  # visible to everyone by nature
    compact: bool = False  # one-paragraph layout (every character counts)
    x_counting: bool = False  # count like X does (URLs = 23, wide characters = 2)


RULES: dict[str, ChannelRule] = {
    "x_reply": ChannelRule(280, public=True, compact=True, x_counting=True),
    "x_dm": ChannelRule(10_000, public=False, x_counting=True),
    "instagram_comment": ChannelRule(2_200, public=True),
    "facebook_comment": ChannelRule(8_000, public=True),
    "facebook_message": ChannelRule(None, public=False),
    "instagram_dm": ChannelRule(None, public=False),
    "email": ChannelRule(None, public=False),
    "chat": ChannelRule(None, public=False),
}
_UNKNOWN = ChannelRule(None, public=False)

PUBLIC_COMMENT_CHANNELS = frozenset(name for name, rule in RULES.items() if rule.public)

X_URL_LENGTH = 23
# X also links bare domains ("fjordtel.no/priser"); we recognise the TLDs our brands use.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s()<>]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:no|se|dk|fi|com|net|org|eu|io|app|info|is|uk|de)\b(?:/[^\s()<>]*)?",
    re.IGNORECASE,
)
# X weighs these code point ranges as 1, everything else (CJK, emoji ...) as 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def rule(channel: str) -> ChannelRule:
    return RULES.get(channel, _UNKNOWN)


def limit(channel: str) -> int | None:
    return rule(channel).limit


def is_public(channel: str) -> bool:
    return rule(channel).public


def x_length(text: str) -> int:
    """Approximate X's weighted length: NFC, each URL counts 23, wide characters count 2."""
    text = unicodedata.normalize("NFC", text)
    urls = _URL.findall(text)
    rest = _URL.sub("", text)
    weight = sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _X_LIGHT) else 2 for ch in rest)
    return weight + X_URL_LENGTH * len(urls)


def measure(text: str, channel: str) -> int:
    """Length of ``text`` as the channel counts it."""
    return x_length(text) if rule(channel).x_counting else len(text)


def fits(text: str, channel: str) -> bool:
    cap = limit(channel)
    return cap is None or measure(text, channel) <= cap
