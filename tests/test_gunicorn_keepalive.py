"""After a large body the application did not read, gunicorn drops the connection; the
response must say so (issue 15, finding 14: it said keep-alive, then the next request on the
connection failed). A real gunicorn with the project's hooks; the heavy start-up hooks
(model loading) are switched off, the request never reaches a model."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):
    conf = tmp_path_factory.mktemp("gunicorn") / "conf.py"
    conf.write_text(
        f"exec(open({str(ROOT / 'project' / 'gunicorn.conf.py')!r}).read())\n"
        "def on_starting(server):\n    pass\n"
        "def post_worker_init(worker):\n    pass\n")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings", "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "project.wsgi", "-c", str(conf),
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def _exchange(sock, request: bytes) -> bytes:
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head


def _post(size: int) -> bytes:
    return (b"POST /api/v1/suggestions/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode() + b"[" * size)


GET = b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def test_a_connection_that_says_keep_alive_serves_the_next_request(gunicorn_port):
    for size in (300 * 1024, 200 * 1024, 100 * 1024):  # too large; refused unread (401)
        with socket.create_connection(("127.0.0.1", gunicorn_port), timeout=30) as sock:
            head = _exchange(sock, _post(size))
            assert head.startswith(b"HTTP/1.1 4"), head
            if b"connection: keep-alive" in head.lower():
                second = _exchange(sock, GET)
                assert second.startswith(b"HTTP/1.1 200"), (size, second)
            else:
                assert b"connection: close" in head.lower(), head


def test_small_requests_keep_the_connection(gunicorn_port):
    with socket.create_connection(("127.0.0.1", gunicorn_port), timeout=30) as sock:
        head = _exchange(sock, _post(10))
        assert b"connection: keep-alive" in head.lower()
        assert _exchange(sock, GET).startswith(b"HTTP/1.1 200")
