"""Given names and family names by origin, for the synthetic Kita corpus.

Faker's person providers give the bulk (Cyrillic and Greek ones transliterated to German spelling);
``data/names_extra.yaml`` adds origins Faker lacks or only has in Arabic script.
"""
from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

EXTRA_NAMES = Path(__file__).parent / "data" / "names_extra.yaml"

# Faker locale -> origin label. Locales in Latin script are used as they are.
FAKER_LOCALES: dict[str, str] = {
    "de_DE": "german", "de_AT": "german", "de_CH": "german",
    "tr_TR": "turkish", "pl_PL": "polish", "it_IT": "italian", "hr_HR": "croatian", "ro_RO": "romanian",
    "cs_CZ": "czech", "es_ES": "spanish", "fr_FR": "french", "pt_BR": "portuguese", "en_GB": "english",
    "nl_NL": "dutch", "hu_HU": "hungarian", "vi_VN": "vietnamese", "yo_NG": "west_african",
    "ig_NG": "west_african", "tw_GH": "west_african", "az_AZ": "azerbaijani",
    "ru_RU": "russian", "uk_UA": "ukrainian", "bg_BG": "bulgarian", "el_GR": "greek",
}

# German transcription of Cyrillic (Duden style) and a plain one of Greek.
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    ["a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja", "i", "je", "ji", "g"],
))
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψω",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y",
     "f", "ch", "ps", "o"],
))
_TRANSLIT = {**_CYRILLIC, **_GREEK}


def transliterate(name: str) -> str:
    """Cyrillic or Greek script to Latin letters as German offices write them (``Кузнецов`` -> ``Kusnezow``)."""
    # Greek accents are combining marks after NFD; drop them, keep Latin diacritics via NFC.
    decomposed = "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")
    # Greek "ου" is one sound, written "u" in German.
    decomposed = decomposed.replace("ου", "u").replace("Ου", "U").replace("ΟΥ", "U")
    out = []
    for char in decomposed:
        latin = _TRANSLIT.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def _needs_transliteration(name: str) -> bool:
    return any(char.lower() in _TRANSLIT for char in name)


@dataclass(frozen=True)
class NamePool:
    first: tuple[str, ...]
    last: tuple[str, ...]


def _faker_names(locale: str, prefix: str) -> set[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names: set[str] = set()
    for attribute in dir(provider):
        if attribute.startswith(prefix) and not attribute.endswith("_formats"):
            value = getattr(provider, attribute)
            if isinstance(value, (tuple, list, dict)):
                names.update(str(name) for name in value)
    cleaned = {transliterate(n) if _needs_transliteration(n) else n for n in names}
    # Faker's placeholder "Doe" and multi-word oddities are no help.
    return {n.strip() for n in cleaned if n.strip() and n != "Doe" and len(n) > 1}


@lru_cache(maxsize=1)
def names_by_origin() -> dict[str, NamePool]:
    """All name pools by origin, sorted so that seeded sampling is reproducible."""
    first: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    for locale, origin in FAKER_LOCALES.items():
        first.setdefault(origin, set()).update(_faker_names(locale, "first_name"))
        last.setdefault(origin, set()).update(_faker_names(locale, "last_name"))
    extra = yaml.safe_load(EXTRA_NAMES.read_text(encoding="utf-8"))
    for origin, pools in extra.items():
        first.setdefault(origin, set()).update(pools["first"])
        last.setdefault(origin, set()).update(pools["last"])
    return {
        origin: NamePool(tuple(sorted(first.get(origin, ()))), tuple(sorted(last.get(origin, ()))))
        for origin in sorted(set(first) | set(last))
    }
