"""Operations endpoints: /health (alive), /ready (database and model), /metrics (behind a setting).

The metrics are read from a real ``kita-anon serve`` and must count what happened while holding
nothing of what was sent: no word of a text, no path a client typed, no user."""
from __future__ import annotations

import time

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from anonymizer.web import create_app
from anonymizer.web.accounts import Role
from web.support import KITA, bearer, free_port, start_server

NAME, PHONE = "Zenobia Quastenflosser", "0176 98765432"
NOTE = f"Frau {NAME} ist unter {PHONE} erreichbar."
CONSENT_ID = "918273"


def wait_until_ready(get, deadline_seconds: float = 180) -> httpx.Response:
    """Ask /ready as a load balancer does until it answers 200 (the first call starts the model load)."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        response = get("/ready")
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        assert response.status_code == 503 and response.json()["model"] == "lädt", response.text
        time.sleep(0.2)


def samples(metrics_text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics_text)
        for sample in family.samples
    }


@pytest.fixture(scope="module")
def metrics_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("metrics"), [("fabian", Role.FACHKRAFT, KITA)],
                          env={"KITA_ANON_METRICS": "true"})
    yield server
    server.stop()


def test_health_answers_at_once(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def test_ready_names_an_unreachable_database(web_settings):
    app = create_app(web_settings)
    # A real engine on a port where no server listens: every connection is refused.
    app.state.engine = create_engine(f"postgresql+psycopg://kita@127.0.0.1:{free_port()}/kita")
    response = TestClient(app, base_url="http://127.0.0.1").get("/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "nicht bereit" and response.json()["database"] == "nicht erreichbar"


@pytest.mark.slow
def test_ready_once_the_model_is_loaded_and_metrics_count_without_any_text(metrics_server):
    with httpx.Client(base_url=metrics_server.url, headers=bearer(metrics_server.accounts["fabian"]), timeout=120) as http:
        ready = wait_until_ready(http.get)
        assert ready.status_code == 200, ready.text
        assert ready.json() == {"status": "ok", "database": "ok", "model": "ok"}

        found = http.post("/api/analyze", json={"text": NOTE})
        assert found.status_code == 200 and {"PERSON", "PHONE_NUMBER"} <= {f["label"] for f in found.json()["findings"]}
        assert http.post("/api/anonymize", json={"text": NOTE}).status_code == 200
        assert http.post("/api/analyze", json={"text": "   "}).status_code == 422
        assert http.get(f"/api/consents/{CONSENT_ID}").status_code == 404
        assert http.get(f"/notizen/{NAME}").status_code == 404

        page = http.get("/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    counted = samples(page.text)

    def requests(route: str, method: str, status: int) -> float:
        labels = frozenset({"route": route, "method": method, "status": str(status)}.items())
        return counted.get(("kita_anon_requests_total", labels), 0)

    assert requests("/api/analyze", "POST", 200) == 1 and requests("/api/analyze", "POST", 422) == 1
    assert requests("/api/anonymize", "POST", 200) == 1
    assert requests("/api/consents/{consent_id}", "GET", 404) == 1  # the template, not the number sent
    assert requests("unmatched", "GET", 404) == 1
    assert counted[("kita_anon_request_duration_seconds_count", frozenset({("route", "/api/analyze")}))] == 2
    assert counted[("kita_anon_findings_total", frozenset({("label", "PERSON")}))] >= 2  # analyze + anonymize
    assert counted[("kita_anon_findings_total", frozenset({("label", "PHONE_NUMBER")}))] == 2

    for word in [*NAME.split(), *PHONE.split(), CONSENT_ID, "erreichbar", "fabian", KITA]:
        assert word.casefold() not in page.text.casefold(), word
