"""Roster: names from a CSV, stored only encrypted, always caught with their spelling variants."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anonymizer.anonymization import anonymize
from anonymizer.config import PROJECT_ROOT, Settings
from anonymizer.crypto import DecryptionError, generate_key
from anonymizer.errors import InputError
from anonymizer.policies import load_policy
from anonymizer.roster import load_roster, parse_roster_csv, roster_path, roster_roles, save_roster

ROSTER_CSV = "Vorname;Nachname;Rolle\nZorabel;Quabeck;Kind\nKwinto;Yılmaz;Kind\nMira;Quabeck;Mutter\n".encode()
NOTE = "Heute baute Zorabel mit Kwinto eine Burg. Kwintos Mutter, Frau Yilmaz, holte beide ab."


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "daten", key=generate_key())


def test_csv_with_semicolons_and_roles():
    entries = parse_roster_csv(ROSTER_CSV, "kinder.csv")
    assert [(e.given, e.surname, e.role) for e in entries] == [
        ("Zorabel", "Quabeck", "Kind"), ("Kwinto", "Yılmaz", "Kind"), ("Mira", "Quabeck", "Mutter"),
    ]
    assert entries[0].names == {"Zorabel Quabeck", "Zorabel", "Quabeck"}


def test_csv_with_a_single_name_column():
    entries = parse_roster_csv("name,gruppe\nAnna-Lena van der Berg,Igel\nOle,Igel\n".encode(), "liste.csv")
    assert [(e.given, e.surname) for e in entries] == [("Anna-Lena van der", "Berg"), ("Ole", "")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"kind;gruppe\nZorabel;Igel\n", "Kopfzeile braucht die Spalten"),
        (b"vorname;nachname\n", "enthält keine Namen"),
        (b"vorname;nachname\n;Quabeck\n", "Zeile 2: Vorname fehlt"),
        (b"\xff\xfe\x00", "Binärdaten"),
    ],
)
def test_bad_csv_is_refused(content, message):
    with pytest.raises(InputError, match=message):
        parse_roster_csv(content, "kinder.csv")


def test_roster_is_stored_only_encrypted(settings):
    path = save_roster("netzwerk", parse_roster_csv(ROSTER_CSV, "kinder.csv"), settings)
    stored = path.read_bytes()
    for name in (b"Zorabel", b"Quabeck", "Yılmaz".encode()):
        assert name not in stored
    assert path.stat().st_mode & 0o777 == 0o600
    assert [e.given for e in load_roster("netzwerk", settings)] == ["Zorabel", "Kwinto", "Mira"]
    other_key = settings.model_copy(update={"key": generate_key()})
    with pytest.raises(DecryptionError):
        load_roster("netzwerk", other_key)


def test_roster_names_are_always_caught(detector, settings):
    without = anonymize(NOTE, "netzwerk", detector=detector, settings=settings, seed=1)
    assert "Zorabel" in without.text  # the detector alone does not know this name

    save_roster("netzwerk", parse_roster_csv(ROSTER_CSV, "kinder.csv"), settings)
    result = anonymize(NOTE, "netzwerk", detector=detector, settings=settings, seed=1)
    for name in ("Zorabel", "Kwinto", "Yilmaz"):
        assert name not in result.text
    assert "DenyList" in {f.recognizer for f in result.findings}
    assert result.text.count("Kind A") + result.text.count("Kind B") >= 2


def test_required_roster_must_exist(detector, settings, tmp_path):
    policy_file = tmp_path / "streng.yaml"
    policy_file.write_text("name: streng\nentities:\n  PERSON: {operator: placeholder}\nroster: required\n", encoding="utf-8")
    with pytest.raises(InputError, match="Keine Namensliste für 'streng'"):
        anonymize(NOTE, load_policy(str(policy_file), PROJECT_ROOT / "policies"), detector=detector, settings=settings)


@pytest.mark.slow
def test_cli_imports_and_shows(tmp_path):
    csv_file = tmp_path / "kinder.csv"
    csv_file.write_bytes(ROSTER_CSV)
    env = {**os.environ, "KITA_ANON_DATA_DIR": str(tmp_path / "daten"), "KITA_ANON_KEY": generate_key()}
    kita_anon = [str(Path(sys.executable).parent / "kita-anon")]

    imported = subprocess.run([*kita_anon, "roster", "import", str(csv_file), "--policy", "netzwerk"],
                              capture_output=True, text=True, env=env, check=False)
    assert imported.returncode == 0, imported.stderr
    assert "3 Namen verschlüsselt gespeichert" in imported.stdout
    assert roster_path("netzwerk", Settings(data_dir=tmp_path / "daten")).exists()

    shown = subprocess.run([*kita_anon, "roster", "show", "--policy", "netzwerk"], capture_output=True, text=True, env=env, check=False)
    assert shown.stdout.strip() == "Namensliste 'netzwerk': 3 Einträge."


def test_roster_roles_guide_the_role_operator(detector, settings):
    save_roster("netzwerk", parse_roster_csv(ROSTER_CSV, "kinder.csv"), settings)
    result = anonymize("Mira Quabeck kam zum Gespräch. Zorabel spielt draußen.", "netzwerk", detector=detector, settings=settings)
    assert result.text == "Mutter von Kind A kam zum Gespräch. Kind A spielt draußen."
    assert roster_roles(load_roster("netzwerk", settings)) == {
        "zorabel quabeck": "Kind", "zorabel": "Kind", "kwinto yilmaz": "Kind", "kwinto": "Kind",
        "mira quabeck": "Mutter", "mira": "Mutter",
    }
