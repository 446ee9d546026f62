"""The committed word lists: what they hold, and that `make lexicon` rebuilds them unchanged."""
from __future__ import annotations

import gzip
import json
import unicodedata
from importlib import metadata

import pytest

from anonymizer.detection import gazetteers
from anonymizer.detection.gazetteers import (
    first_names,
    german_nouns,
    german_words,
    name_nouns,
    names_by_origin,
    origins,
    places,
    surnames,
)


def _latin(name: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha())


def test_names_of_about_80_origins_all_in_latin_script():
    by_origin = names_by_origin()
    assert len(by_origin) >= 80
    assert sum(len(n.first) + len(n.last) for n in by_origin.values()) > 40_000
    assert all(_latin(name) for names in by_origin.values() for name in (*names.first, *names.last))


@pytest.mark.parametrize(
    ("origin", "first", "last"),
    [
        ("de_DE", "Leon", "Müller"),
        ("tr", "Ayşe", "Yılmaz"),
        ("ar", "Mohammed", "Haddad"),
        ("fa", "Zahra", "Hosseini"),
        ("ps_AF", "Mursal", "Ahmadzai"),
        ("ku", "Rojda", "Barzani"),
        ("sq", "Arben", "Hoxha"),
        ("ti_ER", "Semere", "Tesfay"),
        ("so", "Hodan", "Abdi"),
        ("ff", "Fatoumata", "Diallo"),
        ("vi", "Lan", "Nguyen"),
        ("uk_UA", "Olena", "Shevchenko"),  # transliterated from Cyrillic, passport spelling
        ("uk_UA", "Olena", "Schewtschenko"),  # and German spelling
        ("ru_RU", "Jelena", "Iwanow"),
        ("el_GR", "Giorgos", "Papadopoulos"),  # transliterated from Greek
        ("ka_GE", "Nino", "Abashidze"),  # from Georgian
        ("pl_PL", "Agnieszka", None),
        ("pl", "Katarzyna", "Wiśniewska"),
    ],
)
def test_names_by_origin_holds_expected_names(origin, first, last):
    names = names_by_origin()[origin]
    assert first in names.first
    if last:
        assert last in names.last


@pytest.mark.parametrize("typed", ["ayşe", "ayse", "özlem", "oezlem", "ozlem", "sofiia", "jewgeni"])
def test_first_names_are_found_as_typed(typed):
    assert typed in first_names()


@pytest.mark.parametrize("typed", ["yılmaz", "yilmaz", "özkan", "oezkan", "shevchenko", "schewtschenko", "nguyen", "wiśniewska", "wisniewska"])
def test_surnames_are_found_as_typed(typed):
    assert typed in surnames()


def test_lookup_key_folds_the_turkish_capital_i():
    assert gazetteers.lookup_key("İbrahim") == "ibrahim"


def test_german_nouns_and_names_are_told_apart():
    nouns = german_nouns()
    assert {"mutter", "sommer", "berg", "armut", "ruhe", "trennung", "kita"} <= nouns
    assert not {"anna", "leon", "müller", "koch", "gröpelingen", "hanoi"} & nouns
    assert {"koch", "wolf", "müller"} <= name_nouns()
    assert "anna" not in name_nouns()


def test_german_lowercase_words_leave_lowercase_names():
    words = german_words()
    assert {"nach", "heute", "hier", "müde", "lange"} <= words
    assert not {"leon", "ayse", "emma", "mia"} & words


def test_places_hold_districts_and_foreign_cities():
    assert {"gröpelingen", "tenever", "findorff", "hanoi", "aleppo", "kabul"} <= places()


def test_origins_of_families():
    data = origins()
    assert {"syrien", "eritrea", "sri lanka", "kosovo"} <= data.countries
    assert {"syrisch", "afghanisch", "jesidisch"} <= data.adjectives
    assert {"syrerin", "kurden", "roma"} <= data.demonyms


def _recorded_sources() -> dict[str, str]:
    return json.loads((gazetteers.DATA_DIR / "wordlists.json").read_text(encoding="utf-8"))["sources"]


def _installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@pytest.mark.slow
def test_make_lexicon_rebuilds_the_committed_files(tmp_path):
    sources = _recorded_sources()
    if any(_installed(package) != version for package, version in sources.items()):
        pytest.skip(f"word lists were built with {sources}; other versions are installed")
    from anonymizer.detection import build_wordlists

    build_wordlists.build(tmp_path)
    for built in sorted(tmp_path.iterdir()):
        committed = gazetteers.DATA_DIR / built.name
        if built.suffix == ".gz":
            assert gzip.decompress(built.read_bytes()) == gzip.decompress(committed.read_bytes()), built.name
        else:
            assert built.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), built.name
