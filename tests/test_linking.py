"""Alias linking: one person, one pseudonym, across spellings, titles and genitive."""
from __future__ import annotations

import re

import pytest
from anonymization_support import run, spans
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymizer.detection import Finding
from anonymizer.linking import expand_person_span, name_parts_span, name_variants
from anonymizer.names import fold, origin_of

FULL_NAMES = ("Leon Yılmaz", "Ayşe Yılmaz", "Mehmet Yılmaz", "Anna-Lena Meyer-Özkan")


@pytest.fixture(scope="module")
def note(test_data) -> str:
    return (test_data / "anonymization" / "fall_yilmaz.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(note):
    return run(note, spans(note, *FULL_NAMES))


def replacement_of(result, original: str) -> set[str]:
    return {r.replacement for r in result.replacements if r.original == original}


def test_every_alias_of_the_mother_gets_her_pseudonym(result):
    mother = replacement_of(result, "Frau Ayşe Yılmaz")
    assert mother == {"[PERSON_2]"}
    for alias in ("Frau Yılmaz", "Ayşe", "Frau Yilmaz"):
        assert replacement_of(result, alias) == mother, alias
    assert replacement_of(result, "Ayşes") == {"[PERSON_2]s"}


def test_child_and_parents_sharing_the_surname_stay_different_people(result):
    child = replacement_of(result, "Leon Yılmaz") | replacement_of(result, "Leon")
    father = replacement_of(result, "Herr Mehmet Yılmaz")
    mother = replacement_of(result, "Frau Ayşe Yılmaz")
    assert child == {"[PERSON_1]"}
    assert father == {"[PERSON_3]"}
    assert len(child | father | mother) == 3


def test_genitive_keeps_its_ending(result):
    assert "[PERSON_1]s Vater" in result.text
    assert "[PERSON_2]s Schwester" in result.text


def test_titles_go_with_the_name_and_no_name_part_is_left(result):
    assert not re.search(r"\b(?:Frau|Herr)\s+\[", result.text)
    for part in ("Leon", "Ayşe", "Yılmaz", "Yilmaz", "Mehmet", "Anna-Lena", "Meyer"):
        assert part not in result.text, part


def test_further_mentions_are_found_from_the_names_detected_once(note):
    result = run(note, spans(note, "Leon Yılmaz", "Ayşe Yılmaz", "Mehmet Yılmaz", "Anna-Lena Meyer-Özkan"))
    linked = [r for r in result.replacements if r.recognizer == "AliasLinking"]
    assert {r.original for r in linked} >= {"Leon", "Ayşe", "Leons", "Ayşes", "Frau Yılmaz", "Frau Yilmaz"}

@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        (  # a title tells the gender: two people
            "Frau Schneider und Herr Schneider kamen. Frau Schneider blieb.", ["Schneider"],
            "[PERSON_1] und [PERSON_2] kamen. [PERSON_1] blieb.",
        ),
        (  # "Frau Brandt" is never the 5-year-old Mia Brandt
            "Mia Brandt (5) malt. Frau Brandt holt Mia ab. Frau Brandt wirkt müde.", ["Mia Brandt", "Brandt"],
            "[PERSON_1] (5) malt. [PERSON_2] holt [PERSON_1] ab. [PERSON_2] wirkt müde.",
        ),
        (  # the family is its own entity
            "Leon Yılmaz ist vier. Familie Yılmaz wohnt im Viertel.", ["Leon Yılmaz", "Yılmaz"],
            "[PERSON_1] ist vier. Familie [PERSON_2] wohnt im Viertel.",
        ),
        (  # genitive before a relation word, without the bare name; "Jonas" is a name, not "Jona" + s
            "Leons Mutter ist da. Jonas geht gern in die Kita. Jonas Mutter kommt.", ["Leons", "Jonas"],
            "[PERSON_1]s Mutter ist da. [PERSON_2] geht gern in die Kita. [PERSON_2] Mutter kommt.",
        ),
        (  # a span that is only a title is replaced too
            "Heute kam Frau Dr. zum Termin.", ["Frau Dr."], "Heute kam [PERSON_1] zum Termin.",
        ),
    ],
)
def test_linking_examples(text, pieces, expected):
    assert run(text, spans(text, *pieces)).text == expected


def test_separately_found_given_name_and_surname_are_joined():
    text = "Frau Ayşe Yılmaz ruft an."
    result = run(text, spans(text, "Ayşe", "Yılmaz"))
    assert result.text == "[PERSON_1] ruft an."
    assert [r.original for r in result.replacements] == ["Frau Ayşe Yılmaz"]


def test_allow_listed_words_are_not_propagated():
    text = "Mia Rose malt. Rose ist auch eine Blume im Garten von Rose."
    result = run(text, spans(text, "Mia Rose"))
    assert "Rose" not in result.text
    from anonymization_support import policy
    from anonymizer.anonymization import anonymize_findings

    kept = anonymize_findings(text, spans(text, "Mia Rose"), policy("placeholder", "PERSON"), skip=frozenset({"rose"}))
    assert kept.text == "[PERSON_1] malt. Rose ist auch eine Blume im Garten von Rose."


@pytest.mark.parametrize(
    ("widen", "text", "span", "expected"),
    [
        (expand_person_span, "Frau Yılmaz sagt", "Yılmaz", "Frau Yılmaz"),
        (expand_person_span, "Herr Dr. Becker kam", "Becker", "Herr Dr. Becker"),
        (expand_person_span, "Leons Mutter", "Leon", "Leons"),
        (expand_person_span, "Yılmaz’ Wohnung", "Yılmaz", "Yılmaz’"),
        (expand_person_span, "Leon spielt", "Leon", "Leon"),
        (expand_person_span, "Leon Y. (4) spielt", "Leon Y", "Leon Y."),
        (expand_person_span, "Ende. Neu", "Ende", "Ende"),
        (expand_person_span, "Herr und Frau Yılmaz kamen", "Yılmaz", "Herr und Frau Yılmaz"),
        (name_parts_span, "7 | Bich Ngoc Pham | Linh", "Ngoc Pham", "Bich Ngoc Pham"),  # cell start, unknown word
        (name_parts_span, "Gespräch mit Mehmet Yılmaz heute", "Yılmaz", "Mehmet Yılmaz"),  # known first name
        (name_parts_span, "Heute kam Leon Yılmaz nicht", "Leon", "Leon Yılmaz"),  # known surname after a lone first name
        (name_parts_span, "Kind Emilia malt", "Emilia", "Emilia"),  # a German noun is no name part
        (name_parts_span, "Heute Petrosyan nicht", "Petrosyan", "Petrosyan"),
        (name_parts_span, "Leon Sonne scheint", "Leon", "Leon"),
    ],
)
def test_spans_are_widened_to_whole_names(widen, text, span, expected):
    """Titles, genitive endings, initials' dots (expand_person_span) and name parts the detector
    left beside a name (name_parts_span: list cells, known first names and surnames)."""
    start = text.index(span)
    new_start, new_end = widen(text, start, start + len(span))
    assert text[new_start:new_end] == expected


def test_fold_treats_spelling_variants_as_one_name():
    assert fold("Yılmaz") == fold("Yilmaz") == fold("YILMAZ")
    assert fold("Müller") == fold("Mueller") == fold("Muller")
    assert fold("Özkan") == fold("Oezkan")
    assert fold("Ayşe") != fold("Anna")


def test_name_variants_cover_transliterations():
    assert {"Yılmaz", "Yilmaz"} <= name_variants("Yılmaz")
    assert {"Müller", "Mueller", "Muller"} <= name_variants("Müller")


def test_origin_of_names():
    assert origin_of("Ayşe", "Yılmaz").locale == "tr_TR"
    assert origin_of("Piotr").locale == "pl_PL"
    assert origin_of("Anna").locale == "de_DE"
    assert origin_of("Anna").gender == "f"
    assert origin_of("Xqzzy") is None
    assert (origin_of("Zahra", "Ahmadi").locale, origin_of("Zahra", "Ahmadi").faker) == ("fa", False)


name_words = ["Ayşe", "Yılmaz", "Yilmaz", "Ayşes", "Mehmet", "Leon", "Leons"]
other_words = ["Frau", "Herr", "sagt", "Mutter", "und", "(4)", "die", "Kita"]


@settings(max_examples=80, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(name_words + other_words), min_size=1, max_size=16),
    data=st.data(),
)
def test_no_mention_of_a_found_name_and_no_title_is_left(tokens, data):
    text = " ".join(tokens) + "."
    positions, offset = [], 0
    for token in tokens:
        positions.append((offset, offset + len(token), token))
        offset += len(token) + 1
    names = [p for p in positions if p[2] in name_words]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, min_size=1)) if names else []
    result = run(text, [Finding(s, e, "PERSON", 0.9, "Test", "", t) for s, e, t in sorted(chosen)])
    found = {fold(t.removesuffix("s")) for _, _, t in chosen}
    for word in re.findall(r"\w+", result.text):
        assert fold(word) not in found and fold(word.removesuffix("s")) not in found, (text, result.text)
    assert not re.search(r"\b(?:Frau|Herr) \[", result.text)


