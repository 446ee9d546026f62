"""Build the compact word lists under ``detection/data/`` (``make lexicon``); the results are committed.

Sources, all local packages (nothing is downloaded):

* first names and surnames of Faker's person locales (about 80 nations), non-Latin scripts
  transliterated to Latin (``anyascii``; Cyrillic additionally in German spelling, "Schewtschenko"
  beside "Shevchenko"), plus ``data/names_extra.tsv`` for origins Faker lacks or only writes in an
  abjad without vowels (Arabic, Persian, Afghan, Kurdish, Albanian, Eritrean, Somali, West African ...);
* German words from spacy-lookups-data' ``de`` tables: the lemma table gives capitalised nouns and
  lowercase words, its Brown clusters tell which capitalised words are mostly used as names, and
  which are place names (the clusters holding Faker's German towns).

Runtime (``gazetteers.py``) only reads the generated files. Run: ``python -m anonymizer.detection.build_wordlists``.
"""
from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from anonymizer.detection.gazetteers import DATA_DIR, lookup_key

EXTRA_NAMES = DATA_DIR / "names_extra.tsv"

# Faker attributes holding names; kana, pairs and the Icelandic patronymic stems are left out.
NAME_ATTRIBUTE = re.compile(r"^(first|last)_(?:romanized_)?names(?:_[a-z_]+)?$")
SKIPPED_ATTRIBUTES = ("without_suffix",)
# Faker's base provider fills locales without names with these placeholders.
PLACEHOLDERS = frozenset({"John", "Jane", "Doe"})
# Scripts anyascii cannot turn into a usable Latin spelling: abjads drop the vowels, Indic and
# Thai results are far from how families spell their names on German documents, Hangul comes out
# as "Gim" for Kim. Those origins come from Faker's Latin locales (en_IN, en_PK, en_TH, fr_DZ)
# and names_extra.tsv instead.
UNUSABLE_SCRIPTS = (
    "ARABIC", "HEBREW", "DEVANAGARI", "BENGALI", "GUJARATI", "ORIYA", "TAMIL", "SINHALA",
    "THAI", "CJK", "HANGUL", "HIRAGANA", "KATAKANA",
)

# German (Duden) transliteration of Cyrillic; language-specific letters after the common ones.
CYRILLIC_GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
    "і": "i", "ї": "ji", "є": "je", "ґ": "g", "ј": "j", "љ": "lj", "њ": "nj", "ќ": "kj", "ѓ": "gj",
    "џ": "dsch", "ѕ": "dz",
}
CYRILLIC_VOWELS = "аеёиоуыэюяіїє"
CYRILLIC_LOCALE_OVERRIDES = {
    "uk_UA": {"г": "h", "и": "y", "щ": "schtsch"},
    "bg_BG": {"щ": "scht", "ъ": "a"},
}
# Greek digraphs anyascii spells letter by letter ("Papadopoylos", "Aggelos").
# Passport spelling (ICAO 9303; Ukraine's official table differs in a few letters): "Sofiia",
# "Oleksii", "Yuliia" as they are written on the documents of families from Ukraine and Russia.
CYRILLIC_PASSPORT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "ie",
    "ґ": "g",
}
CYRILLIC_PASSPORT_OVERRIDES = {"uk_UA": {"г": "h", "и": "y"}, "bg_BG": {"ъ": "a", "щ": "sht"}}
GREEK_DIGRAPHS = {"ου": "ou", "Ου": "Ou", "γγ": "ng", "γκ": "gk"}
# Typing substitutes: "Özkan" is also written "Oezkan" and "Ozkan", "Yılmaz" as "Yilmaz".
GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
MIN_KEY_LENGTH = 3


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(char, "?").split()[0] for char in text if char.isalpha()}


def _is_latin(text: str) -> bool:
    return _scripts(text) <= {"LATIN"}


def _transliterate(name: str, table: dict[str, str], duden: bool) -> str:
    out = []
    previous = " "
    for char in name:
        lower = char.lower()
        if duden and lower == "е" and (not previous.isalpha() or previous.lower() in CYRILLIC_VOWELS):
            latin = "je"  # "Jelena", "Andrejew"
        elif duden and lower == "й" and previous.lower() in "иы":
            latin = ""  # "-ий"/"-ый" endings: "Dmitri", "Grosny"
        else:
            latin = table.get(lower, char)
        out.append(latin.capitalize() if char.isupper() else latin)
        previous = char
    return "".join(out)


def _cyrillic_spellings(name: str, locale: str) -> list[str]:
    """German (Duden) and passport spellings of a Cyrillic name."""
    german = {**CYRILLIC_GERMAN, **CYRILLIC_LOCALE_OVERRIDES.get(locale, {})}
    passport = {**CYRILLIC_PASSPORT, **CYRILLIC_PASSPORT_OVERRIDES.get(locale, {})}
    return [_transliterate(name, german, duden=True), _transliterate(name, passport, duden=False)]


def latin_spellings(name: str, locale: str) -> list[str]:
    """The Latin spellings of one Faker name; empty when its script has no usable transliteration."""
    from anyascii import anyascii

    name = unicodedata.normalize("NFC", name.strip())
    if not name or name in PLACEHOLDERS:
        return []
    if _is_latin(name):
        return [name]
    scripts = _scripts(name)
    if any(script in UNUSABLE_SCRIPTS for script in scripts):
        return []
    if "GREEK" in scripts:
        # Accents first, so that "ού" is seen as the digraph "ου".
        name = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
        for digraph, latin in GREEK_DIGRAPHS.items():
            name = name.replace(digraph, latin)
    if locale == "bg_BG":  # the Bulgarian hard sign is a vowel, not a silent letter
        name = name.replace("ъ", "а").replace("Ъ", "А")
    spellings = [anyascii(name)]
    if "CYRILLIC" in scripts:
        spellings.extend(_cyrillic_spellings(name, locale))
    # Apostrophes mark soft signs and ejectives in anyascii's output; nobody types them in a name.
    cleaned = (" ".join(w[:1].upper() + w[1:] for w in s.replace("'", "").split()) for s in spellings)
    return [s for s in dict.fromkeys(cleaned) if s and _is_latin(s)]


def faker_names() -> Iterator[tuple[str, str, str]]:
    """(origin, "first"|"last", name) for every Faker person locale."""
    import faker.providers.person as person

    for module_info in sorted(pkgutil.iter_modules(person.__path__), key=lambda m: m.name):
        provider = importlib.import_module(f"{person.__name__}.{module_info.name}").Provider
        for attribute in sorted(dir(provider)):
            match = NAME_ATTRIBUTE.match(attribute)
            if not match or any(skip in attribute for skip in SKIPPED_ATTRIBUTES):
                continue
            values = getattr(provider, attribute)
            if not isinstance(values, (tuple, list, dict)):
                continue
            for value in values:
                if isinstance(value, str):
                    for spelling in latin_spellings(value, module_info.name):
                        yield module_info.name, match.group(1), spelling


def extra_names(path: Path = EXTRA_NAMES) -> Iterator[tuple[str, str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        origin, kind, names = line.split("\t")
        for name in names.split(","):
            if name.strip():
                yield origin, kind, unicodedata.normalize("NFC", name.strip())


def build_names_by_origin() -> dict[str, dict[str, list[str]]]:
    collected: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"first": set(), "last": set()})
    for origin, kind, name in [*faker_names(), *extra_names()]:
        collected[origin][kind].add(name)
    return {
        origin: {kind: sorted(names) for kind, names in kinds.items()}
        for origin, kinds in sorted(collected.items())
    }


def match_keys(name: str) -> set[str]:
    """Lower-cased forms a name is looked up by: as written, German-typed and plain ASCII."""
    from anyascii import anyascii

    keys = set()
    # Multi-word Faker entries ("Tāj al-Dīn", "A tSithigh") are looked up word by word.
    for part in name.split():
        for form in (part, part.translate(GERMAN_FOLD), anyascii(part), anyascii(part.translate(GERMAN_FOLD))):
            key = lookup_key(form).strip("'’.")
            if len(key) >= MIN_KEY_LENGTH and key.replace("-", "").replace("'", "").isalpha():
                keys.add(key)
    return keys


def name_keys(names_by_origin: dict[str, dict[str, list[str]]], kind: str) -> set[str]:
    return {key for kinds in names_by_origin.values() for name in kinds[kind] for key in match_keys(name)}


# ----------------------------------------------------------------------------- German words


def _lookups_table(name: str) -> dict:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


# A Brown cluster counts as a cluster of names when most of its known members are gazetteer names.
NAME_CLUSTER_SHARE = 0.5
NAME_CLUSTER_MIN_NAMES = 20


def name_clusters(clusters: dict[str, int], nouns: set[str], names: set[str], place_clusters: set[int]) -> set[int]:
    named: Counter[int] = Counter()
    known: Counter[int] = Counter()
    for word, cluster in clusters.items():
        if not word[:1].isupper():
            continue
        is_name = word.casefold() in names
        if is_name or word in nouns:
            known[cluster] += 1
            named[cluster] += is_name
    return {
        cluster
        for cluster, count in named.items()
        if count >= NAME_CLUSTER_MIN_NAMES and count / known[cluster] >= NAME_CLUSTER_SHARE
        and cluster not in place_clusters  # "Halle" is a surname too, but its cluster is one of places
    }


@dataclass(frozen=True)
class GermanWords:
    nouns: set[str]  # common nouns, lower-cased
    words: set[str]  # words written in lower case
    name_nouns: set[str]  # names that also inflect as nouns ("Koch"/"Köche", "Wolf"/"Wölfe")


def build_german_words(names: set[str]) -> GermanWords:
    """German words, lower-cased.

    The lemma table also holds names ("Annas" -> "Anna") and places ("Hanois" -> "Hanoi"). A
    capitalised word that is a gazetteer name and sits in a Brown cluster of names ("Anna",
    "Müller", "Koch") is left out of the nouns: the recognizer treats it as a name. When it also
    inflects like a noun ("Köche", "Wölfe") it is a name noun: after an article it is no name
    ("der Koch"). Words used mostly as nouns ("Berg", "Sommer", "Engel") stay nouns, so as names
    they need context ("Frau Berg").
    """
    lemmas = _lookups_table("de_lemma_lookup")
    forms = set(lemmas) | set(lemmas.values())
    capitalised = {w for w in forms if w[:1].isupper() and w.isalpha() and len(w) > 1}
    lowercase = {w.casefold() for w in forms if w[:1].islower() and w.isalpha()}
    clusters = _lookups_table("de_lexeme_cluster")
    placed = place_clusters(clusters)
    named = name_clusters(clusters, capitalised, names, placed)
    used_as_names = {w for w in capitalised if w.casefold() in names and clusters.get(w) in named}
    nouns = {
        word.casefold()
        for word in capitalised - used_as_names
        # Place names are in the lemma table too ("Hanois" -> "Hanoi"); they are no common nouns.
        if clusters.get(word) not in placed
    }
    inflected = {lemma for form, lemma in lemmas.items() if form not in (lemma, lemma + "s")}
    # Forms too rare for the probability table ("gekochtem") cost memory and decide nothing:
    # an unknown word is tested for compounds, and names are checked against frequent words.
    seen = {word.casefold() for word in _lookups_table("de_lexeme_prob")}
    return GermanWords(
        nouns=(nouns | cluster_nouns(clusters, nouns, names)) & seen,
        words=(lowercase | frequent_lowercase_words()) & seen,
        name_nouns={word.casefold() for word in used_as_names & inflected},
    )


# Function words and adverbs ("nach", "hier") do not inflect and are missing from the lemma
# table too. A frequent lowercase word counts as a German word unless its capitalised form is
# clearly more frequent: "leon", "mia", "ben" are mostly names written in lower case.
WORD_MIN_LOG_PROB = -16.0
WORD_MAX_NAME_MARGIN = 0.5


def frequent_lowercase_words() -> set[str]:
    probabilities = _lookups_table("de_lexeme_prob")
    return {
        word
        for word, probability in probabilities.items()
        if word.islower()
        and word.isalpha()
        and probability >= WORD_MIN_LOG_PROB
        and probability > probabilities.get(word.capitalize(), -30.0) - WORD_MAX_NAME_MARGIN
    }


# Nouns that do not inflect ("Armut", "Ruhe") are missing from the lemma table; frequent
# capitalised words of clusters made mostly of known nouns fill that gap.
NOUN_CLUSTER_SHARE = 0.8
NOUN_CLUSTER_MIN_KNOWN = 20
NOUN_MIN_LOG_PROB = -16.0
UNCLUSTERED = 0  # the catch-all cluster of rare words


def cluster_nouns(clusters: dict[str, int], nouns: set[str], names: set[str]) -> set[str]:
    probabilities = _lookups_table("de_lexeme_prob")
    known: Counter[int] = Counter()
    noun_count: Counter[int] = Counter()
    for word, cluster in clusters.items():
        if word[:1].isupper() and not word.isupper():
            key = word.casefold()
            noun_count[cluster] += key in nouns
            known[cluster] += key in nouns or key in names
    placed = place_clusters(clusters)
    noun_clusters = {
        cluster
        for cluster, count in known.items()
        if cluster != UNCLUSTERED and cluster not in placed and count >= NOUN_CLUSTER_MIN_KNOWN and noun_count[cluster] / count >= NOUN_CLUSTER_SHARE
    }
    return {
        word.casefold()
        for word, cluster in clusters.items()
        if cluster in noun_clusters
        and word[:1].isupper()
        and not word.isupper()
        and word.isalpha()
        and probabilities.get(word, -30.0) >= NOUN_MIN_LOG_PROB
    }


# A Brown cluster holds place names when it has at least this share of Faker's German towns.
PLACE_CLUSTER_SHARE = 0.05


def faker_places(attribute: str) -> set[str]:
    """Faker's German-language town ("cities") or country ("countries") names."""
    found: set[str] = set()
    for locale in ("de_DE", "de_AT", "de_CH"):
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        found.update(getattr(provider, attribute, ()))
    return found


def place_clusters(clusters: dict[str, int]) -> set[int]:
    """Clusters of German towns and districts, of big cities, and of foreign countries and cities."""
    placed: set[int] = set()
    for seeds in (faker_places("cities"), faker_places("countries")):
        counts = Counter(clusters[seed] for seed in seeds if seed in clusters)
        placed |= {cluster for cluster, count in counts.items() if count >= PLACE_CLUSTER_SHARE * len(seeds)}
    return placed


def build_places(nouns: set[str]) -> set[str]:
    """Lower-cased place names: capitalised words of the Brown clusters that hold Faker's German
    towns (districts like "Gröpelingen" and "Tenever" sit in the same cluster) or its countries
    (with "Herat", "Hanoi", "Aleppo")."""
    clusters = _lookups_table("de_lexeme_cluster")
    placed = place_clusters(clusters)
    return {
        lookup_key(word)
        for word, cluster in clusters.items()
        if cluster in placed
        and word[:1].isupper()
        and not word.isupper()
        and word.replace("-", "").isalpha()
        and lookup_key(word) not in nouns
    }


# ----------------------------------------------------------------------------- output


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    # mtime=0 keeps the gzip bytes identical for identical content.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(("\n".join(sorted(lines)) + "\n").encode("utf-8"))


def build(out_dir: Path = DATA_DIR) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    by_origin = build_names_by_origin()
    first, last = name_keys(by_origin, "first"), name_keys(by_origin, "last")
    german = build_german_words(first | last)
    with open(out_dir / "names_by_origin.json.gz", "wb") as raw, gzip.GzipFile(
        fileobj=raw, mode="wb", mtime=0, filename=""
    ) as handle:
        handle.write(json.dumps(by_origin, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8"))
    _write_lines(out_dir / "first_names.txt.gz", first)
    _write_lines(out_dir / "surnames.txt.gz", last)
    _write_lines(out_dir / "german_nouns.txt.gz", german.nouns)
    _write_lines(out_dir / "german_words.txt.gz", german.words)
    _write_lines(out_dir / "name_nouns.txt.gz", german.name_nouns)
    places = build_places(german.nouns)
    _write_lines(out_dir / "places.txt.gz", places)
    sources = {package: metadata.version(package) for package in ("faker", "spacy-lookups-data", "anyascii")}
    (out_dir / "wordlists.json").write_text(
        json.dumps(
            {
                "sources": sources,
                "origins": len(by_origin),
                "first_name_keys": len(first),
                "surname_keys": len(last),
                "german_nouns": len(german.nouns),
                "german_words": len(german.words),
                "name_nouns": len(german.name_nouns),
                "places": len(places),
            },
            indent=2,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    build()
    print((DATA_DIR / "wordlists.json").read_text(encoding="utf-8"))
