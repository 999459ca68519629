"""HTTP to Vigil with the standard library, and the retry loop around it."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, cast

from ._version import __version__
from .errors import VigilAPIError, VigilUnavailableError
from .retry import RetryPolicy, parse_retry_after

# What a dropped connection, a refused connection, a reset or a read time-out raise.
NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, TimeoutError, OSError)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8")) if self.body else None
        except (UnicodeDecodeError, ValueError):
            return None

    def json_object(self) -> Dict[str, Any]:
        """The body when it is a JSON object, else an empty one."""
        body = self.json()
        return cast(Dict[str, Any], body) if isinstance(body, dict) else {}


def encode_json(payload: Any) -> bytes:
    # allow_nan=False: NaN is not JSON, and the server would refuse the whole batch for it.
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


class Transport:
    """One HTTP exchange at a time; urllib opens a connection per request, so threads may share it."""

    def __init__(self, url: str, api_key: str, timeout: float, ssl_context: Optional[ssl.SSLContext] = None) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"url must be an http(s) address such as http://localhost:3000 (got {url!r})")
        if not api_key:
            raise ValueError("api_key must not be empty")
        self.base = url.rstrip("/")
        self.timeout = timeout
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "Accept": "application/json",
            "User-Agent": f"vigil-client-python/{__version__}",
        }
        handlers = [urllib.request.HTTPSHandler(context=ssl_context)] if ssl_context else []
        self._opener = urllib.request.build_opener(*handlers)

    def exchange(self, method: str, path: str, query: Optional[Mapping[str, str]] = None, body: Optional[bytes] = None) -> Answer:
        """One request; raises one of NETWORK_ERRORS when no HTTP answer came back."""
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        headers: Dict[str, str] = dict(self._headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, dict(error.headers.items()) if error.headers else {}, error.read())


def is_retryable(status: int) -> bool:
    return status == 429 or status >= 500


def api_error(answer: Answer) -> VigilAPIError:
    body = answer.json_object()
    if body:
        return VigilAPIError(answer.status, str(body.get("error", "error")), str(body.get("message", "")), body)
    text = answer.body[:200].decode("utf-8", "replace").strip()
    return VigilAPIError(answer.status, "error", text or http.client.responses.get(answer.status, ""))


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def call_with_retries(
    send: Callable[[], Answer],
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    random: Callable[[], float],
    keep_trying: Callable[[int], bool],
) -> Answer:
    """``send`` until it gets an answer that is not 429 or 5xx.

    Returns any answer below 500 other than 429 (the caller decides what a 4xx means); retries
    network errors, 429 (after its Retry-After) and 5xx with backoff while ``keep_trying(n)`` (n:
    attempts made so far) says so; then raises VigilUnavailableError.
    """
    attempts = 0
    while True:
        attempts += 1
        retry_after: Optional[float] = None
        status: Optional[int] = None
        try:
            answer = send()
        except NETWORK_ERRORS as error:
            problem = f"{type(error).__name__}: {error}"
        else:
            if not is_retryable(answer.status):
                return answer
            status = answer.status
            problem = f"HTTP {answer.status}"
            if answer.status == 429:
                retry_after = parse_retry_after(_header(answer.headers, "Retry-After"))
        if keep_trying(attempts):
            sleep(policy.delay(attempts - 1, retry_after, random))
        # Asked again after the wait: a client closing meanwhile stops here, not after one more try.
        if not keep_trying(attempts):
            plural = "s" if attempts > 1 else ""
            raise VigilUnavailableError(f"Vigil did not take the request after {attempts} attempt{plural}: {problem}", attempts=attempts, last_status=status)
