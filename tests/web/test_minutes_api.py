"""POST /api/minutes/check: consent decisions from the register, findings, cleaned text and .docx."""
from __future__ import annotations

import datetime as dt
import io

import docx

from anonymizer.web.processing import DOCX
from web.support import FAMILIENHILFE, KITA, bearer, make_docx

TODAY = dt.date.today()
MINUTES = (
    f"Protokoll Hilfeplangespräch am {TODAY:%d.%m.%Y}\n"
    f"Teilnehmende: {KITA}, {FAMILIENHILFE}, Frau Brandt\n"
    "Gespräch mit Frau Brandt zur Hilfeplanung. Rückruf unter 0176-99887766."
)


def register_family_with_consent(client, account) -> int:
    headers = bearer(account)
    family = client.post("/api/families", json={"members": [{"name": "Greta Brandt", "role": "Mutter"}]}, headers=headers)
    consent = client.post("/api/consents", headers=headers, json={
        "family_id": family.json()["id"], "given_by": "Greta Brandt", "given_by_role": "Elternteil",
        "participants": [{"institution": KITA}, {"institution": FAMILIENHILFE}], "category": "Hilfeplanung",
        "purpose": "Hilfeplangespräch", "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=200)).isoformat(), "form": "mündlich", "witness": "Herr Kern",
    })
    assert consent.status_code == 201, consent.text
    return consent.json()["id"]


def test_consent_decision_findings_and_cleaned_text(client, accounts):
    consent_id = register_family_with_consent(client, accounts["koordination"])
    response = client.post("/api/minutes/check", json={"text": MINUTES}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [d["allowed"] for d in body["decisions"]] == [True]
    assert f"Einwilligung {consent_id}" in body["decisions"][0]["summary"]
    assert "0176-99887766" in [f["text"] for f in body["findings"]]
    phone = next(f for f in body["findings"] if f["text"] == "0176-99887766")
    assert phone["where"] == "Absatz 3" and phone["context"].endswith(f"Rückruf unter »{phone['replacement']}«.")
    assert (body["decisions"][0]["planned"], body["decisions"][0]["where"]) == (False, "Absatz 2, Absatz 3")
    assert "0176-99887766" not in body["cleaned_text"] and "Brandt" not in body["cleaned_text"]
    assert body["approved"] is False and body["verdict"] == "Nicht freigeben"  # personal data is left

    client.post(f"/api/consents/{consent_id}/revoke", json={"revoked_by": "Greta Brandt"},
                headers=bearer(accounts["koordination"]))
    after = client.post("/api/minutes/check", json={"text": MINUTES}, headers=bearer(accounts["fachkraft"])).json()
    assert [d["allowed"] for d in after["decisions"]] == [False]  # revoked today: the meeting is today
    assert any("widerrufen" in reason for reason in after["reasons"])
    assert after["decisions"][0]["next_step"].startswith("Das Gespräch aus dem Protokoll streichen")


def test_minutes_without_personal_data_are_released(client, accounts):
    text = "Protokoll der Netzwerkrunde\nThemen: Sprachförderung, neue Fortbildungen für das Team."
    body = client.post("/api/minutes/check", json={"text": text}, headers=bearer(accounts["fachkraft"])).json()
    assert body["approved"] is True and body["verdict"] == "Freigeben"
    assert body["findings"] == [] and body["decisions"] == []


def test_cleaned_word_file(client, accounts):
    files = {"file": ("protokoll.docx", make_docx(*MINUTES.split("\n")), "application/octet-stream")}
    headers = {**bearer(accounts["fachkraft"]), "Accept": DOCX}
    response = client.post("/api/minutes/check", files=files, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert len(paragraphs) == 3 and "0176-99887766" not in paragraphs[2]
    assert "protokoll-bereinigt.docx" in response.headers["content-disposition"]


def test_docx_answer_needs_a_word_upload(client, accounts):
    headers = {**bearer(accounts["fachkraft"]), "Accept": DOCX}
    response = client.post("/api/minutes/check", json={"text": MINUTES}, headers=headers)
    assert response.status_code == 422 and "Word-Datei" in response.json()["detail"]
