"""Helpers of the web tests: settings on a temporary data dir, accounts, login, documents."""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import docx
import httpx
from fastapi.testclient import TestClient

from anonymizer.config import Settings
from anonymizer.crypto import write_key_file
from anonymizer.db import database_url, get_engine, session_factory, upgrade_database
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


@dataclass
class LiveServer:
    """``kita-anon serve`` in a subprocess on 127.0.0.1, with its data dir and its captured output."""

    url: str
    data_dir: Path
    log_file: Path
    process: subprocess.Popen
    accounts: dict[str, Account]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    root: Path, users: list[tuple[str, Role, str]], env: dict[str, str] | None = None, data_dir: Path | None = None,
    args: tuple[str, ...] = (),
) -> LiveServer:
    """Create the users, then start ``kita-anon serve`` and wait until /health answers.

    ``env`` adds settings (e.g. a database URL); ``data_dir`` shares another server's data dir;
    ``args`` are further options of ``serve``."""
    data_dir = data_dir or root / "daten"
    upgrade_database(database_url(Settings(data_dir=data_dir)))
    accounts = {name: add_account(Settings(data_dir=data_dir), name, role, place) for name, role, place in users}
    env = {**os.environ, "KITA_ANON_DATA_DIR": str(data_dir), **(env or {})}
    port = free_port()
    log_file = root / "server.log"
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "kita-anon"), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", data_dir, log_file, process, accounts)
    deadline = time.monotonic() + 120
    while True:  # wait until it answers (the process prints its address before it listens)
        try:
            if httpx.get(server.url + "/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("server did not start:\n" + log_file.read_text(errors="replace")) from None
            time.sleep(0.1)


def worker_pids(server: LiveServer) -> set[int]:
    """The server's worker processes: its children started by multiprocessing's spawn."""
    pids = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            parent = next(line for line in status.read_text().splitlines() if line.startswith("PPid:"))
            command = (status.parent / "cmdline").read_bytes()
        except (OSError, StopIteration):
            continue  # the process ended while we looked
        if int(parent.split()[1]) == server.process.pid and b"spawn_main" in command:
            pids.add(int(status.parent.name))
    return pids


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time the process has used, in clock ticks (/proc/PID/stat fields 14, 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def client_from(server: LiveServer, address: str = "127.0.0.1") -> httpx.Client:
    """A client whose connections come from ``address``: the server sees another machine."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=server.url, transport=transport, timeout=60, follow_redirects=True)


def try_login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)
