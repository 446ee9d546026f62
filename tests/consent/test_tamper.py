"""Edits made directly in the database (raw SQL) are found by verify, which names what changed."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from consent.register_data import MOTHER, consent_input, disable_append_only, raw_sql


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
    from anonymizer.consent import audit
    from anonymizer.consent.models import AuditEntry

    disable_append_only(database_url)
    [entry] = [e for e in store.audit_entries() if e.seq == 2]
    forged = AuditEntry(**{c: getattr(entry, c) for c in ("seq", "at", "action", "entity", "details", "row_digest", "prev_hash")},
                        institution="Jugendamt")
    raw_sql(database_url, f"UPDATE audit_log SET institution = 'Jugendamt', hash = '{audit.entry_hash(forged)}' WHERE seq = 2")
    assert "Protokolleintrag 3: Verkettung mit dem vorigen Eintrag gebrochen." in store.verify()


def test_noted_head_catches_a_cut_off_tail_the_chain_cannot_see(store, family, revoked, database_url):
    from anonymizer.consent.gate import check_meeting
    from consent.register_data import TODAY

    check_meeting(store, family.id, ["Kita Sonnenschein"], "Hilfeplanung", TODAY)
    noted = store.audit_head()
    assert store.verify(anchor=noted) == []
    disable_append_only(database_url)
    raw_sql(database_url, "DELETE FROM audit_log WHERE action = 'gate_decision'")
    assert store.verify() == []  # a gate decision changes no record: only the noted head shows the cut
    [problem] = store.verify(anchor=noted)
    assert problem.startswith(f"Der notierte Protokollkopf {noted[:12]}… fehlt")
