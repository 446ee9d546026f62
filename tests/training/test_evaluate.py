"""The headline PERSON scores of `make eval-model`, computed with the real hybrid detector."""
from __future__ import annotations

from anonymizer.training.corpora import TextRecord
from anonymizer.training.evaluate import format_person_table, person_scores


def record(text: str, *names: str) -> TextRecord:
    spans = tuple((text.index(name), text.index(name) + len(name), "PER") for name in names)
    return TextRecord(text, spans, "test")


def test_found_missed_and_false_names_are_counted(detector):
    records = [
        record("Heute hat Frau Yılmaz angerufen.", "Yılmaz"),
        record("Der Ausflug in den Zoo war schön.", "Zoo"),  # gold says person, no detector would
        record("Hallo Herr Müller, danke für die Unterlagen."),  # a name the gold data does not mark
    ]
    scores = person_scores(detector, records)
    assert (scores["names"], scores["missed"], scores["false_positives"]) == (2, 1, 1)
    assert (scores["p"], scores["r"]) == (0.5, 0.5)
    assert "0.500" in format_person_table({"test": scores})


def test_a_name_counts_as_found_only_when_all_its_words_are_covered(detector):
    # "Quatsch" is a German noun: the detector hides "Anna" and leaves the (made-up) surname.
    text = "Heute kam Anna Quatsch zu spät."
    assert [f.text for f in detector.analyze(text) if f.label == "PERSON"] == ["Anna"]
    scores = person_scores(detector, [record(text, "Anna Quatsch")])
    assert (scores["missed"], scores["false_positives"], scores["r"], scores["p"]) == (1, 0, 0.0, 1.0)
