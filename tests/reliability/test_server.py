"""The real ``kita-anon serve`` on 127.0.0.1 under load, faults and hostile input.

What tests/web already covers (tokens, CSRF, institution visibility, canary in logs) is not
repeated here. Every loop is bounded by a request count and a deadline.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import markupsafe
import pytest

import anonymizer.web
from anonymizer.db import SQLITE_FILE_NAME
from anonymizer.web.accounts import Role
from web.support import KITA, LiveServer, bearer, logged_in, start_server

USERS = [("kora", Role.KOORDINATION, KITA), ("fabian", Role.FACHKRAFT, KITA)]
TODAY = dt.date.today()
NOTE = "Leon Yılmaz war heute still. Die Mutter ist unter 0176-12345678 erreichbar."
XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
SQL = "'); DROP TABLE consents; --"
CLIENTS, LOAD_SECONDS, REQUESTS_PER_CLIENT = 50, 20.0, 60


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("reliability-live"), USERS)
    yield live
    live.stop()


def new_family(client: httpx.Client, headers: dict[str, str], name: str = "Ayşe Yılmaz") -> int:
    response = client.post("/api/families", json={"members": [{"name": name, "role": "Mutter"}]}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def consent_body(family_id: int, **changes) -> dict:
    return {
        "family_id": family_id, "given_by": "Ayşe Yılmaz", "given_by_role": "Elternteil",
        "participants": [{"institution": KITA}], "category": "Hilfeplanung",
        "purpose": "Gemeinsames Gespräch", "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=20)).isoformat(), "form": "schriftlich",
        "form_location": "Akte im Büro", **changes,
    }


def kita_anon(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # The server's embedded default key lives in the data dir (crypto.with_default_key); the CLI is told so.
    env = {**os.environ, "KITA_ANON_DATA_DIR": str(data_dir), "KITA_ANON_KEY_FILE": str(data_dir / "schluessel.key")}
    return subprocess.run([str(Path(sys.executable).parent / "kita-anon"), *args], env=env,
                          capture_output=True, text=True, timeout=60)


# ---------------------------------------------------------------- load


@pytest.mark.slow
def test_concurrent_clients_get_no_errors(server: LiveServer):
    headers = bearer(server.accounts["fabian"])
    latencies: list[float] = []
    errors: list[str] = []
    # One request first: the service loads its model on first use, which is start-up, not load.
    assert httpx.post(server.url + "/api/anonymize", json={"text": NOTE}, headers=headers, timeout=120).status_code == 200
    deadline = time.monotonic() + LOAD_SECONDS

    def client_loop(number: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for request in range(REQUESTS_PER_CLIENT):
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                try:
                    response = client.post("/api/anonymize", json={"text": f"{NOTE} ({number}-{request})"}, headers=headers)
                except httpx.HTTPError as error:
                    errors.append(repr(error))
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or "0176-12345678" in response.json()["text"]:
                    errors.append(f"{response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 60)
    assert not errors, errors[:5]
    assert len(latencies) >= CLIENTS
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(f"\nload: {CLIENTS} clients, {len(latencies)} requests, 0 errors, "
          f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")


# ---------------------------------------------------------------- faults


def test_killed_server_loses_no_acknowledged_consent(tmp_path):
    first = start_server(tmp_path, USERS[:1])
    headers = bearer(first.accounts["kora"])
    acknowledged: list[int] = []
    enough = threading.Event()

    def write_consents() -> None:
        with httpx.Client(base_url=first.url, timeout=30) as client:
            family = new_family(client, headers)
            for number in range(500):
                try:
                    response = client.post("/api/consents", headers=headers,
                                           json=consent_body(family, purpose=f"Gespräch {number}"))
                except httpx.TransportError:
                    break  # the server is gone
                assert response.status_code == 201, response.text
                acknowledged.append(response.json()["id"])
                if len(acknowledged) >= 15:
                    enough.set()
            enough.set()

    writer = threading.Thread(target=write_consents)
    writer.start()
    try:
        assert enough.wait(timeout=60)
        first.process.send_signal(signal.SIGKILL)  # mid-stream: the writer is still posting
        first.process.wait(timeout=30)
    finally:
        writer.join(timeout=60)
    assert len(acknowledged) >= 15

    again = start_server(tmp_path, [])  # same data dir, same database and key
    try:
        listed = httpx.get(again.url + "/api/consents", headers=headers, timeout=30)
        assert listed.status_code == 200
        assert set(acknowledged) <= {consent["id"] for consent in listed.json()}
    finally:
        again.stop()
    verified = kita_anon(again.data_dir, "consent", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "unverändert" in verified.stdout


def test_read_only_storage_gives_a_clear_problem(server: LiveServer, tmp_path):
    # Tests run as root, where chmod 0o500 does not stop writes; opening the same, migrated SQLite file
    # read-only (SQLite's mode=ro) makes every write fail for real, as on a read-only mount.
    database = server.data_dir / SQLITE_FILE_NAME
    env = {"KITA_ANON_DATABASE_URL": f"sqlite:///file:{database}?mode=ro&uri=true"}
    read_only = start_server(tmp_path, [], env=env, data_dir=server.data_dir)
    headers = bearer(server.accounts["kora"])
    try:
        with httpx.Client(base_url=read_only.url, timeout=30) as client:
            assert client.get("/api/consents", headers=headers).status_code == 200  # reading still works
            response = client.post("/api/families", headers=headers,
                                   json={"members": [{"name": "Nora Halb", "role": "Mutter"}]})
            assert client.get("/health").status_code == 200  # still answering after the failure
    finally:
        read_only.stop()
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    assert "schreibgeschützt" in response.json()["detail"] and "Nichts wurde geändert" in response.json()["detail"]


# ---------------------------------------------------------------- security


def assert_escaped(page: str, payloads: list[str]) -> None:
    for payload in payloads:
        assert payload not in page
        assert "<script>alert" not in page and "<img src=x" not in page


def test_xss_payloads_are_escaped_on_every_page(server: LiveServer):
    headers = bearer(server.accounts["kora"])
    text = f"Notiz: {XSS[0]} und {XSS[1]} von Leon Yılmaz."
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=True) as client:
        pasted = client.post("/api/anonymize", json={"text": text}, headers=headers)
        upload = client.post("/api/anonymize", headers=headers,
                             files={"file": (f"{XSS[1]}{XSS[0]}.txt", text.encode(), "text/plain")})
        for response in (pasted, upload):  # JSON, never something a browser renders as a page
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].startswith("application/json")
        family = new_family(client, headers, name=XSS[0])
        consent = client.post("/api/consents", headers=headers,
                              json=consent_body(family, given_by=XSS[1], purpose=XSS[0], form_location=XSS[1]))
        assert consent.status_code == 201, consent.text
        consent_id = consent.json()["id"]
        logged_in(client, server.accounts["kora"])
        pages = {
            "/einwilligungen": client.get("/einwilligungen"),
            "form": client.get(f"/api/consents/{consent_id}/form", headers=headers),
            "export": client.get(f"/api/families/{family}/export?format=html", headers=headers),
        }
    for name, page in pages.items():
        assert page.status_code == 200, name
        # Jinja's escaping (markupsafe); the export is built by hand with html.escape.
        escaped = {str(markupsafe.escape(p)) for p in XSS} | {html.escape(p) for p in XSS}
        assert any(form in page.text for form in escaped), name  # the value is shown, escaped
        assert_escaped(page.text, XSS)


def test_note_page_scripts_never_build_html_from_results():
    # The note page shows API results (pasted text, file names) from JavaScript; text nodes only.
    scripts = list((Path(anonymizer.web.__file__).parent / "static").rglob("*.js"))
    assert scripts
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        assert "innerHTML" not in source and "insertAdjacentHTML" not in source, script.name


def test_sql_injection_in_consent_fields_is_stored_literally(server: LiveServer):
    headers = bearer(server.accounts["kora"])
    with httpx.Client(base_url=server.url, timeout=30) as client:
        family = new_family(client, headers, name=SQL)
        created = client.post("/api/consents", headers=headers,
                              json=consent_body(family, given_by=SQL, purpose=SQL, form_location=SQL))
        assert created.status_code == 201, created.text
        shown = client.get(f"/api/consents/{created.json()['id']}", headers=headers).json()
        families = {f["id"]: f for f in client.get("/api/families", headers=headers).json()}
        assert client.get("/api/consents", headers=headers).status_code == 200
    assert (shown["given_by"], shown["purpose"], shown["form_location"]) == (SQL, SQL, SQL)
    assert families[family]["members"][0]["name"] == SQL
    with sqlite3.connect(f"file:{server.data_dir / SQLITE_FILE_NAME}?mode=ro", uri=True) as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "consents" in tables and "families" in tables
