"""LOCATION: districts and small places used as a residence; big cities without a cue stay."""
from __future__ import annotations

import pytest
from patterns_support import check_case, negatives, positives

RESIDENCE = 0.85

CASES = positives(
    "LOCATION",
    [
        ("Die Familie wohnt in Gröpelingen.", "Gröpelingen", RESIDENCE),
        ("Seit Mai lebt sie in Tenever.", "Tenever", RESIDENCE),
        ("Die Familie lebt in Bremen.", "Bremen", RESIDENCE),
        ("Der Vater lebt noch in Herat.", "Herat", RESIDENCE),
        ("Sie ziehen im Herbst nach Bad Zwischenahn.", "Bad Zwischenahn", RESIDENCE),
        ("Die Oma wohnt in der Neuen Vahr.", "Neuen Vahr", RESIDENCE),
        ("eine Zweizimmerwohnung in Dortmund-Nordstadt", "Dortmund-Nordstadt", RESIDENCE),
        ("Treffpunkt im Stadtteil Huchting", "Huchting", RESIDENCE),
        ("Wohnort: Achim", "Achim", RESIDENCE),
        ("Sie kommt aus Tenever.", "Tenever", 0.5),
        ("Herr Koch aus Findorff hat angerufen.", "Findorff", 0.5),
        ("Sie ist im Mai nach Kattenturm umgezogen.", "Kattenturm", RESIDENCE),
        ("Oberhausen, den 14.01.2025\nUnterschrift", "Oberhausen", 0.5),
    ],
)
NOT_LOCATIONS = negatives(
    "LOCATION",
    [
        "Die Fortbildung ist in Hamburg.",
        "Die Familie lebt in Armut.",
        "Die Eltern leben in Trennung.",
        "Sie ist in Elternzeit.",
        "Wir spielen in der Halle.",
        "Leon ist in der Gruppe von Frau Koch.",
        "Treffen im Jugendamt",
        "In Absprache mit der Mutter",
        "Wir suchen eine Fachkraft in Vollzeit.",
        "Die Familie kommt aus Syrien.",
        "Das Treffen fand im Stadtteil statt.",
        "Sie wohnt im Quartier, nicht weit von der Kita.",
    ],
)


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), CASES + NOT_LOCATIONS)
def test_location_cases(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)
