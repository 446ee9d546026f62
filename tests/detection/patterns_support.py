"""Helpers shared by the tests of the pattern recognizers (address, contact, dates, ids)."""
from __future__ import annotations

from pathlib import Path

import pytest

from anonymizer.detection import Detector, Finding
from anonymizer.detection.recognizers.registry import RECOGNIZERS

NOTES = Path(__file__).parent.parent / "data" / "notes"
MEGABYTE = 1_000_000

# Numbers in notes that count, time, price or locate things: no pattern recognizer may claim them.
HARD_NEGATIVES = ["4 Kinder", "Gruppe 3", "um 14 Uhr", "Raum 12", "250 Euro", "Seite 12"]


def positives(label: str, cases: list[tuple[str, str, float]]) -> list:
    """Test parameters (label, text, expected span, minimum score) with readable ids."""
    return [pytest.param(label, text, expected, score, id=f"{label}:{text}") for text, expected, score in cases]


def negatives(label: str, texts: list[str]) -> list:
    """Test parameters for texts where ``label`` must find nothing, the hard negatives included."""
    return [pytest.param(label, text, None, 0.0, id=f"not-{label}:{text}") for text in [*HARD_NEGATIVES, *texts]]


def check_case(detector: Detector, label: str, text: str, expected: str | None, min_score: float) -> None:
    """One row of ``positives``/``negatives``: ``expected`` found with ``min_score``, or nothing for None."""
    if expected is None:
        assert_finds_nothing(detector, text, label)
    else:
        assert_finds(detector, text, label, expected, min_score)


def findings(detector: Detector, text: str, label: str) -> list[Finding]:
    """What the real detector reports for one label (only the recognizers of that label run)."""
    return detector.analyze(text, entities=[label])


def assert_finds(detector: Detector, text: str, label: str, expected: str, min_score: float) -> None:
    hits = {f.text: f.score for f in findings(detector, text, label)}
    assert expected in hits, f"{label} {expected!r} not found in {text!r}; got {hits}"
    assert hits[expected] >= min_score, f"{expected!r} scored {hits[expected]} < {min_score}"


def assert_finds_nothing(detector: Detector, text: str, label: str) -> None:
    hits = [(f.text, f.score) for f in findings(detector, text, label)]
    assert hits == [], f"{label} false positives in {text!r}: {hits}"


def note_findings(detector: Detector, name: str) -> tuple[str, list[Finding]]:
    text = (NOTES / name).read_text(encoding="utf-8")
    return text, detector.analyze(text)


def assert_note(detector: Detector, name: str, expected: dict[str, list[str]], untouched: list[str]) -> None:
    """Every expected span is found with its label; no finding of those labels touches ``untouched``."""
    text, found = note_findings(detector, name)
    by_label = {(f.label, f.text) for f in found}
    missing = [(label, span) for label, spans in expected.items() for span in spans if (label, span) not in by_label]
    assert missing == [], f"missing in {name}: {missing}; found {sorted(by_label)}"
    for phrase in untouched:
        start = text.index(phrase)
        end = start + len(phrase)
        hits = [f for f in found if f.label in expected and f.start < end and start < f.end]
        assert hits == [], f"{phrase!r} in {name} was flagged: {hits}"


def pathological_inputs(*units: str) -> list[str]:
    """One-megabyte strings made of ``units`` repeated: the worst case for backtracking regexes."""
    return [(unit * (MEGABYTE // len(unit) + 1))[:MEGABYTE] for unit in units]


def recognizers_of(module: str) -> list:
    return [cls() for cls in RECOGNIZERS.values() if cls.__module__.rsplit(".", 1)[-1] == module]
