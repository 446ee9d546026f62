"""PERSON from local evidence that word lists do not have: what follows a word, and its script.

- A word before a bracket with a relative, a role or an age is a name: "Smilla (Papa)", "Alp (6)",
  "Miracle (2;9 J.)", "Rahwa (Praktikantin)" - whether the name lists know it or not.
- A word in another script inside a German line is a name: "im Pass: سدرة الصباغ",
  "Frau Wendel, Святослав aus der Gruppe ..." (Arabic script has no capitals, so any run of
  Arabic words counts there; Cyrillic and Greek ones must be capitalised). In a line of that
  script itself the transliterated name lists decide (``lexicon.lookup_forms``).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from anonymizer.detection.gazetteers import generic_places, places
from anonymizer.detection.lang_de import (
    CALENDAR,
    COUNTED_WORDS,
    DETERMINERS,
    LANGUAGES,
    NOT_NAMES_IN_SLOTS,
    ORGANISATION_UNITS,
    RELATIVES,
    ROLES,
    TITLES,
)
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name
from anonymizer.detection.recognizers.words import Span, Word, keyset, only_spaces, word_of
from anonymizer.detection.scores import score

SCORE_BRACKET = score("person", "bracket")
SCORE_OTHER_SCRIPT = score("person", "other_script")
# "(Papa)", "(Mama, mit dem Bus)", "(6)", "(2;9 J.)", "(22 Monate)", "(Erzieherin)".
AGE_IN_BRACKET = regex.compile(r"\([ ]?\d{1,2}(?:[;,.]\d{1,2})?(?:[ ]?(?:J\.?|Jahre|Monate|Mon\.))?[ ]?[),]")
COUNTED = keyset(COUNTED_WORDS)
NOT_NAMES = RELATIVES | ROLES | TITLES | DETERMINERS | CALENDAR | LANGUAGES | ORGANISATION_UNITS | NOT_NAMES_IN_SLOTS
UNCASED = regex.compile(r"[\p{Arabic}\p{Hebrew}]")
CASED_OTHER = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Armenian}\p{Georgian}]")
LATIN = regex.compile(r"\p{Latin}")
MIN_LATIN_WORDS = 3  # a line of at least this many Latin words is a German line
MAX_NAME_WORDS = 5


def _bracket_says_person(text: str, words: Sequence[Word], word: Word) -> bool:
    following = words[word.index + 1] if word.index + 1 < len(words) else None
    gap = text[word.end : word.end + 2]
    if not gap.startswith(" (") and not gap.startswith("("):
        return False
    if AGE_IN_BRACKET.match(text, word.end + gap.index("(")):
        return True
    return following is not None and following.gap.strip() == "(" and following.key in RELATIVES | ROLES


def names_before_brackets(text: str, words: Sequence[Word]) -> Iterator[Span]:
    for word in words:
        if not word.capitalised or word.text.isupper() or word.key in NOT_NAMES or word.key in COUNTED:
            continue
        if word.key in places() or word.key in generic_places():
            continue
        previous = words[word.index - 1] if word.index else None
        word_like = is_common_noun(word, compounds=True) or is_german_word(word)
        if word_like and not is_listed_name(word):
            # a noun is a child's name only before an age and without an article ("Alp (6)", not "die Alp (6)")
            article = previous is not None and only_spaces(word) and previous.key in DETERMINERS
            if article or not AGE_IN_BRACKET.match(text, text.find("(", word.end)):
                continue
        if _bracket_says_person(text, words, word):
            yield (word.start, word.end, SCORE_BRACKET, "Name vor Klammer mit Rolle oder Alter")


# "(Behrmann, Wiese)", "(Mert, Paul und Lina)": a bracket holding nothing but capitalised words.
BRACKET_LIST = regex.compile(r"\((\p{Lu}[\p{L}'’-]+(?:(?:,[ ]?|[ ]und[ ]|[ ]/[ ]?)\p{Lu}[\p{L}'’-]+)+)\)")
SURNAME_ENDINGS = ("mann", "meier", "meyer", "müller")


def _name_like(word: Word) -> bool:
    """Listed, unknown to German, or a surname made like one ("Behrmann", not "Hausmann")."""
    if is_listed_name(word) or not is_common_noun(word, compounds=True):
        return True
    return word.key.endswith(SURNAME_ENDINGS) and not is_common_noun(word)


def names_in_brackets(text: str) -> Iterator[Span]:
    """A bracket listing single capitalised words of which one is name-like (a listed name or a word
    German does not know): all of them are names, nouns too ("(Behrmann, Wiese)")."""
    for match in BRACKET_LIST.finditer(text):
        items = [(m.start(), m.end()) for m in regex.finditer(r"[^,/ ]+(?:[ ](?!und\b)[^,/ ]+)*", match.group(1)) if m.group() != "und"]
        words = [word_of(match.group(1)[start:end]) for start, end in items]
        if any(w.key in NOT_NAMES or w.key in places() or w.key in generic_places() or is_german_word(w) for w in words):
            continue
        if any(_name_like(w) for w in words):
            offset = match.start(1)
            for start, end in items:
                yield (offset + start, offset + end, SCORE_BRACKET, "Name in einer Klammer mit Namen")


def other_script_names(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """Words in another script on a line that is otherwise written in Latin letters."""
    line_latin: dict[int, int] = {}
    line_of = []
    line = 0
    for word in words:
        if "\n" in word.gap:
            line += 1
        line_of.append(line)
        if LATIN.search(word.text):
            line_latin[line] = line_latin.get(line, 0) + 1
    index = 0
    while index < len(words):
        word = words[index]
        foreign = UNCASED.search(word.text) or (CASED_OTHER.search(word.text) and word.capitalised)
        if not foreign or not line_latin.get(line_of[index], 0):
            index += 1
            continue
        stop = index + 1
        while stop < len(words) and stop - index < MAX_NAME_WORDS and words[stop].gap.strip(" ") == "" and (
            UNCASED.search(words[stop].text) or CASED_OTHER.search(words[stop].text)
        ):
            stop += 1
        # "arabische Schreibweise: غيث بن نزار", "(ukrainisch: Мирослава Ткачук)": a value after a label
        labelled = word.gap.rstrip(" ").endswith((":", "(", "–"))
        if (line_latin[line_of[index]] < MIN_LATIN_WORDS or word.sentence_start) and not labelled:
            index = stop
            continue
        yield (word.start, words[stop - 1].end, SCORE_OTHER_SCRIPT, "Name in anderer Schrift in deutschem Text")
        index = stop
