"""Who is asking: a session cookie (the page) or a Bearer token (scripts); CSRF for the session.

The session cookie is signed by Starlette's ``SessionMiddleware`` (itsdangerous), HttpOnly and
SameSite=Strict (and Secure behind TLS), and holds only the key of a server-side session (see
``accounts.WebSession``) and the CSRF token. Every state-changing request that rides on the cookie
must also carry that CSRF token (form field or ``X-CSRF-Token`` header); a Bearer request cannot be
forged by another site, so it needs none.
"""
from __future__ import annotations

import hmac
import secrets
from contextlib import AbstractContextManager
from pathlib import Path

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from anonymizer.config import Settings
from anonymizer.db import transaction
from anonymizer.web.accounts import (
    Permission,
    User,
    end_session,
    start_session,
    user_for_session,
    user_for_token,
)
from anonymizer.web.problems import Problem

SESSION_KEY = "session"
SESSION_CSRF = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SECRET_FILE_NAME = "session-secret"


class LoginRequired(Exception):
    """A page was asked for without a session: the page answers with a redirect to the login."""


class PasswordChangeRequired(Exception):
    """The user still has a first password that someone else set: the page sends them to change it."""


def session_secret(settings: Settings) -> str:
    """The configured secret, or one generated once and kept (owner-only) in the data directory."""
    if settings.session_secret:
        return settings.session_secret
    path: Path = settings.data_dir / SECRET_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="ascii") as handle:
            path.chmod(0o600)
            handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def accounts_session(request: Request) -> AbstractContextManager[Session]:
    """A short transaction for account look-ups. Never held across a request: on SQLite every
    transaction takes the write lock, and the consent register needs it during the request."""
    return transaction(request.app.state.engine)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (also before login, for the login form)."""
    if SESSION_CSRF not in request.session:
        request.session[SESSION_CSRF] = secrets.token_urlsafe(32)
    return request.session[SESSION_CSRF]


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get(SESSION_CSRF)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise Problem(403, "Sicherheitsprüfung fehlgeschlagen (CSRF). Bitte die Seite neu laden.")


def _bearer(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def _session_user(request: Request, session: Session) -> User | None:
    key = request.session.get(SESSION_KEY)
    return user_for_session(session, key) if isinstance(key, str) else None


def api_user(request: Request) -> User:
    """The user of an API request: by Bearer token, or by session cookie plus CSRF header."""
    token = _bearer(request)
    with accounts_session(request) as session:
        user = user_for_token(session, token) if token is not None else _session_user(request, session)
    if token is not None and user is None:
        raise Problem(401, "Der API-Schlüssel ist ungültig.", {"WWW-Authenticate": "Bearer"})
    if user is None:
        raise Problem(401, "Bitte melden Sie sich an oder senden Sie einen API-Schlüssel.", {"WWW-Authenticate": "Bearer"})
    if token is None and user.must_change_password:
        raise Problem(403, "Bitte ändern Sie zuerst Ihr Passwort (Seite „Passwort ändern“).")
    if token is None and request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return user


def logged_in_user(request: Request) -> User:
    """The page's user, also one who must still change the first password (for that very page)."""
    with accounts_session(request) as session:
        user = _session_user(request, session)
    if user is None:
        raise LoginRequired()
    return user


def page_user(request: Request) -> User:
    user = logged_in_user(request)
    if user.must_change_password:
        raise PasswordChangeRequired()
    return user


def require(permission: Permission):
    """A dependency that returns the API user if their role grants ``permission``, else 403."""

    def dependency(user: User = Depends(api_user)) -> User:
        if not user.can(permission):
            raise Problem(403, "Dafür fehlt Ihrer Rolle die Berechtigung.")
        return user

    return dependency


def client_address(request: Request) -> str:
    # Behind a reverse proxy uvicorn already put the forwarded address here (--forwarded-allow-ips).
    return request.client.host if request.client else "unbekannt"


def log_in(request: Request, user: User) -> None:
    # A fresh session on login: no session fixation, a new CSRF token.
    with accounts_session(request) as session:
        _end_cookie_session(request, session)
        key = start_session(session, user)
    request.session.clear()
    request.session[SESSION_KEY] = key
    csrf_token(request)


def log_out(request: Request) -> None:
    with accounts_session(request) as session:
        _end_cookie_session(request, session)
    request.session.clear()


def _end_cookie_session(request: Request, session: Session) -> None:
    """End the server-side session the cookie points to, if any: a copy of the cookie stops working."""
    key = request.session.get(SESSION_KEY)
    if isinstance(key, str):
        end_session(session, key)
