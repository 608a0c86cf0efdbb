"""The placeholder grammar of handbook answers and its one safe filling, shared by the
drafts (suggest) and the public FAQ pages, so both read the same spellings and tidy the
same way.

Never uses ``str.format``: templates and values may contain stray braces (a customer called
"{Kari}", an answer with "{0}") and formatting must neither crash nor evaluate attribute lookups.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: "{name}", "{{name}}" and "{ name }" are all accepted spellings in handbook answers.
PLACEHOLDER = re.compile(r"\{\{?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}?\}")
PERSON_NAMES = ("customer_first_name", "agent_first_name")
_MAX_PASSES = 10


def fill(template: str, values: Mapping[str, str], *,
         drop_unknown: bool = False) -> tuple[str, bool]:
    """Fill known placeholders; keep unknown ones literally (or drop them: a public page has
    no customer or agent, and customers never see braces).

    Returns the text and whether an unknown placeholder was left in it, so the caller can warn
    the agent instead of silently sending "{order_number}" to a customer. Passes repeat until
    stable so nested spellings cannot reassemble a known placeholder after an empty fill.
    """
    safe = {key: value.replace("{", "").replace("}", "") for key, value in values.items()}

    emptied = False

    def replace(match: re.Match[str]) -> str:
        nonlocal emptied
        value = safe.get(match.group(1), "" if drop_unknown else match.group(0))
        emptied = emptied or not value
        return value

    text = template
    for _ in range(_MAX_PASSES):
        filled = PLACEHOLDER.sub(replace, text)
        if filled == text:
            break
        text = filled
    else:  # pathological nesting: drop whatever known placeholders remain
        text = PLACEHOLDER.sub(
            lambda m: "" if drop_unknown or m.group(1) in safe else m.group(0), text)
        emptied = True
    if emptied:
        text = tidy(text)
    unfilled = any(m.group(1) not in safe for m in PLACEHOLDER.finditer(text))
    return text, unfilled


def tidy(text: str) -> str:
    """Repair punctuation after an empty fill: "Hei !" -> "Hei!", "Takk, , for" -> "Takk, for"."""
    text = re.sub(r"[ \t]+([,.!?;:])", r"\1", text)
    text = re.sub(r",(\s*[,.!?;:])", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    return re.sub(r"[ \t]{2,}", " ", text)
