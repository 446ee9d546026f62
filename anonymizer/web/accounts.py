"""Who may use the service: institutions, their users (with a role) and the users' API tokens.

Passwords are stored as argon2 hashes. API tokens are long random strings shown once; only their
SHA-256 is stored (a slow hash is not needed: a token has 256 bits of entropy, not a password's few).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from anonymizer.db import Base
from anonymizer.errors import InputError
from anonymizer.web.roles import Role

TOKEN_PREFIX = "ka_"
MIN_PASSWORD_LENGTH = 10
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


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FACHKRAFT: frozenset({Permission.ANONYMIZE, Permission.CHECK_MINUTES, Permission.READ_CONSENTS}),
    Role.KOORDINATION: frozenset(Permission) - {Permission.FAMILY_RIGHTS_NETWORK_WIDE},
    Role.NETZWERKKOORDINATION: frozenset(Permission),
}
ROLE_NAMES = {Role.FACHKRAFT: "Fachkraft", Role.KOORDINATION: "Koordination",
              Role.NETZWERKKOORDINATION: "Netzwerkkoordination"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Institution(Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The same name the consent register uses for participants and for who registered a consent.
    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
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


def _token_digest(token: str) -> str:
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
    session: Session, username: str, password: str, role: Role, institution: str, display_name: str = ""
) -> User:
    username = username.strip()
    if not username:
        raise InputError("Der Benutzername fehlt.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise InputError(f"Den Benutzer '{username}' gibt es schon.")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=_hasher.hash(password),
        role=Role(role).value,
        institution=get_or_create_institution(session, institution),
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username.strip(), User.active.is_(True)))
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
    session.add(ApiToken(user_id=user.id, name=name.strip() or "Skript", token_hash=_token_digest(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(token)))
    return record.user if record is not None and record.user.active else None


def find_user(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def find_user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise InputError(f"Den Benutzer '{username}' gibt es nicht.")
    return user
