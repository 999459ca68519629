"""The wire rows the client builds from what a caller passes."""

from __future__ import annotations

import json
import re
import unittest
from datetime import datetime, timedelta, timezone
from typing import Any

from vigil_client.rows import RowProblem, format_timestamp, ground_truth_row, prediction_row

NOW = "2026-11-20T10:00:00.000000Z"
# The very shape zod's z.iso.datetime({ offset: true }) accepts, so the server never refuses our times.
SERVER_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class NumpyLike:
    """Stands in for numpy.float32 / numpy.bool_: not a Python number, but has .item()."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def item(self) -> Any:
        return self.value


def problem(fields: Any) -> RowProblem:
    try:
        prediction_row(fields, NOW)
    except RowProblem as error:
        return error
    raise AssertionError(f"{fields!r} was accepted")


class TimestampTest(unittest.TestCase):
    def test_aware_datetimes_are_converted_to_utc(self) -> None:
        plus_two = timezone(timedelta(hours=2))
        self.assertEqual(format_timestamp(datetime(2026, 11, 20, 12, 0, 0, 250000, tzinfo=plus_two)), "2026-11-20T10:00:00.250000Z")

    def test_naive_datetimes_are_taken_as_utc(self) -> None:
        self.assertEqual(format_timestamp(datetime(2026, 11, 20, 10, 0, 0)), "2026-11-20T10:00:00.000000Z")

    def test_iso_strings_with_a_zone_are_normalised(self) -> None:
        cases = {
            "2026-11-20T10:00:00Z": "2026-11-20T10:00:00.000000Z",
            "2026-11-20T15:30:00+05:30": "2026-11-20T10:00:00.000000Z",
            "2026-11-20T05:00:00-0500": "2026-11-20T10:00:00.000000Z",
            "2026-11-20 10:00:00.1234567+00:00": "2026-11-20T10:00:00.123456Z",
            "2026-11-20T10:00Z": "2026-11-20T10:00:00.000000Z",
            "2026-11-20T11:00:00+01": "2026-11-20T10:00:00.000000Z",
            str(datetime(2026, 11, 20, 10, tzinfo=timezone.utc)): "2026-11-20T10:00:00.000000Z",
        }
        for given, expected in cases.items():
            with self.subTest(given=given):
                self.assertEqual(format_timestamp(given), expected)
                self.assertRegex(expected, SERVER_DATETIME)

    def test_strings_without_a_zone_or_not_a_time_are_refused(self) -> None:
        for given in ["2026-11-20T10:00:00", "2026-11-20", "yesterday", "2026-02-30T10:00:00Z", "2026-11-20T25:00:00Z"]:
            with self.subTest(given=given), self.assertRaises(RowProblem) as caught:
                format_timestamp(given)
            self.assertEqual(caught.exception.path, "timestamp")

    def test_other_types_are_refused(self) -> None:
        with self.assertRaises(RowProblem):
            format_timestamp(1763632800)


class PredictionRowTest(unittest.TestCase):
    def test_binary_row_keeps_its_fields_and_gets_an_id_and_the_time_it_was_logged(self) -> None:
        row = prediction_row({"score": 0.91, "label": "spam", "features": {"links": 3, "domain": "example.org", "html": True, "gone": None}}, NOW, lambda: "generated")
        self.assertEqual(
            row,
            {
                "id": "generated",
                "timestamp": "2026-11-20T10:00:00.000000Z",
                "features": {"links": 3, "domain": "example.org", "html": True, "gone": None},
                "score": 0.91,
                "label": "spam",
            },
        )

    def test_generated_ids_are_distinct_uuid4s(self) -> None:
        ids = {prediction_row({"value": 1.0}, NOW)["id"] for _ in range(1000)}
        self.assertEqual(len(ids), 1000)
        for generated in list(ids)[:10]:
            self.assertRegex(generated, r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

    def test_multiclass_and_regression_rows_with_known_truth(self) -> None:
        multiclass = prediction_row({"id": "a", "probabilities": {"ham": 0.2, "spam": 0.7, "news": 0.1}, "label": "spam", "actual": {"label": "ham"}}, NOW)
        self.assertEqual(multiclass["probabilities"], {"ham": 0.2, "spam": 0.7, "news": 0.1})
        self.assertEqual(multiclass["actual"], {"label": "ham"})
        regression = prediction_row({"id": "b", "value": 12.5, "actual": {"value": 14.0, "timestamp": "2026-11-20T11:00:00+01:00"}}, NOW)
        self.assertEqual(regression["actual"], {"value": 14.0, "timestamp": "2026-11-20T10:00:00.000000Z"})

    def test_numpy_like_scalars_become_json_numbers(self) -> None:
        row = prediction_row({"score": NumpyLike(0.25), "label": "spam", "features": {"n": NumpyLike(7), "flag": NumpyLike(True)}}, NOW)
        self.assertEqual(json.loads(json.dumps(row))["features"], {"n": 7, "flag": True})
        self.assertEqual(row["score"], 0.25)

    def test_non_finite_feature_values_are_sent_as_missing(self) -> None:
        row = prediction_row({"value": 1.0, "features": {"a": float("nan"), "b": float("inf"), "c": 2.5}}, NOW)
        self.assertEqual(row["features"], {"a": None, "b": None, "c": 2.5})
        json.dumps(row, allow_nan=False)  # would raise on NaN

    def test_rows_the_server_would_refuse_are_refused_with_the_field_named(self) -> None:
        cases = [
            ({"score": 1.5, "label": "spam"}, "score"),
            ({"score": float("nan"), "label": "spam"}, "score"),
            ({"score": True, "label": "spam"}, "score"),
            ({"score": "0.5", "label": "spam"}, "score"),
            ({"score": 0.5}, "label"),
            ({"probabilities": {"a": 0.5, "b": 0.2}, "label": "a"}, "probabilities"),
            ({"probabilities": {"a": 1.2}, "label": "a"}, "probabilities.a"),
            ({"label": "spam"}, "(row)"),
            ({"value": float("inf")}, "value"),
            ({"id": "", "value": 1}, "id"),
            ({"id": "x" * 201, "value": 1}, "id"),
            ({"version": 3, "value": 1}, "version"),
            ({"value": 1, "timestamp": "2026-11-20T10:00:00"}, "timestamp"),
            ({"value": 1, "features": {"x": [1, 2]}}, "features.x"),
            ({"value": 1, "features": {"x": "y" * 10_001}}, "features.x"),
            ({"value": 1, "features": {f"f{i}": i for i in range(201)}}, "features"),
            ({"value": 1, "features": ["a"]}, "features"),
            ({"value": 1, "actual": {"lable": "x"}}, "actual.lable"),
            ({"value": 1, "actual": {}}, "actual"),
            ({"value": 1, "scroe": 0.5}, "scroe"),
        ]
        for fields, path in cases:
            with self.subTest(fields=str(fields)[:80]):
                self.assertEqual(problem(fields).path, path)

    def test_a_row_that_is_not_a_mapping_is_refused(self) -> None:
        self.assertEqual(problem(["score", 0.5]).path, "(row)")


class GroundTruthRowTest(unittest.TestCase):
    def test_label_or_value_with_an_optional_time(self) -> None:
        self.assertEqual(ground_truth_row({"id": "a", "label": "ham"}), {"id": "a", "label": "ham"})
        self.assertEqual(
            ground_truth_row({"id": "b", "value": 3, "timestamp": datetime(2026, 11, 21)}),
            {"id": "b", "value": 3, "timestamp": "2026-11-21T00:00:00.000000Z"},
        )

    def test_id_and_a_truth_are_required(self) -> None:
        for fields, path in [({"label": "ham"}, "id"), ({"id": "a"}, "(row)"), ({"id": "a", "label": "ham", "score": 1}, "score")]:
            with self.subTest(fields=fields), self.assertRaises(RowProblem) as caught:
                ground_truth_row(fields)
            self.assertEqual(caught.exception.path, path)


if __name__ == "__main__":
    unittest.main()
