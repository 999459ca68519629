"""``Vigil``: the one object a model server or a pipeline needs."""

from __future__ import annotations

import logging
import os
import random as _random
import ssl
import threading
import time
import urllib.parse
from types import TracebackType
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Type, Union, cast

from ._sender import BackgroundSender
from .as_code import SetUpCalls
from ._transport import Answer, Transport, api_error, call_with_retries, encode_json
from .errors import InvalidRowsError, RowError, VigilAPIError, VigilUnavailableError
from .retry import RetryPolicy
from .rows import (
    Actual,
    FeatureValue,
    GroundTruth,
    Prediction,
    RowProblem,
    Timestamp,
    ground_truth_row,
    normalise_rows,
    optional_timestamp,
    prediction_row,
    utc_now,
)
from .types import Alert, AlertState, Bucket, ClientStats, GroundTruthResult, IngestResult, Metrics

log = logging.getLogger("vigil_client")

MAX_BATCH_ROWS = 10_000
"""The most rows Vigil takes in one request (API.md)."""

PREDICTIONS = "/api/v1/predictions"
GROUND_TRUTH = "/api/v1/ground-truth"

Row = Dict[str, Any]


class _Refused(Exception):
    """A 400 invalid_batch for ``rows``: errors indexed in ``rows``; ``rows[:stored]`` were stored
    by earlier halves (after a 413), with their answers."""

    def __init__(self, errors: List[Tuple[int, str, str]], message: str, stored: int = 0, answers: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.errors = errors
        self.message = message
        self.stored = stored
        self.answers: List[Dict[str, Any]] = answers or []


class Vigil(SetUpCalls):
    """A client of one Vigil server.

    ``url`` and ``api_key`` default to the ``VIGIL_URL`` and ``VIGIL_API_KEY`` environment
    variables. ``log_prediction`` buffers (at most ``max_buffer`` rows) and a background thread
    sends batches of ``batch_size``; the other methods call Vigil at once, retrying network
    errors, 429 and 5xx up to ``retry.max_attempts`` times. Set-up calls (models, versions,
    monitors) come from :class:`SetUpCalls`.

    ``sleep``, ``random`` and ``clock`` replace ``time.sleep``, ``random.random`` and
    ``time.monotonic`` (for tests).
    """

    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        *,
        timeout: float = 10.0,
        batch_size: int = 1000,
        max_buffer: int = 50_000,
        flush_interval: float = 2.0,
        exit_timeout: float = 5.0,
        retry: Optional[RetryPolicy] = None,
        ssl_context: Optional[ssl.SSLContext] = None,
        sleep: Optional[Callable[[float], None]] = None,
        random: Optional[Callable[[], float]] = None,
        clock: Optional[Callable[[], float]] = None,
    ) -> None:
        url = url or os.environ.get("VIGIL_URL")
        api_key = api_key or os.environ.get("VIGIL_API_KEY")
        if not url:
            raise ValueError("Vigil needs the server's address: Vigil(url=...) or the VIGIL_URL environment variable")
        if not api_key:
            raise ValueError("Vigil needs an API key: Vigil(api_key=...) or the VIGIL_API_KEY environment variable")
        if not 1 <= batch_size <= MAX_BATCH_ROWS:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_ROWS:,}")
        self.url = url.rstrip("/")
        self._transport = Transport(self.url, api_key, timeout, ssl_context)
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._random = random or _random.random
        self._counts_lock = threading.Lock()
        self._accepted = self._duplicates = self._rejected = 0
        self._sender = BackgroundSender(
            self._deliver,
            batch_size=batch_size,
            max_buffer=max_buffer,
            flush_interval=flush_interval,
            exit_timeout=exit_timeout,
            clock=clock or time.monotonic,
        )

    def __repr__(self) -> str:
        return f"Vigil({self.url!r})"

    # --- predictions, buffered -------------------------------------------------------------

    def log_prediction(
        self,
        model: str,
        *,
        id: Optional[str] = None,
        version: Optional[str] = None,
        timestamp: Optional[Timestamp] = None,
        features: Optional[Mapping[str, FeatureValue]] = None,
        score: Optional[float] = None,
        probabilities: Optional[Mapping[str, float]] = None,
        label: Optional[str] = None,
        value: Optional[float] = None,
        actual: Optional[Actual] = None,
    ) -> str:
        """Buffers one prediction for the background sender and returns its id (a uuid4 when
        none is given: keep it to send the ground truth later).

        Never waits for Vigil and never fails because of it: when the buffer is full the row is
        dropped and counted (``dropped``). Raises :class:`InvalidRowsError` (a ValueError) only
        for a row Vigil would refuse whatever its state: a missing label, a score outside 0..1,
        a time without a zone...
        """
        _check_model(model)
        fields = {
            "id": id, "version": version, "timestamp": timestamp, "features": features, "score": score,
            "probabilities": probabilities, "label": label, "value": value, "actual": actual,
        }  # fmt: skip
        try:
            row = prediction_row(fields, utc_now())
        except RowProblem as problem:
            raise InvalidRowsError([RowError(0, problem.path, problem.message, id)]) from None
        self._sender.add(model, row)
        return cast(str, row["id"])

    def flush(self, timeout: Optional[float] = 30.0) -> bool:
        """Sends every buffered prediction now; True once all are settled (sent, or refused and
        logged), False if ``timeout`` seconds passed first (they stay buffered and keep being tried)."""
        return self._sender.flush(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Flushes for up to ``timeout`` seconds, then stops the sender; rows still unsent are
        dropped and counted. True when nothing was dropped by closing. Runs at interpreter exit
        for every open client (with ``exit_timeout``)."""
        return self._sender.close(timeout)

    def __enter__(self) -> "Vigil":
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException], trace: Optional[TracebackType]) -> None:
        self.close()

    @property
    def dropped(self) -> int:
        """Predictions of ``log_prediction`` that were never sent (buffer full, or unsent at close)."""
        return self._sender.dropped

    @property
    def stats(self) -> ClientStats:
        with self._counts_lock:
            return ClientStats(self._sender.queued, self._accepted, self._duplicates, self._rejected, self._sender.dropped)

    # --- bulk, at once ----------------------------------------------------------------------

    def log_predictions(self, model: str, rows: Iterable[Union[Prediction, Mapping[str, Any]]]) -> IngestResult:
        """Sends predictions now, in batches of up to 10,000, and returns what Vigil stored.

        Replaying rows with the same ids stores nothing twice (``duplicates``). Raises
        :class:`InvalidRowsError` with every row's problems (indexed in ``rows``) when a row is
        refused, by this client before anything is sent or by Vigil (``stored`` then says how many
        leading rows earlier batches stored); :class:`VigilUnavailableError` after the retries.
        """
        _check_model(model)
        given = list(rows)
        now = utc_now()
        wire = self._normalise(given, lambda raw: prediction_row(raw, now))
        accepted = duplicates = 0
        for answer in self._post_chunks(PREDICTIONS, model, "predictions", given, wire):
            accepted += int(answer.get("accepted", 0))
            duplicates += int(answer.get("duplicates", 0))
        return IngestResult(accepted, duplicates, [row["id"] for row in wire])

    def log_ground_truth(self, model: str, rows: Iterable[Union[GroundTruth, Mapping[str, Any]]]) -> GroundTruthResult:
        """Sends actuals for predictions logged earlier (by id); a later actual replaces an earlier
        one. Ids Vigil has no prediction for come back in ``unknown``. Raises as ``log_predictions``."""
        _check_model(model)
        given = list(rows)
        wire = self._normalise(given, ground_truth_row)
        matched = 0
        unknown: List[str] = []
        for answer in self._post_chunks(GROUND_TRUTH, model, "actuals", given, wire):
            matched += int(answer.get("matched", 0))
            unknown.extend(str(i) for i in answer.get("unknown", []))
        return GroundTruthResult(matched, unknown)

    # --- reading ------------------------------------------------------------------------------

    def metrics(
        self,
        model: str,
        *,
        from_: Optional[Timestamp] = None,
        to: Optional[Timestamp] = None,
        bucket: Optional[Bucket] = None,
        segment: Optional[str] = None,
    ) -> Metrics:
        """The model's figures (API.md, "Metrics out"): by default the last 7 days, hourly up to
        3 days and daily beyond. Figures come from rollups refreshed moments after ingest;
        ``pendingBuckets`` counts hours still waiting."""
        _check_model(model)
        query = {
            "from": optional_timestamp(from_, "from_"),
            "to": optional_timestamp(to, "to"),
            "bucket": bucket,
            "segment": segment,
        }
        answer = self._request("GET", f"/api/v1/models/{urllib.parse.quote(model, safe='')}/metrics", query=_present(query))
        _raise_unless_ok(answer)
        return cast(Metrics, answer.json_object())

    def alerts(self, model: Optional[str] = None, *, state: Optional[AlertState] = None, limit: Optional[int] = None) -> List[Alert]:
        """Alerts (of one model, or of every model the key may read), open ones first."""
        query = _present({"model": model, "state": state, "limit": None if limit is None else str(limit)})
        answer = self._request("GET", "/api/v1/alerts", query=query)
        _raise_unless_ok(answer)
        return cast(List[Alert], answer.json_object().get("alerts", []))

    # --- plumbing -----------------------------------------------------------------------------

    def _normalise(self, given: List[Any], make: Callable[[Any], Row]) -> List[Row]:
        wire, errors = normalise_rows(given, make)
        if errors:
            raise InvalidRowsError(errors)
        return wire

    def _post_chunks(self, path: str, model: str, key: str, given: List[Any], wire: List[Row]) -> List[Dict[str, Any]]:
        answers: List[Dict[str, Any]] = []
        for start in range(0, len(wire), MAX_BATCH_ROWS):
            chunk = wire[start : start + MAX_BATCH_ROWS]
            try:
                answers.extend(self._post_rows(path, model, key, chunk, background=False))
            except _Refused as refused:
                errors = [RowError(start + i, where, why, chunk[i].get("id"), given[start + i]) for i, where, why in refused.errors if 0 <= i < len(chunk)]
                raise InvalidRowsError(errors, status=400, message=refused.message, stored=start + refused.stored) from None
        return answers

    def _post_rows(self, path: str, model: str, key: str, rows: List[Row], *, background: bool) -> List[Dict[str, Any]]:
        """One batch, halved and sent again on 413 (rows with long texts can pass 16 MiB)."""
        answer = self._request("POST", path, payload={"model": model, key: rows}, background=background)
        if answer.status == 413 and len(rows) > 1:
            half = len(rows) // 2
            first = self._post_rows(path, model, key, rows[:half], background=background)
            try:
                return first + self._post_rows(path, model, key, rows[half:], background=background)
            except _Refused as refused:
                shifted = [(i + half, where, why) for i, where, why in refused.errors]
                raise _Refused(shifted, refused.message, half + refused.stored, first + refused.answers) from None
        if answer.status == 400:
            body = answer.json_object()
            listed: Any = body.get("rows")
            if isinstance(listed, list):
                errors = [_row_error(cast(Dict[str, Any], e)) for e in cast(List[Any], listed) if isinstance(e, dict)]
                raise _Refused(errors, str(body.get("message", "Vigil refused the batch.")))
        _raise_unless_ok(answer)
        return [answer.json_object()]

    def _request(self, method: str, path: str, *, query: Optional[Mapping[str, str]] = None, payload: Any = None, background: bool = False) -> Answer:
        body = encode_json(payload) if payload is not None else None
        sender = self._sender

        def send() -> Answer:
            return self._transport.exchange(method, path, query, body)

        if background:
            # Tries until it works or the client gives up at close; a wait then ends early.
            def wait(seconds: float) -> None:
                sender.aborted.wait(seconds)

            return call_with_retries(send, self._retry, self._sleep or wait, self._random, lambda attempts: not sender.aborted.is_set())
        return call_with_retries(send, self._retry, self._sleep or time.sleep, self._random, lambda attempts: attempts < self._retry.max_attempts)

    def _deliver(self, model: str, rows: List[Row]) -> int:
        """The background sender's send: never raises. Rows Vigil refuses are logged and counted,
        and the rest of their batch is sent again (a batch is all or nothing on the server)."""
        pending: List[Row] = rows
        while pending:
            try:
                answers = self._post_rows(PREDICTIONS, model, "predictions", pending, background=True)
            except _Refused as refused:
                self._count(refused.answers)
                bad = {i for i, _, _ in refused.errors if refused.stored <= i < len(pending)}
                rest: List[Row] = pending[refused.stored :]
                good = [row for i, row in enumerate(pending) if i >= refused.stored and i not in bad]
                if not bad:
                    good = []  # the answer named no row of this batch: nothing left to tell apart
                details = "; ".join(f"id {pending[i]['id']!r}: {where}: {why}" for i, where, why in refused.errors[:5] if 0 <= i < len(pending))
                log.error("Vigil refused %d of %d predictions for model %r: %s. %s", len(rest) - len(good), len(rows), model, refused.message, details)
                with self._counts_lock:
                    self._rejected += len(rest) - len(good)
                pending = good
            except VigilAPIError as error:
                log.error("Vigil refused %d predictions for model %r: %s", len(pending), model, error)
                with self._counts_lock:
                    self._rejected += len(pending)
                return 0
            except VigilUnavailableError:
                return len(pending)
            else:
                self._count(answers)
                return 0
        return 0

    def _count(self, answers: List[Dict[str, Any]]) -> None:
        with self._counts_lock:
            for answer in answers:
                self._accepted += int(answer.get("accepted", 0))
                self._duplicates += int(answer.get("duplicates", 0))


def _check_model(model: Any) -> None:
    if not isinstance(model, str) or not model:
        raise ValueError(f"model must be the model's slug, such as 'spam-filter' (got {model!r})")


def _row_error(error: Dict[str, Any]) -> Tuple[int, str, str]:
    index = error.get("index")
    return (index if isinstance(index, int) else -1, str(error.get("path", "")), str(error.get("message", "")))


def _present(query: Mapping[str, Optional[str]]) -> Dict[str, str]:
    return {k: v for k, v in query.items() if v is not None}


def _raise_unless_ok(answer: Answer) -> None:
    if not 200 <= answer.status < 300:
        raise api_error(answer)
