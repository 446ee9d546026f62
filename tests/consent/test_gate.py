"""The gate decides every reason right, and audits each decision without names."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from anonymizer.consent.gate import (
    ALLOWED,
    NO_CONSENT,
    PARTICIPANT_NOT_COVERED,
    PURPOSE_NOT_COVERED,
    check_meeting,
)
from anonymizer.consent.schemas import EXPIRED, NOT_YET_VALID, REVOKED, ParticipantSpec
from anonymizer.consent.store import family_entity
from anonymizer.errors import InputError
from consent.register_data import CHILD, HELPER, MOTHER, TODAY

MEETING = ["Kita Sonnenschein", "Familienhilfe Lotse"]


def test_covered_meeting_is_allowed(store, family, consent):
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", TODAY)
    assert (decision.allowed, decision.reason_code, decision.consent_id) == (True, ALLOWED, consent.id)
    assert decision.reason.startswith("Erlaubt: Einwilligung")


def test_no_consent(store, family):
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", TODAY)
    assert (decision.allowed, decision.reason_code) == (False, NO_CONSENT)
    assert decision.reason.startswith("Keine Einwilligung")


def test_expired(store, family, consent):
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", dt.date(2027, 1, 1))
    assert (decision.allowed, decision.reason_code) == (False, EXPIRED)
    assert "galt nur bis 31.12.2026" in decision.reason


def test_not_yet_valid(store, family, consent):
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", dt.date(2025, 12, 1))
    assert (decision.allowed, decision.reason_code) == (False, NOT_YET_VALID)


def test_revoked_from_the_day_of_the_revocation(store, family, consent):
    store.revoke(consent.id, MOTHER, "Kita Sonnenschein", at=dt.datetime(2026, 6, 15, 16, 0))
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", TODAY)
    assert (decision.allowed, decision.reason_code) == (False, REVOKED)
    assert decision.reason.startswith("Widerrufen: Einwilligung") and "am 15.06.2026 widerrufen" in decision.reason


def test_a_meeting_before_the_revocation_stays_covered(store, family, consent):
    # Art. 7(3) DSGVO: a revocation works for the future only.
    store.revoke(consent.id, MOTHER, "Kita Sonnenschein", at=dt.datetime(2026, 6, 15, 16, 0))
    decision = check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", dt.date(2026, 6, 14))
    assert (decision.allowed, decision.reason_code) == (True, ALLOWED)
    assert "am 14.06.2026" in decision.reason and "inzwischen am 15.06.2026 widerrufen" in decision.reason


def test_participant_not_covered(store, family, consent):
    decision = check_meeting(store, family.id, [*MEETING, "Jugendamt"], "Fallberatung mit Familie", TODAY)
    assert (decision.allowed, decision.reason_code) == (False, PARTICIPANT_NOT_COVERED)
    assert "Jugendamt ist in Einwilligung" in decision.reason


def test_named_staff_must_be_the_agreed_person(store, family, consent):
    agreed = ParticipantSpec(institution="Familienhilfe Lotse", staff="Frau Bergmann")
    other = ParticipantSpec(institution="Familienhilfe Lotse", staff="Tom Krause")
    assert check_meeting(store, family.id, [agreed], "Fallberatung mit Familie", TODAY).allowed
    decision = check_meeting(store, family.id, [other], "Fallberatung mit Familie", TODAY)
    assert decision.reason_code == PARTICIPANT_NOT_COVERED


def test_institution_kind_matches_the_registered_institution(store, family, consent):
    # Minutes often say "die Familienhilfe" for the registered "Familienhilfe Lotse".
    assert check_meeting(store, family.id, ["Kita", "Familienhilfe"], "Fallberatung", TODAY).allowed
    assert not check_meeting(store, family.id, ["Kita Regenbogen"], "Fallberatung", TODAY).allowed


def test_purpose_not_covered(store, family, consent):
    decision = check_meeting(store, family.id, MEETING, "Hilfeplanung", TODAY)
    assert (decision.allowed, decision.reason_code) == (False, PURPOSE_NOT_COVERED)
    assert "gilt für „Fallberatung mit Familie“, nicht für „Hilfeplanung“" in decision.reason


def test_one_fitting_consent_among_several_is_enough(store, family, consent):
    from consent.register_data import consent_input

    store.add_consent(consent_input(family.id, category="Hilfeplanung", participants=[{"institution": "Jugendamt"}]))
    assert check_meeting(store, family.id, ["Jugendamt"], "Hilfeplanung", TODAY).allowed
    assert not check_meeting(store, family.id, ["Jugendamt"], "Fallberatung mit Familie", TODAY).allowed


def test_unknown_purpose_or_family_is_an_input_error(store, family):
    with pytest.raises(InputError, match="Unbekannter Zweck"):
        check_meeting(store, family.id, MEETING, "Kaffeetrinken", TODAY)
    with pytest.raises(InputError, match="Familie 42 gibt es nicht"):
        check_meeting(store, 42, MEETING, "Hilfeplanung", TODAY)


def test_every_decision_is_audited_without_names(store, family, consent):
    check_meeting(store, family.id, MEETING, "Fallberatung mit Familie", TODAY, institution="Kita Sonnenschein")
    check_meeting(store, family.id, [ParticipantSpec(institution="Jugendamt", staff=HELPER)], "Hilfeplanung", TODAY)
    decisions = [e for e in store.audit_entries(family_entity(family.id)) if e.action == "gate_decision"]
    assert [json.loads(e.details)["decision"] for e in decisions] == [ALLOWED, PURPOSE_NOT_COVERED]
    assert decisions[0].institution == "Kita Sonnenschein"
    logged = " ".join(e.details for e in store.audit_entries())
    for name in (MOTHER, CHILD, HELPER, "Bergmann", "Yılmaz"):
        assert name not in logged
    assert store.verify() == []
