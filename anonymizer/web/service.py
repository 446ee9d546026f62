"""The web layer's one bridge to the core: detection, anonymisation and the user's corrections.

Corrections apply to every mention: a kept word is never hidden anywhere in the text, a marked
word is hidden at each of its occurrences. All of this is computed in memory, per request.
"""
from __future__ import annotations

from collections.abc import Iterable

from anonymizer.anonymization import AnonymizedText, anonymize, detect, resolve_policy
from anonymizer.config import Settings
from anonymizer.detection import Finding, get_detector
from anonymizer.documents import read_docx
from anonymizer.errors import InputError
from anonymizer.policies import Policy, available_policies
from anonymizer.web.processing import Submission

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


def corrected_policy(submission: Submission, settings: Settings) -> Policy:
    """The chosen policy plus the user's corrections: kept words join its allow list, marked words
    its deny list (which matches every mention and spelling variant, as for any listed name)."""
    options = submission.options
    policy = resolve_policy(options.policy, settings)
    denied = {label: list(words) for label, words in policy.deny_list.items()}
    for mark in options.hide:
        denied.setdefault(mark.label, []).append(mark.text.strip())
    return policy.model_copy(update={"allow_list": [*policy.allow_list, *options.keep], "deny_list": denied})


def findings_for(submission: Submission, settings: Settings) -> list[Finding]:
    policy = corrected_policy(submission, settings)
    return detect(submission.options.text, policy, get_detector(settings), settings)


def anonymize_submission(submission: Submission, settings: Settings, institution: str) -> AnonymizedText:
    """``institution`` is the user's: ``encrypt`` spans and ``hash`` pseudonyms are bound to it."""
    policy = corrected_policy(submission, settings)
    return anonymize(submission.options.text, policy, submission.options.operator, settings=settings,
                     institution=institution)


def render_docx(submission: Submission, replacements: Iterable[tuple[int, int, str]]) -> bytes:
    """The uploaded Word file with ``(start, end, value)`` replaced; formatting and paragraphs kept."""
    if submission.docx is None:
        raise InputError("Eine Word-Datei gibt es nur zurück, wenn eine hochgeladen wurde.")
    return read_docx(submission.docx, submission.filename or "Datei").render(replacements)


def policy_names(settings: Settings) -> list[str]:
    return available_policies(settings.policy_dir) or [settings.policy]


def operator_names() -> list[str]:
    import anonymizer.operators  # noqa: F401  (importing registers the operators)
    from anonymizer.operators.registry import OPERATORS

    return sorted(OPERATORS)
