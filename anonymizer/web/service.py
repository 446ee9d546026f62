"""The web layer's one bridge to the core: detection, anonymisation and the user's corrections.

Corrections apply to every mention: a kept word is never hidden anywhere in the text, a marked
word is hidden at each of its occurrences. All of this is computed in memory, per request.

The ``*_submission`` functions are the jobs the routes hand to the worker processes (``run_limited``):
each reads the submitted document, does the work and, on request, writes the processed Word file,
so that nothing of it runs in the event loop. They and their results travel pickled.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from anonymizer.anonymization import AnonymizedText, anonymize, detect, resolve_policy
from anonymizer.config import Settings
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import KeyConfigurationError, load_key
from anonymizer.db import database_url, get_engine
from anonymizer.detection import Finding, get_detector
from anonymizer.documents import Document
from anonymizer.errors import InputError
from anonymizer.minutes import MinutesReport, check_minutes
from anonymizer.policies import Policy, available_policies, named_policy
from anonymizer.web.processing import Submission, submitted_document

R = TypeVar("R")

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
    policy = chosen_policy(options.policy, settings)
    denied = {label: list(words) for label, words in policy.deny_list.items()}
    for mark in options.hide:
        denied.setdefault(mark.label, []).append(mark.text.strip())
    return policy.model_copy(update={"allow_list": [*policy.allow_list, *options.keep], "deny_list": denied})


def chosen_policy(name: str | None, settings: Settings) -> Policy:
    """A policy a web user named: by name, from the policy folder only. Without a name the configured
    default (set by the administrator, so it may also be a path)."""
    return named_policy(name, settings.policy_dir) if name else resolve_policy(None, settings)


@dataclass(frozen=True)
class Processed(Generic[R]):
    """A job's result, the text it worked on (an upload's text) and the processed Word file, if asked for."""

    text: str
    result: R
    docx: bytes | None = None


def analyze_submission(submission: Submission, settings: Settings) -> list[Finding]:
    text = submitted_document(submission).text
    return detect(text, corrected_policy(submission, settings), get_detector(settings), settings)


def anonymize_submission(
    submission: Submission, settings: Settings, institution: str, as_docx: bool = False
) -> Processed[AnonymizedText]:
    """``institution`` is the user's: ``encrypt`` spans and ``hash`` pseudonyms are bound to it."""
    document = submitted_document(submission)
    policy = corrected_policy(submission, settings)
    result = anonymize(document.text, policy, submission.options.operator, settings=settings,
                       institution=institution)
    replacements = [(r.start, r.end, r.replacement) for r in result.replacements]
    return Processed(document.text, result, render_docx(submission, document, replacements) if as_docx else None)


def check_submission(submission: Submission, settings: Settings, as_docx: bool = False, **options) -> Processed[MinutesReport]:
    """The minutes check (``options`` as for ``check_minutes``) against the register."""
    document = submitted_document(submission)
    report = check_minutes(document.text, _register(settings), settings=settings, **options)
    return Processed(document.text, report, render_docx(submission, document, report.replacements) if as_docx else None)


def _register(settings: Settings) -> ConsentStore | None:
    """The register, opened in the worker (the server migrated the database at start). Without a key
    the check still runs; it then says that consent could not be checked."""
    try:
        return ConsentStore(get_engine(database_url(settings)), load_key(settings))
    except KeyConfigurationError:
        return None


def render_docx(submission: Submission, document: Document, replacements: Iterable[tuple[int, int, str]]) -> bytes:
    """The uploaded Word file with ``(start, end, value)`` replaced; formatting and paragraphs kept."""
    if not submission.is_docx:
        raise InputError("Eine Word-Datei gibt es nur zurück, wenn eine hochgeladen wurde.")
    return document.render(replacements)


def policy_names(settings: Settings) -> list[str]:
    return available_policies(settings.policy_dir) or [settings.policy]


def operator_names() -> list[str]:
    import anonymizer.operators  # noqa: F401  (importing registers the operators)
    from anonymizer.operators.registry import OPERATORS

    return sorted(OPERATORS)
