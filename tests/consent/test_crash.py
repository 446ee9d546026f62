"""A writer killed with SIGKILL in the middle of its writes loses no committed consent."""
from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
from pathlib import Path

from anonymizer.consent.store import ConsentStore
from anonymizer.db import get_engine
from consent.register_data import consent_input

WRITER = Path(__file__).with_name("crash_writer.py")
COMMITTED_BEFORE_KILL = 25


def test_sigkill_during_writes_loses_no_committed_consent(store, database_url, family, key):
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), database_url, base64.urlsafe_b64encode(key).decode(), str(family.id)],
        stdout=subprocess.PIPE, text=True,
    )
    committed = []
    try:
        while len(committed) < COMMITTED_BEFORE_KILL:
            line = writer.stdout.readline()
            assert line, "der Schreibprozess endete vorzeitig"
            committed.append(int(line))
    finally:
        os.kill(writer.pid, signal.SIGKILL)  # mid-loop: very likely inside the next transaction
        writer.wait()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL

    get_engine(database_url).dispose()  # reopen as after a restart
    reopened = ConsentStore(get_engine(database_url), key)
    stored = {consent.id for consent in reopened.consents(family_id=family.id)}
    assert set(committed) <= stored
    # Whatever the killed transaction had begun was rolled back whole: no half consent, a sound log.
    assert all(len(consent.participants) == 2 for consent in reopened.consents())
    assert reopened.verify() == []
    assert reopened.add_consent(consent_input(family.id)).id > max(committed)  # the register still works
