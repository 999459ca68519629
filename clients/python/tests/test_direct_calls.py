"""log_predictions, log_ground_truth, metrics and alerts against a loopback server that misbehaves."""

from __future__ import annotations

import unittest
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from tests.fake_vigil import FakeVigil, HangUp, Reply, Slow, refused_port
from vigil_client import InvalidRowsError, RetryPolicy, Vigil, VigilAPIError, VigilUnavailableError


def rows(n: int, start: int = 0) -> List[Dict[str, Any]]:
    return [{"id": f"r{i}", "score": 0.9, "label": "spam", "features": {"i": i}} for i in range(start, start + n)]


def refuse_label(bad: str) -> Any:
    def check(row: Dict[str, Any]) -> Optional[Tuple[str, str]]:
        return ("label", "must be one of the model's classes: ham, spam") if row.get("label") == bad else None

    return check


class DirectCallTest(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FakeVigil()
        self.waits: List[float] = []
        self.vigil = self.client(self.server.url)

    def client(self, url: str, **options: Any) -> Vigil:
        options.setdefault("retry", RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=8.0))
        vigil = Vigil(url, "vgl_test", sleep=self.waits.append, random=lambda: 0.5, **options)
        self.addCleanup(vigil.close, 1.0)
        return vigil

    def tearDown(self) -> None:
        self.server.stop()

    def test_sends_the_wire_format_with_the_key(self) -> None:
        result = self.vigil.log_predictions("spam-filter", [{"id": "a", "score": 0.91, "label": "spam", "timestamp": datetime(2026, 11, 20, 10, tzinfo=timezone.utc)}])
        self.assertEqual((result.accepted, result.duplicates, result.ids), (1, 0, ["a"]))
        [seen] = self.server.posts()
        self.assertEqual(seen.body, {"model": "spam-filter", "predictions": [{"id": "a", "timestamp": "2026-11-20T10:00:00.000000Z", "score": 0.91, "label": "spam"}]})
        self.assertEqual(seen.headers["Authorization"], "Bearer vgl_test")
        self.assertEqual(seen.headers["Content-Type"], "application/json")
        self.assertRegex(seen.headers["User-Agent"], r"^vigil-client-python/\d")

    def test_bulk_is_split_into_batches_of_10000_and_replays_are_duplicates(self) -> None:
        first = self.vigil.log_predictions("m", rows(25_000))
        self.assertEqual([len(s.body["predictions"]) for s in self.server.posts()], [10_000, 10_000, 5_000])
        self.assertEqual((first.accepted, first.duplicates, len(first.ids)), (25_000, 0, 25_000))
        again = self.vigil.log_predictions("m", rows(25_000))
        self.assertEqual((again.accepted, again.duplicates), (0, 25_000))

    def test_ids_are_generated_for_rows_without_one_and_returned_in_order(self) -> None:
        result = self.vigil.log_predictions("m", [{"value": 1.0}, {"id": "mine", "value": 2.0}, {"value": 3.0}])
        sent = [row["id"] for row in self.server.posts()[0].body["predictions"]]
        self.assertEqual(result.ids, sent)
        self.assertEqual(result.ids[1], "mine")
        self.assertEqual(len(set(result.ids)), 3)

    def test_5xx_and_dropped_connections_are_retried_with_backoff(self) -> None:
        self.server.then("/api/v1/predictions", Reply(500, {"error": "internal"}), HangUp(), Reply(503))
        result = self.vigil.log_predictions("m", rows(3))
        self.assertEqual(result.accepted, 3)
        self.assertEqual(len(self.server.posts()), 4)
        self.assertEqual(self.waits, [0.5, 1.0, 2.0])  # full jitter at the draw 0.5: half of 1, 2, 4

    def test_429_honours_retry_after(self) -> None:
        self.server.then("/api/v1/predictions", Reply(429, {"error": "rate_limited"}, {"Retry-After": "3"}))
        self.assertEqual(self.vigil.log_predictions("m", rows(1)).accepted, 1)
        self.assertEqual(self.waits, [3.0])

    def test_a_slow_answer_times_out_and_the_retry_is_idempotent(self) -> None:
        vigil = self.client(self.server.url, timeout=0.3)
        self.server.then("/api/v1/predictions", Slow(1.0))
        result = vigil.log_predictions("m", rows(5))
        self.assertEqual(result.accepted, 5)
        self.assertEqual(len(self.waits), 1)
        self.server.wait_for_rows(5)
        # The slow request was stored too, late; the same ids made it a no-op, not 10 rows.
        posts = self.server.posts()
        self.assertEqual(len(posts), 2)
        self.assertEqual(posts[0].body, posts[1].body)
        self.assertEqual(len(self.server.stored), 5)

    def test_connection_refused_gives_up_after_max_attempts(self) -> None:
        vigil = self.client(refused_port())
        with self.assertRaises(VigilUnavailableError) as caught:
            vigil.log_predictions("m", rows(1))
        self.assertEqual(caught.exception.attempts, 4)
        self.assertEqual(len(self.waits), 3)

    def test_4xx_is_raised_at_once_with_the_servers_code(self) -> None:
        self.server.then("/api/v1/predictions", Reply(401, {"error": "unauthorized", "message": "Unknown API key."}))
        with self.assertRaises(VigilAPIError) as caught:
            self.vigil.log_predictions("m", rows(1))
        self.assertEqual((caught.exception.status, caught.exception.code, caught.exception.message), (401, "unauthorized", "Unknown API key."))
        self.assertEqual((len(self.server.posts()), self.waits), (1, []))

    def test_a_400_maps_row_errors_back_to_the_callers_rows(self) -> None:
        self.server.refuse = refuse_label("bad")
        given = rows(25_000)
        given[10_003]["label"] = "bad"
        with self.assertRaises(InvalidRowsError) as caught:
            self.vigil.log_predictions("m", given)
        error = caught.exception
        self.assertEqual(error.status, 400)
        self.assertEqual([(e.index, e.path, e.id) for e in error.errors], [(10_003, "label", "r10003")])
        self.assertIs(error.errors[0].row, given[10_003])
        self.assertEqual(error.errors[0].message, "must be one of the model's classes: ham, spam")
        self.assertEqual(error.stored, 10_000)  # the first batch went through; the third was never sent
        self.assertEqual(len(self.server.posts()), 2)
        self.assertIn("row 10003 (id 'r10003'): label: must be one of the model's classes", str(error))
        self.assertEqual(self.waits, [])

    def test_rows_the_client_can_check_are_refused_before_anything_is_sent(self) -> None:
        given: List[Any] = [{"id": "ok", "score": 0.5, "label": "spam"}, {"id": "x", "score": 2, "label": "spam"}, {"score": 0.5}]
        with self.assertRaises(InvalidRowsError) as caught:
            self.vigil.log_predictions("m", given)
        self.assertEqual([(e.index, e.path, e.id) for e in caught.exception.errors], [(1, "score", "x"), (2, "label", None)])
        self.assertIsNone(caught.exception.status)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertEqual(self.server.posts(), [])

    def test_a_413_halves_the_batch_and_keeps_error_indices_right(self) -> None:
        self.server.max_body = 40_000
        self.server.refuse = refuse_label("bad")
        given = rows(1_000)
        result = self.vigil.log_predictions("m", given)
        self.assertEqual(result.accepted, 1_000)
        self.assertTrue(all(len(p.body["predictions"]) <= 500 for p in self.server.posts() if p is not self.server.posts()[0]))
        given = rows(1_000, start=5_000)
        given[900]["label"] = "bad"
        with self.assertRaises(InvalidRowsError) as caught:
            self.vigil.log_predictions("m", given)
        self.assertEqual([e.index for e in caught.exception.errors], [900])
        self.assertEqual(caught.exception.errors[0].id, "r5900")
        self.assertGreaterEqual(caught.exception.stored, 500)
        stored = {f"r{5_000 + i}" for i in range(caught.exception.stored)}
        self.assertTrue(stored <= set(self.server.stored))
        self.assertNotIn("r5900", self.server.stored)

    def test_ground_truth_lists_unknown_ids(self) -> None:
        self.vigil.log_predictions("m", rows(3))
        result = self.vigil.log_ground_truth("m", [{"id": "r0", "label": "ham"}, {"id": "r2", "label": "spam"}, {"id": "nope", "label": "ham"}])
        self.assertEqual((result.matched, result.unknown), (2, ["nope"]))
        self.assertEqual(self.server.posts("/api/v1/ground-truth")[0].body, {"model": "m", "actuals": [{"id": "r0", "label": "ham"}, {"id": "r2", "label": "spam"}, {"id": "nope", "label": "ham"}]})

    def test_ground_truth_400_maps_indices(self) -> None:
        self.server.refuse = refuse_label("bad")
        with self.assertRaises(InvalidRowsError) as caught:
            self.vigil.log_ground_truth("m", [{"id": "a", "label": "ham"}, {"id": "b", "label": "bad"}])
        self.assertEqual([(e.index, e.id) for e in caught.exception.errors], [(1, "b")])

    def test_empty_lists_send_nothing(self) -> None:
        self.assertEqual(self.vigil.log_predictions("m", []).accepted, 0)
        self.assertEqual(self.vigil.log_ground_truth("m", []).matched, 0)
        self.assertEqual(self.server.requests, [])

    def test_metrics_sends_its_range_as_utc_iso_times(self) -> None:
        answer = self.vigil.metrics("spam filter/x", from_=datetime(2026, 11, 20), to="2026-11-21T02:00:00+02:00", bucket="hour")
        self.assertEqual(answer["model"], "spam filter/x")
        [seen] = self.server.requests
        self.assertEqual(seen.path, "/api/v1/models/spam%20filter%2Fx/metrics")
        self.assertEqual(seen.query, {"from": "2026-11-20T00:00:00.000000Z", "to": "2026-11-21T00:00:00.000000Z", "bucket": "hour"})
        self.vigil.metrics("m")
        self.assertEqual(self.server.requests[1].query, {})

    def test_metrics_of_an_unknown_model_raises_404(self) -> None:
        with self.assertRaises(VigilAPIError) as caught:
            self.vigil.metrics("missing")
        self.assertEqual((caught.exception.status, caught.exception.code), (404, "not_found"))

    def test_metrics_refuses_a_time_without_a_zone_before_sending(self) -> None:
        with self.assertRaises(ValueError):
            self.vigil.metrics("m", from_="2026-11-20T10:00:00")
        self.assertEqual(self.server.requests, [])

    def test_alerts(self) -> None:
        self.server.alerts = [{"id": "a1", "monitorId": "m1", "state": "firing", "value": 0.7}]
        self.server.then("/api/v1/alerts", Reply(502, None))
        self.assertEqual(self.vigil.alerts("spam-filter", state="firing", limit=5), self.server.alerts)
        self.assertEqual(self.server.requests[-1].query, {"model": "spam-filter", "state": "firing", "limit": "5"})
        self.assertEqual(self.waits, [0.5])

    def test_a_non_json_error_page_still_gives_a_readable_error(self) -> None:
        self.server.then("/api/v1/alerts", Reply(404, "<html>nginx: not found</html>"))
        with self.assertRaises(VigilAPIError) as caught:
            self.vigil.alerts()
        self.assertIn("nginx", str(caught.exception))


class ConfigurationTest(unittest.TestCase):
    def test_url_and_key_come_from_the_environment_when_not_given(self) -> None:
        import os
        from unittest import mock

        with mock.patch.dict(os.environ, {"VIGIL_URL": "http://vigil.internal:3000/", "VIGIL_API_KEY": "vgl_env"}):
            vigil = Vigil()
        self.assertEqual(vigil.url, "http://vigil.internal:3000")
        self.assertNotIn("vgl_env", repr(vigil))
        with mock.patch.dict(os.environ, {}, clear=True), self.assertRaises(ValueError):
            Vigil("http://localhost:3000")

    def test_bad_settings_are_refused(self) -> None:
        bad: List[Dict[str, Any]] = [{"batch_size": 0}, {"batch_size": 20_000}, {"max_buffer": 10}, {"flush_interval": 0}]
        for options in bad:
            with self.subTest(options=options), self.assertRaises(ValueError):
                Vigil("http://localhost:3000", "k", **options)
        with self.assertRaises(ValueError):
            Vigil("localhost:3000", "k")
        with self.assertRaises(ValueError):
            Vigil("http://localhost:3000", "k").log_prediction("", value=1.0)


if __name__ == "__main__":
    unittest.main()
