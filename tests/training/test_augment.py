"""Name substitution in public-corpus sentences keeps every other word and label in place."""
from __future__ import annotations

from anonymizer.training.augment import substitute_names
from anonymizer.training.corpora import TextRecord, TokenRecord
from anonymizer.training.generator import Filler


def test_token_record_names_are_swapped_and_the_rest_kept():
    record = TokenRecord(
        ("Gestern", "traf", "Anna", "Schmidt", "in", "Köln", "Herrn", "Meier", "."),
        ("O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-PER", "O"),
        "doc",
    )
    copy = substitute_names(record, Filler("train", 3))
    assert copy.words[:2] == ("Gestern", "traf") and copy.words[-1] == "."
    persons = [w for w, t in zip(copy.words, copy.tags) if t.endswith("PER")]
    assert persons and persons != ["Anna", "Schmidt", "Meier"]
    assert copy.tags[copy.words.index("Köln")] == "B-LOC"
    assert copy.tags.count("B-PER") == 2


def test_text_record_spans_follow_the_new_names():
    text = "Frau Albers und Dr. Beate Weber aus Graz"
    record = TextRecord(text, ((5, 11, "PER"), (20, 31, "PER"), (36, 40, "LOC")), "doc")
    copy = substitute_names(record, Filler("train", 4))
    labels = [(copy.text[s:e], label) for s, e, label in copy.spans]
    assert labels[-1] == ("Graz", "LOC")
    assert copy.text.startswith("Frau ") and " und Dr. " in copy.text
    assert all(value and value not in ("Albers", "Beate Weber") for value, label in labels if label == "PER")
    assert len(labels[1][0].split()) >= 2  # a full name replaces a full name


def test_records_without_persons_are_not_copied():
    assert substitute_names(TokenRecord(("in", "Köln"), ("O", "B-LOC"), "d"), Filler("train", 1)) is None
