"""Entities found by the spaCy pipeline's statistical NER (none for a blank pipeline).

No recognizer reports them as they are: the hybrid recognizers take them as one source among
others and pass them through their precision filters - PER in ``person.py``, ORG in
``organisation.py``, LOC in ``location.py`` - so that a model's "Kita" (ORG) or "Armut" (LOC)
never reaches the user while its "Zorabel" (PER) does.
"""
from __future__ import annotations

from bisect import bisect_left
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
    starts = [word.start for word in words]  # words are in text order: find an entity's first word by bisection
    for entity in nlp_artifacts.entities:
        if entity.label_ in labels:
            inner = []
            for word in words[bisect_left(starts, entity.start_char) :]:
                if word.start >= entity.end_char:
                    break
                if word.end <= entity.end_char:
                    inner.append(word)
            if inner:
                yield entity.start_char, entity.end_char, inner
