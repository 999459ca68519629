"""A tiny Vigil on loopback that answers API.md's ingest and read routes, and misbehaves on cue.

By default it stores predictions by id (a replay is a duplicate), joins ground truth, and refuses
a batch, all or nothing, when ``refuse`` names a problem in one of its rows. ``then(...)`` queues
misbehaviours that the next requests to a path get first: an error status, a delay, a dropped
connection, or a wait on an event the test controls.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

Problem = Optional[Tuple[str, str]]


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: Dict[str, str] = field(default_factory=dict)


@dataclass
class Slow:
    seconds: float


@dataclass
class HangUp:
    """Closes the connection without an answer (as a crashing proxy does)."""


@dataclass
class Hold:
    """Waits until the event is set, then answers normally."""

    release: threading.Event


Behaviour = Any  # Reply | Slow | HangUp | Hold


@dataclass
class Seen:
    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: Any


class FakeVigil:
    def __init__(self, max_body: int = 16 * 1024 * 1024) -> None:
        self.lock = threading.Lock()
        self.requests: List[Seen] = []
        self.stored: Dict[str, Dict[str, Any]] = {}  # id -> row
        self.actuals: Dict[str, Dict[str, Any]] = {}
        self.queued: Dict[str, Deque[Behaviour]] = {}
        self.refuse: Callable[[Dict[str, Any]], Problem] = lambda row: None
        self.max_body = max_body
        self.alerts: List[Dict[str, Any]] = []
        self.models: Dict[str, Dict[str, Any]] = {}  # slug -> settings (set-up calls)
        self.versions: Dict[Tuple[str, str], Dict[str, Any]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_PATCH(self) -> None:
                fake._handle(self, "PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def then(self, path: str, *behaviours: Behaviour) -> None:
        with self.lock:
            self.queued.setdefault(path, deque()).extend(behaviours)

    def posts(self, path: str = "/api/v1/predictions") -> List[Seen]:
        with self.lock:
            return [r for r in self.requests if r.method == "POST" and r.path == path]

    def wait_for_rows(self, count: int, timeout: float = 10.0) -> bool:
        return self._wait(lambda: len(self.stored) >= count, timeout)

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> bool:
        return self._wait(lambda: len(self.requests) >= count, timeout)

    def _wait(self, done: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if done():
                    return True
            time.sleep(0.01)
        return False

    # --- serving ------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        with self.lock:
            self.requests.append(Seen(method, url.path, dict(urllib.parse.parse_qsl(url.query)), dict(handler.headers.items()), body))
            queue = self.queued.get(url.path)
            behaviour = queue.popleft() if queue else None
        while behaviour is not None:
            if isinstance(behaviour, HangUp):
                handler.connection.shutdown(socket.SHUT_RDWR)
                handler.close_connection = True
                return
            if isinstance(behaviour, Reply):
                return self._send(handler, behaviour)
            if isinstance(behaviour, Slow):
                time.sleep(behaviour.seconds)
            if isinstance(behaviour, Hold):
                behaviour.release.wait(30)
            behaviour = None
        if len(raw) > self.max_body:
            return self._send(handler, Reply(413, {"error": "payload_too_large", "message": "too large"}))
        self._send(handler, self._answer(method, url.path, dict(urllib.parse.parse_qsl(url.query)), body))

    def _answer(self, method: str, path: str, query: Dict[str, str], body: Any) -> Reply:
        if method == "POST" and path == "/api/v1/predictions":
            return self._ingest(body["predictions"])
        if method == "POST" and path == "/api/v1/ground-truth":
            return self._ground_truth(body["actuals"])
        if method == "GET" and path.startswith("/api/v1/models/") and path.endswith("/metrics"):
            model = urllib.parse.unquote(path.split("/")[4])
            if model == "missing":
                return Reply(404, {"error": "not_found", "message": "There is no model missing."})
            return Reply(200, {"model": model, "query": query, "series": [], "totals": {"volume": len(self.stored)}})
        if method == "GET" and path == "/api/v1/alerts":
            return Reply(200, {"alerts": self.alerts, "open": len(self.alerts)})
        if path == "/api/v1/models" or path.startswith("/api/v1/models/"):
            return self._set_up(method, urllib.parse.unquote(path[len("/api/v1/models/") :]) if path != "/api/v1/models" else "", body)
        return Reply(404, {"error": "not_found", "message": "no such route"})

    def _ingest(self, rows: List[Dict[str, Any]]) -> Reply:
        problems = [{"index": i, "path": p[0], "message": p[1]} for i, row in enumerate(rows) for p in [self.refuse(row)] if p]
        if problems:
            return Reply(400, {"error": "invalid_batch", "message": f"{len(problems)} problems; nothing was stored.", "rows": problems})
        with self.lock:
            new = [row for row in rows if row["id"] not in self.stored]
            for row in new:
                self.stored[row["id"]] = row
        return Reply(200, {"accepted": len(new), "duplicates": len(rows) - len(new)})

    def _ground_truth(self, rows: List[Dict[str, Any]]) -> Reply:
        problems = [{"index": i, "path": p[0], "message": p[1]} for i, row in enumerate(rows) for p in [self.refuse(row)] if p]
        if problems:
            return Reply(400, {"error": "invalid_batch", "message": "problems", "rows": problems})
        with self.lock:
            known = [row for row in rows if row["id"] in self.stored]
            for row in known:
                self.actuals[row["id"]] = row
        return Reply(200, {"matched": len(known), "unknown": [row["id"] for row in rows if row["id"] not in self.stored]})

    def _set_up(self, method: str, rest: str, body: Any) -> Reply:
        """Models as code, as API.md has them: enough to check what the client sends and reads."""
        slug, _, tail = rest.partition("/")
        with self.lock:
            if method == "POST" and not slug:
                if body["slug"] in self.models:
                    return Reply(409, {"error": "conflict", "message": f"A model with the slug {body['slug']} already exists."})
                self.models[body["slug"]] = {**body, "driftMinN": 100, "sampling": {"rate": 0.02}, "pipeline": {"approvalsRequired": 1}}
                return Reply(201, body)
            if slug not in self.models:
                return Reply(404, {"error": "not_found", "message": f"There is no model {slug}."})
            model = self.models[slug]
            if method == "GET" and not tail:
                return Reply(200, model)
            if method == "PATCH" and not tail:
                if body.get("driftMinN", 1) < 1:
                    return Reply(400, {"error": "invalid_input", "message": "driftMinN: at least 1", "fields": {"driftMinN": ["at least 1"]}})
                for key, value in body.items():
                    model[key] = {**model[key], **value} if key in ("sampling", "pipeline") else value
                return Reply(200, model)
            if method == "POST" and tail == "versions":
                if (slug, body["name"]) in self.versions:
                    return Reply(409, {"error": "conflict", "message": "already", "fields": {"name": ["Already in use"]}})
                self.versions[(slug, body["name"])] = body
                return Reply(201, {"version": {**body, "status": "candidate"}, "deployRequest": {"id": "req-1", "status": "pending", "approvalsRequired": 1, "reason": "The model's policy asks for approval."}})
        return Reply(404, {"error": "not_found", "message": "no such route"})

    def _send(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        data = json.dumps(reply.body).encode() if reply.body is not None else b""
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a time-out test)


def refused_port() -> str:
    """An address where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
