"""Dates, dates of birth and ages in the ways German case notes write them.

Weekdays and month names on their own ("am Montag", "im Mai") are not personal data and are
never matched; a bare year only counts after a temporal cue ("seit 2019", "im Jahr 2019",
"Jahrgang 2019"), as a year alone is more often a budget line or a law ("SGB VIII 2024").
"""
from __future__ import annotations

import datetime

import regex
from presidio_analyzer import Pattern

from anonymizer.detection.lang_de import COUNTED_WORDS
from anonymizer.detection.recognizers.pattern_base import NOT_A_QUANTITY, GermanPatternRecognizer, one_of
from anonymizer.detection.recognizers.registry import register

MONTH_NAMES = (
    r"(?:(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember)(?![\wäöüß])|(?:Jan|Feb|Febr|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\.)"
)
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
YEAR4 = r"(?:19|20)\d{2}"

NUMERIC_DATE = rf"(?<![\d.,/]){DAY}\.\s?{MONTH}\.\s?(?:{YEAR4}|\d{{2}})(?!\d|\.\d|:\d)"  # 03.05.2019, 3.5.19
TEXT_DATE = rf"(?<![\d.]){DAY}\.\s?{MONTH_NAMES}(?:\s{YEAR4}(?!\d))?"  # 3. Mai 2019, 3. Mai
MONTH_YEAR = rf"(?<![\wäöüß]){MONTH_NAMES}\s{YEAR4}(?!\d)"  # Mai 2019
ISO_DATE = rf"(?<![\d-]){YEAR4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])"  # 2019-05-03
YEAR_ONLY = rf"(?<![\d.,/-]){YEAR4}(?![\d./-]){NOT_A_QUANTITY}"

# "30.03.", "27.5.", "03.08.–14.08.": a day and month without a year, one of them written with two
# digits ("3.5." alone may be a section number and needs a cue).
DAY_MONTH = rf"(?<![\d.,/]\s?)(?:(?:0[1-9]|[12]\d|3[01])\.{MONTH}|{DAY}\.(?:0[1-9]|1[0-2]))\.(?![\d.])"

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
# Words after which "3.5." is a day and month, not a section number.
SHORT_DATE_CUES = one_of(["am", "Am", "vom", "Vom", "bis", "zum", "ab", "seit", "den", "bis zum", *WEEKDAYS])
# Words after which a bare year is a point in time.
YEAR_CUES = one_of(
    ["seit", "Seit", "im Jahr", "im Jahre", "Im Jahr", "Anfang", "Ende", "Mitte", "Sommer", "Herbst",
     "Winter", "Frühjahr", "Frühling", "bis", "ab", "Ab"]
)


def _is_real_date(numeric: str) -> bool:
    """False for "31.02.2019" or "30.2.19"; texts that are not all-numeric dates pass."""
    match = regex.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})", numeric)
    if not match:
        return True
    day, month, year = (int(part) for part in match.groups())
    try:
        datetime.date(year if year > 99 else 2000 + year, month, day)
    except ValueError:
        return False
    return True


@register
class GermanDateRecognizer(GermanPatternRecognizer):
    """Calendar dates: "03.05.2019", "3.5.19", "3. Mai 2019", "am 3. Mai", "Mai 2019", "2019-05-03"."""

    ENTITY = "DATE_TIME"
    PATTERNS = [
        Pattern("Datum numerisch", NUMERIC_DATE, 0.6),
        Pattern("Datum mit Monatsname", TEXT_DATE, 0.55),
        Pattern("Monat und Jahr", MONTH_YEAR, 0.5),
        Pattern("Datum ISO", ISO_DATE, 0.6),
        Pattern("Tag und Monat nach Stichwort", rf"(?<=\b{SHORT_DATE_CUES},?\s){DAY}\.{MONTH}\.(?!\d)", 0.5),
        Pattern("Tag und Monat zweistellig", DAY_MONTH, 0.45),
        Pattern("Jahr nach Stichwort", rf"(?<=\b{YEAR_CUES}\s){YEAR_ONLY}", 0.45),
    ]
    CONTEXT = ["datum", "termin", "gespräch", "hausbesuch", "aufnahme", "eingewöhnung", "seit"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not _is_real_date(pattern_text)


# A birth cue right before the date: "geb. 03.05.2019", "geboren am 3. Mai 2019",
# "Geburtsdatum: 03.05.19", "Jahrgang 2019", "Leon Yılmaz (* 03.05.2019)". A "*" at the start of
# a line is a bullet point, so the star must follow a word, comma or bracket.
BIRTH_CUES = r"(?:\b[Gg]eb\.|\b[Gg]eboren|\bGeburtsdatum|\bGeb\.-?[Dd]atum|\bGeburtstag|\bJahrgang|[\w,(]\s?\*)"
# "geb. am", "geboren im", "Geburtsdatum des Kindes:" between the cue and the date.
BIRTH_FILLER = r"(?:\s{1,2}(?:am|im|den)|\s{1,2}(?:des|der|von)\s{1,2}\p{L}{1,30})?"
# The cheap look-ahead (a digit or a month's initial) spares the look-behind at most positions.
BIRTH_DATE = rf"(?=[\dJFMASOND])(?<={BIRTH_CUES}{BIRTH_FILLER}\s{{0,2}}:?\s{{0,3}})(?:{NUMERIC_DATE}|{TEXT_DATE}|{MONTH_YEAR}|{ISO_DATE}|{YEAR_ONLY})"


@register
class DateOfBirthRecognizer(GermanPatternRecognizer):
    """A date (or year) after a birth cue; only the date is the span, the cue stays readable."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [Pattern("Datum nach Geburts-Stichwort", BIRTH_DATE, 0.95)]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not _is_real_date(pattern_text)


NUMBER_WORDS = [
    "ein", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
    "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "anderthalb",
    "eineinhalb", "zweieinhalb", "dreieinhalb", "viereinhalb", "fünfeinhalb",
]
# "vier" and "Vier" (the noun "die Vierjährige"), never "VIER".
NUMBER_WORD = "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
# The number of an age; never the end of a range ("3-6 Jahre" is a group, not a child).
AGE_NUMBER = rf"(?:(?<![\d.,;\-–])\d{{1,2}}(?:,5|\s?½)?|(?<![\wäöüß]){NUMBER_WORD})"
# Nouns that make a number of years a duration: "eine dreijährige Ausbildung", "mit 3 Jahren Verspätung".
NOT_A_SPAN = (
    r"(?!\s(?:Ausbildung|Studium|Vertrag|Erfahrung|Berufserfahrung|Tätigkeit|Zusammenarbeit|Förderung"
    r"|Aufenthalt|Laufzeit|Pause|Beziehung|Ehe|Jubiläum|Bestehen|Projekt|Programm|Maßnahme|Haft|Wartezeit"
    r"|Verspätung|Verzögerung|Abstand|Unterschied|Dauer))"
)
# Accusative time spans ("für 2 Jahre", "die letzten 2 Jahre"); dative ones say "Jahren" anyway.
SPAN_BEFORE = (
    r"(?<!\b(?:für|über|um|bis|ab|alle|letzten|ersten|nächsten|paar|die|den|der|noch|schon|bereits"
    r"|knapp|insgesamt|etwa|ca\.|circa|rund|fast|gut|mehr als|weniger als)\s)"
)
# Capitalised words before "(3)" that count things rather than name a person; ages in brackets
# after a name are those of children (1-17), a bigger number is more often a count: "Regenbogen (20)".
COUNTED_NOUNS = one_of(COUNTED_WORDS)


# "4 Jahre", "14 Monate", "3 Jahre und 6 Monate" before "alt".
AGE_SPAN = rf"{AGE_NUMBER}\s(?:Jahre?|Monate?|Wochen?)(?:\s(?:und|u\.)\s{AGE_NUMBER}\s(?:Monate?|Wochen?))?"


@register
class AgeRecognizer(GermanPatternRecognizer):
    """Ages: "4 Jahre alt", "(4 Jahre)", "4 J.", "4-jährig", "vierjährige", "3;6 Jahre",
    "3 Jahre und 6 Monate", "14 Monate alt", "im Alter von 4 Jahren", "Alter: 4", "Leon (5)"."""

    ENTITY = "AGE"
    PATTERNS = [
        Pattern("Jahre/Monate alt", rf"{AGE_SPAN}\salt\b", 0.9),
        # "die 4 Jahre alte Lea" - or "die 2 Jahre alte Waschmaschine".
        Pattern("Jahre/Monate alte", rf"{AGE_SPAN}\salte[nrms]?\b", 0.7),
        Pattern("im Alter von", rf"(?<=\b[Ii]m Alter von\s){AGE_NUMBER}\s(?:Jahren|Monaten)\b", 0.85),
        Pattern("mit N Jahren", rf"(?<=\b[Mm]it\s){AGE_NUMBER}\s(?:Jahren|Monaten)\b{NOT_A_SPAN}", 0.6),
        Pattern("Alter:", r"(?<=\bAlter:?\s{1,2})\d{1,2}(?:;\d{1,2})?(?:\s?(?:Jahre|J\.))?(?![\d.,])", 0.85),
        Pattern("Jahre;Monate", r"(?<![\d.,;])\d{1,2};\d{1,2}(?:\s?(?:Jahre|J\.))?(?![\d;])", 0.85),
        Pattern("Jahre und Monate", rf"{SPAN_BEFORE}{AGE_NUMBER}\s(?:Jahre|J\.)\s(?:und|u\.)\s\d{{1,2}}\s(?:Monate|M\.)", 0.8),
        Pattern("N-jährig", rf"(?<![\d.,\-–])(?<!\b(?:bis|und|oder)\s)\d{{1,2}}\s?-?\s?jährige?[nrms]?\b{NOT_A_SPAN}", 0.8),
        Pattern("vierjährig", rf"(?<![\wäöüß]){NUMBER_WORD}jährige?[nrms]?\b{NOT_A_SPAN}", 0.8),
        Pattern("in Klammern", rf"(?<=\(\s?){AGE_NUMBER}\s?(?:Jahre|J\.|Monate|Mon\.|Wochen)(?=\s?[,;)])", 0.85),
        Pattern("N J. M Mon.", r"(?<![\d.,])\d{1,2}\s?J\.\s\d{1,2}\s?(?:Mon\.|M\.|Monate)", 0.8),
        Pattern("N Monate", rf"{SPAN_BEFORE}(?<![\d.,])\d{{1,2}}\sMonate(?=\s?[,;)/.])", 0.55),
        # "(T., 3)", "(L., 5)": an initial with an age.
        Pattern("Alter nach Initiale", r"(?<=\(\p{Lu}\.,\s?)(?:1[0-7]|[1-9])(?=\))", 0.8),
        Pattern("N J.", rf"{SPAN_BEFORE}(?<![\d.,])\d{{1,2}}\s?J\.(?!\w)", 0.75),
        # "Leon, 4 Jahre, ..." - a time span rarely ends at a comma or bracket.
        Pattern("N Jahre", rf"{SPAN_BEFORE}{AGE_NUMBER}\sJahre(?=\s?[,;)/]|\s(?:und|u\.)\s\d)", 0.55),
        # "Frau Petrenko, 71, wohnt nebenan", "Lea, 4, kommt": an age between commas after a name.
        Pattern(
            "Alter nach Name und Komma",
            rf"(?<=\b\p{{Lu}}\p{{Ll}}[\w'-]{{1,30}},\s)(?<!\b{COUNTED_NOUNS},\s)(?:1[01]\d|[1-9]\d?)(?=,\s|\)|\s?Jahre)",
            0.5,
        ),
        Pattern(
            "(5) nach Name",
            rf"(?<=\b\p{{Lu}}[\w'-]{{1,30}}\s?\()(?<!\b{COUNTED_NOUNS}\s?\()(?:1[0-7]|[1-9])(?=\)|,\s)",
            0.6,
        ),
    ]
    CONTEXT = ["sohn", "tochter", "geburtstag", "junge", "mädchen", "bruder", "schwester", "zwilling", "baby"]
