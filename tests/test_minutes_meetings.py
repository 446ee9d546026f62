"""Joint meetings in minutes: held or planned, judged by the consent of their day, with the
participants of that meeting; findings named by TOP or paragraph; every reason says what to do."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from anonymizer.consent.store import ConsentStore
from anonymizer.db import get_engine
from anonymizer.minutes import BLOCK, check_minutes
from minutes_support import sample_register

MINUTES = Path(__file__).parent / "data" / "minutes"
TODAY = dt.date(2026, 3, 20)
ENTER_OR_DROP = "Einwilligung der Familie vor dem Termin eintragen oder Gespräch streichen."


@pytest.fixture
def register(tmp_path) -> ConsentStore:
    store = sample_register(tmp_path)
    yield store
    get_engine.cache_clear()


def minutes(name: str) -> str:
    return (MINUTES / name).read_text(encoding="utf-8")


def test_a_planned_meeting_needs_consent_before_it_takes_place(register, detector):
    report = check_minutes(minutes("geplantes_gespraech.txt"), register, today=TODAY)
    [meeting] = report.meetings
    assert (meeting.planned, meeting.day, meeting.allowed) == (True, dt.date(2026, 4, 15), True)
    assert meeting.reason.startswith("Geplantes Gespräch am 15.04.2026: Die Einwilligung muss vorliegen, bevor")
    assert any(note.startswith("Geplantes Gespräch am 15.04.2026") and "TOP 2" in note for note in report.notes)


def test_a_planned_meeting_after_a_revocation_is_blocked(register, detector):
    register.revoke(1, "Ayşe Yılmaz", "Kita Sonnenschein", at=dt.datetime(2026, 3, 18, 9, 0))
    report = check_minutes(minutes("geplantes_gespraech.txt"), register, today=TODAY)
    [meeting] = report.meetings
    assert meeting.planned and not meeting.allowed and "widerrufen" in meeting.reason
    assert meeting.next_step == ENTER_OR_DROP and report.verdict == BLOCK
    assert report.reasons[0].endswith(f"(TOP 2) Was tun: {ENTER_OR_DROP}")


def test_a_planned_meeting_with_a_family_without_consent_is_blocked(register, detector):
    text = "Datum: 12.03.2026\nEin Gespräch mit Herrn Müller und der Kita Sonnenschein findet am 02.04.2026 statt."
    [meeting] = check_minutes(text, register, today=TODAY).meetings
    assert (meeting.family_id, meeting.planned, meeting.day, meeting.allowed) == (2, True, dt.date(2026, 4, 2), False)
    assert meeting.next_step == ENTER_OR_DROP


def test_a_future_date_alone_makes_a_meeting_planned(register, detector):
    text = "Datum: 12.05.2026\nGespräch mit Frau Yılmaz und der Kita Sonnenschein zur Sprachförderung."
    [meeting] = check_minutes(text, register, today=TODAY).meetings
    assert meeting.planned and meeting.allowed


def test_an_agreement_reached_in_a_meeting_does_not_make_it_planned(register, detector):
    text = ("Datum: 12.03.2026\nIm Gespräch mit Frau Yılmaz und der Kita Sonnenschein wurde vereinbart, dass "
            "die Kita die Sprachförderung fortsetzt.")
    [meeting] = check_minutes(text, register, today=TODAY).meetings
    assert not meeting.planned and meeting.day == dt.date(2026, 3, 12)


def test_a_held_meeting_is_judged_by_the_consent_of_its_day(register, detector):
    register.revoke(1, "Ayşe Yılmaz", "Kita Sonnenschein", at=dt.datetime(2026, 3, 18, 9, 0))
    held = check_minutes(minutes("netzwerkrunde_tops.txt"), register, today=TODAY)  # held on 12.03.2026
    [meeting] = held.meetings
    assert meeting.allowed and not meeting.planned and "inzwischen am 18.03.2026 widerrufen" in meeting.reason
    later = minutes("netzwerkrunde_tops.txt").replace("12.03.2026", "19.03.2026")
    [after] = check_minutes(later, register, today=TODAY).meetings
    assert not after.allowed and after.next_step.startswith("Das Gespräch aus dem Protokoll streichen")


def test_participants_come_from_the_top_of_the_meeting_not_the_whole_round(register, detector):
    # The round had the Jugendamt and the Erziehungsberatung; the meeting in TOP 2 had neither.
    [meeting] = check_minutes(minutes("netzwerkrunde_tops.txt"), register, today=TODAY).meetings
    assert set(meeting.participants) == {"Kita Sonnenschein", "Familienhilfe Lotse"} and meeting.allowed
    assert meeting.where == "TOP 2"


def test_participants_come_from_the_sentence_and_kinds_become_the_listed_institution(register, detector):
    text = ("Protokoll der Netzwerkrunde\nDatum: 12.03.2026\nAnwesend: Kita Sonnenschein, Familienhilfe Lotse, "
            "Jugendamt\nDas Jugendamt berichtet über neue Angebote.\n"
            "Gespräch mit Frau Yılmaz und der Familienhilfe über die Sprachförderung.")
    [meeting] = check_minutes(text, register, today=TODAY).meetings
    assert meeting.participants == ["Familienhilfe Lotse"] and meeting.allowed


def test_a_family_on_the_attendance_list_met_the_whole_list(register, detector):
    [meeting] = check_minutes(minutes("hilfeplan_mueller.txt"), register, today=TODAY).meetings
    assert set(meeting.participants) == {"Jugendamt", "Kita Sonnenschein"}


def test_findings_name_their_top_or_paragraph_and_quote_neutral_words(register, detector):
    report = check_minutes(minutes("netzwerkrunde_tops.txt"), register, today=TODAY)
    assert {d.where.section for d in report.personal_data} == {"TOP 2"}
    for finding in report.personal_data:
        assert f"»{finding.replacement}«" in finding.context
        assert not any(name in finding.context for name in ("Yılmaz", "Leon", "14.05.2021"))
    [birth] = [d for d in report.personal_data if "14.05.2021" in d.text]
    assert birth.context.startswith("[PERSON_") or "(geb." in birth.context
    text = report.to_text()
    assert "Zeile" not in text and "TOP 2:" in text


def test_without_tops_findings_name_the_paragraph_of_a_word_file(register, detector):
    report = check_minutes(minutes("fallberatung_yilmaz.txt"), register, today=TODAY)
    phone = next(d for d in report.personal_data if d.text == "0176-12345678")
    assert phone.where.section == "Absatz 7"  # the blank line is no paragraph
    assert phone.context == "… an die Mutter unter »[TELEFON_1]«."  # four words on either side


def test_every_blocking_reason_says_what_to_do(register, detector):
    for name in ("hilfeplan_mueller.txt", "fallberatung_yilmaz.txt"):
        report = check_minutes(minutes(name), register, today=TODAY)
        assert report.reasons and all("Was tun: " in reason for reason in report.reasons)
