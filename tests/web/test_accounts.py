"""Accounts and access: login with the session cookie, CSRF, roles, API tokens, `kita-anon user`."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from anonymizer.cli import app as cli
from anonymizer.config import get_settings
from anonymizer.db import database_url, get_engine, session_factory
from anonymizer.web.accounts import ApiToken, User
from web.support import PASSWORD, bearer, csrf_of, logged_in


def test_pages_redirect_to_login(client):
    response = client.get("/einwilligungen", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/einwilligungen"


def log_in_to(client, next_page: str):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": "kora", "password": PASSWORD, "csrf_token": token, "next": next_page},
        follow_redirects=False,
    )


def test_login_sets_a_hardened_session_cookie(client, accounts):
    response = log_in_to(client, "/hilfe")
    assert response.status_code == 303 and response.headers["location"] == "/hilfe"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "Datenschutz im Netzwerk" in client.get("/hilfe").text


def test_wrong_password_is_refused(client, accounts):
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "kora", "password": "falsch-falsch", "csrf_token": token})
    assert response.status_code == 401
    assert "stimmt nicht" in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(client, accounts):
    client.get("/login")
    response = client.post("/login", data={"username": "kora", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize("target", ["//example.org/", "/\\example.org", "https://example.org/", "hilfe"])
def test_login_never_redirects_to_another_host(client, accounts, target):
    response = log_in_to(client, target)
    assert response.headers["location"] == "/"


def test_session_api_calls_need_the_csrf_header(client, accounts):
    csrf = logged_in(client, accounts["fachkraft"])
    text = {"text": "Telefon 0176-12345678"}
    assert client.post("/api/analyze", json=text).status_code == 403
    assert client.post("/api/analyze", json=text, headers={"X-CSRF-Token": "falsch"}).status_code == 403
    assert client.post("/api/analyze", json=text, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_logout_ends_the_session(client, accounts):
    csrf = logged_in(client, accounts["fachkraft"])
    client.post("/logout", data={"csrf_token": csrf})
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.post("/api/analyze", json={"text": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 401


def test_api_without_or_with_a_wrong_token_is_refused(client, accounts):
    for headers in ({}, {"Authorization": "Bearer ka_falsch"}, {"Authorization": "Basic a29yYTp4"}):
        response = client.post("/api/analyze", json={"text": "Hallo"}, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


def test_tokens_and_passwords_are_stored_hashed(app, accounts):
    with session_factory(app.state.engine).begin() as session:
        stored = [row.token_hash for row in session.scalars(select(ApiToken))]
        hashes = [user.password_hash for user in session.scalars(select(User))]
    assert accounts["koordination"].token not in stored and len(stored) >= 3
    assert all(h.startswith("$argon2") and PASSWORD not in h for h in hashes)


def test_fachkraft_may_not_manage_consents(client, accounts):
    response = client.post("/api/families", json={"members": [{"name": "Eva Test"}]}, headers=bearer(accounts["fachkraft"]))
    assert response.status_code == 403
    assert "Berechtigung" in response.json()["detail"]


@pytest.fixture()
def cli_settings(web_settings, monkeypatch):
    """The CLI reads its settings from the environment: point it at the test's data dir."""
    monkeypatch.setenv("KITA_ANON_DATA_DIR", str(web_settings.data_dir))
    get_settings.cache_clear()
    yield web_settings
    get_settings.cache_clear()


def test_cli_user_add_creates_a_coordinator_who_can_log_in(client, cli_settings):
    runner = CliRunner()
    result = runner.invoke(cli, ["user", "add", "erste", "--rolle", "koordination", "--institution", "Netzwerk Mitte",
                                 "--passwort-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Koordination" in result.output
    again = runner.invoke(cli, ["user", "add", "erste", "--institution", "X", "--passwort-stdin"], input=PASSWORD + "\n")
    assert again.exit_code == 2 and "gibt es schon" in again.output
    short = runner.invoke(cli, ["user", "add", "kurz", "--institution", "X", "--passwort-stdin"], input="kurz\n")
    assert short.exit_code == 2 and "mindestens" in short.output
    token = runner.invoke(cli, ["user", "token", "erste"]).output.strip()
    response = client.get("/api/consents", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    with session_factory(get_engine(database_url(cli_settings))).begin() as session:
        user = session.scalar(select(User).where(User.username == "erste"))
        assert (user.role, user.institution.name) == ("koordination", "Netzwerk Mitte")


def test_fachkraft_sees_the_consent_page_without_the_forms(client, accounts):
    csrf = logged_in(client, accounts["fachkraft"])
    page = client.get("/einwilligungen").text
    assert "Eingetragene Einwilligungen" in page
    assert 'id="consent-form"' not in page and "Widerruf eintragen" not in page
    response = client.post("/einwilligungen", data={"csrf_token": csrf, "given_by": "X"})
    assert response.status_code == 403


def test_a_bad_consent_form_leaves_nothing_half_done(client, accounts):
    csrf = logged_in(client, accounts["koordination"])
    before = client.get("/api/families", headers=bearer(accounts["koordination"])).json()
    response = client.post("/einwilligungen", data={
        "csrf_token": csrf, "family_id": "neu", "members": "Nora Halb, Mutter", "given_by": "Nora Halb",
        "given_by_role": "Elternteil", "participants": "Kita Sonnenblume", "category": "Hilfeplanung",
        "purpose": "Gespräch", "valid_from": "2026-01-10", "valid_until": "2025-01-10", "form": "mündlich",
    })
    assert response.status_code == 422
    assert "Ungültige Angaben" in response.text and "Zeugin" in response.text
    assert client.get("/api/families", headers=bearer(accounts["koordination"])).json() == before


def test_password_guessing_is_stopped(client, app, accounts):
    token = csrf_of(client.get("/login").text)
    guesses = [client.post("/login", data={"username": "fabian", "password": f"rate-{n}-falsch", "csrf_token": token})
               for n in range(5)]
    assert [g.status_code for g in guesses] == [401] * 5
    right = client.post("/login", data={"username": "fabian", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 429 and "Zu viele Fehlversuche" in right.text
    assert right.headers["retry-after"] == "1"
    app.state.login_throttle.succeeded("fabian", "testclient")  # other tests log in as this user


def test_the_page_registers_a_turkish_form_and_prints_it_beside_german(client, accounts):
    csrf = logged_in(client, accounts["koordination"])
    page = client.get("/einwilligungen").text
    assert '<option value="tr">Türkisch – Türkçe</option>' in page and "Wie wurde das Formular erklärt?" in page
    response = client.post("/einwilligungen", data={
        "csrf_token": csrf, "family_id": "neu", "members": "Elif Demir, Mutter\nCan Demir, Kind",
        "given_by": "Elif Demir", "given_by_role": "Elternteil", "participants": "Kita Sonnenblume",
        "category": "Hilfeplanung", "purpose": "Gespräch zur Eingewöhnung", "valid_from": "2026-01-10",
        "valid_until": "2030-12-31", "form": "schriftlich", "form_location": "Akte", "language": "tr",
        "explanation": "mit Dolmetschung", "interpreter": "Sprachmittlerdienst Nord",
    }, follow_redirects=False)
    assert response.status_code == 303, response.text
    consents = client.get("/api/consents", headers=bearer(accounts["koordination"])).json()
    signed = next(c for c in consents if c["given_by"] == "Elif Demir")
    assert (signed["language"], signed["form_version"], signed["interpreter"]) == ("tr", 1, "Sprachmittlerdienst Nord")
    listed = client.get("/einwilligungen").text
    assert "Türkisch" in listed and "Fassung 1" in listed
    form = client.get(f"/api/consents/{signed['id']}/form").text
    assert "Ailemizle ortak görüşmelere onay" in form and "Einwilligung in gemeinsame Gespräche" in form
    assert signed["form_sha256"] in form and "Vorschau" not in form
