"""The roster: the Kita's own list of children and parents, whose names must always be caught.

Imported once from a CSV file (``kita-anon roster import kinder.csv --policy netzwerk``) and kept
only encrypted (AES-256-GCM with the network key; the token names its key, so a key rotation can
re-encrypt it: ``reencrypt_rosters``) in ``data_dir/rosters/<policy>.roster``.
Detection adds every roster name, with its spelling variants, as a PERSON finding; alias
linking then replaces given name, surname and full name consistently.

CSV: a header row with ``vorname`` and ``nachname`` (or a single ``name`` column), optionally
``rolle``; separated by ``;`` or ``,`` (as Excel writes it).
"""
from __future__ import annotations

import csv
from collections import Counter
import io
import json
import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from anonymizer.config import Settings
from anonymizer.crypto import KeyRing, decrypt, encrypt, load_key_ring
from anonymizer.documents import decode_text
from anonymizer.errors import InputError
from anonymizer.names import fold

GIVEN_COLUMNS = ("vorname", "first_name", "given_name")
SURNAME_COLUMNS = ("nachname", "familienname", "last_name", "surname")
NAME_COLUMNS = ("name", "vollständiger name")
ROLE_COLUMNS = ("rolle", "role")


class RosterEntry(BaseModel):
    given: str = Field(min_length=1)
    surname: str = ""
    role: str = ""

    @property
    def names(self) -> set[str]:
        full = " ".join(part for part in (self.given, self.surname) if part)
        return {name for name in (full, self.given, self.surname) if len(name) >= 2}


ROSTER_SUFFIX = ".roster"


def roster_folder(settings: Settings) -> Path:
    return settings.data_dir / "rosters"


def roster_path(policy: str, settings: Settings) -> Path:
    return roster_folder(settings) / f"{policy}{ROSTER_SUFFIX}"


def _associated_data(policy: str) -> bytes:
    return f"kita-anon roster {policy}".encode()


def _column(header: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    return next((header[c] for c in candidates if c in header), None)


def parse_roster_csv(data: bytes, source: str) -> list[RosterEntry]:
    text = decode_text(data, source)
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {name.strip().casefold(): name for name in reader.fieldnames or []}
    given, surname = _column(header, GIVEN_COLUMNS), _column(header, SURNAME_COLUMNS)
    full, role = _column(header, NAME_COLUMNS), _column(header, ROLE_COLUMNS)
    if not (given or full):
        raise InputError(f"{source}: Kopfzeile braucht die Spalten 'vorname' und 'nachname' oder 'name'.")
    entries = []
    for number, row in enumerate(reader, start=2):
        if given:
            first, last = (row.get(given) or "").strip(), (row.get(surname) or "").strip() if surname else ""
        else:
            parts = (row.get(full) or "").split()
            first, last = " ".join(parts[:-1]) or " ".join(parts), parts[-1] if len(parts) > 1 else ""
        if not first and not last:
            continue
        if not first:
            raise InputError(f"{source}: Zeile {number}: Vorname fehlt.")
        entries.append(RosterEntry(given=first, surname=last, role=(row.get(role) or "").strip() if role else ""))
    if not entries:
        raise InputError(f"{source}: enthält keine Namen.")
    return entries


def save_roster(policy: str, entries: list[RosterEntry], settings: Settings) -> Path:
    """Encrypt and write atomically; the file is readable only by its owner."""
    path = roster_path(policy, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    plaintext = json.dumps([entry.model_dump() for entry in entries], ensure_ascii=False).encode()
    _replace(path, encrypt(plaintext, load_key_ring(settings), _associated_data(policy)))
    return path


def reencrypt_rosters(settings: Settings, ring: KeyRing) -> int:
    """Key rotation: every roster re-encrypted under ``ring``'s active key (from whichever key of the
    ring it is under now), each file replaced atomically; returns how many."""
    paths = sorted(roster_folder(settings).glob(f"*{ROSTER_SUFFIX}"))
    for path in paths:
        policy = path.name.removesuffix(ROSTER_SUFFIX)
        plaintext = decrypt(path.read_bytes(), ring, _associated_data(policy))
        _replace(path, encrypt(plaintext, ring, _associated_data(policy)))
    return len(paths)


def _replace(path: Path, token: bytes) -> None:
    """Write ``token`` to a temporary file readable only by its owner, fsync it, rename it over ``path``."""
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(token)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def load_roster(policy: str, settings: Settings) -> list[RosterEntry]:
    path = roster_path(policy, settings)
    if not path.exists():
        raise InputError(f"Keine Namensliste für '{policy}': zuerst 'kita-anon roster import DATEI.csv --policy {policy}'.")
    return list(_decrypted(path, path.stat().st_mtime_ns, load_key_ring(settings), policy))


@lru_cache(maxsize=8)
def _decrypted(path: Path, mtime: int, key: KeyRing, policy: str) -> tuple[RosterEntry, ...]:
    """Decrypted once per file version and process; the names live only in memory."""
    plaintext = decrypt(path.read_bytes(), key, _associated_data(policy))
    return tuple(RosterEntry.model_validate(item) for item in json.loads(plaintext))


def roster_entries(policy: str, settings: Settings, required: bool) -> list[RosterEntry]:
    """The roster of a policy; empty when it is optional and was never imported."""
    if not required and not roster_path(policy, settings).exists():
        return []
    return load_roster(policy, settings)


def roster_terms(entries: list[RosterEntry]) -> set[str]:
    """All names to catch: full names, given names and surnames."""
    return {name for entry in entries for name in entry.names}


def roster_roles(entries: list[RosterEntry]) -> dict[str, str]:
    """Folded name -> the role the roster gives ("Kind", "Mutter", ...), for the role operator.

    Full names, and given names that only one entry has ("Zorabel" alone in a note)."""
    given_counts = Counter(fold(entry.given) for entry in entries)
    roles = {}
    for entry in entries:
        if entry.role:
            roles[fold(f"{entry.given} {entry.surname}")] = entry.role
            if given_counts[fold(entry.given)] == 1:
                roles.setdefault(fold(entry.given), entry.role)
    return roles


def delete_roster(policy: str, settings: Settings) -> bool:
    path = roster_path(policy, settings)
    if path.exists():
        path.unlink()
        return True
    return False
