"""Models, versions and monitors as code: what the set-up calls send, and how they fail."""

from __future__ import annotations

import unittest
from datetime import datetime, timezone
from typing import List

from tests.fake_vigil import FakeVigil, HangUp, Reply
from vigil_client import RetryPolicy, Vigil, VigilAPIError


class SetUpCallsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FakeVigil()
        self.waits: List[float] = []
        self.vigil = Vigil(self.server.url, "vgl_test", retry=RetryPolicy(max_attempts=3), sleep=self.waits.append, random=lambda: 0.5)
        self.addCleanup(self.vigil.close, 1.0)

    def tearDown(self) -> None:
        self.server.stop()

    def test_a_set_up_script_can_run_twice(self) -> None:
        first = self.vigil.create_model("spam-filter", name="Spam filter", task="binary", classes=["ham", "spam"], positive_class="spam")
        self.assertEqual(first["slug"], "spam-filter")
        [seen] = self.server.posts("/api/v1/models")
        self.assertEqual(seen.body, {"slug": "spam-filter", "name": "Spam filter", "task": "binary", "classes": ["ham", "spam"], "positiveClass": "spam", "description": ""})
        again = self.vigil.create_model("spam-filter", name="Spam filter", task="binary", classes=["ham", "spam"], positive_class="spam", exist_ok=True)
        self.assertEqual(again["driftMinN"], 100)
        with self.assertRaises(VigilAPIError) as refused:
            self.vigil.create_model("spam-filter", name="Spam filter", task="binary", classes=["ham", "spam"])
        self.assertEqual(refused.exception.status, 409)

    def test_update_model_patches_only_what_is_given_and_names_a_refused_field(self) -> None:
        self.vigil.create_model("m", name="M", task="binary", classes=["a", "b"], positive_class="b")
        after = self.vigil.update_model("m", referenceWindow={"from": "2026-11-01", "to": "2026-11-07"}, sampling={"rate": 0.05})
        patch = [r for r in self.server.requests if r.method == "PATCH"][0]
        self.assertEqual((patch.path, patch.body), ("/api/v1/models/m", {"referenceWindow": {"from": "2026-11-01", "to": "2026-11-07"}, "sampling": {"rate": 0.05}}))
        self.assertEqual(after["sampling"], {"rate": 0.05})
        self.assertEqual(self.vigil.model("m")["referenceWindow"], {"from": "2026-11-01", "to": "2026-11-07"})
        with self.assertRaises(VigilAPIError) as refused:
            self.vigil.update_model("m", driftMinN=0)
        self.assertEqual((refused.exception.status, refused.exception.body["fields"]), (400, {"driftMinN": ["at least 1"]}))
        self.assertEqual(len([r for r in self.server.requests if r.method == "PATCH"]), 2)  # a 400 is never retried

    def test_register_version_sends_the_wire_names_and_a_name_in_use_is_409(self) -> None:
        self.vigil.create_model("m", name="M", task="binary", classes=["a", "b"], positive_class="b")
        answer = self.vigil.register_version(
            "m", "v5", "s3://models/m/v5", metrics={"accuracy": 0.95}, evaluated_on="November's held-out mail", training_from=datetime(2026, 11, 1, tzinfo=timezone.utc)
        )
        self.assertEqual(answer["deployRequest"]["status"], "pending")
        [seen] = self.server.posts("/api/v1/models/m/versions")
        self.assertEqual(
            seen.body,
            {"name": "v5", "artifactUri": "s3://models/m/v5", "metrics": {"accuracy": 0.95}, "evaluatedOn": "November's held-out mail", "trainingFrom": "2026-11-01T00:00:00.000000Z"},
        )
        with self.assertRaises(VigilAPIError) as refused:
            self.vigil.register_version("m", "v5", "s3://models/m/v5")
        self.assertEqual(refused.exception.status, 409)
        with self.assertRaises(ValueError):
            self.vigil.register_version("m", "v6", "s3://x", training_to="yesterday")

    def test_an_unknown_model_is_404_and_a_dropped_connection_is_retried(self) -> None:
        with self.assertRaises(VigilAPIError) as missing:
            self.vigil.model("missing")
        self.assertEqual(missing.exception.status, 404)
        self.vigil.create_model("m", name="M", task="binary", classes=["a", "b"], positive_class="b")
        self.server.then("/api/v1/models/m", HangUp(), Reply(503, {"error": "unavailable", "message": "later"}))
        self.assertEqual(self.vigil.model("m")["slug"], "m")
        self.assertEqual(len(self.waits), 2)

    def test_slugs_are_quoted_into_the_path_and_an_empty_one_is_refused_here(self) -> None:
        with self.assertRaises(VigilAPIError):
            self.vigil.model("a/b?c")
        self.assertEqual(self.server.requests[-1].path, "/api/v1/models/a%2Fb%3Fc")
        with self.assertRaises(ValueError):
            self.vigil.update_model("", name="x")


if __name__ == "__main__":
    unittest.main()
