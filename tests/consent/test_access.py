"""Ownership in the core: who sees a family, who may export and erase it, who may add a consent.

``family`` is owned by the Kita Sonnenschein; ``consent`` names it and the Familienhilfe Lotse (the
participant). The Jugendamt is not part of the family.
"""
from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import text

from anonymizer.consent import rights
from anonymizer.consent.access import NETWORK_COORDINATION, OWNER, check_may_add, family_rights_ground
from anonymizer.consent.gate import check_meeting
from anonymizer.db import alembic_config, get_engine, session_factory, upgrade_database
from anonymizer.errors import NotFound, NotPermitted
from anonymizer.web.accounts import Role, create_user
from consent.register_data import TODAY, consent_input

OWNER_KITA, PARTICIPANT, OUTSIDER = "Kita Sonnenschein", "Familienhilfe Lotse", "Jugendamt"


@pytest.fixture
def own_consent(store, family, consent):
    """A second consent of the owner that does not name the participant."""
    return store.add_consent(consent_input(family.id, participants=[{"institution": OWNER_KITA}], category="Förderplanung"))


def test_only_the_owner_or_the_network_coordination_may_export_and_erase(store, family, consent):
    assert family_rights_ground(store, family.id, OWNER_KITA) == OWNER
    assert family_rights_ground(store, family.id, "Netzwerkkoordination", network_wide=True) == NETWORK_COORDINATION
    with pytest.raises(NotPermitted, match="Netzwerkkoordination"):
        family_rights_ground(store, family.id, PARTICIPANT)
    with pytest.raises(NotFound) as unseen:
        family_rights_ground(store, family.id, OUTSIDER)
    with pytest.raises(NotFound) as missing:
        family_rights_ground(store, 999, OUTSIDER)
    # The same words for "not yours to see" and "does not exist": only the number differs.
    assert str(unseen.value).replace(str(family.id), "N") == str(missing.value).replace("999", "N")
    with pytest.raises(NotFound):
        family_rights_ground(store, 999, "Netzwerkkoordination", network_wide=True)


def test_a_participant_may_not_show_the_family_to_a_new_institution(store, family, consent):
    widening = consent_input(family.id, institution=PARTICIPANT,
                             participants=[{"institution": PARTICIPANT}, {"institution": OUTSIDER}])
    with pytest.raises(NotPermitted, match=OUTSIDER):
        check_may_add(store, widening)
    check_may_add(store, consent_input(family.id, institution=PARTICIPANT))  # the same circle: a renewal
    check_may_add(store, consent_input(family.id, participants=[{"institution": OUTSIDER}]))  # the owner may
    with pytest.raises(NotFound):
        check_may_add(store, consent_input(family.id, institution=OUTSIDER, participants=[{"institution": OUTSIDER}]))


def test_the_owner_sees_every_consent_of_its_family_a_participant_only_its_own(store, family, consent, own_consent):
    by_participant = store.add_consent(consent_input(family.id, institution=PARTICIPANT,
                                                     participants=[{"institution": PARTICIPANT}]))
    assert [c.id for c in store.consents(visible_to=OWNER_KITA)] == [consent.id, own_consent.id, by_participant.id]
    assert [c.id for c in store.consents(visible_to=PARTICIPANT)] == [consent.id, by_participant.id]
    with pytest.raises(NotFound):
        store.consent(own_consent.id, visible_to=PARTICIPANT)
    assert store.families(visible_to=OUTSIDER) == []


def test_the_gate_decides_on_what_the_asking_institution_sees(store, family, consent, own_consent):
    decision = check_meeting(store, family.id, [PARTICIPANT], "Förderplanung", TODAY, visible_to=PARTICIPANT)
    assert decision.consent_id == consent.id and f"Einwilligung {own_consent.id}" not in decision.reason
    with pytest.raises(NotFound, match="kein Eintrag sichtbar"):
        check_meeting(store, family.id, [OUTSIDER], "Förderplanung", TODAY, visible_to=OUTSIDER)


def test_export_and_erasure_record_their_ground(store, family, consent):
    rights.export_family(store, family.id, "Netzwerkkoordination", acting_as=NETWORK_COORDINATION)
    rights.erase_family(store, family.id, OWNER_KITA, acting_as=OWNER)
    exported, erased = (next(e for e in store.audit_entries() if e.action == action)
                        for action in ("data_exported", "family_erased"))
    assert (exported.institution, json.loads(exported.details)["acting_as"]) == ("Netzwerkkoordination", NETWORK_COORDINATION)
    assert (erased.institution, json.loads(erased.details)["acting_as"]) == (OWNER_KITA, OWNER)
    assert store.verify() == []


def test_an_export_holds_no_entry_of_an_erased_family_that_had_the_same_id(store, family, consent):
    check_meeting(store, family.id, [PARTICIPANT], "Fallberatung mit Familie", TODAY, institution=PARTICIPANT)
    rights.erase_family(store, family.id, OWNER_KITA)
    successor = store.add_family([{"name": "Olga Petrova"}], "Kita Regenbogen")  # SQLite reuses the id
    log = rights.export_family(store, successor.id)["protokoll"]
    assert [e["vorgang"] for e in log] == ["Familie eingetragen"]
    assert {e["institution"] for e in log} == {"Kita Regenbogen"}


def test_the_ownership_migration_keeps_tokens_and_allows_the_network_coordination(database_url):
    engine = get_engine(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_users")
    # The rows as the code of 0002 wrote them: today's models have columns that 0002 lacks.
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO institutions (name) VALUES (:name)"), {"name": OWNER_KITA})
        connection.execute(text(
            "INSERT INTO users (username, display_name, password_hash, role, institution_id, active, created_at) "
            "SELECT 'kora', 'Kora', 'kein-hash', 'koordination', id, true, CURRENT_TIMESTAMP FROM institutions"
        ))
        connection.execute(text("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                                "SELECT id, 'Skript', :digest, CURRENT_TIMESTAMP FROM users"), {"digest": "0" * 64})
    upgrade_database(database_url)  # rebuilds ``users`` on SQLite, whose tokens point at it
    with session_factory(engine).begin() as session:
        create_user(session, "nina", "lang-genug-123", Role.NETZWERKKOORDINATION, "Netzwerkkoordination")
        assert session.scalar(text("SELECT count(*) FROM api_tokens")) == 1
    with pytest.raises(Exception, match="ck_users_role"), engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'chef'"))
