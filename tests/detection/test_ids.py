"""IBAN, Steuer-ID, KVNR, Aktenzeichen, Kfz-Kennzeichen and ID documents."""
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


POSITIVES = [
    *positives(
        "IBAN_CODE",
        [
            ("IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX", "DE89 3704 0044 0532 0130 00", 0.99),
            ("Konto DE89370400440532013000.", "DE89370400440532013000", 0.99),
            ("IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32", 0.99),
            ("türkisches Konto TR33 0006 1005 1978 6457 8413 26", "TR33 0006 1005 1978 6457 8413 26", 0.99),
            ("AT611904300234573201 (Oma)", "AT611904300234573201", 0.99),
            ("NL91ABNA0417164300", "NL91ABNA0417164300", 0.99),
            ("AT61 1904 3002 3457 3201 0176 43218765", "AT61 1904 3002 3457 3201", 0.99),  # digits follow
            ("IBAN AT611904300234573201 4 Kinder", "AT611904300234573201", 0.99),
        ],
    ),
    *positives(
        "DE_TAX_ID",
        [
            ("Steuer-ID: 86095742719", "86095742719", 0.99),
            ("Steuerliche Identifikationsnummer 47 123 456 788", "47 123 456 788", 0.99),
            ("IdNr. 29347561805.", "29347561805", 0.99),
            ("Steuer-ID 86095742719, Kirchensteuer nein", "86095742719", 0.99),
        ],
    ),
    *positives(
        "DE_HEALTH_INSURANCE_NUMBER",
        [
            ("Versichertennummer A123456780", "A123456780", 0.99),
            ("KVNR: A 123456780, AOK", "A 123456780", 0.99),
            ("Krankenkasse TK, Nr. A123 456 780", "A123 456 780", 0.99),
        ],
    ),
    *positives(
        "CASE_FILE_NUMBER",
        [
            ("Das Jugendamt (Aktenzeichen 51-2024-0815) ist informiert.", "51-2024-0815", 0.85),
            ("Az.: 3 F 123/24 Die Mutter", "3 F 123/24", 0.85),
            ("AZ: 2024/117", "2024/117", 0.85),
            ("Gz. ABC-2024/17.", "ABC-2024/17", 0.85),
            ("Geschäftszeichen 412.3-2024", "412.3-2024", 0.85),
            ("Fallnummer 20240117", "20240117", 0.85),
            ("Aktenzeichen des Jugendamts: 51/2024-117.", "51/2024-117", 0.85),
            ("ALG II (BG-Nr. 25102//0012345)", "25102//0012345", 0.85),
            ("Kundennummer 123456789", "123456789", 0.85),
        ],
    ),
    *positives(
        "DE_LICENSE_PLATE",
        [
            ("Kennzeichen HB-AB 123", "HB-AB 123", 0.9),
            ("parkt mit HB-AB 123 vor der Kita", "HB-AB 123", 0.55),
            ("das Auto B AB 1234E", "B AB 1234E", 0.7),
            ("Pkw: M-XY 99H", "M-XY 99H", 0.9),
        ],
    ),
    *positives(
        "DE_ID_DOCUMENT",
        [
            ("Ausweisnummer: L01X00T44", "L01X00T44", 0.99),  # ICAO check digit valid
            ("Personalausweis-Nr. T22000124", "T22000124", 0.99),
            ("Reisepass C01X00T41, gültig bis 2030", "C01X00T41", 0.99),
            ("Ausweisnummer L01X00T47", "L01X00T47", 0.7),  # check digit wrong, maybe mistyped: kept lower
            ("syrischer Reisepass Nr. N012345678", "N012345678", 0.7),
            ("Aufenthaltstitel: Y8K4LN0R2", "Y8K4LN0R2", 0.7),
        ],
    ),
]

NEGATIVES = [
    *negatives(
        "IBAN_CODE",
        [
            "IBAN DE89 3704 0044 0532 0130 01",  # one digit off: mod 97 fails
            "DE00370400440532013000",
            "Az. DE 2024 0815",
            "Kundennummer 3704 0044 0532 0130 00",
        ],
    ),
    *negatives(
        "DE_TAX_ID",
        [
            "Steuer-ID 86095742718",  # check digit wrong
            "Steuer-ID 11112345678",  # a digit four times: never issued
            "Steuer-ID 06095742719",  # never starts with 0
            "Betrag 1.234.567.890,00 Euro",
            "Summe 86095742719,50 Euro",
            "Tel. 04213612345",
        ],
    ),
    *negatives(
        "DE_HEALTH_INSURANCE_NUMBER",
        ["Versichertennummer A123456781", "a123456780", "AB123456780", "A1234567801"],
    ),
    *negatives(
        "CASE_FILE_NUMBER",
        [
            "Das Aktenzeichen liegt dem Jugendamt vor.",
            "Az. Jugendamt",
            "Die Nummer 51-2024-0815 steht auf dem Brief.",  # no cue word: not claimed as a file number
            "In der Akte 3 Vermerke vom Amt",
            "AZ 38,5 Std. pro Woche",
        ],
    ),
    *negatives("DE_LICENSE_PLATE", ["bis um 14 Uhr", "SGB II 5", "HB-AB 12 Kinder", "TOP A 3"]),
    *negatives(
        "DE_ID_DOCUMENT",
        ["L01X00T44", "Der Ausweis ist abgelaufen.", "Reisepass 2019 beantragt", "Pass auf dich auf"],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), [*POSITIVES, *NEGATIVES])
def test_finds_exactly_the_expected(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_id_document_checksum_raises_the_score(detector):
    valid = findings(detector, "Ausweisnummer L01X00T44", "DE_ID_DOCUMENT")[0].score
    invalid = findings(detector, "Ausweisnummer L01X00T47", "DE_ID_DOCUMENT")[0].score
    assert valid > invalid


def test_jugendamt_letter(detector):
    assert_note(
        detector,
        "ids_jugendamt.txt",
        expected={
            "CASE_FILE_NUMBER": ["51-2024-0815", "HB 3 F 123/24"],
            "IBAN_CODE": ["DE89 3704 0044 0532 0130 00"],
            "DE_TAX_ID": ["47 123 456 788"],
            "DE_HEALTH_INSURANCE_NUMBER": ["A123456780"],
            "DE_ID_DOCUMENT": ["L01X00T44"],
            "DE_LICENSE_PLATE": ["HB-NB 417"],
        },
        untouched=["250 Euro", "Seite 2", "Paragraf 90 SGB VIII", "DE89 3704 0044 0532 0130 01"],
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    pathological_inputs("A", "Az. 1 ", "AB AB 1 "),
    ids=["capitals", "cue-and-digit", "plate-like"],
)
def test_pathological_megabyte_completes(text):
    for recognizer in recognizers_of("ids"):
        results = recognizer.analyze(text, recognizer.supported_entities)
        assert all(result.end - result.start < 100 for result in results)
