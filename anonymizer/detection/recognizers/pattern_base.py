"""The shared base of the German regex recognizers (address, contact, dates, ids).

Scores follow one scale, so that a policy threshold means the same for every label:

* 0.85-1.0: checksum-validated (IBAN, Steuer-ID, KVNR) or the context is part of the pattern
  ("geb. 03.05.2019", "Az. 51-2024-0815", "Ausweisnummer L01X00T47", "Lindenstraße 14, 28217 Bremen").
* 0.5-0.8: the shape alone is typical ("Lindenstraße 14", "03.05.2019", "4 Jahre"); Presidio's
  context enhancer adds 0.35 when one of the recognizer's ``CONTEXT`` words stands up to five
  words before the hit.
* 0.4 and below: possible but ambiguous shapes ("B AB 1234" without a word like "Kennzeichen").

Every quantifier is bounded and no pattern nests unbounded repetitions, so a long pathological
input (one megabyte of digits or capitals) is scanned in linear time.
"""
from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# German capitalises nouns and names: case is information, so patterns are case-sensitive and
# say (?i:...) where case does not matter.
CASE_SENSITIVE = regex.MULTILINE | regex.UNICODE

# Numbers that count things, times, money or pages are never a house number, age or plate.
NOT_A_QUANTITY = (
    r"(?!\s{0,2}(?:Uhr|h\b|Min|Std|Stunden|Minuten|Kinder|Personen|Euro|EUR|€|%|Prozent|Seiten?\b"
    r"|S\.|Tage|Wochen|Plätze|Stück|x\b|mal\b))"
)


def one_of(words: list[str] | tuple[str, ...]) -> str:
    """A non-capturing alternation of literal words, longest first so that none shadows another."""
    return "(?:" + "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"


class GermanPatternRecognizer(PatternRecognizer):
    """A case-sensitive German ``PatternRecognizer`` described by class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` and, where Presidio's context enhancer should raise
    the score, ``CONTEXT``. Patterns that carry their context in a look-behind leave ``CONTEXT``
    empty, so that the context is not counted twice.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language="de",
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT) or None,
            global_regex_flags=CASE_SENSITIVE,
        )
