"""Every script: names in Cyrillic, Greek and Arabic script are looked up transliterated, and a
word of another script inside a German line is a name; words of those languages are not."""
from __future__ import annotations

import pytest

from anonymizer.detection.lexicon import is_first_name, lookup_forms, name_shaped
from anonymizer.detection.recognizers.words import scan, word_of
from document_support import covered, touched

CHAT = """[08:10] Наталья С.: Всем привет. Кто может забрать Алису сегодня?
[08:12] Вікторія Мороз: Я можу, Ярема теж до 16. Але треба записку для садка!
[08:25] Лариса: Frau Wendel, Святослав aus der Gruppe hat meine Mütze mitgenommen
"""


@pytest.mark.parametrize("name", ["Наталья С.", "Вікторія Мороз", "Лариса", "Алису", "Ярема", "Святослав"])
def test_cyrillic_names_in_a_chat(detector, name):
    assert covered(CHAT, detector.analyze(CHAT), name)


@pytest.mark.parametrize("word", ["Всем привет", "Кто", "Але треба", "записку"])
def test_cyrillic_words_are_no_names(detector, word):
    assert not touched(CHAT, detector.analyze(CHAT), word)


def test_arabic_and_greek_names_beside_german_text(detector):
    text = "Kind: Sidra Sabbagh – im Pass: سدرة الصباغ\nDer Vater Γιώργος Παπαδόπουλος holt Sidra heute ab.\n"
    findings = detector.analyze(text)
    assert covered(text, findings, "سدرة الصباغ")
    assert covered(text, findings, "Γιώργος Παπαδόπουλος")


def test_transliterated_lookup_with_case_endings():
    assert lookup_forms("наталья")[0] == "natalya"
    assert is_first_name(word_of("Наталья")) and is_first_name(word_of("Алису")) and is_first_name(word_of("Ολγα"))
    assert not is_first_name(word_of("Спасибо"))


def test_lowercase_and_sentence_start_words_of_cased_scripts_are_not_name_shaped():
    words = scan("Дякую, ранку. Алиса")
    assert [name_shaped(word) for word in words] == [False, False, True]
