"""What the client returns. Answers are JSON as API.md gives them (typed dicts: Vigil may add
fields, which then simply appear in the dict); results of the client's own work are dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Literal, Optional, TypedDict

Bucket = Literal["hour", "day"]
AlertState = Literal["firing", "resolved"]


@dataclass(frozen=True)
class IngestResult:
    """``log_predictions``: rows stored, rows whose id was already stored, and every row's id in your order."""

    accepted: int
    duplicates: int
    ids: List[str]


@dataclass(frozen=True)
class GroundTruthResult:
    """``log_ground_truth``: predictions that now carry the truth, and ids Vigil has no prediction for."""

    matched: int
    unknown: List[str]


@dataclass(frozen=True)
class ClientStats:
    """Counters of the buffered ``log_prediction`` path since the client was made.

    ``dropped``: rows never sent because the buffer was full, the client was closed, or Vigil
    stayed unreachable until it closed. ``rejected``: rows Vigil refused (their errors are logged).
    """

    queued: int
    accepted: int
    duplicates: int
    rejected: int
    dropped: int


# Keys Vigil always sends are required; keys that depend on the model's task are not (a binary
# model has positiveRate, a multiclass one classShare, a regression one mae and rmse).


class Estimate(TypedDict):
    """A figure with the n it stands on (``estimatedAccuracy``)."""

    value: Optional[float]
    n: float


class Interval(Estimate):
    """A rate with its 95% Wilson interval; ``n`` is an effective n for weighted (sampled) rates."""

    low: Optional[float]
    high: Optional[float]


class GroundTruthAccuracy(Interval):
    coverage: float
    provisional: bool


class ErrorFigure(TypedDict):
    value: float
    n: int
    coverage: float
    provisional: bool


class _SeriesPointKeys(TypedDict):
    start: str
    volume: int


class SeriesPoint(_SeriesPointKeys, total=False):
    """One bucket of the series, or the range's totals."""

    positiveRate: Optional[Interval]
    classShare: Dict[str, Optional[Interval]]
    estimatedAccuracy: Optional[Estimate]
    sampledAccuracy: Optional[Interval]
    groundTruthAccuracy: Optional[GroundTruthAccuracy]
    mae: Optional[ErrorFigure]
    rmse: Optional[ErrorFigure]
    meanResidual: Optional[ErrorFigure]


class FeatureDrift(TypedDict, total=False):
    name: str
    type: Literal["numeric", "categorical"]
    severity: str
    psi: Optional[float]
    ks: Optional[float]
    chi2: Optional[float]
    df: int
    pValue: Optional[float]


class Drift(TypedDict, total=False):
    reference: Optional[Dict[str, object]]
    score: Optional[Dict[str, Optional[float]]]
    features: List[FeatureDrift]


# Functional form: the answer has a key named "from", which a class body cannot declare.
_MetricsKeys = TypedDict(
    "_MetricsKeys",
    {
        "model": str,
        "task": Literal["binary", "multiclass", "regression"],
        "from": str,
        "to": str,
        "bucket": Bucket,
        "series": List[SeriesPoint],
        "totals": SeriesPoint,
        "pendingBuckets": int,
    },
)


class Metrics(_MetricsKeys, total=False):
    """``GET /api/v1/models/{model}/metrics``: see API.md, "Metrics out"."""

    drift: Drift
    distributions: Dict[str, object]
    labelMaturityDays: int
    matureBefore: str


class Alert(TypedDict):
    """One alert of ``GET /api/v1/alerts``."""

    id: str
    monitorId: str
    state: AlertState
    value: Optional[float]
    threshold: Optional[float]
    n: Optional[int]
    severity: str
    model: str
    firedAt: str
    resolvedAt: Optional[str]
    monitor: Dict[str, object]


class ModelSettings(TypedDict, total=False):
    """``GET /api/v1/models/{model}``: the model and every setting (API.md "Models, for set-up scripts")."""

    slug: str
    name: str
    task: str
    classes: List[str]
    positiveClass: Optional[str]
    description: str
    createdAt: str
    referenceWindow: Optional[Dict[str, str]]
    labelMaturityDays: int
    driftMinN: int
    sampling: Dict[str, object]
    pipeline: Dict[str, object]


class RegisteredVersion(TypedDict):
    """``POST /api/v1/models/{model}/versions``: the candidate and the deploy request it waits in."""

    version: Dict[str, object]
    deployRequest: Dict[str, object]
