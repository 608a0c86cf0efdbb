#!/usr/bin/env python
"""Index rebuild throughput, in texts per second.

1. Encoding from scratch (real model): a synthetic handbook of --encode-texts texts with no
   stored embeddings; `kb.upkeep.reindex()` encodes and stores every text, as
   `manage.py kb_rebuild_index` does on a new model. Torch gets --threads threads
   (default: all cores, as a dedicated rebuild run should).
2. Rebuilding the in-memory index from stored embeddings (what every web process does when
   the generation moves): `kb.search.service.build_index()` at 10k and 100k texts.

100k from scratch is extrapolated from the measured 10k rate (printed as such): encoding
is linear in the number of texts, and 100k texts would take tens of minutes on 2 cores.

    .venv/bin/python bench/rebuild.py [--encode-texts 10000] [--build-sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGET_100K_SECONDS = 600


def inside(mode: str) -> dict:
    """Runs in a child process whose DATABASE_URL is the scratch handbook."""
    sys.path.insert(0, str(common.ROOT))
    import django

    django.setup()
    from kb.models import Embedding
    from kb.search import embeddings, service, upkeep

    if mode == "encode":
        from kb.search.encoder import configured_encoder

        embeddings.model_names()  # load the models outside the timing
        started = time.perf_counter()
        upkeep.reindex()
        seconds = time.perf_counter() - started
        return {"texts": Embedding.objects.count(), "seconds": seconds,
                "bf16": configured_encoder().bulk_bf16}
    embeddings.model_names()
    started = time.perf_counter()
    index = service.build_index()
    seconds = time.perf_counter() - started
    return {"texts": len(index.engine), "seconds": seconds,
            "rss_mb": common.rss_mb(os.getpid())}


def child(mode: str, url: str, threads: int) -> dict:
    env = common.django_env(url, SVAR_TORCH_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, __file__, "--inside", mode], cwd=common.ROOT, env=env,
                         capture_output=True, text=True, timeout=7200)
    if out.returncode != 0:
        raise SystemExit(out.stdout + out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encode-texts", type=int, default=10_000)
    parser.add_argument("--build-sizes", default="10000,100000")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--inside", choices=["encode", "build"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(inside(args.inside)))
        return

    common.print_machine(f"index rebuild throughput (torch threads: {args.threads})")
    rate = None
    if args.encode_texts:
        # Always fresh: a previous run stored the embeddings.
        url, info = common.prepared_handbook(f"r{args.encode_texts}", args.encode_texts,
                                             embeddings=False, reuse=False)
        r = child("encode", url, args.threads)
        rate = r["texts"] / r["seconds"]
        print(f"encode from scratch: {r['texts']} texts in {r['seconds']:.1f} s = "
              f"{rate:.0f} texts/s (real model, {args.threads} threads, "
              f"{'bfloat16' if r['bf16'] else 'float32'})", flush=True)
    builds = {}
    for size in [int(s) for s in args.build_sizes.split(",") if s]:
        url, info = common.prepared_handbook(f"h{size}", size)
        r = child("build", url, args.threads)
        builds[size] = r
        print(f"index from stored embeddings: {r['texts']} texts in {r['seconds']:.1f} s = "
              f"{r['texts'] / r['seconds']:.0f} texts/s (process RSS {r['rss_mb']:.0f} MB)",
              flush=True)
    if rate:
        build_100k = builds.get(100_000, {}).get("seconds", 0)
        total = 100_000 / rate + build_100k
        verdict = "MET" if total < TARGET_100K_SECONDS else "MISSED"
        how = ("MEASURED" if args.encode_texts >= 100_000
               else f"EXTRAPOLATED from the {args.encode_texts} rate")
        print(f"100k texts from scratch, {how}: "
              f"{100_000 / rate:.0f} s encoding + {build_100k:.0f} s index build = "
              f"{total / 60:.1f} min (target < {TARGET_100K_SECONDS // 60} min: {verdict})")


if __name__ == "__main__":
    main()
