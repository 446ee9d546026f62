"""Name and word lists the name recognizers look words up in; built by ``make lexicon``.

Runtime only reads the committed files under ``data/`` (see ``build_wordlists.py``): first names
and surnames of about 80 origins in Latin script, German common nouns and other German words.
All lookups are lower-cased (``str.casefold``) set membership.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Names:
    """First names and surnames of one origin, as written (Latin script, diacritics kept)."""

    first: tuple[str, ...]
    last: tuple[str, ...]


def lookup_key(word: str) -> str:
    """The form words are compared in: lower case, Turkish dotted capital I as a plain i."""
    return word.replace("İ", "I").casefold()


def _read_lines(name: str) -> frozenset[str]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split("\n")) - {""}


@lru_cache(maxsize=1)
def names_by_origin() -> dict[str, Names]:
    """Names per origin: a Faker locale ("tr_TR", "uk_UA") or a language code of the extra list
    ("ar", "fa", "ku", "sq", "ti_ER", "so", "ff" for West Africa, "vi", ...). For synthetic corpora."""
    with gzip.open(DATA_DIR / "names_by_origin.json.gz", "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    return {origin: Names(tuple(kinds["first"]), tuple(kinds["last"])) for origin, kinds in raw.items()}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Lower-cased first names with their typed variants ("ayşe", "ayse"; "özlem", "oezlem", "ozlem")."""
    return _read_lines("first_names.txt.gz")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Lower-cased surnames with their typed variants ("yılmaz", "yilmaz")."""
    return _read_lines("surnames.txt.gz")


@lru_cache(maxsize=1)
def german_nouns() -> frozenset[str]:
    """Lower-cased German common nouns; words mostly used as names ("Koch", "Müller") are not in it."""
    return _read_lines("german_nouns.txt.gz")


@lru_cache(maxsize=1)
def german_words() -> frozenset[str]:
    """Lower-cased German words that are written in lower case (verbs, adjectives, function words)."""
    return _read_lines("german_words.txt.gz")
