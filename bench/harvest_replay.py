"""Does learning from agents improve retrieval? Replay Banking77 as agent traffic.

A handbook is built from the first half of each intent's example questions.  The queries are
split into a "traffic" half and a "test" half.  Top-1 is measured on the test half; then each
traffic query is treated as a customer wording for which an agent sent a draft from the right
entry, and the production harvest rule (kb.loop.wording_rule.worth_harvesting: shape,
duplicates, cosine < HARVEST_SIMILARITY to the entry's known wordings) decides whether it
becomes a suggested wording; the lead accepts them all; the index is rebuilt and top-1 on the
test half is measured again.  Isolated in-memory engine (like kb_eval): no database.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/harvest_replay.py [--set DIR] [--keep N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The model comes from the settings (SVAR_EMBEDDING_MODEL), as in production.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

from kb.loop.wording_rule import HARVEST_SIMILARITY, worth_harvesting  # noqa: E402
from kb.search.engine import Doc, Engine  # noqa: E402
from kb.search.text import clean_for_encoding  # noqa: E402

DEFAULT_SET = Path("/work/shared/eval/banking77")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Vectors:
    """Encode each distinct text once."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            vecs = self.encoder.encode([clean_for_encoding(t) for t in missing])
            self.cache.update(zip(missing, vecs, strict=True))
        dim = next(iter(self.cache.values())).shape[0] if self.cache else 384
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.vstack([self.cache[t] for t in texts])


def build(handbook: dict[str, dict], vectors: Vectors) -> Engine:
    docs = []
    for entry_id, entry in handbook.items():
        fields = [("title", entry["title"]), ("answer", entry["answer"])]
        fields += [("question", q) for q in entry["questions"]]
        docs += [Doc(entry_id, text, name, entry["language"]) for name, text in fields
                 if text and text.strip()]
    return Engine.build(docs, vectors([d.text for d in docs]))


def top1(engine: Engine, queries: list[dict], vectors: Vectors) -> float:
    qv = vectors([q["text"] for q in queries])
    right = 0
    for q, v in zip(queries, qv, strict=True):
        result = engine.search(q["text"], v, k=1, languages={q.get("language") or "en"})
        right += bool(result.hits) and result.hits[0].entry_id == q["expected"]
    return right / len(queries) if queries else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--keep", type=int, default=None,
                        help="Example questions kept per intent (default: half of them).")
    parser.add_argument("--threshold", type=float, default=HARVEST_SIMILARITY)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from kb.search.encoder import configured_encoder

    started = time.perf_counter()
    vectors = Vectors(configured_encoder())
    handbook = {}
    for row in read_jsonl(args.set / "handbook.jsonl"):
        questions = row.get("questions") or []
        keep = args.keep if args.keep is not None else len(questions) // 2
        handbook[row["id"]] = {"title": row.get("title") or "", "answer": row.get("answer") or "",
                               "language": row.get("language") or "en",
                               "questions": list(questions[:keep])}
    queries = [q for q in read_jsonl(args.set / "queries.jsonl") if q.get("expected")]
    random.Random(args.seed).shuffle(queries)
    traffic, test = queries[: len(queries) // 2], queries[len(queries) // 2:]

    before = top1(build(handbook, vectors), test, vectors)

    harvested = skipped_shape = skipped_similar = 0
    for q in traffic:
        entry = handbook[q["expected"]]
        known = [entry["title"], *entry["questions"]]
        known = [t for t in known if t.strip()]
        vec = vectors([q["text"]])[0]
        if worth_harvesting(q["text"], vec, known, vectors(known), args.threshold):
            entry["questions"].append(q["text"])  # suggested, then accepted by the lead
            harvested += 1
        elif not worth_harvesting(q["text"], vec, [], None, args.threshold):
            skipped_shape += 1
        else:
            skipped_similar += 1

    after = top1(build(handbook, vectors), test, vectors)
    print(f"set                 {args.set.name}")
    print(f"handbook            {len(handbook)} entries, "
          f"{args.keep if args.keep is not None else 'half the'} example questions each")
    print(f"traffic / test      {len(traffic)} / {len(test)} queries")
    print(f"harvest threshold   cosine < {args.threshold}")
    print(f"harvested wordings  {harvested} (skipped: {skipped_similar} too similar, "
          f"{skipped_shape} too short/long)")
    print(f"top-1 before        {before:.4f}")
    print(f"top-1 after         {after:.4f}  ({(after - before) * 100:+.1f} points)")
    print(f"seconds             {time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
