"""Entities found by the spaCy pipeline's statistical NER (none for a blank pipeline).

No recognizer reports them as they are: the hybrid recognizers take them as one source among
others and pass them through their precision filters - PER in ``person.py``, ORG in
``organisation.py``, LOC in ``location.py`` - so that a model's "Kita" (ORG) or "Armut" (LOC)
never reaches the user while its "Zorabel" (PER) does.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.recognizers.words import Word


def ner_entities(
    nlp_artifacts: NlpArtifacts | None, labels: tuple[str, ...], words: Sequence[Word]
) -> Iterator[tuple[int, int, list[Word]]]:
    """(start, end, words inside) of each NER entity with one of ``labels`` (Presidio's names:
    the engine maps PER to PERSON, LOC to LOCATION, ORG to ORGANIZATION)."""
    if nlp_artifacts is None:
        return
    for entity in nlp_artifacts.entities:
        if entity.label_ in labels:
            inner = [w for w in words if entity.start_char <= w.start and w.end <= entity.end_char]
            if inner:
                yield entity.start_char, entity.end_char, inner
