"""PERSON from initials: minutes, chats and signatures shorten names, and a shortened name is still one.

- initial(s) + surname: "B. Krüger", "K.-P. Behrmann", "A.B. Yılmaz", "E. Rabe" at the end of a line;
- a name + initial: "Lasse K.", "Jelena P.", "Antje K:", "LOTTE H.";
- a title + initial: "Herr A.", "Familie T.", "Hr. B.";
- an initial with an age: "(L., 5)", "T. (3)".

Lowercase abbreviations ("z. B. Leon", "u. a. Frau Koch") are no initials, and a German noun after an
initial counts only where nothing but punctuation follows ("Protokoll: E. Rabe", not "I. Quartal
beginnt").
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from anonymizer.detection.lang_de import ACADEMIC, CALENDAR, DETERMINERS, RELATIVES, ROLES, SHORT_NOUNS, TITLES
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name
from anonymizer.detection.recognizers.words import Span, word_of
from anonymizer.detection.scores import score

SCORE_INITIALS = score("person", "initials")
INITIALS = r"\p{Lu}\.(?:[ ]?-?[ ]?\p{Lu}\.){0,2}"
NAME = r"\p{Lu}[\p{L}'’]+(?:-\p{L}[\p{L}'’]+)*"
# Not after a letter, a digit or a one-letter lowercase abbreviation ("z. B.", "u. a.").
BEFORE = r"(?<![\p{L}\p{N}.])(?<!(?<!\p{L})\p{Ll}\.[ ]?)"
INITIAL_SURNAME = regex.compile(rf"{BEFORE}(?P<initials>{INITIALS})[ ]?(?P<name>{NAME})")
NAME_INITIAL = regex.compile(rf"(?<![\p{{L}}.])(?P<name>{NAME})[ ](?P<initial>\p{{Lu}})(?:\.|(?=[ \t]*(?:[:),;\n]|$)))(?![\p{{L}}])")
TITLE_INITIAL = regex.compile(rf"(?<![\p{{L}}])(?:Frau|Herrn?|Fr\.|Hr\.|Familie|Fam\.)[ ](?P<initial>{INITIALS})")
INITIAL_AGE = regex.compile(
    rf"{BEFORE}(?P<initial>\p{{Lu}}\.)(?=[ ]?,[ ]?\d{{1,2}}\b|[ ]?\([ ]?\d{{1,2}}[ ]?(?:J\.?|Jahre)?[ ]?\))"
)
NOTHING_FOLLOWS = regex.compile(r"[ \t]*(?:$|[\n,;:()·/|–-]|\t|[ ]{2})")
NOT_NAMES = TITLES | ACADEMIC | RELATIVES | ROLES | DETERMINERS | CALENDAR | SHORT_NOUNS


# "B. Sorgeberechtigte", "C. Gesundheit": lettered sections of a form, not initials.
OUTLINE_LINE = regex.compile(r"^[ \t]*(\p{Lu})\.[ ]", regex.MULTILINE)


def _outline_letters(text: str) -> set[str]:
    """Letters that start lines in sequence (A., B., C.): the outline of a form."""
    letters = {match.group(1) for match in OUTLINE_LINE.finditer(text)}
    return {letter for letter in letters if chr(ord(letter) + 1) in letters or chr(ord(letter) - 1) in letters}


def _name_word(word: str, text: str, end: int) -> bool:
    """A word after or before an initial that can be a name: listed, or unknown, or a noun that
    ends its phrase ("E. Rabe" alone on a line)."""
    token = word_of(word)
    if token.key in NOT_NAMES:
        return False
    if is_listed_name(token):
        return True
    if is_german_word(token) or (word.isupper() and len(word) > 1):
        return False
    return not is_common_noun(token, compounds=True) or bool(NOTHING_FOLLOWS.match(text, end))


def initial_names(text: str) -> Iterator[Span]:
    outline = _outline_letters(text)
    for match in INITIAL_SURNAME.finditer(text):
        heading = match.group("initials")[0] in outline and OUTLINE_LINE.match(text, text.rfind("\n", 0, match.start()) + 1)
        if heading and is_common_noun(word_of(match.group("name")), compounds=True):
            continue
        if _name_word(match.group("name"), text, match.end()):
            yield (match.start(), match.end(), SCORE_INITIALS, "Initiale und Nachname")
    for match in NAME_INITIAL.finditer(text):
        name = word_of(match.group("name"))
        unknown = not name.text.isupper() and not (is_common_noun(name, compounds=True) or is_german_word(name))
        if name.key not in NOT_NAMES and (is_listed_name(name) or unknown):
            end = match.end() if text[match.end() - 1] == "." else match.end("initial")
            yield (match.start(), end, SCORE_INITIALS, "Name und Initiale")
    for match in TITLE_INITIAL.finditer(text):
        yield (match.start("initial"), match.end("initial"), SCORE_INITIALS, "Anrede und Initiale")
    for match in INITIAL_AGE.finditer(text):
        yield (match.start("initial"), match.end("initial"), SCORE_INITIALS, "Initiale mit Altersangabe")
