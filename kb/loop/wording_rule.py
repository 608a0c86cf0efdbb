"""The harvest rule as pure functions (no database, no Django), shared by
`kb.loop.wordings` and the harvest-replay benchmark, so both apply the same rule."""

from __future__ import annotations

import re

import numpy as np

#: A wording at least this similar (cosine) to a known one adds nothing to the index.
HARVEST_SIMILARITY = 0.9
MIN_WORDS = 3
MAX_CHARS = 300

_PLACEHOLDER_RE = re.compile(r"\[[a-z-]+\]")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """The form used for exact-duplicate checks: casefolded words only."""
    return " ".join(_WORD_RE.findall((text or "").casefold()))


def wording_shape_ok(text: str) -> bool:
    """Long enough to mean something, short enough to be one question, and not mostly
    redaction placeholders."""
    text = (text or "").strip()
    if not text or len(text) > MAX_CHARS:
        return False
    words = _WORD_RE.findall(_PLACEHOLDER_RE.sub(" ", text))
    return len(words) >= MIN_WORDS


def is_new_wording(vector: np.ndarray, known: np.ndarray | None,
                   threshold: float = HARVEST_SIMILARITY) -> bool:
    """True when no known wording (rows of `known`, unit length) is as similar as
    `threshold` to `vector` (unit length)."""
    if known is None or len(known) == 0:
        return True
    return float(np.max(known @ vector)) < threshold


def worth_harvesting(text: str, vector: np.ndarray, known_texts: list[str],
                     known_vectors: np.ndarray | None,
                     threshold: float = HARVEST_SIMILARITY) -> bool:
    """The whole rule: shape, not an exact duplicate (after normalising), and not too
    close in meaning to any known wording of the entry."""
    if not wording_shape_ok(text):
        return False
    if normalise(text) in {normalise(t) for t in known_texts}:
        return False
    return is_new_wording(vector, known_vectors, threshold)
