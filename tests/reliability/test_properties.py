"""Property-based tests of analyze/anonymize on generated text, with the real detector.

Texts mix names of many origins, numbers and identifiers, German filler words and arbitrary Unicode,
so that the properties are checked where detection actually happens. Examples are bounded and
derandomised: the suite stays fast and a failure reproduces on every run.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anonymizer import anonymize
from anonymizer.anonymization import AnonymizedText
from anonymizer.policies import EntityLabel

LABELS = set(EntityLabel.__args__)
NAMES = [
    "Ayşe Yılmaz", "Olena Kovalenko", "Kofi Mensah", "Thi Lan Nguyen", "Ahmad Rahimi", "Saba Tesfaye",
    "Kacper Nowak", "Jana Fischer", "Amina Diallo", "Mohammed Al-Hassan", "Sergej Iwanow", "Leon", "Emre",
]
VALUES = [
    "0176 43218765", "+49 209 5566778", "0201 2233445", "ayse.yilmaz@example.org", "www.kita-sonne.example.de",
    "DE13 3605 0105 4943 8595 75", "60176548299", "M236671270", "geb. 03.09.2020", "am 12.02.2025",
    "(4)", "34 Jahre", "Az. 51.2-2024/0815", "GE-MW 812", "Altenessener Straße 214, 45326 Essen",
    "0176\u00a04321\u200b8765",
]
WORDS = [
    "Frau", "Herr", "Kita", "Jugendamt", "Mutter", "Vater", "von", "hat", "heute", "angerufen", "Termin",
    "und", "die", "der", "mit", "Tel.", ",", ".", "\n", ":", "(", ")", "[PERSON_1]", "Kind A",
    # evasions and Unicode the normaliser rewrites, so that offsets are mapped back
    "\u200b", "\u00ad", "\u00a0", "\ufeff", "Yılmаz", "Mu\u0308ller", "Le\u00adon",
]
# A value is followed by a comma: an IBAN and a phone number with only a space between them are a
# known leak, pinned on its own in test_phone_number_right_after_an_iban_is_replaced.
PIECES = st.one_of(
    st.sampled_from(NAMES), st.sampled_from([f"{value}," for value in VALUES]), st.sampled_from(WORDS),
    st.text(max_size=12),
)
NOTE = st.lists(PIECES, max_size=30).map(" ".join)
ANY_TEXT = st.text(max_size=300)
BOUNDED = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def placeholders_only(text: str) -> AnonymizedText:
    return anonymize(text, operator="placeholder")


def assert_well_formed(text: str, findings) -> None:
    previous_end = 0
    for finding in findings:
        assert previous_end <= finding.start < finding.end <= len(text), (finding, len(text))
        assert finding.text == text[finding.start : finding.end]
        assert finding.label in LABELS
        previous_end = finding.end


@BOUNDED
@given(text=st.one_of(NOTE, ANY_TEXT))
def test_analyze_returns_ordered_spans_inside_the_text(detector, text):
    assert_well_formed(text, detector.analyze(text))


@BOUNDED
@given(texts=st.lists(NOTE, min_size=1, max_size=4))
def test_analyze_batch_equals_analyze_one_by_one(detector, texts):
    assert list(detector.analyze_batch(texts)) == [detector.analyze(text) for text in texts]


def identifying(value: str) -> bool:
    """Values the no-leak property is about: three characters or more, and not a lowercase word.

    A lowercase word found as a name ("von" in "Mutter von von") is a false positive, and linking
    rightly does not replace every "von" in the text."""
    return len(value) > 2 and (not value.isalpha() or any(char.isupper() for char in value))


# Found by these properties earlier; kept as fixed examples so that they are checked on every run.
IBAN_ALONE = "DE13 3605 0105 4943 8595 75"  # "[IBAN_1]" was read as a name the second time
ADJACENT_PHONES = "0176 43218765 Ayşe Yılmaz 0176 43218765 0176 43218765"
IBAN_THEN_PHONE = "DE13 3605 0105 4943 8595 75 0176 43218765"


@BOUNDED
@given(text=st.one_of(NOTE, ANY_TEXT))
def test_anonymized_text_contains_no_detected_value(text):
    result = placeholders_only(text)
    for finding in result.findings:
        value = finding.text.strip()
        if identifying(value):
            assert value not in result.text, (value, result.text)


@BOUNDED
@given(text=NOTE)
def test_default_policy_leaves_no_replaced_identifier(text):
    """Under the default policy, generalised values may keep a coarse part (a month, a region);
    every other replaced value must be gone."""
    result = anonymize(text)
    for replacement in result.replacements:
        value = replacement.original.strip()
        if replacement.operator != "generalise" and identifying(value):
            assert value not in result.text, (replacement, result.text)


@BOUNDED
@given(text=NOTE)
@example(text=IBAN_ALONE)
def test_anonymising_placeholder_output_again_changes_nothing(text):
    """The output is a fixed point: placeholders are not detected again, nothing else is added."""
    once = placeholders_only(text).text
    assert placeholders_only(once).text == once


def test_every_occurrence_of_a_detected_phone_number_is_replaced():
    result = placeholders_only(ADJACENT_PHONES)
    assert "0176 43218765" in {finding.text for finding in result.findings}
    assert "43218765" not in result.text, result.text


def test_phone_number_right_after_an_iban_is_replaced():
    result = placeholders_only(IBAN_THEN_PHONE)
    assert "43218765" not in result.text, result.text


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\u200b", "\u00a0"])
def test_empty_and_invisible_text_gives_no_findings(detector, text):
    assert detector.analyze(text) == []
