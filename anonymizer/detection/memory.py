"""Document-level name memory: a name found once in a document is found everywhere in it.

After the recognizers, every PERSON finding teaches the document its names, and each further
mention becomes a finding of its own:

- the same word elsewhere, whatever its case ("SULTANI", "smilla") or spelling ("Yilmaz" for
  "Yılmaz", "Mueller" for "Müller"), with a genitive ending ("Dileks", "Miracle's");
- a transliteration or a spelling of the same sound ("Мирослава" / "Miroslawa" / "Myroslava"),
  a Cyrillic case ending ("Алиса" / "Алису");
- an initial or a set of initials of a known name ("E. Rabe", "WH" for Wenke Hollenbeck), and an
  initial that the document uses for a person ("(T., 3)" ... "beiße T. nie");
- a nickname the document introduces: "Adebayo (zu Hause „Bayo“)", "Michaela (alle sagen „Michi“)",
  "nennen sie „Umm Majd“".

A known name that is also a German word ("Licht", "Morgen") is taken only where it stands as a name:
capitalised, not after an article or an adjective ("das Licht", "Guten Morgen"), or after a title
("herr licht").
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from anyascii import anyascii

from anonymizer.detection.gazetteers import german_nouns, german_words, lookup_key, name_nouns
from anonymizer.detection.lang_de import (
    ABBREVIATED_TITLES,
    ACADEMIC,
    CALENDAR,
    DETERMINERS,
    LANGUAGES,
    ORGANISATION_UNITS,
    PARTICLES,
    RELATIVES,
    ROLES,
    TITLES,
)
from anonymizer.names import fold
from anonymizer.detection.scores import score

PERSON = "PERSON"
SCORE_REMEMBERED = score("memory", "remembered")
SCORE_NICKNAME = score("memory", "nickname")
Span = tuple[int, int, float, str]

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")
MIN_NAME_LETTERS = 3
# Spelling variants become one key: "Miroslawa" = "Myroslava", "Tkatschuk" = "Tkachuk", "Ghaith" = "Gaith".
SOUNDS = (("tsch", "ch"), ("sch", "sh"), ("gh", "g"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("w", "v"), ("y", "i"), ("j", "i"), ("-", ""))
MIN_SOUND_KEY = 5  # shorter names are compared letter by letter only
CYRILLIC = regex.compile(r"\p{Cyrillic}")
CASED_OTHER_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Armenian}]")
NOT_NAME_PARTS = TITLES | ABBREVIATED_TITLES | ACADEMIC | RELATIVES | ROLES | PARTICLES | DETERMINERS | CALENDAR | LANGUAGES | ORGANISATION_UNITS
QUOTE_OPEN, QUOTE_CLOSE = "„\"“»‚'", "“\"”«‘'"
# "Adebayo (zu Hause „Bayo“)", "Xiaoling („Lily“)": a quoted name in brackets right after a name.
NICKNAME_IN_BRACKETS = regex.compile(rf"[ \t]*\((?:[^()\n]{{0,30}}?)[{QUOTE_OPEN}](?P<nick>[^{QUOTE_CLOSE}\n]{{2,30}})[{QUOTE_CLOSE}]")
# "heißt er nur „Konni“", "die anderen Mütter nennen sie „Umm Majd“".
NICKNAME_IN_SENTENCE = regex.compile(
    rf"(?:heißt|hieß|genannt|nennen|nennt|sagen|sagt|Spitzname|Rufname|Kosename|(?:kennen|kennt|bekannt)\b[^.\n]{{0,30}}?\bals)\b[^.\n]{{0,40}}?[{QUOTE_OPEN}]"
    rf"(?P<nick>[^{QUOTE_CLOSE}\n]{{2,30}})[{QUOTE_CLOSE}]"
)
MAX_NICKNAME_WORDS = 3
INITIAL_BEFORE = regex.compile(r"(?:\p{Lu}\.[ ]?-?[ ]?)+[ ]?$")
STANDALONE_INITIAL = regex.compile(r"(?<![\p{L}\p{N}.])(?<!(?<!\p{L})\p{Ll}\.[ ]?)(?P<letter>\p{Lu})\.(?![ ]?[\p{L}\p{N}]\.)(?![ ]?\d)")


def sound_key(key: str) -> str:
    for spelling, sound in SOUNDS:
        key = key.replace(spelling, sound)
    return regex.sub(r"(.)\1", r"\1", key)


@lru_cache(maxsize=1 << 14)
def _keys(word: str) -> frozenset[str]:
    """The keys a word is compared by: folded, transliterated, by sound."""
    folded = fold(word)
    keys = {folded, fold(anyascii(word))} if not word.isascii() else {folded}
    keys |= {sound_key(key) for key in keys if len(key) >= MIN_SOUND_KEY}
    return frozenset(key for key in keys if key)


@dataclass
class _Memory:
    """What the document taught: name keys, which of them are also German words, initials."""

    keys: set[str] = field(default_factory=set)
    wordlike: set[str] = field(default_factory=set)
    cyrillic: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)  # "WH"
    letters: set[str] = field(default_factory=set)  # "T" of "(T., 3)"

    def learn(self, name: str, skip: frozenset[str]) -> None:
        parts = [m.group() for m in WORD.finditer(name)]
        name_parts = []
        for position, part in enumerate(parts):
            key = lookup_key(part)
            if len(part) == 1:
                if part.isupper() and position == len(parts) - 1:
                    self.letters.add(part)  # "T." of "(T., 3)", "A." of "Herr A." or "Tamim A."
                continue
            if key in NOT_NAME_PARTS or key in skip or len(part) < MIN_NAME_LETTERS:
                continue
            name_parts.append(part)
            keys = _keys(part)
            if key.endswith("s") and len(key) > MIN_NAME_LETTERS:
                keys |= _keys(part[:-1])  # "Leons" found: "Leon" is the name
            self.keys |= keys
            if key in german_nouns() or key in german_words() or key in name_nouns():
                self.wordlike |= keys
            if CYRILLIC.search(part):
                self.cyrillic.add(fold(part))
        capitalised = [part for part in name_parts if part[0].isupper() and part.isascii()]
        if len(capitalised) >= 2:
            self.initials.add(capitalised[0][0] + capitalised[-1][0])

    def knows(self, word: str) -> tuple[bool, bool]:
        """(known, also a German word) for a word of the text, with genitive and case endings."""
        candidates = [word]
        for ending in ("’s", "'s", "s", "’", "'"):
            if word.endswith(ending) and len(word) - len(ending) >= MIN_NAME_LETTERS:
                candidates.append(word[: -len(ending)])
        for candidate in candidates:
            keys = _keys(candidate)
            if keys & self.keys:
                return True, bool(keys & self.wordlike)
        folded = fold(word) if CYRILLIC.search(word) else ""
        if len(folded) >= 4:
            stem = folded[:-1]
            if any(known.startswith(stem) and len(known) - len(folded) <= 1 for known in self.cyrillic if len(known) >= 4):
                return True, False
            if any(folded.startswith(known[:-1]) and len(folded) - len(known) <= 2 for known in self.cyrillic if len(known) >= 4):
                return True, False
        return False, False


def _nicknames(text: str, persons: Sequence[tuple[int, int]]) -> list[Span]:
    """Quoted names in brackets right after a person, and quoted names a sentence introduces
    ("alle sagen „Michi“") anywhere in a document that has persons."""
    matches = [NICKNAME_IN_BRACKETS.match(text, end) for _, end in persons]
    matches += NICKNAME_IN_SENTENCE.finditer(text)
    return [
        (match.start("nick"), match.end("nick"), SCORE_NICKNAME, "Rufname eines erkannten Namens")
        for match in matches
        if match and _looks_like_a_name(match.group("nick"))
    ]


def _looks_like_a_name(quoted: str) -> bool:
    """"Konni", "Umm Majd", "Lily" - not "Kinderschutz in der Kita" or "meins"."""
    words = quoted.split()
    return 0 < len(words) <= MAX_NICKNAME_WORDS and all(word[:1].isupper() for word in words) and not any(
        lookup_key(word) in german_words() or lookup_key(word) in german_nouns() for word in words
    )


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_left(spans, (end, end))
    return index > 0 and spans[index - 1][1] > start


def _previous_word(text: str, start: int) -> tuple[str, str]:
    """The word before ``start`` and the characters between."""
    match = regex.search(r"(\p{L}+)([^\p{L}]*)$", text[max(0, start - 40) : start])
    return (match.group(1), match.group(2)) if match else ("", text[max(0, start - 40) : start])


def _stands_as_name(text: str, start: int, word: str, wordlike: bool, everywhere: bool) -> bool:
    previous, gap = _previous_word(text, start)
    key = lookup_key(previous)
    after_title = key in TITLES or (key in ABBREVIATED_TITLES and gap.startswith("."))
    if after_title:
        return True
    if CASED_OTHER_SCRIPT.search(word):
        return word[0].isupper()  # in Cyrillic or Greek a lowercase word is no name ("дякую")
    if not wordlike or (everywhere and word[0].isupper()):
        return word[0].isupper() or len(word) >= MIN_NAME_LETTERS
    if not word[0].isupper() or gap.strip(" \t") == "" and (key in DETERMINERS or key in german_words()):
        return False  # "das licht", "Guten Morgen", "im Frühling", "der kleine Rabe"
    sentence_start = not previous or any(mark in gap for mark in ".!?\n:•–")
    return not sentence_start  # "Licht im Schlafraum flackert": a noun starts the sentence


def remembered_names(
    text: str, spans: Sequence[tuple[int, int, str]], skip: frozenset[str] = frozenset(), everywhere: bool = False
) -> list[Span]:
    """Further mentions of the PERSON names among ``spans`` (start, end, label) in ``text``.

    With ``everywhere`` a known name that is also a German word counts wherever it is capitalised
    ("Rose ist auch eine Blume"): anonymisation replaces rather too much than leave a name behind,
    while ``analyze`` reports only where the word stands as a name."""
    persons = [(start, end) for start, end, label in spans if label == PERSON]
    if not persons:
        return []
    nicknames = _nicknames(text, persons)
    memory = _Memory()
    for start, end in [*persons, *((s, e) for s, e, _, _ in nicknames)]:
        memory.learn(text[start:end], skip)
    covered = _merged([(start, end) for start, end, _ in spans] + [(s, e) for s, e, _, _ in nicknames])
    found = list(nicknames)
    for match in WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        if _covered(covered, start, end) or lookup_key(word) in skip:
            continue
        known, wordlike = memory.knows(word)
        if known and _stands_as_name(text, start, word, wordlike, everywhere):
            initial = INITIAL_BEFORE.search(text, max(0, start - 8), start)
            found.append((initial.start() if initial else start, end, SCORE_REMEMBERED, "weitere Erwähnung eines erkannten Namens"))
        elif word in memory.initials and word.isupper():
            found.append((start, end, SCORE_REMEMBERED, "Initialen eines erkannten Namens"))
    for match in STANDALONE_INITIAL.finditer(text):
        if match.group("letter") in memory.letters and not _covered(covered, match.start(), match.end()):
            found.append((match.start(), match.end(), SCORE_REMEMBERED, "Initiale, die das Dokument für eine Person nutzt"))
    return found
