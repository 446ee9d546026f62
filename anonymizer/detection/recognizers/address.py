"""Postal addresses: street and house number, optionally with postcode and town, as one span.

"Lindenstraße 14", "Karl-Marx-Str. 3a", "Berliner Allee 14-16", "Am Markt 3", "An der Weide 12 b",
"Lindenstraße 14, 28217 Bremen" and a line holding only "28217 Bremen" in an address block.
Street names without a number ("wohnt jetzt in der Lindenstraße") come from the NER model.
"""
from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import Pattern
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.recognizers.ner import ner_entities
from anonymizer.detection.recognizers.pattern_base import NOT_A_QUANTITY, GermanPatternRecognizer, one_of
from anonymizer.detection.recognizers.registry import register
from anonymizer.detection.recognizers.words import Span, Word, WordRecognizer
from anonymizer.detection.scores import score

SUFFIXES = [
    "straße", "strasse", "str.", "weg", "allee", "platz", "ring", "damm", "gasse", "ufer", "chaussee",
    "stieg", "steig", "pfad", "wall", "deich", "kamp", "graben", "markt", "promenade", "twiete",
    "redder", "zeile", "brücke", "berg", "hof",
]
# The common compound nouns ending like a street that are followed by a number in notes.
NOT_STREET_WORDS = (
    "Spielplatz", "Parkplatz", "Arbeitsplatz", "Kitaplatz", "Krippenplatz", "Betreuungsplatz",
    "Ausbildungsplatz", "Therapieplatz", "Sitzplatz", "Stellplatz", "Schulweg", "Heimweg", "Rückweg",
    "Umweg", "Ausweg", "Bildungsweg", "Lösungsweg", "Schulhof", "Bahnhof", "Friedhof", "Kindergarten",
    "Bauhof", "Innenhof", "Hinterhof", "Berg",
)
NOT_STREETS = one_of(NOT_STREET_WORDS)
LETTERS = r"[\p{Ll}ß]"
NAME_WORD = rf"\p{{Lu}}{LETTERS}{{1,30}}"
# "Karl-", "Von-Ossietzky-", "St.-Jürgen-" before the last part of a hyphenated street name.
HYPHEN_PARTS = r"(?:\p{Lu}[\p{L}.]{0,20}-){1,3}"
# "Berliner Straße", "Alte Dorfstraße"; an article or pronoun is no part of the street name.
NOT_ADJECTIVES = one_of(["Die", "Der", "Das", "Den", "Dem", "Des", "Eine", "Einer", "Ihre", "Seine", "Unsere", "Diese"])
ADJECTIVE = rf"(?:(?!{NOT_ADJECTIVES}\s)\p{{Lu}}{LETTERS}{{1,20}}(?:e|er|es|en)\s)"
STREET_SUFFIX = one_of(SUFFIXES)
STREET_WORD = one_of([suffix.capitalize() for suffix in SUFFIXES])
STREET = (
    rf"(?<![\w-])(?!{NOT_STREETS}\b)"
    rf"(?:{ADJECTIVE}?(?:{HYPHEN_PARTS})?\p{{Lu}}{LETTERS}{{0,30}}{STREET_SUFFIX}"  # Lindenstraße, Alte Dorfstr.
    rf"|{HYPHEN_PARTS}{STREET_WORD}"  # Karl-Marx-Straße
    rf"|{ADJECTIVE}{STREET_WORD})"  # Berliner Straße
)
PREPOSITIONS = one_of(
    [
        "Am", "An der", "An den", "Auf dem", "Auf der", "Auf den", "Hinter der", "Hinter dem", "Hinter den",
        "Im", "In der", "In den", "Unter den", "Unter der", "Zum", "Zur", "Vor dem", "Vor der", "Beim",
        "Bei der", "Über dem", "Alter", "Alte", "Altes", "Neuer", "Neue", "Großer", "Kleiner", "Langer",
    ]
)
# Nouns that follow "Am"/"Im" with a number but name no street: "Im Raum 12", "Am Montag 3 Kinder".
NOT_PLACES = one_of(
    [
        "Raum", "Jahr", "Jahre", "Monat", "Alter", "Zimmer", "Gruppe", "Moment", "Gespräch", "Rahmen",
        "Schnitt", "Durchschnitt", "Vergleich", "Kindergarten", "Haus", "Anschluss", "Termin", "Punkt",
        "Abschnitt", "Kapitel", "Absatz", "Mittel", "Ende", "Anfang", "Sommer", "Winter", "Herbst",
        "Frühjahr", "Schuljahr", "Kitajahr", "Team", "Kurs", "Block", "Gebäude", "Stock", "Erdgeschoss",
        "Bus", "Zug", "Wochenende", "Vormittag", "Nachmittag", "Abend", "Morgen", "Tag", "Folgenden",
        "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "Januar",
        "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
        "Dezember", "Kreis", "Alltag", "Verlauf", "Gesamt", "Schnitt",
    ]
)
PREPOSITION_STREET = (
    rf"(?<![\w-]){PREPOSITIONS}\s(?!{NOT_PLACES}\b)(?:{NAME_WORD}[\s-])?{NAME_WORD}"
)
HOUSE_NUMBER = (
    r"\s(?:Nr\.\s?)?[1-9]\d{0,2}(?:\s?[a-zA-Z](?![\wäöüß]))?(?:\s?[-–/]\s?[1-9]\d{0,2}[a-zA-Z]?)?"
    r"(?![\d\wäöüß]|[.,]\d)" + NOT_A_QUANTITY
)
CITY = (
    rf"(?:(?:Bad|Sankt|St\.|Hansestadt)\s)?{NAME_WORD}(?:-{NAME_WORD}){{0,2}}"
    rf"(?:\s(?:am|an\sder|im|in\sder|ob\sder|bei|vor\sder)\s{NAME_WORD}|\s?\({NAME_WORD}\))?"
)
# Five digits and a capitalised word are also a count: "in 10000 Fällen", "12000 Euro".
NOT_CITIES = one_of(
    ["Euro", "EUR", "Fälle", "Fällen", "Haushalte", "Haushalten", "Kinder", "Kindern", "Familien", "Personen",
     "Menschen", "Stunden", "Minuten", "Tage", "Tagen", "Jahre", "Jahren", "Schritte", "Schritten", "Mal"]
)
POSTCODE_CITY = rf"(?:D-)?(?<!\d)(?!00)\d{{5}}(?!\d)\s{{1,3}}(?!{NOT_CITIES}\b){CITY}"
AFTER_STREET = rf"(?:,\s{{0,3}}|\s{{0,3}}\n\s{{0,3}}|\s{{1,3}}){POSTCODE_CITY}"
POSTCODE_CUES = one_of(["in", "nach", "aus", "wohnhaft", "wohnt", "Wohnort:", "Wohnort", "PLZ", "PLZ:"])


@register
class GermanAddressRecognizer(GermanPatternRecognizer):
    """Street + house number (0.75; 0.5 for "Am/An der ..." streets, which resemble "Im Raum 12"),
    with postcode and town 0.9-0.95, and "28217 Bremen" on its own line or after "in" 0.8-0.85."""

    ENTITY = "ADDRESS"
    PATTERNS = [
        Pattern("Straße, Hausnummer, PLZ und Ort", STREET + HOUSE_NUMBER + AFTER_STREET, 0.95),
        Pattern("Straße und Hausnummer", STREET + HOUSE_NUMBER, 0.75),
        Pattern("Am/An der ... mit PLZ und Ort", PREPOSITION_STREET + HOUSE_NUMBER + AFTER_STREET, 0.9),
        Pattern("Am/An der ... mit Hausnummer", PREPOSITION_STREET + HOUSE_NUMBER, 0.5),
        Pattern("PLZ und Ort als eigene Zeile", rf"^[ \t]{{0,10}}{POSTCODE_CITY}(?=[ \t]{{0,10}}$)", 0.85),
        Pattern("PLZ und Ort nach Stichwort", rf"(?<=\b{POSTCODE_CUES}\s){POSTCODE_CITY}", 0.8),
    ]
    # Matched as substrings of the words (or lemmas) before a hit: "wohn" covers wohnt, wohnen,
    # wohnhaft, Wohnung and Wohnort, with or without a lemmatizer in the pipeline.
    CONTEXT = ["wohn", "adresse", "anschrift", "umgezogen", "umziehen", "zieht", "ziehen", "gemeldet", "lebt", "leben", "straße"]


SCORE_NER_STREET = score("address", "ner_street")


def _street_shaped(inner: Sequence[Word]) -> bool:
    """Ends like a street ("Lindenstraße", "Berliner Allee", "Karl-Marx-Str"), no "Spielplatz"."""
    last = inner[-1]
    if last.text in NOT_STREET_WORDS or not last.capitalised:
        return False
    return any(
        last.key.endswith(suffix) and (len(last.key) > len(suffix) or len(inner) > 1)
        for suffix in (suffix.rstrip(".") for suffix in SUFFIXES)
    )


@register
class StreetNameRecognizer(WordRecognizer):
    """A street the NER model found (its STREET label), also without a house number: in a city
    district a street alone narrows a family down ("wohnt jetzt in der Lindenstraße")."""

    ENTITY = "ADDRESS"

    def find(self, text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> list[Span]:
        return [
            (start, end, SCORE_NER_STREET, "Straßenname (NER)")
            for start, end, inner in ner_entities(nlp_artifacts, ("ADDRESS",), words)
            if _street_shaped(inner)
        ]
