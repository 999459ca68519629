"""Vigil's Python client: send predictions and ground truth, read metrics and alerts.

    from vigil_client import Vigil
    vigil = Vigil("http://localhost:3000", api_key="vgl_...")
    vigil.log_prediction("spam-filter", features={"links": 3}, score=0.91, label="spam")
"""

from ._version import __version__
from .client import MAX_BATCH_ROWS, Vigil
from .errors import InvalidRowsError, RowError, VigilAPIError, VigilError, VigilUnavailableError
from .retry import RetryPolicy
from .rows import Actual, FeatureValue, GroundTruth, Prediction, Timestamp
from .types import Alert, ClientStats, Estimate, GroundTruthResult, IngestResult, Interval, Metrics, ModelSettings, RegisteredVersion, SeriesPoint

__all__ = [
    "MAX_BATCH_ROWS",
    "Actual",
    "Alert",
    "ClientStats",
    "Estimate",
    "FeatureValue",
    "GroundTruth",
    "GroundTruthResult",
    "IngestResult",
    "Interval",
    "InvalidRowsError",
    "Metrics",
    "ModelSettings",
    "Prediction",
    "RegisteredVersion",
    "RetryPolicy",
    "RowError",
    "SeriesPoint",
    "Timestamp",
    "Vigil",
    "VigilAPIError",
    "VigilError",
    "VigilUnavailableError",
    "__version__",
]
