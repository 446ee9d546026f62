"""Whether the web service is running on a data directory, told by a lock it holds, not a pid file.

``kita-anon serve`` holds a shared ``flock`` on ``data_dir/kita-anon.lock`` for as long as it runs
(several servers on one data directory may). Work that a running service would undo or break, such
as a key rotation (the service keeps the key it read at start), takes the lock exclusively and is
refused while any server holds it. The kernel drops a lock when its process ends, also on ``kill -9``,
so no stale lock is left behind. A server started during a rotation waits until it is done.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from anonymizer.config import Settings
from anonymizer.errors import InputError

LOCK_FILE_NAME = "kita-anon.lock"
SERVICE_RUNNING = ("Der Web-Dienst läuft ({directory}): erst alle 'kita-anon serve' beenden, dann den "
                   "Schlüssel wechseln (der Dienst würde sonst mit dem alten Schlüssel weiterschreiben).")


def _lock_file(settings: Settings) -> IO[bytes]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    return os.fdopen(descriptor, "rb+")


@contextmanager
def service_running(settings: Settings) -> Iterator[None]:
    """Held by the web service for its whole run."""
    with _lock_file(settings) as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield


@contextmanager
def no_service_running(settings: Settings) -> Iterator[None]:
    """Held by work that must not run beside the service; refused at once while one runs."""
    with _lock_file(settings) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(SERVICE_RUNNING.format(directory=settings.data_dir)) from None
        yield
