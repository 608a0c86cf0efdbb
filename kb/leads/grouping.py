"""Near-duplicate grouping of short customer wordings (open questions, unanswered messages),
so ten agents asking the same thing show as one item with a count, whatever language each
asked in: with the multilingual encoder (the ``e5`` dense space) "Do you sell gift cards?",
"Säljer ni presentkort?" and "Myyttekö lahjakortteja?" are one group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Wordings at least this similar (cosine of normalised embeddings) are one group, per
#: dense space.  e5 vectors are compared after taking away their language's mean vector
#: (``kb.search.e5.center``), which removes most of what says "this is Finnish": on MASSIVE
#: at 0.35, 80 % of the pairs of translations of one question pair up and 0.5 % of pairs of
#: questions on different topics (raw cosines: 84 % and 6 % at best; docs/performance.md).
GROUP_SIMILARITY = 0.8
GROUP_SIMILARITY_E5 = 0.35


def encode(texts: Sequence[str], space: str | None = None) -> np.ndarray:
    """Unit vectors of the texts, through the stored-embedding cache (each wording is encoded
    once, however often the queue is shown). The raw text is hashed and encoded, exactly as
    the index does (the encoder cleans handles, URLs and emoji itself), so a wording that is
    also an example question shares its stored embedding."""
    from kb.indexing import ensure_embeddings, text_hash
    from kb.models import Embedding
    from kb.search.calibration import MINILM
    from kb.search.encoder import space_encoders

    space = space or MINILM
    encoder = space_encoders([space])[space]
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    ensure_embeddings(texts, spaces=[space])
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


def grouping_space() -> tuple[str, float]:
    """The dense space grouping uses and its threshold: e5 (across languages) when search
    uses it, else MiniLM."""
    from django.conf import settings

    from kb.search.calibration import E5, MINILM

    if E5 in [s.strip() for s in settings.SVAR_DENSE_SPACES.split(",")]:
        return E5, GROUP_SIMILARITY_E5
    return MINILM, GROUP_SIMILARITY


def group_texts(texts: Sequence[str], languages: Sequence[str] | None = None,
                threshold: float | None = None) -> list[list[int]]:
    """Indexes of `texts` (written in `languages`, when known) grouped by meaning, across
    languages (see `cluster`)."""
    from kb.search.calibration import E5
    from kb.search.e5 import center

    space, default = grouping_space()
    vectors = encode(texts, space)
    if space == E5:
        vectors = center(vectors, languages)
    return cluster(vectors, default if threshold is None else threshold)
