"""role: "Kind A", "Mutter von Kind A", "Fachkraft B" where the text gives the role."""
from __future__ import annotations

import pytest
from anonymization_support import TEST_KEY, spans

from anonymizer.anonymization import anonymize_findings
from anonymizer.policies import Policy

ROLE_POLICY = Policy(
    name="rollen",
    entities={"PERSON": {"operator": "role"}, "AGE": {"operator": "generalise"}},
)


def anonymize_roles(text, findings):
    return anonymize_findings(text, findings, ROLE_POLICY, key_provider=lambda: TEST_KEY, seed=1)


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (  # the example: the relation stays
            "Leon Yılmaz (4) besucht die Kita. Frau Yılmaz (KM) sagt, Leon (4) schlafe schlecht.",
            ["Leon Yılmaz", "Yılmaz", ("4", "AGE")],
            "Kind A (3–4 J.) besucht die Kita. Mutter von Kind A (KM) sagt, Kind A (3–4 J.) schlafe schlecht.",
        ),
        (  # parent linked by the genitive, professionals by job or office
            "Mia Brandt (3) und Jonas Weber (5) spielen. Jonas' Vater, Herr Tim Weber, holt ihn ab. "
            "Die Erzieherin Frau Petra Lange berichtet. Frau Kaya vom Jugendamt kommt dazu.",
            ["Mia Brandt", "Jonas Weber", "Tim Weber", "Petra Lange", "Kaya"],
            "Kind A (3) und Kind B (5) spielen. Kind Bs Vater, Vater von Kind B, holt ihn ab. "
            "Die Erzieherin Fachkraft A berichtet. Fachkraft B vom Jugendamt kommt dazu.",
        ),
        (  # "Mutter von Emil", and the only child
            "Emil (2) ist neu. Mutter von Emil, Frau Sara Kühn, ist besorgt. Frau Kühn ruft an.",
            ["Emil", "Sara Kühn"],
            "Kind A (2) ist neu. Mutter von Kind A, Mutter von Kind A, ist besorgt. Mutter von Kind A ruft an.",
        ),
        (  # the role word in the text is not repeated
            "Gespräch mit KM (Fr. Nowak) und Kind Emilia (5). Die Mutter Frau Nowak nickt.",
            ["Nowak", "Emilia"],
            "Gespräch mit KM (Mutter von Kind A) und Kind A (5). Die Mutter von Kind A nickt.",
        ),
        (  # a couple is one span, never a dangling "Herr und"
            "Herr und Frau Yılmaz kamen mit Leon (4). Frau Yılmaz weinte.",
            ["Yılmaz", "Leon"],
            "[PERSON_1] kamen mit Kind A (4). [PERSON_2] weinte.",
        ),
    ],
)
def test_roles(text, pieces, expected):
    assert anonymize_roles(text, spans(text, *pieces)).text == expected


def test_without_a_role_the_placeholder_is_used():
    text = "Herr Omar Haddad hat angerufen. Leon (4) war dabei."
    result = anonymize_roles(text, spans(text, "Omar Haddad", "Leon", ("4", "AGE")))
    assert result.text == "[PERSON_1] hat angerufen. Kind A (3–4 J.) war dabei."
    assert [r.operator for r in result.replacements if r.label == "PERSON"] == ["placeholder", "role"]


def test_non_person_types_fall_back_to_placeholder():
    text = "Erreichbar unter 0421 123456."
    policy = Policy(name="x", entities={"PHONE_NUMBER": {"operator": "role"}})
    result = anonymize_findings(text, spans(text, ("0421 123456", "PHONE_NUMBER")), policy, seed=1)
    assert result.text == "Erreichbar unter [TELEFON_1]."
