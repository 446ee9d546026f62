"""generalise: age band, month/year, birth year, "im Stadtteil"."""
from __future__ import annotations

import pytest
from anonymization_support import TEST_KEY, run, spans

from anonymizer.anonymization import anonymize_findings
from anonymizer.policies import Policy


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Leon ist 4 Jahre alt.", "4 Jahre", "Leon ist 3–4 J. alt."),
        ("Leon (5) malt.", "(5)", "Leon (5–6 J.) malt."),
        ("Leon, 3;6 Jahre, malt.", "3;6 Jahre", "Leon, 3–4 J., malt."),
        ("der vierjährige Leon", "vierjährige", "der 3- bis 4-jährige Leon"),
        ("Ein 8 Monate altes Baby", "8 Monate", "Ein unter 1 J. altes Baby"),
        ("Mit 14 Monaten", "14 Monaten", "Mit 1–2 J."),
        ("Mutter, 34 Jahre", "34 Jahre", "Mutter, erwachsen"),
        ("Frau K. (34) kam", "(34)", "Frau K. (erwachsen) kam"),
    ],
)
def test_age_to_band(text, span, expected):
    assert run(text, spans(text, (span, "AGE")), "generalise").text == expected


@pytest.mark.parametrize(
    ("label", "span", "expected"),
    [
        ("DATE_TIME", "12.03.2025", "März 2025"),
        ("DATE_TIME", "3. Mai 2019", "Mai 2019"),
        ("DATE_OF_BIRTH", "03.05.2020", "2020"),
        ("DATE_OF_BIRTH", "geb. 03.05.20", "geb. 2020"),
    ],
)
def test_dates_to_month_or_year(label, span, expected):
    text = f"Termin: {span}."
    assert run(text, spans(text, (span, label)), "generalise").text == f"Termin: {expected}."


def test_date_to_year_by_option():
    text = "Gespräch am 12.03.2025."
    policy = Policy(name="x", entities={"DATE_TIME": {"operator": "generalise", "options": {"date": "year"}}})
    result = anonymize_findings(text, spans(text, ("12.03.2025", "DATE_TIME")), policy, key_provider=lambda: TEST_KEY)
    assert result.text == "Gespräch am 2025."


def test_address_location_and_organisation():
    text = "Familie wohnt Lindenstraße 14, 28217 Bremen, in Gröpelingen; Leon geht in die Kita Sonnenblume."
    findings = spans(text, ("Lindenstraße 14, 28217 Bremen", "ADDRESS"), ("Gröpelingen", "LOCATION"), ("Kita Sonnenblume", "ORGANIZATION"))
    result = run(text, findings, "generalise")
    assert result.text == "Familie wohnt [Adresse im Stadtteil], in [Ort]; Leon geht in die [Kita]."


def test_types_without_a_rule_fall_back_to_placeholder():
    text = "Telefon 0421 123456, Leon"
    result = run(text, spans(text, ("0421 123456", "PHONE_NUMBER"), "Leon"), "generalise")
    assert result.text == "Telefon [TELEFON_1], [PERSON_1]"
    assert {r.operator for r in result.replacements} == {"placeholder"}
