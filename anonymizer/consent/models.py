"""Tables of the consent register.

Every column that can hold personal data (names, free text, where a form is kept) is ``LargeBinary``
holding an AES-GCM token made by ``anonymizer.consent.crypto``; only ids, institutions, categories,
dates and statuses are stored in clear, because the gate and the reminders must filter on them.
Timestamps are naive UTC and whole seconds, so that row digests are the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from anonymizer.db import Base

# Columns added after the first schema. A row digest leaves them out while they are NULL, so that the
# audit checksums of records written before the column existed still match.
ADDED_LATER = {"digest": "when set"}


class Family(Base):
    __tablename__ = "families"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution: Mapped[str] = mapped_column(String(200), index=True)  # who registered the family
    members: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted JSON list of members
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    consents: Mapped[list[Consent]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Consent.id"
    )
    audit_secret: Mapped[FamilySecret | None] = relationship(cascade="all, delete-orphan")


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(200), index=True)  # who registered the consent
    given_by: Mapped[bytes] = mapped_column(LargeBinary)
    given_by_role: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[bytes] = mapped_column(LargeBinary)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date, index=True)
    form: Mapped[str] = mapped_column(String(20))
    witness: Mapped[bytes | None] = mapped_column(LargeBinary)
    form_location: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # How the family was informed (since migration 0004_forms; NULL in consents given before it).
    language: Mapped[str | None] = mapped_column(String(20), info=ADDED_LATER)
    form_version_id: Mapped[int | None] = mapped_column(Integer, info=ADDED_LATER)  # no FK: see 0004_forms
    explanation: Mapped[str | None] = mapped_column(String(40), info=ADDED_LATER)
    interpreter: Mapped[bytes | None] = mapped_column(LargeBinary, info=ADDED_LATER)  # who, or which service
    explained_in: Mapped[str | None] = mapped_column(String(20), info=ADDED_LATER)

    family: Mapped[Family] = relationship(back_populates="consents")
    form_version: Mapped[FormVersion | None] = relationship(
        primaryjoin="foreign(Consent.form_version_id) == FormVersion.id", lazy="joined"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="consent", cascade="all, delete-orphan", order_by="Participant.id"
    )
    revocations: Mapped[list[Revocation]] = relationship(
        back_populates="consent", cascade="all, delete-orphan", order_by="Revocation.id"
    )


class FormVersion(Base):
    """One exact wording of a printed consent form (the family's language beside German); never
    changed. ``sha256`` is the hash of ``content`` (canonical JSON), checked by ``verify``."""

    __tablename__ = "form_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per language
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class InstitutionContact(Base):
    """Whom a family contacts for a revocation or a question; printed on every form. Public office
    data the institution chose to print, so stored in clear."""

    __tablename__ = "institution_contacts"

    institution: Mapped[str] = mapped_column(String(200), primary_key=True)
    person: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Participant(Base):
    """A network member the family agreed to meet: an institution, optionally one named person of it."""

    __tablename__ = "consent_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(200), index=True)
    staff: Mapped[bytes | None] = mapped_column(LargeBinary)

    consent: Mapped[Consent] = relationship(back_populates="participants")


class Revocation(Base):
    """Never updated or deleted (only an Art. 17 erasure of the whole family removes it)."""

    __tablename__ = "revocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id", ondelete="CASCADE"), index=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_by: Mapped[bytes] = mapped_column(LargeBinary)
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)
    recorded_by: Mapped[str] = mapped_column(String(200))  # institution that recorded it
    channel: Mapped[str | None] = mapped_column(String(40), info=ADDED_LATER)  # "mündlich", "Brief", "E-Mail", ...

    consent: Mapped[Consent] = relationship(back_populates="revocations")


class AuditEntry(Base):
    """One link of the hash chain. Holds no names: ids, institutions, categories, dates, digests."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60), index=True)  # "family:3", "consent:7"
    institution: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    row_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class SignedHead(Base):
    """The newest link of the chain, signed with the audit key and kept apart from the log (one row,
    written in the same transaction as each entry): a log whose tail was cut ends before the entry
    the head names, so ``verify`` sees the cut without a head noted elsewhere."""

    __tablename__ = "audit_signed_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(16))  # which key of the ring sealed the chain
    mac: Mapped[str] = mapped_column(String(64))


class FamilySecret(Base):
    """A random key per family that encrypts what the family's audit entries say about people (the
    institutions typed in as participants, which may be names). An Art. 17 erasure deletes it with the
    family: the entries stay and still verify (the chain covers their ciphertext), but nobody can read
    a name out of them any more. The secret itself is encrypted under the register key."""

    __tablename__ = "family_secrets"

    id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), primary_key=True)  # = family id
    secret: Mapped[bytes] = mapped_column(LargeBinary)
