"""Near-duplicate grouping of short customer wordings (open questions, unanswered messages),
so ten agents asking the same thing show as one item with a count."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Wordings at least this similar (cosine of normalised embeddings) are one group.
GROUP_SIMILARITY = 0.8


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of the texts, through the stored-embedding cache (each wording is encoded
    once, however often the queue is shown). The raw text is hashed and encoded, exactly as
    the index does (the encoder cleans handles, URLs and emoji itself), so a wording that is
    also an example question shares its stored embedding."""
    from kb.indexing import ensure_embeddings, text_hash
    from kb.models import Embedding
    from kb.search.encoder import configured_encoder

    encoder = configured_encoder()
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    ensure_embeddings(texts)
    name = encoder.model_name
    hashes = [text_hash(t) for t in texts]
    rows = dict(Embedding.objects.filter(model_name=name, text_hash__in=set(hashes))
                .values_list("text_hash", "vector"))
    return np.vstack([np.frombuffer(bytes(rows[h]), dtype=np.float32) for h in hashes])


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
