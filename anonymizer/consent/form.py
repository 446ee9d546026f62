"""Printable forms for the family: the consent form (with the information under Art. 13 DSGVO) and
the revocation slip, in the family's language beside the binding German text.

The consent form printed in the language the consent was recorded with reproduces the exact wording
stored with it (what the family signed). Printed in another language it is the current wording,
marked as a preview: that sheet is not the one the register says was signed.
"""
from __future__ import annotations

from anonymizer.consent.languages import GERMAN, FormWording, current_wording, language, languages
from anonymizer.consent.schemas import ConsentRecord
from anonymizer.consent.store import ConsentStore
from anonymizer.consent.templates import german_date, render


def consent_form(store: ConsentStore, consent_id: int, language_code: str | None = None) -> str:
    consent = store.consent(consent_id)
    recorded = consent.language or GERMAN
    printed = language(language_code).code if language_code else recorded
    signed = store.signed_wording(consent_id) if printed == recorded else None
    wording = signed or current_wording(printed)
    return _render("formular.html", store, consent, wording, preview=printed != recorded,
                   version=consent.form_version if signed else None)


def revocation_form(store: ConsentStore, consent_id: int, language_code: str | None = None) -> str:
    """A slip the family fills in to revoke; always the current wording (it is a new document)."""
    consent = store.consent(consent_id)
    wording = current_wording(language_code or consent.language or GERMAN)
    return _render("widerruf.html", store, consent, wording, preview=False, version=None)


def _render(template: str, store: ConsentStore, consent: ConsentRecord, wording: FormWording, preview: bool,
            version: int | None) -> str:
    values = {
        "institution": consent.institution, "consent_id": consent.id,
        "valid_from": german_date(consent.valid_from), "valid_until": german_date(consent.valid_until),
        "given_by": consent.given_by, "given_by_role": consent.given_by_role,
    }
    columns = [(languages()[wording.language], wording.family)]
    if wording.german is not None:
        columns.append((languages()[GERMAN], wording.german))
    return render(template, consent=consent, family=store.family(consent.family_id), columns=columns,
                  values=values, contact=store.contact(consent.institution), preview=preview, version=version,
                  sha256=wording.sha256)
