"""Shared benchmark plumbing: the machine, scratch databases, synthetic handbooks of a given
size, gunicorn / Celery processes on loopback, and percentiles.

Synthetic handbooks (see `populate`): every synthetic entry is a copy of one entry of the demo
handbook (fixtures/demo_handbook.json, 136 entries in 6 languages, ~1,100 real texts), with
each text made unique by a short suffix (a case number and two words of the entry). Its
stored embedding is the real model's vector of the original text plus Gaussian noise
(sigma 0.02 per dimension, cosine ~0.93 to the original), renormalised. So a handbook of
100k texts costs one encoding of ~1,100 real texts plus bulk inserts, and the index, BM25
and FAISS see realistic sizes, languages and score distributions. Queries are the demo
handbook's real example questions.

Scratch databases: SQLite files under /tmp/svar-bench/ by default; with
BENCH_PG=postgres://user@host:port (no database name) a PostgreSQL database
`svar_bench_<name>` (or BENCH_DB when set) is (re)created there instead.

CLI (used by the bench scripts, each in its own process because Django's settings are
per process):  python bench/common.py populate --texts 10000 [--no-embeddings]
(DATABASE_URL in the environment says where).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SCRATCH = Path(os.environ.get("BENCH_SCRATCH", "/tmp/svar-bench"))
DEMO = ROOT / "fixtures" / "demo_handbook.json"
NOISE_SIGMA = 0.02
TEXTS_PER_ENTRY_TARGET = 4  # title, answer and (on average) two example questions


# --- the machine -------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_mb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_mb = int(line.split()[1]) // 1024
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_mb": ram_mb,
            "python": platform.python_version()}


def print_machine(title: str) -> None:
    m = machine()
    print(f"== {title}")
    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['ram_mb']} MB RAM, "
          f"Python {m['python']}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_summary(ms: list[float]) -> str:
    return (f"n={len(ms)} p50={percentile(ms, 50):.1f} ms p95={percentile(ms, 95):.1f} ms "
            f"p99={percentile(ms, 99):.1f} ms mean={statistics.fmean(ms):.1f} ms")


def setup_django() -> None:
    """Set up Django in this process against the app's own database (in-process benchmarks
    that run after `make demo`)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()


# --- scratch databases ---------------------------------------------------------------------

def scratch_database(name: str, *, fresh: bool) -> str:
    """DATABASE_URL of a scratch database; `fresh` drops what was there."""
    pg = os.environ.get("BENCH_PG", "").rstrip("/")
    if pg:
        import psycopg

        db = os.environ.get("BENCH_DB") or f"svar_bench_{name}"
        with psycopg.connect(pg + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (db,)).fetchone()
            if fresh and exists:
                conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
            if fresh or not exists:
                conn.execute(f'CREATE DATABASE "{db}"')
        return f"{pg}/{db}"
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"{name}.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "project.settings",
                "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"})
    env.pop("DEBUG", None)
    env.pop("CELERY_BROKER_URL", None)  # eager unless a caller passes one
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], *, timeout: float = 3600) -> str:
    """Run a child to completion, echoing nothing; return its stdout or fail loudly."""
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return result.stdout


def prepared_handbook(name: str, texts: int, *, embeddings: bool = True,
                      reuse: bool = True) -> tuple[str, dict]:
    """A scratch database holding a synthetic handbook of about `texts` texts.
    Reuses one built earlier with the same parameters (a marker file records them)."""
    marker = SCRATCH / f"{name}.json"
    wanted = {"size": texts, "with_embeddings": embeddings, "pg": os.environ.get("BENCH_PG", "")}
    if reuse and marker.exists():
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            return scratch_database(name, fresh=False), info
    url = scratch_database(name, fresh=True)
    env = django_env(url)
    started = time.monotonic()
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    args = [sys.executable, str(Path(__file__)), "populate", "--texts", str(texts)]
    if not embeddings:
        args.append("--no-embeddings")
    info = json.loads(run(args, env).strip().splitlines()[-1])
    info.update(wanted, seconds_to_build=round(time.monotonic() - started, 1))
    SCRATCH.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(info))
    return url, info


# --- synthetic handbooks ---------------------------------------------------------------------

def demo_entries() -> list[dict]:
    return json.loads(DEMO.read_text(encoding="utf-8"))["entries"]


def demo_queries() -> list[tuple[str, str]]:
    """(language, text) of every example question of the demo handbook: real wordings."""
    return [(e["language"], q) for e in demo_entries() for q in e.get("questions", [])]


def _entry_texts(entry: dict) -> list[str]:
    return [entry["title"], entry["answer"], *entry.get("questions", [])]


def base_vectors(texts: list[str], encoder=None) -> dict[str, object]:
    """Real model vectors of the demo texts, cached on disk between runs."""
    import numpy as np

    from kb.search.encoder import configured_encoder

    encoder = encoder or configured_encoder()
    key = hashlib.sha256(("\n".join(texts) + encoder.model_name).encode()).hexdigest()[:16]
    cache = SCRATCH / f"base-vectors-{key}.npy"
    if cache.exists():
        matrix = np.load(cache)
    else:
        matrix = encoder.encode(texts, batch_size=64, bulk=True)
        SCRATCH.mkdir(parents=True, exist_ok=True)
        np.save(cache, matrix)
    return dict(zip(texts, matrix, strict=True))


def populate(total_texts: int, *, with_embeddings: bool = True, seed: int = 1) -> dict:
    """Fill the (migrated, empty) database with ~total_texts texts; returns a summary."""
    import django

    django.setup()
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from kb.models import Embedding, Entry, ExampleQuestion, IndexState
    from kb.roles import AGENTS, ensure_roles
    from kb.search.calibration import spaces_for
    from kb.search.embeddings import text_hash
    from kb.search.encoder import space_encoders

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    demo = demo_entries()
    all_texts = list(dict.fromkeys(t for e in demo for t in _entry_texts(e)))
    # Every dense space search uses, each for the languages whose partition uses it.
    spaces = {space: (enc.model_name, base_vectors(all_texts, enc))
              for space, enc in space_encoders().items()} if with_embeddings else {}

    entries, questions, embeddings = [], [], []
    count = i = 0
    while count < total_texts:
        src = demo[i % len(demo)]
        words = [w for w in src["answer"].split() if w.isalpha() and len(w) > 3] or ["case"]
        tag = f"· sak {i} {rng.choice(words)} {rng.choice(words)}"
        entry = Entry(title=f"{src['title']} {tag}"[:300], answer=f"{src['answer']}\n\n{tag}",
                      short_answer=src.get("short_answer", "")[:280], why=src.get("why", ""),
                      kind=src.get("kind", "faq"), audience=src.get("audience", "public"),
                      language=src["language"], status=Entry.Status.PUBLISHED,
                      slug=f"bench-{i}", translation_group=f"{src['group']}-{i // 136}")
        pairs = [(src["title"], entry.title), (src["answer"], entry.answer)]
        for q in src.get("questions", [])[:rng.choice((1, 2, 2, 3))]:
            pairs.append((q, f"{q} {tag}"))
            questions.append((len(entries), f"{q} {tag}"))
        entries.append(entry)
        for space, (name, vectors) in spaces.items():
            if space not in spaces_for(entry.language):
                continue
            for original, text in pairs:
                v = vectors[original] + nrng.normal(0, NOISE_SIGMA, 384).astype(np.float32)
                v /= np.linalg.norm(v)
                embeddings.append(Embedding(model_name=name, text_hash=text_hash(text), dim=384,
                                            vector=v.astype(np.float32).tobytes()))
        count += len(pairs)
        i += 1

    created = Entry.objects.bulk_create(entries, batch_size=2000)
    ExampleQuestion.objects.bulk_create(
        [ExampleQuestion(entry=created[k], text=text, status=ExampleQuestion.Status.ACCEPTED,
                         source="import") for k, text in questions], batch_size=5000)
    Embedding.objects.bulk_create(embeddings, batch_size=2000, ignore_conflicts=True)
    IndexState.bump()

    ensure_roles()
    user, _ = get_user_model().objects.get_or_create(username="bench-agent",
                                                     defaults={"first_name": "Bench"})
    user.groups.add(Group.objects.get(name=AGENTS))
    token, _ = Token.objects.get_or_create(user=user)
    from kb.maintenance import refresh_planner_statistics

    refresh_planner_statistics()
    return {"entries": len(created), "texts": count, "embeddings": len(embeddings),
            "token": token.key}


# --- processes on loopback -------------------------------------------------------------------

def free_port() -> int:
    """BENCH_PORT when set (a port reserved for this run), else any free one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the production config on a free loopback port."""

    def __init__(self, database_url: str, *, workers: int = 1, log: Path | None = None,
                 root: Path = ROOT, **env: str):
        """`root`: the checkout whose code gunicorn serves (another one to compare)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log or SCRATCH / f"gunicorn-{self.port}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "project.wsgi", "-c", "project/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
            cwd=root, env=django_env(database_url, **env), stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 900) -> float:
        """Seconds until /health/ answers (workers answer only after warming model+index)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/health/", timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn not ready after {timeout}s:\n{self.log_path.read_text()}")

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def proc_status(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used (all their threads)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    return int(proc_status(pid)["VmRSS"].split()[0]) / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size: pages shared with other processes (libraries, the language
    models loaded in gunicorn's master) count once, split between their users."""
    return _rollup(pid).get("Pss", float("nan"))


def uss_mb(pid: int) -> float:
    """Unique set size: pages only this process holds, i.e. what one more worker costs."""
    r = _rollup(pid)
    return r.get("Private_Clean", 0.0) + r.get("Private_Dirty", 0.0)


def _rollup(pid: int) -> dict[str, float]:
    """/proc/PID/smaps_rollup in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "kB":
            out[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return out


class Client:
    """A keep-alive HTTP client with token auth (stdlib, so the client costs little CPU)."""

    def __init__(self, base: str, token: str | None = None):
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(base)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.headers = {"Authorization": f"Token {token}"} if token else {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self._conn.request(method, path, body=data, headers=headers)
        response = self._conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self._conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("populate")
    p.add_argument("--texts", type=int, required=True)
    p.add_argument("--no-embeddings", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    summary = populate(args.texts, with_embeddings=not args.no_embeddings)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
