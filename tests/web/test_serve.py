"""``kita-anon serve`` on a fresh data directory tells the first user how to get an account."""
from __future__ import annotations

import pytest

from web.support import start_server

pytestmark = pytest.mark.slow
HINT = "Noch kein Benutzerkonto"


def test_a_fresh_service_explains_how_to_create_the_first_account(tmp_path):
    server = start_server(tmp_path, users=[])
    try:
        log = server.log_file.read_text(encoding="utf-8")
    finally:
        server.stop()
    assert "läuft auf http://127.0.0.1:" in log
    assert HINT in log and "/ersteinrichtung" in log and "kita-anon user add" in log
    code = (server.data_dir / "ersteinrichtung-code").read_text(encoding="ascii").strip()
    assert f"Einrichtungscode: {code}" in log
    assert (server.data_dir / "schluessel.key").exists()  # the embedded default keeps its own key


def test_a_service_with_accounts_does_not_repeat_the_hint(live_server):
    assert HINT not in live_server.log_file.read_text(encoding="utf-8")
