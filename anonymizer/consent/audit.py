"""Append-only audit log of every change and every gate decision, chained with keyed checksums.

Entry n stores ``hash = HMAC(k, [n, time, action, entity, institution, details, row_digest, hash of n-1])``.
Changing or deleting an entry breaks the chain. Entries that change a record also store the record's
checksum (``row_digest``, the same HMAC over the record), so ``verify`` detects a record edited, added or
deleted behind the app's back: its current checksum no longer matches the last one the log recorded.
``k`` is derived from the register key (see ``AuditKey``) and never stored, so someone with write access
to the database alone cannot recompute checksums that verify.

The chain alone cannot show its newest entries cut off. So every append also signs the new head
(``SignedHead``: sequence number, hash and key id of the newest entry, under ``k``) in a table of its
own: a cut tail leaves a log that ends before the entry the head names, and a forged head does not
verify. (Rolling back log *and* head to an earlier pair needs a head noted outside the database:
``anchor_problems``.)

Entries never hold names in clear: what may name people is encrypted under the family's own secret
(``store.ConsentStore``), which an Art. 17 erasure deletes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from anonymizer.consent.models import AuditEntry, SignedHead
from anonymizer.crypto import key_id

GENESIS = "0" * 64
ERASED = "gelöscht"  # row_digest of an entry that erased its record
HEAD_ROW = 1  # the signed head is a single row
AUDIT_LOCK_ID = 58_310_051  # PostgreSQL advisory lock that serialises appends (SQLite: BEGIN IMMEDIATE)
MAC_LABEL = b"kita-anon consent audit-mac v1"  # HKDF info: this key is for checksums, nothing else
UNSEALED = ("Die Prüfsummen passen nicht zum Schlüssel: kein Protokolleintrag ist mit diesem Schlüssel "
            "versiegelt (falscher Schlüssel, oder das Protokoll wurde ohne ihn neu berechnet).")
HEAD_MISSING = ("Der gesicherte Protokollkopf fehlt: gelöscht, oder das Register stammt aus einer älteren "
                "Version (dann sichert ihn der nächste Eintrag).")
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
    "spans_restored": "Verschlüsselte Stellen wiederhergestellt",
    "spans_refused": "Wiederherstellen verschlüsselter Stellen abgelehnt",
}


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


def utcnow() -> dt.datetime:
    """Naive UTC, whole seconds: the same value on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _content(entry: AuditEntry) -> list:
    """What an entry says; its own checksum and the link to the previous one come on top."""
    return [entry.seq, entry.at, entry.action, entry.entity, entry.institution, entry.details, entry.row_digest]


class AuditKey:
    """HMAC-SHA256 under a key derived (HKDF) from the register key with its own label, so the
    encryption key is never used twice and the checksum key is never stored anywhere."""

    def __init__(self, register_key: bytes) -> None:
        self._key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=MAC_LABEL).derive(register_key)
        self.key_id = key_id(register_key)  # recorded in the signed head: which key of the ring to check with

    def mac(self, value: Any) -> str:
        return hmac.new(self._key, canonical(value).encode("utf-8"), hashlib.sha256).hexdigest()

    def entry_hash(self, entry: AuditEntry) -> str:
        return self.mac([*_content(entry), entry.prev_hash])

    def seals(self, entry: AuditEntry) -> bool:
        return hmac.compare_digest(entry.hash, self.entry_hash(entry))

    def head_mac(self, head: SignedHead) -> str:
        return self.mac(["audit_signed_head", head.seq, head.hash, head.key_id])


def lock(session: Session) -> None:
    """Serialise writers of the chain for the rest of the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})


def append(
    session: Session,
    key: AuditKey,
    action: str,
    entity: str,
    details: dict | None = None,
    *,
    institution: str | None = None,
    row_digest: str | None = None,
) -> AuditEntry:
    """Add the next link of the chain in the caller's transaction."""
    lock(session)
    last = head(session)
    entry = AuditEntry(
        seq=1 if last is None else last.seq + 1,
        at=utcnow(),
        action=action,
        entity=entity,
        institution=institution,
        details=canonical(details or {}),
        row_digest=row_digest,
        prev_hash=GENESIS if last is None else last.hash,
    )
    entry.hash = key.entry_hash(entry)
    session.add(entry)
    sign_head(session, key, entry)
    session.flush()
    return entry


def signed_head(session: Session) -> SignedHead | None:
    return session.get(SignedHead, HEAD_ROW)


def sign_head(session: Session, key: AuditKey, newest: AuditEntry) -> None:
    """Record ``newest`` as the chain's head, signed under ``key`` (in the caller's transaction)."""
    head = signed_head(session)
    if head is None:
        head = SignedHead(id=HEAD_ROW)
        session.add(head)
    head.seq, head.hash, head.key_id = newest.seq, newest.hash, key.key_id
    head.mac = key.head_mac(head)


def reseal(session: Session, key: AuditKey) -> None:
    """Recompute every link under ``key`` (key rotation; verify under the old key first). The
    append-only triggers are lifted inside this transaction only. Older ``row_digest`` values stay as
    they are: they describe record states that no longer exist, and only the newest one per record is
    compared, which the rotation writes afresh."""
    lock(session)
    previous = GENESIS
    with _append_only_lifted(session):
        log = entries(session)
        for entry in log:
            entry.prev_hash = previous
            entry.hash = previous = key.entry_hash(entry)
        session.flush()
    if log:
        sign_head(session, key, log[-1])
        session.flush()


@contextmanager
def _append_only_lifted(session: Session) -> Iterator[None]:
    # Schema changes are transactional on both databases: on an error the rollback restores the
    # triggers, so the code after ``yield`` need not run in a ``finally``.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        yield
        session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        return
    triggers = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    ).all()
    for name, _ in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _, definition in triggers:
        session.execute(text(definition))


def entries(session: Session, entity: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    return list(session.scalars(query))


def chain_problems(log: Iterable[AuditEntry], key: AuditKey) -> list[str]:
    """Every broken link: a changed entry, a missing one, a reordered one. If no entry at all is sealed
    under ``key``, one message says so instead of one per entry."""
    problems, expected_seq, previous, sealed = [], 1, GENESIS, 0
    for entry in log:
        if entry.seq != expected_seq:
            missing = str(expected_seq) if entry.seq - 1 == expected_seq else f"{expected_seq} bis {entry.seq - 1}"
            problems.append(f"Protokolleintrag {missing} fehlt (gelöscht).")
        if not key.seals(entry):
            problems.append(f"Protokolleintrag {entry.seq} wurde verändert (Prüfsumme stimmt nicht).")
        else:
            sealed += 1
            if entry.prev_hash != previous:
                problems.append(f"Protokolleintrag {entry.seq}: Verkettung mit dem vorigen Eintrag gebrochen.")
        expected_seq, previous = entry.seq + 1, entry.hash
    return [UNSEALED] if expected_seq > 1 and not sealed else problems


def signed_head_problems(log: list[AuditEntry], head: SignedHead | None, key: AuditKey) -> list[str]:
    """The log must end exactly at the entry the signed head names, and the head must be signed."""
    newest = log[-1] if log else None
    if head is None:
        return [] if newest is None else [HEAD_MISSING]
    if not hmac.compare_digest(head.mac, key.head_mac(head)):
        return ["Der gesicherte Protokollkopf wurde verändert (Prüfsumme stimmt nicht)."]
    if newest is None or newest.seq < head.seq:
        ends = f"endet bei Eintrag {newest.seq}" if newest else "ist leer"
        return [(f"Das Protokoll {ends}, der gesicherte Protokollkopf nennt Eintrag {head.seq}: "
                 "die neuesten Einträge wurden entfernt.")]
    if newest.seq > head.seq:
        return [f"Protokolleinträge nach Eintrag {head.seq} wurden außerhalb des Programms angefügt."]
    if not hmac.compare_digest(newest.hash, head.hash):
        return [f"Protokolleintrag {head.seq} passt nicht zum gesicherten Protokollkopf: das Protokoll wurde neu aufgebaut."]
    return []


def heads(log: Iterable[AuditEntry]) -> list[str]:
    """The "Protokollkopf" after each entry: SHA-256 over the content of that entry and all before it.
    It needs no key, so a head noted outside the database stays valid across key rotations, and it
    binds every earlier entry, so it catches even someone who holds the key and rebuilds the chain."""
    running, result = GENESIS, []
    for entry in log:
        running = hashlib.sha256(canonical([running, *_content(entry)]).encode("utf-8")).hexdigest()
        result.append(running)
    return result


def anchor_problems(log: Iterable[AuditEntry], anchor: str | None) -> list[str]:
    """``anchor`` is a head noted earlier (printed by ``verify``); it must still be in the chain.
    This catches what the chain alone cannot: the newest entries cut off."""
    if anchor is None or anchor in heads(log):
        return []
    return [f"Der notierte Protokollkopf {anchor[:12]}… fehlt: Einträge wurden entfernt oder das Protokoll neu aufgebaut."]


def record_problems(log: Iterable[AuditEntry], current: dict[str, str], names: dict[str, str]) -> list[str]:
    """Records whose stored state differs from the last state the log recorded for them.

    ``current`` maps entity ("consent:7") to the checksum of the record as it is in the database now;
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
