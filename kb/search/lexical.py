"""Lexical rankers: Okapi BM25 over stemmed words and over character n-grams.

Scores are divided by the most the query could score (``query_weight``), so they are
comparable across queries and languages: 1 means everything the query says was matched.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import repeat

import numpy as np
import scipy.sparse as sp

from kb.search import text as textmod

CHAR_NGRAM_RANGE = (3, 4)
BM25_PARAMS = {"k1": 1.2, "b": 0.75}
#: Top units each lexical ranker adds to the candidates.
LEXICAL_CANDIDATES = 30


class BM25Index:
    """Okapi BM25 (Lucene idf) over any terms; docs x terms weights kept column-wise (CSC).

    Scoring a query touches only the posting lists of its own terms.
    """

    def __init__(self, doc_terms: Iterable[Sequence[str]], k1: float = 1.2, b: float = 0.75):
        vocab: dict[str, int] = {}
        # Compact typed arrays, not lists of Python ints: at 100k docs there are ~10M
        # postings, and lists of int objects would cost ~1 GB during the build.
        rows = array("i")
        cols = array("i")
        counts = array("f")
        n_docs = 0
        for row, terms in enumerate(doc_terms):
            n_docs += 1
            term_counts = Counter(terms)
            rows.extend(repeat(row, len(term_counts)))
            cols.extend(vocab.setdefault(term, len(vocab)) for term in term_counts)
            counts.extend(term_counts.values())
        row_arr = np.frombuffer(rows, dtype=np.int32)
        col_arr = np.frombuffer(cols, dtype=np.int32)
        tf = np.frombuffer(counts, dtype=np.float32)
        df = np.bincount(col_arr, minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.bincount(row_arr, weights=tf, minlength=n_docs).astype(np.float32)
        avg_len = float(lengths.mean()) if n_docs and lengths.sum() > 0 else 1.0
        norm = k1 * (1.0 - b + b * lengths[row_arr] / avg_len)
        weights = (idf[col_arr] * tf * (k1 + 1.0) / (tf + norm)).astype(np.float32)
        self.matrix = sp.csc_matrix((weights, (row_arr, col_arr)), shape=(n_docs, len(vocab)))
        self.vocab = vocab
        self.n_docs = n_docs
        self.idf = idf
        self.unseen_idf = float(np.log1p((n_docs + 0.5) / 0.5))

    def query_weight(self, query_terms: Sequence[str]) -> float:
        """Summed idf of the query's terms (unseen ones count as rarest): roughly the score
        of a document of average length holding every query term once.  Dividing by it makes
        BM25 comparable across queries: 1 means everything the query says was matched."""
        total = 0.0
        for term in query_terms:
            col = self.vocab.get(term)
            total += self.unseen_idf if col is None else float(self.idf[col])
        return total

    def score(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (all zeros when no query term is indexed)."""
        counts = Counter(t for t in query_terms if t in self.vocab)
        if not counts:
            return np.zeros(self.n_docs, dtype=np.float32)
        ids = np.fromiter((self.vocab[t] for t in counts), dtype=np.int64, count=len(counts))
        qtf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        # Gather the posting lists of the query terms straight from the CSC arrays (scipy's
        # column slicing costs more in validation than in arithmetic for a single query).
        m = self.matrix
        starts, ends = m.indptr[ids], m.indptr[ids + 1]
        sizes = ends - starts
        total = int(sizes.sum())
        if total == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        offsets = np.cumsum(sizes) - sizes
        pos = np.repeat(starts - offsets, sizes) + np.arange(total)
        weights = m.data[pos] * np.repeat(qtf, sizes)
        return np.bincount(m.indices[pos], weights=weights, minlength=self.n_docs).astype(
            np.float32
        )


def word_terms(normalized: str, language: str) -> list[str]:
    return textmod.stem_tokens(textmod.tokenize(normalized), language)


def char_terms(normalized: str, cache: dict | None = None) -> list[str]:
    return textmod.char_ngrams(normalized, *CHAR_NGRAM_RANGE, cache=cache)



def scaled_scores(index: BM25Index, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit scores scaled to [0, 1] by the query's own weight (1.0 = every query term
    matched as well as BM25 allows), so they mean the same across queries; plus the top
    units.  Relative-to-best scaling would make any query look like a match."""
    scores = index.score(terms)
    if not scores.any():
        return scores, np.zeros(0, dtype=np.int64)
    scores = scores / (index.query_weight(terms) * (BM25_PARAMS["k1"] + 1.0))
    m = min(LEXICAL_CANDIDATES, len(scores))
    return scores, np.argpartition(-scores, m - 1)[:m]
