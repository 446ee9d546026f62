"""Slows down password guessing, per user name and per client address, with counters in the database.

The counters live in the database, so they survive a restart and are shared by every server process
on it. A counter that reaches its limit does not lock: it makes the next attempt wait, doubling with
each further counted attempt up to a short maximum. Attempts refused with that wait are not counted,
so an attacker cannot keep a real user out for longer than the maximum after their last real guess.

An attempt is counted when it is let through, before the password is checked: parallel requests
cannot slip past the limit while the (slow) password hash is verified. A successful login takes its
count back. Counters without an attempt for ``FORGET_AFTER`` are deleted, so the table stays small
however many names are tried. Keys are SHA-256 digests: a password typed into the name field by
mistake is never stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
from dataclasses import dataclass

from sqlalchemy import DateTime, Engine, Integer, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from anonymizer.db import Base, transaction
from anonymizer.web.accounts import normalize_username

FORGET_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    free_attempts: int
    longest_wait: float  # seconds

    def wait_after(self, attempts: int) -> float:
        """Seconds between the last counted attempt and the next one: 1, 2, 4, ... once past the free ones."""
        if attempts < self.free_attempts:
            return 0.0
        return min(2.0 ** (attempts - self.free_attempts), self.longest_wait)


# One user name is guessed at by few legitimate people; one address (a kita's router) may carry a whole team.
PER_NAME = Limit(free_attempts=5, longest_wait=60)
PER_ADDRESS = Limit(free_attempts=20, longest_wait=300)


class LoginCounter(Base):
    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    last_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def name_key(username: str) -> str:
    return _digest("name", normalize_username(username))


# Its own kind of key: no user name, however chosen, shares the setup code's counter.
SETUP_CODE_KEY = _digest("setup-code", "")


def address_key(address: str) -> str:
    return _digest("address", _counted_address(address))


def _counted_address(address: str) -> str:
    # An IPv6 client holds a whole /64; counting single addresses would give them 2**64 counters.
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:  # not an IP address (e.g. a test client): counted as it is
        return address
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class LoginThrottle:
    def __init__(self, engine: Engine):
        self.engine = engine

    def admit(self, username: str, address: str) -> int:
        """0 if this login attempt may be checked (it is counted now), else the seconds to wait first."""
        return self._admit(name_key(username), address)

    def admit_setup_code(self, address: str) -> int:
        """Like ``admit`` for a try of the setup code: one counter for the code, as for one user name."""
        return self._admit(SETUP_CODE_KEY, address)

    def forget_name(self, username: str) -> None:
        """Unlock: the user name starts afresh (a coordinator's choice after a colleague's typos)."""
        with transaction(self.engine) as session:
            session.execute(delete(LoginCounter).where(LoginCounter.key == name_key(username)))

    def _admit(self, key: str, address: str) -> int:
        with transaction(self.engine) as session:
            session.execute(delete(LoginCounter).where(LoginCounter.last_attempt_at < _now() - FORGET_AFTER))
            counters = [
                (_locked_counter(session, key), PER_NAME),
                (_locked_counter(session, address_key(address)), PER_ADDRESS),
            ]
            # The clock is read only now, holding the lock: an attempt that another request counted
            # while this one waited for the lock must not lie in this one's future.
            now = _now()
            wait = max(_seconds_left(counter, limit, now) for counter, limit in counters)
            if wait > 0:
                return math.ceil(wait)
            for counter, _limit in counters:
                counter.attempts += 1
                counter.last_attempt_at = now
            return 0

    def succeeded(self, username: str, address: str) -> None:
        """The password was right: the name starts afresh, the address gets this attempt back."""
        with transaction(self.engine) as session:
            session.execute(delete(LoginCounter).where(LoginCounter.key == name_key(username)))
            counter = session.get(LoginCounter, address_key(address), with_for_update=True)
            if counter is not None and counter.attempts > 0:
                counter.attempts -= 1


def _seconds_left(counter: LoginCounter, limit: Limit, now: dt.datetime) -> float:
    wait = limit.wait_after(counter.attempts)
    if not wait:
        return 0.0
    return (counter.last_attempt_at + dt.timedelta(seconds=wait) - now).total_seconds()


def _locked_counter(session: Session, key: str) -> LoginCounter:
    """The counter for ``key``, created if missing and locked until the transaction ends (PostgreSQL:
    row lock; SQLite: the transaction already holds the write lock), so two processes count in turn."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(LoginCounter).values(key=key, attempts=0, last_attempt_at=_now()).on_conflict_do_nothing()
    )
    return session.scalars(select(LoginCounter).where(LoginCounter.key == key).with_for_update()).one()
