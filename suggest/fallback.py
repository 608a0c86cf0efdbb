"""The brand's fallback policy: which language a draft is written in when the decision has
no entry in the customer's language (BrandVoice.language_fallbacks).

The policy maps a language (and "*" for every language) to the languages to try in order,
or to "ask": try nothing further, no draft, the leads are asked for a translation. A draft
is never in two languages; it is in the first of these the decision has: the customer's
language, the policy's list for that language, the policy's list for "*".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

ASK = "ask"


def languages_to_try(policy: Mapping | None, language: str) -> list[str]:
    order = [language]
    for key in (language, "*"):
        rule = (policy or {}).get(key)
        if rule == ASK:
            break
        for code in [rule] if isinstance(rule, str) else (rule or ()):
            if isinstance(code, str) and code not in order:
                order.append(code)
    return order


def choose(policy: Mapping | None, language: str, available: Iterable[str]) -> str | None:
    """The language to draft in, given the languages the decision has; ``None``: ask."""
    have = set(available)
    return next((code for code in languages_to_try(policy, language) if code in have), None)
