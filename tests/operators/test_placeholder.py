"""placeholder: numbered per type and document, German labels, configurable."""
from __future__ import annotations

from anonymization_support import run, spans


def test_numbers_per_type_in_order_of_first_appearance():
    text = "Leon wohnt Lindenstraße 14, Mia wohnt Am Markt 3. Leon ruft 0421 123456 an."
    findings = spans(text, "Leon", "Mia", ("Lindenstraße 14", "ADDRESS"), ("Am Markt 3", "ADDRESS"), ("0421 123456", "PHONE_NUMBER"))
    result = run(text, findings)
    assert result.text == "[PERSON_1] wohnt [ADRESSE_1], [PERSON_2] wohnt [ADRESSE_2]. [PERSON_1] ruft [TELEFON_1] an."


def test_labels_come_from_the_policy():
    text = "Leon wohnt Lindenstraße 14."
    result = run(text, spans(text, "Leon", ("Lindenstraße 14", "ADDRESS")), labels={"PERSON": "NAME", "ADDRESS": "ANSCHRIFT"})
    assert result.text == "[NAME_1] wohnt [ANSCHRIFT_1]."


def test_same_value_same_number_across_spellings():
    text = "Mail an ayse@example.de, später nochmals an AYSE@example.de."
    result = run(text, spans(text, ("ayse@example.de", "EMAIL_ADDRESS"), ("AYSE@example.de", "EMAIL_ADDRESS")))
    assert result.text == "Mail an [E-MAIL_1], später nochmals an [E-MAIL_1]."
