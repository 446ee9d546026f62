"""Realistic fake values of the same kind, consistent within one document.

Names come from Faker in the locale of the original's origin ("Ayşe Yılmaz" -> a Turkish name);
relatives who share a surname share the fake surname. Phone numbers are taken from the ranges
the Bundesnetzagentur keeps free for films and books ("Drama Numbers"), so they never ring
anyone; e-mail addresses use the reserved example.org domain; dates move by one offset per
document, so intervals stay true; IBANs use bank code 00000000, which no bank has.
Entity types without a rule here fall back to the placeholder.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from faker import Faker

from anonymizer.linking import PersonName
from anonymizer.names import NameOrigin, fold, gender_of, listed_names, origin_of
from anonymizer.operators.base import DocumentContext, Mention, Operator, with_genitive
from anonymizer.operators.dates import MONTHS, find_age, find_date
from anonymizer.operators.registry import register_operator

# Bundesnetzagentur, Amtsblatt 7/2021, Mitteilung 148/2021: area code, prefix, then 000-999.
DRAMA_NUMBERS = (("030", "23125"), ("069", "90009"), ("040", "66969"), ("0221", "4710"), ("089", "99998"))
MAX_DATE_SHIFT_DAYS = 60
ORGANISATION_NAMES = ("Regenbogen", "Pusteblume", "Löwenzahn", "Sternschnuppe", "Kunterbunt", "Arche", "Wirbelwind")


def _faker(locale: str, context: DocumentContext) -> Faker:
    """One Faker per locale and document, seeded from the document's random source."""
    fakers = context.cache("surrogate-faker")
    if locale not in fakers:
        fakers[locale] = Faker(locale)
        fakers[locale].seed_instance(context.rng.getrandbits(64))
    return fakers[locale]


def _fake_given(mention: Mention, context: DocumentContext) -> tuple[str, NameOrigin]:
    """(fake given name, origin) for the person; the same for all their mentions."""
    people = context.cache("surrogate-person")
    if mention.entity not in people:
        name = mention.name or PersonName()
        origin = origin_of(name.given[0] if name.given else "", name.surname) or NameOrigin("de_DE", None)
        gender = name.gender or origin.gender or context.rng.choice("fm")
        original = fold(name.given[0]) if name.given else ""
        # From the name lists only names Faker knows the gender of; else a Faker name (German).
        listed = [] if origin.faker else _usable(listed_names(origin.locale, "first"), original, gender)
        if listed:
            given = context.rng.choice(listed)
        else:
            fake = _faker(origin.locale if origin.faker else "de_DE", context)
            given = _different(lambda: fake.first_name_female() if gender == "f" else fake.first_name_male(), original)
        people[mention.entity] = (given, origin)
    return people[mention.entity]


def _fake_surname(surname: str, origin: NameOrigin, context: DocumentContext) -> str:
    surnames = context.cache("surrogate-surname")
    key = fold(surname)
    if key not in surnames:
        listed = [] if origin.faker else _usable(listed_names(origin.locale, "last"), key)
        if listed:
            surnames[key] = context.rng.choice(listed)
        else:
            surnames[key] = _different(_faker(origin.locale if origin.faker else "de_DE", context).last_name, key)
    return surnames[key]


SINGLE_NAME = re.compile(r"[^\W\d_][\w'-]*")
MAX_DRAWS = 1000


def _fits(value: str, original: str) -> bool:
    """One word ("Koch II", "von Heuser" look odd in a note) and not the original."""
    return fold(value) != original and bool(SINGLE_NAME.fullmatch(value))


def _usable(names: tuple[str, ...], original: str, gender: str | None = None) -> list[str]:
    return [n for n in names if _fits(n, original) and (gender is None or gender_of(n) == gender)]


def _different(draw: Callable[[], str], original: str) -> str:
    for _ in range(MAX_DRAWS):
        value = draw()
        if _fits(value, original):
            return value
    raise RuntimeError("Faker lieferte keinen passenden Ersatznamen.")  # Faker's lists are far larger


def _person(mention: Mention, context: DocumentContext) -> str:
    name = mention.name or PersonName(given=(mention.text,))
    given, origin = _fake_given(mention, context)
    parts = [name.title] if name.title else []
    if name.given:
        parts.append(given)
    if name.surname:
        parts.append(_fake_surname(name.surname, origin, context))
    return with_genitive(" ".join(parts), mention)


def _address(mention: Mention, context: DocumentContext) -> str:
    fake = _faker("de_DE", context)
    street = f"{fake.street_name()} {context.rng.randint(1, 99)}"
    return f"{street}, {fake.postcode()} {fake.city()}" if re.search(r"\b\d{5}\b", mention.text) else street


def _phone(mention: Mention, context: DocumentContext) -> str:
    area, prefix = context.rng.choice(DRAMA_NUMBERS)
    line = f"{prefix}{context.rng.randrange(1000):03d}"
    if mention.text.lstrip().startswith(("+", "00")):
        return f"+49 {area[1:]} {line}"
    return f"{area} {line}"


def _email(mention: Mention, context: DocumentContext) -> str:
    return f"{_faker('de_DE', context).user_name()}@example.org"


def _date_shift(context: DocumentContext) -> int:
    shift = context.cache("surrogate-date").get("shift")
    if shift is None:
        shift = context.cache("surrogate-date").setdefault(
            "shift", context.rng.choice([-1, 1]) * context.rng.randint(7, MAX_DATE_SHIFT_DAYS)
        )
    return shift


def _date(mention: Mention, context: DocumentContext) -> str | None:
    date = find_date(mention.text)
    if date is None or date.month is None:
        return None
    original = dt.date(date.year, date.month, date.day or 15)
    moved = original + dt.timedelta(days=_date_shift(context))
    styles = {
        "numeric": f"{moved.day:02d}.{moved.month:02d}.{moved.year}",
        "iso": moved.isoformat(),
        "written": f"{moved.day}. {MONTHS[moved.month - 1]} {moved.year}" if date.day else f"{MONTHS[moved.month - 1]} {moved.year}",
    }
    return mention.text[: date.start] + styles[date.style] + mention.text[date.end :]


def _age(mention: Mention, context: DocumentContext) -> str | None:
    found = find_age(mention.text)
    if found is None or not found[0]:
        return None
    years, start, end = found
    fake = max(1, years + context.rng.choice([-1, 1]))
    return mention.text[:start] + str(fake) + mention.text[end:]


def _iban(mention: Mention, context: DocumentContext) -> str:
    account = f"{context.rng.randrange(10**10):010d}"
    bban = "00000000" + account
    check = 98 - int(bban + "131400") % 97  # "DE" -> 1314, check digits 00
    iban = f"DE{check:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if " " in mention.text else iban


def _same_shape(mention: Mention, context: DocumentContext) -> str:
    """Digits for digits, letters for letters: "51-2024-0815" -> "73-9130-2264"."""
    def swap(char: str) -> str:
        if char.isdigit():
            return str(context.rng.randrange(10))
        if char.isalpha() and char.isascii():
            letter = chr(ord("A") + context.rng.randrange(26))
            return letter if char.isupper() else letter.lower()
        return char

    return "".join(swap(char) for char in mention.text)


def _organisation(mention: Mention, context: DocumentContext) -> str:
    words = mention.text.split()
    kind = words[0] if len(words) > 1 else "Kita"
    return f"{kind} {context.rng.choice(ORGANISATION_NAMES)}"


RULES: dict[str, Callable[[Mention, DocumentContext], str | None]] = {
    "PERSON": _person,
    "ADDRESS": _address,
    "LOCATION": lambda mention, context: _faker("de_DE", context).city(),
    "PHONE_NUMBER": _phone,
    "EMAIL_ADDRESS": _email,
    "URL": lambda mention, context: f"https://www.example.org/{_faker('de_DE', context).slug()}",
    "DATE_TIME": _date,
    "DATE_OF_BIRTH": _date,
    "AGE": _age,
    "IBAN_CODE": _iban,
    "DE_TAX_ID": _same_shape,
    "DE_HEALTH_INSURANCE_NUMBER": _same_shape,
    "CASE_FILE_NUMBER": _same_shape,
    "DE_LICENSE_PLATE": _same_shape,
    "DE_ID_DOCUMENT": _same_shape,
    "ORGANIZATION": _organisation,
}


@register_operator
class Surrogate(Operator):
    name = "surrogate"

    def replace(self, mention: Mention, context: DocumentContext) -> str | None:
        """The same entity gets the same fake value in the whole document."""
        rule = RULES.get(mention.label)
        if rule is None:
            return None
        if mention.label == "PERSON":  # the shape differs per mention ("Frau Y" vs "Ayşe Y")
            return rule(mention, context)
        values = context.cache("surrogate-value")
        if mention.entity not in values:
            values[mention.entity] = rule(mention, context)
        return values[mention.entity]
