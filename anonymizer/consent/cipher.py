"""Encryption of the register's personal columns (AES-256-GCM from ``anonymizer.crypto``).

Each value is bound to its place (table, column, row id) as associated data, so a ciphertext copied
into another row or column no longer decrypts. ``ENCRYPTED_COLUMNS`` is the one list of what is
encrypted; key rotation and the security tests walk it.
"""
from __future__ import annotations

from anonymizer.consent.models import Consent, Family, Participant, Revocation
from anonymizer.crypto import decrypt, encrypt

ENCRYPTED_COLUMNS: dict[type, tuple[str, ...]] = {
    Family: ("members",),
    Consent: ("given_by", "purpose", "witness", "form_location", "interpreter"),
    Participant: ("staff",),
    Revocation: ("revoked_by", "reason"),
}


def _place(row, column: str) -> bytes:
    return f"{row.__tablename__}.{column}:{row.id}".encode()


class FieldCipher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def seal(self, row, column: str, value: str | None) -> None:
        """Encrypt ``value`` into ``row.column``; the row must already have its id (flush first)."""
        token = None if value is None else encrypt(value.encode("utf-8"), self._key, _place(row, column))
        setattr(row, column, token)

    def open(self, row, column: str) -> str | None:
        token = getattr(row, column)
        return None if token is None else decrypt(token, self._key, _place(row, column)).decode("utf-8")

    def reseal(self, row, new: FieldCipher) -> None:
        """Re-encrypt every personal column of ``row`` under ``new``'s key."""
        for column in ENCRYPTED_COLUMNS[type(row)]:
            new.seal(row, column, self.open(row, column))
