"""kita-anon: find and replace personal data in German notes of childcare networks.

Public API::

    from anonymizer import analyze, anonymize, deanonymize
    findings = analyze("Frau Yılmaz sagt, Leon (4) ...")
    result = anonymize("Frau Yılmaz sagt, Leon (4) ...", policy="netzwerk")  # .text, .report

The names are loaded on first use (PEP 562): ``import anonymizer`` and ``kita-anon --help`` stay
fast, because spaCy, Presidio and the model are imported only by what needs them.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anonymizer.anonymization import AnonymizedText, anonymize, deanonymize
    from anonymizer.detection import Detector, Finding, get_detector

# Public name -> the module that defines it.
_LAZY_NAMES = {
    "AnonymizedText": "anonymizer.anonymization",
    "anonymize": "anonymizer.anonymization",
    "deanonymize": "anonymizer.anonymization",
    "Detector": "anonymizer.detection",
    "Finding": "anonymizer.detection",
    "get_detector": "anonymizer.detection",
}


def analyze(text: str, **options) -> list[Finding]:
    """All personal data in ``text`` as ``Finding`` (start, end, label, score, recognizer, explanation)."""
    from anonymizer.detection import get_detector

    return get_detector().analyze(text, **options)


def __getattr__(name: str) -> Any:
    if name not in _LAZY_NAMES:
        raise AttributeError(f"module 'anonymizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_NAMES})


__all__ = ["AnonymizedText", "Detector", "Finding", "analyze", "anonymize", "deanonymize", "get_detector"]
