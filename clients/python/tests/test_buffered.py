"""log_prediction: the bounded buffer, the background sender, and what happens when Vigil is away."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import unittest
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from tests.fake_vigil import FakeVigil, Hold, Reply, refused_port
from vigil_client import InvalidRowsError, RetryPolicy, Vigil

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def little_sleep(seconds: float) -> None:
    """Backoff waits shortened to a blink: retries happen, the test does not wait for them."""
    time.sleep(min(seconds, 0.01))


class BufferedTest(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FakeVigil()
        self.addCleanup(self.server.stop)

    def client(self, url: Optional[str] = None, **options: Any) -> Vigil:
        options.setdefault("flush_interval", 3600.0)  # only size, flush() and close() send, unless a test says
        options.setdefault("sleep", little_sleep)
        vigil = Vigil(url or self.server.url, "vgl_test", **options)
        self.addCleanup(vigil.close, 1.0)
        return vigil

    def test_flush_sends_batches_of_up_to_batch_size_in_order(self) -> None:
        vigil = self.client()
        ids = [vigil.log_prediction("spam-filter", score=0.5, label="spam", features={"i": i}) for i in range(2_500)]
        self.assertTrue(vigil.flush(timeout=10))
        posts = self.server.posts()
        self.assertEqual([len(p.body["predictions"]) for p in posts], [1_000, 1_000, 500])
        self.assertEqual([row["id"] for p in posts for row in p.body["predictions"]], ids)
        self.assertEqual(len(set(ids)), 2_500)
        self.assertEqual(vigil.stats.accepted, 2_500)

    def test_a_full_batch_is_sent_without_waiting_for_the_interval(self) -> None:
        vigil = self.client(batch_size=100)
        for _ in range(100):
            vigil.log_prediction("m", value=1.0)
        self.assertTrue(self.server.wait_for_rows(100))

    def test_rows_are_sent_after_the_interval_without_a_flush(self) -> None:
        vigil = self.client(flush_interval=0.05)
        vigil.log_prediction("m", value=1.0)
        self.assertTrue(self.server.wait_for_rows(1))

    def test_rows_of_several_models_go_to_their_own_model(self) -> None:
        vigil = self.client()
        a = vigil.log_prediction("a", value=1.0)
        b = vigil.log_prediction("b", value=2.0)
        vigil.flush(timeout=10)
        self.assertEqual(sorted((p.body["model"], [r["id"] for r in p.body["predictions"]]) for p in self.server.posts()), [("a", [a]), ("b", [b])])

    def test_logging_never_waits_for_a_vigil_that_does_not_answer(self) -> None:
        release = threading.Event()
        self.addCleanup(release.set)
        self.server.then("/api/v1/predictions", Hold(release))
        vigil = self.client(batch_size=1_000)
        ids = [vigil.log_prediction("m", value=float(i)) for i in range(3_000)]
        # Every call has returned while the first batch is still held by the server.
        self.assertEqual(len(ids), 3_000)
        self.assertFalse(release.is_set())
        self.assertEqual(len(self.server.posts()), 1)
        self.assertEqual(vigil.stats.queued, 2_000)
        release.set()
        self.assertTrue(vigil.flush(timeout=10))
        self.assertEqual(len(self.server.stored), 3_000)

    def test_a_full_buffer_drops_counts_and_logs_and_never_raises(self) -> None:
        release = threading.Event()
        self.addCleanup(release.set)
        self.server.then("/api/v1/predictions", Hold(release))
        vigil = self.client(batch_size=5, max_buffer=10)
        for _ in range(5):
            vigil.log_prediction("m", value=1.0)
        self.assertTrue(self.server.wait_for_requests(1))
        # 5 rows in flight (held by the server) count against the bound: room for 5 more.
        with self.assertLogs("vigil_client", "WARNING") as logged:
            ids = [vigil.log_prediction("m", value=1.0) for _ in range(20)]
        self.assertEqual(len(ids), 20)
        self.assertEqual(vigil.dropped, 15)
        self.assertIn("buffer is full (10 rows", logged.output[0])
        self.assertEqual(len(logged.output), 1)  # logged once, not once a row
        release.set()
        self.assertTrue(vigil.flush(timeout=10))
        self.assertEqual((len(self.server.stored), vigil.dropped), (10, 15))
        with self.assertLogs("vigil_client", "WARNING") as logged:
            self.assertTrue(vigil.close())
        self.assertIn("14 more predictions were dropped since the last warning (15 in all)", logged.output[0])

    def test_rows_unsent_when_close_gives_up_are_dropped_and_counted(self) -> None:
        vigil = self.client(refused_port(), batch_size=5, max_buffer=10)
        for _ in range(8):
            vigil.log_prediction("m", value=1.0)
        with self.assertLogs("vigil_client", "WARNING") as logged:
            self.assertFalse(vigil.close(timeout=0.2))
        self.assertEqual((vigil.dropped, vigil.stats.queued), (8, 0))
        self.assertIn("(8 in all)", logged.output[-1])

    def test_the_buffer_keeps_rows_through_an_outage_and_sends_them_after(self) -> None:
        self.server.then("/api/v1/predictions", Reply(503), Reply(500), Reply(429, None, {"Retry-After": "0"}), Reply(502))
        vigil = self.client()
        for _ in range(10):
            vigil.log_prediction("m", value=1.0)
        self.assertTrue(vigil.flush(timeout=10))
        self.assertEqual((len(self.server.stored), vigil.dropped, len(self.server.posts())), (10, 0, 5))

    def test_rows_vigil_refuses_are_logged_and_counted_and_the_rest_of_the_batch_is_sent(self) -> None:
        self.server.refuse = lambda row: ("label", "must be one of the model's classes: ham, spam") if row.get("label") == "eggs" else None
        vigil = self.client()
        ids = [vigil.log_prediction("m", score=0.5, label=label) for label in ["spam", "ham", "eggs", "spam", "eggs"]]
        with self.assertLogs("vigil_client", "ERROR") as logged:
            self.assertTrue(vigil.flush(timeout=10))
        self.assertEqual(set(self.server.stored), {ids[0], ids[1], ids[3]})
        self.assertEqual((vigil.stats.rejected, vigil.stats.accepted), (2, 3))
        self.assertIn(ids[2], logged.output[0])
        self.assertIn("label: must be one of the model's classes", logged.output[0])

    def test_a_refused_key_rejects_the_batch_without_retrying(self) -> None:
        self.server.then("/api/v1/predictions", Reply(401, {"error": "unauthorized", "message": "Unknown API key."}))
        vigil = self.client()
        vigil.log_prediction("m", value=1.0)
        with self.assertLogs("vigil_client", "ERROR") as logged:
            self.assertTrue(vigil.flush(timeout=10))
        self.assertEqual((vigil.stats.rejected, len(self.server.posts())), (1, 1))
        self.assertIn("Unknown API key", logged.output[0])

    def test_replayed_ids_count_as_duplicates(self) -> None:
        vigil = self.client()
        vigil.log_prediction("m", id="req-1", value=1.0)
        vigil.flush(timeout=10)
        vigil.log_prediction("m", id="req-1", value=1.0)
        vigil.flush(timeout=10)
        self.assertEqual((vigil.stats.accepted, vigil.stats.duplicates), (1, 1))

    def test_a_bad_row_raises_in_the_callers_thread_and_is_not_buffered(self) -> None:
        vigil = self.client()
        with self.assertRaises(InvalidRowsError) as caught:
            vigil.log_prediction("m", id="x", score=1.5, label="spam")
        self.assertEqual([(e.index, e.path, e.id) for e in caught.exception.errors], [(0, "score", "x")])
        self.assertEqual(vigil.stats.queued, 0)

    def test_the_context_manager_flushes_on_exit(self) -> None:
        with Vigil(self.server.url, "vgl_test", flush_interval=3600) as vigil:
            for _ in range(3):
                vigil.log_prediction("m", value=1.0)
        self.assertEqual(len(self.server.stored), 3)
        with self.assertLogs("vigil_client", "WARNING") as logged:
            vigil.log_prediction("m", value=1.0)  # after close: dropped and counted, not raised
        self.assertEqual(vigil.dropped, 1)
        self.assertIn("the client is closed", logged.output[0])

    def test_rows_left_in_the_buffer_are_sent_at_interpreter_exit(self) -> None:
        script = textwrap.dedent(
            f"""
            from vigil_client import Vigil
            vigil = Vigil({self.server.url!r}, "vgl_test", flush_interval=3600)
            for i in range(3):
                vigil.log_prediction("m", id=f"exit-{{i}}", value=1.0)
            """
        )
        subprocess.run([sys.executable, "-c", script], cwd=PACKAGE_ROOT, check=True, timeout=60)
        self.assertEqual(sorted(self.server.stored), ["exit-0", "exit-1", "exit-2"])

    def test_a_forked_worker_sends_its_own_rows_and_not_its_parents(self) -> None:
        vigil = self.client()
        vigil.log_prediction("m", id="parent", value=1.0)
        pid = os.fork()
        if pid == 0:  # the child, as a gunicorn worker forked after import
            code = 1
            try:
                vigil.log_prediction("m", id="child", value=2.0)
                code = 0 if vigil.close(timeout=10) else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        vigil.flush(timeout=10)
        sent: List[Tuple[str, List[Dict[str, Any]]]] = [(p.body["model"], p.body["predictions"]) for p in self.server.posts()]
        self.assertEqual(sorted(row["id"] for _, batch in sent for row in batch), ["child", "parent"])


if __name__ == "__main__":
    unittest.main()
