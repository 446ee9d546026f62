"""Every operator on every entity type: a value for each span, never the original, never a crash."""
from __future__ import annotations

import pytest
from anonymization_support import run, spans

from anonymizer.operators import OPERATORS
from anonymizer.policies import GERMAN_LABELS

NOTE = (
    "Frau Ayşe Yılmaz, Lindenstraße 14, 28217 Bremen, wohnt in Gröpelingen. Tel. 0421 3612345, "
    "ayse@example.de, https://example.de/ayse. Leon, geb. 03.05.2020, ist 4 Jahre alt; Termin 12.03.2025. "
    "IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 12 345 678 903, KVNR A123456780, Az. 51-2024-0815, "
    "Kennzeichen HB-AY 123, Ausweis T22000129, aus Eritrea, Kita Sonnenblume."
)
PIECES = {
    "PERSON": "Ayşe Yılmaz", "ADDRESS": "Lindenstraße 14, 28217 Bremen", "LOCATION": "Gröpelingen",
    "PHONE_NUMBER": "0421 3612345", "EMAIL_ADDRESS": "ayse@example.de", "URL": "https://example.de/ayse",
    "DATE_OF_BIRTH": "03.05.2020", "AGE": "4 Jahre", "DATE_TIME": "12.03.2025",
    "IBAN_CODE": "DE89 3704 0044 0532 0130 00", "DE_TAX_ID": "12 345 678 903", "DE_HEALTH_INSURANCE_NUMBER": "A123456780",
    "CASE_FILE_NUMBER": "51-2024-0815", "DE_LICENSE_PLATE": "HB-AY 123", "DE_ID_DOCUMENT": "T22000129",
    "NRP": "Eritrea", "ORGANIZATION": "Kita Sonnenblume",
}


def test_the_table_covers_every_entity_type():
    assert set(PIECES) == set(GERMAN_LABELS)


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_type_gets_a_replacement(operator):
    findings = spans(NOTE, *((text, label) for label, text in PIECES.items()))
    result = run(NOTE, findings, operator)
    assert {r.label for r in result.replacements} == set(PIECES)
    for replacement in result.replacements:
        assert replacement.replacement, replacement
        assert replacement.original not in result.text, replacement
