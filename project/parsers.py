"""The API's JSON parser: refuses what the standard one turns into a 500, or what
PostgreSQL cannot store (a NUL character, in a value or a key, known field or not). The
webhooks parse their raw bodies with `loads` after checking the signature."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32  # the deepest body any endpoint accepts is three levels


def _check(value, depth: int = 0) -> None:
    """Too deep, a NUL character, or a lone surrogate (valid JSON escape, not encodable
    text: it fails later when the value is echoed or stored)."""
    if depth > MAX_DEPTH:
        raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError("JSON parse error - a NUL character (\\u0000) is not text.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - a lone surrogate (\\ud800-\\udfff) is not "
                             "text.") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _depth_ok(raw: bytes) -> bool:
    """Brackets outside strings, counted before json.loads recurses into them."""
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return True


def loads(raw: bytes, encoding: str = "utf-8"):
    """JSON text → value, or ParseError (a 400) for anything the API will not take."""
    if not _depth_ok(raw):
        raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
    try:
        data = json.loads(raw.decode(encoding), parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"JSON parse error - {exc}") from None
    _check(data)
    return data


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        return loads(stream.read() if stream is not None else b"", encoding)


def _no_constant(name):
    raise ValueError(f"{name} is not valid JSON")
