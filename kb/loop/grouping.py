"""Near-duplicate grouping of short customer wordings (open questions, unanswered messages),
so ten agents asking the same thing show as one item with a count, whatever language each
asked in: with the multilingual encoder (the ``e5`` dense space) "Do you sell gift cards?",
"Säljer ni presentkort?" and "Myyttekö lahjakortteja?" are one group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.search.embeddings import vectors_for

#: Wordings at least this similar (cosine of normalised embeddings) are one group: MiniLM
#: within a language, e5 across languages.  e5 vectors are compared after taking away their
#: language's mean vector (``kb.search.e5.center``), which removes most of what says "this
#: is Finnish": on MASSIVE at 0.35, 80 % of the pairs of translations of one question pair
#: up and 0.5 % of pairs of questions on different topics (raw cosines: 84 % and 6 % at
#: best; docs/performance.md).
GROUP_SIMILARITY = 0.8
GROUP_SIMILARITY_E5 = 0.35


def encode(texts: Sequence[str], space: str | None = None) -> np.ndarray:
    """Vectors of the texts in one dense space (default MiniLM) through the stored
    embeddings (each wording is encoded once, however often the queue is shown)."""
    from kb.search.calibration import MINILM

    return vectors_for(texts, space or MINILM)


def cluster(vectors: np.ndarray, threshold: float = GROUP_SIMILARITY,
            cross: tuple[np.ndarray, list[str], float] | None = None) -> list[list[int]]:
    """Greedy leader clustering: each vector joins the group whose leader it is most similar
    to, at least `threshold`, else leads a new group. With `cross` (other vectors, the
    language of each row, their threshold), a leader in another language is compared by
    those vectors and that threshold instead. Returns row indexes per group, in order."""
    if len(vectors) == 0:
        return []
    unit = _unit(vectors)
    leaders: list[int] = []
    groups: list[list[int]] = []
    for i in range(len(unit)):
        if leaders:
            sims = unit[leaders] @ unit[i]
            margin = sims - threshold
            if cross is not None:
                other, languages, cross_threshold = cross
                foreign = np.array([languages[j] != languages[i] for j in leaders])
                other_sims = _unit(other[leaders]) @ _unit(other[i:i + 1])[0]
                margin = np.where(foreign, other_sims - cross_threshold, margin)
            best = int(np.argmax(margin))
            if margin[best] >= 0:
                groups[best].append(i)
                continue
        leaders.append(i)
        groups.append([i])
    return groups


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def grouping_space() -> tuple[str, float]:
    """The dense space grouping across languages uses and its threshold: e5 when search
    uses it, else MiniLM (which then groups within a language only, in effect)."""
    from django.conf import settings

    from kb.search.calibration import E5, MINILM

    if E5 in [s.strip() for s in settings.SVAR_DENSE_SPACES.split(",")]:
        return E5, GROUP_SIMILARITY_E5
    return MINILM, GROUP_SIMILARITY


def group_texts(texts: Sequence[str], languages: Sequence[str] | None = None,
                threshold: float | None = None) -> list[list[int]]:
    """Indexes of `texts` (written in `languages`, when known) grouped by meaning (see
    `cluster`). Two texts in one language are compared as before (MiniLM, 0.8: near
    duplicates, not merely the same topic); two in different languages by their
    language-centred e5 vectors (0.35), so the same question in three languages is one
    group."""
    from kb.search.calibration import E5, MINILM
    from kb.search.e5 import center

    space, cross = grouping_space()
    same = encode(texts, MINILM)
    if space != E5 or not languages:
        return cluster(same, GROUP_SIMILARITY if threshold is None else threshold)
    other = center(encode(texts, E5), languages)
    return cluster(same, GROUP_SIMILARITY if threshold is None else threshold,
                   cross=(other, list(languages), cross))
