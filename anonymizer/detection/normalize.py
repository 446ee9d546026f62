"""Undo common evasions before detection and map positions back to the original text.

Zero-width characters and soft hyphens inside a name ("Le\u00adon"), non-breaking spaces,
decomposed umlauts (NFD) and Cyrillic or Greek lookalikes inside Latin words ("Yılmаz" with a
Cyrillic "а") would otherwise hide personal data from word-based recognizers.
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


def normalize(text: str) -> NormalizedText:
    if not NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        return NormalizedText(text=text, original=text, origin=range(len(text)))
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
    return NormalizedText(text=fold_homoglyphs("".join(chars)), original=text, origin=tuple(origin))
