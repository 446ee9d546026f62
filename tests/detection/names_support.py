"""Helpers of the tests of the name-like recognizers (person, organisation, origin, location)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from anonymizer.detection import Detector

NOTES = Path(__file__).parent.parent / "data" / "notes"
NAME_LABELS = ("PERSON", "ORGANIZATION", "NRP", "LOCATION")
# Inline markup of the test notes, as in benchmarks/data: [[Ayşe Yılmaz|PERSON]].
MARKUP = re.compile(r"\[\[(.+?)\|([A-Z_]+)\]\]")


@dataclass(frozen=True)
class MarkedNote:
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, label)


def read_marked(name: str) -> MarkedNote:
    """A test note with its markup removed and the marked spans."""
    marked = (NOTES / name).read_text(encoding="utf-8")
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    position = length = 0
    for match in MARKUP.finditer(marked):
        parts.append(marked[position : match.start()])
        length += match.start() - position
        spans.append((length, length + len(match.group(1)), match.group(2)))
        parts.append(match.group(1))
        length += len(match.group(1))
        position = match.end()
    parts.append(marked[position:])
    return MarkedNote("".join(parts), spans)


def labelled(detector: Detector, text: str, label: str) -> dict[str, float]:
    """The findings of one label as {text: score}, from a full analysis (all recognizers compete)."""
    return {f.text: f.score for f in detector.analyze(text) if f.label == label}
