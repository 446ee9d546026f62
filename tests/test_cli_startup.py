"""A cheap start: ``import anonymizer`` and ``kita-anon --help`` load no spaCy, no Presidio, no model,
and input the CLI refuses is refused before any of them is imported.

Each check runs in a fresh interpreter, because this test process has long imported spaCy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import anonymizer

HEAVY = ("spacy", "presidio_analyzer", "presidio_anonymizer", "thinc")
# Runs ``kita-anon ARGS`` in-process (as the console script does) and reports, as its last line, the
# exit code and which heavy packages ended up imported.
PROBE = f"""
import json, sys
from anonymizer.cli import app
try:
    app(sys.argv[1:], prog_name="kita-anon")
    code = 0
except SystemExit as exit:
    code = exit.code
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def fresh_python(*args: str, stdin: str = "", data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if data_dir is not None:
        env["KITA_ANON_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def probe_cli(*args: str, stdin: str = "", data_dir: Path | None = None) -> tuple[dict, str, str]:
    completed = fresh_python("-c", PROBE, *args, stdin=stdin, data_dir=data_dir)
    *output, report = completed.stdout.rstrip("\n").split("\n")
    return json.loads(report), "\n".join(output), completed.stderr


def test_import_anonymizer_loads_neither_spacy_nor_presidio():
    check = f"import json, sys, anonymizer; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    completed = fresh_python("-c", check)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []


def test_kita_anon_help_lists_the_commands_without_loading_spacy_or_presidio():
    result, help_text, _ = probe_cli("--help")
    assert result == {"code": 0, "loaded": []}
    for command in ("analyze", "anonymize", "deanonymize", "serve", "roster", "consent", "user", "minutes"):
        assert command in help_text
    result, help_text, _ = probe_cli("consent", "add", "--help")
    assert result == {"code": 0, "loaded": []} and "--familie" in help_text


def test_input_refused_before_detection_never_imports_it(tmp_path):
    result, output, error = probe_cli("anonymize", "-", stdin="   \n", data_dir=tmp_path)
    assert result == {"code": 2, "loaded": []}
    assert output == "" and error.startswith("Fehler: ") and "leer" in error
    result, _, error = probe_cli("analyze", "--jsonl", stdin="kein JSON\n", data_dir=tmp_path)
    assert result == {"code": 2, "loaded": []} and "Zeile 1" in error


def test_the_public_names_resolve_on_first_use():
    from anonymizer import anonymization, detection

    assert anonymizer.anonymize is anonymization.anonymize
    assert anonymizer.deanonymize is anonymization.deanonymize
    assert anonymizer.Finding is detection.Finding
    assert set(anonymizer.__all__) <= set(dir(anonymizer))
    with pytest.raises(AttributeError, match="no_such_name"):
        anonymizer.no_such_name  # noqa: B018
