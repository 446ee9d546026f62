"""Other personal data the whole-document corpus showed missing: private organisations with unusual
type words, ages after a comma or in months, day-month dates without a year, origin fields - and
the list words, rooms and roles that must stay."""
from __future__ import annotations

import pytest

from document_support import covered, touched

NOTE = """Hausbesuch am 24.01. bei Familie Hadžić

Frau Petrenko, 71, wohnt nebenan und hilft oft. Valon (8, 2. Klasse) geht in die Birkenhainschule,
Lejla ist 3 J. 8 Mon. alt, das Baby Amra 16 Monate. Lejla geht montags zur Ergotherapie Kleine Schritte,
Valon spielt beim TSV Weserstrand. Die Familienhilfe macht die Lebenshilfe Nord gGmbH.
Nächster Termin: 27.5., Urlaub der Familie 30.03. bis 10.04.2026.
Staatsangehörigkeit(en): bosnisch          Familiensprache(n): Bosnisch, Deutsch
"""


@pytest.mark.parametrize(
    "phrase, label",
    [
        ("71", "AGE"),
        ("8", "AGE"),
        ("3 J. 8 Mon.", "AGE"),
        ("16 Monate", "AGE"),
        ("24.01.", "DATE_TIME"),
        ("27.5.", "DATE_TIME"),
        ("30.03.", "DATE_TIME"),
        ("Birkenhainschule", "ORGANIZATION"),
        ("Ergotherapie Kleine Schritte", "ORGANIZATION"),
        ("TSV Weserstrand", "ORGANIZATION"),
        ("Lebenshilfe Nord gGmbH", "ORGANIZATION"),
        ("bosnisch", "NRP"),
    ],
)
def test_other_types_in_a_home_visit_note(detector, phrase, label):
    assert covered(NOTE, detector.analyze(NOTE), phrase, label=label), phrase


CLEAN = """To-do für die Teamsitzung am Mittwoch:
- Flur und Küche aufräumen, Turnhalle abschließen
- Die Sprachmittlerin für das Elterngespräch anfragen
- Protokoll-AG trifft sich im Personalraum
- Aushang: Grundschule und Musikschule laden zum Tag der offenen Tür ein, Seite 3, 5 und 7 beachten.
"""


def test_no_false_positives_in_a_note_without_personal_data(detector):
    findings = [f for f in detector.analyze(CLEAN) if f.label != "DATE_TIME"]
    assert findings == []


def test_a_blank_form_has_no_origin(detector):
    form = "Staatsangehörigkeit: ☐ deutsch   ☐ andere: ______________\n"
    assert not touched(form, detector.analyze(form), "deutsch", label="NRP")


def test_a_time_after_a_day_and_month_is_no_year(detector):
    text = "Termine: 01.04. 10:00 U6 beim Kinderarzt."
    assert [f.text for f in detector.analyze(text) if f.label == "DATE_TIME"] == ["01.04."]


CLEAN_FORMS = [
    "Sprechzeiten Leitung     Mo–Do 8–9 Uhr     Fr nach Vereinbarung\n",
    "Unterschrift Leitung: ____________   Unterschrift Sorgeberechtigte: ____________\nProtokoll: N.N.\n",
    "Bereich          Ziel                    Maßnahme                 Verantwortlich\n"
    "Sprache          Wortschatz erweitern    Bilderbuchbetrachtung    Bezugsfachkraft\n",
]


@pytest.mark.parametrize("text", CLEAN_FORMS)
def test_templates_and_opening_hours_hold_no_names(detector, text):
    assert [f for f in detector.analyze(text) if f.label != "DATE_TIME"] == []


def test_a_signature_after_a_role_keeps_the_name(detector):
    text = "Unterschrift Sorgeberechtigte: F. Andernariam\nName: Do Thi Lan\n"
    findings = detector.analyze(text)
    assert covered(text, findings, "F. Andernariam") and covered(text, findings, "Do Thi Lan")
