"""Consent endpoints under ``/api``: list, add, show, revoke, check, form, export, erase.

A user sees only what their institution may see (``anonymizer.consent.access``): the families and
consents it owns or is part of. Anything else answers 404, so that the API does not even reveal that
it exists. Export and erasure of a family are for its owner or the network coordination (403 for a
participant), and a participant may not add a consent that shows the family to a new institution.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from anonymizer.consent.access import check_may_add, family_rights_ground
from anonymizer.consent.form import consent_form, revocation_form
from anonymizer.consent.gate import check_meeting
from anonymizer.consent.languages import languages
from anonymizer.consent.rights import erase_family, export_family, export_html, reminders
from anonymizer.consent.schemas import (
    ConsentInput,
    ConsentRecord,
    ContactInput,
    ContactRecord,
    FamilyRecord,
    Member,
    validated,
)
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import load_key_ring
from anonymizer.web.accounts import Permission, User
from anonymizer.web.auth import require
from anonymizer.web.protection import PRINTABLE_CSP

router = APIRouter(prefix="/api", tags=["Einwilligungen"])
Reader = Annotated[User, Depends(require(Permission.READ_CONSENTS))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_CONSENTS))]
REMINDER_DAYS = 30


def consent_store(request: Request) -> ConsentStore:
    """The app's register, opened on first use (it needs the encryption key)."""
    state = request.app.state
    if getattr(state, "consent_store", None) is None:
        state.consent_store = ConsentStore(state.engine, load_key_ring(state.settings))
    return state.consent_store


Store = Annotated[ConsentStore, Depends(consent_store)]


def printable(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": PRINTABLE_CSP})


def rights_ground(store: ConsentStore, user: User, family_id: int) -> str:
    """Why this user may export or erase the family (audited); 404 or 403 if they may not."""
    return family_rights_ground(store, family_id, user.institution.name,
                                network_wide=user.can(Permission.FAMILY_RIGHTS_NETWORK_WIDE))


class FamilyIn(BaseModel):
    members: list[Member] = Field(min_length=1)


class ConsentIn(ConsentInput):
    """A consent as ``kita-anon consent add`` takes it; the registering institution is the user's."""

    institution: None = Field(default=None, description="Nicht angeben: es ist immer Ihre Einrichtung.")


class RevocationIn(BaseModel):
    revoked_by: str = Field(description="Wer widerrufen hat, z. B. die Mutter.")
    reason: str | None = None
    channel: str | None = Field(default=None, description="Wie der Widerruf kam: mündlich, Brief, E-Mail, ...")


class FormLanguageOut(BaseModel):
    code: str
    name: str
    german_name: str
    direction: str


class CheckIn(BaseModel):
    family_id: int
    participants: list[str] = Field(min_length=1, description="Einrichtungen, die am Gespräch teilnehmen.")
    purpose: str = Field(description="Zweck (Kategorie), z. B. Hilfeplanung.")
    date: dt.date | None = None


class DecisionOut(BaseModel):
    allowed: bool
    reason_code: str
    reason: str
    consent_id: int | None


class ReminderOut(BaseModel):
    consent_id: int
    family_id: int
    valid_until: dt.date
    days_left: int
    message: str


def add_consent(store: ConsentStore, user: User, data: dict) -> ConsentRecord:
    consent = validated(ConsentInput, {**data, "institution": user.institution.name})
    check_may_add(store, consent)
    return store.add_consent(consent)


def revoke_consent(store: ConsentStore, user: User, consent_id: int, revocation: RevocationIn) -> ConsentRecord:
    # Anyone the consent is shown to may record the family's revocation: it only ever narrows.
    store.consent(consent_id, visible_to=user.institution.name)
    return store.revoke(consent_id, revocation.revoked_by, user.institution.name, revocation.reason,
                        channel=revocation.channel)


def expiry_reminders(store: ConsentStore, user: User) -> list[ReminderOut]:
    found = reminders(store, REMINDER_DAYS, dt.date.today(), visible_to=user.institution.name)
    return [ReminderOut(**{k: getattr(r, k) for k in ("consent_id", "family_id", "valid_until", "days_left")},
                        message=r.message()) for r in found]


@router.get("/families", response_model=list[FamilyRecord], summary="Familien, die Ihre Einrichtung sieht")
def list_families(store: Store, user: Reader) -> list[FamilyRecord]:
    return store.families(visible_to=user.institution.name)


@router.post("/families", response_model=FamilyRecord, status_code=201, summary="Familie eintragen")
def add_family(body: FamilyIn, store: Store, user: Manager) -> FamilyRecord:
    return store.add_family(body.members, user.institution.name)


@router.get("/families/{family_id}/export", summary="Auskunft nach Art. 15 DSGVO (JSON oder HTML)")
def export(family_id: int, store: Store, user: Manager, format: Literal["json", "html"] = "json"):
    ground = rights_ground(store, user, family_id)
    data = export_family(store, family_id, institution=user.institution.name, acting_as=ground)
    return printable(export_html(data)) if format == "html" else JSONResponse(data)


@router.delete("/families/{family_id}", summary="Familie löschen (Art. 17 DSGVO)")
def erase(family_id: int, store: Store, user: Manager) -> dict:
    ground = rights_ground(store, user, family_id)
    return erase_family(store, family_id, user.institution.name, acting_as=ground)


@router.get("/consents", response_model=list[ConsentRecord], summary="Einwilligungen, die Ihre Einrichtung sieht")
def list_consents(store: Store, user: Reader, family_id: int | None = None) -> list[ConsentRecord]:
    return store.consents(visible_to=user.institution.name, family_id=family_id)


@router.post("/consents", response_model=ConsentRecord, status_code=201, summary="Einwilligung eintragen")
def create_consent(body: ConsentIn, store: Store, user: Manager) -> ConsentRecord:
    return add_consent(store, user, body.model_dump())


@router.get("/consents/expiring", response_model=list[ReminderOut], summary="Bald ablaufende Einwilligungen")
def expiring(store: Store, user: Reader) -> list[ReminderOut]:
    return expiry_reminders(store, user)


@router.get("/consents/{consent_id}", response_model=ConsentRecord, summary="Eine Einwilligung")
def show_consent(consent_id: int, store: Store, user: Reader) -> ConsentRecord:
    return store.consent(consent_id, visible_to=user.institution.name)


@router.post("/consents/{consent_id}/revoke", response_model=ConsentRecord, summary="Einwilligung widerrufen")
def revoke(consent_id: int, body: RevocationIn, store: Store, user: Manager) -> ConsentRecord:
    return revoke_consent(store, user, consent_id, body)


FormLanguage = Annotated[str | None, Query(
    max_length=20, description="Sprache neben Deutsch (siehe /api/form-languages); sonst die eingetragene.")]


@router.get("/form-languages", response_model=list[FormLanguageOut], summary="Sprachen der Formulare")
def form_languages(user: Reader) -> list[FormLanguageOut]:
    return [FormLanguageOut(code=code, name=lang.name, german_name=lang.german_name, direction=lang.direction)
            for code, lang in languages().items()]


@router.get("/consents/{consent_id}/form", response_class=HTMLResponse, summary="Einwilligungsformular zum Drucken")
def form(consent_id: int, store: Store, user: Reader, language: FormLanguage = None) -> HTMLResponse:
    store.consent(consent_id, visible_to=user.institution.name)
    return printable(consent_form(store, consent_id, language))


@router.get("/consents/{consent_id}/revocation-form", response_class=HTMLResponse,
            summary="Widerrufsformular zum Drucken")
def revocation_slip(consent_id: int, store: Store, user: Reader, language: FormLanguage = None) -> HTMLResponse:
    store.consent(consent_id, visible_to=user.institution.name)
    return printable(revocation_form(store, consent_id, language))


@router.get("/institution/contact", response_model=ContactRecord | None,
            summary="Kontakt Ihrer Einrichtung für Widerruf und Fragen")
def get_contact(store: Store, user: Reader) -> ContactRecord | None:
    return store.contact(user.institution.name)


@router.put("/institution/contact", response_model=ContactRecord,
            summary="Kontakt Ihrer Einrichtung für Widerruf und Fragen festlegen (steht auf jedem Formular)")
def put_contact(body: ContactInput, store: Store, user: Manager) -> ContactRecord:
    return store.set_contact(user.institution.name, body)


@router.post("/consents/check", response_model=DecisionOut, summary="Darf dieses gemeinsame Gespräch stattfinden?")
def check(body: CheckIn, store: Store, user: Reader) -> DecisionOut:
    decision = check_meeting(store, body.family_id, body.participants, body.purpose, body.date or dt.date.today(),
                             institution=user.institution.name, visible_to=user.institution.name)
    return DecisionOut(allowed=decision.allowed, reason_code=decision.reason_code, reason=decision.reason,
                       consent_id=decision.consent_id)
