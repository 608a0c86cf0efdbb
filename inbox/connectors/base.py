"""The one shape every connector has: receive → normalized messages, send a reply, hide.

A connector parses and authenticates what its platform delivers and speaks its platform's
API; everything else (storage, suggestions, routing, the clock) is the inbox's."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from rest_framework.exceptions import ParseError

from inbox.errors import FieldError
from project.parsers import loads


class BadSignature(Exception):
    """The delivery is not from the platform (missing, wrong or stale signature)."""


class BadPayload(FieldError):
    """The delivery is signed but not in the shape the platform documents."""


class NotSupported(Exception):
    """The platform cannot do this (e.g. hiding a Messenger message)."""


class DeliveryError(Exception):
    """An outbound call failed. `retry_after` (seconds) when the platform said to slow down
    or the failure is transient; None when retrying cannot help."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        return self.retry_after is not None


@dataclass(frozen=True)
class Incoming:
    """One customer message, as every connector normalizes it."""

    channel: str  # one of suggest.models.CHANNELS
    public: bool
    account_id: str  # the Page, Instagram account, Chatwoot account or signed source
    thread_id: str  # comments: the post/media; messages: the customer; Chatwoot: its id
    external_id: str  # the platform's message id (unique per channel)
    text: str
    author_handle: str
    author_name: str
    sent_at: datetime
    subject: str = ""  # e-mail: the thread's subject (replies answer "Re: " it)


@dataclass(frozen=True)
class Sent:
    external_id: str


class Connector(Protocol):
    name: str

    def receive(self, body: bytes, headers) -> list[Incoming]:
        """Authenticate and parse one delivery (raises BadSignature / BadPayload)."""

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        """Deliver one reply (raises DeliveryError / NotSupported)."""

    def hide(self, message) -> None:
        """Hide a public comment (raises DeliveryError / NotSupported)."""


def parse_json(body: bytes):
    """A delivery's JSON, refused as the API refuses it (project.parsers: no NUL, no lone
    surrogate, not absurdly deep)."""
    try:
        return loads(body)
    except ParseError as exc:
        raise BadPayload("body", f"must be JSON text ({exc.detail}).") from exc


def hmac_sha256(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def signature_matches(secret: str, payload: bytes, given: str, prefix: str = "sha256=") -> bool:
    if not secret or not given or not given.startswith(prefix):
        return False
    return hmac.compare_digest(hmac_sha256(secret, payload), given[len(prefix):].strip())


def required_secret(setting: str) -> str:
    """The setting's secret; without one every delivery is refused (403), never accepted."""
    secret = getattr(settings, setting)
    if not secret:
        raise BadSignature(f"{setting} is not set")
    return secret
