"""The whole-document corpus: reproducible, exact offsets, enough kinds, scripts and clean documents."""
from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter

from anonymizer.training.document_corpus import (
    PROJECT_LABEL,
    SLOT,
    generate,
    load_templates,
    nickname,
    scanned,
    split,
    training_records,
)

LABELS = set(PROJECT_LABEL)


def test_generation_is_deterministic():
    assert generate.__wrapped__(2) == generate.__wrapped__(2)
    assert generate.__wrapped__(2) != generate.__wrapped__(2, seed=1)


def test_at_least_400_documents_of_at_least_15_kinds():
    documents = generate()
    assert len(documents) >= 400
    assert len({d.kind for d in documents}) >= 15
    assert len({d.text for d in documents}) > 0.9 * len(documents)  # filled differently, not copies


def test_spans_are_exact_sorted_and_cut_no_word():
    for document in generate():
        text, previous_end = document.text, 0
        for start, end, label in document.spans:
            assert label in LABELS
            assert previous_end <= start < end <= len(text)
            value = text[start:end]
            assert value == value.strip() and value, (document.id, value)
            # A span starts and ends at a word boundary (punctuation such as "." of "Lasse K." may end it).
            assert start == 0 or not (text[start - 1].isalnum() and value[0].isalnum()), (document.id, value)
            assert end == len(text) or not (text[end].isalnum() and value[-1].isalnum()), (document.id, value)
            previous_end = end
        assert [s["text"] for s in document.to_json()["spans"]] == [text[s:e] for s, e, _ in document.spans]


def test_slot_values_sit_where_the_template_puts_them():
    document = next(d for d in generate() if d.template == "abholberechtigung/kurz")
    child = re.search(r"^Kind: (.+)$", document.text, re.MULTILINE)
    assert (child.start(1), child.end(1), "PERSON") in document.spans
    assert child[1] == child[1].upper()  # the form writes the child's name in capitals
    plate = re.search(r"Autos der Oma: (.+)$", document.text, re.MULTILINE)
    assert (plate.start(1), plate.end(1), "LICENSE_PLATE") in document.spans


def test_held_out_by_template_with_clean_documents_on_both_sides():
    heldout, tune = split("heldout"), split("tune")
    assert {d.template for d in heldout}.isdisjoint({d.template for d in tune})
    kinds = {t.kind for t in load_templates()}
    assert {d.kind for d in heldout} == kinds == {d.kind for d in tune}
    assert sum(1 for d in heldout if not d.spans) >= 20
    assert sum(1 for d in tune if not d.spans) >= 20
    assert all(not re.search(r"\{\w", d.text) for d in generate())  # no slot left unfilled


def test_clean_templates_have_no_labelled_slot_and_stay_clean():
    clean = [t for t in load_templates() if t.clean]
    assert len(clean) >= 8
    assert all(not d.spans for d in generate() if d.template in {t.id for t in clean})


def test_names_of_several_scripts_cases_and_layouts():
    persons = [d.text[s:e] for d in generate() for s, e, label in d.spans if label == "PERSON"]
    scripts = {unicodedata.name(c).split()[0] for name in persons for c in name if c.isalpha()}
    assert {"LATIN", "CYRILLIC", "ARABIC", "GREEK"} <= scripts
    assert any(re.fullmatch(r"[A-ZÄÖÜ]\w+ [A-Z]\.", name) for name in persons)  # "Lasse K."
    assert any(re.fullmatch(r"[A-Z]{2}", name) for name in persons)  # "gez. TM"
    assert any(name.isupper() and len(name) > 4 for name in persons)
    assert any(name.islower() for name in persons)
    assert any("-\n" in name for name in persons)  # hyphenated across a line break by the OCR kind
    assert sum(Counter(persons).values()) > 3000


def test_ocr_keeps_a_name_broken_across_lines_in_one_span():
    text = "Die Eingewöhnung begleitet die Bezugserzieherin Friederike Brockmann-Oberhausen."
    name = "Friederike Brockmann-Oberhausen"
    owners = [0 if text.index(name) <= i < text.index(name) + len(name) else -1 for i in range(len(text))]
    scanned_text, scanned_owners = scanned(text, owners, random.Random(3))
    positions = [i for i, owner in enumerate(scanned_owners) if owner == 0]
    assert positions == list(range(positions[0], positions[-1] + 1))  # still one piece
    assert "\n" in scanned_text[positions[0] : positions[-1]]  # and the line break lies inside it


def test_nicknames_are_short_forms():
    assert nickname("Konstantin") == "Konsti"
    assert nickname("Dominik") == "Domi"


def test_templates_use_known_slots_only():
    for template in load_templates():
        for match in SLOT.finditer(template.text):
            assert match["key"], template.id


def test_training_records_hold_no_heldout_template_and_leave_a_kind_out():
    import spacy

    heldout = {d.template for d in split("heldout", 1)}
    records = training_records(1, exclude_kinds=frozenset({"gruppenchat"}))
    assert records and {r.group for r in records}.isdisjoint(heldout)
    assert not any(r.group.startswith("gruppenchat/") for r in records)
    labels = {label for r in records for *_, label in r.spans}
    assert labels == {"PER", "LOC", "ORG", "STREET"}
    streets = [r.text[s:e] for r in records for s, e, label in r.spans if label == "STREET"]
    assert all(re.search(r"\d+[a-z]?$", street) for street in streets)  # street and house number only
    doc = records[0].to_doc(spacy.blank("de"))
    assert [e.label_ for e in doc.ents]


def test_training_can_add_the_documents_without_a_kind():
    import spacy

    from anonymizer.training.train import TrainingData, add_documents

    data = TrainingData()
    add_documents(spacy.blank("de"), data, frozenset({"tabelle"}))
    assert len(data.train) == len(training_records(exclude_kinds=frozenset({"tabelle"})))
    assert data.sources[0]["kinds_left_out"] == ["tabelle"]


def test_ibans_pass_the_checksum_unless_scanned():
    from stdnum import iban

    ibans = [d.text[s:e] for d in generate() if not d.template.startswith("ocr_scan/")
             for s, e, label in d.spans if label == "IBAN"]
    assert ibans and all(iban.is_valid(value) for value in ibans)
