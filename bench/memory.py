#!/usr/bin/env python
"""Resident memory per web process and per Celery worker.

Web: gunicorn with the production config and --workers 2 against a synthetic handbook
(bench/common.py) of each size; RSS of every worker after warm-up (model + index loaded in
post_worker_init) and after --requests mixed requests (suggestions and agent searches), plus
each worker's OS thread count (native pools are capped at one thread per pool).
RSS counts every page a worker maps, also those it shares with the master and the other
workers (libraries' code, language models, the model file); PSS splits shared pages between
their users, so the PSS of all processes adds up to the machine's real use; USS is what
one more worker costs.
Celery: one `celery worker --pool solo` on the same database, RSS after it ran a full
re-index task (model loaded, every text's embedding checked). Needs a Redis broker:
CELERY_BROKER_URL, else redis://127.0.0.1:6379/11 (skipped if unreachable).

    .venv/bin/python bench/memory.py [--sizes 10000,100000] [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from suggest_latency import one_request  # noqa: E402

TARGET_WEB_MB = 700


def web(size: int, requests: int) -> None:
    url, info = common.prepared_handbook(f"h{size}", size)
    with common.Server(url, workers=2) as server:
        server.wait_ready()
        time.sleep(1)
        pids = server.worker_pids()
        warm = {pid: common.rss_mb(pid) for pid in pids}
        rng = random.Random(5)
        queries = [q for _, q in common.demo_queries()]
        client = common.Client(server.base, info["token"])
        for i in range(requests):
            status, body = one_request(client, "suggest" if i % 2 else "search",
                                       rng.choice(queries), rng)
            if status not in (200, 201):
                raise SystemExit(f"HTTP {status}: {body[:300]!r}")
        client.close()
        after = {pid: common.rss_mb(pid) for pid in pids}
        pss = {pid: common.pss_mb(pid) for pid in pids}
        uss = {pid: common.uss_mb(pid) for pid in pids}
        threads = {pid: common.proc_status(pid)["Threads"] for pid in pids}
    for pid in pids:
        verdict = "MET" if after[pid] < TARGET_WEB_MB else "MISSED"
        print(f"{size:>7} texts: web worker {pid}: RSS {warm[pid]:.0f} MB after warm-up, "
              f"{after[pid]:.0f} MB after {requests} requests "
              "(keep-alive: one worker served them), "
              f"PSS {pss[pid]:.0f} MB, USS {uss[pid]:.0f} MB, {threads[pid]} OS threads  "
              f"target < {TARGET_WEB_MB} MB (RSS): {verdict}, (PSS): "
              f"{'MET' if pss[pid] < TARGET_WEB_MB else 'MISSED'}", flush=True)


def broker_url() -> str | None:
    url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/11"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        return None
    return url


def celery(size: int) -> None:
    url = broker_url()
    if not url:
        print("celery worker: skipped (no Redis broker reachable)")
        return
    from celery import Celery

    db_url, _ = common.prepared_handbook(f"h{size}", size)
    app = Celery("bench", broker=url, backend=url)
    app.control.purge()
    log = open(common.SCRATCH / "celery-memory.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(common.VENV_BIN / "celery"), "-A", "project", "worker", "--pool", "solo",
         "--concurrency", "1", "-n", f"bench-{os.getpid()}@localhost", "--without-gossip",
         "--without-mingle"],
        cwd=common.ROOT, env=common.django_env(db_url, CELERY_BROKER_URL=url), stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.monotonic()
        generation = app.send_task("kb.search.upkeep.rebuild_index").get(timeout=1800)
        print(f"{size:>7} texts: celery worker {proc.pid}: RSS {common.rss_mb(proc.pid):.0f} MB "
              f"after a full re-index task (generation {generation}, "
              f"{time.monotonic() - started:.0f} s incl. start-up)", flush=True)
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    common.print_machine("memory per process")
    for size in [int(s) for s in args.sizes.split(",")]:
        web(size, args.requests)
        celery(size)


if __name__ == "__main__":
    main()
