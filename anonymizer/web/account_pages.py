"""Accounts in the browser: the first run ("Ersteinrichtung"), the own password, the colleagues ("Konten").

Plain forms like the consent pages: CSRF token in a hidden field, a redirect with a success message
after a change, the same page with a German error (and the typed input, never a password) otherwise.
Every change to an account is audited by ids (``accounts.audit``); passwords go only into the hash.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from anonymizer.errors import InputError
from anonymizer.web.accounts import (
    ROLE_NAMES,
    AccountAction,
    Permission,
    User,
    any_user,
    audit,
    authenticate,
    change_password,
    create_user,
    set_active,
    users_of,
)
from anonymizer.web.auth import accounts_session, check_csrf, client_address, log_in, logged_in_user, page_user
from anonymizer.web.first_run import code_file, use_setup_code
from anonymizer.web.pages import notify, render
from anonymizer.web.problems import Problem
from anonymizer.web.roles import Role
from anonymizer.web.throttle import LoginThrottle

router = APIRouter(include_in_schema=False)
# A coordinator adds colleagues of the own institution; the network coordination is set up by the CLI.
ASSIGNABLE_ROLES = {role.value: ROLE_NAMES[role] for role in (Role.FACHKRAFT, Role.KOORDINATION)}
TextField = Annotated[str, Form()]


def _throttle(request: Request) -> LoginThrottle:
    return request.app.state.login_throttle


def _too_many(wait: int) -> str:
    return f"Zu viele Fehlversuche. Bitte in {wait} Sekunden erneut versuchen."


def _check_repeated(password: str, repeated: str) -> None:
    if password != repeated:
        raise InputError("Die beiden Passwörter stimmen nicht überein.")


@router.get("/ersteinrichtung")
def first_run_page(request: Request) -> Response:
    with accounts_session(request) as session:
        if any_user(session):
            return RedirectResponse("/login", status_code=303)
    return render(request, "first_run.html", form={})


@router.post("/ersteinrichtung")
def first_run(
    request: Request,
    setup_code: TextField = "",
    institution: TextField = "",
    display_name: TextField = "",
    username: TextField = "",
    password: TextField = "",
    password_repeat: TextField = "",
    csrf_token: TextField = "",
) -> Response:
    check_csrf(request, csrf_token)
    typed = {"institution": institution, "display_name": display_name, "username": username}
    wait = _throttle(request).admit_setup_code(client_address(request))
    if wait:
        page = render(request, "first_run.html", status_code=429, error=_too_many(wait), form=typed)
        page.headers["Retry-After"] = str(wait)
        return page
    try:
        _check_repeated(password, password_repeat)
        # One transaction: a refused input leaves the code unused, a used code leaves a coordinator.
        with accounts_session(request) as session:
            if any_user(session):
                return RedirectResponse("/login", status_code=303)
            if not use_setup_code(session, setup_code):
                raise InputError("Der Einrichtungscode stimmt nicht. Er steht in der Ausgabe von "
                                 "„kita-anon serve“ und in der Datei „ersteinrichtung-code“ im Datenverzeichnis.")
            user = create_user(session, username, password, Role.KOORDINATION, institution, display_name)
            audit(session, None, user, AccountAction.FIRST_RUN)
    except InputError as error:
        return render(request, "first_run.html", status_code=422, error=str(error), form=typed)
    code_file(request.app.state.settings.data_dir).unlink(missing_ok=True)
    log_in(request, user)
    notify(request, f"Willkommen, {user.display_name}! Unter „Konten“ legen Sie Ihre Kolleginnen und Kollegen an.")
    return RedirectResponse("/", status_code=303)


LoggedInUser = Annotated[User, Depends(logged_in_user)]


@router.get("/passwort")
def password_page(request: Request, user: LoggedInUser) -> Response:
    return render(request, "password.html", user)


@router.post("/passwort")
def own_password(
    request: Request,
    user: LoggedInUser,
    current_password: TextField = "",
    new_password: TextField = "",
    new_password_repeat: TextField = "",
    csrf_token: TextField = "",
) -> Response:
    check_csrf(request, csrf_token)
    throttle, address = _throttle(request), client_address(request)
    wait = throttle.admit(user.username, address)  # a left-open browser must not become a guessing machine
    if wait:
        return render(request, "password.html", user, status_code=429, error=_too_many(wait))
    try:
        _check_repeated(new_password, new_password_repeat)
        if user.must_change_password and new_password == current_password:
            raise InputError("Bitte ein neues Passwort wählen, nicht das erhaltene.")
        with accounts_session(request) as session:
            if authenticate(session, user.username, current_password) is None:
                raise InputError("Das bisherige Passwort stimmt nicht.")
            own = session.get(User, user.id)
            change_password(session, own, new_password)
            audit(session, own, own, AccountAction.PASSWORD_CHANGED)
    except InputError as error:
        return render(request, "password.html", user, status_code=422, error=str(error))
    throttle.succeeded(user.username, address)
    log_in(request, own)  # changing the password ended every session, this one too
    notify(request, "Ihr Passwort ist geändert.")
    return RedirectResponse("/", status_code=303)


def coordinator(user: Annotated[User, Depends(page_user)]) -> User:
    if not user.can(Permission.MANAGE_ACCOUNTS):
        raise Problem(403, "Konten verwalten darf nur die Koordination.")
    return user


Coordinator = Annotated[User, Depends(coordinator)]


def _accounts_page(request: Request, user: User, status_code: int = 200, error: str | None = None,
                   form: dict | None = None) -> Response:
    with accounts_session(request) as session:
        colleagues = users_of(session, user.institution)
    return render(request, "accounts.html", user, status_code=status_code, error=error, colleagues=colleagues,
                  roles=ASSIGNABLE_ROLES, form=form or {"role": Role.FACHKRAFT.value})


@router.get("/konten")
def accounts_page(request: Request, user: Coordinator) -> Response:
    return _accounts_page(request, user)


@router.post("/konten")
def add_colleague(
    request: Request,
    user: Coordinator,
    username: TextField = "",
    display_name: TextField = "",
    role: TextField = "",
    password: TextField = "",
    csrf_token: TextField = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        if role not in ASSIGNABLE_ROLES:
            raise InputError("Bitte eine Rolle wählen: Fachkraft oder Koordination.")
        with accounts_session(request) as session:
            colleague = create_user(session, username, password, Role(role), user.institution.name, display_name,
                                    must_change_password=True)
            audit(session, user, colleague, AccountAction.CREATED)
    except InputError as error:
        typed = {"username": username, "display_name": display_name, "role": role}
        return _accounts_page(request, user, 422, str(error), typed)
    notify(request, f"Konto „{colleague.username}“ angelegt. Beim ersten Anmelden wählt "
                    f"{colleague.display_name} ein eigenes Passwort.")
    return RedirectResponse("/konten", status_code=303)


def _colleague(session: Session, user: User, colleague_id: int) -> User:
    """A user of the coordinator's own institution; any other is "not found", like a missing one."""
    colleague = session.get(User, colleague_id)
    if colleague is None or colleague.institution_id != user.institution_id:
        raise Problem(404, "Dieses Konto gibt es in Ihrer Einrichtung nicht.")
    return colleague


@router.post("/konten/{colleague_id}/passwort")
def reset_password(
    request: Request, colleague_id: int, user: Coordinator, password: TextField = "", csrf_token: TextField = ""
) -> Response:
    check_csrf(request, csrf_token)
    try:
        with accounts_session(request) as session:
            colleague = _colleague(session, user, colleague_id)
            change_password(session, colleague, password, must_change=True)
            audit(session, user, colleague, AccountAction.PASSWORD_RESET)
    except InputError as error:
        return _accounts_page(request, user, 422, str(error))
    notify(request, f"Neues Passwort für „{colleague.username}“ gesetzt; beim Anmelden wird es ersetzt.")
    return RedirectResponse("/konten", status_code=303)


@router.post("/konten/{colleague_id}/entsperren")
def unlock(request: Request, colleague_id: int, user: Coordinator, csrf_token: TextField = "") -> Response:
    check_csrf(request, csrf_token)
    with accounts_session(request) as session:
        colleague = _colleague(session, user, colleague_id)
        audit(session, user, colleague, AccountAction.UNLOCKED)
    _throttle(request).forget_name(colleague.username)
    notify(request, f"„{colleague.username}“ kann sich sofort wieder anmelden.")
    return RedirectResponse("/konten", status_code=303)


@router.post("/konten/{colleague_id}/aktiv")
def activate(
    request: Request, colleague_id: int, user: Coordinator, active: TextField = "", csrf_token: TextField = ""
) -> Response:
    check_csrf(request, csrf_token)
    wanted = active == "ja"
    if colleague_id == user.id and not wanted:
        return _accounts_page(request, user, 422, "Das eigene Konto kann man nicht selbst deaktivieren.")
    with accounts_session(request) as session:
        colleague = _colleague(session, user, colleague_id)
        set_active(session, colleague, wanted)
        audit(session, user, colleague, AccountAction.ACTIVATED if wanted else AccountAction.DEACTIVATED)
    notify(request, f"„{colleague.username}“ ist " + ("wieder aktiv." if wanted else "deaktiviert; offene Sitzungen sind beendet."))
    return RedirectResponse("/konten", status_code=303)
