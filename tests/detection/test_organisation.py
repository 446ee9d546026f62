"""ORGANIZATION: named Kitas, schools and employers; kinds of places and public institutions stay."""
from __future__ import annotations

import pytest
from names_support import labelled
from patterns_support import check_case, negatives, positives

CASES = positives(
    "ORGANIZATION",
    [
        ("Leon geht in die Kita Sonnenblume.", "Kita Sonnenblume", 0.85),
        ("Sie war im Kindergarten Regenbogen.", "Kindergarten Regenbogen", 0.85),
        ("Die Kita „Pusteblume“ am Deich", "Kita „Pusteblume“", 0.85),
        ("Mia kommt in die Grundschule am Buntentorsteinweg.", "Grundschule am Buntentorsteinweg", 0.85),
        ("Sie besucht die Schule an der Admiralstraße.", "Schule an der Admiralstraße", 0.85),
        ("Anmeldung in der Ev. Kita St. Markus", "Ev. Kita St. Markus", 0.85),
        ("Die Kita Bunte Kiste hat Plätze frei.", "Kita Bunte Kiste", 0.85),
        ("Er ist Schüler der Mark-Twain-Grundschule.", "Mark-Twain-Grundschule", 0.85),
        ("Sie arbeitet in der Bäckerei Özdemir.", "Bäckerei Özdemir", 0.85),
        ("Der Vater fährt für den Pflegedienst Schmidt GmbH.", "Pflegedienst Schmidt GmbH", 0.85),
        ("Die Schmidt & Partner GmbH zahlt pünktlich.", "Schmidt & Partner GmbH", 0.85),
        ("Er trainiert beim Sportverein Grün-Weiß e.V. in Walle.", "Sportverein Grün-Weiß e.V.", 0.85),
        ("Termin in der Hebammenpraxis Lebensfluss", "Hebammenpraxis Lebensfluss", 0.85),
        ("Die Mutter arbeitet bei Lidl an der Kasse.", "Lidl", 0.7),
    ],
)
NOT_ORGANISATIONS = negatives(
    "ORGANIZATION",
    [
        "Die Kita hat heute früher geschlossen.",
        "In der Grundschule wird gebastelt.",
        "Die Kita-Leitung informiert alle Eltern.",
        "Die Kita Leitung informiert alle Eltern.",
        "Der Übergang in die Schule im August 2025",
        "Das Familienzentrum bietet ein Elterncafé an.",
        "Er arbeitet bei der Post.",
        "Das Jugendamt und das Gesundheitsamt",
    ],
)


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), CASES + NOT_ORGANISATIONS)
def test_organisation_cases(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


@pytest.mark.parametrize(
    "text",
    ["Das Amt für Soziale Dienste lädt ein.", "Kurs der Volkshochschule", "Treffen im Mütterzentrum", "Kita Bremen"],
)
def test_public_institutions_are_allowed(detector, text):
    assert labelled(detector, text, "ORGANIZATION") == {}


def test_employer_named_after_a_family_is_one_organisation(detector):
    findings = [(f.text, f.label) for f in detector.analyze("Sie arbeitet in der Bäckerei Özdemir.")]
    assert findings == [("Bäckerei Özdemir", "ORGANIZATION")]
