"""Turning display names and handles into something safe to greet and tag.

Decisions (a wrong greeting is worse than none, so the rules lean towards ``None``):

* "@kari_n" is a handle, not a name: no first name, greet without one.
* A real-looking display name gives its first word: "Kari Nordmann" -> "Kari",
  "Anne-Marie Dahl" -> "Anne-Marie"; shouting or lowercase is normalised ("KARI" -> "Kari").
* A username without spaces gives a name only in the unmistakable "first.last" / "first_last"
  shape, optionally followed by digits: "kari.nordmann88" -> "Kari". "darkknight99",
  "kari88" and "the_real_deal" give ``None``.
* The result never contains digits, emoji or punctuation other than an inner hyphen/apostrophe.
"""

from __future__ import annotations

import re
import unicodedata

from .channels import PUBLIC_COMMENT_CHANNELS

# fmt: off
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "fru", "frk", "hr", "the",
    "real", "official", "its", "im", "iam", "mister", "missus",
})
# fmt: on
_USERNAME = re.compile(r"^([^\W\d_]{2,})[._]([^\W\d_]{2,})\d*$")
_USERNAME_HINT = re.compile(r"[\d_.]")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_IG_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_INNER = "-'’"
_MAX_NAME = 30


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _strip_edges(token: str) -> str:
    start, end = 0, len(token)
    while start < end and not _is_letter(token[start]):
        start += 1
    while end > start and not _is_letter(token[end - 1]):
        end -= 1
    return token[start:end]


def _normalise_case(name: str) -> str:
    if not (name.isupper() or name.islower()):
        return name  # "McDonald", "DeShawn": trust deliberate mixed case
    parts = re.split(f"([{_INNER}])", name.lower())
    return "".join(part[:1].upper() + part[1:] for part in parts)


def _given_name(token: str) -> str | None:
    token = _strip_edges(token)
    if len(token) < 2 or len(token) > _MAX_NAME:
        return None
    if not unicodedata.category(token[0]).startswith("L"):
        return None
    if not all(_is_letter(ch) or ch in _INNER for ch in token):
        return None
    name = _normalise_case(token)
    return name if all(_is_letter(ch) or ch in _INNER for ch in name) else None


def _clean(display: str) -> str:
    text = unicodedata.normalize("NFC", display or "")
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text).strip()


def is_handle(display: str) -> bool:
    """True for "@kari_n" and for space-less usernames such as "kari.nordmann88"."""
    text = _clean(display)
    return text.startswith("@") or (
        bool(text) and " " not in text and bool(_USERNAME_HINT.search(text))
    )


def first_name(display: str) -> str | None:
    """The first name to greet with, or ``None`` when there is no trustworthy one."""
    text = _clean(display)
    if not text or text.startswith("@"):
        return None
    if " " not in text and _USERNAME_HINT.search(text):
        match = _USERNAME.match(text)
        if not match or match.group(1).lower() in _TITLES:
            return None
        return _given_name(match.group(1))
    tokens = [tok for tok in (_strip_edges(t) for t in text.split()) if tok]
    while tokens and tokens[0].lower() in _TITLES:
        tokens.pop(0)
    return _given_name(tokens[0]) if tokens else None


def _handle(display: str, pattern: re.Pattern[str]) -> str | None:
    text = _clean(display)
    bare = text[1:] if text.startswith("@") else text
    if (text.startswith("@") or is_handle(text)) and pattern.match(bare):
        return bare
    return None


def mention(display: str, channel: str) -> str | None:
    """The @-mention that starts a reply to a public comment, or ``None``.

    X and Instagram tag by handle, so only a real handle is used (tagging "@Kari" could ping a
    stranger). Facebook tags by name and lets the tag be cut to the first name: a public
    reply never carries the customer's last name, so a display name becomes "@Kari" (and the
    greeting, which names her anyway, goes without the tag).
    """
    if channel not in PUBLIC_COMMENT_CHANNELS:
        return None
    if channel == "x_reply":
        handle = _handle(display, _X_HANDLE)
    elif channel == "instagram_comment":
        handle = _handle(display, _IG_HANDLE)
    else:
        handle = _handle(display, _IG_HANDLE) if is_handle(display) else first_name(display)
    return f"@{handle}" if handle else None
