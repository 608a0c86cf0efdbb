"""Reading ids and free text from lead forms and the lead API.

One parser for ids everywhere, so a bad id is a field message (400, or a message on the
page) rather than a 500: `str.isdigit()` accepts "²" (which `int()` refuses) and a digit
string can overflow the database's 64-bit integers. Free text loses NUL characters, which
PostgreSQL cannot store."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

#: The largest id a 64-bit signed integer column holds.
MAX_ID = 2**63 - 1

_ID_RE = re.compile(r"[0-9]{1,19}")  # ASCII digits only (\d would accept other scripts)


def parse_id(value) -> int | None:
    """The id in `value` (an int, or a string of ASCII digits), or None if it is not one
    (empty, not a number, zero, negative or beyond 2**63-1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _ID_RE.fullmatch(text):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: Iterable, *, field: str) -> list[int]:
    """Ids from repeated form fields and/or comma-separated lists ("3,4"); empty parts are
    skipped. Anything that is not an id is a field error, not silently dropped."""
    out: list[int] = []
    for value in values:
        parts = [value] if isinstance(value, int) else str(value).split(",")
        for part in parts:
            if isinstance(part, str) and not part.strip():
                continue
            number = parse_id(part)
            if number is None:
                shown = str(part).strip()[:20]
                raise ValidationError({field: f"“{shown}” is not an id (a whole number "
                                              f"from 1 to {MAX_ID})."})
            out.append(number)
    return list(dict.fromkeys(out))


def clean_text(value) -> str:
    """Free text without NUL characters (PostgreSQL refuses them in text columns)."""
    return "" if value is None else str(value).replace("\x00", "")
