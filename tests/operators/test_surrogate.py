"""surrogate: realistic fakes of the same kind, consistent within a document, seeded per document."""
from __future__ import annotations

import re

from anonymization_support import run, spans

from anonymizer.operators.surrogate import DRAMA_NUMBERS

NOTE = (
    "Frau Ayşe Yılmaz (KM) und Leon Yılmaz kommen. Frau Yılmaz sagt, Leons Schlaf sei schlecht. "
    "Termin 03.03.2025, nächster Termin 17.03.2025. Tel. 0176-12345678, Mail ayse@example.de, "
    "wohnt Lindenstraße 14, 28217 Bremen. IBAN DE89 3704 0044 0532 0130 00."
)
FINDINGS = (
    "Ayşe Yılmaz", "Leon Yılmaz", "Yılmaz",
    ("03.03.2025", "DATE_TIME"), ("17.03.2025", "DATE_TIME"), ("0176-12345678", "PHONE_NUMBER"),
    ("ayse@example.de", "EMAIL_ADDRESS"), ("Lindenstraße 14, 28217 Bremen", "ADDRESS"),
    ("DE89 3704 0044 0532 0130 00", "IBAN_CODE"),
)


def surrogates(seed: int = 7):
    result = run(NOTE, spans(NOTE, *FINDINGS), "surrogate", seed=seed)
    return result, {r.original: r.replacement for r in result.replacements}


def test_names_are_replaced_consistently_and_keep_their_shape():
    result, values = surrogates()
    mother, child = values["Frau Ayşe Yılmaz"], values["Leon Yılmaz"]
    title, given, surname = mother.split(" ")
    assert title == "Frau"
    assert values["Frau Yılmaz"] == f"Frau {surname}"
    assert child.split(" ")[1] == surname  # the family keeps one (fake) surname
    assert values["Leons"] == child.split(" ")[0] + "s"
    for original in ("Ayşe", "Yılmaz", "Leon", "Yilmaz"):
        assert original not in result.text


def test_surrogates_are_seeded_per_document():
    assert surrogates(1)[0].text == surrogates(1)[0].text
    assert surrogates(1)[0].text != surrogates(2)[0].text


def test_phone_numbers_come_from_the_reserved_drama_ranges():
    for seed in range(5):
        phone = surrogates(seed)[1]["0176-12345678"]
        area, line = phone.split(" ")
        assert (area, line[:-3]) in DRAMA_NUMBERS


def test_dates_move_together_so_intervals_stay():
    import datetime as dt

    values = surrogates()[1]
    first, second = (dt.datetime.strptime(values[d], "%d.%m.%Y") for d in ("03.03.2025", "17.03.2025"))
    assert (second - first).days == 14
    assert values["03.03.2025"] != "03.03.2025"


def test_email_address_and_iban_are_plausible_but_not_real():
    values = surrogates()[1]
    assert values["ayse@example.de"].endswith("@example.org")
    assert re.fullmatch(r"[^\s,]+ \d{1,2}, \d{5} .+", values["Lindenstraße 14, 28217 Bremen"])
    iban = values["DE89 3704 0044 0532 0130 00"].replace(" ", "")
    assert iban[4:12] == "00000000"  # no bank has this code
    assert int(iban[4:] + "1314" + iban[2:4]) % 97 == 1  # but the check digits are valid


def test_same_origin_names():
    from anonymizer.names import origin_of

    result, values = surrogates()
    given = values["Frau Ayşe Yılmaz"].split(" ")[1]
    assert origin_of(given) is not None  # a real first name from Faker's lists


def test_families_of_origins_without_a_faker_locale_get_names_of_that_origin():
    from anonymizer.names import gender_of, listed_names

    text = "Frau Zahra Ahmadi (KM) und Herr Omar Ahmadi kamen mit Abeba Tesfay. Frau Ahmadi weinte."
    values = {r.original: r.replacement for r in run(text, spans(text, "Zahra Ahmadi", "Omar Ahmadi", "Abeba Tesfay", "Ahmadi"), "surrogate").replacements}
    _, mother_given, mother_surname = values["Frau Zahra Ahmadi"].split(" ")
    _, father_given, father_surname = values["Herr Omar Ahmadi"].split(" ")
    assert mother_surname == father_surname != "Ahmadi"
    assert values["Frau Ahmadi"] == f"Frau {mother_surname}"
    assert mother_surname in listed_names("fa", "last")  # Persian, like the original
    assert mother_given in listed_names("fa", "first") and father_given in listed_names("fa", "first")
    assert (gender_of(mother_given), gender_of(father_given)) == ("f", "m")
    assert values["Abeba Tesfay"].split(" ")[1] in listed_names("ti_ER", "last")  # Tigrinya
