#!/usr/bin/env python
"""The inbox's targets, measured through gunicorn, Redis and a real Celery worker.

1. Drafts ready: one Celery worker (solo pool); signed-webhook messages arrive one every
   0.5 s; for each, the time from its intake (Message.received_at) to its drafts
   (Message.suggested_at), both stamped by the server. Target p95 < 2 s.
2. Webhook latency: the worker stopped (its queue just grows), 50 concurrent clients POST
   signed deliveries (one new message each) to gunicorn. Target p95 < 200 ms.
3. The queue: GET /api/v1/inbox/conversations/ with the conversations of step 2 (> 1,000)
   waiting, as an agent with a token. Target p95 < 300 ms.

Needs PostgreSQL and Redis:
    BENCH_PG=postgres://postgres@127.0.0.1:5432 BENCH_BROKER=redis://127.0.0.1:6379/4 \\
    nice -n 5 .venv/bin/python bench/inbox_load.py [--deliveries 1000] [--drafts 40]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--drafts", type=int, default=40)
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
    common.run([str(common.VENV_BIN / "celery"), "-A", "project", "purge", "-f"],
               common.django_env(url, CELERY_BROKER_URL=broker))

    with common.Server(url, workers=2, **env) as server:
        server.wait_ready()
        base = server.base
        # 1. drafts ready, one worker
        worker = start_worker(url, env)
        try:
            post(base, message(0, "warm"))
            deadline = time.monotonic() + 300
            while not query(url, "SELECT 1 FROM inbox_message WHERE suggested_at IS NOT NULL"):
                if time.monotonic() > deadline or worker.poll() is not None:
                    raise SystemExit("the worker did not draft the first message")
                time.sleep(0.5)
            for i in range(args.drafts):
                post(base, message(i, "drafts"))
                time.sleep(0.5)
            deadline = time.monotonic() + 120
            while query(url, "SELECT count(*) FROM inbox_message WHERE external_id LIKE "
                        "'drafts-%' AND suggested_at IS NULL")[0][0]:
                if time.monotonic() > deadline:
                    raise SystemExit("drafts not ready after 120 s")
                time.sleep(0.5)
            rows = query(url, "SELECT EXTRACT(EPOCH FROM suggested_at - received_at) "
                         "FROM inbox_message WHERE external_id LIKE 'drafts-%'")
            ready = [float(r[0]) * 1000 for r in rows]
            print(f"drafts ready after arrival (1 worker, 1 message / 0.5 s): "
                  f"{common.latency_summary(ready)}")
        finally:
            worker.terminate()
            worker.wait(30)

        # 2. webhook under concurrent deliveries (nothing drains the queue meanwhile)
        latencies: list[float] = []
        lock = threading.Lock()
        counter = iter(range(args.deliveries))

        def client() -> None:
            for i in counter:
                ms = post(base, message(i, "load"))
                with lock:
                    latencies.append(ms)

        for i in range(args.clients):  # one warm-up request per connection slot
            post(base, message(i, "warmup"))
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - started
        print(f"webhook, {args.clients} concurrent clients, {args.deliveries} deliveries, "
              f"2 gunicorn workers: {common.latency_summary(latencies)}; "
              f"{args.deliveries / took:.0f} deliveries/s")

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
