"""Backoff with full jitter, Retry-After, and the retry loop's decisions."""

from __future__ import annotations

import random
import unittest
from email.utils import format_datetime
from datetime import datetime, timezone
from typing import List

from vigil_client import RetryPolicy, VigilUnavailableError
from vigil_client._transport import Answer, call_with_retries
from vigil_client.retry import parse_retry_after


class BackoffTest(unittest.TestCase):
    def test_full_jitter_stays_under_the_exponential_cap(self) -> None:
        policy = RetryPolicy(base_delay=0.5, max_delay=30.0)
        rng = random.Random(7)
        for retry in range(12):
            ceiling = min(30.0, 0.5 * 2**retry)
            waits = [policy.backoff(retry, rng.random) for _ in range(2000)]
            with self.subTest(retry=retry):
                self.assertTrue(all(0 <= w < ceiling for w in waits))
                # Full jitter: spread over the whole range, not bunched at the top.
                self.assertLess(min(waits), ceiling * 0.05)
                self.assertGreater(max(waits), ceiling * 0.95)
                self.assertAlmostEqual(sum(waits) / len(waits), ceiling / 2, delta=ceiling * 0.05)

    def test_the_ceiling_doubles_then_stops_at_max_delay(self) -> None:
        policy = RetryPolicy(base_delay=1.0, max_delay=10.0)
        top = lambda: 1.0  # noqa: E731 - the largest draw
        self.assertEqual([policy.backoff(k, top) for k in range(6)], [1.0, 2.0, 4.0, 8.0, 10.0, 10.0])
        self.assertEqual(policy.backoff(5000, top), 10.0)  # no overflow after days of retrying

    def test_retry_after_replaces_the_backoff_up_to_its_cap(self) -> None:
        policy = RetryPolicy(max_retry_after=60.0)
        self.assertEqual(policy.delay(0, 7.0, lambda: 0.0), 7.0)
        self.assertEqual(policy.delay(3, 3600.0, lambda: 0.0), 60.0)

    def test_a_policy_that_never_tries_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            RetryPolicy(max_attempts=0)


class RetryAfterTest(unittest.TestCase):
    def test_seconds_and_http_dates(self) -> None:
        now = datetime(2026, 11, 20, 10, 0, 0, tzinfo=timezone.utc).timestamp()
        self.assertEqual(parse_retry_after("7"), 7.0)
        self.assertEqual(parse_retry_after(" 1.5 "), 1.5)
        self.assertEqual(parse_retry_after(format_datetime(datetime(2026, 11, 20, 10, 0, 30, tzinfo=timezone.utc), usegmt=True), lambda: now), 30.0)
        self.assertEqual(parse_retry_after("Fri, 20 Nov 2026 10:00:45 -0000", lambda: now), 45.0)

    def test_past_dates_mean_now_and_garbage_means_absent(self) -> None:
        now = datetime(2026, 11, 20, 10, 0, 0, tzinfo=timezone.utc).timestamp()
        self.assertEqual(parse_retry_after("Fri, 20 Nov 2026 09:00:00 GMT", lambda: now), 0.0)
        self.assertEqual(parse_retry_after("-5"), 0.0)
        for garbage in [None, "", "soon", "nan", "inf", "1 2 3"]:
            with self.subTest(value=garbage):
                self.assertIsNone(parse_retry_after(garbage))


class RetryLoopTest(unittest.TestCase):
    def run_with(self, answers: List[object], attempts: int = 5) -> "tuple[Answer | Exception, List[float], int]":
        waits: List[float] = []
        sent = 0

        def send() -> Answer:
            nonlocal sent
            outcome = answers[min(sent, len(answers) - 1)]
            sent += 1
            if isinstance(outcome, Exception):
                raise outcome
            assert isinstance(outcome, Answer)
            return outcome

        policy = RetryPolicy(max_attempts=attempts, base_delay=1.0, max_delay=100.0)
        try:
            result: "Answer | Exception" = call_with_retries(send, policy, waits.append, lambda: 1.0, lambda n: n < attempts)
        except VigilUnavailableError as error:
            result = error
        return result, waits, sent

    def test_5xx_and_network_errors_are_retried_with_growing_waits(self) -> None:
        answer, waits, sent = self.run_with([Answer(500, {}, b""), ConnectionResetError("reset"), Answer(503, {}, b""), Answer(200, {}, b"{}")])
        self.assertIsInstance(answer, Answer)
        self.assertEqual((sent, waits), (4, [1.0, 2.0, 4.0]))

    def test_429_waits_for_retry_after(self) -> None:
        answer, waits, sent = self.run_with([Answer(429, {"Retry-After": "12"}, b""), Answer(200, {}, b"{}")])
        self.assertEqual((sent, waits), (2, [12.0]))

    def test_4xx_is_never_retried(self) -> None:
        for status in [400, 401, 403, 404, 409, 413, 415]:
            with self.subTest(status=status):
                answer, waits, sent = self.run_with([Answer(status, {}, b"{}"), Answer(200, {}, b"{}")])
                self.assertEqual((sent, waits), (1, []))
                assert isinstance(answer, Answer)
                self.assertEqual(answer.status, status)

    def test_gives_up_after_max_attempts_with_the_last_problem(self) -> None:
        error, waits, sent = self.run_with([Answer(502, {}, b"")], attempts=3)
        assert isinstance(error, VigilUnavailableError)
        self.assertEqual((sent, len(waits), error.attempts, error.last_status), (3, 2, 3, 502))
        self.assertIn("HTTP 502", str(error))


if __name__ == "__main__":
    unittest.main()
