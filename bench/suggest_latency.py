#!/usr/bin/env python
"""Suggest-reply latency through HTTP at 1k, 10k and 100k handbook texts.

For each size: a synthetic handbook in a scratch database (see bench/common.py: demo entries
cloned with unique suffixes, stored embeddings = real vectors + small noise), gunicorn with
the production config (1 worker, loopback), then one agent client sending
POST /api/v1/suggestions/ {"text","customer_name","channel","public"} with token auth, one
request at a time, for a bounded number of requests or seconds. The texts are the demo
handbook's real example questions in six languages. Prints p50/p95/p99 per size against the
targets (p95 < 60 ms at 10k texts, < 100 ms at 100k).

--endpoint search measures GET /api/v1/search/?q= instead (the retrieval alone).

    .venv/bin/python bench/suggest_latency.py [--sizes 1000,10000,100000] [--requests 300]
        [--seconds 60] [--endpoint suggest|search]      (BENCH_PG=postgres://... optional)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGET_P95_MS = {10_000: 60, 100_000: 100}
CHANNELS = ["facebook_comment", "facebook_message", "instagram_comment", "instagram_dm",
            "x_reply", "x_dm", "email", "chat"]
NAMES = ["Kari Nordmann", "@sven_s", "Mette", "Aino Virtanen", "John Smith", "Ola"]


def one_request(client: common.Client, endpoint: str, text: str, rng: random.Random):
    if endpoint == "suggest":
        return client.request("POST", "/api/v1/suggestions/", {
            "text": text, "customer_name": rng.choice(NAMES),
            "channel": rng.choice(CHANNELS), "public": rng.random() < 0.5})
    return client.request("GET", f"/api/v1/search/?q={quote(text)}&audience=all")


def measure(base: str, token: str, endpoint: str, *, requests: int, seconds: float,
            warmup: int = 20) -> list[float]:
    rng = random.Random(3)
    queries = [q for _, q in common.demo_queries()]
    rng.shuffle(queries)
    client = common.Client(base, token)
    ok = {200, 201}
    for text in queries[:warmup]:
        status, body = one_request(client, endpoint, text, rng)
        if status not in ok:
            raise SystemExit(f"{endpoint}: HTTP {status}: {body[:500]!r}")
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    i = warmup
    while len(latencies) < requests and time.monotonic() < deadline:
        text = queries[i % len(queries)]
        i += 1
        started = time.perf_counter()
        status, body = one_request(client, endpoint, text, rng)
        latencies.append((time.perf_counter() - started) * 1000)
        if status not in ok:
            raise SystemExit(f"{endpoint}: HTTP {status}: {body[:500]!r}")
    client.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="handbook sizes in texts")
    parser.add_argument("--requests", type=int, default=300, help="requests per size (max)")
    parser.add_argument("--seconds", type=float, default=60, help="time per size (max)")
    parser.add_argument("--endpoint", choices=["suggest", "search"], default="suggest")
    parser.add_argument("--fresh", action="store_true", help="rebuild the scratch handbooks")
    args = parser.parse_args()

    common.print_machine(f"suggest latency ({args.endpoint}), 1 client, 1 gunicorn worker")
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.monotonic()
        url, info = common.prepared_handbook(f"h{size}", size, reuse=not args.fresh)
        print(f"{size:>7} texts: handbook {info['entries']} entries / {info['texts']} texts "
              f"ready in {time.monotonic() - started:.0f} s ({url.split('://')[0]})", flush=True)
        with common.Server(url, workers=1) as server:
            boot = server.wait_ready()
            latencies = measure(server.base, info["token"], args.endpoint,
                                requests=args.requests, seconds=args.seconds)
            rss = max((common.rss_mb(p) for p in server.worker_pids()), default=0)
        target = TARGET_P95_MS.get(size)
        p95 = common.percentile(latencies, 95)
        verdict = "" if target is None else \
            f"  target p95 < {target} ms: {'MET' if p95 < target else 'MISSED'}"
        print(f"{size:>7} texts: {common.latency_summary(latencies)}{verdict}")
        print(f"{'':>7}        worker ready (model + index) in {boot:.1f} s, RSS {rss:.0f} MB",
              flush=True)
        results[size] = {"p50_ms": round(common.percentile(latencies, 50), 1),
                         "p95_ms": round(p95, 1), "n": len(latencies), "rss_mb": round(rss)}
    print("json:", json.dumps({"endpoint": args.endpoint, "results": results}))


if __name__ == "__main__":
    main()
