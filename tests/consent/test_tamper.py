"""Edits made directly in the database (raw SQL) are found by verify, which names what changed;
the checksums are keyed, so recomputing them without the register key does not help."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from anonymizer.consent import audit
from anonymizer.consent.models import Consent
from anonymizer.consent.store import WRONG_KEY, ConsentStore, consent_entity, consent_state
from anonymizer.crypto import generate_key, parse_key
from anonymizer.db import get_engine
from anonymizer.errors import InputError
from consent.register_data import MOTHER, TODAY, consent_input, disable_append_only, raw_sql


@pytest.fixture
def revoked(store, family, consent):
    store.add_consent(consent_input(family.id, category="Hilfeplanung"))
    return store.revoke(consent.id, MOTHER, "Kita Sonnenschein")


def test_untouched_register_verifies(store, revoked):
    assert store.verify() == []


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE consents SET valid_until = '2030-12-31' WHERE id = 1", "Einwilligung 1: wurde direkt"),
        ("UPDATE consents SET status = 'erteilt' WHERE id = 1", "Einwilligung 1: wurde direkt"),
        ("DELETE FROM revocations WHERE consent_id = 1", "Einwilligung 1: wurde direkt"),
        ("UPDATE consent_participants SET institution = 'Jugendamt' WHERE consent_id = 2", "Einwilligung 2: wurde direkt"),
        ("UPDATE families SET institution = 'Kita Regenbogen' WHERE id = 1", "Familie 1: wurde direkt"),
        ("DELETE FROM consent_participants WHERE consent_id = 2", "Einwilligung 2: wurde direkt"),
        ("DELETE FROM consents WHERE id = 2", "Einwilligung 2: fehlt"),
        (
            "INSERT INTO consents (id, family_id, institution, given_by, given_by_role, category, purpose,"
            " valid_from, valid_until, form, status, created_at) SELECT 9, family_id, institution, given_by,"
            " given_by_role, category, purpose, valid_from, valid_until, form, status, created_at"
            " FROM consents WHERE id = 2",
            "Einwilligung 9: steht nicht im Protokoll",
        ),
    ],
)
def test_edited_rows_are_named(store, revoked, database_url, statement, named):
    raw_sql(database_url, statement)
    problems = store.verify()
    assert any(problem.startswith(named) for problem in problems), problems


def test_audit_log_refuses_updates_and_deletes(store, revoked, database_url):
    with pytest.raises(DBAPIError, match="nur anfügbar"):
        raw_sql(database_url, "UPDATE audit_log SET action = 'x' WHERE seq = 2")
    with pytest.raises(DBAPIError, match="nur anfügbar"):
        raw_sql(database_url, "DELETE FROM audit_log WHERE seq = 2")
    assert store.verify() == []


def test_edited_audit_entry_is_named(store, revoked, database_url):
    disable_append_only(database_url)
    raw_sql(database_url, "UPDATE audit_log SET institution = 'Jugendamt' WHERE seq = 2")
    assert "Protokolleintrag 2 wurde verändert (Prüfsumme stimmt nicht)." in store.verify()


def test_deleted_audit_entry_is_named(store, revoked, database_url):
    disable_append_only(database_url)
    raw_sql(database_url, "DELETE FROM audit_log WHERE seq = 3")
    problems = store.verify()
    assert "Protokolleintrag 3 fehlt (gelöscht)." in problems
    assert "Protokolleintrag 4: Verkettung mit dem vorigen Eintrag gebrochen." in problems


def test_cutting_off_the_newest_entries_is_found(store, revoked, database_url):
    # The chain alone cannot see a shortened tail; the revoked consent no longer matches the log.
    disable_append_only(database_url)
    raw_sql(database_url, "DELETE FROM audit_log WHERE action = 'consent_revoked'")
    assert "Einwilligung 1: wurde direkt in der Datenbank verändert." in store.verify()


def test_rewritten_chain_with_recomputed_hashes_still_needs_matching_rows(store, revoked, database_url):
    # Re-hashing an edited entry makes the chain consistent again only if every later link is
    # re-hashed too; a single re-hash breaks the next link.
    from anonymizer.consent.models import AuditEntry

    disable_append_only(database_url)
    [entry] = [e for e in store.audit_entries() if e.seq == 2]
    forged = AuditEntry(**{c: getattr(entry, c) for c in ("seq", "at", "action", "entity", "details", "row_digest", "prev_hash")},
                        institution="Jugendamt")
    raw_sql(database_url, f"UPDATE audit_log SET institution = 'Jugendamt', hash = '{store.audit_key.entry_hash(forged)}' WHERE seq = 2")
    assert "Protokolleintrag 3: Verkettung mit dem vorigen Eintrag gebrochen." in store.verify()


def test_noted_head_catches_a_cut_off_tail(store, family, revoked, database_url):
    from anonymizer.consent.gate import check_meeting

    check_meeting(store, family.id, ["Kita Sonnenschein"], "Hilfeplanung", TODAY)
    noted = store.audit_head()
    assert store.verify(anchor=noted) == []
    disable_append_only(database_url)
    raw_sql(database_url, "DELETE FROM audit_log WHERE action = 'gate_decision'")
    [*_, problem] = store.verify(anchor=noted)
    assert problem.startswith(f"Der notierte Protokollkopf {noted[:12]}… fehlt")


class PlainSha256(audit.AuditKey):
    """Unkeyed SHA-256 checksums: what anyone with database access can compute."""

    def __init__(self) -> None:  # no key to derive
        self.key_id = "sha256"

    def mac(self, value) -> str:
        return hashlib.sha256(audit.canonical(value).encode("utf-8")).hexdigest()


def forge(database_url: str, consent_id: int, forger: audit.AuditKey) -> None:
    """The attack keyed checksums defeat: after editing a consent, write its new checksum into its
    newest audit entry and recompute the whole chain, both with ``forger`` instead of the register key."""
    disable_append_only(database_url)
    engine = create_engine(database_url, poolclass=NullPool)
    with Session(engine) as session, session.begin():
        consent = session.get(Consent, consent_id)
        [*_, newest] = [e for e in audit.entries(session, consent_entity(consent_id)) if e.row_digest]
        newest.row_digest = forger.mac(consent_state(consent))
        audit.reseal(session, forger)
    engine.dispose()


@pytest.mark.parametrize("forger", [PlainSha256(), audit.AuditKey(parse_key(generate_key()))], ids=["sha256", "hmac-fremder-schluessel"])
def test_edit_with_recomputed_checksums_is_found_and_named(store, revoked, database_url, forger):
    raw_sql(database_url, "UPDATE consents SET valid_until = '2030-12-31' WHERE id = 2")
    forge(database_url, 2, forger)
    assert store.verify() == [audit.UNSEALED, "Einwilligung 2: wurde direkt in der Datenbank verändert."]


def test_register_sealed_under_another_key_fails_verify_with_one_clear_message(store, revoked, database_url):
    stranger = ConsentStore(get_engine(database_url), parse_key(generate_key()))
    assert stranger.verify() == [WRONG_KEY]
    assert WRONG_KEY.startswith("Die Prüfsummen passen nicht zum Schlüssel")
    assert not stranger.key_fits() and store.key_fits()


def test_rotation_reseals_the_chain_and_keeps_verify_green(store, family, revoked, database_url, key):
    from anonymizer.consent.gate import check_meeting

    check_meeting(store, family.id, ["Kita Sonnenschein"], "Hilfeplanung", TODAY)
    noted, hashes = store.audit_head(), {e.seq: e.hash for e in store.audit_entries()}
    new_key = parse_key(generate_key())
    store.rotate_key(new_key)
    rotated = ConsentStore(get_engine(database_url), new_key)
    assert rotated.verify() == [] and rotated.verify(anchor=noted) == []  # a noted head outlives the rotation
    assert all(e.hash != hashes[e.seq] for e in rotated.audit_entries() if e.seq in hashes)
    assert ConsentStore(get_engine(database_url), key).verify() == [WRONG_KEY]
    with pytest.raises(DBAPIError, match="nur anfügbar"):  # append-only again after the re-sealing
        raw_sql(database_url, "UPDATE audit_log SET action = 'x' WHERE seq = 2")


def test_rotation_refuses_a_tampered_register_and_changes_nothing(store, revoked, database_url, key):
    raw_sql(database_url, "UPDATE consents SET valid_until = '2030-12-31' WHERE id = 2")
    before = store.audit_entries()
    with pytest.raises(InputError, match="Schlüsselwechsel abgebrochen.*Einwilligung 2: wurde direkt"):
        store.rotate_key(parse_key(generate_key()))
    assert [(e.seq, e.hash) for e in store.audit_entries()] == [(e.seq, e.hash) for e in before]
    assert store.verify() == ["Einwilligung 2: wurde direkt in der Datenbank verändert."]
