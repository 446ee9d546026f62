"""Append-only, hash-chained audit log of every change and every gate decision.

Entry n stores ``hash = sha256(n, time, action, entity, institution, details, row_digest, hash of n-1)``.
Changing or deleting an entry breaks the chain. Entries that change a record also store the record's
digest (``row_digest``), so ``verify`` detects a record edited, added or deleted behind the app's back:
its current digest no longer matches the last one the log recorded for it. Entries never hold names.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from anonymizer.consent.models import AuditEntry

GENESIS = "0" * 64
ERASED = "gelöscht"  # row_digest of an entry that erased its record
AUDIT_LOCK_ID = 58_310_051
# What each action means, for people reading an export or the log.
ACTION_LABELS = {
    "family_added": "Familie eingetragen",
    "consent_added": "Einwilligung eingetragen",
    "consent_revoked": "Einwilligung widerrufen",
    "gate_decision": "Gemeinsames Gespräch geprüft",
    "data_exported": "Auskunft erteilt (Art. 15 DSGVO)",
    "key_rotated": "Schlüssel gewechselt",
    "consent_erased": "Einwilligung gelöscht (Art. 17 DSGVO)",
    "family_erased": "Familie gelöscht (Art. 17 DSGVO)",
}  # PostgreSQL advisory lock that serialises appends (SQLite: BEGIN IMMEDIATE)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"nicht serialisierbar: {type(value).__name__}")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def utcnow() -> dt.datetime:
    """Naive UTC, whole seconds: the same value on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def entry_hash(entry: AuditEntry) -> str:
    fields = [entry.seq, entry.at, entry.action, entry.entity, entry.institution, entry.details,
              entry.row_digest, entry.prev_hash]
    return digest(fields)


def append(
    session: Session,
    action: str,
    entity: str,
    details: dict | None = None,
    *,
    institution: str | None = None,
    row_digest: str | None = None,
) -> AuditEntry:
    """Add the next link of the chain in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})
    head = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    entry = AuditEntry(
        seq=1 if head is None else head.seq + 1,
        at=utcnow(),
        action=action,
        entity=entity,
        institution=institution,
        details=canonical(details or {}),
        row_digest=row_digest,
        prev_hash=GENESIS if head is None else head.hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, entity: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    return list(session.scalars(query))


def chain_problems(log: Iterable[AuditEntry]) -> list[str]:
    """Every broken link: a changed entry, a missing one, a reordered one."""
    problems, expected_seq, previous = [], 1, GENESIS
    for entry in log:
        if entry.seq != expected_seq:
            missing = str(expected_seq) if entry.seq - 1 == expected_seq else f"{expected_seq} bis {entry.seq - 1}"
            problems.append(f"Protokolleintrag {missing} fehlt (gelöscht).")
        if entry.hash != entry_hash(entry):
            problems.append(f"Protokolleintrag {entry.seq} wurde verändert (Prüfsumme stimmt nicht).")
        elif entry.prev_hash != previous:
            problems.append(f"Protokolleintrag {entry.seq}: Verkettung mit dem vorigen Eintrag gebrochen.")
        expected_seq, previous = entry.seq + 1, entry.hash
    return problems


def anchor_problems(log: Iterable[AuditEntry], anchor: str | None) -> list[str]:
    """``anchor`` is a head hash noted earlier (printed by ``verify``); it must still be in the chain.
    This catches what the chain alone cannot: the newest entries cut off, or the whole chain rebuilt."""
    if anchor is None or any(entry.hash == anchor for entry in log):
        return []
    return [f"Der notierte Protokollkopf {anchor[:12]}… fehlt: Einträge wurden entfernt oder das Protokoll neu aufgebaut."]


def record_problems(log: Iterable[AuditEntry], current: dict[str, str], names: dict[str, str]) -> list[str]:
    """Records whose stored state differs from the last state the log recorded for them.

    ``current`` maps entity ("consent:7") to the digest of the record as it is in the database now;
    ``names`` maps the entity prefix to its German name for the messages.
    """
    recorded: dict[str, str] = {}
    for entry in log:
        if entry.row_digest is not None:
            recorded[entry.entity] = entry.row_digest

    def label(entity: str) -> str:
        kind, _, number = entity.partition(":")
        return f"{names.get(kind, kind)} {number}"

    problems = []
    for entity, now in sorted(current.items()):
        before = recorded.get(entity)
        if before is None or before == ERASED:
            problems.append(f"{label(entity)}: steht nicht im Protokoll (außerhalb des Programms angelegt).")
        elif before != now:
            problems.append(f"{label(entity)}: wurde direkt in der Datenbank verändert.")
    for entity, before in sorted(recorded.items()):
        if before != ERASED and entity not in current:
            problems.append(f"{label(entity)}: fehlt (außerhalb des Programms gelöscht).")
    return problems


def head(session: Session) -> AuditEntry | None:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
