"""Document-level name memory: every mention of a name found somewhere in a document is a finding
of ``analyze`` - other case, spelling, genitive, initials, nicknames - and German words that happen
to be a known name stay words where they are used as words."""
from __future__ import annotations

import pytest

from anonymizer.detection.memory import remembered_names, sound_key
from document_support import covered, touched

NOTE = """Entwicklungsgespräch

Teilnehmende: Frau Hilde Sommer (Mutter), Emil Rabe (Bezugserzieher)

Adebayo (zu Hause „Bayo“) ist seit August in der Gruppe. Bayo spielt am liebsten mit Xiaoling („Lily“).
Lily und adebayo bauen jeden Morgen zusammen. Auf seinem Fach steht ADEBAYO.
Adebayos Mutter, Frau Sommer, erzählt, dass im Sommer ein Umzug ansteht.
Die Mutter nennen im Haus alle „Umm Yusuf“. Herr Rabe liest „Der kleine Rabe Socke“ vor.
Protokoll: E. Rabe · Kürzel ER
"""


@pytest.mark.parametrize(
    "phrase, occurrence",
    [
        ("Bayo", 0),  # the nickname in brackets
        ("Bayo", 1),  # ... and its next mention
        ("Lily", 0),
        ("Lily", 1),
        ("adebayo", 0),  # lowercase
        ("ADEBAYO", 0),  # all caps
        ("Adebayos", 0),  # genitive
        ("Umm Yusuf", 0),  # introduced by "nennen ... „...“"
        ("E. Rabe", 0),  # initial of a known surname
        ("ER", 0),  # initials of a known full name
    ],
)
def test_every_mention_of_a_known_name_is_found(detector, phrase, occurrence):
    assert covered(NOTE, detector.analyze(NOTE), phrase, occurrence=occurrence), (phrase, occurrence)


def test_known_names_that_are_german_words_stay_words_where_used_as_words(detector):
    findings = detector.analyze(NOTE)
    assert covered(NOTE, findings, "Frau Sommer".split()[1], occurrence=1)  # "Frau Sommer"
    assert not touched(NOTE, findings, "im Sommer")
    assert not touched(NOTE, findings, "kleine Rabe Socke")


def test_memory_findings_come_from_analyze(detector):
    findings = detector.analyze(NOTE)
    assert any(f.recognizer == "DocumentMemory" and f.text == "Umm Yusuf" for f in findings)


def test_spelling_and_transliteration_variants():
    text = "Kind: Myroslava Tkachuk (Мирослава Ткачук). Auf der Liste: Miroslawa Tkatschuk."
    first = text.index("Myroslava")
    spans = [(first, first + len("Myroslava Tkachuk"), "PERSON")]
    found = {text[start:end] for start, end, _, _ in remembered_names(text, spans)}
    assert {"Мирослава", "Ткачук", "Miroslawa", "Tkatschuk"} <= found


def test_cyrillic_case_endings():
    text = "[08:10] Наталья: Кто может забрать Алису? [08:12] Віка: Я можу, Алиса теж до 16."
    first = text.index("Алиса")
    found = {text[start:end] for start, end, _, _ in remembered_names(text, [(first, first + 5, "PERSON")])}
    assert found == {"Алису"}


def test_sound_keys_join_spellings_of_one_name():
    assert sound_key("miroslawa") == sound_key("myroslava")
    assert sound_key("tkatschuk") == sound_key("tkachuk")
    assert sound_key("ghaith") == sound_key("gaith")


def test_nothing_is_remembered_without_a_person():
    assert remembered_names("Im Sommer fahren wir an die See.", [(3, 9, "LOCATION")]) == []


def test_allowed_words_are_not_remembered():
    text = "Frau Sonnenschein kommt. Sonnenschein ist auch der Name der Gruppe."
    spans = [(5, 17, "PERSON")]
    assert remembered_names(text, spans, skip=frozenset({"sonnenschein"})) == []
