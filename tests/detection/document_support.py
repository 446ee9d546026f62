"""Helpers for tests on whole documents: is a name covered by PERSON findings, letter by letter?"""
from __future__ import annotations

from anonymizer.detection import Finding


def covered(text: str, findings: list[Finding], phrase: str, label: str = "PERSON", occurrence: int = 0) -> bool:
    """Whether every letter of the ``occurrence``-th ``phrase`` in ``text`` lies inside a finding of ``label``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    chars = {i for f in findings if f.label == label for i in range(f.start, f.end)}
    return all(i in chars for i in range(start, start + len(phrase)) if text[i].isalnum())


def person_texts(findings: list[Finding]) -> list[str]:
    return [f.text for f in findings if f.label == "PERSON"]


def touched(text: str, findings: list[Finding], phrase: str, label: str = "PERSON") -> bool:
    """Whether any finding of ``label`` overlaps any occurrence of ``phrase``."""
    spans = []
    start = text.find(phrase)
    while start >= 0:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return any(f.label == label and f.start < end and start < f.end for f in findings for start, end in spans)
