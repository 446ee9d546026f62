"""First run and the "Konten" page, against the real ``kita-anon serve`` on 127.0.0.1.

The setup code is read where an administrator finds it (the data directory); accounts are changed
through the page's forms as a browser sends them, and checked by logging in as the colleague.
"""
from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from anonymizer.db import SQLITE_FILE_NAME
from anonymizer.web.accounts import Role
from anonymizer.web.throttle import name_key
from web.support import JUGENDAMT, KITA, PASSWORD, LiveServer, client_from, csrf_of, start_server, try_login

pytestmark = pytest.mark.slow
FIRST_PASSWORD = "erstes-passwort-42"
OWN_PASSWORD = "mein-eigenes-passwort-7"
COORDINATOR_PASSWORD = "koordination-passwort-1"


def setup_code(server: LiveServer) -> str:
    return (server.data_dir / "ersteinrichtung-code").read_text(encoding="ascii").strip()


def set_up(client: httpx.Client, code: str, username: str = "kora") -> httpx.Response:
    csrf = csrf_of(client.get("/ersteinrichtung").text)
    return client.post("/ersteinrichtung", follow_redirects=False, data={
        "csrf_token": csrf, "setup_code": code, "institution": KITA, "display_name": "Kora Koordination",
        "username": username, "password": COORDINATOR_PASSWORD, "password_repeat": COORDINATOR_PASSWORD,
    })


def post_form(client: httpx.Client, page: str, action: str, **fields: str) -> httpx.Response:
    """Submit one of ``page``'s forms with the page's CSRF token, as the browser would."""
    csrf = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": csrf, **fields}, follow_redirects=False)


def database_rows(server: LiveServer, query: str) -> list[tuple]:
    with sqlite3.connect(server.data_dir / SQLITE_FILE_NAME) as database:
        return database.execute(query).fetchall()


@pytest.fixture()
def fresh(tmp_path) -> LiveServer:
    server = start_server(tmp_path, users=[])
    yield server
    server.stop()


def test_the_setup_code_is_owner_only_works_once_and_leaves_nothing_behind(fresh):
    code_path = fresh.data_dir / "ersteinrichtung-code"
    assert stat.S_IMODE(code_path.stat().st_mode) == 0o600
    code = setup_code(fresh)
    with client_from(fresh) as browser:
        assert browser.get("/login").url.path == "/ersteinrichtung"  # nobody could log in yet
        typed_lower = code.lower().replace("-", " ")  # as a person might type it
        answer = set_up(browser, typed_lower)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        start = browser.get("/")
        assert start.status_code == 200 and "Kora Koordination · Koordination · Kita Sonnenblume" in start.text
        assert 'role="status"' in start.text  # the welcome is announced
    assert database_rows(fresh, "SELECT count(*) FROM setup_codes") == [(0,)]
    assert not code_path.exists()
    with client_from(fresh, "127.0.0.2") as second:
        again = set_up(second, code, username="mallory")
        assert again.status_code == 303 and again.headers["location"] == "/login"
        assert second.get("/ersteinrichtung").url.path == "/login"
        assert try_login(second, "kora", COORDINATOR_PASSWORD).status_code == 303
    assert database_rows(fresh, "SELECT username, role FROM users") == [("kora", "koordination")]
    assert database_rows(fresh, "SELECT actor_id, action FROM account_events") == [(None, "first_run")]


def test_a_wrong_setup_code_is_refused_throttled_and_keeps_the_typed_input(fresh):
    with client_from(fresh) as guesser:
        answers = [set_up(guesser, f"AAAA-BBBB-{n:04d}") for n in range(5)]
        # Then the waits begin, doubling with each counted try: a busy machine may outlast the first second.
        for n in range(5, 10):
            answers.append(set_up(guesser, f"AAAA-BBBB-{n:04d}"))
            if answers[-1].status_code == 429:
                break
    assert [answer.status_code for answer in answers[:5]] == [422] * 5 and answers[-1].status_code == 429
    assert 'role="alert"' in answers[0].text and "Einrichtungscode stimmt nicht" in answers[0].text
    assert f'value="{KITA}"' in answers[0].text and 'value="Kora Koordination"' in answers[0].text
    assert COORDINATOR_PASSWORD not in answers[0].text
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert database_rows(fresh, "SELECT count(*) FROM users") == [(0,)]
    assert database_rows(fresh, "SELECT count(*) FROM setup_codes") == [(1,)]  # the real code still works


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> LiveServer:
    server = start_server(tmp_path_factory.mktemp("konten"), [
        ("kora", Role.KOORDINATION, KITA), ("fabian", Role.FACHKRAFT, KITA), ("otto", Role.KOORDINATION, JUGENDAMT),
    ])
    yield server
    server.stop()


@contextmanager
def logged_in_client(server: LiveServer, username: str) -> Iterator[httpx.Client]:
    with client_from(server) as client:
        assert try_login(client, username, PASSWORD).status_code == 303
        yield client


def add_colleague(coordinator: httpx.Client, username: str, role: str = "fachkraft") -> httpx.Response:
    return post_form(coordinator, "/konten", "/konten", username=username, display_name=username.title(),
                     role=role, password=FIRST_PASSWORD)


def user_id(server: LiveServer, username: str) -> int:
    return database_rows(server, f"SELECT id FROM users WHERE username = '{username}'")[0][0]


def test_the_accounts_page_is_for_the_coordination_only(team):
    with logged_in_client(team, "fabian") as educator:
        assert educator.get("/konten").status_code == 403
        assert "Konten" not in educator.get("/").text.split("</nav>")[0]
        refused = post_form(educator, "/", "/konten", username="neu", display_name="Neu", role="fachkraft",
                            password=FIRST_PASSWORD)
        assert refused.status_code == 403
    with logged_in_client(team, "kora") as coordinator:
        page = coordinator.get("/konten")
        assert page.status_code == 200 and "fabian" in page.text and "otto" not in page.text  # own institution only
        other = post_form(coordinator, "/konten", f"/konten/{user_id(team, 'otto')}/aktiv", active="nein")
        assert other.status_code == 404
    assert database_rows(team, "SELECT active FROM users WHERE username = 'otto'") == [(1,)]
    assert database_rows(team, "SELECT count(*) FROM users WHERE username = 'neu'") == [(0,)]


def test_a_new_colleague_must_change_the_first_password_before_anything_else(team):
    with logged_in_client(team, "kora") as coordinator:
        short = post_form(coordinator, "/konten", "/konten", username="Paula", display_name="Paula Pauls",
                          role="koordination", password="kurz")
        assert short.status_code == 422 and 'role="alert"' in short.text and "mindestens 10 Zeichen" in short.text
        assert 'value="Paula"' in short.text and 'value="Paula Pauls"' in short.text
        assert '<option value="koordination" selected>' in short.text
        added = add_colleague(coordinator, "Paula")
        assert added.status_code == 303
        assert "Konto „paula“ angelegt" in coordinator.get("/konten").text
    with client_from(team, "127.0.0.3") as colleague:
        login = try_login(colleague, "paula", FIRST_PASSWORD)
        assert login.status_code == 303
        assert colleague.get("/", follow_redirects=False).headers["location"] == "/passwort"
        assert colleague.get("/api/consents").status_code == 403  # the API through the session too
        same = post_form(colleague, "/passwort", "/passwort", current_password=FIRST_PASSWORD,
                         new_password=FIRST_PASSWORD, new_password_repeat=FIRST_PASSWORD)
        assert same.status_code == 422 and "neues Passwort" in same.text
        changed = post_form(colleague, "/passwort", "/passwort", current_password=FIRST_PASSWORD,
                            new_password=OWN_PASSWORD, new_password_repeat=OWN_PASSWORD)
        assert changed.status_code == 303 and changed.headers["location"] == "/"
        start = colleague.get("/")
        assert start.url.path == "/" and "Ihr Passwort ist geändert." in start.text
    with client_from(team, "127.0.0.4") as later:
        assert try_login(later, "paula", FIRST_PASSWORD).status_code == 401
        assert try_login(later, "paula", OWN_PASSWORD).status_code == 303
        assert later.get("/").url.path == "/"


def test_reset_unlock_and_deactivate_a_colleague(team):
    with logged_in_client(team, "kora") as coordinator:
        assert add_colleague(coordinator, "rita").status_code == 303
        rita = user_id(team, "rita")
        with client_from(team, "127.0.0.5") as typo:
            guesses = [try_login(typo, "rita", "vertippt-1234").status_code for _ in range(6)]
        assert guesses[:5] == [401] * 5  # then a wait (unless the sixth came after it, on a busy machine)
        counter = f"SELECT attempts FROM login_counters WHERE key = '{name_key('rita')}'"
        assert database_rows(team, counter)[0][0] >= 5
        assert post_form(coordinator, "/konten", f"/konten/{rita}/entsperren").status_code == 303
        assert database_rows(team, counter) == []
        with client_from(team, "127.0.0.6") as colleague:
            assert try_login(colleague, "rita", FIRST_PASSWORD).status_code == 303  # no wait after the unlock
            assert post_form(coordinator, "/konten", f"/konten/{rita}/aktiv", active="nein").status_code == 303
            assert colleague.get("/passwort", follow_redirects=False).headers["location"].startswith("/login")
            assert try_login(colleague, "rita", FIRST_PASSWORD).status_code == 401
            assert post_form(coordinator, "/konten", f"/konten/{rita}/aktiv", active="ja").status_code == 303
            assert post_form(coordinator, "/konten", f"/konten/{rita}/passwort",
                             password=OWN_PASSWORD).status_code == 303
            assert try_login(colleague, "rita", OWN_PASSWORD).status_code == 303
            assert colleague.get("/", follow_redirects=False).headers["location"] == "/passwort"  # must change again
        own = post_form(coordinator, "/konten", f"/konten/{user_id(team, 'kora')}/aktiv", active="nein")
        assert own.status_code == 422
    actions = database_rows(team, f"SELECT action FROM account_events WHERE user_id = {rita} ORDER BY id")
    assert [action for (action,) in actions] == ["created", "unlocked", "deactivated", "activated", "password_reset"]


def test_account_changes_are_audited_without_any_password(team):
    with logged_in_client(team, "kora") as coordinator:
        assert add_colleague(coordinator, "dora").status_code == 303
        post_form(coordinator, "/konten", f"/konten/{user_id(team, 'dora')}/passwort", password=OWN_PASSWORD)
    kora = user_id(team, "kora")
    events = database_rows(team, "SELECT * FROM account_events")
    assert (kora, user_id(team, "dora"), "created") in [(actor, user, action) for _id, _at, actor, user, action in events]
    database_files = [path for path in team.data_dir.iterdir() if path.name.startswith(SQLITE_FILE_NAME)]
    stored = b"".join(path.read_bytes() for path in database_files)  # with the write-ahead log
    for password in (FIRST_PASSWORD, OWN_PASSWORD, COORDINATOR_PASSWORD):
        assert password.encode() not in stored
        assert password not in team.log_file.read_text(encoding="utf-8")
