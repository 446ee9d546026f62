"""The recognizer registry: a recognizer module decorates its classes with ``@register``."""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer

RECOGNIZERS: dict[str, type[EntityRecognizer]] = {}


def register(cls: type[EntityRecognizer]) -> type[EntityRecognizer]:
    if cls.__name__ in RECOGNIZERS:
        raise ValueError(f"recognizer {cls.__name__} registered twice")
    RECOGNIZERS[cls.__name__] = cls
    return cls
