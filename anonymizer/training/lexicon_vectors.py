"""Lexicon features for the NER model: a small static-vector table built from the project's word lists.

No pretrained word vectors may be downloaded, and GermEval's 2,200 sentences are too few to learn which
capitalised words are names. So every lower-cased word of the gazetteers gets a vector of yes/no
features (is it a first name, a surname, a German common noun, ...); spaCy's ``StaticVectors`` layer
(``include_static_vectors`` in ``models/config.cfg``) projects them into the tok2vec input. The network
still learns from context when a listed name is a plain word ("der Koch") and finds names in no list.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy
import spacy
from spacy.strings import hash_string
from spacy.vectors import Vectors

from anonymizer.detection import gazetteers

VECTORS_NAME = "kita_lexicon"

# One column per word list, in this order; a word can be in several.
FEATURES: dict[str, Callable[[], frozenset[str]]] = {
    "first_name": gazetteers.first_names,
    "surname": gazetteers.surnames,
    "german_noun": gazetteers.german_nouns,
    "german_word": gazetteers.german_words,
    "name_noun": gazetteers.name_nouns,
    "place": gazetteers.places,
}
# "Merkels", "Yilmaz'": the genitive of a listed name that is no German word itself.
GENITIVE_COLUMN = len(FEATURES)
WIDTH = len(FEATURES) + 1


def lexicon_table() -> dict[str, numpy.ndarray]:
    """Lower-cased word -> feature row."""
    rows: dict[str, numpy.ndarray] = {}

    def row(word: str) -> numpy.ndarray:
        return rows.setdefault(word, numpy.zeros(WIDTH, dtype="float32"))

    for column, words in enumerate(load() for load in FEATURES.values()):
        for word in words:
            row(word)[column] = 1.0
            # The lists are case-folded ("weiss"), spaCy's LOWER keeps "ß" ("weiß").
            if "ss" in word:
                row(word.replace("ss", "ß"))[column] = 1.0
    plain_words = gazetteers.german_nouns() | gazetteers.german_words()
    for name in gazetteers.first_names() | gazetteers.surnames():
        for genitive in (name + "s", name + "'"):
            if genitive not in plain_words:
                row(genitive)[GENITIVE_COLUMN] = 1.0
    return rows


def build(target: Path) -> Path:
    """Write a blank German pipeline whose vocab holds the lexicon vectors (``paths.vectors`` of training).

    Keys are hashes of the LOWER attribute, so "ayşe", "Ayşe" and "AYŞE" share one row; the strings
    themselves are not stored, which keeps the shipped model small."""
    table = lexicon_table()
    # At most 2**WIDTH distinct rows: store each once and point all its words at it.
    patterns = sorted({row.tobytes() for row in table.values()})
    row_of = {pattern: i for i, pattern in enumerate(patterns)}
    nlp = spacy.blank("de")
    vectors = Vectors(
        data=numpy.stack([numpy.frombuffer(p, dtype="float32") for p in patterns]), name=VECTORS_NAME, attr="LOWER"
    )
    for word, features in table.items():
        vectors.add(hash_string(word), row=row_of[features.tobytes()])
    nlp.vocab.vectors = vectors
    nlp.to_disk(target)
    return target
