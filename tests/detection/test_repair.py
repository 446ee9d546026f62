"""Repair before detecting: hyphenation at line ends and OCR confusions are undone for detection,
and every finding points at the original characters."""
from __future__ import annotations

from anonymizer.detection.lexicon import is_listed_name
from anonymizer.detection.normalize import normalize
from anonymizer.detection.recognizers.words import word_of
from document_support import covered, touched

SCAN = """Vo11macht zur Abho1ung
Hiermit bevo11mächtige ich Herrn Ka1eb Behr-
mann, geb. O7.O3.2O21, mein Kind aus der Gruppe Eu1en abzuho1en.
Die Unterlagen wurden gemein-
sam geprüft.
"""


def test_line_break_hyphenation_is_joined_and_mapped_back():
    normalized = normalize("Herr Behr-\nmann kam")
    start = normalized.text.index("Behrmann")
    assert normalized.text == "Herr Behrmann kam"
    assert normalized.to_original(start, start + len("Behrmann")) == (5, 15)


def test_ocr_digits_inside_words_and_zeros_in_numbers():
    assert normalize("Robe1 Wo1demichael, geb. O7.O3.2O21").text == "Robel Woldemichael, geb. 07.03.2021"


def test_real_numbers_and_compounds_stay():
    for text in ("Raum 101, 10 Uhr, U3-Gruppe", "Kita-\nLeitung"):
        assert normalize(text).text == text


def test_names_in_a_scan_are_found_on_the_original_text(detector):
    findings = detector.analyze(SCAN)
    assert covered(SCAN, findings, "Ka1eb Behr-\nmann")
    assert covered(SCAN, findings, "O7.O3.2O21", label="DATE_OF_BIRTH")
    assert not touched(SCAN, findings, "sam")  # "gemein-\nsam" is one word again, not a name


def test_ocr_rn_for_m_in_name_lookups():
    assert is_listed_name(word_of("Tesfamariarn")) == is_listed_name(word_of("Tesfamariam"))
