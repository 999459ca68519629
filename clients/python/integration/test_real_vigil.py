"""The client against a real Vigil (started by scripts/python-client-test.ts, which sets VIGIL_URL
and VIGIL_API_KEY to a key with the admin, ingest and read permissions).

Each test class makes its own models with a random suffix, so a rerun against the same server
starts clean. Figures are checked against what the test computes from the rows it sent.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
import unittest
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional

from vigil_client import InvalidRowsError, Metrics, Vigil, VigilAPIError

URL = os.environ["VIGIL_URL"]
KEY = os.environ["VIGIL_API_KEY"]


def admin_post(path: str, body: Dict[str, Any]) -> Dict[str, Any]:
    """Set-up calls the client does not offer (models, monitors): plain HTTP, as a set-up script would."""
    request = urllib.request.Request(
        URL + path, data=json.dumps(body).encode(), method="POST", headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: Dict[str, Any] = json.loads(response.read())
        return answer


def make_model(task: str, classes: List[str], positive: Optional[str] = None) -> str:
    slug = f"py-{task}-{uuid.uuid4().hex[:8]}"
    admin_post("/api/v1/models", {"slug": slug, "name": f"Python client {task}", "task": task, "classes": classes, "positiveClass": positive})
    return slug


def wilson(successes: int, n: int, z: float = 1.96) -> "tuple[float, float]":
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def metrics_once_complete(vigil: Vigil, model: str, complete: Callable[[Metrics], bool], timeout: float = 60.0) -> Metrics:
    """The rollups are refreshed moments after ingest: read until the figures include the rows."""
    now = datetime.now(timezone.utc)
    deadline = time.monotonic() + timeout
    while True:
        answer = vigil.metrics(model, from_=now - timedelta(hours=3), to=now + timedelta(hours=1), bucket="hour")
        if answer.get("pendingBuckets") == 0 and complete(answer):
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"metrics did not include the rows within {timeout} s: {json.dumps(answer.get('totals'))}")
        time.sleep(0.25)


class BinaryModelTest(unittest.TestCase):
    model: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.model = make_model("binary", ["ham", "spam"], "spam")

    def test_three_lines_then_ground_truth_then_the_figures(self) -> None:
        model = make_model("binary", ["ham", "spam"], "spam")  # its own: the figures count every row
        rng = random.Random(18)
        sent: List[Dict[str, Any]] = []

        vigil = Vigil(URL, api_key=KEY)
        for _ in range(240):
            score = rng.random()
            label = "spam" if score >= 0.5 else "ham"
            prediction_id = vigil.log_prediction(model, features={"links": rng.randint(0, 9), "domain": rng.choice(["a.org", "b.com"])}, score=score, label=label)
            sent.append({"id": prediction_id, "score": score, "label": label, "truth": label if rng.random() < 0.8 else ("ham" if label == "spam" else "spam")})
        self.assertTrue(vigil.flush(timeout=30))
        self.assertEqual((vigil.stats.accepted, vigil.stats.dropped, vigil.stats.rejected), (240, 0, 0))

        truth = vigil.log_ground_truth(model, [{"id": row["id"], "label": row["truth"]} for row in sent] + [{"id": "never-sent", "label": "ham"}])
        self.assertEqual((truth.matched, truth.unknown), (240, ["never-sent"]))

        answer = metrics_once_complete(vigil, model, lambda m: m["totals"]["volume"] == 240 and (m["totals"].get("groundTruthAccuracy") or {}).get("n") == 240)
        totals = answer["totals"]
        spam = sum(row["label"] == "spam" for row in sent)
        correct = sum(row["label"] == row["truth"] for row in sent)
        positive = totals.get("positiveRate") or {}
        self.assertAlmostEqual(positive["value"] or 0, spam / 240, places=12)
        low, high = wilson(spam, 240)
        self.assertAlmostEqual(positive["low"] or 0, low, places=9)
        self.assertAlmostEqual(positive["high"] or 0, high, places=9)
        accuracy = totals.get("groundTruthAccuracy") or {}
        self.assertAlmostEqual(accuracy["value"] or 0, correct / 240, places=12)
        self.assertEqual(accuracy["coverage"], 1)
        estimated = totals.get("estimatedAccuracy") or {}
        self.assertAlmostEqual(estimated["value"] or 0, sum(max(r["score"], 1 - r["score"]) for r in sent) / 240, places=9)
        vigil.close()

    def test_replays_change_nothing(self) -> None:
        with Vigil(URL, KEY) as vigil:
            rows: List[Any] = [{"id": f"replay-{i}", "score": 0.2, "label": "ham"} for i in range(30)]
            first = vigil.log_predictions(self.model, rows)
            again = vigil.log_predictions(self.model, rows)
        self.assertEqual((first.accepted, first.duplicates), (30, 0))
        self.assertEqual((again.accepted, again.duplicates), (0, 30))
        self.assertEqual(again.ids, [f"replay-{i}" for i in range(30)])

    def test_a_refused_row_raises_with_its_error_and_nothing_of_the_batch_is_stored(self) -> None:
        rows: List[Any] = [{"id": f"batch-{i}", "score": 0.9, "label": "spam"} for i in range(5)]
        rows[2]["label"] = "eggs"  # the client cannot know the model's classes; Vigil can
        with Vigil(URL, KEY) as vigil:
            with self.assertRaises(InvalidRowsError) as caught:
                vigil.log_predictions(self.model, rows)
            error = caught.exception
            self.assertEqual(error.status, 400)
            self.assertEqual([(e.index, e.path, e.id, e.message) for e in error.errors], [(2, "label", "batch-2", "must be one of the model's classes: ham, spam")])
            self.assertIs(error.errors[0].row, rows[2])
            self.assertEqual(error.stored, 0)
            # All or nothing: the four good rows were not stored, so now they are all new.
            good = [row for row in rows if row["label"] != "eggs"]
            self.assertEqual(vigil.log_predictions(self.model, good).accepted, 4)

    def test_a_refused_row_in_the_background_is_counted_and_its_batch_mates_are_stored(self) -> None:
        with Vigil(URL, KEY) as vigil:
            ids = [vigil.log_prediction(self.model, score=0.1, label=label) for label in ["ham", "eggs", "spam"]]
            with self.assertLogs("vigil_client", "ERROR") as logged:
                self.assertTrue(vigil.flush(timeout=30))
            self.assertEqual((vigil.stats.accepted, vigil.stats.rejected), (2, 1))
            self.assertIn(ids[1], logged.output[0])
            # The good two were stored: replaying them is a no-op.
            again = vigil.log_predictions(self.model, [{"id": ids[0], "score": 0.1, "label": "ham"}, {"id": ids[2], "score": 0.1, "label": "spam"}])
            self.assertEqual(again.duplicates, 2)

    def test_an_unknown_model_is_a_404_not_a_retry(self) -> None:
        with Vigil(URL, KEY) as vigil:
            with self.assertRaises(VigilAPIError) as caught:
                vigil.metrics("no-such-model")
            self.assertEqual(caught.exception.status, 404)
            with self.assertRaises(VigilAPIError) as caught:
                vigil.log_predictions("no-such-model", [{"score": 0.5, "label": "ham"}])
            self.assertEqual(caught.exception.status, 404)

    def test_a_wrong_key_is_a_401(self) -> None:
        with Vigil(URL, "vgl_wrong") as vigil:
            with self.assertRaises(VigilAPIError) as caught:
                vigil.alerts(self.model)
            self.assertEqual((caught.exception.status, caught.exception.code), (401, "unauthorized"))


class AlertsTest(unittest.TestCase):
    def test_a_firing_monitor_shows_in_alerts(self) -> None:
        model = make_model("binary", ["ham", "spam"], "spam")
        with Vigil(URL, KEY) as vigil:
            self.assertEqual(vigil.alerts(model), [])
            vigil.log_predictions(model, [{"score": 0.9, "label": "spam"} for _ in range(12)])
            metrics_once_complete(vigil, model, lambda m: m["totals"]["volume"] == 12)
            monitor = admin_post(
                "/api/v1/monitors",
                {"model": model, "name": "busy", "metric": "volume", "window": "24h", "comparison": "above", "threshold": 10, "severity": "warning", "policy": "notify"},
            )
            evaluation = admin_post(f"/api/v1/monitors/{monitor['id']}/evaluate", {})
            self.assertEqual(evaluation["state"], "firing")
            alerts = vigil.alerts(model)
            self.assertEqual([(a["monitorId"], a["state"], a["value"]) for a in alerts], [(monitor["id"], "firing", 12)])
            self.assertEqual(vigil.alerts(model, state="resolved"), [])


class OtherTasksTest(unittest.TestCase):
    def test_multiclass_probabilities_give_class_shares(self) -> None:
        model = make_model("multiclass", ["easy-ham", "hard-ham", "spam"])
        rng = random.Random(5)
        rows: List[Any] = []
        for _ in range(90):
            weights = [rng.random() + 0.01 for _ in range(3)]
            probabilities = {c: w / sum(weights) for c, w in zip(["easy-ham", "hard-ham", "spam"], weights)}
            label = max(probabilities, key=lambda c: probabilities[c])
            rows.append({"probabilities": probabilities, "label": label, "actual": {"label": rng.choice(["easy-ham", "hard-ham", "spam"])}})
        with Vigil(URL, KEY) as vigil:
            self.assertEqual(vigil.log_predictions(model, rows).accepted, 90)
            totals = metrics_once_complete(vigil, model, lambda m: m["totals"]["volume"] == 90)["totals"]
        for name in ["easy-ham", "hard-ham", "spam"]:
            share = (totals.get("classShare") or {}).get(name) or {}
            self.assertAlmostEqual(share.get("value") or 0, sum(r["label"] == name for r in rows) / 90, places=12)
        accuracy = totals.get("groundTruthAccuracy") or {}
        self.assertAlmostEqual(accuracy.get("value") or 0, sum(r["label"] == r["actual"]["label"] for r in rows) / 90, places=12)

    def test_regression_values_with_truth_give_mae(self) -> None:
        model = make_model("regression", [])
        rng = random.Random(9)
        rows: List[Any] = [{"value": rng.uniform(10, 60), "actual": {"value": rng.uniform(10, 60)}} for _ in range(50)]
        with Vigil(URL, KEY) as vigil:
            self.assertEqual(vigil.log_predictions(model, rows).accepted, 50)
            totals = metrics_once_complete(vigil, model, lambda m: m["totals"]["volume"] == 50 and bool(m["totals"].get("mae")))["totals"]
        mae = sum(abs(r["value"] - r["actual"]["value"]) for r in rows) / 50
        self.assertAlmostEqual((totals.get("mae") or {}).get("value") or 0, mae, places=9)


if __name__ == "__main__":
    unittest.main()


class SetUpAsCodeTest(unittest.TestCase):
    def test_a_script_sets_up_a_model_and_a_pipeline_registers_its_version(self) -> None:
        slug = f"py-as-code-{uuid.uuid4().hex[:8]}"
        with Vigil(URL, api_key=KEY) as vigil:
            vigil.create_model(slug, name="As code", task="binary", classes=["ham", "spam"], positive_class="spam")
            vigil.create_model(slug, name="As code", task="binary", classes=["ham", "spam"], positive_class="spam", exist_ok=True)
            settings = vigil.update_model(
                slug,
                description="Set up from a script",
                referenceWindow={"from": "2026-11-01", "to": "2026-11-07"},
                labelMaturityDays=3,
                driftMinN=250,
                sampling={"rate": 0.1, "stratifyBy": "predicted_class", "stratumRates": {"spam": 0.5}},
                pipeline={"approvalsRequired": 2},
            )
            self.assertEqual(vigil.model(slug), settings)
            self.assertEqual((settings["referenceWindow"], settings["labelMaturityDays"], settings["driftMinN"]), ({"from": "2026-11-01", "to": "2026-11-07"}, 3, 250))
            self.assertEqual((settings["sampling"]["rate"], settings["sampling"]["stratumRates"], settings["pipeline"]["approvalsRequired"]), (0.1, {"spam": 0.5}, 2))

            with self.assertRaises(VigilAPIError) as refused:
                vigil.update_model(slug, description="never stored", sampling={"rate": 2})
            self.assertEqual((refused.exception.status, list(refused.exception.body["fields"])), (400, ["sampling.rate"]))
            self.assertEqual(vigil.model(slug)["description"], "Set up from a script")

            monitor = vigil.create_monitor(slug, name="no traffic", metric="volume", window="1h", comparison="below", threshold=1, minN=0, severity="warning", policy="notify")
            self.assertIn(monitor, [m["id"] for m in vigil.monitors(slug)])

            registered = vigil.register_version(slug, "v5", "s3://models/as-code/v5", metrics={"accuracy": 0.95}, evaluated_on="held-out November")
            self.assertEqual(registered["version"]["status"], "candidate")
            self.assertEqual((registered["deployRequest"]["status"], registered["deployRequest"]["approvalsRequired"]), ("pending", 2))
            with self.assertRaises(VigilAPIError) as again:
                vigil.register_version(slug, "v5", "s3://models/as-code/v5")
            self.assertEqual(again.exception.status, 409)
