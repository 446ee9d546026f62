"""Whether the web service is running, told by locks it holds, not by a pid file.

``kita-anon serve`` holds, for as long as it runs, a shared ``flock`` on ``data_dir/kita-anon.lock``
(its rosters and, by default, its SQLite database live there) and, on PostgreSQL, a shared advisory
lock in the database (servers on other machines share only that). Several servers may hold them at
once. Work that a running service would undo or break, such as a key rotation (the service keeps the
key it read at start), takes both exclusively and is refused while any server holds one. Both are
dropped when their process ends, also on ``kill -9``, so no stale lock is left behind. A server
started during a rotation waits until it is done.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from anonymizer.config import Settings
from anonymizer.db import database_url
from anonymizer.errors import InputError

LOCK_FILE_NAME = "kita-anon.lock"
SERVICE_LOCK_ID = 58_310_052  # PostgreSQL advisory lock (the audit chain's is 58_310_051)
SERVICE_RUNNING = ("Der Web-Dienst läuft ({directory}): erst alle 'kita-anon serve' beenden, dann den "
                   "Schlüssel wechseln (der Dienst würde sonst mit dem alten Schlüssel weiterschreiben).")


def _lock_file(settings: Settings) -> IO[bytes]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    return os.fdopen(descriptor, "rb+")


@contextmanager
def service_running(settings: Settings) -> Iterator[None]:
    """Held by the web service for its whole run."""
    with _lock_file(settings) as handle, _database_connection(settings) as connection:
        fcntl.flock(handle, fcntl.LOCK_SH)
        if connection is not None:
            connection.execute(text("SELECT pg_advisory_lock_shared(:id)"), {"id": SERVICE_LOCK_ID})
            connection.commit()  # a session lock outlives the transaction; no transaction left idle
        yield


@contextmanager
def no_service_running(settings: Settings) -> Iterator[None]:
    """Held by work that must not run beside the service; refused at once while one runs."""
    refused = InputError(SERVICE_RUNNING.format(directory=settings.data_dir))
    with _lock_file(settings) as handle, _database_connection(settings) as connection:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise refused from None
        if connection is not None:
            if not connection.scalar(text("SELECT pg_try_advisory_lock(:id)"), {"id": SERVICE_LOCK_ID}):
                raise refused
            connection.commit()
        yield


@contextmanager
def _database_connection(settings: Settings):
    """A connection of its own that carries the advisory lock, on PostgreSQL; None elsewhere."""
    url = database_url(settings)
    if make_url(url).get_backend_name() != "postgresql":
        yield None
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
