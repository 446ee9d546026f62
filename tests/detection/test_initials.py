"""Initials are names: initial + surname, name + initial, title + initial, initials with an age,
initials in signatures - and lowercase abbreviations or lettered sections are not."""
from __future__ import annotations

import pytest

from document_support import covered, touched

MINUTES = """Protokoll der Teamsitzung vom 14.02.2026

Anwesend: K.-P. Behrmann, B. Krüger, Lasse K. (Praktikant), Frau Wiese
Protokoll: E. Rabe

TOP 1 Kinder
- Familie T. hat den Platz gekündigt; Hr. B. holt die Sachen am Freitag ab.
- Ein Junge (J., 4) schubst oft. J. braucht klare Regeln, z. B. Leon und er nicht am selben Tisch.
- Jelena P. übernimmt die Elterngespräche, u. a. mit Herrn A.

Handzeichen: A.B. / K.L.
gez. TM
"""


@pytest.mark.parametrize(
    "name",
    ["K.-P. Behrmann", "B. Krüger", "Lasse K.", "Wiese", "E. Rabe", "T.", "B.", "Jelena P.", "A.", "A.B.", "K.L.", "TM"],
)
def test_initials_in_minutes_are_names(detector, name):
    findings = detector.analyze(MINUTES)
    assert covered(MINUTES, findings, name), name


def test_a_repeated_initial_of_a_person_is_found_again(detector):
    findings = detector.analyze(MINUTES)
    # "(J., 4)" makes "J." a person of this document; its next mention is one too
    assert covered(MINUTES, findings, "J.", occurrence=1)


@pytest.mark.parametrize("phrase", ["z. B.", "u. a.", "TOP 1"])
def test_lowercase_abbreviations_are_no_initials(detector, phrase):
    findings = detector.analyze(MINUTES)
    assert not touched(MINUTES, findings, phrase)


def test_lettered_form_sections_are_no_initials(detector):
    form = "Aufnahmebogen\n\nA. Kind\nName: Noah Brandt\n\nB. Sorgeberechtigte\nMutter: Ina Brandt\n\nC. Gesundheit\nAllergien: keine\n"
    findings = detector.analyze(form)
    assert not touched(form, findings, "B. Sorgeberechtigte")
    assert not touched(form, findings, "C. Gesundheit")
    assert covered(form, findings, "Noah Brandt") and covered(form, findings, "Ina Brandt")


def test_the_model_keeps_the_initial_it_found(detector):
    text = "Heute hat B. Krüger den Elternabend vorbereitet, danach kam M. Delić dazu."
    findings = detector.analyze(text)
    assert covered(text, findings, "B. Krüger") and covered(text, findings, "M. Delić")


def test_a_noun_after_an_initial_in_running_text_is_no_name(detector):
    text = "Im I. Quartal beginnt die Eingewöhnung der neuen Kinder."
    assert not touched(text, detector.analyze(text), "Quartal")
