"""The REST API against the real app (httpx through Starlette's TestClient): results, errors, limits."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from anonymizer.web.processing import DOCX
from anonymizer.web.protection import MAX_TEXT_BYTES
from web.support import bearer, make_docx, make_settings

NOTE = "Krümel war heute still. Die Mutter ist unter 0176-12345678 oder mama@example.de erreichbar."


def test_health_needs_no_login(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_anonymize_replaces_contact_data_and_reports(client, accounts):
    response = client.post("/api/anonymize", json={"text": NOTE}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert "0176-12345678" not in body["text"] and "mama@example.de" not in body["text"]
    labels = {finding["label"] for finding in body["findings"]}
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS"} <= labels
    phone = next(f for f in body["findings"] if f["label"] == "PHONE_NUMBER")
    assert NOTE[phone["start"] : phone["end"]] == "0176-12345678" and phone["label_name"] == "Telefon"
    assert body["report"]["counts"]
    assert response.headers["cache-control"] == "no-store"


def test_analyze_lists_findings_without_replacing(client, accounts):
    response = client.post("/api/analyze", json={"text": NOTE}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 200
    assert any(f["text"] == "mama@example.de" for f in response.json()["findings"])


def test_corrections_apply_to_every_mention(client, accounts):
    text = "Krümel malt. Danach spielt Krümel mit Sand. Telefon 0176-12345678."
    body = client.post(
        "/api/anonymize",
        json={"text": text, "hide": [{"text": "Krümel", "label": "PERSON"}], "keep": ["0176-12345678"]},
        headers=bearer(accounts["fachkraft"]),
    ).json()
    assert "Krümel" not in body["text"]
    assert sum(f["text"] == "Krümel" for f in body["findings"]) == 2
    assert "0176-12345678" in body["text"]  # kept: the user says it is the Kita's own number


def test_operator_choice_and_encrypt_round_trip(client, accounts):
    headers = bearer(accounts["fachkraft"])
    encrypted = client.post("/api/anonymize", json={"text": NOTE, "operator": "encrypt"}, headers=headers).json()
    assert "0176-12345678" not in encrypted["text"]
    restored = client.post("/api/deanonymize", json={"text": encrypted["text"]}, headers=headers)
    assert restored.status_code == 200
    assert restored.json()["text"] == NOTE


def test_tampered_ciphertext_is_a_problem_not_garbage(client, accounts):
    headers = bearer(accounts["fachkraft"])
    encrypted = client.post("/api/anonymize", json={"text": NOTE, "operator": "encrypt"}, headers=headers).json()["text"]
    start = encrypted.index("[[enc:") + 10
    tampered = encrypted[:start] + ("A" if encrypted[start] != "A" else "B") + encrypted[start + 1 :]
    response = client.post("/api/deanonymize", json={"text": tampered}, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_text_file_upload(client, accounts):
    files = {"file": ("notiz.txt", NOTE.encode("utf-8"), "text/plain")}
    response = client.post("/api/anonymize", files=files, data={"policy": "netzwerk"}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["original"] == NOTE
    assert "0176-12345678" not in body["text"]


def test_docx_upload(client, accounts):
    files = {"file": ("notiz.docx", make_docx("Erster Absatz.", NOTE), "application/octet-stream")}
    response = client.post("/api/anonymize", files=files, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert "Erster Absatz." in body["original"] and "0176-12345678" in body["original"]
    assert "0176-12345678" not in body["text"]


@pytest.mark.parametrize(
    ("files", "status", "phrase"),
    [
        ({"file": ("kaputt.txt", b"\xff\xfe\x00\x01", "text/plain")}, 422, "Binärdaten"),
        ({"file": ("leer.txt", b"   ", "text/plain")}, 422, "leer"),
        ({"file": ("bild.png", b"\x89PNG", "image/png")}, 422, ".docx"),
        ({"file": ("falsch.docx", b"kein zip", "application/octet-stream")}, 422, "falsch.docx"),
    ],
)
def test_bad_uploads_are_problem_details(client, accounts, files, status, phrase):
    response = client.post("/api/anonymize", files=files, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and phrase in problem["detail"]


def test_too_much_text_is_413(client, accounts):
    response = client.post("/api/analyze", json={"text": "a" * (MAX_TEXT_BYTES + 1)}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 413
    assert "100 kB" in response.json()["detail"]


def test_too_large_body_is_413_before_reading_it(client, accounts):
    files = {"file": ("gross.docx", b"0" * 10_200_000, "application/octet-stream")}
    response = client.post("/api/anonymize", files=files, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_validation_error_does_not_echo_the_text(client, accounts):
    response = client.post(
        "/api/anonymize", json={"text": "Krümel Geheimname", "keep": "kein Array"}, headers=bearer(accounts["fachkraft"])
    )
    assert response.status_code == 422
    assert "Geheimname" not in response.text and "keep" in response.json()["detail"]


def test_unknown_policy_is_a_german_problem(client, accounts):
    response = client.post("/api/anonymize", json={"text": NOTE, "policy": "gibtsnicht"}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 422
    assert "Richtlinie" in response.json()["detail"]


def test_unsupported_media_type(client, accounts):
    response = client.post("/api/anonymize", content=NOTE, headers={**bearer(accounts["fachkraft"]), "Content-Type": "text/plain"})
    assert response.status_code == 415


def test_timeout_answers_503(client, app, accounts):
    patience, app.state.request_timeout = app.state.request_timeout, 0.001
    try:  # (pytest's monkeypatch cannot restore a Starlette State attribute)
        response = client.post("/api/anonymize", json={"text": NOTE * 200}, headers=bearer(accounts["fachkraft"]))
    finally:
        app.state.request_timeout = patience
    assert response.status_code == 503
    assert "zu lange" in response.json()["detail"]


def test_security_headers_on_pages_and_api(client):
    for path in ("/login", "/health", "/api/nothing-here"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"


def test_openapi_docs_are_served_locally(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/analyze", "/api/anonymize", "/api/deanonymize", "/api/minutes/check", "/api/consents", "/health"):
        assert path in schema["paths"], path
    assert "TextRequest" in schema["components"]["schemas"]
    page = client.get("/docs").text
    assert "/static/docs/swagger-ui-bundle.js" in page and "http" not in page.replace("http-equiv", "")
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200


def test_unknown_route_is_a_problem(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("Diese Seite")


def test_settings_without_session_secret_keep_one_in_the_data_dir(tmp_path):
    from anonymizer.web.auth import session_secret

    settings = make_settings(tmp_path).model_copy(update={"session_secret": None})
    first = session_secret(settings)
    assert first == session_secret(settings) and len(first) > 40
    assert (tmp_path / "session-secret").stat().st_mode & 0o077 == 0


def test_docx_comes_back_as_docx_when_asked(client, accounts):
    import io

    import docx

    files = {"file": ("Notiz März.docx", make_docx("Erster Absatz.", NOTE), "application/octet-stream")}
    headers = {**bearer(accounts["fachkraft"]), "Accept": DOCX}
    response = client.post("/api/anonymize", files=files, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX
    assert "Notiz%20M%C3%A4rz-anonymisiert.docx" in response.headers["content-disposition"]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[0] == "Erster Absatz." and len(paragraphs) == 2
    assert "0176-12345678" not in paragraphs[1] and "Krümel war heute still." in paragraphs[1]


def test_corrections_travel_with_an_uploaded_word_file(client, accounts):
    import io

    import docx

    files = {"file": ("notiz.docx", make_docx(NOTE, "Krümel lacht."), "application/octet-stream")}
    form = {"hide": ["Krümel"], "hide_label": ["PERSON"], "keep": ["mama@example.de"]}
    headers = {**bearer(accounts["fachkraft"]), "Accept": DOCX}
    response = client.post("/api/anonymize", files=files, data=form, headers=headers)
    assert response.status_code == 200, response.text
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Krümel" not in text and "mama@example.de" in text and "0176-12345678" not in text
