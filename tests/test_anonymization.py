"""End to end: real detector, shipped policies, realistic notes, the CLI in a subprocess."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest

import anonymizer
from anonymizer.anonymization import anonymize
from anonymizer.crypto import generate_key

NOTES = Path(__file__).parent / "data" / "anonymization"
FAMILY_NAMES = ("Leon", "Ayşe", "Ayşes", "Yılmaz", "Yilmaz", "Mehmet", "Anna-Lena", "Meyer-Özkan")


def note(name: str) -> str:
    return (NOTES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def netzwerk(detector):
    return anonymize(note("fall_yilmaz.txt"), "netzwerk", detector=detector, seed=1)


def test_netzwerk_hides_every_person_and_keeps_the_relations(netzwerk):
    for name in FAMILY_NAMES:
        assert not re.search(rf"\b{name}\b", netzwerk.text), name
    assert not re.search(r"\b(?:Frau|Herr)\s+(?:\[|Kind|Mutter|Vater|Fachkraft)", netzwerk.text)
    assert "0176-12345678" not in netzwerk.text
    assert "Mutter von Kind A" in netzwerk.text and "Vater von Kind A" in netzwerk.text
    assert "Kind As Vater" in netzwerk.text
    assert "3–4 J." in netzwerk.text


def test_netzwerk_gives_all_aliases_of_a_person_one_pseudonym(netzwerk):
    by_original = {r.original: r.replacement for r in netzwerk.replacements if r.label == "PERSON"}
    mother = {by_original[alias] for alias in ("Frau Ayşe Yılmaz", "Frau Yılmaz", "Ayşe", "Frau Yilmaz")}
    assert len(mother) == 1
    assert by_original["Ayşes"] == mother.pop() + "s"
    assert by_original["Leon Yılmaz"] == by_original["Leon"] != by_original["Herr Mehmet Yılmaz"]


def test_report_counts_and_entries_match_the_replacements(netzwerk):
    report = netzwerk.report
    assert report.policy == "netzwerk"
    assert report.counts == dict(Counter(r.label for r in netzwerk.replacements))
    phone = next(e for e in report.entries if e.label == "PHONE_NUMBER")
    assert (phone.text, phone.replacement, phone.operator, phone.line) == ("0176-12345678", "[TELEFON_1]", "placeholder", 8)


def test_protokoll_keeps_network_members_but_no_family_data(detector):
    result = anonymize(note("protokoll_netzwerkrunde.md"), "protokoll", detector=detector, seed=1)
    for member in ("Frau Petra Schneider", "Herr Jonas Becker", "Nadia El-Amin", "Herr Becker", "Frau Schneider"):
        assert member in result.text, member
    for family in ("Emilia", "Katarzyna", "Nowak", "Piotr", "0421 / 36 12 345"):
        assert family not in result.text, family
    assert "Mutter von Kind A" in result.text
    assert "14.05.2025" in result.text  # the meeting date may stay in minutes


def test_intern_replaces_only_direct_identifiers(detector):
    result = anonymize(note("fall_yilmaz.txt"), "intern", detector=detector)
    assert "Ayşe Yılmaz" in result.text and "4 Jahre" in result.text
    assert "0176-12345678" not in result.text and "[TELEFON_1]" in result.text
    assert set(result.report.counts) == {"PHONE_NUMBER"}


def test_quasi_identifiers_that_remain_are_warned_about(detector):
    light = anonymize(note("entwicklungsbericht_quasi.txt"), "intern", detector=detector)
    kinds: dict[str, set[str]] = {}
    for warning in light.report.warnings:
        kinds.setdefault(warning.kind, set()).add(warning.text)
    assert kinds["herkunft"] == {"Eritrea"}
    assert kinds["alter"] == {"(4)"}
    assert kinds["strasse"] == {"Mühlenweg"}
    assert kinds["beruf"] == {"arbeitet als Imam"}
    assert kinds["geschwister"] == {"fünf Kindern", "drei Geschwistern"}
    assert kinds["kombination"] == {"alter, beruf, geschwister, herkunft, strasse"}
    assert "Warnungen" in light.report.to_text()

    strict = anonymize(note("entwicklungsbericht_quasi.txt"), "netzwerk", detector=detector, seed=1)
    remaining = {w.kind for w in strict.report.warnings}
    assert "herkunft" not in remaining and "alter" not in remaining  # replaced / generalised
    assert {"geschwister", "strasse"} <= remaining


def test_no_warnings_when_nothing_remains(detector):
    result = anonymize("Leon (4) malt gern.", "netzwerk", detector=detector)
    assert result.text == "Kind A (3–4 J.) malt gern."
    assert result.report.warnings == []


def test_operator_override_applies_to_every_type(detector):
    result = anonymize(note("fall_yilmaz.txt"), "netzwerk", "placeholder", detector=detector)
    assert "Kind A" not in result.text and "[PERSON_1]" in result.text and "[ALTER_1]" in result.text
    assert {r.operator for r in result.replacements} == {"placeholder"}


def test_public_api_keeps_working():
    result = anonymizer.anonymize("Frau Ayşe Yılmaz ist unter 0176-12345678 erreichbar.")
    assert "Yılmaz" not in result.text and "0176" not in result.text
    assert result.findings and result.report is not None


# --- the CLI in a subprocess -------------------------------------------------------------------

def kita_anon(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "kita-anon"), *args]
    return subprocess.run(command, input=stdin, env=env, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture()
def key_env(tmp_path) -> dict[str, str]:
    key_file = tmp_path / "netz.key"
    key_file.write_text(generate_key() + "\n", encoding="ascii")
    return {**os.environ, "KITA_ANON_KEY_FILE": str(key_file)}


def word_minutes(path: Path) -> str:
    document = docx.Document()
    document.add_paragraph("Netzwerkrunde").runs[0].bold = True
    document.add_paragraph("Frau Ayşe Yılmaz (KM) berichtet, Leon (4) schlafe schlecht. Tel. 0176-12345678.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Kind", "Leon Yılmaz"
    document.save(path)
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    return "\n".join(p.text for p in document.paragraphs) + "|" + document.tables[0].cell(0, 1).text


@pytest.mark.slow
def test_cli_encrypt_docx_and_deanonymize_restores_it(tmp_path, key_env):
    original = tmp_path / "runde.docx"
    word_minutes(original)
    encrypted, restored = tmp_path / "runde.anonym.docx", tmp_path / "runde.zurueck.docx"

    run = kita_anon("anonymize", str(original), "--operator", "encrypt", "--output", str(encrypted), env=key_env)
    assert run.returncode == 0, run.stderr
    assert "Yılmaz" not in docx_text(encrypted) and "[[enc:PERSON:" in docx_text(encrypted)
    assert docx.Document(encrypted).paragraphs[0].runs[0].bold

    back = kita_anon("deanonymize", str(encrypted), "--output", str(restored), env=key_env)
    assert back.returncode == 0, back.stderr
    assert docx_text(restored) == docx_text(original)

    other_key = {name: value for name, value in key_env.items() if name != "KITA_ANON_KEY_FILE"}
    wrong = kita_anon("deanonymize", str(encrypted), env={**other_key, "KITA_ANON_KEY": generate_key()})
    assert wrong.returncode == 2
    assert wrong.stderr.strip().startswith("Fehler: Falscher Schlüssel oder veränderte Daten")  # + the missing key's id
    assert not (tmp_path / "runde.anonym.wiederhergestellt.docx").exists()  # nothing half-written


@pytest.mark.slow
def test_cli_text_from_stdin_with_report_and_tampered_text(tmp_path, key_env):
    run = kita_anon("anonymize", "-", "--policy", "netzwerk", "--operator", "encrypt", "--report",
                    env=key_env, stdin="Frau Ayşe Yılmaz ist unter 0176-12345678 erreichbar.\n")
    assert run.returncode == 0, run.stderr
    assert "Bericht (Richtlinie netzwerk)" in run.stderr and "PHONE_NUMBER: 1" in run.stderr
    token = re.search(r"\[\[enc:PHONE_NUMBER:([^\]]+)\]\]", run.stdout).group(1)
    tampered = tmp_path / "veraendert.txt"
    tampered.write_text(run.stdout.replace(token, token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")), encoding="utf-8")
    back = kita_anon("deanonymize", str(tampered), env=key_env)
    assert back.returncode == 2 and back.stderr.startswith("Fehler: ") and back.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["anonymize", "-", "--operator", "schwärzen"], "Fehler: unbekannter Operator 'schwärzen'"),
        (["anonymize", "-", "--policy", "streng"], "Fehler: Richtlinie 'streng' nicht gefunden"),
        (["anonymize", "fehlt.docx"], "Fehler: fehlt.docx: Datei nicht gefunden."),
        (["roster", "import", "fehlt.csv"], "Fehler: fehlt.csv: Datei nicht gefunden."),
    ],
)
def test_cli_errors_are_clear(args, message):
    from typer.testing import CliRunner

    from anonymizer.cli import app

    result = CliRunner().invoke(app, args, input="Ein Text.")
    assert result.exit_code == 2
    assert message in result.output


def test_cli_writes_text_and_json_report_to_files(tmp_path, detector):
    import json

    from typer.testing import CliRunner

    from anonymizer.cli import app

    source = tmp_path / "notiz.md"
    source.write_text("# Notiz\n\nLeon (4) malt. Tel. 0176-12345678\n", encoding="utf-8")
    output, report = tmp_path / "notiz.anonym.md", tmp_path / "bericht.json"
    result = CliRunner().invoke(app, ["anonymize", str(source), "--output", str(output), "--report-json", str(report)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == "# Notiz\n\nKind A (3–4 J.) malt. Tel. [TELEFON_1]\n"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["policy"] == "netzwerk" and data["counts"] == {"PERSON": 1, "AGE": 1, "PHONE_NUMBER": 1}
    overwrite = CliRunner().invoke(app, ["anonymize", str(source), "--output", str(source)])
    assert overwrite.exit_code == 2 and "würde die Eingabe überschreiben" in overwrite.output
    assert source.read_text(encoding="utf-8").startswith("# Notiz")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Leon ist 4 Jahre alt und hat zwei Geschwister.", {"alter", "geschwister", "kombination"}),
        ("Kind A (3–4 J.) und ein Baby (unter 1 J.) aus [HERKUNFT_1].", set()),
        ("Die Familie aus Eritrea wohnt im Mühlenweg.", {"herkunft", "strasse", "kombination"}),
        ("Die Familie aus der Türkei.", set()),  # a common origin is no warning of its own
        ("Der Vater ist Schornsteinfeger von Beruf.", {"beruf"}),
    ],
)
def test_quasi_identifier_rules(text, kinds):
    from anonymizer.report import quasi_identifier_warnings

    assert {w.kind for w in quasi_identifier_warnings(text)} == kinds
