"""Encryption of the register's personal columns (AES-256-GCM from ``anonymizer.crypto``).

Each value is bound to its place (table, column, row id) as associated data, so a ciphertext copied
into another row or column no longer decrypts. ``ENCRYPTED_COLUMNS`` is the one list of what is
encrypted; key rotation and the security tests walk it. Every token names the key it was made with
(``anonymizer.crypto``), so a register part-way through a rotation still decrypts.
"""
from __future__ import annotations

from anonymizer.consent.models import Consent, Family, FamilySecret, Participant, Revocation
from anonymizer.crypto import KeyRing, decrypt, encrypt

ENCRYPTED_COLUMNS: dict[type, tuple[str, ...]] = {
    Family: ("members",),
    Consent: ("given_by", "purpose", "witness", "form_location", "interpreter"),
    Participant: ("staff",),
    Revocation: ("revoked_by", "reason"),
    FamilySecret: ("secret",),
}


def _place(row, column: str) -> bytes:
    return f"{row.__tablename__}.{column}:{row.id}".encode()


class FieldCipher:
    def __init__(self, ring: KeyRing) -> None:
        self._key = ring

    def seal(self, row, column: str, value: str | bytes | None) -> None:
        """Encrypt ``value`` into ``row.column`` under the active key; the row must already have its
        id (flush first)."""
        data = value.encode("utf-8") if isinstance(value, str) else value
        setattr(row, column, None if data is None else encrypt(data, self._key, _place(row, column)))

    def open_bytes(self, row, column: str) -> bytes | None:
        token = getattr(row, column)
        return None if token is None else decrypt(token, self._key, _place(row, column))

    def open(self, row, column: str) -> str | None:
        data = self.open_bytes(row, column)
        return None if data is None else data.decode("utf-8")

    def reseal(self, row) -> None:
        """Re-encrypt every personal column of ``row`` under the active key (from whichever key of
        the ring it is under now)."""
        for column in ENCRYPTED_COLUMNS[type(row)]:
            self.seal(row, column, self.open_bytes(row, column))
