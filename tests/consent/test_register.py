"""Adding, revoking and expiring consents; validation; what an institution may see; reminders."""
from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import inspect

from anonymizer.consent import rights
from anonymizer.consent.schemas import EXPIRED, GRANTED, NOT_YET_VALID, REVOKED, ConsentInput
from anonymizer.db import alembic_config, get_engine, upgrade_database
from anonymizer.errors import InputError
from consent.register_data import HELPER, MOTHER, TODAY, consent_input


def test_migrations_create_the_schema_once_and_match_the_models(database_url):
    upgrade_database(database_url)
    upgrade_database(database_url)  # idempotent
    engine = get_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"families", "consents", "consent_participants", "revocations", "audit_log"} <= tables
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises if the models drifted from the migrations


def test_add_reads_back_every_field(store, family):
    added = store.add_consent(consent_input(family.id))
    again = store.consent(added.id)
    assert again == added
    assert again.given_by == MOTHER
    assert [(p.institution, p.staff) for p in again.participants] == [
        ("Kita Sonnenschein", None), ("Familienhilfe Lotse", HELPER)
    ]
    assert again.form_location == "Ordner Einwilligungen, Büro der Leitung"
    assert again.state_on(TODAY) == GRANTED
    assert store.family(family.id).members[0].name == MOTHER


def test_revocation_takes_effect_from_its_day_and_is_kept(store, consent):
    revoked = store.revoke(consent.id, MOTHER, "Familienhilfe Lotse", reason="möchte das nicht mehr",
                           at=dt.datetime(2026, 6, 15, 9, 30))
    assert revoked.state_on(TODAY) == REVOKED
    assert revoked.state_on(dt.date(2026, 6, 16)) == REVOKED
    # Art. 7(3) DSGVO: the revocation does not affect the days before it.
    assert revoked.state_on(dt.date(2026, 6, 14)) == GRANTED
    [revocation] = store.consent(consent.id).revocations
    assert (revocation.revoked_by, revocation.reason, revocation.recorded_by) == (
        MOTHER, "möchte das nicht mehr", "Familienhilfe Lotse"
    )
    with pytest.raises(InputError, match="bereits widerrufen"):
        store.revoke(consent.id, MOTHER, "Kita Sonnenschein")


def test_consent_expires_after_its_last_day(store, consent):
    assert consent.state_on(dt.date(2026, 12, 31)) == GRANTED
    assert consent.state_on(dt.date(2027, 1, 1)) == EXPIRED
    assert consent.state_on(dt.date(2025, 12, 31)) == NOT_YET_VALID


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_until": dt.date(2025, 1, 1)}, "'gültig bis' liegt vor 'gültig ab'"),
        ({"form": "mündlich", "witness": None}, "Zeugin oder einen Zeugen"),
        ({"form_location": None}, "wo das unterschriebene Formular liegt"),
        ({"category": "Kaffeetrinken"}, "category: unbekannt"),
        ({"participants": []}, "participants: braucht mindestens einen Eintrag"),
        ({"given_by_role": "Nachbarin"}, "given_by_role: unbekannt"),
    ],
)
def test_bad_consents_are_refused_in_german(changes, message):
    from anonymizer.consent.schemas import validated

    data = consent_input(1).model_dump() | changes
    with pytest.raises(InputError, match=message):
        validated(ConsentInput, data)


def test_verbal_consent_with_witness_is_accepted(store, family):
    consent = store.add_consent(consent_input(family.id, form="mündlich", witness="Petra Lang", form_location=None))
    assert (consent.form, consent.witness) == ("mündlich", "Petra Lang")


def test_unknown_family_and_consent_are_clear_errors(store):
    with pytest.raises(InputError, match="Familie 99 gibt es nicht"):
        store.add_consent(consent_input(99))
    with pytest.raises(InputError, match="Einwilligung 5 gibt es nicht"):
        store.revoke(5, MOTHER, "Kita Sonnenschein")


def test_an_institution_sees_consents_it_registered_or_is_named_in(store, family):
    other = store.add_family([{"name": "Olga Petrova"}], "Kita Regenbogen")
    mine = store.add_consent(consent_input(family.id))
    theirs = store.add_consent(consent_input(
        other.id, institution="Kita Regenbogen", participants=[{"institution": "Kita Regenbogen"}]
    ))
    assert [c.id for c in store.consents(visible_to="Kita Sonnenschein")] == [mine.id]
    assert [c.id for c in store.consents(visible_to="Familienhilfe Lotse")] == [mine.id]
    assert [c.id for c in store.consents(visible_to="Kita Regenbogen")] == [theirs.id]
    assert store.consents(visible_to="Jugendamt") == []
    assert [f.id for f in store.families(visible_to="Familienhilfe Lotse")] == [family.id]
    assert [c.id for c in store.consents()] == [mine.id, theirs.id]


def test_reminders_name_consents_in_force_that_end_soon(store, family):
    soon = store.add_consent(consent_input(family.id, valid_until=TODAY + dt.timedelta(days=10)))
    store.add_consent(consent_input(family.id, valid_until=TODAY + dt.timedelta(days=90)))
    revoked = store.add_consent(consent_input(family.id, valid_until=TODAY + dt.timedelta(days=5)))
    store.revoke(revoked.id, MOTHER, "Kita Sonnenschein")
    store.add_consent(consent_input(family.id, valid_until=TODAY - dt.timedelta(days=1)))  # already over
    [reminder] = rights.reminders(store, 30, TODAY)
    assert (reminder.consent_id, reminder.days_left) == (soon.id, 10)
    assert "in 10 Tagen" in reminder.message() and MOTHER not in reminder.message()


def test_bad_families_are_refused_in_german(store):
    with pytest.raises(InputError, match="name: darf nicht leer sein"):
        store.add_family([{"name": " "}], "Kita Sonnenschein")
    with pytest.raises(InputError, match="mindestens ein Mitglied"):
        store.add_family([], "Kita Sonnenschein")
    with pytest.raises(InputError, match="welche Institution"):
        store.add_family([{"name": MOTHER}], "")
    assert store.families() == [] and store.audit_entries() == []
