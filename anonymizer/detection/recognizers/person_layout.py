"""PERSON from layout: the names in the slots ``layout.py`` finds (chat senders, e-mail headers,
signatures, form fields, table cells, quoted labels).

A slot is cut into parts at commas, slashes, "·", "&", "und", brackets, dashes and wide gaps. In each
part titles and role words in front are skipped ("Vater Moritz Licht", "Leitung Wenke Hollenbeck"),
then the words that follow as long as they can be part of a name: capitalised words, ALL-CAPS words
("KOCABAŞ-RIEDEL"), initials ("H.-U.", "A.B.", and "WH" in a signature), words in other scripts,
lowercase words in a chat sender ("mebrat"). What the slot proves decides which runs count (see
``layout.py``): evidence beats word lists, so "Familienname: Sommer" and "Anwesend: Carola Busse"
are names although "Sommer" and "Busse" are German nouns.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

import regex

from anonymizer.detection import layout
from anonymizer.detection.gazetteers import generic_places, german_nouns, origins, places
from anonymizer.detection.lang_de import (
    ABBREVIATED_TITLES,
    ACADEMIC,
    CALENDAR,
    COORDINATORS,
    DETERMINERS,
    LANGUAGES,
    NOT_NAMES_IN_SLOTS,
    ORGANISATION_UNITS,
    PARTICLES,
    RELATIVES,
    ROLES,
    SHORT_NOUNS,
    TITLES,
    WEEKDAY_ABBREVIATIONS,
)
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name
from anonymizer.detection.recognizers.words import Span, Word
from anonymizer.detection.scores import score

SCORE_LAYOUT = score("person", "layout")
PART_BREAKS = regex.compile(r"[,;·/|&()\[\]<>–—\"„“”»«‚‘:\n\t]|[ ]{3}|\s-\s")
OTHER_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Arabic}\p{Hebrew}\p{Armenian}\p{Georgian}\p{Han}\p{Hangul}\p{Thai}]")
UNCASED_SCRIPT = regex.compile(r"[\p{Arabic}\p{Hebrew}\p{Han}\p{Hangul}\p{Thai}]")
MAX_NAME_WORDS = 6
MAX_SIGNATURE_INITIALS = 3

SKIPPED_BEFORE = TITLES | ABBREVIATED_TITLES | ACADEMIC | RELATIVES | ROLES
INTRODUCERS = TITLES | ABBREVIATED_TITLES | RELATIVES
STOPS = DETERMINERS | COORDINATORS | CALENDAR | LANGUAGES | SHORT_NOUNS | NOT_NAMES_IN_SLOTS | ORGANISATION_UNITS


def is_initial(word: Word) -> bool:
    """"M." in "M. Delić", "H" and "U" in "H.-U. Seidel"."""
    return len(word.text) == 1 and word.text.isupper() and word.abbreviated


def _kind_of(word: Word, slot: layout.Slot) -> str | None:
    """"name" for a word that shows a name, "part" for one that may stand in a name beside such a
    word (a noun, a particle), ``None`` for a word no name is made of."""
    if word.key in STOPS or word.key in SKIPPED_BEFORE or word.key in origins().demonyms:
        return None
    if is_initial(word):
        return "name"
    if UNCASED_SCRIPT.search(word.text):
        return "name"
    if word.text.isupper() and len(word.text) <= MAX_SIGNATURE_INITIALS:
        if slot.kind == layout.SIGNATURE:
            return "name"  # "gez. TM", "Kürzel MW"
        return "name" if is_listed_name(word) else "part" if slot.strength == layout.STRONG else None
    if not word.capitalised:
        if word.key in PARTICLES:
            return "part"
        chat_name = slot.kind == layout.CHAT_SENDER and not is_german_word(word) and word.key not in german_nouns()
        return "name" if chat_name and len(word.key) >= 3 else None
    if word.key in places() or word.key in generic_places():
        return "part"  # "Ort, Datum: Hannover, 12.03.2026"
    if is_listed_name(word) or OTHER_SCRIPT.search(word.text):
        return "name"
    if is_german_word(word):
        return "word"  # "Seit", "Heute" start no name; "Kühne", "Morgen" after a first name are one
    if word.text.isupper():
        return "part"  # "AYLA SU" in a name field; "NICHT" elsewhere needs a name beside it
    return "part" if is_common_noun(word, compounds=True) else "name"


def _parts(words: Sequence[Word], slot: layout.Slot) -> Iterator[list[Word]]:
    first = bisect_left(words, slot.start, key=lambda word: word.start)
    part: list[Word] = []
    for word in words[first:]:
        if word.end > slot.end:
            break
        if part and (PART_BREAKS.search(word.gap) or word.key in COORDINATORS):
            yield part
            part = []
        if word.key not in COORDINATORS:
            part.append(word)
    if part:
        yield part


def _name_run(part: list[Word], slot: layout.Slot) -> tuple[list[Word], list[str]]:
    index = 0
    while index < len(part) - 1 and part[index].key in SKIPPED_BEFORE:
        index += 1  # "Vater Moritz Licht", "Frau Dr. Koch"
    run, kinds = [], []
    for word in part[index : index + MAX_NAME_WORDS]:
        kind = _kind_of(word, slot)
        if kind == "word":  # only a certain slot or a name before it makes a German word a name ("Rufname: Su")
            kind = "part" if run or slot.strength == layout.STRONG else None
        if kind is None:
            break
        run.append(word)
        kinds.append(kind)
    while run and kinds[-1] == "part" and run[-1].key in PARTICLES:
        run.pop()
        kinds.pop()
    if [word.text for word in run] == ["N", "N"]:
        return [], []  # "Protokoll: N.N." - nomen nescio, nobody yet
    if run and index and part[index - 1].key in INTRODUCERS:
        kinds[0] = "name"  # "Mama Saltuk", "Frau Wiese": a title or a relative vouches for the word after it
    return run, kinds


def _counts(run: list[Word], kinds: list[str], part: list[Word], slot: layout.Slot) -> bool:
    if not run:
        return False
    if slot.strength == layout.WEAK and any(word.key in WEEKDAY_ABBREVIATIONS for word in run):
        return False  # "Sprechzeiten   Mo–Do 8–9 Uhr"
    # a role word before a noun names a function, not a person: "Unterschrift Sorgeberechtigte: ___"
    after_role = part.index(run[0]) > 0 and part[part.index(run[0]) - 1].key in ROLES and kinds[0] == "part"
    if slot.strength == layout.STRONG and not after_role:
        return True
    if "name" not in kinds:
        return False
    # a weak slot's name fills its block: "Leni Bosse", but not "Leni Bosse kommt später"
    return slot.strength == layout.LISTED or run[-1] is part[-1]


def layout_names(text: str, words: Sequence[Word]) -> Iterator[Span]:
    for slot in layout.slots(text):
        for part in _parts(words, slot):
            run, kinds = _name_run(part, slot)
            if _counts(run, kinds, part, slot):
                end = run[-1].end + (1 if is_initial(run[-1]) else 0)
                yield (run[0].start, end, SCORE_LAYOUT, f"Name an einer Stelle für Namen ({slot.kind})")
