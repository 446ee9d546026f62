"""Street addresses with optional postcode and town."""
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


POSITIVES = positives(
    "ADDRESS",
    [
        ("Die Familie wohnt in der Lindenstraße 14, 28217 Bremen.", "Lindenstraße 14, 28217 Bremen", 0.9),
        ("Lindenstraße 14", "Lindenstraße 14", 0.7),
        ("Lindenstrasse 14a", "Lindenstrasse 14a", 0.7),
        ("Karl-Marx-Str. 3a", "Karl-Marx-Str. 3a", 0.7),
        ("Von-Ossietzky-Straße 12", "Von-Ossietzky-Straße 12", 0.7),
        ("Berliner Allee 14-16", "Berliner Allee 14-16", 0.7),
        ("Alte Dorfstraße 3", "Alte Dorfstraße 3", 0.7),
        ("Hauptstraße 14 b, 12345 Frankfurt am Main", "Hauptstraße 14 b, 12345 Frankfurt am Main", 0.9),
        ("Rosenweg 7, 06108 Halle (Saale)", "Rosenweg 7, 06108 Halle (Saale)", 0.9),
        ("Ostertorsteinweg 20", "Ostertorsteinweg 20", 0.7),
        ("Parkallee 3", "Parkallee 3", 0.7),
        ("Marktplatz 1", "Marktplatz 1", 0.7),
        ("Weserdamm 5", "Weserdamm 5", 0.7),
        ("Schlachte-Ufer 4", "Schlachte-Ufer 4", 0.7),
        ("Am Markt 3", "Am Markt 3", 0.45),
        ("Die Mutter wohnt Am Markt 3.", "Am Markt 3", 0.8),  # "wohnt" is a context word
        ("An der Weide 12a", "An der Weide 12a", 0.45),
        ("Auf dem Kamp 4", "Auf dem Kamp 4", 0.45),
        ("Hinter der Mauer 2", "Hinter der Mauer 2", 0.45),
        ("Unter den Linden 5", "Unter den Linden 5", 0.45),
        ("Am Wall 142, 28195 Bremen", "Am Wall 142, 28195 Bremen", 0.85),
        ("Frau Yılmaz\nLindenstraße 14\n28217 Bremen\n", "Lindenstraße 14\n28217 Bremen", 0.9),
        ("Anschrift:\n28217 Bremen\n", "28217 Bremen", 0.8),
        ("Die Familie ist nach 28217 Bremen gezogen.", "28217 Bremen", 0.75),
        ("Die Lindenstraße 14 ist", "Lindenstraße 14", 0.7),  # the article is no part of the street
        ("Lindenstraße Nr. 14", "Lindenstraße Nr. 14", 0.7),
        # street names without a number, found by the NER model
        ("Die Familie ist in die Karl-Marx-Straße gezogen.", "Karl-Marx-Straße", 0.55),
        ("Treffen in der Hauptstraße vor dem Bäcker.", "Hauptstraße", 0.55),
    ],
)

NEGATIVES = negatives(
    "ADDRESS",
    [
        "Im Raum 12 findet die Eingewöhnung statt",
        "Am Montag 3 Kinder krank",
        "Im Jahr 2019",
        "Der Spielplatz 2 ist gesperrt",
        "Lindenstraße",  # a bare word without a sentence or number is no address
        "Die Straße 3 wurde gesperrt",
        "Am Montag um 14 Uhr",
        "seit 28217 Tagen",
        "in 10000 Fällen",
        "Förderung in 12000 Haushalten",
        "Summe:\n12000 Euro\n",
        "Bahnhof 2 Minuten entfernt",
        "Kita Lindenstraße 40 Kinder",
    ],
)


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), [*POSITIVES, *NEGATIVES])
def test_finds_exactly_the_expected(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_registration_form(detector):
    assert_note(
        detector,
        "address_anmeldung.txt",
        expected={
            "ADDRESS": [
                "Am Wall 142, 28195 Bremen",
                "Karl-Marx-Str. 3a\n04109 Leipzig",
                "An der Weide 12 b",
                "Berliner Allee 14-16, 40212 Düsseldorf",
            ]
        },
        untouched=["Im Raum 12", "4 Kinder", "Spielplatz 2"],
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    pathological_inputs("Ab ", "Lindenstraße ", "A-"),
    ids=["capitalised-words", "streets-without-numbers", "hyphenated-capitals"],
)
def test_pathological_megabyte_completes(text):
    for recognizer in recognizers_of("address"):
        results = recognizer.analyze(text, recognizer.supported_entities)
        assert all(result.end - result.start < 300 for result in results)
