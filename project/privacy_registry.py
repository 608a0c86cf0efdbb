"""Customer data providers: apps that store rows about a customer register here, so the
access and erasure requests (suggest.privacy) find them without suggest importing those
apps. An app registers from its AppConfig.ready."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CustomerMatch:
    """Who the request is about: the identifier as given, its spellings with and without
    "@", and a whole-word pattern over them (so "Per" does not match "operatør")."""

    identifier: str
    variants: tuple[str, ...]
    pattern: re.Pattern


@dataclass(frozen=True)
class CustomerDataProvider:
    """export(match) -> list of JSON-ready rows; erase(match) -> counts of what went."""

    name: str
    export: Callable[[CustomerMatch], list[dict]]
    erase: Callable[[CustomerMatch], dict[str, int]]


_providers: dict[str, CustomerDataProvider] = {}


def register(provider: CustomerDataProvider) -> None:
    """Idempotent: ready() may run more than once (tests, reloads)."""
    _providers[provider.name] = provider


def providers() -> list[CustomerDataProvider]:
    return list(_providers.values())
