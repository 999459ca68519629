"""Models, versions, monitors and channels as code: the calls a set-up script or a training
pipeline makes (API.md "Models, for set-up scripts", "Monitors as code", "Training pipelines
call back"). They call Vigil at once and raise :class:`VigilAPIError` for every 4xx."""

from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List, Mapping, Optional, Sequence, cast

from ._transport import Answer, api_error
from .rows import Timestamp, optional_timestamp
from .types import ModelSettings, RegisteredVersion


def _model_path(model: str, tail: str = "") -> str:
    if not isinstance(model, str) or not model:
        raise ValueError(f"model must be the model's slug, such as 'spam-filter' (got {model!r})")
    return f"/api/v1/models/{urllib.parse.quote(model, safe='')}{tail}"


class SetUpCalls:
    """Mixed into :class:`Vigil`; needs a key with the ``admin`` permission (``register`` is
    enough for :meth:`register_version`, ``read`` for :meth:`model`)."""

    def _request(self, method: str, path: str, *, query: Optional[Mapping[str, str]] = None, payload: Any = None, background: bool = False) -> Answer:
        raise NotImplementedError  # provided by Vigil

    def _json(self, method: str, path: str, payload: Any = None) -> Dict[str, Any]:
        answer = self._request(method, path, payload=payload)
        if not 200 <= answer.status < 300:
            raise api_error(answer)
        return answer.json_object()

    def model(self, model: str) -> ModelSettings:
        """The model with every setting (``GET /api/v1/models/{model}``)."""
        return cast(ModelSettings, self._json("GET", _model_path(model)))

    def create_model(
        self,
        slug: str,
        *,
        name: str,
        task: str,
        classes: Sequence[str] = (),
        positive_class: Optional[str] = None,
        description: str = "",
        exist_ok: bool = False,
    ) -> Dict[str, Any]:
        """Creates a model. With ``exist_ok=True`` a model that already has the slug is returned
        as it is (a set-up script can run again, and a retried request that did reach Vigil is
        not an error); its task and classes are not changed."""
        body = {"slug": slug, "name": name, "task": task, "classes": list(classes), "positiveClass": positive_class, "description": description}
        answer = self._request("POST", "/api/v1/models", payload=body)
        if answer.status == 409 and exist_ok:
            return cast(Dict[str, Any], self.model(slug))
        if not 200 <= answer.status < 300:
            raise api_error(answer)
        return answer.json_object()

    def update_model(self, model: str, **settings: Any) -> ModelSettings:
        """Changes settings with ``PATCH /api/v1/models/{model}`` and returns the model as
        :meth:`model` gives it. Keywords are API.md's fields: ``name``, ``description``,
        ``referenceWindow`` (``{"from": "2026-11-01", "to": "2026-11-07"}`` or ``None``),
        ``labelMaturityDays``, ``driftMinN``, ``sampling`` and ``pipeline`` (dicts, merged field by
        field). What you leave out stays as it is; one refused value and nothing changes (the
        :class:`VigilAPIError`'s ``body["fields"]`` names it, as ``sampling.rate``)."""
        return cast(ModelSettings, self._json("PATCH", _model_path(model), settings))

    def register_version(
        self,
        model: str,
        name: str,
        artifact_uri: str,
        *,
        metrics: Optional[Mapping[str, float]] = None,
        evaluated_on: Optional[str] = None,
        training_from: Optional[Timestamp] = None,
        training_to: Optional[Timestamp] = None,
    ) -> RegisteredVersion:
        """Registers a version your own pipeline trained (``POST /api/v1/models/{model}/versions``):
        Vigil stores it as a candidate and opens a deploy request that waits for the model's
        approvers. A name the model already has raises :class:`VigilAPIError` with status 409
        (also when a retried request had reached Vigil: the version is there)."""
        body: Dict[str, Any] = {"name": name, "artifactUri": artifact_uri, "metrics": dict(metrics or {})}
        if evaluated_on is not None:
            body["evaluatedOn"] = evaluated_on
        for key, value, label in (("trainingFrom", training_from, "training_from"), ("trainingTo", training_to, "training_to")):
            stamp = optional_timestamp(value, label)
            if stamp is not None:
                body[key] = stamp
        return cast(RegisteredVersion, self._json("POST", _model_path(model, "/versions"), body))

    def create_channel(self, name: str, type: str, **fields: Any) -> str:
        """A notification channel (``webhook``: ``url`` and ``secret``; ``slack``: ``url``;
        ``email``: ``recipients``, comma-separated); returns its id. Needs an admin key for every
        model; Vigil refuses a URL outside its outbound allow-list."""
        return str(self._json("POST", "/api/v1/notification-channels", {"name": name, "type": type, **fields})["id"])

    def create_monitor(self, model: str, **definition: Any) -> str:
        """A monitor (API.md "Monitors as code": ``name``, ``metric``, ``window``, ``comparison``,
        ``threshold``, ...); returns its id."""
        return str(self._json("POST", "/api/v1/monitors", {"model": model, **definition})["id"])

    def monitors(self, model: Optional[str] = None) -> List[Dict[str, Any]]:
        """The monitors (of one model), to find one a script made before by its name."""
        answer = self._request("GET", "/api/v1/monitors", query={"model": model} if model else None)
        if not 200 <= answer.status < 300:
            raise api_error(answer)
        return cast(List[Dict[str, Any]], answer.json_object().get("monitors", []))
