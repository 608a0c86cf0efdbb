"""Outbound HTTP for connectors: one call, its failure classified for the worker's retry.

The worker retries (Celery countdown), so a slow platform never blocks a web process; this
module only says how long to wait: the platform's Retry-After, Meta's rate-limit codes,
X's x-rate-limit-reset, or back-off for 5xx and network errors."""

from __future__ import annotations

import time

import requests

from inbox.connectors.base import DeliveryError

TIMEOUT = (3.05, 10)
# Meta's throttling error codes (Graph API "Rate Limiting" and Messenger's send limits):
# 4 app, 17 user, 32 page, 613 calls within a window, 80001-80014 business use case.
META_RATE_LIMIT_CODES = {4, 17, 32, 613} | set(range(80001, 80015))
DEFAULT_WAIT = 30.0


def retry_after(response: requests.Response) -> float | None:
    """Retry-After (seconds), or X's x-rate-limit-reset (the Unix time the window reopens)."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    reset = response.headers.get("x-rate-limit-reset", "").strip()
    if reset.isdigit():
        return max(1.0, float(reset) - time.time())
    return None


def call(method: str, url: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", TIMEOUT)
    try:
        response = requests.request(method, url, **kwargs)
    except requests.RequestException as exc:
        raise DeliveryError(f"network: {exc.__class__.__name__}",
                            retry_after=DEFAULT_WAIT) from exc
    if response.status_code == 429:
        raise DeliveryError("rate limited (429)", retry_after=retry_after(response)
                            or DEFAULT_WAIT)
    if response.status_code >= 500:
        raise DeliveryError(f"platform error {response.status_code}",
                            retry_after=retry_after(response) or DEFAULT_WAIT)
    if response.status_code >= 400:
        code, message = _meta_error(response)
        if code in META_RATE_LIMIT_CODES:
            raise DeliveryError(f"rate limited (code {code}): {message}",
                                retry_after=retry_after(response) or DEFAULT_WAIT * 2)
        raise DeliveryError(f"refused ({response.status_code}): {message}"[:500])
    return response


def _meta_error(response: requests.Response) -> tuple[int | None, str]:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        return None, response.text[:200]
    if not isinstance(error, dict):
        return None, str(error)[:200]
    code = error.get("code")
    return (code if isinstance(code, int) else None), str(error.get("message", ""))[:300]
