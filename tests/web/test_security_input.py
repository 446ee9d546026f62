"""Hostile input in the fields a web user fills, against the real ``kita-anon serve`` on 127.0.0.1.

The ``policy`` field names a policy of the policy folder and is never used as a path: a file of the
server (``/etc/passwd``), a device (``/dev/zero``, ``/dev/stdin``) or a YAML file elsewhere gives
one and the same German problem, which quotes nothing of any file and does not tell whether the
path exists. The server's memory and threads stay where they were, and it keeps answering.
"""
from __future__ import annotations

import os
import resource
import sqlite3
import stat
import subprocess
from pathlib import Path

import httpx
import pytest

from anonymizer.db import SQLITE_FILE_NAME, upgrade_database
from anonymizer.web.accounts import Role
from web.support import KITA, LiveServer, bearer, start_server

NOTE = "Leon Yılmaz war heute still. Die Mutter ist unter 0176-12345678 erreichbar."
ENDPOINTS = ["/api/anonymize", "/api/analyze", "/api/minutes/check"]
# A policy-shaped YAML file outside the policy folder; its keys and values must never show up.
OUTSIDE_POLICY = "name: geheim\nzugangsdaten: streng-vertraulich-4711\nentities:\n  PERSON: {operator: redact}\n"
# Paths that exist next to paths that do not: the answer must be the same for both.
PATHS = [
    "/etc/passwd", "/etc/gibt-es-nicht", "../../etc/passwd", "../../etc/gibt-es-nicht", "/dev/zero", "/dev/stdin",
    "netzwerk\x00", "netzwerk\x00/../../etc/passwd", "NETZWERK/../x", "netzwerk\n", "netzwerk.yaml", "/",
]
UNKNOWN_NAMES = ["gibtsnicht", "passwd", "shadow"]
# Headroom over the server's address space at start: far more than an answer needs, far less than
# reading an endless device would take (the limit also keeps a regression from exhausting the host).
ADDRESS_SPACE_HEADROOM = 3 * 1024**3
MAX_MEMORY_GROWTH_BYTES = 60 * 1024**2


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> LiveServer:
    live = start_server(tmp_path_factory.mktemp("security-input"), [("fabian", Role.FACHKRAFT, KITA)])
    address_space = process_status(live)["VmSize"]
    resource.prlimit(live.process.pid, resource.RLIMIT_AS, (address_space + ADDRESS_SPACE_HEADROOM,) * 2)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def outside_policy(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("anderswo") / "geheim.yaml"
    path.write_text(OUTSIDE_POLICY, encoding="utf-8")
    return str(path)


@pytest.fixture()
def client(server: LiveServer):
    with httpx.Client(base_url=server.url, timeout=20, headers=bearer(server.accounts["fabian"])) as client:
        yield client


def process_status(server: LiveServer) -> dict[str, int]:
    """Memory (bytes) and thread count of the server process, as the kernel reports them."""
    values = {}
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmSize", "VmRSS", "Threads"):
            number, *unit = value.split()
            values[key] = int(number) * (1024 if unit == ["kB"] else 1)
    return values


def ask(client: httpx.Client, endpoint: str, policy: str, as_form: bool = False) -> httpx.Response:
    if as_form:
        return client.post(endpoint, data={"policy": policy}, files={"file": ("notiz.txt", NOTE.encode(), "text/plain")})
    return client.post(endpoint, json={"text": NOTE, "policy": policy})


def assert_problem(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "Richtlinie" in detail
    return detail


def assert_quotes_no_file(text: str) -> None:
    passwd = Path("/etc/passwd").read_text()
    for line in passwd.splitlines()[:5]:
        assert line not in text
    for secret in ("root:", "/bin/", "zugangsdaten", "streng-vertraulich", "geheim", "Traceback", "Errno"):
        assert secret not in text


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_path_as_policy_is_one_problem_that_quotes_nothing(client, endpoint, outside_policy):
    details = set()
    for policy in [*PATHS, outside_policy]:
        for as_form in (False, True):
            response = ask(client, endpoint, policy, as_form)
            assert_quotes_no_file(response.text)
            details.add(assert_problem(response))
    assert len(details) == 1, details  # existing and missing files, devices and the outside file alike


def test_an_unknown_name_lists_the_choices_and_never_the_name(client):
    details = set()
    for name in UNKNOWN_NAMES:
        response = ask(client, "/api/anonymize", name)
        details.add(assert_problem(response))
        assert name not in response.json()["detail"]
    assert details == {"Unbekannte Richtlinie; vorhanden: intern, netzwerk, protokoll."}


def test_hostile_policies_leave_memory_and_threads_as_they_were(client, server: LiveServer, outside_policy):
    assert ask(client, "/api/anonymize", "gibtsnicht").status_code == 422  # the worker thread exists now
    before = process_status(server)
    for _ in range(3):
        for policy in ("/dev/zero", "/dev/stdin", "/dev/urandom", outside_policy):
            assert ask(client, "/api/anonymize", policy).status_code == 422
            assert client.get("/health").status_code == 200
    after = process_status(server)
    assert after["VmRSS"] - before["VmRSS"] < MAX_MEMORY_GROWTH_BYTES, (before, after)
    assert after["Threads"] <= before["Threads"] + 1, (before, after)  # none left reading a device


def test_a_named_policy_still_works(client):
    response = client.post("/api/anonymize", json={"text": NOTE, "policy": "intern"})
    assert response.status_code == 200, response.text
    assert "0176-12345678" not in response.json()["text"] and "Leon" in response.json()["text"]


@pytest.mark.parametrize("endpoint", ["/api/anonymize", "/api/analyze"])
@pytest.mark.parametrize("operator", ["gibtsnicht", "../placeholder", "placeholder\x00"])
def test_an_unknown_operator_is_a_german_problem(client, endpoint, operator):
    response = client.post(endpoint, json={"text": NOTE, "operator": operator})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "unbekannte Ersetzungsart" in detail and "placeholder" in detail
    assert operator not in detail


def test_database_files_and_data_dir_are_owner_only(client, server: LiveServer):
    assert client.post("/api/anonymize", json={"text": NOTE, "policy": "intern"}).status_code == 200
    assert client.get("/api/consents").status_code == 200  # the server has the database open now
    assert stat.S_IMODE(server.data_dir.stat().st_mode) == 0o700
    database = server.data_dir / SQLITE_FILE_NAME
    files = [database, *(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))]
    modes = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in files if path.exists()}
    assert database.name in modes
    assert set(modes.values()) == {"0o600"}, modes


def flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def test_a_read_only_shared_memory_file_is_a_503_not_a_crash(tmp_path):
    # SQLite maps kita-anon.sqlite3-shm into memory; made immutable (root ignores file modes, not this
    # flag), the next write to the mapping used to kill the server with SIGBUS, silently.
    server = start_server(tmp_path, [("kora", Role.KOORDINATION, KITA)])
    shared_memory = server.data_dir / (SQLITE_FILE_NAME + "-shm")
    family = {"members": [{"name": "Nora Halb", "role": "Mutter"}]}
    try:
        with httpx.Client(base_url=server.url, timeout=20, headers=bearer(server.accounts["kora"])) as client:
            assert client.post("/api/families", json=family).status_code == 201  # the file is mapped now
            immutable = subprocess.run(["chattr", "+i", str(shared_memory)], capture_output=True, check=False)
            if immutable.returncode != 0:
                pytest.skip("chattr +i is not permitted here (needs CAP_LINUX_IMMUTABLE)")
            try:
                flush_to_disk(shared_memory)  # as the kernel does within seconds; the next write then faults
                refused = [client.get("/api/consents"), client.post("/api/families", json=family)]
                assert client.get("/health").status_code == 200
            finally:
                subprocess.run(["chattr", "-i", str(shared_memory)], check=True)
            assert client.post("/api/families", json=family).status_code == 201  # works again once writable
        assert server.process.poll() is None
    finally:
        server.stop()
    for response in refused:
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "schreibgeschützt" in response.json()["detail"]
    assert "schreibgeschützt" in server.log_file.read_text()  # the administrator learns which file


def test_a_world_readable_database_of_an_older_version_is_tightened(tmp_path):
    database = tmp_path / SQLITE_FILE_NAME
    sqlite3.connect(database).close()
    database.chmod(0o644)
    upgrade_database(f"sqlite:///{database}")
    assert oct(stat.S_IMODE(database.stat().st_mode)) == "0o600"
