"""Consent endpoints under ``/api``: list, add, show, revoke, check, form, export, erase.

A user sees only what their institution may see: consents it registered or in which it is named
as a participant (``ConsentStore``'s ``visible_to``). Anything else answers 404, so that the API
does not even reveal that it exists.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from anonymizer.consent.form import consent_form
from anonymizer.consent.gate import check_meeting
from anonymizer.consent.rights import erase_family, export_family, export_html, reminders
from anonymizer.consent.schemas import ConsentInput, ConsentRecord, FamilyRecord, Member, validated
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import load_key_ring
from anonymizer.web.accounts import Permission, User
from anonymizer.web.auth import require
from anonymizer.web.problems import Problem
from anonymizer.web.protection import PRINTABLE_CSP

router = APIRouter(prefix="/api", tags=["Einwilligungen"])
Reader = Annotated[User, Depends(require(Permission.READ_CONSENTS))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_CONSENTS))]
NOT_FOUND = "Diesen Eintrag gibt es nicht, oder Ihre Einrichtung darf ihn nicht sehen."
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


def visible_consent(store: ConsentStore, user: User, consent_id: int) -> ConsentRecord:
    visible = {consent.id: consent for consent in store.consents(visible_to=user.institution.name)}
    if consent_id not in visible:
        raise Problem(404, NOT_FOUND)
    return visible[consent_id]


def visible_family(store: ConsentStore, user: User, family_id: int) -> FamilyRecord:
    visible = {family.id: family for family in store.families(visible_to=user.institution.name)}
    if family_id not in visible:
        raise Problem(404, NOT_FOUND)
    return visible[family_id]


class FamilyIn(BaseModel):
    members: list[Member] = Field(min_length=1)


class ConsentIn(ConsentInput):
    """A consent as ``kita-anon consent add`` takes it; the registering institution is the user's."""

    institution: None = Field(default=None, description="Nicht angeben: es ist immer Ihre Einrichtung.")


class RevocationIn(BaseModel):
    revoked_by: str = Field(description="Wer widerrufen hat, z. B. die Mutter.")
    reason: str | None = None


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
    visible_family(store, user, data["family_id"])
    return store.add_consent(validated(ConsentInput, {**data, "institution": user.institution.name}))


def revoke_consent(store: ConsentStore, user: User, consent_id: int, revocation: RevocationIn) -> ConsentRecord:
    visible_consent(store, user, consent_id)
    return store.revoke(consent_id, revocation.revoked_by, user.institution.name, revocation.reason)


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
    visible_family(store, user, family_id)
    data = export_family(store, family_id, institution=user.institution.name)
    return printable(export_html(data)) if format == "html" else JSONResponse(data)


@router.delete("/families/{family_id}", summary="Familie löschen (Art. 17 DSGVO)")
def erase(family_id: int, store: Store, user: Manager) -> dict:
    visible_family(store, user, family_id)
    return erase_family(store, family_id, user.institution.name)


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
    return visible_consent(store, user, consent_id)


@router.post("/consents/{consent_id}/revoke", response_model=ConsentRecord, summary="Einwilligung widerrufen")
def revoke(consent_id: int, body: RevocationIn, store: Store, user: Manager) -> ConsentRecord:
    return revoke_consent(store, user, consent_id, body)


@router.get("/consents/{consent_id}/form", response_class=HTMLResponse, summary="Einwilligungsformular zum Drucken")
def form(consent_id: int, store: Store, user: Reader, language: Literal["standard", "einfach"] = "standard") -> HTMLResponse:
    visible_consent(store, user, consent_id)
    return printable(consent_form(store, consent_id, language))


@router.post("/consents/check", response_model=DecisionOut, summary="Darf dieses gemeinsame Gespräch stattfinden?")
def check(body: CheckIn, store: Store, user: Reader) -> DecisionOut:
    visible_family(store, user, body.family_id)
    decision = check_meeting(store, body.family_id, body.participants, body.purpose,
                             body.date or dt.date.today(), institution=user.institution.name)
    return DecisionOut(allowed=decision.allowed, reason_code=decision.reason_code, reason=decision.reason,
                       consent_id=decision.consent_id)
