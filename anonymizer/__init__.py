"""kita-anon: find and replace personal data in German notes of childcare networks.

Public API::

    from anonymizer import analyze, anonymize, deanonymize
    findings = analyze("Frau Yılmaz sagt, Leon (4) ...")
    result = anonymize("Frau Yılmaz sagt, Leon (4) ...", policy="netzwerk")  # .text, .report
"""
from __future__ import annotations

from anonymizer.anonymization import AnonymizedText, anonymize, deanonymize
from anonymizer.detection import Detector, Finding, get_detector


def analyze(text: str, **options) -> list[Finding]:
    """All personal data in ``text`` as ``Finding`` (start, end, label, score, recognizer, explanation)."""
    return get_detector().analyze(text, **options)


__all__ = ["AnonymizedText", "Detector", "Finding", "analyze", "anonymize", "deanonymize", "get_detector"]
