"""Accounts under attack, against the real ``kita-anon serve`` on 127.0.0.1.

Login throttling per user name and per client address (in the database: across restarts and
processes, with short waits instead of locks), sessions that end on the server, Secure cookies
and HSTS behind TLS, revocable tokens, deactivated users, normalised user names, the default role.
Clients connect from different loopback addresses (127.0.0.x) to play attacker and real user.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command

from anonymizer.config import Settings
from anonymizer.db import alembic_config, database_url, get_engine, transaction, upgrade_database
from anonymizer.web.accounts import MAX_SESSIONS_PER_USER, Role, create_user, start_session, user_for_session
from consent.conftest import postgres_server_url
from web.support import KITA, PASSWORD, LiveServer, bearer, client_from, csrf_of, logged_in, start_server, try_login

pytestmark = pytest.mark.slow
WRONG = "falsch-geraten-123"
USERS = [(name, Role.FACHKRAFT, KITA) for name in ("kora", "Greta", "fabian", "dora", "paula", "rita")]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> LiveServer:
    live = start_server(tmp_path_factory.mktemp("accounts-live"), USERS)
    yield live
    live.stop()


def kita_anon(server: LiveServer, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The CLI on the running server's data directory (and its ``env`` settings, e.g. a database URL)."""
    env = {**os.environ, "KITA_ANON_DATA_DIR": str(server.data_dir), **(env or {})}
    return subprocess.run([str(Path(sys.executable).parent / "kita-anon"), *args], env=env, input=stdin, check=False,
                          capture_output=True, text=True, timeout=120)


def test_spellings_of_one_user_name_share_one_throttle_counter(server):
    spellings = ["kora", " Kora ", "KORA", "\uff2b\uff4f\uff52\uff41", "kora\u00a0"]  # full-width; no-break space
    with client_from(server, "127.0.0.11") as client:
        guesses = [try_login(client, name, WRONG).status_code for name in spellings]
        sixth = try_login(client, "  KoRa", PASSWORD)
    assert guesses == [401] * 5
    assert sixth.status_code == 429 and "Zu viele Fehlversuche" in sixth.text


def test_a_user_name_logs_in_in_any_spelling(server):
    # Created as "Greta"; the CLI and the login find it however it is typed.
    with client_from(server, "127.0.0.12") as client:
        assert try_login(client, " GRETA ", PASSWORD).status_code == 303
    token = kita_anon(server, "user", "token", "greta\u00a0", "--name", "Skript")
    assert token.returncode == 0, token.stderr
    assert httpx.get(server.url + "/api/consents", headers={"Authorization": f"Bearer {token.stdout.strip()}"}).status_code == 200


def test_an_attackers_burst_keeps_the_real_user_out_only_briefly(server):
    with client_from(server, "127.0.0.13") as attacker, ThreadPoolExecutor(max_workers=15) as pool:
        csrf = csrf_of(attacker.get("/login").text)

        def guess(number: int) -> int:
            data = {"username": "fabian", "password": f"{WRONG}-{number}", "csrf_token": csrf}
            return attacker.post("/login", data=data).status_code

        statuses = list(pool.map(guess, range(15)))  # all at once: none may slip past while others are checked
    assert statuses.count(401) in (5, 6) and statuses.count(429) == 15 - statuses.count(401)  # 6: burst ran > 1 s
    with client_from(server, "127.0.0.14") as user:
        answer = try_login(user, "fabian", PASSWORD)
        if answer.status_code == 429:  # the short wait the burst caused, announced by the server
            wait = int(answer.headers["retry-after"])
            assert 1 <= wait <= 2  # the refused part of the burst did not make it longer
            time.sleep(wait)
            answer = try_login(user, "fabian", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_one_address_trying_many_names_is_slowed_down_and_others_are_not(server):
    with client_from(server, "127.0.0.15") as sprayer:
        statuses = [try_login(sprayer, f"niemand-{n}", WRONG).status_code for n in range(21)]
    assert statuses == [401] * 20 + [429]
    with client_from(server, "127.0.0.16") as colleague:
        assert try_login(colleague, "rita", PASSWORD).status_code == 303


def test_failed_logins_count_across_a_restart_and_across_two_servers(tmp_path):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    first = start_server(tmp_path / "a", [("nora", Role.FACHKRAFT, KITA)])
    try:
        with client_from(first) as client:
            before_restart = [try_login(client, "nora", WRONG).status_code for _ in range(2)]
    finally:
        first.stop()
    restarted = start_server(tmp_path / "b", [], data_dir=first.data_dir)
    second = start_server(tmp_path / "c", [], data_dir=first.data_dir)  # the same SQLite file at once
    try:
        with client_from(restarted) as one, client_from(second) as other:
            after = [try_login(client, "nora", WRONG).status_code for client in (one, other, one)]
            refused = try_login(other, "nora", PASSWORD)
    finally:
        restarted.stop()
        second.stop()
    assert before_restart + after == [401] * 5
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


@pytest.mark.postgres
def test_two_servers_on_postgresql_share_the_counters(tmp_path):
    admin = sa.create_engine(postgres_server_url(), isolation_level="AUTOCOMMIT")
    name = f"kita_accounts_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    env = {"KITA_ANON_DATABASE_URL": sa.make_url(postgres_server_url()).set(database=name).render_as_string(False)}
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    servers: list[LiveServer] = []
    try:
        servers.append(start_server(tmp_path / "a", [], env=env))
        servers.append(start_server(tmp_path / "b", [], env=env))
        added = kita_anon(servers[0], "user", "add", "nora", "--institution", KITA, "--passwort-stdin",
                          stdin=PASSWORD + "\n", env=env)
        assert added.returncode == 0, added.stderr
        clients = [client_from(server) for server in servers]
        guesses = [try_login(clients[n % 2], "nora", WRONG).status_code for n in range(5)]
        refused = try_login(clients[1], "nora", PASSWORD)
        for client in clients:
            client.close()
    finally:
        for server in servers:
            server.stop()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()
    assert guesses == [401] * 5
    assert refused.status_code == 429


def test_a_copied_session_cookie_is_refused_after_logout(server):
    with client_from(server, "127.0.0.17") as browser:
        csrf = logged_in(browser, server.accounts["paula"])
        copied = dict(browser.cookies)
        assert browser.get("/hilfe", follow_redirects=False).status_code == 200
        assert browser.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    with client_from(server, "127.0.0.18") as thief:
        for name, value in copied.items():
            thief.cookies.set(name, value)
        page = thief.get("/hilfe", follow_redirects=False)
        api = thief.get("/api/consents")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert api.status_code == 401


def test_a_new_password_ends_every_session_of_the_user(server):
    new_password = "ganz-neues-passwort"
    with client_from(server, "127.0.0.19") as browser:
        logged_in(browser, server.accounts["paula"])
        changed = kita_anon(server, "user", "password", "Paula", "--passwort-stdin", stdin=new_password + "\n")
        assert changed.returncode == 0, changed.stderr
        assert browser.get("/hilfe", follow_redirects=False).status_code == 303
        assert try_login(browser, "paula", PASSWORD).status_code == 401
        assert try_login(browser, "paula", new_password).status_code == 303


def test_secure_cookies_and_hsts_behind_tls(tmp_path, server):
    behind_tls = start_server(tmp_path, [], env={"KITA_ANON_BEHIND_TLS": "true"})
    try:
        # No account yet, so the first page is the first run's (the login page leads there).
        login, health = httpx.get(behind_tls.url + "/ersteinrichtung"), httpx.get(behind_tls.url + "/health")
    finally:
        behind_tls.stop()
    plain = httpx.get(server.url + "/login")

    def cookie_attributes(response: httpx.Response) -> list[str]:
        return [part.strip().lower() for part in response.headers["set-cookie"].split(";")]

    assert "secure" in cookie_attributes(login) and "httponly" in cookie_attributes(login)
    assert login.headers["strict-transport-security"] == health.headers["strict-transport-security"] == "max-age=31536000"
    assert "secure" not in cookie_attributes(plain) and "strict-transport-security" not in plain.headers


def test_a_revoked_token_is_refused(server):
    headers = bearer(server.accounts["rita"])
    assert httpx.get(server.url + "/api/consents", headers=headers).status_code == 200
    listed = kita_anon(server, "user", "tokens", "RITA")
    assert listed.returncode == 0, listed.stderr
    assert "ka_" not in listed.stdout  # numbers and labels, never the token
    token_id, label, _created = listed.stdout.splitlines()[0].split("\t")
    assert label == "Test"
    revoked = kita_anon(server, "user", "revoke-token", "rita", token_id)
    assert revoked.returncode == 0, revoked.stderr
    assert httpx.get(server.url + "/api/consents", headers=headers).status_code == 401
    again = kita_anon(server, "user", "revoke-token", "rita", token_id)
    assert again.returncode == 2 and again.stderr.startswith("Fehler:") and "gibt es" in again.stderr


def test_users_list_and_revoke_their_own_tokens_over_the_api(server):
    own = {"Authorization": "Bearer " + kita_anon(server, "user", "token", "dora", "--name", "Laptop").stdout.strip()}
    listed = httpx.get(server.url + "/api/tokens", headers=own)
    assert listed.status_code == 200
    tokens = {token["name"]: token["id"] for token in listed.json()}
    assert set(tokens) == {"Test", "Laptop"}
    others = httpx.get(server.url + "/api/tokens", headers=bearer(server.accounts["kora"])).json()
    foreign = httpx.delete(f"{server.url}/api/tokens/{others[0]['id']}", headers=own)
    assert foreign.status_code == 404  # another user's token looks like a missing one
    assert httpx.delete(f"{server.url}/api/tokens/{tokens['Laptop']}", headers=own).status_code == 204
    assert httpx.get(server.url + "/api/tokens", headers=own).status_code == 401
    assert httpx.get(server.url + "/api/tokens", headers=bearer(server.accounts["kora"])).status_code == 200


def test_a_deactivated_user_can_neither_log_in_nor_use_a_token(server):
    account = server.accounts["dora"]
    with client_from(server, "127.0.0.20") as browser:
        logged_in(browser, account)
        deactivated = kita_anon(server, "user", "deactivate", " Dora")
        assert deactivated.returncode == 0, deactivated.stderr
        open_session = browser.get("/hilfe", follow_redirects=False)
        login = try_login(browser, "dora", PASSWORD)
    token = httpx.get(server.url + "/api/consents", headers=bearer(account))
    assert open_session.status_code == 303 and login.status_code == 401 and token.status_code == 401
    assert kita_anon(server, "user", "activate", "dora").returncode == 0
    assert httpx.get(server.url + "/api/consents", headers=bearer(account)).status_code == 200


def test_user_add_without_a_role_creates_a_fachkraft(server):
    added = kita_anon(server, "user", "add", " Neu ", "--institution", KITA, "--passwort-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "'neu' (Fachkraft" in added.stdout
    token = {"Authorization": "Bearer " + kita_anon(server, "user", "token", "NEU").stdout.strip()}
    assert httpx.get(server.url + "/api/consents", headers=token).status_code == 200
    family = httpx.post(server.url + "/api/families", json={"members": [{"name": "Eva Test"}]}, headers=token)
    assert family.status_code == 403


def test_a_user_keeps_only_the_newest_sessions(tmp_path):
    url = database_url(Settings(data_dir=tmp_path))
    upgrade_database(url)
    with transaction(get_engine(url)) as session:
        user = create_user(session, "kora", PASSWORD, Role.FACHKRAFT, KITA)
        keys = [start_session(session, user) for _ in range(MAX_SESSIONS_PER_USER + 2)]
        alive = [user_for_session(session, key) is not None for key in keys]
    assert alive == [False] * 2 + [True] * MAX_SESSIONS_PER_USER


def database_with_users(data_dir: Path, usernames: list[str]) -> str:
    """A database at the schema before 0006_accounts, holding users spelled as given; its URL."""
    url = database_url(Settings(data_dir=data_dir))
    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_users")
        connection.execute(sa.text("INSERT INTO institutions (id, name) VALUES (1, 'Kita')"))
        for number, name in enumerate(usernames):
            connection.execute(sa.text(
                "INSERT INTO users (id, username, display_name, password_hash, role, institution_id, active, created_at) "
                "VALUES (:id, :name, :name, 'x', 'fachkraft', 1, 1, '2026-01-01')"), {"id": number, "name": name})
    return url


def test_the_migration_gives_existing_user_names_their_one_spelling(tmp_path):
    url = database_with_users(tmp_path, [" Kora ", "ANNA", "otto"])
    upgrade_database(url)
    with get_engine(url).connect() as connection:
        names = connection.execute(sa.text("SELECT username FROM users ORDER BY id")).scalars().all()
    assert names == ["kora", "anna", "otto"]


def test_the_migration_refuses_names_that_would_fall_together(tmp_path):
    url = database_with_users(tmp_path, ["Kora", "kora"])
    with pytest.raises(RuntimeError, match="'Kora' / 'kora'"):
        upgrade_database(url)
