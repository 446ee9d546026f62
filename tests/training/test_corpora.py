"""The corpus readers on the real shared files in ../shared/data/ner."""
from __future__ import annotations

import pytest
import spacy

from anonymizer.training.corpora import (
    CORPORA,
    LABELS,
    SHARED_NER,
    TextRecord,
    TokenRecord,
    map_tag,
    split_by_group,
)

pytestmark = pytest.mark.skipif(
    not SHARED_NER.is_dir(), reason=f"shared NER corpora not present at {SHARED_NER} (read-only data outside the repo)"
)


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("de")


@pytest.fixture(scope="module", params=sorted(CORPORA))
def loaded(request):
    corpus = CORPORA[request.param]
    return corpus, corpus.load()


def test_each_corpus_has_training_and_heldout_records(loaded):
    corpus, split = loaded
    assert len(split.train) > 40, corpus.name
    assert len(split.heldout) > 10, corpus.name


def test_heldout_documents_never_appear_in_training(loaded):
    corpus, split = loaded
    assert not {r.group for r in split.train} & {r.group for r in split.heldout}, corpus.name


def test_records_become_docs_with_our_labels_and_persons(loaded, blank):
    corpus, split = loaded
    docs = [record.to_doc(blank) for record in split.train[:400]]
    labels = {ent.label_ for doc in docs for ent in doc.ents}
    assert labels <= set(LABELS), (corpus.name, labels)
    assert "PER" in {ent.label_ for doc in (r.to_doc(blank) for r in split.train) for ent in doc.ents}
    for doc in docs:
        for ent in doc.ents:
            assert ent.text == ent.text.strip() and ent.text, (corpus.name, ent.text)


def test_split_is_fixed_between_runs():
    first, second = CORPORA["germeval2014"].load(), CORPORA["germeval2014"].load()
    assert [r.words for r in first.heldout] == [r.words for r in second.heldout]


def test_germeval_tags_are_mapped_and_derivations_dropped():
    split = CORPORA["germeval2014"].load()
    tags = {tag for record in split.train for tag in record.tags}
    assert {"B-PER", "I-PER", "B-LOC", "B-ORG", "O"} <= tags
    assert not any("deriv" in tag or "part" in tag or "OTH" in tag for tag in tags)


@pytest.mark.parametrize(
    ("tag", "mapped"),
    [("B-location-city", "B-LOC"), ("I-person", "I-PER"), ("B-location-street", "B-STREET"),
     ("B-trigger", "O"), ("O", "O"), ("B-PERderiv", "O")],
)
def test_map_tag(tag, mapped):
    mapping = {"location-city": "LOC", "person": "PER", "location-street": "STREET", "PER": "PER"}
    assert map_tag(tag, mapping) == mapped


def test_token_record_repairs_dangling_inside_tags(blank):
    doc = TokenRecord(("Frau", "Koch", "kommt"), ("O", "I-PER", "O"), "g").to_doc(blank)
    assert [(e.text, e.label_) for e in doc.ents] == [("Koch", "PER")]


def test_text_record_keeps_longest_of_nested_mentions(blank):
    record = TextRecord("Michael Peters aus Berlin", ((0, 14, "PER"), (8, 14, "PER"), (19, 25, "LOC")), "g")
    assert [(e.text, e.label_) for e in record.to_doc(blank).ents] == [("Michael Peters", "PER"), ("Berlin", "LOC")]


def test_split_by_group_keeps_groups_together():
    records = [TokenRecord(("a",), ("O",), f"doc{i // 3}") for i in range(30)]
    split = split_by_group(records, heldout_fraction=0.3)
    assert len(split.heldout) == 9
    assert not {r.group for r in split.train} & {r.group for r in split.heldout}
