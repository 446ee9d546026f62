"""German dates and ages inside a span: parse, and write back in the same style."""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
_MONTH_PREFIXES = {name[:3].casefold(): number for number, name in enumerate(MONTHS, 1)} | {"mär": 3, "mae": 3}
_MONTH_WORD = r"(?P<month_name>Jan(?:uar)?|Feb(?:ruar)?|M(?:ä|ae)r(?:z)?|Apr(?:il)?|Mai|Jun(?:i)?|Jul(?:i)?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Okt(?:ober)?|Nov(?:ember)?|Dez(?:ember)?)\.?"
DATE = re.compile(
    r"(?P<numeric>(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4}|\d{2})(?!\d))"
    rf"|(?P<written>(?:(?P<wday>\d{{1,2}})\.\s?)?{_MONTH_WORD}\s+(?P<wyear>\d{{4}}))"
    r"|(?P<iso>(?P<iyear>\d{4})-(?P<imonth>\d{2})-(?P<iday>\d{2}))"
    r"|(?P<only_year>\b(?:19|20)\d{2}\b)"
)
NUMBER_WORDS = {
    "ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
}
AGE_NUMBER = re.compile(r"\d{1,3}(?:[;,.]\d{1,2})?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)), re.I)


@dataclass(frozen=True, slots=True)
class GermanDate:
    year: int
    month: int | None
    day: int | None
    start: int  # where the date sits inside the span
    end: int
    style: str  # "numeric", "written", "iso", "only_year"


def _full_year(year: str) -> int:
    value = int(year)
    return value if len(year) == 4 else (2000 + value if value <= 40 else 1900 + value)


def find_date(span: str) -> GermanDate | None:
    match = DATE.search(span)
    if match is None:
        return None
    style = next(name for name in ("numeric", "written", "iso", "only_year") if match.group(name))
    if style == "numeric":
        year, month, day = _full_year(match["year"]), int(match["month"]), int(match["day"])
    elif style == "written":
        year, month = int(match["wyear"]), _MONTH_PREFIXES[match["month_name"][:3].casefold()]
        day = int(match["wday"]) if match["wday"] else None
    elif style == "iso":
        year, month, day = int(match["iyear"]), int(match["imonth"]), int(match["iday"])
    else:
        year, month, day = int(match.group()), None, None
    if month is not None and not 1 <= month <= 12:
        return None
    return GermanDate(year, month, day, match.start(), match.end(), style)


def find_age(span: str) -> tuple[int, int, int] | None:
    """(years, start, end) of the number in an age span: "4 Jahre", "(5)", "3;6 J.", "vierjährige".

    "14 Monate" counts as 1 year."""
    match = AGE_NUMBER.search(span)
    if match is None:
        return None
    number = match.group().casefold()
    years = NUMBER_WORDS.get(number)
    if years is None:
        years = int(re.split(r"[;,.]", number)[0])
    if "monat" in span[match.end() :].casefold():
        years //= 12
    return years, match.start(), match.end()
