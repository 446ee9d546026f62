"""The minutes check on real minutes, a real register (SQLite file) and the real detector."""
from __future__ import annotations

import datetime as dt
import json

import docx
import pytest
from typer.testing import CliRunner

from anonymizer.cli import app
from anonymizer.config import get_settings
from anonymizer.consent.schemas import ConsentInput
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import generate_key, parse_key, write_key_file
from anonymizer.db import get_engine, upgrade_database
from anonymizer.minutes import BLOCK, NO_VISIBLE_ENTRY, RELEASE, REGISTER_NAME, check_minutes

DAY = dt.date(2026, 3, 12)
COVERED = """Protokoll Fallberatung
Datum: 12.03.2026
Teilnehmende: Frau Yilmaz (Mutter), Kita Sonnenschein, Familienhilfe Lotse

Gespräch mit Frau Yılmaz und der Familienhilfe über die Sprachförderung von Leon.
Leon wohnt in der Hauptstraße 5, 12345 Berlin.
"""


@pytest.fixture
def store(tmp_path) -> ConsentStore:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    upgrade_database(url)
    register = ConsentStore(get_engine(url), parse_key(generate_key()))
    family = register.add_family([{"name": "Ayşe Yılmaz", "role": "Mutter"}, {"name": "Leon Yılmaz", "role": "Kind", "aliases": ["Leo"]}],
                                 "Kita Sonnenschein")
    register.add_family([{"name": "Jörg Müller", "role": "Vater"}], "Kita Sonnenschein")
    register.add_consent(ConsentInput(
        family_id=family.id, institution="Kita Sonnenschein", given_by="Ayşe Yılmaz", given_by_role="Elternteil",
        participants=[{"institution": "Kita Sonnenschein"}, {"institution": "Familienhilfe Lotse"}],
        category="Fallberatung mit Familie", purpose="Sprachförderung", valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31), form="schriftlich", form_location="Ordner E",
    ))
    yield register
    get_engine.cache_clear()


def test_covered_meeting_still_blocks_for_personal_data_and_cleans_it(store, detector):
    report = check_minutes(COVERED, store)
    [meeting] = report.meetings
    assert (meeting.family_id, meeting.allowed, meeting.day) == (1, True, DAY)
    assert meeting.purpose == "Fallberatung mit Familie"
    assert set(meeting.participants) == {"Kita Sonnenschein", "Familienhilfe Lotse"}
    assert report.verdict == BLOCK
    assert any("personenbezogenen Daten" in reason for reason in report.reasons)
    names = {(d.where.line, d.text) for d in report.personal_data if d.reason == REGISTER_NAME}
    assert {(3, "Frau Yilmaz"), (5, "Frau Yılmaz"), (6, "Leon")} <= names
    assert any(d.label == "ADRESSE" and d.where.line == 6 for d in report.personal_data)
    for leaked in ("Yilmaz", "Yılmaz", "Leon", "Hauptstraße"):
        assert leaked not in report.cleaned
    assert "Kita Sonnenschein" in report.cleaned and "Familienhilfe" in report.cleaned


def test_uncovered_participant_blocks(store, detector):
    report = check_minutes(COVERED.replace("Familienhilfe Lotse\n", "Familienhilfe Lotse, Jugendamt (ASD)\n"), store)
    [meeting] = report.meetings
    assert not meeting.allowed and meeting.reason.startswith("Teilnehmer nicht abgedeckt: Jugendamt")
    assert report.verdict == BLOCK
    assert report.reasons[0].startswith("Gemeinsames Gespräch ohne gültige Einwilligung – Teilnehmer nicht abgedeckt")


def test_consent_revoked_before_the_meeting_blocks(store, detector):
    store.revoke(1, "Ayşe Yılmaz", "Kita Sonnenschein", at=dt.datetime(2026, 3, 1, 10, 0))
    [meeting] = check_minutes(COVERED, store).meetings
    assert meeting.reason.startswith("Widerrufen") and not meeting.allowed
    assert meeting.next_step.startswith("Das Gespräch aus dem Protokoll streichen")


def test_consent_revoked_after_the_meeting_still_covers_it(store, detector):
    # Art. 7(3) DSGVO: the revocation works for the future; the verdict says it was given.
    store.revoke(1, "Ayşe Yılmaz", "Kita Sonnenschein", at=dt.datetime(2026, 3, 20, 10, 0))
    [meeting] = check_minutes(COVERED, store, today=dt.date(2026, 3, 25)).meetings
    assert meeting.allowed and "inzwischen am 20.03.2026 widerrufen" in meeting.reason


def test_purpose_not_covered_blocks(store, detector):
    text = "Datum: 12.03.2026\nHilfeplangespräch mit Familie Yilmaz, dem Jugendamt und der Kita Sonnenschein."
    [meeting] = check_minutes(text, store).meetings
    assert meeting.purpose == "Hilfeplanung"
    assert meeting.reason.startswith("Zweck nicht abgedeckt")


def test_family_without_consent_alias_tolerant(store, detector):
    # "Mueller" is the registered "Jörg Müller", who gave no consent.
    report = check_minutes("Am 12.03.2026 fand ein Gespräch mit Herrn Mueller und der Kita Sonnenschein statt.", store)
    [meeting] = report.meetings
    assert (meeting.family_id, meeting.allowed) == (2, False)
    assert meeting.reason.startswith("Keine Einwilligung")


def test_family_not_in_register_blocks(store, detector):
    report = check_minutes("Gemeinsames Elterngespräch mit Familie Petrowski in der Kita Sonnenschein.", store)
    [meeting] = report.meetings
    assert meeting.family_id is None and "nicht im Einwilligungsregister" in meeting.reason
    assert report.verdict == BLOCK


def test_an_institution_learns_nothing_of_families_it_may_not_see(store, detector):
    outsider = check_minutes(COVERED, store, visible_to="Jugendamt")
    [meeting] = outsider.meetings
    assert (meeting.family_id, meeting.allowed, meeting.reason) == (None, False, NO_VISIBLE_ENTRY)
    assert REGISTER_NAME not in {d.reason for d in outsider.personal_data}
    unregistered = check_minutes(COVERED.replace("Yılmaz", "Petrowski").replace("Yilmaz", "Petrowski"), store,
                                 visible_to="Jugendamt")
    assert [m.reason for m in unregistered.meetings] == [NO_VISIBLE_ENTRY]
    [participant] = check_minutes(COVERED, store, visible_to="Familienhilfe Lotse").meetings
    assert (participant.family_id, participant.allowed) == (1, True)


def test_network_member_is_not_taken_for_the_family(store, detector):
    report = check_minutes("Gespräch mit Frau Schneider (Jugendamt) über die Gruppe.", store)
    assert report.meetings == []


def test_without_register_a_joint_meeting_cannot_be_released(detector):
    [meeting] = check_minutes("Gemeinsames Elterngespräch mit Familie Yilmaz am 12.03.2026.", None).meetings
    assert meeting.reason.startswith("Einwilligung nicht prüfbar") and not meeting.allowed


def test_clean_minutes_are_released(store, detector):
    report = check_minutes("Teamsitzung: Die Gruppe plant das Sommerfest. Nächste Sitzung im Juni.", store)
    assert (report.verdict, report.reasons, report.meetings, report.personal_data) == (RELEASE, [], [], [])


def test_gate_decisions_of_the_check_are_audited_without_names(store, detector):
    check_minutes(COVERED, store, institution="Kita Sonnenschein")
    decisions = [e for e in store.audit_entries() if e.action == "gate_decision"]
    assert len(decisions) == 1 and json.loads(decisions[0].details)["decision"] == "erlaubt"
    assert "Yılmaz" not in decisions[0].details and store.verify() == []


@pytest.fixture
def kita_anon(store, tmp_path, monkeypatch):
    key_file = tmp_path / "key"
    write_key_file(key_file)
    monkeypatch.setenv("KITA_ANON_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("KITA_ANON_KEY_FILE", str(key_file))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_cli_checks_docx_and_writes_a_cleaned_docx(kita_anon, tmp_path, detector):
    source = tmp_path / "protokoll.docx"
    document = docx.Document()
    for line in COVERED.splitlines():
        document.add_paragraph(line)
    document.save(source)
    result = kita_anon.invoke(app, ["minutes", "check", str(source), "--output", str(tmp_path / "sauber.docx")])
    assert result.exit_code == 1, result.output
    assert "Ergebnis: Nicht freigeben" in result.output
    # An empty register: the family is not registered, so no consent covers the meeting.
    assert "nicht im Einwilligungsregister" in result.output
    # Places a reader finds in the Word file: paragraphs, not line numbers; and what to do next.
    assert "Zeile" not in result.output and "Absatz 4: " in result.output and "Was tun: " in result.output
    cleaned = "\n".join(p.text for p in docx.Document(tmp_path / "sauber.docx").paragraphs)
    assert "Hauptstraße" not in cleaned and "Sprachförderung" in cleaned


def test_cli_releases_clean_text_and_reports_bad_input(kita_anon, tmp_path, detector):
    clean = tmp_path / "team.txt"
    clean.write_text("Teamsitzung: Die Gruppe plant das Sommerfest.\n", encoding="utf-8")
    result = kita_anon.invoke(app, ["minutes", "check", str(clean)])
    assert (result.exit_code, result.output) == (0, "Ergebnis: Freigeben\n")
    missing = kita_anon.invoke(app, ["minutes", "check", str(tmp_path / "fehlt.txt")])
    assert missing.exit_code == 2 and "Datei nicht gefunden" in missing.output


def test_alias_of_a_family_member_is_recognised_and_replaced(store, detector):
    report = check_minutes("Datum: 12.03.2026\nGemeinsames Elterngespräch in der Kita Sonnenschein: Leo spielt gern.", store)
    [meeting] = report.meetings
    assert (meeting.family_id, meeting.allowed) == (1, True)
    assert "Leo " not in report.cleaned


def test_meeting_with_the_parents_of_a_named_child(store, detector):
    report = check_minutes("Datum: 12.03.2026\nHausbesuch mit den Eltern von Leon, dabei das Jugendamt.", store)
    [meeting] = report.meetings
    assert meeting.family_id == 1 and meeting.reason.startswith("Teilnehmer nicht abgedeckt: Jugendamt")
