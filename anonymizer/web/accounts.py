"""Who may use the service: institutions, their users (with a role), API tokens and page sessions.

Passwords are stored as argon2 hashes. API tokens and session keys are long random strings; only
their SHA-256 is stored (a slow hash is not needed: they have 256 bits of entropy, not a password's
few). A session lives in the database, so logging out, deactivating a user or changing a password
ends it on the server: a copied cookie is worth nothing afterwards.

User names are compared in one spelling (``normalize_username``), wherever they come from.
A first password that a coordinator sets (``must_change_password``) has to be replaced by the user
before anything else. Every change to an account is audited (``AccountEvent``): who did what to
whom, by id, never a name or a password.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from anonymizer.db import Base
from anonymizer.errors import InputError
from anonymizer.web.roles import Role

TOKEN_PREFIX = "ka_"
MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = 100
SESSION_LIFETIME = dt.timedelta(hours=8)
MAX_SESSIONS_PER_USER = 10  # older ones end: logging in again and again cannot fill the table
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the answer time the same either way.
_DUMMY_HASH = _hasher.hash("kein-benutzer-vorhanden")


class Permission(StrEnum):
    ANONYMIZE = "anonymize"
    CHECK_MINUTES = "check_minutes"
    READ_CONSENTS = "read_consents"
    MANAGE_CONSENTS = "manage_consents"
    # Export (Art. 15) and erase (Art. 17) a family that another institution registered: the
    # network coordination answers a family's request when the owning institution cannot.
    FAMILY_RIGHTS_NETWORK_WIDE = "family_rights_network_wide"
    MANAGE_ACCOUNTS = "manage_accounts"  # the colleagues of the own institution


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FACHKRAFT: frozenset({Permission.ANONYMIZE, Permission.CHECK_MINUTES, Permission.READ_CONSENTS}),
    Role.KOORDINATION: frozenset(Permission) - {Permission.FAMILY_RIGHTS_NETWORK_WIDE},
    Role.NETZWERKKOORDINATION: frozenset(Permission),
}
ROLE_NAMES = {Role.FACHKRAFT: "Fachkraft", Role.KOORDINATION: "Koordination",
              Role.NETZWERKKOORDINATION: "Netzwerkkoordination"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def normalize_username(username: str) -> str:
    """The one spelling of a user name: compatibility forms unified (NFKC: full-width letters,
    ligatures), case folded, no spaces at the ends; " Kora " and "KORA" are the same user."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold()).strip()


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The same name the consent register uses for participants and for who registered a consent.
    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_USERNAME_LENGTH), unique=True)  # normalize_username
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by a coordinator's first or reset password: known to two people until the user replaces it.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    institution: Mapped[Institution] = relationship(lazy="joined")

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[Role(self.role)]

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[Role(self.role)]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    user: Mapped[User] = relationship(lazy="joined")


class WebSession(Base):
    """A logged-in browser. The cookie holds the key; a row that is gone ends the session."""

    __tablename__ = "web_sessions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)

    user: Mapped[User] = relationship(lazy="joined")


class AccountAction(StrEnum):
    FIRST_RUN = "first_run"  # the first coordinator, created with the setup code
    CREATED = "created"
    PASSWORD_RESET = "password_reset"  # by a coordinator: a new first password
    PASSWORD_CHANGED = "password_changed"  # by the user themself
    UNLOCKED = "unlocked"
    DEACTIVATED = "deactivated"
    ACTIVATED = "activated"


class AccountEvent(Base):
    """One change to an account: ids and the action only, so the log holds no names and no passwords."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(20))


def audit(session: Session, actor: User | None, user: User, action: AccountAction) -> None:
    session.add(AccountEvent(actor_id=actor.id if actor else None, user_id=user.id, action=action.value))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def get_or_create_institution(session: Session, name: str) -> Institution:
    name = name.strip()
    if not name:
        raise InputError("Der Name der Einrichtung fehlt.")
    institution = session.scalar(select(Institution).where(Institution.name == name))
    if institution is None:
        institution = Institution(name=name)
        session.add(institution)
    return institution


def create_user(
    session: Session, username: str, password: str, role: Role, institution: str, display_name: str = "",
    must_change_password: bool = False,
) -> User:
    spelled = username.strip()
    username = normalize_username(username)
    if not username:
        raise InputError("Der Benutzername fehlt.")
    if len(username) > MAX_USERNAME_LENGTH:
        raise InputError(f"Der Benutzername darf höchstens {MAX_USERNAME_LENGTH} Zeichen lang sein.")
    _check_password(password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise InputError(f"Den Benutzer '{username}' gibt es schon.")
    user = User(
        username=username,
        display_name=display_name.strip() or spelled,
        password_hash=_hasher.hash(password),
        role=Role(role).value,
        institution=get_or_create_institution(session, institution),
        active=True,
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(
        select(User).where(User.username == normalize_username(username), User.active.is_(True))
    )
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is not None and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def create_api_token(session: Session, user: User, name: str) -> str:
    """A new token for ``user``; the returned string is shown once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name.strip() or "Skript", token_hash=_digest(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    return record.user if record is not None and record.user.active else None


def api_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_api_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Delete one of ``user``'s tokens; another user's token is "not found", like a missing one."""
    record = session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if record is None:
        raise InputError(f"Einen API-Schlüssel {token_id} gibt es für '{user.username}' nicht.")
    session.delete(record)
    session.flush()
    return record


def find_user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise InputError(f"Den Benutzer '{username.strip()}' gibt es nicht.")
    return user


def change_password(session: Session, user: User, password: str, must_change: bool = False) -> None:
    """A new password; every session of the user ends (whoever knew the old one is logged out).
    ``must_change``: a first password set by someone else, which the user replaces at the next login."""
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.must_change_password = must_change
    end_all_sessions(session, user)


def users_of(session: Session, institution: Institution) -> list[User]:
    return list(session.scalars(select(User).where(User.institution_id == institution.id).order_by(User.username)))


def any_user(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def set_active(session: Session, user: User, active: bool) -> None:
    """A deactivated user can neither log in nor use a token, and their open sessions end now."""
    user.active = active
    if not active:
        end_all_sessions(session, user)


def start_session(session: Session, user: User) -> str:
    """A new session for ``user``; the returned key goes into the cookie and is never stored."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # to the microsecond: "newest" needs an order
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))  # keeps the table small
    key = secrets.token_urlsafe(32)
    session.add(WebSession(key_hash=_digest(key), user_id=user.id, created_at=now, expires_at=now + SESSION_LIFETIME))
    session.flush()
    newest = (select(WebSession.key_hash).where(WebSession.user_id == user.id)
              .order_by(WebSession.created_at.desc()).limit(MAX_SESSIONS_PER_USER))
    session.execute(delete(WebSession).where(WebSession.user_id == user.id, WebSession.key_hash.not_in(newest)))
    return key


def user_for_session(session: Session, key: str) -> User | None:
    record = session.get(WebSession, _digest(key))
    if record is None or record.expires_at <= _now() or not record.user.active:
        return None
    return record.user


def end_session(session: Session, key: str) -> None:
    session.execute(delete(WebSession).where(WebSession.key_hash == _digest(key)))


def end_all_sessions(session: Session, user: User) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
