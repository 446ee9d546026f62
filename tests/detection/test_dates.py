"""Dates, dates of birth and ages."""
from __future__ import annotations

import pytest
from patterns_support import (
    assert_note,
    check_case,
    negatives,
    pathological_inputs,
    positives,
    recognizers_of,
)


POSITIVES = [
    *positives(
        "DATE_TIME",
        [
            ("Gespräch am 03.05.2019 in der Kita", "03.05.2019", 0.55),
            ("am 3.5.2019", "3.5.2019", 0.55),
            ("Termin: 03.05.19", "03.05.19", 0.55),
            ("Bericht vom 3. Mai 2019", "3. Mai 2019", 0.5),
            ("am 3. Mai kam die Mutter", "3. Mai", 0.5),
            ("seit Mai 2019 in der Kita", "Mai 2019", 0.45),
            ("Eingang 2019-05-03", "2019-05-03", 0.55),
            ("am 3.5. kommt der Vater", "3.5.", 0.45),
            ("Dienstag, 03.06.2024", "03.06.2024", 0.55),
            ("am 14. Okt. 2023", "14. Okt. 2023", 0.5),
            ("seit 2019 in Deutschland", "2019", 0.41),  # a year after a temporal cue
            ("im Jahr 2021 umgezogen", "2021", 0.41),
        ],
    ),
    *positives(
        "DATE_OF_BIRTH",
        [
            ("Leon (geb. 03.05.2020) besucht", "03.05.2020", 0.9),
            ("geboren am 3. Mai 2019 in Bremen", "3. Mai 2019", 0.9),
            ("Geburtsdatum: 03.05.19", "03.05.19", 0.9),
            ("Leon Yılmaz, * 03.05.2019", "03.05.2019", 0.9),
            ("Emre Demir (*21.09.2020)", "21.09.2020", 0.9),
            ("Jahrgang 2019", "2019", 0.9),
            ("Geb.-Datum 2020-01-31", "2020-01-31", 0.9),
            ("geboren im Mai 2021", "Mai 2021", 0.9),
            ("Leon, geb. am 03.05.2020, wohnt", "03.05.2020", 0.9),
            ("Geburtsdatum des Kindes: 03.05.2020", "03.05.2020", 0.9),
        ],
    ),
    *positives(
        "AGE",
        [
            ("Leon ist 4 Jahre alt.", "4 Jahre alt", 0.85),
            ("Leon (4 J.) spielt", "4 J.", 0.8),
            ("der 4-jährige Leon", "4-jährige", 0.75),
            ("die Vierjährige weint", "Vierjährige", 0.75),
            ("ihre vierjährige Tochter", "vierjährige", 0.75),
            ("Entwicklungsstand 3;6 Jahre", "3;6 Jahre", 0.85),
            ("Lea (3;6) spricht", "3;6", 0.85),
            ("Er ist 3 Jahre und 6 Monate", "3 Jahre und 6 Monate", 0.75),
            ("Das Baby ist 14 Monate alt", "14 Monate alt", 0.85),
            ("Leon (5) und Mia (3)", "5", 0.55),
            ("Ali Demir (4) kommt", "4", 0.55),
            ("Leon, 4 Jahre, besucht die Kita", "4 Jahre", 0.5),
            ("im Alter von 4 Jahren", "4 Jahren", 0.85),
            ("Alter: 4", "4", 0.85),
            ("Mutter (32 Jahre)", "32 Jahre", 0.85),
            ("Lea ist 4½ Jahre alt", "4½ Jahre alt", 0.85),
            ("ein zwölfjähriger Bruder", "zwölfjähriger", 0.75),
            ("sie ist achtzehnjährig", "achtzehnjährig", 0.75),
            ("er ist drei Jahre alt", "drei Jahre alt", 0.85),
            ("die 4 Jahre alte Lea", "4 Jahre alte", 0.65),
            ("mit 3 Jahren kam er in die Kita", "3 Jahren", 0.55),
        ],
    ),
]

NEGATIVES = [
    *negatives(
        "DATE_TIME",
        [
            "am Montag und am Mittwoch",  # weekdays alone are no personal data
            "im Mai fährt die Gruppe weg",  # nor are month names
            "31.02.2019",  # no such day
            "TOP 2.1. Bericht",
            "Beitrag ab 2020 Euro",
            "Paragraf 90 SGB VIII 2024",  # a bare year without a cue
        ],
    ),
    *negatives(
        "DATE_OF_BIRTH",
        [
            "* 03.05.2019 Gespräch mit der Mutter",  # a bullet point, not a birth star
            "geb. Müller",  # a maiden name
            "Gespräch am 03.05.2019",
            "geboren in Syrien",
            "Geburtstag feiern wir am Montag",
        ],
    ),
    *negatives(
        "AGE",
        [
            "Gruppe (3)",
            "Kinder (12)",
            "seit 4 Jahren in Bremen",
            "für 2 Jahre bewilligt",
            "die letzten 2 Jahre, seit dem Umzug",
            "Die Förderung dauert 2 Jahre lang",
            "eine dreijährige Ausbildung",
            "halbjährig",
            "TOP 3 (5)",
            "Gruppe Regenbogen (20) ist voll",
            "Mit 3 Jahren Verspätung wurde der Anbau fertig",
            "Gruppe für Kinder (3-6 Jahre)",
            "für 3- bis 6-jährige Kinder",
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), [*POSITIVES, *NEGATIVES])
def test_finds_exactly_the_expected(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_date_of_birth_wins_over_date(detector):
    found = detector.analyze("Leon (geb. 03.05.2020)", entities=["DATE_TIME", "DATE_OF_BIRTH"])
    assert [(f.label, f.text) for f in found] == [("DATE_OF_BIRTH", "03.05.2020")]


def test_development_report(detector):
    assert_note(
        detector,
        "dates_entwicklungsbericht.txt",
        expected={
            "DATE_OF_BIRTH": ["21.09.2020"],
            "DATE_TIME": ["3. Mai 2024", "August 2023", "12.03.24", "03.06.2024", "2022"],
            "AGE": ["3;7 Jahre", "sechsjährigen", "4 Jahre"],
        },
        untouched=["Januar bis April", "am Montag", "am Mittwoch", "um 14 Uhr", "Gruppe 3", "dreijährige Ausbildung", "im Mai"],
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    pathological_inputs("1.", "Leon (", "1 Jahre "),
    ids=["dotted-digits", "name-bracket", "years"],
)
def test_pathological_megabyte_completes(text):
    for recognizer in recognizers_of("dates"):
        results = recognizer.analyze(text, recognizer.supported_entities)
        assert all(result.end - result.start < 100 for result in results)
