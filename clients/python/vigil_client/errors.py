"""What the client raises. Every exception derives from :class:`VigilError`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Sequence


class VigilError(Exception):
    """Base class of every error this client raises."""


@dataclass(frozen=True)
class RowError:
    """One reason one row was refused (API.md: ``{"index", "path", "message"}``).

    ``index`` counts in the list *you* passed (not in the batch the server saw), ``id`` is the
    row's id (also when the client generated it) and ``row`` is your own row object.
    """

    index: int
    path: str
    message: str
    id: Optional[str] = None
    row: Optional[Any] = None

    def __str__(self) -> str:
        where = f"row {self.index}" + (f" (id {self.id!r})" if self.id else "")
        return f"{where}: {self.path}: {self.message}"


class VigilAPIError(VigilError):
    """Vigil answered with an error status that retrying cannot fix (400, 401, 403, 404, 409, 413, 415)."""

    def __init__(self, status: int, code: str, message: str, body: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(f"Vigil answered {status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body: Mapping[str, Any] = body or {}


class InvalidRowsError(VigilError, ValueError):
    """Rows were refused: by the client's own checks before sending (``status`` is None), or by
    Vigil's 400 ``invalid_batch`` (``status`` is 400).

    A batch is all or nothing: none of the refused batch was stored. ``stored`` tells how many of
    your rows, from the start of your list, earlier batches of the same call had stored.
    """

    def __init__(self, errors: Sequence[RowError], *, status: Optional[int] = None, message: str = "", stored: int = 0) -> None:
        self.errors: List[RowError] = list(errors)
        self.status = status
        self.stored = stored
        self.message = message or f"{len(self.errors)} problem{'' if len(self.errors) == 1 else 's'} in the rows; nothing was sent."
        shown = "; ".join(str(e) for e in self.errors[:5])
        more = f"; and {len(self.errors) - 5} more" if len(self.errors) > 5 else ""
        super().__init__(f"{self.message} {shown}{more}".strip())


class VigilUnavailableError(VigilError):
    """Vigil could not be reached, or kept answering 429 or 5xx, through every retry."""

    def __init__(self, message: str, *, attempts: int, last_status: Optional[int] = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_status = last_status
