"""IBAN, Steuer-ID, KVNR, Aktenzeichen, Kfz-Kennzeichen and ID documents."""
from __future__ import annotations

import pytest
from patterns_support import (
    assert_finds,
    assert_finds_nothing,
    assert_note,
    pathological_inputs,
    recognizers_of,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX", "DE89 3704 0044 0532 0130 00"),
        ("Konto DE89370400440532013000.", "DE89370400440532013000"),
        ("IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ("türkisches Konto TR33 0006 1005 1978 6457 8413 26", "TR33 0006 1005 1978 6457 8413 26"),
        ("AT611904300234573201 (Oma)", "AT611904300234573201"),
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
    ],
)
def test_iban_with_valid_checksum(detector, text, expected):
    assert_finds(detector, text, "IBAN_CODE", expected, min_score=0.99)


@pytest.mark.parametrize(
    "text",
    [
        "IBAN DE89 3704 0044 0532 0130 01",  # one digit off: mod 97 fails
        "DE00370400440532013000",
        "Az. DE 2024 0815",
        "Kundennummer 3704 0044 0532 0130 00",
    ],
)
def test_iban_negatives(detector, text):
    assert_finds_nothing(detector, text, "IBAN_CODE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Steuer-ID: 86095742719", "86095742719"),
        ("Steuerliche Identifikationsnummer 47 123 456 788", "47 123 456 788"),
        ("IdNr. 29347561805.", "29347561805"),
        ("Steuer-ID 86095742719, Kirchensteuer nein", "86095742719"),
    ],
)
def test_tax_id_with_valid_checksum(detector, text, expected):
    assert_finds(detector, text, "DE_TAX_ID", expected, min_score=0.99)


@pytest.mark.parametrize(
    "text",
    [
        "Steuer-ID 86095742718",  # check digit wrong
        "Steuer-ID 11112345678",  # a digit four times: not issued
        "Steuer-ID 06095742719",  # never starts with 0
        "Betrag 1.234.567.890,00 Euro",
        "Summe 86095742719,50 Euro",
        "Tel. 04213612345",
    ],
)
def test_tax_id_negatives(detector, text):
    assert_finds_nothing(detector, text, "DE_TAX_ID")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Versichertennummer A123456780", "A123456780"),
        ("KVNR: A 123456780, AOK", "A 123456780"),
        ("Krankenkasse TK, Nr. A123 456 780", "A123 456 780"),
    ],
)
def test_health_insurance_number(detector, text, expected):
    assert_finds(detector, text, "DE_HEALTH_INSURANCE_NUMBER", expected, min_score=0.99)


@pytest.mark.parametrize("text", ["Versichertennummer A123456781", "a123456780", "AB123456780", "A1234567801"])
def test_health_insurance_number_negatives(detector, text):
    assert_finds_nothing(detector, text, "DE_HEALTH_INSURANCE_NUMBER")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Jugendamt (Aktenzeichen 51-2024-0815) ist informiert.", "51-2024-0815"),
        ("Az.: 3 F 123/24 Die Mutter", "3 F 123/24"),
        ("AZ: 2024/117", "2024/117"),
        ("Gz. ABC-2024/17.", "ABC-2024/17"),
        ("Geschäftszeichen 412.3-2024", "412.3-2024"),
        ("Fallnummer 20240117", "20240117"),
        ("Aktenzeichen des Jugendamts: 51/2024-117.", "51/2024-117"),
    ],
)
def test_case_file_number_after_cue(detector, text, expected):
    assert_finds(detector, text, "CASE_FILE_NUMBER", expected, min_score=0.85)


@pytest.mark.parametrize(
    "text",
    [
        "Das Aktenzeichen liegt dem Jugendamt vor.",
        "Az. Jugendamt",
        "Die Nummer 51-2024-0815 steht auf dem Brief.",  # no cue word: not claimed as a file number
        "Gruppe 3, Raum 12",
    ],
)
def test_case_file_number_negatives(detector, text):
    assert_finds_nothing(detector, text, "CASE_FILE_NUMBER")


@pytest.mark.parametrize(
    ("text", "expected", "min_score"),
    [
        ("Kennzeichen HB-AB 123", "HB-AB 123", 0.9),
        ("parkt mit HB-AB 123 vor der Kita", "HB-AB 123", 0.55),
        ("das Auto B AB 1234E", "B AB 1234E", 0.7),
        ("Pkw: M-XY 99H", "M-XY 99H", 0.9),
    ],
)
def test_license_plate(detector, text, expected, min_score):
    assert_finds(detector, text, "DE_LICENSE_PLATE", expected, min_score)


@pytest.mark.parametrize(
    "text",
    ["bis um 14 Uhr", "SGB II 5", "HB-AB 12 Kinder", "4 Kinder in Gruppe 3", "TOP A 3", "Raum 12", "250 Euro"],
)
def test_license_plate_negatives(detector, text):
    assert_finds_nothing(detector, text, "DE_LICENSE_PLATE")


@pytest.mark.parametrize(
    ("text", "expected", "min_score"),
    [
        ("Ausweisnummer: L01X00T44", "L01X00T44", 0.99),  # ICAO check digit valid
        ("Personalausweis-Nr. T22000124", "T22000124", 0.99),
        ("Reisepass C01X00T41, gültig bis 2030", "C01X00T41", 0.99),
        ("Ausweisnummer L01X00T47", "L01X00T47", 0.7),  # check digit wrong, maybe mistyped: kept lower
        ("syrischer Reisepass Nr. N012345678", "N012345678", 0.7),
        ("Aufenthaltstitel: Y8K4LN0R2", "Y8K4LN0R2", 0.7),
    ],
)
def test_id_document_after_cue(detector, text, expected, min_score):
    assert_finds(detector, text, "DE_ID_DOCUMENT", expected, min_score)


def test_id_document_checksum_raises_the_score(detector):
    from patterns_support import findings

    valid = findings(detector, "Ausweisnummer L01X00T44", "DE_ID_DOCUMENT")[0].score
    invalid = findings(detector, "Ausweisnummer L01X00T47", "DE_ID_DOCUMENT")[0].score
    assert valid > invalid


@pytest.mark.parametrize(
    "text",
    [
        "L01X00T44",  # no cue word
        "Der Ausweis ist abgelaufen.",
        "Reisepass 2019 beantragt",
        "Pass auf dich auf",
    ],
)
def test_id_document_negatives(detector, text):
    assert_finds_nothing(detector, text, "DE_ID_DOCUMENT")


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
