"""Identification numbers: IBAN, Steuer-ID, KVNR, Aktenzeichen, Kfz-Kennzeichen, Ausweis/Reisepass.

The checksums come from Presidio's own recognizers (mod 97, ISO 7064 mod 11,10, the GKV
algorithm, ICAO 9303); these classes add German context words, spaced spellings and the
entity names of this project.
"""
from __future__ import annotations

from functools import lru_cache

import regex
from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult
from presidio_analyzer.predefined_recognizers import (
    DeHealthInsuranceRecognizer,
    DePassportRecognizer,
    DeTaxIdRecognizer,
    IbanRecognizer,
)

from anonymizer.detection.recognizers.pattern_base import (
    CASE_SENSITIVE,
    NOT_A_QUANTITY,
    GermanPatternRecognizer,
    one_of,
)
from anonymizer.detection.recognizers.registry import register


def _without_spaces(text: str) -> str:
    return "".join(text.split())


IBAN_SHAPE = regex.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,9}")
SHORTEST_IBAN = 15


@lru_cache(maxsize=1)
def _iban_checker() -> IbanRecognizer:
    return IbanRecognizer(supported_language="de")


def iban_spans(text: str) -> list[tuple[int, int]]:
    """Every mod-97-valid IBAN, the longest valid one where digits follow it: Presidio's pattern
    takes "AT61 1904 3002 3457 3201 0176 4321" as one invalid IBAN and drops it."""
    spans = []
    for shape in IBAN_SHAPE.finditer(text):
        candidate = shape.group()
        for end in range(len(candidate), SHORTEST_IBAN - 1, -1):
            if candidate[end - 1] != " " and _iban_checker().validate_result(candidate[:end]):
                spans.append((shape.start(), shape.start() + end))
                break
    return spans


@register
class GermanIbanRecognizer(IbanRecognizer):
    """IBANs of every SEPA country, with or without spaces; only mod-97-valid ones are kept."""

    CONTEXT = ["iban", "bank", "konto", "kontonummer", "bankverbindung", "überweisung", "sparkasse"]

    def __init__(self) -> None:
        super().__init__(supported_language="de", context=self.CONTEXT, name=type(self).__name__)

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None, regex_flags=None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for start, end in iban_spans(text):
            if not any(r.start < end and start < r.end for r in results):
                results.append(self._valid_iban(start, end))
        return results

    def _valid_iban(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            entity_type="IBAN_CODE",
            start=start,
            end=end,
            score=self.MAX_SCORE,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=self.MAX_SCORE, textual_explanation="IBAN (Prüfziffer gültig)"
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


@register
class GermanTaxIdRecognizer(DeTaxIdRecognizer):
    """Steuer-ID: 11 digits, written solid or in the official 2-3-3-3 grouping.

    Presidio's check (at most three repeats of a digit, ISO 7064 mod 11,10) decides; a valid
    number scores 1.0, an invalid one is dropped.
    """

    PATTERNS = [
        Pattern("Steuer-ID", r"(?<![\d.,/-])[1-9]\d{10}(?![\d/-]|[.,]\d)", 0.5),
        Pattern("Steuer-ID (gruppiert)", r"(?<![\d.,/-])[1-9]\d \d{3} \d{3} \d{3}(?![\d/-]|[.,]\d| \d)", 0.5),
    ]
    CONTEXT = [*DeTaxIdRecognizer.CONTEXT, "identifikationsnummer", "steuer"]

    def __init__(self) -> None:
        super().__init__(
            patterns=list(self.PATTERNS), context=self.CONTEXT, supported_entity="DE_TAX_ID", name=type(self).__name__
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return super().validate_result(_without_spaces(pattern_text))


@register
class GermanHealthInsuranceRecognizer(DeHealthInsuranceRecognizer):
    """KVNR (Krankenversichertennummer): a capital letter and 9 digits, the last a GKV check digit."""

    PATTERNS = [
        Pattern("KVNR", r"(?<![\w-])[A-Z] ?\d{9}(?![\w-])", 0.5),
        Pattern("KVNR (gruppiert)", r"(?<![\w-])[A-Z] ?\d{3} \d{3} \d{3}(?![\w-]| \d)", 0.5),
    ]
    CONTEXT = [*DeHealthInsuranceRecognizer.CONTEXT, "versicherten", "kasse"]

    def __init__(self) -> None:
        super().__init__(
            patterns=list(self.PATTERNS),
            context=self.CONTEXT,
            supported_entity="DE_HEALTH_INSURANCE_NUMBER",
            name=type(self).__name__,
        )
        self.global_regex_flags = CASE_SENSITIVE

    def validate_result(self, pattern_text: str) -> bool | None:
        return super().validate_result(_without_spaces(pattern_text))


# Words that introduce a file reference; the number must follow within a few characters
# ("Az.: 51-2024-0815", "Aktenzeichen des Jugendamts 3 F 123/24", "Fallnummer 2024/117").
CASE_FILE_CUES = one_of(
    [
        "Az", "AZ", "az", "Gz", "GZ", "Aktenzeichen", "Geschäftszeichen", "Fallnummer", "Fall-Nr",
        "Fallnr", "Vorgangsnummer", "Vorgangs-Nr", "Kassenzeichen", "Unser Zeichen", "Ihr Zeichen",
        "Akte", "Aktennummer", "Akten-Nr", "BG-Nr", "BG-Nummer", "Kundennummer", "Kunden-Nr",
        "Antragsnummer", "Antrags-Nr", "Bescheid-Nr", "Mitgliedsnummer", "Vertragsnummer", "Personenkennziffer",
    ]
)
CASE_FILE_LEAD = (
    rf"(?<=\b{CASE_FILE_CUES}\.?(?:\s?-?\s?Nr\.?)?"
    r"(?:\s{1,3}(?:des|der|beim|vom|im)\s{1,3}\p{Lu}[\p{Ll}-]{1,40})?\s{0,3}[:.]?\s{0,3})"
)
# Segments joined by - / . may mix case ("Ju-51/2024"); segments joined by a space are digits
# or capitals ("3 F 123/24"), so the number never swallows the next word.
CASE_FILE_NUMBER = (
    r"[A-Z0-9ÄÖÜ][A-Za-z0-9ÄÖÜ]{0,15}"
    r"(?:(?:\s?[-/.]{1,2}\s?|\s)[A-Z0-9ÄÖÜ]{1,15}(?![a-zäöüß])|\s?[-/.]{1,2}\s?[A-Za-z0-9]{1,15}){0,6}(?![\w-])"
)


@register
class CaseFileNumberRecognizer(GermanPatternRecognizer):
    """Aktenzeichen and file numbers, only right after a cue word (the cue is not part of the span)."""

    ENTITY = "CASE_FILE_NUMBER"
    PATTERNS = [Pattern("Aktenzeichen nach Stichwort", CASE_FILE_LEAD + CASE_FILE_NUMBER, 0.9)]

    def invalidate_result(self, pattern_text: str) -> bool:
        # A file number has digits and some length: not "Az. Jugendamt", not "in der Akte 3 Vermerke".
        characters = [char for char in pattern_text if char.isalnum()]
        return len(characters) < 3 or not any(char.isdigit() for char in characters)


@register
class LicensePlateRecognizer(GermanPatternRecognizer):
    """Kfz-Kennzeichen: district, letters, digits, optional E/H ("HB-AB 123", "B AB 1234E").

    The hyphenated spelling is typical enough on its own; the all-spaces spelling needs a context
    word such as "Kennzeichen" or "Auto" to pass 0.4.
    """

    ENTITY = "DE_LICENSE_PLATE"
    # Law and agenda abbreviations look like districts: "SGB II 5", "TOP A 3".
    DISTRICT = r"(?<![\w-])(?!(?:SGB|BGB|StGB|GG|TOP|KJHG|ZPO|FamFG)\b)[A-ZÄÖÜ]{1,3}"
    TAIL = r"\d{1,4}[EH]?(?![\w-])" + NOT_A_QUANTITY
    PATTERNS = [
        Pattern("Kennzeichen mit Bindestrich", DISTRICT + r"-[A-Z]{1,2}[ -]?" + TAIL, 0.6),
        Pattern("Kennzeichen mit Leerzeichen", DISTRICT + r" [A-Z]{1,2} " + TAIL, 0.4),
    ]
    CONTEXT = [
        "kennzeichen", "nummernschild", "kfz", "auto", "pkw", "fahrzeug", "wagen", "zulassung",
        "parkt", "parken", "fährt", "fahren", "transporter",
    ]


# Cue words before a document number; the cue is not part of the span.
ID_DOCUMENT_CUES = one_of(
    [
        "Ausweisnummer", "Ausweis-Nr", "Ausweisnr", "Ausweis", "Personalausweis", "Personalausweisnummer",
        "Personalausweis-Nr", "Personalausweisnr", "Perso-Nr", "Reisepass", "Reisepassnummer",
        "Reisepass-Nr", "Passnummer", "Pass-Nr", "Passnr", "Pass", "Dokumentennummer", "Dokumenten-Nr",
        "Aufenthaltstitel", "Aufenthaltserlaubnis", "eAT", "Ankunftsnachweis", "Seriennummer",
    ]
)
ID_DOCUMENT_LEAD = (
    rf"(?<=\b{ID_DOCUMENT_CUES}\.?(?:\s?-?\s?(?:Nr|Nummer)\.?)?(?:\s{{1,3}}(?:lautet|ist|mit|Nr\.?))?\s{{0,3}}[:.]?\s{{0,3}})"
)


@register
class IdDocumentRecognizer(GermanPatternRecognizer):
    """Personalausweis, Reisepass and residence-permit numbers after a cue word.

    German documents use 9 characters of the ICAO alphabet with a check digit at the end; a
    valid check digit scores 1.0. Documents of other countries (families from many nations)
    follow other rules, so an unchecked 6-10-character code after a cue word still scores 0.75.
    The old Personalausweis ("T" and 8 digits) has no check digit.
    """

    ENTITY = "DE_ID_DOCUMENT"
    PATTERNS = [
        Pattern("Dokumentennummer nach Stichwort", ID_DOCUMENT_LEAD + r"[A-Z0-9]{6,10}(?![\w-])", 0.75),
    ]
    # Presidio's passport recognizer holds the ICAO 9303 check digit, shared by Personalausweis and Reisepass.
    _icao_check = DePassportRecognizer()

    def validate_result(self, pattern_text: str) -> bool | None:
        if len(pattern_text) == 9 and self._icao_check.validate_result(pattern_text):
            return True
        return None  # a foreign or old document: keep the pattern score

    def invalidate_result(self, pattern_text: str) -> bool:
        # "Ausweis ABGELAUFEN" or "Pass 2019": a document number mixes letters and digits or is long.
        has_digit = any(char.isdigit() for char in pattern_text)
        return not has_digit or (pattern_text.isdigit() and len(pattern_text) < 8)
