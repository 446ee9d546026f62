"""Fixtures of the web tests: one app on a real SQLite file, users of two institutions, clients."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anonymizer.config import Settings
from anonymizer.web import create_app
from anonymizer.web.accounts import Role
from system_support import requires
from web.support import JUGENDAMT, KITA, Account, add_account, make_settings, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


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




@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = start_server(
        tmp_path_factory.mktemp("live"),
        [("kora", Role.KOORDINATION, KITA), ("fabian", Role.FACHKRAFT, KITA)],
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        requires("Chromium", f"kein Browser: {CHROMIUM} fehlt (`make test` installiert Debians chromium als root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
