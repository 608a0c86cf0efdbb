"""Real processes for integration tests: a Celery worker and gunicorn web processes that use
the *test* database and the real broker, as production does.

Test modules import the fixtures they need (``from tests.services import celery_worker``).
Tests that use them carry ``requires_services``: they skip unless DATABASE_URL is PostgreSQL
and CELERY_BROKER_URL is set (CI sets both; a plain local run uses SQLite and eager tasks).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STARTUP_SECONDS = 120  # importing torch and loading the model on 2 busy cores


def services_skip_reason() -> str | None:
    """Why the real-service tests cannot run here, or None when they can."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "needs DATABASE_URL pointing at PostgreSQL (a subprocess cannot share SQLite's " \
               "in-memory test database)"
    if not os.environ.get("CELERY_BROKER_URL"):
        return "needs CELERY_BROKER_URL (a Redis broker) for a real Celery worker"
    return None


requires_services = pytest.mark.skipif(services_skip_reason() is not None,
                                       reason=services_skip_reason() or "")


def test_database_url() -> str:
    """DATABASE_URL with the database name replaced by the test database pytest-django made."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


test_database_url.__test__ = False  # a helper, not a test


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this one's, pointed at the test database."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": test_database_url(),
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "PYTHONUNBUFFERED": "1",
        "DB_CONN_MAX_AGE": "0",  # no idle connections left behind when the test DB is dropped
    })
    env.pop("DEBUG", None)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process with its output in a log file, shown when something goes wrong."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log(self, tail: int = 60) -> str:
        if not self._log.closed:
            self._log.flush()
        lines = self.log_path.read_text(errors="replace").splitlines()
        return f"--- {self.name} (pid {self.pid}) log, last {tail} lines ---\n" + \
            "\n".join(lines[-tail:])

    def stop(self, timeout: float = 20) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()


def wait_until(predicate, *, timeout: float, interval: float = 0.2, process: Process | None = None,
               what: str = "condition"):
    """Poll until predicate() is truthy; fail with the process log on timeout or death."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and not process.alive():
            pytest.fail(f"{process.name} exited ({process.popen.returncode}) while waiting for "
                        f"{what}\n{process.log()}")
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what}"
                + (f"\n{process.log()}" if process else ""))


def _show_logs(processes: list[Process]) -> None:
    """Write the child logs to stderr at teardown: pytest shows them only if the test failed."""
    for proc in processes:
        sys.stderr.write(proc.log() + "\n")


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real `celery worker` (solo pool) on the test database and the configured broker.

    Queued tasks left by earlier tests are purged first, so the worker runs only this test's.
    """
    from project.celery import app

    app.conf.task_always_eager = False  # this test sends tasks to the real worker
    app.control.purge()
    hostname = f"svar-test-{uuid.uuid4().hex[:8]}@localhost"
    proc = Process("celery-worker", [
        str(VENV_BIN / "celery"), "-A", "project", "worker", "--pool", "solo",
        "--concurrency", "1", "-Q", "celery", "-n", hostname, "--loglevel", "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ], child_env(), tmp_path)
    try:
        wait_until(lambda: app.control.ping(destination=[hostname], timeout=0.5),
                   timeout=STARTUP_SECONDS, process=proc, what="the Celery worker to answer ping")
        # The worker loads the model on its first task (~10 s on 2 busy cores); do it now so
        # tests measure the steady state. An empty re-index loads the model and bumps once.
        from kb.search.upkeep import reindex_entries

        started = time.monotonic()
        reindex_entries.delay([]).get(timeout=STARTUP_SECONDS)
        took = time.monotonic() - started
        sys.stderr.write(f"celery worker: first task (model load) {took:.1f} s\n")
        yield proc
    finally:
        proc.stop()
        _show_logs([proc])


@pytest.fixture
def web_process(transactional_db, tmp_path):
    """Factory: start a gunicorn web process (1 worker) on a free loopback port; returns its
    base URL. Each process loads the model and follows the index generation on its own."""
    started: list[Process] = []

    def start(**extra_env: str) -> str:
        port = free_port()
        env = child_env(SVAR_INDEX_POLL_SECONDS="0.5", **extra_env)
        proc = Process(f"web-{port}", [
            str(VENV_BIN / "gunicorn"), "project.wsgi", "-c", "project/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{port}", "--workers", "1",
        ], env, tmp_path)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            try:
                return requests.get(f"{base}/health/", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(healthy, timeout=STARTUP_SECONDS, process=proc, what=f"{base}/health/")
        start.processes[base] = proc
        return base

    start.processes = {}
    try:
        yield start
    finally:
        for proc in started:
            proc.stop()
        _show_logs(started)


def manage_py(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]
