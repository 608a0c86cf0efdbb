"""A local HTTP server that plays an outside platform (Meta's Graph API, Chatwoot, a signed
webhook receiver) in tests: it records every request and answers from a script, including
the platform's rate-limit answers (429 with Retry-After, Meta's error codes)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self) -> dict:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Platform:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    # path → list of (status, json body, headers) answered in turn; the last one repeats.
    script: dict[str, list[tuple[int, dict, dict]]] = field(default_factory=dict)
    default: tuple[int, dict, dict] = (200, {"id": "ok"}, {})
    pages: dict[str, str] = field(default_factory=dict)  # GET path → HTML (a parent frame)

    def answer(self, path: str, *answers: tuple) -> None:
        self.script[path] = [a if len(a) == 3 else (*a, {}) for a in answers]

    def to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def _next(self, path: str) -> tuple[int, dict, dict]:
        queue = self.script.get(path)
        if not queue:
            return self.default
        return queue.pop(0) if len(queue) > 1 else queue[0]


def start_platform() -> tuple[Platform, ThreadingHTTPServer]:
    platform = Platform()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            self._answer("POST")

        def do_PUT(self):  # noqa: N802 - X hides a reply with PUT
            self._answer("PUT")

        def _answer(self, method: str):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            parts = urlsplit(self.path)
            with lock:
                platform.requests.append(Recorded(
                    method, parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                    {k.lower(): v for k, v in self.headers.items()}, body))
                status, payload, headers = platform._next(parts.path)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802
            html = platform.pages.get(urlsplit(self.path).path)
            data = (html or "not found").encode()
            self.send_response(200 if html is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    platform.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return platform, server


@pytest.fixture
def platform():
    p, server = start_platform()
    yield p
    server.shutdown()
    server.server_close()
