"""Keep the meaning, drop the detail: age -> band, date -> month/year, address -> "im Stadtteil".

Entity types without a rule here fall back to the placeholder.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.dates import MONTHS, find_age, find_date
from anonymizer.operators.registry import register_operator

# Words that say what kind of organisation it is; they stay ("Kita Sonnenblume" -> "[eine Kita]").
ORGANISATION_KINDS = {
    "kita", "kindergarten", "krippe", "hort", "familienzentrum", "schule", "grundschule", "oberschule",
    "gesamtschule", "gymnasium", "förderschule", "praxis", "bäckerei", "firma", "verein", "klinik",
}


class GeneraliseOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Literal["month", "year"] = "month"
    age_bands: list[tuple[int, int]] = Field(
        default=[(0, 0), (1, 2), (3, 4), (5, 6), (7, 9), (10, 13), (14, 17)],
        description="Inclusive year ranges; older ages become 'erwachsen'.",
    )
    address: str = "[Adresse im Stadtteil]"
    location: str = "[Ort]"


def _splice(span: str, start: int, end: int, value: str) -> str:
    return span[:start] + value + span[end:]


def _age(mention: Mention, options: GeneraliseOptions) -> str | None:
    found = find_age(mention.text)
    if found is None:
        return None
    years, start, _ = found
    band = next(((low, high) for low, high in options.age_bands if low <= years <= high), None)
    if band is None:
        value = "erwachsen"
    elif "jährig" in mention.text.casefold():  # "vierjährige" -> "3- bis 4-jährige"
        suffix = mention.text[mention.text.casefold().index("jährig") :]
        return f"{band[0]}- bis {band[1]}-{suffix}" if band[0] != band[1] else f"{band[0]}-{suffix}"
    else:
        value = "unter 1 J." if band == (0, 0) else f"{band[0]}–{band[1]} J." if band[0] != band[1] else f"{band[0]} J."
    if mention.text.startswith("("):
        return f"({value})"
    return _splice(mention.text, start, len(mention.text), value)


def _date(mention: Mention, options: GeneraliseOptions) -> str | None:
    date = find_date(mention.text)
    if date is None:
        return None
    birth = mention.label == "DATE_OF_BIRTH"
    if birth or options.date == "year" or date.month is None:
        value = str(date.year)
    else:
        value = f"{MONTHS[date.month - 1]} {date.year}"
    return _splice(mention.text, date.start, date.end, value)


def _organisation(mention: Mention, options: GeneraliseOptions) -> str | None:
    kind = mention.text.split(maxsplit=1)[0]
    return f"[{kind}]" if kind.casefold() in ORGANISATION_KINDS else None


RULES: dict[str, Callable[[Mention, GeneraliseOptions], str | None]] = {
    "AGE": _age,
    "DATE_TIME": _date,
    "DATE_OF_BIRTH": _date,
    "ADDRESS": lambda mention, options: options.address,
    "LOCATION": lambda mention, options: options.location,
    "ORGANIZATION": _organisation,
}


@register_operator
class Generalise(Operator):
    name = "generalise"
    Options = GeneraliseOptions

    def replace(self, mention: Mention, context: DocumentContext) -> str | None:
        rule = RULES.get(mention.label)
        return rule(mention, self.options) if rule else None
