"""Contact data: phone numbers, e-mail addresses and URLs, all checked offline.

Presidio's own e-mail and URL recognizers validate with ``tldextract.extract``, which fetches the
public suffix list over the network on first use; here a ``TLDExtract`` without suffix-list URLs
reads only the snapshot bundled with tldextract.
"""
from __future__ import annotations

from functools import lru_cache

import phonenumbers
import regex
import tldextract
from phonenumbers import Leniency, PhoneNumberType
from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from anonymizer.detection.recognizers.ids import iban_spans
from anonymizer.detection.recognizers.pattern_base import GermanPatternRecognizer
from anonymizer.detection.recognizers.registry import register


@lru_cache(maxsize=1)
def offline_tldextract() -> tldextract.TLDExtract:
    """The bundled public suffix list: no fetch, no cache directory written."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def has_public_suffix(text: str) -> bool:
    """True when ``text`` ends in a registrable domain ("kita-sonne.de", not "z.B" or "x.local")."""
    parts = offline_tldextract()(text)
    return bool(parts.suffix and parts.domain)


def without_ibans(text: str) -> str:
    """``text`` with every IBAN blanked out, length kept: an IBAN's digit groups are no phone
    number, and a number written right after one is ("DE13 … 8595 75 0176 43218765")."""
    for start, end in iban_spans(text):
        text = text[:start] + "X" * (end - start) + text[end:]
    return text


@register
class GermanPhoneRecognizer(PhoneRecognizer):
    """German (and international) phone numbers, found and validated by Google's ``phonenumbers``.

    ``phonenumbers`` knows the German area codes and number lengths, so Aktenzeichen, IBAN
    fragments, amounts and years are rejected; written with an international prefix
    ("+49", "0049", "+90 ...") or as a mobile number a hit scores 0.75, a landline 0.6, and a
    context word ("Tel.", "Handy", "erreichbar") adds 0.35.
    """

    CONTEXT = [
        "tel", "telefon", "handy", "mobil", "erreichbar", "rufnummer", "fax", "festnetz", "anruf",
        "whatsapp", "signal", "nummer", "ruft", "rufen", "erreichen",
    ]
    MOBILE_OR_INTERNATIONAL_SCORE = 0.75
    LANDLINE_SCORE = 0.6
    # "03.05.2019" and "12.30" are valid digit sequences to phonenumbers; Germans write phone
    # numbers with spaces, slashes and hyphens, never with dots or colons.
    NOT_A_PHONE = regex.compile(r"[.:]")
    # Presidio's enhancer only reads the words before a hit; German often puts the verb after it:
    # "Sie ist unter 0176 ... erreichbar".
    CONTEXT_AFTER = regex.compile(r"[^.\n]{0,30}?\b(?:erreichbar|anrufen|anzurufen|zurückrufen)\b")
    CONTEXT_BOOST = 0.35

    def __init__(self) -> None:
        super().__init__(
            context=self.CONTEXT,
            supported_language="de",
            supported_regions=("DE",),
            leniency=Leniency.VALID,
            name=type(self).__name__,
        )

    # A run of digits and separators that starts like a phone number. phonenumbers reads
    # "0176 4321 0176 4321" as one over-long candidate and drops it, or "(0421) 361 23 45 0421 / 36 12 345"
    # as one number plus a rest; such runs are split into the numbers that cover most of them.
    # phonenumbers' own matcher then adds what the runs do not cover.
    DIGIT_RUN = regex.compile(r"(?<![\w+])(?<!\d[ /-])(?:\+|\(?0)[\d()/ -]{4,80}\d")
    MAX_GROUPS_PER_NUMBER = 6

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        searched = without_ibans(text)
        matches = [match for run in self.DIGIT_RUN.finditer(searched) for match in self._numbers_in_run(searched, *run.span())]
        matches += [
            match
            for match in phonenumbers.PhoneNumberMatcher(searched, "DE", leniency=self.leniency)
            if not self.NOT_A_PHONE.search(match.raw_string)
            and not any(match.start < other.end and other.start < match.end for other in matches)
        ]
        return [self._result(text, match) for match in matches]

    def _numbers_in_run(self, text: str, run_start: int, run_end: int) -> list[phonenumbers.PhoneNumberMatch]:
        """Split a run into valid numbers made of whole space-separated groups, covering the most groups."""
        groups = [(run_start + m.start(), run_start + m.end()) for m in regex.finditer(r"\S+", text[run_start:run_end])]
        # best[i]: (groups covered, -numbers used, numbers) for the groups from i on.
        best: list[tuple[int, int, list]] = [(0, 0, [])] * (len(groups) + 1)
        for first in range(len(groups) - 1, -1, -1):
            best[first] = best[first + 1]
            for last in range(first, min(len(groups), first + self.MAX_GROUPS_PER_NUMBER)):
                start, end = groups[first][0], groups[last][1]
                number = self._valid_number(text[start:end])
                if number is None:
                    continue
                covered, negative_count, numbers = best[last + 1]
                candidate = (covered + last - first + 1, negative_count - 1, numbers)
                if candidate[:2] > best[first][:2]:
                    match = phonenumbers.PhoneNumberMatch(start, text[start:end], number)
                    best[first] = (candidate[0], candidate[1], [match, *numbers])
        return best[0][2]

    def _valid_number(self, candidate: str) -> phonenumbers.PhoneNumber | None:
        if candidate[0] not in "+0(" or not candidate[-1].isdigit():
            return None
        try:
            number = phonenumbers.parse(candidate, "DE")
        except phonenumbers.NumberParseException:
            return None
        return number if phonenumbers.is_valid_number(number) else None

    def _result(self, text: str, match: phonenumbers.PhoneNumberMatch) -> RecognizerResult:
        score = self._score(match.raw_string, match.number)
        context_after = bool(self.CONTEXT_AFTER.match(text, match.end))
        if context_after:
            score = min(1.0, score + self.CONTEXT_BOOST)
        region = phonenumbers.region_code_for_number(match.number)
        return RecognizerResult(
            entity_type="PHONE_NUMBER",
            start=match.start,
            end=match.end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, textual_explanation=f"Telefonnummer ({region})"
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                # Presidio then leaves the score alone instead of adding a second boost.
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: context_after,
            },
        )

    def _score(self, raw: str, number: phonenumbers.PhoneNumber) -> float:
        international = raw.lstrip("(").startswith(("+", "00"))
        mobile = phonenumbers.number_type(number) == PhoneNumberType.MOBILE
        return self.MOBILE_OR_INTERNATIONAL_SCORE if international or mobile else self.LANDLINE_SCORE


EMAIL_LOCAL_PART = r"(?<![\w.+-])[\w+-](?:[\w.+-]{0,62}[\w+-])?"
EMAIL_TLD = r"[^\W\d_]{2,24}(?![\w-])"


@register
class GermanEmailRecognizer(GermanPatternRecognizer):
    """E-mail addresses. A known public suffix ("...@example.de") scores 1.0, others
    ("...@kita.local") keep 0.8: an "@" between a name and a dotted domain is rarely anything else.
    Spelled-out addresses against spam ("ayse.yilmaz(at)example.de", "[at] ... (dot) de") score 0.85."""

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [
        Pattern("E-Mail", rf"{EMAIL_LOCAL_PART}@(?:[\w-]{{1,63}}\.){{1,8}}{EMAIL_TLD}", 0.8),
        Pattern(
            "E-Mail (at)",
            rf"{EMAIL_LOCAL_PART}\s?[(\[]\s?(?i:at)\s?[)\]]\s?"
            rf"(?:[\w-]{{1,63}}(?:\.|\s?[(\[]\s?(?i:dot|punkt)\s?[)\]]\s?)){{1,8}}{EMAIL_TLD}",
            0.85,
        ),
    ]
    CONTEXT = ["mail", "kontakt", "schreib", "erreichbar"]

    def validate_result(self, pattern_text: str) -> bool | None:
        _, at, domain = pattern_text.rpartition("@")
        return True if at and has_public_suffix(domain) else None


# A path after a domain ends before trailing punctuation: "siehe www.kita.de/team." ends at "team".
URL_PATH = r"(?:/(?:[^\s<>\"'()]{0,2000}[^\s<>\"'().,;:!?])?)?"
DOMAIN_LABEL = r"[A-Za-z0-9ÄÖÜäöüß](?:[A-Za-z0-9ÄÖÜäöüß-]{0,61}[A-Za-z0-9ÄÖÜäöüß])?"


@register
class GermanUrlRecognizer(GermanPatternRecognizer):
    """Web addresses with a scheme (0.9), with "www." (0.8) or bare domains such as
    "kita-sonnenblume.de" (0.5). Candidates without a public suffix ("z.B", "bericht.final")
    are dropped; the domain of an e-mail address is left to the e-mail recognizer."""

    ENTITY = "URL"
    PATTERNS = [
        Pattern("URL mit Schema", r"(?<![\w@])(?i:https?|ftp)://[^\s<>\"'()]{0,2000}[^\s<>\"'().,;:!?]", 0.9),
        Pattern("URL mit www", rf"(?<![\w.@/-])(?i:www\d{{0,3}})\.(?:{DOMAIN_LABEL}\.){{1,6}}[a-z]{{2,24}}(?![\w@-]){URL_PATH}", 0.8),
        Pattern("Domain", rf"(?<![\w.@/-])(?:{DOMAIN_LABEL}\.){{1,6}}[a-z]{{2,24}}(?![\w@-]){URL_PATH}", 0.5),
    ]
    CONTEXT = ["internet", "website", "webseite", "homepage", "seite", "link", "online", "url"]

    def invalidate_result(self, pattern_text: str) -> bool:
        # With a scheme it is a URL even on an intranet host; without one it needs a real suffix.
        return "://" not in pattern_text and not has_public_suffix(pattern_text)
