"""Recognizer scores are data (``detection/data/scores.yaml``), checked when read."""
from __future__ import annotations

import pytest

from anonymizer.detection import scores
from anonymizer.detection.recognizers import person, person_layout


def test_recognizers_take_their_scores_from_the_file():
    assert person.SCORE_TITLE == scores.score("person", "title")
    assert person_layout.SCORE_LAYOUT == scores.score("person", "layout")


def test_a_score_outside_zero_to_one_is_refused(tmp_path, monkeypatch):
    broken = tmp_path / "scores.yaml"
    broken.write_text("person:\n  title: 1.5\n", encoding="utf-8")
    monkeypatch.setattr(scores, "SCORES_FILE", broken)
    scores._scores.cache_clear()
    try:
        with pytest.raises(ValueError, match="person.title"):
            scores.score("person", "title")
    finally:
        scores._scores.cache_clear()
