"""FAISS indexes of one partition's vectors, and the small array helpers around them.

Index by size of a partition, vectors stored as float16: an exact flat index up to
``FLAT_MAX_VECTORS`` (a brute-force scan of 20k x 384 values takes ~2 ms on one core and is
exact), HNSW above (the brute-force scan grows linearly, ~10 ms at 100k, while HNSW stays
near 1 ms at a small recall cost that the lexical candidates and the exact per-entry
rescoring largely recover).
"""

from __future__ import annotations

import contextlib
import ctypes
import os

import faiss
import numpy as np

#: Partitions with at most this many vectors use an exact flat index, larger ones HNSW.
FLAT_MAX_VECTORS = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
#: Above this many requested neighbours an HNSW partition is scanned exactly instead.
HNSW_MAX_K = 1600
#: Docs fetched from the dense index before exact entry rescoring.
DENSE_CANDIDATES = 100


_faiss_threads_set = False


def limit_faiss_threads() -> None:
    """Cap FAISS's OpenMP threads (env ``SVAR_FAISS_THREADS``, default 1), once.

    One query gains nothing from a second thread, while web workers searching at the same
    time on two cores lose a lot to OpenMP threads spinning against each other (measured:
    p50 5.5 -> 3.7 ms at 100k docs on a busy 2-core machine).  Costs HNSW build speed.
    """
    global _faiss_threads_set
    if not _faiss_threads_set:
        faiss.omp_set_num_threads(max(1, int(os.environ.get("SVAR_FAISS_THREADS", "1"))))
        _faiss_threads_set = True


def make_index(vectors: np.ndarray) -> faiss.Index:
    """Exact flat index for small partitions, HNSW for large ones (see module docstring).

    Vectors are stored as float16 (FAISS's fp16 scalar quantizer): half the memory of
    float32 at a rounding error of ~3e-5 per component, which moves no ranking measurably
    (kb_eval figures unchanged to the fourth decimal on the dev sets).
    """
    limit_faiss_threads()
    dim = vectors.shape[1]
    fp16 = faiss.ScalarQuantizer.QT_fp16
    if len(vectors) <= FLAT_MAX_VECTORS:
        index: faiss.Index = faiss.IndexScalarQuantizer(dim, fp16, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexHNSWSQ(dim, fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    index.train(vectors)  # fp16 needs no statistics; FAISS still wants the call
    index.add(vectors)
    return index


def flat_storage(index: faiss.Index) -> faiss.IndexScalarQuantizer:
    """The flat fp16 store of a flat or HNSW index (exact search over every vector)."""
    return index if isinstance(index, faiss.IndexScalarQuantizer) else \
        faiss.downcast_index(index.storage)


def stored_codes(store: faiss.IndexScalarQuantizer) -> np.ndarray:
    """Zero-copy (n, code size) uint8 view of the fp16 codes the index holds (valid while the
    index lives and is not added to; an Engine never adds after building).  Rows decode to
    float32 vectors with ``sa_decode``, which is faster than numpy's float16 conversion."""
    size = store.sa_code_size()
    return faiss.rev_swig_ptr(store.codes.data(), store.ntotal * size).reshape(-1, size)


def argmax_segments(values: np.ndarray, offsets: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Position (relative to its segment start) of the maximum of each segment."""
    seg_max = np.maximum.reduceat(values, offsets)
    seg_of = np.repeat(np.arange(len(offsets)), sizes)
    hits = np.flatnonzero(values >= seg_max[seg_of])
    first = np.full(len(offsets), -1, dtype=np.int64)
    # Reverse so the first maximum of each segment wins the assignment.
    first[seg_of[hits[::-1]]] = hits[::-1]
    return first - offsets



def release_free_heap() -> None:
    """Hand freed heap pages back to the OS after a build (glibc only; best effort).

    Building leaves hundreds of MB of freed transient arrays in malloc's arenas, which a
    long-lived web process would otherwise keep as resident memory (100k docs: RSS +430 MB
    before, +60 MB after, on top of the inputs).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)




class DenseSpace:
    """One partition's vectors of one model: FAISS index, stored codes, entry centroids.

    ``doc_unit`` maps each local doc to its unit (entry) and ``n_units`` is the number of
    units; the centroid of a unit is the normalised mean of its docs' vectors (a cheap
    prototype classifier: robust when one example question is an outlier).
    """

    def __init__(self, vectors: np.ndarray, doc_unit: np.ndarray, n_units: int):
        import scipy.sparse as sp

        n = len(vectors)
        self.index = make_index(vectors)
        self.store = flat_storage(self.index)
        self.codes = stored_codes(self.store)
        self.is_hnsw = self.store is not self.index
        membership = sp.csr_matrix(
            (np.ones(n, dtype=np.float32), (doc_unit, np.arange(n))), shape=(n_units, n)
        )
        sums = np.asarray(membership @ vectors, dtype=np.float32)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self.centroids = (sums / np.maximum(norms, 1e-12)).astype(np.float16)

    def __len__(self) -> int:
        return int(self.store.ntotal)

    def nearest(self, qv: np.ndarray, k: int) -> np.ndarray:
        """Local indices of the k docs nearest to the query vector."""
        k = min(k, len(self))
        if self.is_hnsw and k > HNSW_MAX_K:
            # A restrictive entry_filter asked for very many candidates: HNSW degrades to
            # a slow graph walk there, an exact scan of the stored vectors does not.
            _, ids = self.store.search(qv, k)
        elif self.is_hnsw:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
            _, ids = self.index.search(qv, k, params=params)
        else:
            _, ids = self.index.search(qv, k)
        ids = ids[0]
        return ids[ids >= 0]

    def similarities(self, qv: np.ndarray, local: np.ndarray) -> np.ndarray:
        """Exact cosine of the query to the given local docs."""
        return self.store.sa_decode(self.codes[local]) @ qv[0]

    def centroid_similarities(self, qv: np.ndarray, units: np.ndarray) -> np.ndarray:
        return self.centroids[units].astype(np.float32) @ qv[0]
