"""kita-anon: find and replace personal data in German notes of childcare networks.

Public API::

    from anonymizer import analyze, anonymize
    findings = analyze("Frau Yılmaz sagt, Leon (4) ...")
"""
from __future__ import annotations

from anonymizer.anonymization import AnonymizedText, anonymize
from anonymizer.detection import Detector, Finding, get_detector


def analyze(text: str, **options) -> list[Finding]:
    """All personal data in ``text`` as ``Finding`` (start, end, label, score, recognizer, explanation)."""
    return get_detector().analyze(text, **options)


__all__ = ["AnonymizedText", "Detector", "Finding", "analyze", "anonymize", "get_detector"]
