"""Near-duplicate grouping of short customer wordings (open questions, unanswered messages),
so ten agents asking the same thing show as one item with a count."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.search.embeddings import vectors_for

#: Wordings at least this similar (cosine of normalised embeddings) are one group.
GROUP_SIMILARITY = 0.8


def encode(texts: Sequence[str]) -> np.ndarray:
    """Vectors of the texts through the stored embeddings (each wording is encoded once,
    however often the queue is shown)."""
    return vectors_for(texts)


def cluster(vectors: np.ndarray, threshold: float = GROUP_SIMILARITY) -> list[list[int]]:
    """Greedy leader clustering: each vector joins the first group whose leader it is at least
    `threshold` similar to, else leads a new group. Returns row indexes per group, in order."""
    if len(vectors) == 0:
        return []
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.maximum(norms, 1e-12)
    leaders: list[int] = []
    groups: list[list[int]] = []
    for i in range(len(unit)):
        if leaders:
            sims = unit[leaders] @ unit[i]
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                groups[best].append(i)
                continue
        leaders.append(i)
        groups.append([i])
    return groups


def group_texts(texts: Sequence[str], threshold: float = GROUP_SIMILARITY) -> list[list[int]]:
    """Indexes of `texts` grouped by meaning (see `cluster`)."""
    return cluster(encode(texts), threshold)
