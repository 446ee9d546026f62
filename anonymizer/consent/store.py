"""The consent register: families, consents and revocations, encrypted and audited.

Every public method runs in one transaction: the record, its encryption and its audit entry are
committed together or not at all. Names never leave this module except in the returned records.
What an audit entry says about people (institutions typed in as participants may be names) is
encrypted under the family's own secret (``FamilySecret``), so an Art. 17 erasure, which deletes the
secret, leaves no readable name in the append-only log.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from collections.abc import Iterable

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session, selectinload

from anonymizer.config import Settings
from anonymizer.consent import audit
from anonymizer.consent.cipher import ENCRYPTED_COLUMNS, FieldCipher
from anonymizer.consent.languages import FormWording, current_wording
from anonymizer.consent.models import (
    AuditEntry,
    Consent,
    Family,
    FamilySecret,
    FormVersion,
    InstitutionContact,
    Participant,
    Revocation,
)
from anonymizer.consent.schemas import (
    GRANTED,
    REVOKED,
    ConsentInput,
    ConsentRecord,
    ContactInput,
    ContactRecord,
    FamilyRecord,
    Member,
    ParticipantSpec,
    RevocationRecord,
    validated,
)
from anonymizer.consent.vocabulary import get_vocabulary
from anonymizer.crypto import KEY_BYTES, DecryptionError, KeyRing, decrypt, encrypt, load_key_ring
from anonymizer.db import checkpoint, database_url, get_engine, transaction, upgrade_database
from anonymizer.errors import InputError, NotFound

ENTITY_NAMES = {"family": "Familie", "consent": "Einwilligung"}
WRONG_KEY = ("Die Prüfsummen passen nicht zum Schlüssel: Register und Protokoll wurden mit einem anderen "
             "Schlüssel angelegt (falscher Schlüssel?).")
SEALED = "verschluesselt"  # the key in an entry's details that holds its encrypted part


def family_entity(family_id: int) -> str:
    return f"family:{family_id}"


def consent_entity(consent_id: int) -> str:
    return f"consent:{consent_id}"


def columns(row) -> dict:
    """What a row digest covers: every column, except those added later while they are still NULL."""
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
    return {key: value for key, value in values.items()
            if value is not None or row.__table__.columns[key].info.get("digest") != "when set"}


def consent_state(consent: Consent) -> dict:
    """What a consent's checksum covers: the consent, its participants and revocations (they change together)."""
    return {
        "consent": columns(consent),
        "participants": [columns(p) for p in sorted(consent.participants, key=lambda p: p.id)],
        "revocations": [columns(r) for r in sorted(consent.revocations, key=lambda r: r.id)],
    }


def _audit_place(entity: str) -> bytes:
    """Associated data of an entry's encrypted part: it opens only in the entry it was written for."""
    return f"kita-anon audit {entity}".encode()


def _named_in(institution: str):
    """Consents an institution registered or is named in as a participant."""
    return or_(Consent.institution == institution, Consent.participants.any(Participant.institution == institution))


def consent_visible_to(institution: str):
    """What an institution sees of the consents: those it is part of, and all of the families it owns."""
    return or_(_named_in(institution), Consent.family.has(Family.institution == institution))


def family_visible_to(institution: str):
    """The families an institution owns (registered) or is part of through one of their consents."""
    return or_(Family.institution == institution, Family.consents.any(_named_in(institution)))


def _existing(session: Session, model: type[Family] | type[Consent], row_id: int, visible_to: str | None = None):
    """The row; with ``visible_to`` only if that institution may see it, and then one answer for both
    "does not exist" and "not yours to see"."""
    name = ENTITY_NAMES[model.__name__.lower()]
    if visible_to is None:
        row = session.get(model, row_id)
        if row is None:
            raise NotFound(f"{name} {row_id} gibt es nicht im Register.")
        return row
    visible = family_visible_to(visible_to) if model is Family else consent_visible_to(visible_to)
    row = session.scalars(select(model).where(model.id == row_id, visible)).first()
    if row is None:
        raise NotFound(f"{name} {row_id}: kein Eintrag sichtbar.")
    return row


class ConsentStore:
    def __init__(self, engine: Engine, key: bytes | KeyRing) -> None:
        self.engine = engine
        self._use(KeyRing.of(key))

    def _use(self, ring: KeyRing) -> None:
        self.ring = ring
        self.cipher = FieldCipher(ring)
        self.audit_key = audit.AuditKey(ring.active)  # what a new or re-sealed chain is sealed with

    @classmethod
    def open(cls, settings: Settings | None = None, ring: KeyRing | None = None) -> ConsentStore:
        """The register of the configured database, migrated to the newest schema, under ``ring``
        (default: the configured keys)."""
        url = database_url(settings)
        upgrade_database(url)
        return cls(get_engine(url), ring or load_key_ring(settings))

    # --- families ---------------------------------------------------------------------------

    def add_family(self, members: Iterable[Member], institution: str) -> FamilyRecord:
        members = [validated(Member, member) for member in members]
        if not members:
            raise InputError("Eine Familie braucht mindestens ein Mitglied.")
        if not institution.strip():
            raise InputError("Angeben, welche Institution die Familie einträgt.")
        with transaction(self.engine) as session:
            family = Family(institution=institution, members=b"", created_at=audit.utcnow())
            session.add(family)
            session.flush()
            self.cipher.seal(family, "members", json.dumps([m.model_dump() for m in members], ensure_ascii=False))
            session.flush()
            key = self._chain_key(session)
            audit.append(session, key, "family_added", family_entity(family.id), {"members": len(members)},
                         institution=institution, row_digest=key.mac(columns(family)))
            return self._family_record(family)

    def family(self, family_id: int, visible_to: str | None = None) -> FamilyRecord:
        with transaction(self.engine) as session:
            return self._family_record(_existing(session, Family, family_id, visible_to))

    def families(self, visible_to: str | None = None) -> list[FamilyRecord]:
        """All families, or those ``visible_to`` an institution (``family_visible_to``)."""
        query = select(Family).order_by(Family.id)
        if visible_to is not None:
            query = query.where(family_visible_to(visible_to))
        with transaction(self.engine) as session:
            return [self._family_record(family) for family in session.scalars(query)]

    # --- consents ---------------------------------------------------------------------------

    def add_consent(self, data: ConsentInput) -> ConsentRecord:
        with transaction(self.engine) as session:
            _existing(session, Family, data.family_id)
            consent = Consent(
                family_id=data.family_id, institution=data.institution, given_by=b"",
                given_by_role=data.given_by_role, category=data.category, purpose=b"",
                valid_from=data.valid_from, valid_until=data.valid_until, form=data.form,
                status=GRANTED, created_at=audit.utcnow(),
                participants=[Participant(institution=p.institution) for p in data.participants],
                language=data.language, form_version=_form_version(session, current_wording(data.language)),
                explanation=data.explanation, explained_in=data.explained_in,
            )
            session.add(consent)
            session.flush()
            for field in ENCRYPTED_COLUMNS[Consent]:
                self.cipher.seal(consent, field, getattr(data, field))
            for row, spec in zip(consent.participants, data.participants, strict=True):
                self.cipher.seal(row, "staff", spec.staff)
            session.flush()
            entity, key = consent_entity(consent.id), self._chain_key(session)
            details = self._with_sealed(session, data.family_id, entity, {
                "family": data.family_id, "category": data.category, "form": data.form,
                "valid_from": data.valid_from, "valid_until": data.valid_until,
            }, {"institutions": sorted({p.institution for p in data.participants})})
            details |= {"language": data.language, "form_sha256": consent.form_version.sha256}
            audit.append(session, key, "consent_added", entity, details,
                         institution=data.institution, row_digest=key.mac(consent_state(consent)))
            return self._consent_record(consent)

    def revoke(
        self, consent_id: int, revoked_by: str, recorded_by: str, reason: str | None = None,
        at: dt.datetime | None = None, channel: str | None = None,
    ) -> ConsentRecord:
        """Record a revocation (given orally, by letter, e-mail, ...: ``channel``); it takes effect at
        once. Revoking twice is refused."""
        if not revoked_by.strip():
            raise InputError("Angeben, wer widerrufen hat.")
        channels = get_vocabulary().revocation_channels
        if channel is not None and channel not in channels:
            raise InputError(f"Widerruf: Weg „{channel}“ unbekannt; erlaubt: {', '.join(channels)}.")
        with transaction(self.engine) as session:
            consent = _existing(session, Consent, consent_id)
            if consent.status == REVOKED:
                raise InputError(f"Einwilligung {consent_id} ist bereits widerrufen.")
            revocation = Revocation(revoked_at=(at or audit.utcnow()).replace(microsecond=0),
                                    revoked_by=b"", recorded_by=recorded_by, channel=channel)
            consent.revocations.append(revocation)
            consent.status = REVOKED
            session.flush()
            self.cipher.seal(revocation, "revoked_by", revoked_by.strip())
            self.cipher.seal(revocation, "reason", reason.strip() if reason and reason.strip() else None)
            session.flush()
            key = self._chain_key(session)
            audit.append(session, key, "consent_revoked", consent_entity(consent.id),
                         {"family": consent.family_id, "revoked_at": revocation.revoked_at},
                         institution=recorded_by, row_digest=key.mac(consent_state(consent)))
            return self._consent_record(consent)

    def consent(self, consent_id: int, visible_to: str | None = None) -> ConsentRecord:
        with transaction(self.engine) as session:
            return self._consent_record(_existing(session, Consent, consent_id, visible_to))

    def signed_wording(self, consent_id: int) -> FormWording | None:
        """The exact form the consent was given with, or None for consents from before form versions."""
        with transaction(self.engine) as session:
            version = _existing(session, Consent, consent_id).form_version
            return None if version is None else FormWording.from_content(json.loads(version.content))

    def consents(self, visible_to: str | None = None, family_id: int | None = None) -> list[ConsentRecord]:
        """Consents, optionally only those an institution may see (``consent_visible_to``)."""
        query = select(Consent).options(selectinload(Consent.participants), selectinload(Consent.revocations))
        if visible_to is not None:
            query = query.where(consent_visible_to(visible_to))
        if family_id is not None:
            query = query.where(Consent.family_id == family_id)
        with transaction(self.engine) as session:
            return [self._consent_record(c) for c in session.scalars(query.order_by(Consent.id))]

    def expiring(self, within_days: int, today: dt.date, visible_to: str | None = None) -> list[ConsentRecord]:
        """Consents in force today that end within ``within_days`` days: time to ask the family again."""
        last_day = today + dt.timedelta(days=within_days)
        return [
            consent for consent in self.consents(visible_to)
            if consent.revoked_on is None and consent.state_on(today) == GRANTED and consent.valid_until <= last_day
        ]

    # --- contacts for revocations --------------------------------------------------------------

    def set_contact(self, institution: str, data: ContactInput) -> ContactRecord:
        """Whom families of ``institution`` contact for a revocation; printed on every form."""
        data = validated(ContactInput, data.model_dump())
        with transaction(self.engine) as session:
            row = session.get(InstitutionContact, institution) or InstitutionContact(institution=institution)
            for field, value in data.model_dump().items():
                setattr(row, field, value)
            row.updated_at = audit.utcnow()
            session.add(row)
            audit.append(session, self._chain_key(session), "contact_updated", f"institution:{institution}", {},
                         institution=institution)
        return ContactRecord(institution=institution, **data.model_dump())

    def contact(self, institution: str) -> ContactRecord | None:
        with transaction(self.engine) as session:
            row = session.get(InstitutionContact, institution)
            if row is None:
                return None
            return ContactRecord(institution=institution, person=row.person, address=row.address,
                                 phone=row.phone, email=row.email)

    # --- audit ------------------------------------------------------------------------------

    def record(self, action: str, entity: str, details: dict, institution: str | None = None, *,
               family_id: int | None = None, private: dict | None = None) -> None:
        """Audit an event that changes no record (a gate decision, an export). ``private`` is what may
        name people; it is stored encrypted under the secret of the family ``family_id``."""
        with transaction(self.engine) as session:
            if private is not None:
                details = self._with_sealed(session, family_id, entity, details, private)
            audit.append(session, self._chain_key(session), action, entity, details, institution=institution)

    def audit_entries(self, entity: str | None = None) -> list[AuditEntry]:
        with transaction(self.engine) as session:
            return audit.entries(session, entity)

    def family_log(self, family_id: int) -> list[tuple[AuditEntry, dict]]:
        """The audit entries of a family and its consents, each with its details, the encrypted part
        opened (for the family's own Art. 15 export)."""
        with transaction(self.engine) as session:
            family = _existing(session, Family, family_id)
            records = [(family_entity(family_id), "family_added"),
                       *((consent_entity(c.id), "consent_added") for c in family.consents)]
            entries = audit.entries(session)
            log = sorted((e for entity, added in records
                          for e in _since_added([e for e in entries if e.entity == entity], added)),
                         key=lambda e: e.seq)
            secret = self.cipher.open_bytes(family.audit_secret, "secret") if family.audit_secret else None
        return [(entry, _opened(entry, secret)) for entry in log]

    def verify(self, anchor: str | None = None) -> list[str]:
        """Every sign of tampering: broken chain links, records changed outside the app, and (given the
        head noted at an earlier verify) a shortened or rebuilt chain. Empty if sound."""
        with transaction(self.engine) as session:
            return self._problems(session, anchor)

    def audit_head(self) -> str:
        """The head to note outside the database and pass back to ``verify`` later."""
        with transaction(self.engine) as session:
            return (audit.heads(audit.entries(session)) or [audit.GENESIS])[-1]

    # --- key rotation and erasure -------------------------------------------------------------

    def reencrypt(self) -> int:
        """Verify everything, then re-encrypt every personal value (and every family's secret) under
        the ring's active key and re-seal the audit chain under it, all in one transaction; returns
        records touched. The retired keys of the ring decrypt what is still under them."""
        key = self.audit_key
        with transaction(self.engine) as session:
            audit.lock(session)  # before the first read of the chain, so no append slips in between
            problems = self._problems(session)
            if problems:
                raise InputError("Schlüsselwechsel abgebrochen, Register oder Protokoll wurden verändert: "
                                 + " ".join(problems))
            families = list(session.scalars(select(Family).order_by(Family.id)))
            for family in families:
                rows = [family, *([family.audit_secret] if family.audit_secret else [])]
                for consent in family.consents:
                    rows += [consent, *consent.participants, *consent.revocations]
                for row in rows:
                    self.cipher.reseal(row)
            session.flush()
            audit.reseal(session, key)
            for family in families:
                audit.append(session, key, "key_rotated", family_entity(family.id), row_digest=key.mac(columns(family)))
                for consent in family.consents:
                    audit.append(session, key, "key_rotated", consent_entity(consent.id),
                                 row_digest=key.mac(consent_state(consent)))
        checkpoint(self.engine)  # no copies under the old key left in SQLite's write-ahead log
        return len(families) + sum(len(family.consents) for family in families)

    def rotate_key(self, new_key: bytes) -> int:
        """Re-encrypt everything under ``new_key``; afterwards this store needs only it. (The CLI's
        rotation, with the key ring file and the rosters, is ``anonymizer.consent.rotation``.)"""
        count = ConsentStore(self.engine, self.ring.rotated(new_key)).reencrypt()
        self._use(KeyRing(new_key))
        return count

    def erase_family(self, family_id: int, institution: str, acting_as: str | None = None) -> dict:
        """Art. 17: delete the family with its consents, revocations and secret. The audit log keeps its
        entries (ids, dates, acting institutions, categories), as proof of what was done when; what
        they said about people was encrypted under the secret and can no longer be read. ``acting_as``
        records on what ground (see ``anonymizer.consent.access``)."""
        with transaction(self.engine) as session:
            family = _existing(session, Family, family_id)
            consent_ids = [consent.id for consent in family.consents]
            revocations = sum(len(consent.revocations) for consent in family.consents)
            session.delete(family)
            session.flush()
            key = self._chain_key(session)
            for consent_id in consent_ids:
                audit.append(session, key, "consent_erased", consent_entity(consent_id), {"family": family_id},
                             institution=institution, row_digest=audit.ERASED)
            summary = {"consents": len(consent_ids), "revocations": revocations}
            audit.append(session, key, "family_erased", family_entity(family_id), {**summary, "acting_as": acting_as},
                         institution=institution, row_digest=audit.ERASED)
        checkpoint(self.engine)
        return summary

    # --- internals ----------------------------------------------------------------------------

    def _chain_key(self, session: Session) -> audit.AuditKey:
        """The key the chain is sealed with: the one its signed head names, while the ring still holds
        it (part-way through a rotation, a retired one), else the active key."""
        head = audit.signed_head(session)
        sealing = self.ring.find(head.key_id) if head is not None else None
        return audit.AuditKey(sealing) if sealing not in (None, self.ring.active) else self.audit_key

    def _with_sealed(self, session: Session, family_id: int, entity: str, details: dict, private: dict) -> dict:
        """``details`` plus ``private`` encrypted under the family's secret (made on first use)."""
        family = _existing(session, Family, family_id)
        if family.audit_secret is None:
            family.audit_secret = FamilySecret(id=family.id, secret=b"")
            session.flush()
            self.cipher.seal(family.audit_secret, "secret", secrets.token_bytes(KEY_BYTES))
        secret = self.cipher.open_bytes(family.audit_secret, "secret")
        token = encrypt(audit.canonical(private).encode("utf-8"), secret, _audit_place(entity))
        return {**details, SEALED: base64.b64encode(token).decode("ascii")}

    def _problems(self, session: Session, anchor: str | None = None) -> list[str]:
        log, key = audit.entries(session), self._chain_key(session)
        chain = audit.chain_problems(log, key)
        if chain == [audit.UNSEALED]:
            if not self._decrypts(session):
                return [WRONG_KEY]  # every record would look changed too: one clear message instead
        else:  # under a foreign key the head cannot be checked either; UNSEALED says it all
            chain += audit.signed_head_problems(log, audit.signed_head(session), key)
        return (chain + audit.anchor_problems(log, anchor)
                + audit.record_problems(log, self._current_digests(session, key), ENTITY_NAMES)
                + _form_version_problems(session))

    def _decrypts(self, session: Session) -> bool:
        """Whether this store's key decrypts the register (trivially true while it holds no family)."""
        family = session.scalars(select(Family).limit(1)).first()
        try:
            return family is None or self.cipher.open(family, "members") is not None
        except DecryptionError:
            return False

    def _current_digests(self, session: Session, key: audit.AuditKey) -> dict[str, str]:
        mac = key.mac
        current = {family_entity(f.id): mac(columns(f)) for f in session.scalars(select(Family))}
        consents = session.scalars(
            select(Consent).options(selectinload(Consent.participants), selectinload(Consent.revocations))
        )
        current.update({consent_entity(c.id): mac(consent_state(c)) for c in consents})
        return current

    def _family_record(self, family: Family) -> FamilyRecord:
        members = json.loads(self.cipher.open(family, "members"))
        return FamilyRecord(id=family.id, institution=family.institution, members=members, created_at=family.created_at)

    def _consent_record(self, consent: Consent) -> ConsentRecord:
        open_ = self.cipher.open
        return ConsentRecord(
            id=consent.id, family_id=consent.family_id, institution=consent.institution,
            given_by=open_(consent, "given_by"), given_by_role=consent.given_by_role,
            participants=[ParticipantSpec(institution=p.institution, staff=open_(p, "staff")) for p in consent.participants],
            category=consent.category, purpose=open_(consent, "purpose"),
            valid_from=consent.valid_from, valid_until=consent.valid_until, form=consent.form,
            witness=open_(consent, "witness"), form_location=open_(consent, "form_location"),
            status=consent.status, created_at=consent.created_at,
            revocations=[
                RevocationRecord(id=r.id, revoked_at=r.revoked_at, revoked_by=open_(r, "revoked_by"),
                                 reason=open_(r, "reason"), recorded_by=r.recorded_by, channel=r.channel)
                for r in consent.revocations
            ],
            language=consent.language, explanation=consent.explanation, interpreter=open_(consent, "interpreter"),
            explained_in=consent.explained_in,
            form_version=consent.form_version.version if consent.form_version else None,
            form_sha256=consent.form_version.sha256 if consent.form_version else None,
        )


def _form_version(session: Session, wording: FormWording) -> FormVersion:
    """The stored version of ``wording``; a wording not seen before becomes the language's next version."""
    sha256 = wording.sha256
    existing = session.scalars(select(FormVersion).where(FormVersion.sha256 == sha256)).first()
    if existing is not None:
        return existing
    latest = session.scalars(select(func.max(FormVersion.version)).where(FormVersion.language == wording.language)).first()
    version = FormVersion(language=wording.language, version=(latest or 0) + 1, sha256=sha256,
                          content=json.dumps(wording.content(), ensure_ascii=False, sort_keys=True),
                          created_at=audit.utcnow())
    session.add(version)
    session.flush()
    return version


def _form_version_problems(session: Session) -> list[str]:
    """Stored form wordings whose text no longer matches their hash, and consents pointing nowhere."""
    problems = []
    versions = {version.id: version for version in session.scalars(select(FormVersion))}
    for version in versions.values():
        if FormWording.from_content(json.loads(version.content)).sha256 != version.sha256:
            problems.append(f"Formularfassung {version.language} {version.version} wurde verändert (Prüfsumme passt nicht).")
    for consent_id, version_id in session.execute(select(Consent.id, Consent.form_version_id)):
        if version_id is not None and version_id not in versions:
            problems.append(f"Einwilligung {consent_id}: die unterschriebene Formularfassung fehlt.")
    return problems


def _since_added(entries: list[AuditEntry], added_action: str) -> list[AuditEntry]:
    """The entries of one record since it was added. SQLite gives the id of an erased record to the
    next one, so the entries before belong to an erased record (maybe of another institution)."""
    starts = [i for i, entry in enumerate(entries) if entry.action == added_action]
    return entries[starts[-1]:] if starts else entries


def _opened(entry: AuditEntry, secret: bytes | None) -> dict:
    """An entry's details with its encrypted part opened; without the secret (erased) it stays out."""
    details = json.loads(entry.details)
    token = details.pop(SEALED, None)
    if token is None or secret is None:
        return details
    return {**details, **json.loads(decrypt(base64.b64decode(token), secret, _audit_place(entry.entity)))}
