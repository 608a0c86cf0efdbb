"""Access logs without query strings: a customer's search ("?q=…") is what they typed, and
may hold their phone number. The path and the status are enough to operate the service."""

import logging


def strip_query(request_line: str) -> str:
    """'GET /help/?q=x HTTP/1.1' → 'GET /help/?… HTTP/1.1'."""
    method, _, rest = request_line.partition(" ")
    target, sep, protocol = rest.partition(" ")
    path, question, _ = target.partition("?")
    return f"{method} {path}{'?…' if question else ''}{sep}{protocol}"


class StripQueryString(logging.Filter):
    """For Django's development server log (`django.server`: '"%s" %s %s', request line
    first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (strip_query(record.args[0]), *record.args[1:])
        return True
