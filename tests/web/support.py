"""Helpers of the web tests: settings on a temporary data dir, accounts, login, documents."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
from fastapi.testclient import TestClient

from anonymizer.config import Settings
from anonymizer.crypto import write_key_file
from anonymizer.db import database_url, get_engine, session_factory
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
    with session_factory(get_engine(database_url(settings))).begin() as session:
        user = create_user(session, username, PASSWORD, role, institution, display_name=username.title())
        return Account(username, role, institution, create_api_token(session, user, "Test"))


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


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
