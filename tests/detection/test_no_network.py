"""Nothing reaches for the network: not importing, not analysing, not the CLI.

Each check runs a fresh interpreter whose ``sitecustomize`` replaces the socket entry points with
a trap that records the attempt and refuses it, so lazily loaded parts (tldextract's suffix list,
spaCy, Presidio) are caught the first time they would connect.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TRAP = """
import atexit, json, os, socket

_attempts = []

def _refuse(name):
    def refuse(*args, **kwargs):
        _attempts.append(name)
        raise OSError("network blocked by test_no_network")
    return refuse

socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("socket.create_connection")
socket.getaddrinfo = _refuse("socket.getaddrinfo")

@atexit.register
def _report():
    with open(os.environ["NETWORK_ATTEMPTS_FILE"], "w") as out:
        json.dump(_attempts, out)
"""

NOTE = """Fallnotiz vom 12.03.2025 (Az. 51-2024-0815)
Frau Ayşe Yılmaz (KM), Lindenstraße 14, 28217 Bremen, Tel. 0421 / 36 12 345, Handy 0176-12345678,
Mail ayse.yilmaz@example.de, Infos unter www.kita-sonnenblume.de/team und https://bremen.de/jugendamt.
Sohn Leon Yılmaz, geb. 03.05.2020, ist 4 Jahre alt. IBAN DE89 3704 0044 0532 0130 00,
Steuer-ID 86095742719, Versichertennummer A123456780, Ausweisnummer L01X00T44, Kennzeichen HB-AB 123.
"""
LABELS = {
    "DATE_TIME", "CASE_FILE_NUMBER", "ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "DATE_OF_BIRTH",
    "AGE", "IBAN_CODE", "DE_TAX_ID", "DE_HEALTH_INSURANCE_NUMBER", "DE_ID_DOCUMENT", "DE_LICENSE_PLATE",
}
ANALYZE = """
import json, sys
import anonymizer
print(json.dumps(sorted({finding.label for finding in anonymizer.analyze(sys.stdin.read())})))
"""


def run_trapped(command: list[str], tmp_path: Path, stdin: str = "", **env: str) -> tuple[str, list[str]]:
    """Run ``command`` with the socket trap installed; return its stdout and the refused attempts."""
    (tmp_path / "sitecustomize.py").write_text(TRAP, encoding="utf-8")
    attempts_file = tmp_path / "attempts.json"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
        "NETWORK_ATTEMPTS_FILE": str(attempts_file),
        **env,
    }
    completed = subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=environment, timeout=240, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout, json.loads(attempts_file.read_text(encoding="utf-8"))


def test_the_trap_catches_a_fetch(tmp_path):
    # Proof that the trap works: tldextract's module-level extract() fetches the suffix list
    # when its cache is empty - exactly what the recognizers must never do.
    _, attempts = run_trapped(
        [sys.executable, "-c", "import tldextract; tldextract.extract('www.example.de')"],
        tmp_path,
        TLDEXTRACT_CACHE=str(tmp_path / "empty-cache"),
    )
    assert attempts


def test_analyze_makes_no_connection(tmp_path):
    stdout, attempts = run_trapped(
        [sys.executable, "-c", ANALYZE], tmp_path, stdin=NOTE, TLDEXTRACT_CACHE=str(tmp_path / "empty-cache")
    )
    assert attempts == []
    assert LABELS <= set(json.loads(stdout))


def test_cli_analyze_makes_no_connection(tmp_path):
    cli = Path(sys.executable).with_name("kita-anon")
    note = tmp_path / "notiz.txt"
    note.write_text(NOTE, encoding="utf-8")
    stdout, attempts = run_trapped(
        [str(cli), "analyze", "--json", str(note)], tmp_path, TLDEXTRACT_CACHE=str(tmp_path / "empty-cache")
    )
    assert attempts == []
    assert LABELS <= {finding["label"] for finding in json.loads(stdout)}
