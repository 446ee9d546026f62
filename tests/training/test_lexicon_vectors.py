"""The lexicon features the NER model reads as static vectors."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LOWER

from anonymizer.training.lexicon_vectors import FEATURES, GENITIVE_COLUMN, VECTORS_NAME, build, lexicon_table

COLUMN = {name: index for index, name in enumerate(FEATURES)}


@pytest.fixture(scope="module")
def table():
    return lexicon_table()


@pytest.mark.parametrize(
    ("word", "feature"),
    [("ayşe", "first_name"), ("yılmaz", "surname"), ("sonne", "german_noun"), ("gestern", "german_word"),
     ("gröpelingen", "place"), ("koch", "name_noun"), ("weiß", "surname")],
)
def test_words_carry_the_features_of_their_lists(table, word, feature):
    assert table[word][COLUMN[feature]] == 1.0


def test_genitives_of_names_are_marked_but_german_words_are_not(table):
    assert table["mehmets"][GENITIVE_COLUMN] == 1.0
    assert "gestern" in table and table["gestern"][GENITIVE_COLUMN] == 0.0


def test_built_vectors_are_keyed_by_lower_case(tmp_path):
    nlp = spacy.load(build(tmp_path / "vectors"))
    vectors = nlp.vocab.vectors
    assert vectors.name == VECTORS_NAME
    doc = nlp("AYŞE Ayşe ayşe xqzv")
    rows = vectors.find(keys=doc.to_array(LOWER))
    assert rows[0] == rows[1] == rows[2] >= 0
    assert rows[3] == -1  # words in no list get a zero vector
    assert vectors.shape[0] <= 2 ** len(vectors.data[0])  # one row per feature pattern, not per word
