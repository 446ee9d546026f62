"""``encrypt`` spans and ``hash`` pseudonyms belong to the institution that made them, and every
``/api/deanonymize`` is audited (who, when, how many spans; never the text). Against a real
``kita-anon serve`` on 127.0.0.1 with users of two institutions."""
from __future__ import annotations

import json
import re

import httpx
import pytest

from anonymizer.config import Settings
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import EMBEDDED_KEY_FILE, read_key_ring
from anonymizer.db import database_url, get_engine, session_factory
from anonymizer.web.accounts import Role, find_user_by_name
from web.support import JUGENDAMT, KITA, bearer, start_server

NOTE = "Frau Ayşe Yılmaz ist unter 0176-12345678 erreichbar; Leon kommt morgen wieder."
HIDDEN = ("Yılmaz", "0176-12345678")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("zwei-einrichtungen"),
                        [("anna", Role.FACHKRAFT, KITA), ("bernd", Role.FACHKRAFT, JUGENDAMT)])
    yield live
    live.stop()


def call(server, user: str, path: str, body: dict) -> httpx.Response:
    return httpx.post(server.url + path, json=body, headers=bearer(server.accounts[user]), timeout=120)


def anonymized(server, user: str, operator: str) -> str:
    response = call(server, user, "/api/anonymize", {"text": NOTE, "operator": operator, "hide": [
        {"text": "Ayşe Yılmaz", "label": "PERSON"}, {"text": "0176-12345678", "label": "PHONE_NUMBER"}]})
    assert response.status_code == 200, response.text
    assert not any(hidden in response.json()["text"] for hidden in HIDDEN)
    return response.json()["text"]


def audit_log(server) -> list[tuple[str, str, str | None, dict]]:
    """(action, entity, institution, details) of every entry, read with the server's own key."""
    settings = Settings(_env_file=None, data_dir=server.data_dir)
    store = ConsentStore(get_engine(database_url(settings)), read_key_ring(server.data_dir / EMBEDDED_KEY_FILE))
    return [(e.action, e.entity, e.institution, json.loads(e.details)) for e in store.audit_entries()]


def user_entity(server, username: str) -> str:
    settings = Settings(_env_file=None, data_dir=server.data_dir)
    with session_factory(get_engine(database_url(settings))).begin() as session:
        return f"user:{find_user_by_name(session, username).id}"


def test_another_institution_cannot_decrypt_the_spans(server):
    encrypted = anonymized(server, "anna", "encrypt")
    spans = len(re.findall(r"\[\[enc:", encrypted))
    assert spans >= 2

    refused = call(server, "bernd", "/api/deanonymize", {"text": encrypted})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert not any(hidden in refused.text for hidden in HIDDEN)

    restored = call(server, "anna", "/api/deanonymize", {"text": encrypted})
    assert restored.status_code == 200 and restored.json()["text"] == NOTE

    log = audit_log(server)
    assert ("spans_refused", user_entity(server, "bernd"), JUGENDAMT, {"spans": spans}) in log
    assert ("spans_restored", user_entity(server, "anna"), KITA, {"spans": spans}) in log


def test_deanonymize_is_audited_without_the_text(server):
    encrypted = anonymized(server, "anna", "encrypt")
    before = len(audit_log(server))
    assert call(server, "anna", "/api/deanonymize", {"text": encrypted}).status_code == 200
    log = audit_log(server)
    assert len(log) == before + 1
    action, entity, institution, details = log[-1]
    assert (action, entity, institution) == ("spans_restored", user_entity(server, "anna"), KITA)
    assert set(details) == {"spans"}  # how many, nothing of what
    everything = json.dumps(log, ensure_ascii=False)
    assert not any(hidden in everything for hidden in (*HIDDEN, "Ayşe", "anna"))


def test_hash_pseudonyms_are_keyed_per_institution(server):
    kita_once, kita_again = anonymized(server, "anna", "hash"), anonymized(server, "anna", "hash")
    jugendamt = anonymized(server, "bernd", "hash")
    pseudonyms = re.compile(r"\[[A-Za-zäöüÄÖÜ]+_[0-9a-f]{8,}\]")
    assert pseudonyms.findall(kita_once) and pseudonyms.findall(kita_once) == pseudonyms.findall(kita_again)
    assert not set(pseudonyms.findall(kita_once)) & set(pseudonyms.findall(jugendamt))
