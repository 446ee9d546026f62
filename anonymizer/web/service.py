"""The web layer's one bridge to the core: detection, anonymisation and the user's corrections.

Corrections apply to every mention: a kept word is never hidden anywhere in the text, a marked
word is hidden at each of its occurrences. All of this is computed in memory, per request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from anonymizer.detection import Finding, get_detector
from anonymizer.detection.findings import resolve_overlaps
from anonymizer.config import Settings
from anonymizer.web.processing import Document, Mark

# How the page names each type (plain German for educators, not the placeholder tokens).
LABEL_NAMES = {
    "PERSON": "Name",
    "ADDRESS": "Adresse",
    "LOCATION": "Ort",
    "PHONE_NUMBER": "Telefon",
    "EMAIL_ADDRESS": "E-Mail",
    "URL": "Internetadresse",
    "DATE_OF_BIRTH": "Geburtsdatum",
    "DATE_TIME": "Datum",
    "AGE": "Alter",
    "IBAN_CODE": "IBAN",
    "DE_TAX_ID": "Steuer-ID",
    "DE_HEALTH_INSURANCE_NUMBER": "Versichertennummer",
    "CASE_FILE_NUMBER": "Aktenzeichen",
    "DE_LICENSE_PLATE": "Kennzeichen",
    "DE_ID_DOCUMENT": "Ausweisnummer",
    "NRP": "Herkunft",
    "ORGANIZATION": "Einrichtung",
}


def marked_findings(text: str, marks: list[Mark]) -> list[Finding]:
    """A finding for every occurrence (whole words, any case) of each word the user marked."""
    found = []
    for mark in marks:
        pattern = re.compile(rf"(?<!\w){re.escape(mark.text.strip())}(?!\w)", re.IGNORECASE)
        found += [
            Finding(m.start(), m.end(), mark.label, 1.0, "Markierung", "von Hand markiert", m.group())
            for m in pattern.finditer(text)
        ]
    return found


def findings_for(document: Document, settings: Settings) -> list[Finding]:
    options = document.options
    detected = get_detector(settings).analyze(options.text, allow_list=options.keep)
    return resolve_overlaps(detected + marked_findings(options.text, options.hide), options.text)


@dataclass(frozen=True)
class Anonymized:
    text: str
    findings: list[Finding]
    report: dict | None


def anonymize_document(document: Document, settings: Settings) -> Anonymized:
    from anonymizer import anonymize

    options = document.options
    choices = {name: value for name, value in (("policy", options.policy), ("operator", options.operator)) if value}
    result = anonymize(options.text, **choices)
    report = getattr(result, "report", None)
    return Anonymized(result.text, result.findings, report.to_dict() if hasattr(report, "to_dict") else report)


def policy_names(settings: Settings) -> list[str]:
    from anonymizer.policies import available_policies

    return available_policies(settings.policy_dir) or [settings.policy]


def operator_names() -> list[str]:
    import anonymizer.operators  # noqa: F401  (importing registers the operators)
    from anonymizer.operators.registry import OPERATORS

    return sorted(OPERATORS)
