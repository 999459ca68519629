"""When to try a request again, and how long to wait before it."""

from __future__ import annotations

import email.utils
import math
import time
from dataclasses import dataclass
from datetime import timezone
from typing import Callable, Optional


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, as AWS's architecture blog describes it.

    Attempt ``k`` (0 for the first retry) waits a uniformly random time in
    ``[0, min(max_delay, base_delay * 2**k))``, so clients that failed together do not come back
    together. A 429's ``Retry-After`` is honoured instead (up to ``max_retry_after`` seconds).

    ``max_attempts`` bounds the direct calls (``log_predictions``, ``metrics`` ...): after that
    many attempts they raise :class:`~vigil_client.VigilUnavailableError`. The background sender
    of ``log_prediction`` keeps trying (its buffer is bounded) until the client is closed.
    """

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not (self.base_delay >= 0 and self.max_delay >= 0 and self.max_retry_after >= 0):
            raise ValueError("delays must not be negative")

    def backoff(self, retry: int, random: Callable[[], float]) -> float:
        """The wait before retry number ``retry`` (0-based): full jitter under the exponential cap."""
        # 2**retry overflows a float near retry 1024; the cap is reached long before.
        ceiling = self.max_delay if retry >= 64 else min(self.max_delay, self.base_delay * 2.0**retry)
        return random() * ceiling

    def delay(self, retry: int, retry_after: Optional[float], random: Callable[[], float]) -> float:
        """The wait before retry ``retry``: the server's ``Retry-After`` when it sent one."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return self.backoff(retry, random)


def parse_retry_after(value: Optional[str], now: Callable[[], float] = time.time) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # HTTP dates are GMT; "-0000" parses as naive
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - now()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds) if math.isfinite(seconds) else None
