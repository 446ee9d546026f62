"""Operations endpoints: ``/health`` (alive), ``/ready`` (database reachable, model loaded) and, behind
the setting ``KITA_ANON_METRICS``, Prometheus metrics at ``/metrics``.

The metrics hold counts and timings only: requests by route template (``/api/consents/{consent_id}``,
never the path a client sent), method and status; latency per route; findings per entity type.
No text, no name, no user and no address of a client ever becomes a label.
"""
from __future__ import annotations

import threading
import time
from collections import Counter as Tally
from collections.abc import Iterable

import anyio
import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel
from sqlalchemy import Engine, text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from anonymizer.config import Settings
from anonymizer.detection import Finding, get_detector

# Detection of a long text takes seconds, a page milliseconds: buckets for both, up to the timeout.
LATENCY_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
DATABASE_CHECK_SECONDS = 5
UNMATCHED_ROUTE = "unmatched"  # a request no route answers: its path is the client's, never a label

router = APIRouter()


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    model: str


class ModelWarmup:
    """Loads the detector in a background thread, started by the first readiness check, so that a
    load balancer sends no text before the model is there, and tests that never ask load nothing."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.state = "nicht geladen"
        self._lock = threading.Lock()

    def check(self) -> str:
        with self._lock:
            if self.state == "nicht geladen":
                self.state = "lädt"
                threading.Thread(target=self._load, name="model-warmup", daemon=True).start()
            return self.state

    def _load(self) -> None:
        try:
            get_detector(self.settings)  # the same cached detector that requests use
        except Exception:  # noqa: BLE001  (the reason is in the model setting, not for the probe)
            outcome = "nicht ladbar"
        else:
            outcome = "ok"
        with self._lock:
            self.state = outcome


class Metrics:
    """One registry per app, so that several apps in one process (tests) never share counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kita_anon_requests", "Anfragen nach Route, Methode und Status.",
            ["route", "method", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "kita_anon_request_duration_seconds", "Antwortzeit nach Route.",
            ["route"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.findings = Counter(
            "kita_anon_findings", "Fundstellen von analyze und anonymize nach Typ.",
            ["label"], registry=self.registry,
        )


class MetricsMiddleware:
    """Pure ASGI, outermost: counts every answer, also refusals of the protection layer and errors."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            # The router put the matched route into the scope; its path is the template.
            route = getattr(scope.get("route"), "path", UNMATCHED_ROUTE)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)


def install_monitoring(app: FastAPI, settings: Settings) -> None:
    """Add the operations endpoints; with ``settings.metrics`` also the counting middleware and
    ``/metrics``. Call it after the other middleware, so that the counting sees every answer."""
    app.state.model_warmup = ModelWarmup(settings)
    app.state.metrics = None
    app.include_router(router)
    if settings.metrics:
        app.state.metrics = Metrics()
        app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
        app.add_api_route("/metrics", metrics_page, include_in_schema=False)


def count_findings(request: Request, findings: Iterable[Finding]) -> None:
    """Add a response's findings to the per-type counts (their labels only) when metrics are on."""
    metrics: Metrics | None = request.app.state.metrics
    if metrics is None:
        return
    for label, number in Tally(finding.label for finding in findings).items():
        metrics.findings.labels(label).inc(number)


@router.get("/health", response_model=Health, summary="Läuft der Dienst?")
async def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}}, summary="Bereit für Anfragen?")
async def ready(request: Request) -> JSONResponse:
    """200, wenn die Datenbank antwortet und das Modell geladen ist, sonst 503 (der erste Aufruf lädt es)."""
    model = request.app.state.model_warmup.check()
    database = await _database_state(request.app.state.engine)
    readiness = Readiness(
        status="ok" if database == model == "ok" else "nicht bereit", database=database, model=model
    )
    return JSONResponse(readiness.model_dump(), status_code=200 if readiness.status == "ok" else 503)


async def _database_state(engine: Engine) -> str:
    def ping() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        with anyio.fail_after(DATABASE_CHECK_SECONDS):
            await anyio.to_thread.run_sync(ping, abandon_on_cancel=True)
    except Exception:  # noqa: BLE001  (any failure means "not reachable"; the probe needs no more)
        return "nicht erreichbar"
    return "ok"


async def metrics_page(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
