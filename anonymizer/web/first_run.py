"""The first run: a one-time setup code lets the browser create the first coordinator.

``kita-anon serve`` finds no account, prints a setup code and writes it to the data directory
(owner-only). Whoever can read the server's output or its data directory may then open
"Ersteinrichtung" and create the first coordinator; nobody else can, even though the page is
reachable before any login. Only the code's SHA-256 is stored, in the database, so any server on
the same database accepts it; using it deletes every code. Wrong codes are throttled like logins.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from sqlalchemy import DateTime, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from anonymizer.db import Base

CODE_FILE_NAME = "ersteinrichtung-code"
# No 0/O or 1/I/L: the code is read off a terminal and typed in by hand.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_GROUPS, _GROUP_LENGTH = 3, 4  # 12 characters, about 59 bits: plenty behind the login throttle


class SetupCode(Base):
    __tablename__ = "setup_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


def _digest(code: str) -> str:
    return hashlib.sha256(_canonical(code).encode("ascii", "replace")).hexdigest()


def _canonical(code: str) -> str:
    """Typed as printed or not: case, spaces and dashes do not matter."""
    return "".join(character for character in code.upper() if character not in " -\t")


def code_file(data_dir: Path) -> Path:
    return data_dir / CODE_FILE_NAME


def issue_setup_code(session: Session, data_dir: Path) -> str:
    """The code this server offers: the one in its data directory while the database still knows it
    (a restart prints the same code), else a new one, written owner-only to the data directory."""
    path = code_file(data_dir)
    if path.exists():
        kept = path.read_text(encoding="ascii").strip()
        if session.get(SetupCode, _digest(kept)) is not None:
            return kept
    code = "-".join("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS))
    session.add(SetupCode(code_hash=_digest(code), created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with path.open("x", encoding="ascii") as handle:  # created anew, so the mode is set before the code is in it
        path.chmod(0o600)
        handle.write(code + "\n")
    return code


def use_setup_code(session: Session, code: str) -> bool:
    """True once for a valid code; then no code is left. Deleting the matching row first means two
    requests with the same code cannot both succeed (the second finds nothing to delete)."""
    if not session.execute(delete(SetupCode).where(SetupCode.code_hash == _digest(code))).rowcount:
        return False
    session.execute(delete(SetupCode))
    return True

