"""Social-media noise: @handles, URLs, e-mail addresses, the '#' of hashtags, emoji and
redaction placeholders carry no meaning for matching an entry or telling a language, so
search and language detection strip them the same way."""

from __future__ import annotations

import re
import unicodedata

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_HANDLE_RE = re.compile(r"(?<!\w)@\w+")
# "#refund" -> "refund": the tag word itself is often meaningful, the "#" is not.
_HASHTAG_RE = re.compile(r"(?<!\w)#(\w+)")
_SPACE_RE = re.compile(r"\s+")
# What text.personal_data.redact leaves behind: English words that would skew short texts.
_REDACTION_RE = re.compile(r"\[(?:email|phone|national-id|card|iban|address)\]")

# Unicode categories dropped wholesale: symbols "So" (emoji, dingbats), "Sk" (skin tone
# modifiers), "Cs"/"Co"/"Cn" (surrogates, private use, unassigned), "Cf" (zero width
# joiners, variation selectors).
_DROP_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cn", "Cf"})


class _DropTable(dict):
    """str.translate table that deletes characters of _DROP_CATEGORIES: one dict lookup
    per character instead of a unicodedata call.  Learns characters as it meets them,
    except past the common scripts, so odd input cannot grow it much."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) in _DROP_CATEGORIES else code
        if code < 0x3000:
            self[code] = value
        return value


_DROP_TABLE = _DropTable()


def strip_noise(text: str) -> str:
    """Remove URLs, e-mail addresses, @handles, '#' of hashtags and emoji; keep case."""
    # Each pattern only where its marker occurs: most handbook texts have none of them.
    if "://" in text or "www." in text.lower():
        text = _URL_RE.sub(" ", text)
    if "@" in text:
        text = _EMAIL_RE.sub(" ", text)
        text = _HANDLE_RE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG_RE.sub(r"\1", text)
    text = text.translate(_DROP_TABLE)
    return _SPACE_RE.sub(" ", text).strip()


def strip_noise_and_redactions(text: str) -> str:
    """strip_noise, and the "[phone]"-style placeholders redaction leaves (for detection)."""
    if "[" in text:
        text = _REDACTION_RE.sub(" ", text)
    return strip_noise(text)
