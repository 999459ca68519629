"""The wire format of API.md's predictions and actuals, checked and normalised on the caller's side.

A batch is all or nothing on the server, so one malformed row would cost the rows beside it.
Everything that can be known without the model's definition is checked here, when the row is
logged, and reported against the caller's own row.
"""

from __future__ import annotations

import math
import numbers
import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, TypedDict, Union, cast

from .errors import RowError

Timestamp = Union[datetime, str]
"""A datetime (aware; a naive one is taken as UTC) or an ISO 8601 string with a zone."""

FeatureValue = Union[int, float, str, bool, None]


class Actual(TypedDict, total=False):
    """Ground truth already known when the prediction is logged."""

    label: str
    value: float
    timestamp: Timestamp


class Prediction(TypedDict, total=False):
    """One prediction, as API.md names its fields. Binary: ``score`` and ``label``; multiclass:
    ``probabilities`` and ``label``; regression: ``value``. ``id`` is generated when absent."""

    id: str
    version: str
    timestamp: Timestamp
    features: Mapping[str, FeatureValue]
    score: float
    probabilities: Mapping[str, float]
    label: str
    value: float
    actual: Actual


class _GroundTruthId(TypedDict):
    id: str


class GroundTruth(_GroundTruthId, total=False):
    """The truth for a prediction logged earlier, by its id: ``label`` (classifiers) or ``value``."""

    label: str
    value: float
    timestamp: Timestamp


PREDICTION_FIELDS = ("id", "version", "timestamp", "features", "score", "probabilities", "label", "value", "actual")
ACTUAL_FIELDS = ("label", "value", "timestamp")
GROUND_TRUTH_FIELDS = ("id", "label", "value", "timestamp")
MAX_FEATURES = 200
PROBABILITY_SUM_TOLERANCE = 0.01

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$"
)


class RowProblem(ValueError):
    """One field of one row is wrong; gathered into RowErrors by the caller."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def format_timestamp(value: Any, path: str = "timestamp") -> str:
    """An ISO 8601 UTC time (``2026-11-20T10:00:00.000000Z``) from a datetime or an ISO string.

    A naive datetime is taken as UTC: servers should log in UTC, and guessing the machine's zone
    would shift every row by hours on a server set to local time.
    """
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=timezone.utc) if value.tzinfo is None or value.utcoffset() is None else value
    elif isinstance(value, str):
        moment = _parse_iso(value, path)
    else:
        raise RowProblem(path, "must be a datetime or an ISO 8601 string with a zone")
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _parse_iso(text: str, path: str) -> datetime:
    match = _ISO.match(text.strip())
    if not match:
        raise RowProblem(path, f"must be an ISO 8601 time with a zone, such as 2026-11-20T10:00:00Z (got {text[:40]!r})")
    year, month, day, hour, minute, second, fraction, zulu, sign, zone_hours, zone_minutes = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    offset = timedelta(0)
    if not zulu:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes or 0))
        if sign == "-":
            offset = -offset
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=timezone(offset))
    except ValueError as error:
        raise RowProblem(path, f"is not a real time ({error})") from None


def _plain(value: Any) -> Any:
    """numpy and similar scalars as Python numbers (numpy.float32 is not a float, nor json-able)."""
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item):
        try:
            plain = item()
        except (TypeError, ValueError):
            return value
        if isinstance(plain, (str, bool, int, float)) or plain is None:
            return plain
    return value


def _finite_number(value: Any, path: str) -> float:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RowProblem(path, f"must be a number (got {type(value).__name__})")
    if not math.isfinite(value):
        raise RowProblem(path, "must be a finite number")
    return value


def _probability(value: Any, path: str) -> float:
    number = _finite_number(value, path)
    if not 0 <= number <= 1:
        raise RowProblem(path, "must be between 0 and 1")
    return number


def _text(value: Any, path: str, maximum: int) -> str:
    if not isinstance(value, str):
        raise RowProblem(path, f"must be a string (got {type(value).__name__})")
    if not value:
        raise RowProblem(path, "must not be empty")
    if len(value) > maximum:
        raise RowProblem(path, f"must be at most {maximum} characters")
    return value


def _features(value: Any) -> Dict[str, FeatureValue]:
    if not _is_mapping(value):
        raise RowProblem("features", "must be a mapping of names to numbers, strings, booleans or None")
    if len(value) > MAX_FEATURES:
        raise RowProblem("features", f"at most {MAX_FEATURES} features")
    out: Dict[str, FeatureValue] = {}
    for name, raw in value.items():
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            raise RowProblem("features", f"names must be strings of 1 to 100 characters (got {name!r})")
        item = _plain(raw)
        path = f"features.{name}"
        if isinstance(item, float) and not math.isfinite(item):
            item = None  # NaN and infinities are missing values; JSON cannot carry them
        if isinstance(item, str) and len(item) > 10_000:
            raise RowProblem(path, "must be at most 10,000 characters")
        if not (item is None or isinstance(item, (bool, int, float, str))):
            raise RowProblem(path, f"must be a number, string, boolean or None (got {type(raw).__name__})")
        out[name] = item
    return out


def _is_mapping(value: Any) -> bool:
    # dict first: the Mapping ABC check costs microseconds, and nearly every row is a dict.
    return isinstance(value, dict) or isinstance(value, Mapping)


def _unknown_fields(row: Mapping[str, Any], allowed: Sequence[str], prefix: str = "") -> None:
    for key in row:
        if key not in allowed:
            raise RowProblem(f"{prefix}{key}", f"is not a field; expected one of {', '.join(allowed)}")


def prediction_row(fields: Mapping[str, Any], now: str, new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> Dict[str, Any]:
    """The JSON row for one prediction, or RowProblem. Absent ids are generated; an absent
    timestamp becomes ``now`` (format_timestamp's form of the moment it was logged, not of the
    moment a retry delivers it)."""
    if not _is_mapping(fields):
        raise RowProblem("(row)", f"must be a mapping (got {type(fields).__name__})")
    _unknown_fields(fields, PREDICTION_FIELDS)
    present = {k: v for k, v in fields.items() if v is not None}
    row: Dict[str, Any] = {"id": _text(present["id"], "id", 200) if "id" in present else new_id()}
    if "version" in present:
        row["version"] = _text(present["version"], "version", 100)
    row["timestamp"] = format_timestamp(present["timestamp"]) if "timestamp" in present else now
    if "features" in present:
        row["features"] = _features(present["features"])
    if "score" in present:
        row["score"] = _probability(present["score"], "score")
    if "probabilities" in present:
        probabilities = present["probabilities"]
        if not _is_mapping(probabilities) or not probabilities:
            raise RowProblem("probabilities", "must be a mapping of class to probability")
        row["probabilities"] = {str(c): _probability(p, f"probabilities.{c}") for c, p in probabilities.items()}
        total = sum(row["probabilities"].values())
        if abs(total - 1) > PROBABILITY_SUM_TOLERANCE:
            raise RowProblem("probabilities", f"must add up to 1 (they add up to {total:.3f})")
    if "label" in present:
        row["label"] = _text(present["label"], "label", 100)
    if "value" in present:
        row["value"] = _finite_number(present["value"], "value")
    if not any(k in row for k in ("score", "probabilities", "value")):
        raise RowProblem("(row)", "give score and label (binary), probabilities and label (multiclass) or value (regression)")
    if ("score" in row or "probabilities" in row) and "label" not in row:
        raise RowProblem("label", "is required for a classifier")
    if "actual" in present:
        row["actual"] = _actual(present["actual"])
    return row


def _actual(value: Any) -> Dict[str, Any]:
    if not _is_mapping(value):
        raise RowProblem("actual", "must be a mapping with label or value")
    _unknown_fields(value, ACTUAL_FIELDS, "actual.")
    actual: Dict[str, Any] = {}
    if value.get("label") is not None:
        actual["label"] = _text(value["label"], "actual.label", 100)
    if value.get("value") is not None:
        actual["value"] = _finite_number(value["value"], "actual.value")
    if not actual:
        raise RowProblem("actual", "must hold label (classifiers) or value (regression)")
    if value.get("timestamp") is not None:
        actual["timestamp"] = format_timestamp(value["timestamp"], "actual.timestamp")
    return actual


def ground_truth_row(fields: Mapping[str, Any]) -> Dict[str, Any]:
    """The JSON row for one actual, or RowProblem."""
    if not _is_mapping(fields):
        raise RowProblem("(row)", f"must be a mapping (got {type(fields).__name__})")
    _unknown_fields(fields, GROUND_TRUTH_FIELDS)
    if fields.get("id") is None:
        raise RowProblem("id", "is required: the id the prediction was logged with")
    row: Dict[str, Any] = {"id": _text(fields["id"], "id", 200)}
    if fields.get("label") is not None:
        row["label"] = _text(fields["label"], "label", 100)
    if fields.get("value") is not None:
        row["value"] = _finite_number(fields["value"], "value")
    if "label" not in row and "value" not in row:
        raise RowProblem("(row)", "give label (classifiers) or value (regression)")
    if fields.get("timestamp") is not None:
        row["timestamp"] = format_timestamp(fields["timestamp"])
    return row


def normalise_rows(rows: Sequence[Any], make: Callable[[Any], Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], List[RowError]]:
    """Every row through ``make``; the problems as RowErrors indexed in the caller's list."""
    out: List[Dict[str, Any]] = []
    errors: List[RowError] = []
    for index, raw in enumerate(rows):
        try:
            out.append(make(raw))
        except RowProblem as problem:
            given: Any = cast(Mapping[str, Any], raw).get("id") if _is_mapping(raw) else None
            errors.append(RowError(index, problem.path, problem.message, given if isinstance(given, str) else None, raw))
    return out, errors


def utc_now() -> str:
    """Now, as format_timestamp writes it."""
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def optional_timestamp(value: Optional[Timestamp], path: str) -> Optional[str]:
    """For query parameters: None stays None; anything else must be a time (ValueError)."""
    if value is None:
        return None
    try:
        return format_timestamp(value, path)
    except RowProblem as problem:
        raise ValueError(str(problem)) from None
