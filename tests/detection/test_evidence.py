"""Evidence beats word lists: a word in a place only a name fits is a name even when it is a German
noun, a weekday or unknown to every list - and the same words stay words elsewhere."""
from __future__ import annotations

import pytest

from document_support import covered, touched

NOTE = """Wochenrückblick Igelgruppe
Smilla (Papa) und Alp (6) kamen früh. Die Kinder (Behrmann, Wiese) waren krank.
Herr Montag holt Ida ab, Frau Mai kam um 15 Uhr. Am Montag ist Elternabend, im Mai das Sommerfest.
Nach dem Essen spielte Emil Rabe. Bruder Hope (2) schlief lange.
Wir brauchen Farben (Rot, Blau) und Obst (Äpfel, Birnen) für Dienstag.
Dass Mia Eis essen will, wissen alle.
"""


@pytest.mark.parametrize("name", ["Smilla", "Alp", "Behrmann", "Wiese", "Montag", "Mai", "Emil Rabe", "Hope"])
def test_names_by_evidence(detector, name):
    assert covered(NOTE, detector.analyze(NOTE), name), name


@pytest.mark.parametrize("phrase", ["Am Montag", "im Mai", "Rot, Blau", "Äpfel, Birnen", "Dienstag", "Eis essen", "Papa"])
def test_the_same_kind_of_words_without_evidence_stay(detector, phrase):
    assert not touched(NOTE, detector.analyze(NOTE), phrase), phrase
