"""Given names by origin and gender, from Faker's locale data (no network, no extra files).

Used to guess a person's gender when the text gives no title, and to draw a surrogate name of the
same origin ("Ayşe" -> a Turkish name, not "Gertrud").
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Latin-script locales only: a surrogate must be readable in a German note. German first, so
# names common in Germany and elsewhere ("Anna", "Leon") count as German.
LATIN_LOCALES = (
    "de_DE", "tr_TR", "pl_PL", "ro_RO", "hr_HR", "it_IT", "fr_FR", "es_ES",
    "en_US", "nl_NL", "cs_CZ", "az_AZ", "vi_VN",
)
# Letters that Unicode does not decompose into base letter + accent.
SPECIAL_LETTERS = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})
NOT_NAME_CHARS = re.compile(r"[^\w\s-]")


def fold(name: str) -> str:
    """A key that is equal for spelling variants of one name: case, diacritics, umlaut spellings."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"([aou])e", r"\1", text)  # "ue" -> "u" after folding "ü" -> "u": Mueller == Müller
    return " ".join(NOT_NAME_CHARS.sub("", text).split())


@dataclass(frozen=True, slots=True)
class NameOrigin:
    locale: str  # a Faker locale ("tr_TR"), or with ``faker=False`` an origin of the project's name lists ("fa")
    gender: str | None  # "f", "m" or None when the name is used for both
    faker: bool = True


@lru_cache(maxsize=1)
def _given_name_table() -> dict[str, tuple[list[str], set[str]]]:
    """Folded given name -> (locales that list it, genders it is used for)."""
    table: dict[str, tuple[list[str], set[str]]] = {}
    for locale in LATIN_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for gender, attribute in (("f", "first_names_female"), ("m", "first_names_male")):
            for name in getattr(provider, attribute, ()):
                locales, genders = table.setdefault(fold(name), ([], set()))
                genders.add(gender)
                if locale not in locales:
                    locales.append(locale)
    return table


# Letters that only some languages use tell the origin of a name best ("Yılmaz", "Wójcik").
LETTER_LOCALES = (("şğıİ", "tr_TR"), ("łąęśźżńć", "pl_PL"), ("șțăâî", "ro_RO"), ("čćđž", "hr_HR"), ("ěřůň", "cs_CZ"))


def origin_of(given_name: str, surname: str = "") -> NameOrigin | None:
    """Origin and gender of a name; ``None`` when nothing tells the origin.

    Faker's German list includes names common among migrant families ("Mehmet", "Ayşe"), so
    the letters of given name and surname decide first; then the project's name lists for origins
    Faker has no Latin-script locale for ("Ahmadi" -> Persian, "Tesfay" -> Tigrinya); then a given
    name listed by one or two Faker locales besides German belongs to those, and a name listed
    almost everywhere ("Anna") is German.
    """
    gender = gender_of(given_name)
    for letters, locale in LETTER_LOCALES:
        if any(char in letters for char in given_name + surname):
            return NameOrigin(locale, gender)
    listed = _list_origin(given_name, surname)
    if listed:
        return NameOrigin(listed, gender, faker=False)
    entry = _given_name_table().get(fold(given_name))
    if entry is None:
        return None
    locales = entry[0]
    others = [locale for locale in locales if locale != "de_DE"]
    return NameOrigin(others[0] if others and len(locales) <= 2 else locales[0], gender)


# Lists of countries with much immigration hold names of every origin and say nothing about
# where a name comes from; languages with a Faker locale are covered by Faker.
MIXED_LISTS = {"de", "en", "nl", "fr", "sv", "da", "no", "fi", "is", "ga", "es", "pt", "it"}
NOT_LISTED = MIXED_LISTS | {locale.split("_")[0] for locale in LATIN_LOCALES}


@lru_cache(maxsize=1)
def _origin_index() -> dict[tuple[str, str], tuple[str, ...]]:
    """(part, lower-case name) -> origins of the project's name lists whose names are specific."""
    from anonymizer.detection.gazetteers import lookup_key, names_by_origin

    index: dict[tuple[str, str], list[str]] = {}
    for origin, names in sorted(names_by_origin().items()):
        if origin.split("_")[0] in NOT_LISTED:
            continue
        for part, values in (("first", names.first), ("last", names.last)):
            for name in values:
                index.setdefault((part, lookup_key(name)), []).append(origin)
    return {key: tuple(origins) for key, origins in index.items()}


def _list_origin(given_name: str, surname: str) -> str | None:
    """The origin of the project's name lists (Arabic, Persian, Kurdish, Tigrinya, ...) that lists
    the surname, preferring one that lists the given name too."""
    from anonymizer.detection.gazetteers import lookup_key

    by_surname = _origin_index().get(("last", lookup_key(surname)), ())
    by_given = set(_origin_index().get(("first", lookup_key(given_name)), ()))
    both = [origin for origin in by_surname if origin in by_given]
    return (both or list(by_surname) or [None])[0]


def listed_names(origin: str, part: str) -> tuple[str, ...]:
    """First names (``part="first"``) or surnames (``"last"``) of one origin of the name lists."""
    from anonymizer.detection.gazetteers import names_by_origin

    names = names_by_origin()[origin]
    return names.first if part == "first" else names.last


def gender_of(given_name: str) -> str | None:
    """"f" or "m" when Faker's lists use the name for one gender only."""
    entry = _given_name_table().get(fold(given_name))
    return next(iter(entry[1])) if entry and len(entry[1]) == 1 else None
