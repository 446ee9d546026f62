"""Layout first: chat senders, e-mail headers and quoted replies, signature blocks, form fields,
table columns and quoted labels are places where only a name can stand - whatever the word lists say."""
from __future__ import annotations

import pytest

from anonymizer.detection import layout
from document_support import covered, touched

CHAT = """Gruppe „Igel-Eltern“
[07:15] Mama Saltuk: Guten Morgen, Deniz hat Fieber und bleibt zu Hause
[07:16] Jelena P.: gute Besserung! 🙏
[07:18] mebrat: wir kommen heute später
[07:20] Tanja Winter: Danke für die Info, ich sage es der Gruppe.
"""

THREAD = """Von: Leni Bosse <l.bosse@kita-wiesenklee.example>
An: Hannes Morgen <h.morgen@web.example>; Eltern der Kometen
Betreff: AW: Abholung am Freitag

Hallo Herr Morgen,

der Termin passt.

Viele Grüße
Leni Bosse, stellv. Leitung

Am 03.04.2026 um 09:12 schrieb Hannes Morgen <h.morgen@web.example>:
> Können wir am Freitag früher abholen?
"""

FORM = """Anmeldung Hort
Familienname: SOMMER          Vorname(n): FINN LUCA
Name des Kindes: Lasse Wiese
Sorgeberechtigt: Frau Anke Wiese, Herr Jan Wiese
Ort, Datum: Hannover, 12.03.2026          Unterschriften: A. Wiese   J. Wiese
"""

TABLE = """Kind\tBezugsperson\tTelefon\tHinweis
Lotte Morgen\tMutter Maike Morgen\t0179 1128 4450\tNussallergie
Theo Licht\tVater Moritz Licht\t0511 3398 147\tHolt dienstags ab
"""

SIGNATURES = """Verbandbuch Kita Sonnenhügel

Nr | Datum | Wer | Ersthelfer | Kürzel
1 | 12.01.2026 | Emil Sommer | Frau Hahn | MW
2 | 14.01.2026 | Ida Winter | Frau Hahn | SH

Geprüft: Leitung Wenke Hollenbeck, Handzeichen WH
Klingel „OKONJO / BEHRMANN“
"""


@pytest.mark.parametrize("name", ["Saltuk", "Jelena P.", "mebrat", "Tanja Winter"])
def test_chat_senders_are_names(detector, name):
    assert covered(CHAT, detector.analyze(CHAT), name)


def test_the_role_of_a_chat_sender_stays_readable(detector):
    assert not touched(CHAT, detector.analyze(CHAT), "Mama")


@pytest.mark.parametrize("name", ["Leni Bosse", "Hannes Morgen"])
def test_names_in_mail_headers_signatures_and_quoted_replies(detector, name):
    findings = detector.analyze(THREAD)
    for occurrence in range(THREAD.count(name)):
        assert covered(THREAD, findings, name, occurrence=occurrence), (name, occurrence)


def test_a_group_in_a_mail_header_is_no_person(detector):
    assert not touched(THREAD, detector.analyze(THREAD), "Kometen")


@pytest.mark.parametrize("name", ["SOMMER", "FINN LUCA", "Lasse Wiese", "Anke Wiese", "Jan Wiese", "A. Wiese", "J. Wiese"])
def test_names_in_form_fields(detector, name):
    assert covered(FORM, detector.analyze(FORM), name)


def test_the_place_of_a_signature_line_is_no_person(detector):
    assert not touched(FORM, detector.analyze(FORM), "Hannover")


@pytest.mark.parametrize("name", ["Lotte Morgen", "Maike Morgen", "Theo Licht", "Moritz Licht"])
def test_table_columns_named_by_their_header(detector, name):
    assert covered(TABLE, detector.analyze(TABLE), name)


def test_table_header_and_other_columns_stay(detector):
    findings = detector.analyze(TABLE)
    for word in ("Bezugsperson", "Nussallergie", "Hinweis"):
        assert not touched(TABLE, findings, word), word


@pytest.mark.parametrize("name", ["Emil Sommer", "Ida Winter", "MW", "SH", "Wenke Hollenbeck", "WH", "OKONJO", "BEHRMANN"])
def test_signatures_initials_columns_and_labels(detector, name):
    assert covered(SIGNATURES, detector.analyze(SIGNATURES), name)


def test_slots_of_a_table_know_their_columns():
    found = {(TABLE[slot.start : slot.end], slot.strength) for slot in layout.slots(TABLE)}
    assert ("Lotte Morgen", layout.STRONG) in found
    assert ("Nussallergie", layout.WEAK) in found
    assert ("Kind", layout.WEAK) in found  # a header cell needs a name-like word to hold a name


def test_names_heading_columns_are_found(detector):
    attendance = "Datum\tLeon\tMia\tBemerkung\n01.03.\tda\tkrank\t-\n02.03.\tda\tda\t-\n"
    findings = detector.analyze(attendance)
    assert covered(attendance, findings, "Leon") and covered(attendance, findings, "Mia")
    assert not touched(attendance, findings, "Bemerkung")


@pytest.mark.parametrize(
    "chat",
    [
        "Jelena P., [12.03.2026 07:15]\nbin gleich da\nMama Saltuk, [12.03.2026 07:16]\nok danke\n",
        "07:15 Jelena P.: komme später\n07:16 Mama Saltuk: ok danke\n",
    ],
)
def test_other_chat_exports(detector, chat):
    findings = detector.analyze(chat)
    assert covered(chat, findings, "Jelena P.") and covered(chat, findings, "Saltuk")


def test_a_lowercase_name_joined_to_a_name_in_a_quick_note(detector):
    note = "ich nehm die kiebitze mit, konni und ecrin sind eh immer zuerst da. spielen und lachen."
    findings = detector.analyze(note)
    assert covered(note, findings, "konni") and not touched(note, findings, "spielen")


def test_a_single_time_stamp_line_is_no_chat():
    assert [slot for slot in layout.slots("13:05 Anruf: Mutter kommt später\n") if slot.kind == layout.CHAT_SENDER] == []
