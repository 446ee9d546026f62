"""Evasion: invisible characters, odd spaces, lookalike letters and decomposed Unicode inside names
and numbers must not hide them from detection, nor from anonymisation."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from anonymizer import anonymize
from anonymizer.detection.normalize import normalize


@dataclass(frozen=True)
class Target:
    sentence: str  # contains ``value`` once
    value: str
    label: str


NAME = Target("Gestern hat Frau Ayşe Yılmaz angerufen und um Rückruf gebeten.", "Ayşe Yılmaz", "PERSON")
NAME_WITH_UMLAUT = Target("Der Vater, Herr Mehmet Öztürk, war beim Gespräch nicht da.", "Mehmet Öztürk", "PERSON")
NAME_WITHOUT_TITLE = Target("Gestern kam Olena Kovalenko mit ihrer Tochter vorbei.", "Olena Kovalenko", "PERSON")
LOWERCASE_NAME = Target("tel mit kofi mensah wegen termin am do", "kofi mensah", "PERSON")
PHONE = Target("Die Mutter ist unter 0176 43218765 erreichbar.", "0176 43218765", "PHONE_NUMBER")
EMAIL = Target("Bitte schreiben Sie an olena.kovalenko@example.org zurück.", "olena.kovalenko@example.org", "EMAIL_ADDRESS")
IBAN = Target("Die Erstattung geht auf DE13 3605 0105 4943 8595 75 zurück.", "DE13 3605 0105 4943 8595 75", "IBAN_CODE")

CYRILLIC = str.maketrans("aeopcxAEOPCXiy", "аеорсхАЕОРСХіу")


def insert_middle(mark: str) -> Callable[[str], str]:
    """``mark`` after every third character (never at the edges), as pasted text sometimes has."""
    return lambda value: "".join(c + mark if i % 3 == 2 and i < len(value) - 1 else c for i, c in enumerate(value))


EVASIONS: dict[str, Callable[[str], str]] = {
    "unchanged": lambda value: value,
    "zero-width space": insert_middle("\u200b"),
    "zero-width joiner": insert_middle("\u200d"),
    "word joiner": insert_middle("\u2060"),
    "byte order mark": insert_middle("\ufeff"),
    "soft hyphen": insert_middle("\u00ad"),
    "no-break space": lambda value: value.replace(" ", "\u00a0"),
    "narrow no-break space": lambda value: value.replace(" ", "\u202f"),
    "Cyrillic lookalikes": lambda value: value.translate(CYRILLIC),
    "decomposed (NFD)": lambda value: unicodedata.normalize("NFD", value),
    "all at once": lambda value: insert_middle("\u200b")(
        unicodedata.normalize("NFD", value.translate(CYRILLIC)).replace(" ", "\u00a0")
    ),
}
CASES = [
    pytest.param(target, evasion, id=f"{target.label}-{target.value[:12]}-{evasion}")
    for target in (NAME, NAME_WITH_UMLAUT, NAME_WITHOUT_TITLE, LOWERCASE_NAME, PHONE, EMAIL, IBAN)
    for evasion in EVASIONS
    # Only where the evasion changes the value: digits have no lookalikes and no decomposition.
    if evasion == "unchanged" or EVASIONS[evasion](target.value) != target.value
]


def disguised(target: Target, evasion: str) -> tuple[str, int, int]:
    value = EVASIONS[evasion](target.value)
    text = target.sentence.replace(target.value, value)
    start = text.index(value)
    return text, start, start + len(value)


@pytest.mark.parametrize(("target", "evasion"), CASES)
def test_disguised_value_is_found_whole(detector, target, evasion):
    text, start, end = disguised(target, evasion)
    covering = [f for f in detector.analyze(text) if f.start <= start and end <= f.end]
    assert [f.label for f in covering] == [target.label], (text, detector.analyze(text))


@pytest.mark.parametrize(("target", "evasion"), CASES)
def test_disguised_value_is_gone_after_anonymisation(target, evasion):
    text, start, end = disguised(target, evasion)
    output = anonymize(text, operator="placeholder").text
    assert text[start:end] not in output
    assert target.value not in normalize(output).text  # not even a readable remainder


def test_words_written_only_in_cyrillic_stay_cyrillic(detector):
    """Folding applies to mixed words only: a name in Cyrillic script keeps its offsets and letters."""
    text = "Frau Олена Коваленко hat angerufen."
    for finding in detector.analyze(text):
        assert finding.text == text[finding.start : finding.end]
