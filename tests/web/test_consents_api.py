"""Consent endpoints: add, list, show, revoke, check, form, export; visibility per institution."""
from __future__ import annotations

import datetime as dt

import pytest

from web.support import FAMILIENHILFE, KITA, bearer

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def family_and_consent(app, accounts):
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="http://127.0.0.1")
    headers = bearer(accounts["koordination"])
    family = client.post(
        "/api/families",
        json={"members": [{"name": "Ayşe Yılmaz", "role": "Mutter"}, {"name": "Leon Yılmaz", "role": "Kind"}]},
        headers=headers,
    )
    assert family.status_code == 201, family.text
    consent = client.post("/api/consents", json=consent_body(family.json()["id"]), headers=headers)
    assert consent.status_code == 201, consent.text
    return family.json(), consent.json()


def consent_body(family_id: int, **changes) -> dict:
    return {
        "family_id": family_id,
        "given_by": "Ayşe Yılmaz",
        "given_by_role": "Elternteil",
        "participants": [{"institution": KITA}, {"institution": FAMILIENHILFE}],
        "category": "Hilfeplanung",
        "purpose": "Gemeinsames Gespräch zur Hilfeplanung",
        "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=20)).isoformat(),
        "form": "schriftlich",
        "form_location": "Akte im Büro der Kita",
        **changes,
    }


def test_added_consent_is_listed_and_shown(client, accounts, family_and_consent):
    _, consent = family_and_consent
    assert consent["institution"] == KITA and consent["status"] == "erteilt"
    listed = client.get("/api/consents", headers=bearer(accounts["fachkraft"])).json()
    assert consent["id"] in [c["id"] for c in listed]
    shown = client.get(f"/api/consents/{consent['id']}", headers=bearer(accounts["fachkraft"]))
    assert shown.json()["given_by"] == "Ayşe Yılmaz"


def test_another_institution_sees_nothing(client, accounts, family_and_consent):
    family, consent = family_and_consent
    other = bearer(accounts["andere"])
    assert consent["id"] not in [c["id"] for c in client.get("/api/consents", headers=other).json()]
    for path in (f"/api/consents/{consent['id']}", f"/api/consents/{consent['id']}/form",
                 f"/api/families/{family['id']}/export"):
        response = client.get(path, headers=other)
        assert response.status_code == 404, path
        assert "Yılmaz" not in response.text
    revoke = client.post(f"/api/consents/{consent['id']}/revoke", json={"revoked_by": "x"}, headers=other)
    assert revoke.status_code == 404


def test_invalid_consent_is_a_german_problem(client, accounts, family_and_consent):
    family, _ = family_and_consent
    body = consent_body(family["id"], valid_until=(TODAY - dt.timedelta(days=400)).isoformat())
    response = client.post("/api/consents", json=body, headers=bearer(accounts["koordination"]))
    assert response.status_code == 422
    assert "gültig" in response.json()["detail"]


def test_gate_check_and_expiry_reminder(client, accounts, family_and_consent):
    family, consent = family_and_consent
    headers = bearer(accounts["fachkraft"])
    allowed = client.post(
        "/api/consents/check",
        json={"family_id": family["id"], "participants": [KITA, FAMILIENHILFE], "purpose": "Hilfeplanung"},
        headers=headers,
    ).json()
    assert allowed["allowed"] is True and allowed["consent_id"] == consent["id"]
    denied = client.post(
        "/api/consents/check",
        json={"family_id": family["id"], "participants": ["Jugendamt Mitte"], "purpose": "Hilfeplanung"},
        headers=headers,
    ).json()
    assert denied["allowed"] is False and "nicht" in denied["reason"]
    reminders = client.get("/api/consents/expiring", headers=headers).json()
    assert [r["consent_id"] for r in reminders] == [consent["id"]]
    assert "erneut fragen" in reminders[0]["message"]


def test_printable_form_and_export(client, accounts, family_and_consent):
    family, consent = family_and_consent
    form = client.get(f"/api/consents/{consent['id']}/form", headers=bearer(accounts["fachkraft"]))
    assert form.status_code == 200 and "Hilfeplanung" in form.text and "widerrufen" in form.text.lower()
    assert "script-src" not in form.headers["content-security-policy"]
    assert form.headers["content-security-policy"].startswith("default-src 'none'")
    export = client.get(f"/api/families/{family['id']}/export", headers=bearer(accounts["koordination"]))
    assert export.status_code == 200
    assert export.json()["familie"]["members"][0]["name"] == "Ayşe Yılmaz"
    html = client.get(f"/api/families/{family['id']}/export?format=html", headers=bearer(accounts["koordination"]))
    assert "Yılmaz" in html.text


def test_revocation_takes_effect_at_once(client, accounts, family_and_consent):
    family, _ = family_and_consent
    headers = bearer(accounts["koordination"])
    consent = client.post("/api/consents", json=consent_body(family["id"], category="Förderplanung"), headers=headers).json()
    revoked = client.post(f"/api/consents/{consent['id']}/revoke", json={"revoked_by": "Mutter", "reason": "Umzug"},
                          headers=headers)
    assert revoked.status_code == 200 and revoked.json()["status"] == "widerrufen"
    decision = client.post(
        "/api/consents/check",
        json={"family_id": family["id"], "participants": [KITA], "purpose": "Förderplanung"},
        headers=headers,
    ).json()
    assert decision["allowed"] is False and decision["reason_code"] == "widerrufen"
    again = client.post(f"/api/consents/{consent['id']}/revoke", json={"revoked_by": "Mutter"}, headers=headers)
    assert again.status_code == 422 and "bereits widerrufen" in again.json()["detail"]


def test_erasure_of_a_family(client, accounts):
    headers = bearer(accounts["koordination"])
    family = client.post("/api/families", json={"members": [{"name": "Zoe Löschbar"}]}, headers=headers).json()
    assert client.delete(f"/api/families/{family['id']}", headers=headers).status_code == 200
    assert family["id"] not in [f["id"] for f in client.get("/api/families", headers=headers).json()]


def test_a_coordinator_prints_the_form_in_turkish_beside_german(client, accounts, family_and_consent):
    family, _ = family_and_consent
    headers = bearer(accounts["koordination"])
    contact = client.put("/api/institution/contact", json={"person": "Nadia Berger", "phone": "0511 1234567"},
                         headers=headers)
    assert contact.status_code == 200, contact.text
    created = client.post("/api/consents", json=consent_body(family["id"], language="tr",
                                                             explanation="vorgelesen und erklärt"), headers=headers)
    assert created.status_code == 201, created.text
    consent = created.json()
    assert (consent["language"], consent["form_version"]) == ("tr", 1) and len(consent["form_sha256"]) == 64
    page = client.get(f"/api/consents/{consent['id']}/form", headers=bearer(accounts["fachkraft"]))
    assert page.status_code == 200
    assert "Ailemizle ortak görüşmelere onay" in page.text and "Einwilligung in gemeinsame Gespräche" in page.text
    assert "0511 1234567" in page.text and consent["form_sha256"] in page.text
    slip = client.get(f"/api/consents/{consent['id']}/revocation-form?language=tr", headers=headers)
    assert "Onayın geri alınması" in slip.text and "Widerruf der Einwilligung" in slip.text
    exported = client.get(f"/api/families/{family['id']}/export", headers=headers).json()
    signed = next(c for c in exported["einwilligungen"] if c["id"] == consent["id"])
    assert signed["form_sha256"] == consent["form_sha256"] and signed["formular_wortlaut"]["language"] == "tr"
    codes = [language["code"] for language in client.get("/api/form-languages", headers=headers).json()]
    assert {"tr", "ar", "ti", "kmr", "de-einfach"} <= set(codes)


def test_an_unknown_form_language_is_a_german_problem(client, accounts, family_and_consent):
    _, consent = family_and_consent
    answer = client.get(f"/api/consents/{consent['id']}/form?language=xx", headers=bearer(accounts["koordination"]))
    assert answer.status_code == 422 and "gibt es für die Formulare nicht" in answer.json()["detail"]
