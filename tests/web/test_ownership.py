"""Authorisation by ownership, against ``kita-anon serve`` on 127.0.0.1 with users of three institutions.

The Kita (A) registers a family with two consents: one naming the Familienhilfe (B), one for the Kita
alone. B is a participant; the Jugendamt (C) is not part of the family at all; the network
coordination (N) may answer the family's Art. 15/17 requests.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import httpx
import pytest

from anonymizer.config import Settings
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import load_key
from anonymizer.db import database_url, get_engine
from anonymizer.minutes import NO_VISIBLE_ENTRY, REGISTER_NAME
from anonymizer.web.accounts import Role
from web.support import FAMILIENHILFE, JUGENDAMT, KITA, bearer, logged_in, start_server

pytestmark = pytest.mark.slow
NETZWERK = "Netzwerkkoordination Frühe Hilfen"
TODAY = dt.date.today()
MISSING_ID = 987_654
MINUTES = (
    f"Protokoll Hilfeplangespräch am {TODAY:%d.%m.%Y}\n"
    f"Teilnehmende: {FAMILIENHILFE}, {JUGENDAMT}, Frau Brandt\n"
    "Gespräch mit Frau Brandt zur Hilfeplanung."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("ownership"), [
        ("ada", Role.KOORDINATION, KITA),
        ("bea", Role.KOORDINATION, FAMILIENHILFE),
        ("carl", Role.KOORDINATION, JUGENDAMT),
        ("nina", Role.NETZWERKKOORDINATION, NETZWERK),
    ])
    yield server
    server.stop()


class Client:
    """One user's API calls on the live server (Bearer token, so no CSRF is needed)."""

    def __init__(self, server, username: str) -> None:
        self.http = httpx.Client(base_url=server.url, headers=bearer(server.accounts[username]), timeout=60)

    def get(self, path: str, **options) -> httpx.Response:
        return self.http.get(path, **options)

    def post(self, path: str, body: dict) -> httpx.Response:
        return self.http.post(path, json=body)

    def delete(self, path: str) -> httpx.Response:
        return self.http.delete(path)


@pytest.fixture(scope="module")
def users(server) -> dict[str, Client]:
    return {name: Client(server, name) for name in server.accounts}


def consent_body(family_id: int, *institutions: str, category: str = "Hilfeplanung") -> dict:
    return {
        "family_id": family_id, "given_by": "Greta Brandt", "given_by_role": "Elternteil",
        "participants": [{"institution": name} for name in institutions], "category": category,
        "purpose": "Gemeinsames Gespräch", "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=200)).isoformat(), "form": "mündlich", "witness": "Herr Kern",
    }


def register_family(owner: Client, *members: str) -> int:
    response = owner.post("/api/families", {"members": [{"name": name} for name in members]})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def add_consent(user: Client, family_id: int, *institutions: str, category: str = "Hilfeplanung") -> httpx.Response:
    return user.post("/api/consents", consent_body(family_id, *institutions, category=category))


@pytest.fixture(scope="module")
def family(users) -> dict:
    """The Kita's family: consent ``shared`` names the Familienhilfe, ``own`` only the Kita."""
    family_id = register_family(users["ada"], "Greta Brandt", "Mila Brandt")
    shared = add_consent(users["ada"], family_id, KITA, FAMILIENHILFE)
    own = add_consent(users["ada"], family_id, KITA, category="Förderplanung")
    assert shared.status_code == own.status_code == 201
    return {"id": family_id, "shared": shared.json()["id"], "own": own.json()["id"]}


def register(server) -> ConsentStore:
    """The server's register, read directly from its database file with its key."""
    settings = Settings(data_dir=server.data_dir, key_file=server.data_dir / "schluessel.key")
    return ConsentStore(get_engine(database_url(settings)), load_key(settings))


def audited(server, action: str, family_id: int) -> list[dict]:
    """The family's audit entries of ``action``. SQLite gives an erased family's id to the next one:
    only the entries since this family was added count."""
    log = register(server).audit_entries(f"family:{family_id}")
    added = max(i for i, e in enumerate(log) if e.action == "family_added")
    return [{"institution": e.institution, **json.loads(e.details)} for e in log[added:] if e.action == action]


def test_a_participant_sees_the_family_and_only_the_consents_it_is_part_of(users, family):
    bea = users["bea"]
    assert family["id"] in [f["id"] for f in bea.get("/api/families").json()]
    assert [c["id"] for c in bea.get("/api/consents").json()] == [family["shared"]]
    assert [c["id"] for c in bea.get("/api/consents", params={"family_id": family["id"]}).json()] == [family["shared"]]
    assert bea.get(f"/api/consents/{family['own']}").status_code == 404
    # The gate decides on what the Familienhilfe sees: the Kita's own consent is neither used nor named.
    decision = bea.post("/api/consents/check", {
        "family_id": family["id"], "participants": [FAMILIENHILFE], "purpose": "Förderplanung",
    }).json()
    assert decision["allowed"] is False and decision["consent_id"] == family["shared"]
    assert f"Einwilligung {family['own']}" not in decision["reason"]


def test_a_participant_can_neither_export_nor_erase_the_family(server, users, family):
    bea = users["bea"]
    export = bea.get(f"/api/families/{family['id']}/export")
    assert export.status_code == 403, export.text
    assert "Brandt" not in export.text and "Netzwerkkoordination" in export.json()["detail"]
    assert bea.get(f"/api/families/{family['id']}/export", params={"format": "html"}).status_code == 403
    assert bea.delete(f"/api/families/{family['id']}").status_code == 403
    assert family["id"] in [f["id"] for f in users["ada"].get("/api/families").json()]
    assert audited(server, "data_exported", family["id"]) == audited(server, "family_erased", family["id"]) == []


def test_a_participant_cannot_show_the_family_to_a_third_institution(users, family):
    refused = add_consent(users["bea"], family["id"], FAMILIENHILFE, JUGENDAMT)
    assert refused.status_code == 403, refused.text
    assert JUGENDAMT in refused.json()["detail"]
    assert family["id"] not in [f["id"] for f in users["carl"].get("/api/families").json()]
    # Within the circle it already sees, the participant may register a consent (e.g. a renewal).
    renewal = add_consent(users["bea"], family["id"], KITA, FAMILIENHILFE)
    assert renewal.status_code == 201, renewal.text
    assert renewal.json()["id"] in [c["id"] for c in users["ada"].get("/api/consents").json()]


def test_an_outsider_gets_the_same_404_as_for_an_id_that_does_not_exist(users, family):
    carl = users["carl"]
    assert carl.get("/api/families").json() == [] and carl.get("/api/consents").json() == []
    for family_id, consent_id in ((family["id"], family["shared"]), (MISSING_ID, MISSING_ID)):
        answers = [
            carl.get(f"/api/consents/{consent_id}"), carl.get(f"/api/consents/{consent_id}/form"),
            carl.post(f"/api/consents/{consent_id}/revoke", {"revoked_by": "Mutter"}),
            carl.get(f"/api/families/{family_id}/export"), carl.delete(f"/api/families/{family_id}"),
            add_consent(carl, family_id, JUGENDAMT),
            carl.post("/api/consents/check", {"family_id": family_id, "participants": [JUGENDAMT], "purpose": "Hilfeplanung"}),
        ]
        assert [a.status_code for a in answers] == [404] * len(answers)
        assert {a.json()["detail"] for a in answers} == {"Diesen Eintrag gibt es nicht, oder Ihre Einrichtung darf ihn nicht sehen."}


def test_the_minutes_check_reveals_nothing_to_an_outsider(users, family):
    answer = users["carl"].post("/api/minutes/check", {"text": MINUTES})
    assert answer.status_code == 200, answer.text
    [decision] = answer.json()["decisions"]
    assert decision["family_id"] is None and decision["allowed"] is False
    assert decision["summary"] == NO_VISIBLE_ENTRY and "kein Eintrag sichtbar" in decision["summary"]
    assert "nicht im Register" not in answer.text and not re.search(r"Einwilligung \d", answer.text)
    assert REGISTER_NAME not in [f["reason"] for f in answer.json()["findings"]]
    # The very same answer as for a family that is not registered at all.
    unknown = users["carl"].post("/api/minutes/check", {"text": MINUTES.replace("Brandt", "Petrowski")}).json()
    assert [d["summary"] for d in unknown["decisions"]] == [NO_VISIBLE_ENTRY]


def test_the_minutes_check_shows_a_participant_only_its_consents(users, family):
    [decision] = users["bea"].post("/api/minutes/check", {"text": MINUTES}).json()["decisions"]
    assert decision["family_id"] == family["id"]
    assert f"Einwilligung {family['own']}" not in decision["summary"]


def test_the_owner_exports_widens_and_erases_and_each_is_audited(server, users, family):
    ada = users["ada"]
    export = ada.get(f"/api/families/{family['id']}/export")
    assert export.status_code == 200
    assert {family["shared"], family["own"]} <= {c["id"] for c in export.json()["einwilligungen"]}
    assert add_consent(ada, family["id"], KITA, JUGENDAMT).status_code == 201  # the owner may widen the circle
    assert family["id"] in [f["id"] for f in users["carl"].get("/api/families").json()]
    assert ada.delete(f"/api/families/{family['id']}").status_code == 200
    assert ada.get(f"/api/families/{family['id']}/export").status_code == 404
    assert [(e["institution"], e["acting_as"]) for e in audited(server, "data_exported", family["id"])] == [(KITA, "owner")]
    assert [(e["institution"], e["acting_as"]) for e in audited(server, "family_erased", family["id"])] == [(KITA, "owner")]
    assert register(server).verify() == []


def test_the_network_coordination_answers_any_familys_requests(server, users):
    family_id = register_family(users["ada"], "Olga Petrova")
    nina = users["nina"]
    assert family_id not in [f["id"] for f in nina.get("/api/families").json()]  # no browsing of the register
    export = nina.get(f"/api/families/{family_id}/export")
    assert export.status_code == 200 and export.json()["familie"]["members"][0]["name"] == "Olga Petrova"
    assert nina.delete(f"/api/families/{family_id}").status_code == 200
    assert nina.get(f"/api/families/{MISSING_ID}/export").status_code == 404
    expected = [(NETZWERK, "network_coordination")]
    assert [(e["institution"], e["acting_as"]) for e in audited(server, "data_exported", family_id)] == expected
    assert [(e["institution"], e["acting_as"]) for e in audited(server, "family_erased", family_id)] == expected


def test_the_consent_page_refuses_a_participant_widening_the_circle(client, accounts):
    kita, jugendamt = bearer(accounts["koordination"]), accounts["andere"]
    family_id = client.post("/api/families", json={"members": [{"name": "Ina Kreis"}]}, headers=kita).json()["id"]
    shared = client.post("/api/consents", json=consent_body(family_id, KITA, JUGENDAMT), headers=kita)
    assert shared.status_code == 201
    csrf = logged_in(client, jugendamt)
    body = consent_body(family_id, JUGENDAMT, FAMILIENHILFE)
    response = client.post("/einwilligungen", data={
        **{key: body[key] for key in ("given_by", "given_by_role", "category", "purpose", "valid_from",
                                       "valid_until", "form", "witness")},
        "csrf_token": csrf, "family_id": str(family_id), "participants": f"{JUGENDAMT}\n{FAMILIENHILFE}",
    })
    assert response.status_code == 422 and "weiteren Einrichtungen" in response.text
    assert [c["id"] for c in client.get("/api/consents", params={"family_id": family_id}, headers=kita).json()] == [
        shared.json()["id"]]
