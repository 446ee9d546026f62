"""Key rotation for real: a running server refuses it, a restart after it works, the rosters go along,
every ciphertext names the new key, and old single-key files and tokens from before key ids still read.

The server is ``kita-anon serve`` on 127.0.0.1 and the rotation the ``kita-anon consent rotate-key``
command, each in its own process, on one data directory with a SQLite file and a key ring file."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from web.support import KITA, bearer, start_server

from anonymizer.config import Settings
from anonymizer.consent.cipher import ENCRYPTED_COLUMNS
from anonymizer.consent.rotation import rotate_key
from anonymizer.crypto import (
    NONCE_BYTES,
    TOKEN_V1,
    KeyRing,
    generate_key,
    parse_key,
    read_key_ring,
    token_key_id,
    write_key_file,
)
from anonymizer.db import database_url as register_url
from anonymizer.roster import RosterEntry, load_roster, roster_path, save_roster
from anonymizer.web.accounts import Role

MOTHER, CHILD = "Ayşe Yılmaz", "Leon Yılmaz"
ROSTER = [RosterEntry(given="Zorabel", surname="Quabeck", role="Kind")]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "daten"
    write_key_file(folder / "schluessel.key")
    return folder


@pytest.fixture
def settings(data_dir) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, key_file=data_dir / "schluessel.key")


@pytest.fixture
def env(settings) -> dict[str, str]:
    """What server and CLI both run with: this data dir and key ring, the SQLite file in the data dir."""
    return {**os.environ, "KITA_ANON_DATA_DIR": str(settings.data_dir), "KITA_ANON_KEY_FILE": str(settings.key_file),
            "KITA_ANON_KEY": "", "KITA_ANON_DATABASE_URL": ""}


def kita_anon(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "kita-anon"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def add_family_with_consent(url: str, token_headers: dict[str, str]) -> None:
    members = [{"name": MOTHER, "role": "Mutter"}, {"name": CHILD, "role": "Kind"}]
    family = httpx.post(f"{url}/api/families", json={"members": members}, headers=token_headers, timeout=60)
    assert family.status_code == 201, family.text
    consent = {
        "family_id": family.json()["id"], "given_by": MOTHER, "given_by_role": "Elternteil",
        "participants": [{"institution": KITA}, {"institution": "Familienhilfe Lotse", "staff": "Jana Bergmann"}],
        "category": "Hilfeplanung", "purpose": "Gemeinsames Gespräch", "valid_from": "2026-01-01",
        "valid_until": "2030-12-31", "form": "schriftlich", "form_location": "Ordner im Büro",
    }
    added = httpx.post(f"{url}/api/consents", json=consent, headers=token_headers, timeout=60)
    assert added.status_code == 201, added.text


def stored_tokens(settings: Settings) -> list[bytes]:
    """Every encrypted value in the register, walking the one list of encrypted columns."""
    engine = create_engine(register_url(settings), poolclass=NullPool)
    with Session(engine) as session:
        tokens = [getattr(row, column) for model, names in ENCRYPTED_COLUMNS.items()
                  for row in session.scalars(select(model)) for column in names]
    engine.dispose()
    return [token for token in tokens if token is not None]


def test_rotation_is_refused_while_the_server_runs(tmp_path, settings, env):
    server = start_server(tmp_path, [("kora", Role.KOORDINATION, KITA)], env=env, data_dir=settings.data_dir)
    try:
        headers = bearer(server.accounts["kora"])
        add_family_with_consent(server.url, headers)
        ring_before = settings.key_file.read_bytes()
        refused = kita_anon(env, "consent", "rotate-key")
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "Der Web-Dienst läuft" in refused.stderr and "Traceback" not in refused.stderr
        assert settings.key_file.read_bytes() == ring_before  # nothing changed: no key, no data
        listed = httpx.get(f"{server.url}/api/consents", headers=headers, timeout=60)
        assert listed.status_code == 200 and listed.json()[0]["given_by"] == MOTHER
    finally:
        server.stop()
    done = kita_anon(env, "consent", "rotate-key")  # with the server gone it goes through
    assert done.returncode == 0, done.stderr


def test_rotation_then_restart_keeps_everything_readable_under_the_new_key_alone(tmp_path, settings, env):
    for run in ("vorher", "nachher"):  # one folder per server run, for its log
        (tmp_path / run).mkdir()
    server = start_server(tmp_path / "vorher", [("kora", Role.KOORDINATION, KITA)], env=env, data_dir=settings.data_dir)
    try:
        add_family_with_consent(server.url, bearer(server.accounts["kora"]))
    finally:
        server.stop()
    save_roster("netzwerk", ROSTER, settings)
    old = read_key_ring(settings.key_file)

    rotated = kita_anon(env, "consent", "rotate-key")
    assert rotated.returncode == 0, rotated.stderr
    assert "2 Datensätze neu verschlüsselt, 1 Namenslisten neu verschlüsselt" in rotated.stdout
    new = read_key_ring(settings.key_file)
    assert new.retired == () and new.active != old.active  # the old key is gone from the ring
    assert new.active_id in rotated.stdout

    tokens = stored_tokens(settings)
    assert len(tokens) >= 6  # members, given_by, purpose, one staff name, the family's audit secret ...
    assert {token_key_id(token) for token in tokens} == {new.active_id}
    assert token_key_id(roster_path("netzwerk", settings).read_bytes()) == new.active_id
    only_new_key = Settings(_env_file=None, data_dir=settings.data_dir, key=base64.urlsafe_b64encode(new.active).decode())
    assert load_roster("netzwerk", only_new_key) == ROSTER

    restarted = start_server(tmp_path / "nachher", [], env=env, data_dir=settings.data_dir)
    try:
        headers = bearer(server.accounts["kora"])
        consents = httpx.get(f"{restarted.url}/api/consents", headers=headers, timeout=60)
        assert consents.status_code == 200, consents.text
        assert consents.json()[0]["given_by"] == MOTHER
        families = httpx.get(f"{restarted.url}/api/families", headers=headers, timeout=60)
        assert [m["name"] for m in families.json()[0]["members"]] == [MOTHER, CHILD]
    finally:
        restarted.stop()
    verified = kita_anon(env, "consent", "verify")
    assert verified.returncode == 0 and "unverändert" in verified.stdout, verified.stdout + verified.stderr


def test_an_old_single_key_file_and_tokens_without_key_id_are_migrated(tmp_path):
    """A key file from before key rings (one base64 line) and a roster token of version 1 (no key id)
    still read; the rotation turns both into the new formats."""
    old_key = generate_key()
    key_file = tmp_path / "alt.key"
    key_file.write_text(old_key + "\n", encoding="ascii")
    settings = Settings(_env_file=None, data_dir=tmp_path / "daten", key_file=key_file)
    save_roster("netzwerk", ROSTER, settings)
    path = roster_path("netzwerk", settings)
    plaintext = b'[{"given": "Zorabel", "surname": "Quabeck", "role": "Kind"}]'
    nonce = os.urandom(NONCE_BYTES)
    legacy = TOKEN_V1 + nonce + AESGCM(parse_key(old_key)).encrypt(nonce, plaintext, b"kita-anon roster netzwerk")
    path.write_bytes(legacy)  # as the version before key ids wrote it
    assert load_roster("netzwerk", settings) == ROSTER and token_key_id(legacy) is None

    done = rotate_key(settings)
    assert (done.records, done.rosters, done.resumed) == (0, 1, False)
    ring = read_key_ring(key_file)
    assert key_file.read_text(encoding="ascii").lstrip().startswith("{") and ring.keys == (ring.active,)
    assert ring.active != parse_key(old_key)
    assert token_key_id(path.read_bytes()) == ring.active_id
    assert load_roster("netzwerk", settings) == ROSTER


def test_a_token_under_a_key_the_ring_lacks_names_the_missing_key(tmp_path):
    from anonymizer.crypto import DecryptionError, decrypt, encrypt

    first, second = parse_key(generate_key()), parse_key(generate_key())
    token = encrypt(b"Leon", KeyRing(first))
    assert decrypt(token, KeyRing(second, (first,))) == b"Leon"  # a retired key still decrypts
    with pytest.raises(DecryptionError, match=f"Schlüssel {token_key_id(token)} fehlt"):
        decrypt(token, KeyRing(second))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_server_elsewhere_on_the_same_postgresql_database_also_refuses_the_rotation(
    tmp_path, settings, env, database_url
):
    """Another machine shares only the database: its server's lock lives there too."""
    server_env = {**env, "KITA_ANON_DATABASE_URL": database_url}
    server = start_server(tmp_path, [], env=server_env, data_dir=settings.data_dir)
    try:
        elsewhere = {**server_env, "KITA_ANON_DATA_DIR": str(tmp_path / "anderer-rechner")}
        refused = kita_anon(elsewhere, "consent", "rotate-key")
        assert refused.returncode == 2 and "Der Web-Dienst läuft" in refused.stderr, refused.stderr
    finally:
        server.stop()
    done = kita_anon({**server_env, "KITA_ANON_DATA_DIR": str(tmp_path / "anderer-rechner")}, "consent", "rotate-key")
    assert done.returncode == 0, done.stderr
