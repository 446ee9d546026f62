"""A few training steps on a tiny set, so the training code cannot rot unnoticed."""
from __future__ import annotations

import json

import spacy

from anonymizer.training.corpora import TokenRecord
from anonymizer.training.generator import generate
from anonymizer.training.lexicon_vectors import VECTORS_NAME
from anonymizer.training.train import ship, train_pipeline


def test_smoke_training_produces_a_loadable_pipeline_with_provenance(tmp_path):
    blank = spacy.blank("de")
    records = generate("train", 1)[:40] + [
        TokenRecord(("Gestern", "traf", "Anna", "Schmidt", "in", "Köln", "ein", "."),
                    ("O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "O"), "tiny"),
    ]
    docs = [record.to_doc(blank) for record in records]
    best = train_pipeline(docs[:35], docs[35:], tmp_path / "work",
                          {"training.max_steps": 4, "training.eval_frequency": 2})
    sources = [{"name": "tiny", "licence": "test", "train_sentences": 35}]
    shipped = ship(best, sources, target=tmp_path / "de_tiny")

    nlp = spacy.load(shipped)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "STREET"}
    assert nlp.vocab.vectors.name == VECTORS_NAME  # the lexicon features travel with the model
    nlp("Hallo Herr Müller, Leon war heute in Köln.")  # runs; a 4-step model has learnt nothing yet
    meta = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "kita_ner" and meta["sources"] == sources
