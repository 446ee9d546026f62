"""Undo common evasions before detection and map positions back to the original text.

Zero-width characters and soft hyphens inside a name ("Le\u00adon"), non-breaking spaces,
decomposed umlauts (NFD) and Cyrillic or Greek lookalikes inside Latin words ("Yılmаz" with a
Cyrillic "а") would otherwise hide personal data from word-based recognizers.

Text from PDFs and scans is repaired too: a word hyphenated at the end of a line is joined again
("Behr-\nmann" -> "Behrmann", "gemein-\nsam" -> "gemeinsam", so neither "mann" nor "sam" looks
like a name), and the digits OCR puts for letters inside words ("Robe1", "Eu1en") and the letter O
for a zero inside numbers ("O7.O3.2O21") are read as what they stand for.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"


@dataclass(frozen=True, slots=True)
class NormalizedText:
    text: str
    original: str
    # origin[i] is the index in ``original`` of the character ``text[i]`` came from.
    origin: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        original_start = self.origin[start] if start < len(self.origin) else len(self.original)
        original_end = self.origin[end - 1] + 1 if end > 0 else 0
        # A composed character covers its trailing combining marks in the original.
        while original_end < len(self.original) and unicodedata.combining(self.original[original_end]):
            original_end += 1
        return original_start, original_end


# Cyrillic and Greek letters that look like Latin ones (after Unicode's confusables list).
HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁһӏԛԝ" "АВЕКМНОРСТУХІЈЅ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" "αικνορυ",
    "aeopcyxijsdhlqw" "ABEKMHOPCTYXIJS" "ABEZHIKMNOPTYX" "aikvopu",
)
WORD = regex.compile(r"[\p{L}\p{M}]+")
LATIN = regex.compile(r"\p{Latin}")
NEEDS_WORK = re.compile(f"[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e{SPACES}\u0370-\u03ff\u0400-\u052f]")


def fold_homoglyphs(text: str) -> str:
    """Lookalikes become Latin only inside words that also have Latin letters: a Ukrainian name
    written in Cyrillic ("Олена") stays as it is. One character for one, so positions hold."""

    def fold(match: regex.Match) -> str:
        word = match.group()
        return word.translate(HOMOGLYPHS) if LATIN.search(word) else word

    return WORD.sub(fold, text)


# A lowercase word fragment at the end of a line, continued in lower case on the next one.
LINE_BREAK_HYPHEN = regex.compile(r"(?<=\p{Ll}\p{Ll})-[ \t]*\n[ \t]*(?=\p{Ll}\p{Ll})")
# "1" and "0" between letters or after three letters at the end of a word: "Wo1demichael", "Robe1".
OCR_DIGITS = regex.compile(r"(?<=\p{L})[10]+(?=\p{Ll})|(?<=\p{L}{3})1(?![\p{L}\p{N}])")
# "O" for a zero next to digits: "O7.O3.2O21".
OCR_ZERO = regex.compile(r"(?<!\p{L})O(?=\d)|(?<=\d)O(?!\p{L})")
NEEDS_REPAIR = regex.compile(f"{LINE_BREAK_HYPHEN.pattern}|{OCR_DIGITS.pattern}|{OCR_ZERO.pattern}")
OCR_LETTERS = str.maketrans({"1": "l", "0": "o", "O": "0"})


def repair(text: str, origin: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Join hyphenated line breaks and read OCR digits as letters; ``origin`` follows the text."""
    if not NEEDS_REPAIR.search(text):
        return text, origin
    text = OCR_ZERO.sub(lambda m: m.group().translate(OCR_LETTERS), text)
    text = OCR_DIGITS.sub(lambda m: m.group().translate(OCR_LETTERS), text)  # one character for one
    kept = [True] * len(text)
    for match in LINE_BREAK_HYPHEN.finditer(text):
        kept[match.start() : match.end()] = [False] * (match.end() - match.start())
    if all(kept):
        return text, origin
    return "".join(c for c, keep in zip(text, kept) if keep), tuple(o for o, keep in zip(origin, kept) if keep)


def normalize(text: str) -> NormalizedText:
    if not NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        if not NEEDS_REPAIR.search(text):
            return NormalizedText(text=text, original=text, origin=range(len(text)))
        repaired, origin = repair(text, range(len(text)))
        return NormalizedText(text=repaired, original=text, origin=origin)
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if ord(char) in INVISIBLE:
            continue
        if char in SPACES:
            char = " "
        if chars and unicodedata.combining(char):
            composed = unicodedata.normalize("NFC", chars[-1] + char)
            if len(composed) == 1:
                chars[-1] = composed
                continue
        chars.append(char)
        origin.append(index)
    repaired, repaired_origin = repair(fold_homoglyphs("".join(chars)), origin)
    return NormalizedText(text=repaired, original=text, origin=tuple(repaired_origin))
