"""Offline evaluation of the retrieval engine on a handbook + queries set.

The engine is built from the set's handbook with exactly the production path (``Engine.build``,
``Engine.search`` with the query's language, ``ABSTAIN_THRESHOLD``), isolated from the
database.  Set format: see /work/shared/eval/README.md (``handbook.jsonl``,
``queries.jsonl``; ``expected: null`` marks an out-of-scope query).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from kb.search import engine as engine_mod
from kb.search.engine import Doc, Engine
from kb.search.onnx_encoder import configured_query_encoder


class EncoderLike(Protocol):
    def encode(
        self, texts: list[str], batch_size: int = 64, show_progress: bool = False,
        bulk: bool = False,
    ) -> np.ndarray: ...


@dataclass(frozen=True)
class Query:
    text: str
    expected: str | None
    language: str | None


@dataclass
class EvalSet:
    docs: list[Doc]
    queries: list[Query]
    languages: set[str] = field(default_factory=set)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_set(set_dir: str | Path, *, holdout: float = 0.0, seed: int = 0) -> EvalSet:
    """Docs (title, answer and each question of every entry, empties skipped) and queries.

    ``holdout`` leaves that share of the entries (drawn with ``seed``) out of the handbook
    and turns their queries into out-of-scope ones: the question of the customer whose
    topic nobody has written down yet.  This measures abstaining on sets that have no
    out-of-scope queries of their own (swefaq: the only Nordic set)."""
    set_dir = Path(set_dir)
    docs: list[Doc] = []
    languages: set[str] = set()
    entries = _read_jsonl(set_dir / "handbook.jsonl")
    left_out: set[str] = set()
    if holdout > 0:
        ids = sorted(e["id"] for e in entries)
        left_out = set(random.Random(seed).sample(ids, round(len(ids) * holdout)))
    for entry in entries:
        if entry["id"] in left_out:
            continue
        language = entry.get("language") or "en"
        languages.add(language)
        fields = [("title", entry.get("title") or ""), ("answer", entry.get("answer") or "")]
        fields += [("question", q) for q in entry.get("questions") or []]
        for name, value in fields:
            if value.strip():
                docs.append(Doc(entry["id"], value, name, language))
    queries = [
        Query(q["text"], None if q.get("expected") in left_out else q.get("expected"),
              q.get("language"))
        for q in _read_jsonl(set_dir / "queries.jsonl")
    ]
    return EvalSet(docs, queries, languages)


def _encode(encoder: EncoderLike, texts: Sequence[str], progress: bool, bulk: bool) -> np.ndarray:
    """Handbook texts as the index stores them (``bulk``), queries as a search encodes them."""
    return encoder.encode(list(texts), show_progress=progress, bulk=bulk)


def evaluate(
    set_dir: str | Path, *, encoder: EncoderLike | None = None, progress: bool = True,
    holdout: float = 0.0, seed: int = 0,
) -> dict[str, Any]:
    """Build an isolated Engine from the set's handbook, run every query, return metrics.

    top1, top3 and mrr10 are over in-scope queries.  With out-of-scope queries (expected
    null) also oos_abstained, inscope_answered_correct and handled_correctly, all decided
    by ``ABSTAIN_THRESHOLD``.
    """
    if encoder is None:
        encoder = configured_query_encoder()
    data = load_set(set_dir, holdout=holdout, seed=seed)
    started = time.perf_counter()
    doc_vectors = _encode(encoder, [d.text for d in data.docs], progress, bulk=True)
    engine = Engine.build(data.docs, doc_vectors)
    build_seconds = time.perf_counter() - started
    query_vectors = _encode(encoder, [q.text for q in data.queries], progress, bulk=False)

    threshold = engine_mod.ABSTAIN_THRESHOLD
    ranks: list[int] = []  # 1-based rank of the expected entry, 0 when not in the top 10
    answered_correct = 0
    oos_abstained = 0
    n_oos = 0
    search_ms: list[float] = []
    queries = tqdm(data.queries, desc="queries", file=sys.stderr, disable=not progress)
    for query, vector in zip(queries, query_vectors, strict=True):
        languages = {query.language} if query.language else data.languages
        t0 = time.perf_counter()
        result = engine.search(query.text, vector, k=10, languages=languages)
        search_ms.append((time.perf_counter() - t0) * 1000)
        abstained = not result.hits or result.confidence < threshold
        if query.expected is None:
            n_oos += 1
            oos_abstained += abstained
            continue
        ids = [h.entry_id for h in result.hits]
        rank = ids.index(query.expected) + 1 if query.expected in ids else 0
        ranks.append(rank)
        answered_correct += rank == 1 and not abstained

    r = np.asarray(ranks)
    n_in = len(r)
    metrics: dict[str, Any] = {
        "set": Path(set_dir).name + (f" holdout={holdout} seed={seed}" if holdout else ""),
        "model": getattr(encoder, "model_name", type(encoder).__name__),
        "entries": len({d.entry_id for d in data.docs}),
        "docs": len(data.docs),
        "queries_inscope": n_in,
        "top1": _share(np.sum(r == 1), n_in),
        "top3": _share(np.sum((r >= 1) & (r <= 3)), n_in),
        "mrr10": round(float(np.sum(np.where(r > 0, 1.0 / np.maximum(r, 1), 0.0))) / n_in, 4)
        if n_in
        else 0.0,
        "abstain_threshold": threshold,
        "build_seconds": round(build_seconds, 2),
        "search_ms_p50": round(float(np.percentile(search_ms, 50)), 3) if search_ms else 0.0,
        "search_ms_p95": round(float(np.percentile(search_ms, 95)), 3) if search_ms else 0.0,
    }
    if n_oos:
        metrics.update(
            queries_oos=n_oos,
            oos_abstained=_share(oos_abstained, n_oos),
            inscope_answered_correct=_share(answered_correct, n_in),
            handled_correctly=_share(answered_correct + oos_abstained, n_in + n_oos),
        )
    return metrics


def _share(count: float, total: int) -> float:
    return round(float(count) / total, 4) if total else 0.0
