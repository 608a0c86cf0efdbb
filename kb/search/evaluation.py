"""Offline evaluation of the retrieval engine on a handbook + queries set.

The engine is built from the set's handbook with exactly the production path (``Engine.build``
over every dense space search uses, ``Engine.search`` with the query's language across all
partitions, ``ABSTAIN_THRESHOLD``), isolated from the database.  Set format: see
/work/shared/eval/README.md (``handbook.jsonl``, ``queries.jsonl``; ``expected: null`` marks
an out-of-scope query; entries sharing a ``group`` are one decision, and a hit on any of them
answers a query that expects one of them).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from kb.search import calibration as cal
from kb.search.encoder import space_encoders
from kb.search.engine import Doc, Engine
from kb.search.onnx_encoder import for_queries
from kb.search.query_spaces import query_spaces

#: Thresholds at which the coverage/accuracy curve is printed.
CURVE_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


class EncoderLike(Protocol):
    model_name: str

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
    groups: dict[str, str] = field(default_factory=dict)  # entry id -> group


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_set(set_dir: str | Path, *, holdout: float = 0.0, seed: int = 0,
             questions: int | None = None) -> EvalSet:
    """Docs (title, answer and each question of every entry, empties skipped) and queries.

    ``holdout`` leaves that share of the entries (drawn with ``seed``) out of the handbook
    and turns their queries into out-of-scope ones: the question of the customer whose
    topic nobody has written down yet.  ``questions`` keeps at most that many example
    questions of each entry (drawn with ``seed``): a young handbook that knows little."""
    set_dir = Path(set_dir)
    docs: list[Doc] = []
    languages: set[str] = set()
    entries = _read_jsonl(set_dir / "handbook.jsonl")
    left_out: set[str] = set()
    rng = random.Random(seed)
    if holdout > 0:
        ids = sorted(e["id"] for e in entries)
        left_out = set(rng.sample(ids, round(len(ids) * holdout)))
    groups = {e["id"]: e.get("group") or e["id"] for e in entries}
    for entry in entries:
        if entry["id"] in left_out:
            continue
        language = entry.get("language") or "en"
        languages.add(language)
        asked = list(entry.get("questions") or [])
        if questions is not None and len(asked) > questions:
            asked = rng.sample(asked, questions)
        fields = [("title", entry.get("title") or ""), ("answer", entry.get("answer") or "")]
        fields += [("question", q) for q in asked]
        for name, value in fields:
            if value.strip():
                docs.append(Doc(entry["id"], value, name, language, groups[entry["id"]]))
    queries = [
        Query(q["text"], None if q.get("expected") in left_out else q.get("expected"),
              q.get("language"))
        for q in _read_jsonl(set_dir / "queries.jsonl")
    ]
    return EvalSet(docs, queries, languages, groups)


class VectorCache:
    """Encodings of evaluation texts on disk, one ``.npz`` per model and kind (handbook text
    or query), so repeated runs on a busy machine encode each text once."""

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None

    def encode(self, encoder: EncoderLike, texts: Sequence[str], *, bulk: bool,
               progress: bool) -> np.ndarray:
        if self.folder is None:
            return encoder.encode(list(texts), show_progress=progress, bulk=bulk)
        runtime = "" if bulk else getattr(encoder, "runtime", "")  # queries: ONNX or torch
        key = f"{encoder.model_name}|{bulk}" + (f"|{runtime}" if runtime else "")
        name = hashlib.sha1(key.encode()).hexdigest()[:16]
        path = self.folder / f"{name}.npz"
        known: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as z:
                known = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = list(dict.fromkeys(k for k in keys if k not in known))
        if todo:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = encoder.encode([text_of[k] for k in todo], show_progress=progress,
                                   bulk=bulk)
            known.update(zip(todo, fresh, strict=True))
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
            os.replace(tmp, path)
        return np.stack([known[k] for k in keys]).astype(np.float32)


def _needed_spaces(languages: set[str]) -> list[str]:
    out: list[str] = []
    for language in sorted(languages):
        for space in cal.spaces_for(language):
            if space not in out:
                out.append(space)
    return out


def evaluate(
    set_dir: str | Path, *, encoder: EncoderLike | Mapping[str, EncoderLike] | None = None,
    progress: bool = True, holdout: float = 0.0, seed: int = 0, questions: int | None = None,
    cache_dir: str | Path | None = None, threshold: float | None = None,
) -> dict[str, Any]:
    """Build an isolated Engine from the set's handbook, run every query, return metrics.

    top1, top3 and mrr10 are over in-scope queries.  With out-of-scope queries (expected
    null) also oos_abstained, inscope_answered_correct and handled_correctly, all decided
    by ``ABSTAIN_THRESHOLD`` (or ``threshold``).  ``answered`` is the share of in-scope
    queries not abstained on, and ``curve`` the coverage/accuracy at other thresholds.
    """
    data = load_set(set_dir, holdout=holdout, seed=seed, questions=questions)
    if encoder is None:
        encoders = for_queries(space_encoders(_needed_spaces(data.languages)))
    elif isinstance(encoder, Mapping):
        encoders = dict(encoder)
    else:
        encoders = {cal.MINILM: encoder}
    cache = VectorCache(cache_dir)
    started = time.perf_counter()
    doc_vectors = {s: cache.encode(e, [d.text for d in data.docs], bulk=True, progress=progress)
                   for s, e in encoders.items()}
    engine = Engine.build(data.docs, doc_vectors)
    build_seconds = time.perf_counter() - started
    query_vectors = {s: cache.encode(e, [q.text for q in data.queries], bulk=False,
                                     progress=progress)
                     for s, e in encoders.items()}

    if threshold is None:
        threshold = cal.ABSTAIN_THRESHOLD
    ranks: list[int] = []  # 1-based rank of the expected decision, 0 when not in the top 10
    outcomes: list[tuple[float, bool | None]] = []  # (confidence, top right; None = oos)
    search_ms: list[float] = []
    queries = tqdm(data.queries, desc="queries", file=sys.stderr, disable=not progress)
    for i, query in enumerate(queries):
        # Only the spaces a search in production encodes the query in (query_spaces).
        wanted = query_spaces(engine, query.language) or tuple(query_vectors)
        vectors = {s: v[i] for s, v in query_vectors.items() if s in wanted}
        t0 = time.perf_counter()
        result = engine.search(query.text, vectors, k=10, language=query.language)
        search_ms.append((time.perf_counter() - t0) * 1000)
        confidence = result.confidence if result.hits else 0.0
        if query.expected is None:
            outcomes.append((confidence, None))
            continue
        wanted = data.groups.get(query.expected, query.expected)
        groups = [h.group for h in result.hits]
        rank = groups.index(wanted) + 1 if wanted in groups else 0
        ranks.append(rank)
        outcomes.append((confidence, rank == 1))

    r = np.asarray(ranks)
    n_in = len(r)
    metrics: dict[str, Any] = {
        "set": Path(set_dir).name + (f" holdout={holdout} seed={seed}" if holdout else "")
        + (f" questions<={questions} seed={seed}" if questions is not None else ""),
        "model": "+".join(f"{s}:{e.model_name}" for s, e in encoders.items()),
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
    point = operating_point(outcomes, threshold)
    metrics["answered"] = point["answered"]
    metrics["answered_accuracy"] = point["accuracy"]
    if point["queries_oos"]:
        metrics.update(
            queries_oos=point["queries_oos"],
            oos_abstained=point["oos_abstained"],
            inscope_answered_correct=point["inscope_answered_correct"],
            handled_correctly=point["handled_correctly"],
        )
    metrics["curve"] = [operating_point(outcomes, t) for t in CURVE_THRESHOLDS]
    return metrics


def operating_point(outcomes: list[tuple[float, bool | None]], threshold: float) -> dict:
    """Coverage and accuracy when abstaining below ``threshold``: ``answered`` (share of
    in-scope queries answered), ``accuracy`` (right among the answered, out-of-scope ones
    answered count as wrong), and the abstain figures when there are out-of-scope queries."""
    inscope = [(c, ok) for c, ok in outcomes if ok is not None]
    oos = [c for c, ok in outcomes if ok is None]
    answered_in = [ok for c, ok in inscope if c >= threshold]
    answered_oos = sum(c >= threshold for c in oos)
    right = sum(answered_in)
    n_answered = len(answered_in) + answered_oos
    point = {
        "threshold": threshold,
        "answered": _share(len(answered_in), len(inscope)),
        "accuracy": _share(right, n_answered),
        "queries_oos": len(oos),
        "oos_abstained": _share(len(oos) - answered_oos, len(oos)),
        "inscope_answered_correct": _share(right, len(inscope)),
        "handled_correctly": _share(right + len(oos) - answered_oos, len(outcomes)),
    }
    return point


def _share(count: float, total: int) -> float:
    return round(float(count) / total, 4) if total else 0.0
