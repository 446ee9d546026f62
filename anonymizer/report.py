"""What an anonymisation did, and what may still identify a family.

The report lists every replaced span (where, type, operator), counts per type, and warnings
about quasi-identifiers that remain in the output: a rare origin, an exact age, the number of
siblings, a job, a street name. Each alone is usually harmless; together they can point to one
family in a small town, so the report says so and leaves the decision to the author.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from faker.providers.address.de_DE import Provider as GermanAddresses
from pydantic import BaseModel

if TYPE_CHECKING:
    from anonymizer.anonymization import Replacement

QUASI_IDENTIFIERS = Path(__file__).parent / "data" / "quasi_identifiers.yaml"
RARE_ORIGIN = "herkunft"
COMBINATION = "kombination"


class ReportEntry(BaseModel):
    start: int
    end: int
    line: int
    label: str
    text: str
    replacement: str
    operator: str
    score: float
    recognizer: str


class QuasiIdentifierWarning(BaseModel):
    kind: str
    text: str
    line: int  # in the anonymised text
    message: str


class Report(BaseModel):
    policy: str
    counts: dict[str, int]
    entries: list[ReportEntry]
    warnings: list[QuasiIdentifierWarning]

    def to_text(self) -> str:
        """A German summary for the terminal."""
        lines = [f"Bericht (Richtlinie {self.policy}): {len(self.entries)} Stellen ersetzt"]
        lines += [f"  {label}: {count}" for label, count in sorted(self.counts.items())]
        lines.append("Ersetzungen:")
        lines += [
            f"  Zeile {e.line}: {e.label} {e.text!r} -> {e.replacement!r} ({e.operator}, {e.recognizer}, {e.score:.2f})"
            for e in self.entries
        ]
        if self.warnings:
            lines.append("Warnungen (Quasi-Identifikatoren im Ergebnis):")
            lines += [f"  {f'Zeile {w.line}' if w.line else 'Gesamt'}: {w.message}: {w.text!r}" for w in self.warnings]
        else:
            lines.append("Keine Warnungen.")
        return "\n".join(lines) + "\n"


class _Patterns(BaseModel):
    message: str
    patterns: list[str]


class _QuasiIdentifierFile(BaseModel):
    common_origins: list[str]
    origin_adjectives: list[str]
    kinds: dict[str, _Patterns]


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, str, re.Pattern[str]]]:
    """(kind, message, pattern) from the data file, plus one pattern for rare origins."""
    data = _QuasiIdentifierFile.model_validate(yaml.safe_load(QUASI_IDENTIFIERS.read_text(encoding="utf-8")))
    common = {word.casefold() for word in data.common_origins}
    countries = [c for c in GermanAddresses.countries if c.casefold() not in common]
    adjectives = [a for a in data.origin_adjectives if a.casefold() not in common]
    origin = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(countries, key=len, reverse=True))) + r")\b"
        r"|(?i:\b(?:" + "|".join(map(re.escape, adjectives)) + r")\w*)"
    )
    rules = [(RARE_ORIGIN, "Seltene Herkunft steht noch im Text", origin)]
    rules += [(kind, rule.message, re.compile(p)) for kind, rule in data.kinds.items() for p in rule.patterns]
    return rules


def quasi_identifier_warnings(output: str) -> list[QuasiIdentifierWarning]:
    warnings = []
    seen: dict[str, list[tuple[int, int]]] = {}  # one warning per place, even if two patterns match
    for kind, message, pattern in _rules():
        for match in pattern.finditer(output):
            spans = seen.setdefault(kind, [])
            if any(start < match.end() and match.start() < end for start, end in spans):
                continue
            spans.append(match.span())
            line = output.count("\n", 0, match.start()) + 1
            warnings.append(QuasiIdentifierWarning(kind=kind, text=match.group(), line=line, message=message))
    warnings.sort(key=lambda w: (w.line, w.kind))
    kinds = sorted({w.kind for w in warnings})
    if len(kinds) >= 2:
        warnings.append(
            QuasiIdentifierWarning(
                kind=COMBINATION,
                text=", ".join(kinds),
                line=0,
                message="Mehrere Quasi-Identifikatoren zusammen können eine Familie erkennbar machen",
            )
        )
    return warnings


def build_report(text: str, output: str, replacements: Iterable[Replacement], policy: str) -> Report:
    entries = [
        ReportEntry(
            start=r.start,
            end=r.end,
            line=text.count("\n", 0, r.start) + 1,
            label=r.label,
            text=r.original,
            replacement=r.replacement,
            operator=r.operator,
            score=r.score,
            recognizer=r.recognizer,
        )
        for r in replacements
    ]
    return Report(
        policy=policy,
        counts=dict(Counter(e.label for e in entries)),
        entries=entries,
        warnings=quasi_identifier_warnings(output),
    )
