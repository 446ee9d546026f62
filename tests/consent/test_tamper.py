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
from consent.register_data import (
    MOTHER, TODAY, consent_input, database_files, disable_append_only, raw_sql, stored_values,
)


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


def undo_newest_revocation_and_cut_the_tail(database_url: str, consent_id: int) -> None:
    """The attack the chain alone misses: the consent put back as it was before it was revoked, and the
    log's entries from the revocation on deleted, so record and log agree again."""
    disable_append_only(database_url)
    raw_sql(database_url, f"DELETE FROM revocations WHERE consent_id = {consent_id}",
            f"UPDATE consents SET status = 'erteilt' WHERE id = {consent_id}",
            "DELETE FROM audit_log WHERE seq >= (SELECT MIN(seq) FROM audit_log WHERE action = 'consent_revoked')")


def test_undone_revocation_with_a_cut_tail_is_found_by_plain_verify(store, revoked, database_url):
    newest = store.audit_entries()[-1].seq
    undo_newest_revocation_and_cut_the_tail(database_url, revoked.id)
    cut = (f"Das Protokoll endet bei Eintrag {newest - 1}, der gesicherte Protokollkopf nennt Eintrag {newest}: "
           "die neuesten Einträge wurden entfernt.")
    assert store.verify() == [cut]


def test_cut_tail_is_found_by_the_verify_command(database_url, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from anonymizer.cli import app
    from anonymizer.config import get_settings
    from anonymizer.crypto import write_key_file

    write_key_file(tmp_path / "schluessel")
    for name, value in {"DATABASE_URL": database_url, "KEY_FILE": str(tmp_path / "schluessel"),
                        "DATA_DIR": str(tmp_path / "daten"), "KEY": ""}.items():
        monkeypatch.setenv(f"KITA_ANON_{name}", value)
    get_settings.cache_clear()
    store = ConsentStore.open(get_settings())
    family = store.add_family([{"name": MOTHER}], "Kita Sonnenschein")
    consent = store.add_consent(consent_input(family.id))
    store.revoke(consent.id, MOTHER, "Kita Sonnenschein")
    undo_newest_revocation_and_cut_the_tail(database_url, consent.id)
    result = CliRunner().invoke(app, ["consent", "verify"])  # no --kopf
    get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "VERÄNDERT: Das Protokoll endet bei Eintrag 2" in result.output


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("UPDATE audit_signed_head SET seq = seq - 1", "Der gesicherte Protokollkopf wurde verändert"),
        ("DELETE FROM audit_signed_head", "Der gesicherte Protokollkopf fehlt"),
    ],
)
def test_the_signed_head_cannot_be_moved_or_removed(store, revoked, database_url, statement, found):
    raw_sql(database_url, statement)
    assert any(problem.startswith(found) for problem in store.verify()), store.verify()


def test_a_register_from_before_signed_heads_gets_one_with_its_next_entry(store, family, revoked, database_url):
    raw_sql(database_url, "DELETE FROM audit_signed_head")  # what migration 0003 leaves in an old register
    assert store.verify() == [audit.HEAD_MISSING]
    store.record("data_exported", f"family:{family.id}", {"consents": 2})
    assert store.verify() == []


def test_entries_appended_behind_the_apps_back_are_found(store, revoked, database_url):
    """Someone with the key but without the app adds a valid link: the head still names the old end."""
    from anonymizer.consent.models import AuditEntry

    last = store.audit_entries()[-1]
    forged = AuditEntry(seq=last.seq + 1, at=last.at, action="gate_decision", entity=last.entity,
                        institution=None, details="{}", row_digest=None, prev_hash=last.hash)
    forged.hash = store.audit_key.entry_hash(forged)
    raw_sql(database_url, "INSERT INTO audit_log (seq, at, action, entity, details, prev_hash, hash) VALUES "
                          f"({forged.seq}, '{last.at.isoformat(sep=' ')}', 'gate_decision', '{last.entity}', '{{}}', "
                          f"'{last.hash}', '{forged.hash}')")
    assert store.verify() == [f"Protokolleinträge nach Eintrag {last.seq} wurden außerhalb des Programms angefügt."]


PARTICIPANT_AS_NAME, PRESENT_AS_NAME = "Frau Quabeck", "Herr Lindqvorst"


def test_participants_typed_as_names_never_reach_the_audit_log_in_clear(store, family, database_url):
    from anonymizer.consent import rights
    from anonymizer.consent.gate import check_meeting

    participants = [{"institution": "Kita Sonnenschein"}, {"institution": PARTICIPANT_AS_NAME}]
    consent = store.add_consent(consent_input(family.id, participants=participants))
    check_meeting(store, family.id, ["Kita Sonnenschein", PRESENT_AS_NAME], "Fallberatung mit Familie", TODAY)
    logged = [value for entry in store.audit_entries() for value in (entry.details, entry.institution or "")]
    assert not any("Quabeck" in value or "Lindqvorst" in value for value in logged)
    # The family's own export still says who was named: the encrypted part opens for it.
    export = rights.export_family(store, family.id)
    said = {e["vorgang"]: e["angaben"] for e in export["protokoll"]}
    assert said["Einwilligung eingetragen"]["institutions"] == sorted(["Kita Sonnenschein", PARTICIPANT_AS_NAME])
    assert PRESENT_AS_NAME in said["Gemeinsames Gespräch geprüft"]["institutions"]
    assert consent.participants[1].institution == PARTICIPANT_AS_NAME


def test_after_erasure_no_participant_name_is_left_in_the_database_file(store, family, database_url):
    from anonymizer.consent import rights
    from anonymizer.consent.gate import check_meeting

    participants = [{"institution": "Kita Sonnenschein"}, {"institution": PARTICIPANT_AS_NAME}]
    consent = store.add_consent(consent_input(family.id, participants=participants))
    check_meeting(store, family.id, [PRESENT_AS_NAME], "Fallberatung mit Familie", TODAY)
    store.revoke(consent.id, MOTHER, "Kita Sonnenschein")
    rights.erase_family(store, family.id, "Kita Sonnenschein")
    assert store.verify() == []  # the chain over the entries' ciphertext still holds
    for value in stored_values(database_url):
        assert b"Quabeck" not in value and b"Lindqvorst" not in value, value
    if database_url.startswith("sqlite"):  # the raw bytes on disk: database file and write-ahead log
        raw = b"".join(path.read_bytes() for path in database_files(database_url))
        assert b"Kita Sonnenschein" in raw  # the scan sees clear text where there is some
        for name in (b"Quabeck", b"Lindqvorst"):
            assert name not in raw, name
