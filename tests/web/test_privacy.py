"""The service keeps no text: a canary name sent in every way ends up in no log and no file.

Once in process (every log record at every level), once against the real server process
(``kita-anon serve``), whose whole output is captured, after the browser tests used the same
server with the same canary.
"""
from __future__ import annotations

import logging

import httpx
import pytest
from fastapi.testclient import TestClient

from web.support import make_docx

CANARY = "Zyprian Quellenbach"
EXPECTED = [200, 200, 200, 200, 200, 422, 422, 422, 413, 415, 401]


def send_canary_everywhere(client: httpx.Client, token: str) -> list[int]:
    """Every endpoint that takes text, and every error path, with the canary in text and file names."""
    headers = {"Authorization": f"Bearer {token}"}
    note = f"Gespräch mit {CANARY}, Telefon 0176-12345678."
    requests = [
        ("/api/anonymize", {"json": {"text": note, "hide": [{"text": "Quellenbach"}], "keep": [CANARY]}}),
        ("/api/analyze", {"json": {"text": note}}),
        ("/api/anonymize", {"json": {"text": note, "operator": "encrypt"}}),
        ("/api/anonymize", {"files": {"file": (f"{CANARY}.txt", note.encode(), "text/plain")}}),
        ("/api/minutes/check", {"files": {"file": (f"{CANARY}.docx", make_docx(note), "application/octet-stream")}}),
        ("/api/anonymize", {"files": {"file": (f"{CANARY}.txt", b"\xff" + note.encode(), "text/plain")}}),
        ("/api/anonymize", {"json": {"text": note, "keep": CANARY}}),  # invalid: keep is a list
        ("/api/anonymize", {"json": {"text": note, "policy": CANARY}}),  # unknown policy
        ("/api/analyze", {"json": {"text": (note + " ") * 40_000}}),  # over the limit
        ("/api/analyze", {"content": note.encode(), "headers": {**headers, "Content-Type": "text/plain"}}),
        ("/api/analyze", {"json": {"text": note}, "headers": {"Authorization": "Bearer falsch"}}),
    ]
    return [client.post(path, **{"headers": headers, **options}).status_code for path, options in requests]


def test_canary_reaches_no_log_record_in_process(app, accounts, caplog):
    caplog.set_level(logging.DEBUG)  # every logger at every level: uvicorn, starlette, presidio, ours
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert send_canary_everywhere(client, accounts["fachkraft"].token) == EXPECTED
    assert CANARY not in caplog.text
    assert not any(CANARY in str(record.args) for record in caplog.records)


@pytest.mark.slow
def test_canary_reaches_no_log_and_no_file(live_server):
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        assert send_canary_everywhere(client, live_server.accounts["kora"].token) == EXPECTED
    log = live_server.log_file.read_bytes()
    assert "läuft auf".encode() in log  # the output is really captured
    assert CANARY.encode() not in log
    files = [path for path in live_server.data_dir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in files)  # the database is there, and was searched
    assert [path.name for path in files if CANARY.encode() in path.read_bytes()] == []
