"""The engine's pieces that replace Presidio defaults must behave exactly like them."""
from __future__ import annotations

import spacy
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from anonymizer.detection.engine import OffsetContextEnhancer


def test_bisection_finds_the_same_token_as_presidios_walk():
    doc = spacy.blank("de")("Frau  Ayşe Yılmaz (KM) ist unter 0176-12345678 erreichbar,\nTel.: +49 421 3612345 !")
    starts = [token.idx for token in doc]
    ours, presidio = OffsetContextEnhancer(), LemmaContextAwareEnhancer()
    for start in range(len(doc.text)):
        try:
            expected = presidio._find_index_of_match_token("x", start, doc, starts)
        except ValueError:
            expected = None
        try:
            found = ours._find_index_of_match_token("x", start, doc, starts)
        except ValueError:
            found = None
        assert found == expected, start


def test_context_words_still_raise_scores(detector):
    bare = detector.analyze("0421 / 36 12 345")[0].score
    assert detector.analyze("Telefon: 0421 / 36 12 345")[0].score > bare
