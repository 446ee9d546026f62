"""Replace what detection found. For now every finding becomes a numbered placeholder."""
from __future__ import annotations

from dataclasses import dataclass

from anonymizer.detection import Finding, get_detector

GERMAN_LABELS = {
    "PERSON": "PERSON",
    "ADDRESS": "ADRESSE",
    "LOCATION": "ORT",
    "PHONE_NUMBER": "TELEFON",
    "EMAIL_ADDRESS": "E-MAIL",
    "URL": "URL",
    "DATE_OF_BIRTH": "GEBURTSDATUM",
    "DATE_TIME": "DATUM",
    "AGE": "ALTER",
    "IBAN_CODE": "IBAN",
    "DE_TAX_ID": "STEUER-ID",
    "DE_HEALTH_INSURANCE_NUMBER": "KV-NUMMER",
    "CASE_FILE_NUMBER": "AKTENZEICHEN",
    "DE_LICENSE_PLATE": "KENNZEICHEN",
    "DE_ID_DOCUMENT": "AUSWEIS",
    "NRP": "HERKUNFT",
    "ORGANIZATION": "ORGANISATION",
}


@dataclass(frozen=True)
class AnonymizedText:
    text: str
    findings: list[Finding]


def anonymize(text: str) -> AnonymizedText:
    findings = get_detector().analyze(text)
    numbers: dict[tuple[str, str], int] = {}
    counters: dict[str, int] = {}
    pieces, cursor = [], 0
    for finding in findings:
        key = (finding.label, finding.text.casefold())
        if key not in numbers:
            counters[finding.label] = counters.get(finding.label, 0) + 1
            numbers[key] = counters[finding.label]
        label = GERMAN_LABELS.get(finding.label, finding.label)
        pieces += [text[cursor : finding.start], f"[{label}_{numbers[key]}]"]
        cursor = finding.end
    pieces.append(text[cursor:])
    return AnonymizedText(text="".join(pieces), findings=findings)
