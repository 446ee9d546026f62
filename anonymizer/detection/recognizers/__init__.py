"""German recognizers, one module per family of personal data.

Each module holds small classes (Presidio ``PatternRecognizer`` / ``EntityRecognizer`` subclasses)
decorated with ``@register``; importing the module is what adds them. ``build_recognizers`` is the
only entry point the engine uses.
"""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from anonymizer.detection.recognizers import address, contact, dates, ids  # noqa: F401
from anonymizer.detection.recognizers import location, organisation, origin, person  # noqa: F401
from anonymizer.detection.recognizers.registry import RECOGNIZERS, register

__all__ = ["RECOGNIZERS", "build_recognizers", "register"]


def build_recognizers() -> list[EntityRecognizer]:
    return [recognizer_class() for recognizer_class in RECOGNIZERS.values()]
