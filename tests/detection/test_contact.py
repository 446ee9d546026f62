"""Phone numbers, e-mail addresses and URLs."""
from __future__ import annotations

import pytest
from patterns_support import (
    assert_note,
    check_case,
    findings,
    negatives,
    pathological_inputs,
    positives,
    recognizers_of,
)

from anonymizer.detection.recognizers.contact import has_public_suffix


POSITIVES = [
    *positives(
        "PHONE_NUMBER",
        [
            ("Tel. 0421 / 36 12 345", "0421 / 36 12 345", 0.9),
            ("Telefon: +49 421 3612345", "+49 421 3612345", 0.9),
            ("Handy 0176-12345678", "0176-12345678", 0.9),
            ("Festnetz (0421) 361 23 45", "(0421) 361 23 45", 0.9),
            ("Mobil: 0049 176 12345678", "0049 176 12345678", 0.9),
            ("Durchwahl +49 (0)421 361 2345", "+49 (0)421 361 2345", 0.7),
            ("Der Vater ist unter 030 12345678 erreichbar", "030 12345678", 0.9),
            ("Oma in Istanbul: +90 532 123 45 67", "+90 532 123 45 67", 0.7),
            ("neue Nummer 0151 23456789", "0151 23456789", 0.7),
            ("0421/3612345", "0421/3612345", 0.55),
        ],
    ),
    *positives(
        "EMAIL_ADDRESS",
        [
            ("Mail: ayse.yilmaz@example.de.", "ayse.yilmaz@example.de", 0.99),
            ("an m.brandt@familienhilfe-bremen.de schreiben", "m.brandt@familienhilfe-bremen.de", 0.99),
            ("<leon.mueller+kita@gmx.net>", "leon.mueller+kita@gmx.net", 0.99),
            ("intern: leitung@kita.local", "leitung@kita.local", 0.75),  # no public suffix: still an address
            ("Kontakt: ayse.yilmaz(at)example.de", "ayse.yilmaz(at)example.de", 0.8),
            ("schreiben an leon [at] gmx (dot) de!", "leon [at] gmx (dot) de", 0.8),
        ],
    ),
    *positives(
        "URL",
        [
            ("siehe https://bremen.de/jugendamt?id=1).", "https://bremen.de/jugendamt?id=1", 0.85),
            ("Infos unter www.elternkurs-bremen.de/anmeldung.", "www.elternkurs-bremen.de/anmeldung", 0.75),
            ("Homepage kita-sonnenblume.de", "kita-sonnenblume.de", 0.8),
            ("Blog: familie-yilmaz.com", "familie-yilmaz.com", 0.45),
            ("http://intranet:8080/akte", "http://intranet:8080/akte", 0.85),
        ],
    ),
]

NEGATIVES = [
    *negatives(
        "PHONE_NUMBER",
        [
            "Gespräch am 03.05.2019",
            "Termin 3.5.2019 um 08:30 Uhr",
            "Aktenzeichen 51-2024-0815",
            "IBAN DE89 3704 0044 0532 0130 00",
            "Beitrag 1.250,00 EUR im Jahr",
            "im Jahr 2019 und 2020",
            "siehe Seite 12 bis 14",
            "Steuer-ID 86095742719",
        ],
    ),
    *negatives("EMAIL_ADDRESS", ["Treffen @ Kita", "E-Mail folgt", "Frau Yılmaz @Jugendamt", "a@b"]),
    *negatives(
        "URL",
        [
            "z.B. u.a. bzw. ca. usw.",
            "ist informiert.Die Mutter",
            "Datei bericht.docx",
            "Mail an ayse.yilmaz@example.de",  # the domain of an address is not a URL
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), [*POSITIVES, *NEGATIVES])
def test_finds_exactly_the_expected(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_phone_context_word_raises_the_score(detector):
    bare = findings(detector, "0421 / 36 12 345", "PHONE_NUMBER")[0].score
    with_context = findings(detector, "Telefon: 0421 / 36 12 345", "PHONE_NUMBER")[0].score
    assert bare < with_context


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("0176 43218765 0176 43218765", ["0176 43218765", "0176 43218765"]),
        ("(0421) 361 23 45 0421 / 36 12 345", ["(0421) 361 23 45", "0421 / 36 12 345"]),
        ("Tel. 0421 3612345 0176 12345678 oder 030 12345678", ["0421 3612345", "0176 12345678", "030 12345678"]),
        ("DE13 3605 0105 4943 8595 75 0176 43218765", ["0176 43218765"]),  # right after an IBAN
    ],
)
def test_numbers_written_side_by_side_are_found_one_by_one(detector, text, numbers):
    assert [finding.text for finding in findings(detector, text, "PHONE_NUMBER")] == numbers


@pytest.mark.parametrize(("text", "expected"), [("example.de", True), ("z.B", False), ("kita.local", False)])
def test_public_suffix_check_uses_the_bundled_list(text, expected):
    assert has_public_suffix(text) is expected


def test_home_visit_note(detector):
    assert_note(
        detector,
        "contact_hausbesuch.txt",
        expected={
            "PHONE_NUMBER": ["0157 / 31 22 48 90", "(0421) 361 23 45", "+48 512 345 678", "+49 (0)421 361 2345"],
            "EMAIL_ADDRESS": ["m.brandt@familienhilfe-bremen.de"],
            "URL": ["www.elternkurs-bremen.de/anmeldung"],
        },
        untouched=["14.11.2024", "10:00 bis 11:30 Uhr", "um 8 Uhr", "Gruppe 3, Raum 12", "250 Euro", "Seite 2"],
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    pathological_inputs("0421 ", "a.", "a@a."),
    ids=["phone-like", "dotted", "email-like"],
)
def test_pathological_megabyte_completes(text):
    for recognizer in recognizers_of("contact"):
        results = recognizer.analyze(text, recognizer.supported_entities)
        assert all(result.end - result.start < 2100 for result in results)
