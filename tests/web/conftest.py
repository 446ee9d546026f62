"""Fixtures of the web tests: one app on a real SQLite file, users of two institutions, clients."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anonymizer.config import Settings
from anonymizer.crypto import write_key_file
from anonymizer.db import get_engine, session_factory
from anonymizer.web import create_app
from anonymizer.web.accounts import Role, create_api_token, create_user

PASSWORD = "geheim-und-lang-genug"
KITA = "Kita Sonnenblume"
FAMILIENHILFE = "Familienhilfe Lotse e.V."
JUGENDAMT = "Jugendamt Mitte"


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    institution: str
    token: str


def make_settings(data_dir: Path) -> Settings:
    key_file = data_dir / "schluessel.key"
    if not key_file.exists():
        write_key_file(key_file)
    return Settings(data_dir=data_dir, key_file=key_file, session_secret="test-geheimnis-" + "x" * 32)


def add_account(settings: Settings, username: str, role: Role, institution: str) -> Account:
    with session_factory(get_engine(f"sqlite:///{settings.data_dir / 'kita-anon.sqlite3'}")).begin() as session:
        user = create_user(session, username, PASSWORD, role, institution, display_name=username.title())
        return Account(username, role, institution, create_api_token(session, user, "Test"))


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("web-data"))


@pytest.fixture(scope="session")
def app(web_settings):
    return create_app(web_settings)


@pytest.fixture(scope="session")
def accounts(app, web_settings) -> dict[str, Account]:
    return {
        "koordination": add_account(web_settings, "kora", Role.KOORDINATION, KITA),
        "fachkraft": add_account(web_settings, "fabian", Role.FACHKRAFT, KITA),
        "andere": add_account(web_settings, "otto", Role.KOORDINATION, JUGENDAMT),
    }


@pytest.fixture()
def client(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1")


def bearer(account: Account) -> dict[str, str]:
    return {"Authorization": f"Bearer {account.token}"}


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def logged_in(client: TestClient, account: Account) -> str:
    """Log ``client`` in through the login form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": account.username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 200, response.text  # followed the redirect to the page
    return csrf_of(response.text)
