"""The German web page: login, Notiz anonymisieren, Protokoll prüfen, Einwilligungen, Hilfe.

Pages are server-rendered Jinja2 templates. The note and minutes pages call the JSON API from a
small script (``static/*.js``) with the session's CSRF token; the consent pages are plain forms.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from anonymizer.consent.languages import GERMAN, languages
from anonymizer.consent.schemas import ConsentInput, Member, validated
from anonymizer.consent.store import ConsentStore
from anonymizer.consent.vocabulary import get_vocabulary
from anonymizer.errors import InputError
from anonymizer.web.accounts import Permission, User, any_user, authenticate
from anonymizer.web.auth import (
    CSRF_FIELD,
    LoginRequired,
    PasswordChangeRequired,
    accounts_session,
    check_csrf,
    client_address,
    csrf_token,
    log_in,
    log_out,
    page_user,
)
from anonymizer.web.consents import RevocationIn, Store, add_consent, expiry_reminders, revoke_consent
from anonymizer.web.problems import Problem
from anonymizer.web.service import LABEL_NAMES, operator_names, policy_names
from anonymizer.web.throttle import LoginThrottle

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user)]
NAVIGATION: list[tuple[str, str, Permission | None]] = [  # (path, label, who sees it: None = everyone)
    ("/", "Notiz anonymisieren", None),
    ("/protokoll", "Protokoll prüfen", None),
    ("/einwilligungen", "Einwilligungen", None),
    ("/konten", "Konten", Permission.MANAGE_ACCOUNTS),
    ("/hilfe", "Hilfe", None),
]
SESSION_NOTICE = "notice"


def notify(request: Request, notice: str) -> None:
    """A success message for the next page shown (after a form's redirect), read out as a status."""
    request.session[SESSION_NOTICE] = notice


def render(request: Request, template: str, user: User | None = None, status_code: int = 200, **context) -> HTMLResponse:
    context |= {
        "user": user,
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "navigation": [(href, label) for href, label, permission in NAVIGATION
                       if user is not None and (permission is None or user.can(permission))],
        "path": request.url.path,
        "Permission": Permission,
        "notice": request.session.pop(SESSION_NOTICE, None),
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def safe_next(target: str | None) -> str:
    # Only paths on this site: never redirect a fresh login to another host. Browsers read a
    # backslash as a slash, so "/\\host" would be "//host" to them.
    target = target or "/"
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith(("//", "/\\")) and not parts.scheme and not parts.netloc
    return target if local else "/"


async def login_redirect(request: Request, _error: LoginRequired) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


async def password_change_redirect(request: Request, _error: PasswordChangeRequired) -> Response:
    return RedirectResponse("/passwort", status_code=303)


@router.get("/login")  # not async: it asks the database whether any account exists
def login_page(request: Request, next: str = "/") -> Response:
    with accounts_session(request) as session:
        if not any_user(session):  # the very first start: nobody could log in yet
            return RedirectResponse("/ersteinrichtung", status_code=303)
    return render(request, "login.html", next=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf_token)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = client_address(request)
    wait = throttle.admit(username, address)
    if wait:
        page = render(request, "login.html", status_code=429, next=safe_next(next),
                      error=f"Zu viele Fehlversuche. Bitte in {wait} Sekunden erneut versuchen.")
        page.headers["Retry-After"] = str(wait)
        return page
    with accounts_session(request) as session:
        user = authenticate(session, username, password)
    if user is None:
        return render(request, "login.html", status_code=401, next=safe_next(next),
                      error="Benutzername oder Passwort stimmt nicht.")
    throttle.succeeded(username, address)
    log_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")  # not async: it writes to the database, which must not block the event loop
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    log_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/")
async def note_page(request: Request, user: PageUser) -> HTMLResponse:
    settings = request.app.state.settings
    return render(request, "note.html", user, policies=policy_names(settings), default_policy=settings.policy,
                  operators=operator_names(), labels=LABEL_NAMES)


@router.get("/protokoll")
async def minutes_page(request: Request, user: PageUser) -> HTMLResponse:
    return render(request, "minutes.html", user)


@router.get("/hilfe")
async def help_page(request: Request, user: PageUser) -> HTMLResponse:
    return render(request, "help.html", user)


def consents_context(store: ConsentStore, user: User) -> dict:
    vocabulary = get_vocabulary()
    today = dt.date.today()
    families = {family.id: family for family in store.families(visible_to=user.institution.name)}
    return {
        "consents": store.consents(visible_to=user.institution.name),
        "families": families,
        "today": today,
        "reminders": expiry_reminders(store, user),
        "roles": vocabulary.roles,
        "categories": vocabulary.category_names,
        "forms": list(vocabulary.forms.values()),
        "explanations": list(vocabulary.explanations.values()),
        "revocation_channels": vocabulary.revocation_channels,
        "languages": languages(),
        "default_until": today.replace(year=today.year + 1),
    }


@router.get("/einwilligungen")
def consents_page(request: Request, user: PageUser, store: Store) -> HTMLResponse:
    return render(request, "consents.html", user, **consents_context(store, user))


def parse_members(lines: str) -> list[Member]:
    """One member per line: ``Name, Rolle`` (the role is optional)."""
    members = []
    for line in lines.splitlines():
        name, _, role = line.partition(",")
        if name.strip():
            members.append(validated(Member, {"name": name.strip(), "role": role.strip()}))
    return members


def register_from_form(store: ConsentStore, user: User, form: FormData) -> None:
    """Add the consent of the page's form, and first the new family if one is entered."""
    data = {
        "given_by": form.get("given_by", ""),
        "given_by_role": form.get("given_by_role", ""),
        "participants": [{"institution": line.strip()} for line in str(form.get("participants", "")).splitlines()
                         if line.strip()],
        "category": form.get("category", ""),
        "purpose": form.get("purpose", ""),
        "valid_from": form.get("valid_from", ""),
        "valid_until": form.get("valid_until", ""),
        "form": form.get("form", ""),
        "witness": form.get("witness") or None,
        "form_location": form.get("form_location") or None,
        "language": form.get("language") or GERMAN,
        "explanation": form.get("explanation") or None,
        "interpreter": form.get("interpreter") or None,
    }
    # Check the consent before registering a new family, so a mistake leaves nothing half-done.
    validated(ConsentInput, {**data, "family_id": 0, "institution": user.institution.name})
    family_id = str(form.get("family_id", "neu"))
    if family_id == "neu":
        family_id = str(store.add_family(parse_members(str(form.get("members", ""))), user.institution.name).id)
    if not family_id.isdigit():
        raise InputError("Bitte eine Familie auswählen.")
    add_consent(store, user, {**data, "family_id": int(family_id)})


@router.post("/einwilligungen")
async def add_consent_form(request: Request, user: PageUser, store: Store) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    if not user.can(Permission.MANAGE_CONSENTS):
        raise Problem(403, "Einwilligungen eintragen darf nur die Koordination.")
    try:
        await run_in_threadpool(register_from_form, store, user, form)
    except InputError as error:
        return render(request, "consents.html", user, status_code=422, error=str(error), **consents_context(store, user))
    return RedirectResponse("/einwilligungen", status_code=303)


@router.post("/einwilligungen/{consent_id}/widerruf")
def revoke_consent_form(
    request: Request,
    consent_id: int,
    user: PageUser,
    store: Store,
    revoked_by: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    if not user.can(Permission.MANAGE_CONSENTS):
        raise Problem(403, "Widerrufe eintragen darf nur die Koordination.")
    try:
        revoke_consent(store, user, consent_id, RevocationIn(revoked_by=revoked_by, reason=reason or None,
                                                                 channel=channel or None))
    except InputError as error:
        return render(request, "consents.html", user, status_code=422, error=str(error), **consents_context(store, user))
    return RedirectResponse("/einwilligungen", status_code=303)
