"""Entities found by the spaCy pipeline's statistical NER (empty for a blank pipeline)."""
from __future__ import annotations

from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from anonymizer.detection.recognizers.registry import register


@register
class GermanNerRecognizer(SpacyRecognizer):
    # PERSON spans of the NER go through the precision filter of the hybrid detector (person.py).
    ENTITIES = ["LOCATION", "ORGANIZATION"]

    def __init__(self) -> None:
        super().__init__(
            supported_language="de",
            supported_entities=self.ENTITIES,
            name="GermanNerRecognizer",
        )
