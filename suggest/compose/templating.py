"""Turn a sent draft back into a handbook answer: the framing and the people go, the
placeholders come back. A proposal from an edited draft must never carry the customer's
name into the handbook (or onto the public FAQ)."""

from __future__ import annotations

import re

from suggest.compose.names import first_name

SHORT_PARAGRAPH = 80


def draft_to_answer(text: str, *, customer_name: str, agent_name: str) -> str:
    people, agent = _people(customer_name, agent_name)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(paragraphs) > 1 and _is_framing(paragraphs[0], people):
        paragraphs = paragraphs[1:]  # "Hei Kari,"
    if len(paragraphs) > 1 and agent and _is_framing(paragraphs[-1], [agent]):
        paragraphs = paragraphs[:-1]  # "Hilsen Ola"
    return names_to_placeholders("\n\n".join(paragraphs), customer_name=customer_name,
                                 agent_name=agent_name)


def _people(customer_name: str, agent_name: str) -> tuple[list[str], str]:
    customer = first_name(customer_name or "") or ""
    agent = first_name(agent_name or "") or (agent_name or "").strip()
    customer_name = customer_name or ""
    people = [p for p in {customer_name.strip(), customer_name.strip().lstrip("@"), customer,
                          agent} if p and len(p) >= 2]
    return people, agent


def names_to_placeholders(text: str, *, customer_name: str, agent_name: str) -> str:
    """The customer's and the agent's names back to {customer_first_name} and
    {agent_first_name}: the handbook never keeps a person's name."""
    people, agent = _people(customer_name, agent_name)
    replacements = [(n, "{customer_first_name}") for n in people if n != agent]
    if agent:
        replacements.append((agent, "{agent_first_name}"))
    for name, placeholder in sorted(replacements, key=lambda r: -len(r[0])):
        text = re.sub(rf"@?(?<!\w){re.escape(name)}(?!\w)", placeholder, text,
                      flags=re.IGNORECASE)
    return text


def _is_framing(paragraph: str, names: list[str]) -> bool:
    return len(paragraph) <= SHORT_PARAGRAPH and any(
        re.search(rf"(?<!\w){re.escape(n)}(?!\w)", paragraph, re.IGNORECASE) for n in names)
