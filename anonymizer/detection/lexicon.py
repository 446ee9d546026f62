"""The name lexicon: is a word a listed first name or surname, a German noun or a German word?

The lookups every name-like recognizer shares (person, organisation, location), on the word
lists of ``gazetteers.py``; the rules that use them live in the recognizers.
"""
from __future__ import annotations

from functools import lru_cache

import regex
from anyascii import anyascii

from anonymizer.detection.gazetteers import first_names, german_nouns, german_words, surnames
from anonymizer.detection.lang_de import CALENDAR, LANGUAGES, PARTICLES, SHORT_NOUNS
from anonymizer.detection.recognizers.words import Word

# Short words of quick notes that Faker lists as names somewhere ("ok", "ne", "mal" are German words).
MIN_LOWERCASE_NAME = 3


NON_LATIN = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Armenian}\p{Georgian}]")
CYRILLIC = regex.compile(r"\p{Cyrillic}")
CASED_OTHER_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Armenian}]")
# Shortest transliterated word whose case ending is tried away ("Алису" -> "alisa").
MIN_INFLECTED = 5


@lru_cache(maxsize=1 << 16)
def _name_kind(key: str) -> tuple[bool, bool]:
    """(first name, surname) for a lower-cased word; hyphenated words by their parts
    ("anna-lena", "meyer-özkan"), name particles left out ("al-hassan" -> "hassan").

    A word in another script is looked up transliterated ("Наталья" -> "natalya"), a Cyrillic one
    also without its case ending ("Алису" -> "alisa", "Святослава" -> "svyatoslav"); a word of a
    scan also with OCR's "rn" read as "m" ("Tesfamariarn")."""
    for form in lookup_forms(key):
        parts = [part for part in form.replace("’", "'").split("-") if part not in PARTICLES and len(part) > 1]
        if parts and all(part in first_names() or part in surnames() for part in parts):
            return any(part in first_names() for part in parts), any(part in surnames() for part in parts)
    return False, False


def lookup_forms(key: str) -> list[str]:
    """The forms a lower-cased word is looked up in the Latin-script name lists in."""
    if NON_LATIN.search(key):
        latin = "".join(char for char in anyascii(key).casefold() if char.isalpha() or char == "-")
        forms = [latin]
        if CYRILLIC.search(key) and len(latin) >= MIN_INFLECTED:
            forms += [latin[:-1] + "a", latin[:-1], latin[:-2] + "a", latin[:-2]]
        return forms
    return [key, key.replace("rn", "m")] if "rn" in key else [key]


def is_first_name(word: Word) -> bool:
    return _name_kind(word.key)[0]


def is_surname(word: Word) -> bool:
    return _name_kind(word.key)[1]


def is_listed_name(word: Word) -> bool:
    return any(_name_kind(word.key))


def is_common_noun(word: Word, compounds: bool = False) -> bool:
    """A German noun, month, weekday or language; with ``compounds`` also unknown compounds
    whose last part is a noun ("Sprachförderung", "Elterncafé") - never used for listed names,
    whose endings are often nouns too ("Zimmermann", "Bergmann")."""
    return _is_common_noun(word.key, compounds)


def never_a_name(key: str) -> bool:
    """Months, weekdays, languages and abbreviations: no context makes them a name."""
    return key in CALENDAR or key in LANGUAGES or key in SHORT_NOUNS or key.endswith("isch")


@lru_cache(maxsize=1 << 16)
def _is_common_noun(key: str, compounds: bool) -> bool:
    nouns = german_nouns()
    if key in nouns or never_a_name(key):
        return True
    if any(part in nouns for part in key.split("-")[1:]):  # "Kita-Leitung"
        return True
    if compounds and any(key[i:] in nouns for i in range(3, len(key) - 2)):
        return True
    # Feminine role nouns missing from the lists: "Kassenwartin", "Schulbegleiterinnen".
    for ending in ("innen", "in"):
        if compounds and key.endswith(ending) and len(key) > len(ending) + 4:
            return _is_common_noun(key[: -len(ending)], compounds)
    return False


def is_german_word(word: Word) -> bool:
    """Written lower case in German: verbs, adjectives, adverbs, function words; also as a scan
    misreads them ("Hierrnit" for "Hiermit")."""
    return word.key in german_words() or ("rn" in word.key and word.key.replace("rn", "m") in german_words())


def could_be_name(word: Word) -> bool:
    """A capitalised word that is a listed name, or neither a German noun nor a German word:
    enough for a name where the context expects one ("Sohn Levin", "Anwesend: ...")."""
    return word.capitalised and not (word.text.isupper() and len(word.text) <= 4) and (
        is_listed_name(word) or not (is_common_noun(word, compounds=True) or is_german_word(word))
    )


def name_shaped(word: Word) -> bool:
    """Could be a name at all: capitalised, or lowercase but not a German word ("ayse", "leon");
    never with a digit ("L01X00T44"). In Cyrillic and Greek, which have capitals, a lowercase word
    is no name, nor a capitalised one that starts a sentence unless it is a listed name of five letters
or more ("Але треба ...": "But we need", "Дякую": "Thank you")."""
    if any(char.isdigit() for char in word.text):
        return False
    if CASED_OTHER_SCRIPT.search(word.text):
        return word.capitalised and (not word.sentence_start or (len(word.text) >= MIN_INFLECTED and is_listed_name(word)))
    if word.capitalised:
        return not word.text.isupper() or len(word.text) > 3
    return word.lower and len(word.key) >= MIN_LOWERCASE_NAME and not is_german_word(word) and word.key not in german_nouns()


