"""The service keeps no text: a canary name sent in every way ends up in no log and no file.

Runs against the real server process (``kita-anon serve``), whose whole output is captured, after
the browser tests used the same server with the same canary.
"""
from __future__ import annotations

import httpx
import pytest

from web.support import make_docx

pytestmark = pytest.mark.slow
CANARY = "Zyprian Quellenbach"


def send_canary_everywhere(url: str, token: str) -> list[int]:
    headers = {"Authorization": f"Bearer {token}"}
    note = f"Gespräch mit {CANARY}, Telefon 0176-12345678."
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        requests = [
            client.post("/api/anonymize", json={"text": note, "hide": [{"text": "Quellenbach"}], "keep": [CANARY]}),
            client.post("/api/analyze", json={"text": note}),
            client.post("/api/anonymize", json={"text": note, "operator": "encrypt"}),
            client.post("/api/anonymize", files={"file": (f"{CANARY}.txt", note.encode(), "text/plain")}),
            client.post("/api/anonymize", files={"file": (f"{CANARY}.docx", make_docx(note), "application/octet-stream")}),
            client.post("/api/anonymize", files={"file": (f"{CANARY}.txt", b"\xff" + note.encode(), "text/plain")}),
            client.post("/api/anonymize", json={"text": note, "keep": CANARY}),  # invalid: keep is a list
            client.post("/api/anonymize", json={"text": note, "policy": CANARY}),  # unknown policy
            client.post("/api/analyze", json={"text": (note + " ") * 40_000}),  # over 1 MB
            client.post("/api/analyze", content=note.encode(), headers={"Content-Type": "text/plain"}),
            client.post("/api/analyze", json={"text": note}, headers={"Authorization": "Bearer falsch"}),
        ]
    return [response.status_code for response in requests]


def test_canary_reaches_no_log_and_no_file(live_server):
    statuses = send_canary_everywhere(live_server.url, live_server.accounts["kora"].token)
    assert statuses == [200, 200, 200, 200, 200, 422, 422, 422, 413, 415, 401]
    canary = CANARY.encode("utf-8")
    log = live_server.log_file.read_bytes()
    assert "läuft auf".encode() in log  # the output is really captured
    assert canary not in log
    files = [path for path in live_server.data_dir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in files)  # the database is there, and was searched
    leaking = [path.name for path in files if canary in path.read_bytes()]
    assert leaking == []
