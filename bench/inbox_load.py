#!/usr/bin/env python
"""The inbox's targets, measured through gunicorn, Redis and a real Celery worker.

2. Webhook latency (run first): no worker (its queue just grows), 50 concurrent clients
   POST signed deliveries (one new message each) to gunicorn. Target p95 < 200 ms. With
   --compare-root DIR it runs first against gunicorn serving DIR (an earlier checkout), on
   the same database, then against this checkout. Then one worker files and drafts what
   this checkout's step 2 queued (its rate is printed).
1. Drafts ready: the same worker (solo pool), its queue empty; signed-webhook messages
   arrive one every 0.5 s; for each, the time from the webhook (received_at) to its drafts
   (Message.suggested_at), both stamped by the server. Target p95 < 2 s.
3. The queue: GET /api/v1/inbox/conversations/ with the conversations of step 2 (> 1,000)
   waiting, as an agent with a token. Target p95 < 300 ms.

Needs PostgreSQL and Redis:
    BENCH_PG=postgres://postgres@127.0.0.1:5432 BENCH_BROKER=redis://127.0.0.1:6379/4 \\
    nice -n 5 .venv/bin/python bench/inbox_load.py [--deliveries 1000] [--drafts 40] \\
        [--compare-root /tmp/before]
(BENCH_DB names the scratch database, BENCH_PORT fixes gunicorn's port.)
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

SECRET = "bench-signed-secret"
QUESTIONS = ["Kan jeg bruke mobilen i Spania?", "does unused data roll over?",
             "Hvorfor er regningen så høy?", "Hur byter jag sim-kort?",
             "Miten vaihdan liittymän?", "Hvornår forfalder regningen?"]


def sign(body: bytes, *, secret: str) -> dict:
    """The signed webhook's headers, as README.md documents them for any sender."""
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Svar-Timestamp": ts, "X-Svar-Signature": "sha256=" + digest}


def post(base: str, payload: dict) -> float:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(f"{base}/api/v1/inbox/webhooks/signed/", data=body,
                                     headers={"Content-Type": "application/json",
                                              **sign(body, secret=SECRET)})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - started) * 1000


def message(i: int, prefix: str) -> dict:
    return {"id": f"{prefix}-{i}", "thread": f"{prefix}-thread-{i}", "channel": "chat",
            "text": QUESTIONS[i % len(QUESTIONS)], "author": {"name": f"Kunde {i}"}}


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()


def start_worker(url: str, env: dict) -> subprocess.Popen:
    log = open(common.SCRATCH / "inbox-worker.log", "wb")  # noqa: SIM115 - lives with it
    return subprocess.Popen([str(common.VENV_BIN / "celery"), "-A", "project", "worker",
                             "--pool", "solo", "--concurrency", "1", "--loglevel", "WARNING",
                             "--without-gossip", "--without-mingle", "--without-heartbeat"],
                            cwd=common.ROOT, env=common.django_env(url, **env), stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def webhook_load(server, *, prefix: str, deliveries: int, clients: int) -> str:
    """Step 2: `clients` threads POST `deliveries` new messages as fast as answered. Also
    the CPU the gunicorn workers spent per delivery, which the machine's load inflates far
    less than the latency."""
    base = server.base
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(deliveries))

    def client() -> None:
        for i in counter:
            ms = post(base, message(i, prefix))
            with lock:
                latencies.append(ms)

    for i in range(clients):  # one warm-up request per connection slot
        post(base, message(i, f"warmup-{prefix}"))
    workers = server.worker_pids()
    cpu_before = common.cpu_seconds(workers)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - started
    cpu_ms = (common.cpu_seconds(workers) - cpu_before) * 1000 / deliveries
    return (f"{common.latency_summary(latencies)}; {deliveries / took:.0f} deliveries/s; "
            f"gunicorn CPU {cpu_ms:.1f} ms per delivery; "
            f"load average {os.getloadavg()[0]:.1f}")


def wait_for(url: str, sql: str, want: int, *, worker, timeout: float, what: str) -> float:
    started = time.monotonic()
    while query(url, sql)[0][0] < want:
        if time.monotonic() - started > timeout or worker.poll() is not None:
            raise SystemExit(f"{what}: not done after {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--compare-root", type=Path, default=None,
                        help="another checkout (e.g. the commit before a change): step 2 runs "
                        "against it first, on the same database, then against this one")
    parser.add_argument("--webhook-only", action="store_true",
                        help="step 2 only (with --compare-root: the before/after table)")
    args = parser.parse_args()
    broker = os.environ.get("BENCH_BROKER")
    if not os.environ.get("BENCH_PG") or not broker:
        raise SystemExit("set BENCH_PG and BENCH_BROKER (see the docstring)")
    common.print_machine("inbox: webhook, drafts ready, the queue")
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    url = common.scratch_database("inbox", fresh=True)
    env = {"CELERY_BROKER_URL": broker, "SVAR_SIGNED_WEBHOOK_SECRET": SECRET,
           "SVAR_LOGIN_RATE": "1000/min"}
    common.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
               common.django_env(url))
    common.run([sys.executable, "manage.py", "load_demo"], common.django_env(url))
    common.run([sys.executable, "manage.py", "kb_rebuild_index"], common.django_env(url))
    purge = [str(common.VENV_BIN / "celery"), "-A", "project", "purge", "-f"]
    common.run(purge, common.django_env(url, CELERY_BROKER_URL=broker))
    load = {"deliveries": args.deliveries, "clients": args.clients}

    if args.compare_root:
        with common.Server(url, workers=2, root=args.compare_root.resolve(), **env) as old:
            old.wait_ready()
            print(f"webhook, {args.clients} concurrent clients, {args.deliveries} deliveries, "
                  f"2 gunicorn workers, {args.compare_root}: "
                  f"{webhook_load(old, prefix='before', **load)}", flush=True)
        # Its messages stay waiting (conversations for step 3), undrafted.
        common.run(purge, common.django_env(url, CELERY_BROKER_URL=broker))

    with common.Server(url, workers=2, **env) as server:
        server.wait_ready()
        base = server.base
        # 2. webhook under concurrent deliveries (no worker meanwhile: its queue just grows)
        print(f"webhook, {args.clients} concurrent clients, {args.deliveries} deliveries, "
              f"2 gunicorn workers, this checkout: "
              f"{webhook_load(server, prefix='load', **load)}", flush=True)
        if args.webhook_only:
            return

        worker = start_worker(url, env)
        try:
            # The worker files (and drafts) what step 2 left in its queue.
            took = wait_for(url, "SELECT count(*) FROM inbox_message WHERE external_id LIKE "
                            "'load-%' AND suggested_at IS NOT NULL", args.deliveries,
                            worker=worker, timeout=1800, what="draining step 2")
            print(f"the worker filed and drafted step 2's {args.deliveries} messages in "
                  f"{took:.0f} s ({args.deliveries / took:.1f} / s)", flush=True)
            # 1. drafts ready, one worker, an empty queue
            for i in range(args.drafts):
                post(base, message(i, "drafts"))
                time.sleep(0.5)
            wait_for(url, "SELECT count(*) FROM inbox_message WHERE external_id LIKE "
                     "'drafts-%' AND suggested_at IS NOT NULL", args.drafts, worker=worker,
                     timeout=120, what="drafts")
            rows = query(url, "SELECT EXTRACT(EPOCH FROM suggested_at - received_at) "
                         "FROM inbox_message WHERE external_id LIKE 'drafts-%'")
            ready = [float(r[0]) * 1000 for r in rows]
            print(f"drafts ready after arrival (1 worker, 1 message / 0.5 s): "
                  f"{common.latency_summary(ready)}", flush=True)
        finally:
            worker.terminate()
            worker.wait(30)

        # 3. the queue with everything from step 2 waiting
        waiting = query(url, "SELECT count(*) FROM inbox_conversation WHERE status='new'")[0][0]
        request = urllib.request.Request(f"{base}/api/v1/auth/token/", data=json.dumps({
            "username": "agent", "password": "svar-agent-demo"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as r:
            token = json.loads(r.read())["token"]
        listing = []
        for _ in range(40):
            request = urllib.request.Request(f"{base}/api/v1/inbox/conversations/",
                                             headers={"Authorization": f"Token {token}"})
            started = time.perf_counter()
            with urllib.request.urlopen(request) as r:
                data = json.loads(r.read())
            listing.append((time.perf_counter() - started) * 1000)
        assert data["counts"]["waiting"] == waiting
        print(f"queue of {waiting} waiting conversations (first 200 listed, counts of all): "
              f"{common.latency_summary(listing[5:])}")


if __name__ == "__main__":
    main()
