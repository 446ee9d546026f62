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
def name_nouns() -> frozenset[str]:
    """Lower-cased names that also inflect as common nouns ("koch", "wolf"): no name after "der"."""
    return _read_lines("name_nouns.txt.gz")


@lru_cache(maxsize=1)
def german_words() -> frozenset[str]:
    """Lower-cased German words that are written in lower case (verbs, adjectives, function words)."""
    return _read_lines("german_words.txt.gz")


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-cased place names, districts included ("gröpelingen", "tenever"); no common nouns."""
    return _read_lines("places.txt.gz")


@dataclass(frozen=True, slots=True)
class Origins:
    """Lower-cased words naming a family's origin (``data/nationalities.tsv``)."""

    countries: frozenset[str]  # "syrien", "sri lanka" (multi-word names joined by one space)
    adjectives: frozenset[str]  # uninflected: "syrisch", "kurdisch", "jesidisch"
    demonyms: frozenset[str]  # "syrerin", "kurden", "roma"


@lru_cache(maxsize=1)
def origins() -> Origins:
    countries, adjectives, demonyms = set(), set(), set()
    for line in (DATA_DIR / "nationalities.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, adjective, people = (line.split("\t") + ["", ""])[:3]
        countries.update({lookup_key(country)} - {""})
        adjectives.update({lookup_key(adjective)} - {""})
        demonyms.update(lookup_key(name.strip()) for name in people.split(",") if name.strip())
    return Origins(frozenset(countries), frozenset(adjectives), frozenset(demonyms))


@lru_cache(maxsize=1)
def generic_places() -> frozenset[str]:
    """Lower-cased federal states and big cities, too large to identify anyone on their own."""
    from anonymizer.detection.wordlists import read_word_list

    return read_word_list(DATA_DIR / "generic_places.txt")
