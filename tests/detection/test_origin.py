"""NRP: nationality, ethnic or religious origin used about a person; languages stay."""
from __future__ import annotations

import pytest
from patterns_support import check_case, negatives, positives

CASES = positives(
    "NRP",
    [
        ("Die Familie kommt aus Syrien.", "Syrien", 0.85),
        ("Die Mutter stammt aus der Türkei.", "Türkei", 0.85),
        ("Sie sind 2016 aus Sri Lanka geflohen.", "Sri Lanka", 0.85),
        ("Die syrische Familie wohnt im Erdgeschoss.", "syrische", 0.85),
        ("Der türkischstämmige Vater kam mit.", "türkischstämmige", 0.85),
        ("ein Kind afghanischer Herkunft", "afghanischer", 0.85),
        ("Frau Diallo ist guineische Staatsangehörige.", "guineische", 0.85),
        ("Die Familie ist eritreisch.", "eritreisch", 0.85),
        ("Frau Al-Masri (syrisch, 34 Jahre)", "syrisch", 0.85),
        ("Der Vater ist Kurde.", "Kurde", 0.85),
        ("Die Nachbarin ist Syrerin.", "Syrerin", 0.85),
        ("Die jesidische Familie feiert.", "jesidische", 0.85),
        ("Herkunft: Eritrea", "Eritrea", 0.9),
        ("Staatsangehörigkeit: ukrainisch", "ukrainisch", 0.9),
        ("Religion: muslimisch", "muslimisch", 0.9),
        ("Urlaub in der Türkei", "Türkei", 0.3),
    ],
)
NOT_ORIGINS = negatives(
    "NRP",
    [
        "Leon spricht Arabisch und Türkisch.",
        "Sie liest ihm auf Kurdisch vor.",
        "Es gab türkischen Tee und arabisches Brot.",
        "Die Familie lebt in Deutschland.",
        "Die Fortbildung war in Deutschland.",
        "Der Dolmetscher für Dari kommt.",
    ],
)


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), CASES + NOT_ORIGINS)
def test_origin_cases(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_origin_cue_outscores_a_bare_country(detector):
    scores = {f.text: f.score for f in detector.analyze("Sie kommt aus Syrien, Urlaub macht sie in Italien.", entities=["NRP"])}
    assert scores["Syrien"] > scores["Italien"]
