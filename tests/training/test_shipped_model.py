"""The shipped pipeline models/de_kita_ner: loads offline, is the default, finds names in realistic notes."""
from __future__ import annotations

import json
import socket

import pytest
import spacy

from anonymizer.config import SHIPPED_MODEL, Settings

# Realistic notes the model has never seen (not generated from the templates), with the names in them.
NOTES = [
    ("Liebe Grüße, Nadia", ["Nadia"]),
    ("Hallo Herr Müller, Leon hat heute seine Mütze vergessen.", ["Müller", "Leon"]),
    ("Guten Morgen Frau Yılmaz, Elif hatte heute Fieber und wurde um 11 Uhr abgeholt.", ["Yılmaz", "Elif"]),
    ("Gespräch mit Herrn Abdullahi Warsame über die Eingewöhnung von Hodan.", ["Abdullahi Warsame", "Hodan"]),
    ("Frau Nguyen hat angerufen, Minh bleibt heute zu Hause.", ["Nguyen", "Minh"]),
    ("Der Vater von Arben, Herr Krasniqi, möchte einen Termin.", ["Arben", "Krasniqi"]),
    ("anruf von frau koch, mia bleibt morgen daheim", ["koch", "mia"]),
    ("jonas hat heute ben gebissen, eltern informiert", ["jonas", "ben"]),
    ("Viele Grüße\nSvetlana Kusnezowa\nKita Regenbogen", ["Svetlana Kusnezowa"]),
    ("Leons Mutter, Frau Wolf, holt ihn heute um 14 Uhr ab.", ["Leons", "Wolf"]),
    ("Teilnehmende: Frau Papadopoulou (Jugendamt), Herr Osei, Frau Rahimi", ["Papadopoulou", "Osei", "Rahimi"]),
    ("Protokoll: Tesfay Haile. Anwesend: Zana Barzani, Mehmet Demir, Anna-Lena Berg", ["Tesfay Haile", "Zana Barzani", "Mehmet Demir", "Anna-Lena Berg"]),
]


@pytest.fixture(scope="module")
def nlp():
    if not (SHIPPED_MODEL / "meta.json").exists():
        pytest.fail(f"the shipped model is missing at {SHIPPED_MODEL}; run `make model`")
    return spacy.load(SHIPPED_MODEL)


def test_model_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted while loading the model")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    nlp = spacy.load(SHIPPED_MODEL)
    assert nlp.pipe_names == ["tok2vec", "ner"]


def test_model_reads_the_lexicon_features(nlp):
    from anonymizer.training.lexicon_vectors import VECTORS_NAME

    assert nlp.vocab.vectors.name == VECTORS_NAME and nlp.vocab.vectors.n_keys > 100_000


def test_shipped_model_is_the_default():
    assert Settings().model == str(SHIPPED_MODEL)


@pytest.mark.parametrize(("text", "names"), NOTES, ids=[n[0][:30] for n in NOTES])
def test_finds_the_names_in_realistic_notes(nlp, text, names):
    persons = [ent for ent in nlp(text).ents if ent.label_ == "PER"]
    for name in names:
        start = text.index(name)
        end = start + len(name)
        assert any(ent.start_char < end and start < ent.end_char for ent in persons), (name, [e.text for e in persons])


def test_no_person_in_a_note_without_names(nlp):
    text = "Der Koch bringt morgen Suppe. Im Winter basteln wir Sterne und lesen die Geschichte vom Wolf."
    assert [ent.text for ent in nlp(text).ents if ent.label_ == "PER"] == []


def test_meta_records_corpora_licences_and_evaluation():
    meta = json.loads((SHIPPED_MODEL / "meta.json").read_text(encoding="utf-8"))
    names = {source["name"] for source in meta["sources"]}
    assert {"germeval2014", "kita_synthetic"} <= names
    assert all(source["licence"] and source["attribution"] for source in meta["sources"])
    evaluation = json.loads((SHIPPED_MODEL / "evaluation.json").read_text(encoding="utf-8"))
    for name in ("kita_heldout_templates", "kita_heldout_lowercase", "kita_heldout_unseen_names", "germeval2014"):
        assert set(evaluation["results"][name]["per_label"]["PER"]) == {"p", "r", "f"}, name
