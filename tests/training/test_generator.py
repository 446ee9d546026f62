"""The synthetic Kita corpus: reproducible, whole templates and a share of names held out."""
from __future__ import annotations

import pytest

from anonymizer.training.generator import (
    dev_template_ids,
    generate,
    genitive,
    heldout_template_ids,
    load_templates,
    merged_names,
    name_pools,
)
from anonymizer.training.corpora import lowercased
from anonymizer.training.names import names_by_origin


def test_generation_is_deterministic():
    assert generate("eval", 2) == generate("eval", 2)
    assert generate("train", 1) == generate("train", 1)


def test_heldout_templates_never_reach_training():
    heldout = heldout_template_ids()
    assert {r.group for r in generate("train", 2)}.isdisjoint(heldout)
    assert {r.group for r in generate("eval", 2)} == set(heldout)


def test_dev_templates_are_neither_trained_on_nor_evaluated():
    dev, heldout = dev_template_ids(), heldout_template_ids()
    assert dev and dev.isdisjoint(heldout)
    assert {r.group for r in generate("dev", 1)} == set(dev)
    assert {r.group for r in generate("train", 2)}.isdisjoint(dev)


def test_every_category_has_heldout_and_training_templates():
    heldout = heldout_template_ids()
    for category in {t.category for t in load_templates()}:
        ids = {t.id for t in load_templates() if t.category == category}
        assert ids & heldout and ids - heldout, category


def test_eval_names_are_not_training_names():
    train, evaluation = name_pools("train"), name_pools("eval")
    for origin in train:
        assert set(train[origin].first).isdisjoint(evaluation[origin].first), origin
        assert set(train[origin].last).isdisjoint(evaluation[origin].last), origin


def test_spans_cover_exactly_the_filled_names():
    for record in generate("train", 3):
        for start, end, label in record.spans:
            value = record.text[start:end]
            assert value and value == value.strip(), (record.group, value)
            assert label in {"PER", "LOC", "ORG", "STREET"}
        assert "{" not in record.text, record.group


def test_salutation_puts_only_the_surname_in_the_person_span():
    salutations = [r for r in generate("train", 5) if r.text.startswith("Hallo Herr ")]
    assert salutations
    for record in salutations:
        start, end, label = record.spans[0]
        assert (start, label) == (len("Hallo Herr "), "PER")


def test_first_and_family_name_written_side_by_side_are_one_person():
    text = "Viele Grüße, Anna Müller-Yılmaz"
    spans = [(13, 17, "PER"), (18, 24, "PER"), (25, 31, "PER")]
    assert merged_names(text, spans) == ((13, 31, "PER"),)


def test_names_come_from_many_origins_including_those_faker_lacks():
    origins = names_by_origin()
    for origin in ("de_DE", "tr_TR", "ar", "fa", "ru_RU", "el_GR", "sq", "ku", "ps_AF", "ti_ER", "so", "ff", "vi",
                   "german_word", "particle"):
        assert origins[origin].last, origin
    assert "Koch" in origins["german_word"].last and "von der Heide" in origins["particle"].last
    # Cyrillic and Greek names arrive transliterated.
    names = [n for pool in origins.values() for n in pool.first + pool.last]
    assert not any("\u0370" <= c <= "\u04ff" for name in names for c in name)


@pytest.mark.parametrize(("name", "form"), [("Leon", "Leons"), ("Max", "Max'"), ("Aliyah", "Aliyahs"), ("Fritz", "Fritz'")])
def test_genitive(name, form):
    assert genitive(name) == form


def test_lowercased_copy_keeps_spans():
    record = generate("train", 1)[0]
    copy = lowercased(record)
    assert copy is not None and copy.text == record.text.lower() and copy.spans == record.spans
