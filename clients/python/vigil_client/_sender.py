"""The bounded buffer behind ``log_prediction`` and the thread that empties it in batches.

The caller's thread only appends to a deque under a lock, so logging costs microseconds whatever
Vigil is doing. One daemon thread sends: when a batch is full, when the oldest row has waited
``flush_interval``, when ``flush()`` asks, and when the client closes (at the latest at
interpreter exit). When Vigil is down the buffer fills to ``max_buffer`` and further rows are
dropped, counted and logged, never queued without bound and never raised to the caller.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from collections import deque
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

log = logging.getLogger("vigil_client")

Row = Dict[str, Any]
# Sends one model's rows; returns how many of them were given up because Vigil stayed unreachable
# until the client aborted. Must not raise.
Deliver = Callable[[str, List[Row]], int]

DROP_LOG_EVERY_SECONDS = 10.0
JOIN_GRACE_SECONDS = 1.0


class BackgroundSender:
    def __init__(
        self,
        deliver: Deliver,
        *,
        batch_size: int,
        max_buffer: int,
        flush_interval: float,
        exit_timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if batch_size < 1 or max_buffer < batch_size:
            raise ValueError("batch_size must be at least 1 and max_buffer at least batch_size")
        if flush_interval <= 0:
            raise ValueError("flush_interval must be positive")
        self._deliver = deliver
        self._batch_size = batch_size
        self._max_buffer = max_buffer
        self._interval = flush_interval
        self.exit_timeout = exit_timeout
        self._clock = clock
        self._dropped = 0
        self._reset()
        _live_senders.add(self)

    def _reset(self) -> None:
        """Fresh state; also in a forked child, whose copied locks may be held by a thread that did not survive the fork."""
        self._cond = threading.Condition()
        self.aborted = threading.Event()
        self._queue: Deque[Tuple[str, Row]] = deque()
        self._enqueued = 0  # rows ever taken into the buffer
        self._taken = 0  # rows handed to the sending thread
        self._finished = 0  # rows whose fate is settled: sent, refused or dropped
        self._flush_target = 0
        self._closing = False
        self._closed = False
        self._thread: Optional[threading.Thread] = None
        self._last_drop_log = float("-inf")
        self._dropped_since_log = 0

    @property
    def dropped(self) -> int:
        return self._dropped

    @property
    def queued(self) -> int:
        return len(self._queue)

    def add(self, model: str, row: Row) -> bool:
        """Buffers one row; False (and counted) when the buffer is full or the client is closed."""
        with self._cond:
            if self._closing or self._closed:
                self._count_drop(1, "the client is closed")
                return False
            # Rows in flight count too: the bound is on memory held, not on the deque's length.
            if self._enqueued - self._finished >= self._max_buffer:
                self._count_drop(1, f"the buffer is full ({self._max_buffer:,} rows; is Vigil reachable?)")
                return False
            self._queue.append((model, row))
            self._enqueued += 1
            if len(self._queue) >= self._batch_size:
                self._cond.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="vigil-client-sender", daemon=True)
                self._thread.start()
        return True

    def flush(self, timeout: Optional[float]) -> bool:
        """Sends everything buffered so far now; True once all of it is settled, False on time-out."""
        with self._cond:
            target = self._enqueued
            self._flush_target = max(self._flush_target, target)
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._finished >= target, timeout)

    def close(self, timeout: Optional[float]) -> bool:
        """Flushes for up to ``timeout`` seconds, then gives up what is left (counted as dropped).
        True when nothing was lost."""
        with self._cond:
            if self._closed:
                return True
            self._closing = True
            target = self._enqueued
            self._cond.notify_all()
            settled = self._cond.wait_for(lambda: self._finished >= target, timeout)
            if not settled:
                self.aborted.set()
                self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(None if settled else JOIN_GRACE_SECONDS)
        with self._cond:
            self._closed = True
            in_flight = self._taken - self._finished
            if self._dropped_since_log:
                log.warning("Vigil client closed; %d more predictions were dropped since the last warning (%d in all).", self._dropped_since_log, self._dropped)
                self._dropped_since_log = 0
        if in_flight:
            log.warning("Vigil client closed while %d rows were still being sent; they may be lost.", in_flight)
        return settled

    def _run(self) -> None:
        while True:
            with self._cond:
                batch = self._next_batch()
                if batch is None:
                    return
            given_up = 0
            for model, rows in _by_model(batch):
                try:
                    given_up += self._deliver(model, rows)
                except Exception:  # noqa: BLE001 - the sender thread must survive anything
                    log.exception("Vigil client: unexpected error while sending %d predictions; they are dropped.", len(rows))
                    given_up += len(rows)
            with self._cond:
                if given_up:
                    self._count_drop(given_up, "Vigil stayed unreachable until the client closed")
                self._finished += len(batch)
                self._cond.notify_all()

    def _next_batch(self) -> Optional[List[Tuple[str, Row]]]:
        """Waits (holding the condition) until a batch is due; None when closed and empty."""
        deadline = self._clock() + self._interval
        while True:
            if self.aborted.is_set() and self._queue:
                lost = len(self._queue)
                self._queue.clear()
                self._taken += lost
                self._finished += lost
                self._count_drop(lost, "Vigil stayed unreachable until the client closed")
                self._cond.notify_all()
            if self._queue and (
                len(self._queue) >= self._batch_size
                or self._closing
                or self._taken < self._flush_target
                or self._clock() >= deadline
            ):
                size = min(self._batch_size, len(self._queue))
                self._taken += size
                return [self._queue.popleft() for _ in range(size)]
            if self._closing and not self._queue:
                return None
            if not self._queue:
                deadline = self._clock() + self._interval
            self._cond.wait(max(0.0, deadline - self._clock()))

    def _count_drop(self, n: int, why: str) -> None:
        """Counts dropped rows; logs the first at once and the rest at most every few seconds."""
        self._dropped += n
        self._dropped_since_log += n
        now = self._clock()
        if now - self._last_drop_log >= DROP_LOG_EVERY_SECONDS:
            log.warning("Vigil client dropped %d predictions: %s (%d in all).", self._dropped_since_log, why, self._dropped)
            self._last_drop_log = now
            self._dropped_since_log = 0

    def reset_after_fork(self) -> None:
        # The parent's thread and buffer stay with the parent (it sends those rows); the child
        # starts empty with its own thread, started at its first row.
        self._reset()


def _by_model(batch: List[Tuple[str, Row]]) -> List[Tuple[str, List[Row]]]:
    groups: Dict[str, List[Row]] = {}
    for model, row in batch:
        groups.setdefault(model, []).append(row)
    return list(groups.items())


_live_senders: "weakref.WeakSet[BackgroundSender]" = weakref.WeakSet()


def _reset_in_child() -> None:
    for sender in list(_live_senders):
        sender.reset_after_fork()


def _close_at_exit() -> None:
    # Daemon threads still run while atexit handlers do, so the last rows can still be sent.
    for sender in list(_live_senders):
        sender.close(sender.exit_timeout)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_in_child)
atexit.register(_close_at_exit)
