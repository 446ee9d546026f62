"""Policies as data: the shipped ones load, bad files are rejected with the file and field named."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from anonymization_support import TEST_KEY, spans

from anonymizer.anonymization import anonymize_findings
from anonymizer.config import PROJECT_ROOT
from anonymizer.errors import InputError
from anonymizer.policies import MAX_POLICY_FILE_BYTES, available_policies, check_policy_name, load_policy, named_policy

POLICY_DIR = PROJECT_ROOT / "policies"


@pytest.mark.parametrize("name", ["netzwerk", "protokoll", "intern"])
def test_shipped_policies_load(name):
    policy = load_policy(name, POLICY_DIR)
    assert policy.name == name
    assert policy.entities
    policy.allowed_terms(), policy.member_names(), policy.denied_terms()  # their list files exist


def test_netzwerk_is_strict_and_intern_is_light():
    netzwerk, intern = load_policy("netzwerk", POLICY_DIR), load_policy("intern", POLICY_DIR)
    assert {"PERSON", "ADDRESS", "AGE", "DATE_OF_BIRTH", "NRP"} <= set(netzwerk.entities)
    assert "PERSON" not in intern.entities and "AGE" not in intern.entities
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE"} <= set(intern.entities)


def write(tmp_path: Path, content: str, name: str = "kaputt.yaml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name: x\nentities:\n  PERSON: {operator: plceholder}\n", "Feld 'entities.PERSON.operator': unbekannter Operator 'plceholder'"),
        ("name: x\nentities:\n  PERSN: {operator: placeholder}\n", "Feld 'entities.PERSN.[key]': unbekannter Entitätstyp 'PERSN'"),
        ("name: x\nentities:\n  AGE: {operator: generalise, options: {date: week}}\n", "options.date: ungültiger Wert 'week'"),
        ("name: x\nentities:\n  AGE: {operator: mask, options: {char: '**'}}\n", "options.char"),
        ("name: x\nentities:\n  AGE: {operator: mask, threshold: 1.5}\n", "Feld 'entities.AGE.threshold': ist zu groß"),
        ("name: x\nentities: {}\n", "Feld 'entities': darf nicht leer sein"),
        ("entities:\n  AGE: {operator: mask}\n", "Feld 'name': fehlt"),
        ("name: x\nentitis:\n  AGE: {operator: mask}\n", "Feld 'entitis': unbekanntes Feld"),
        ("name: x\nentities: [1, 2\n", "kein gültiges YAML (Zeile"),
        ("- eine Liste\n", "erwartet wird eine Zuordnung"),
    ],
)
def test_bad_policy_files_are_rejected_with_file_and_field(tmp_path, content, expected):
    path = write(tmp_path, content)
    with pytest.raises(InputError) as error:
        load_policy(str(path), POLICY_DIR)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_unknown_policy_names_the_available_ones():
    with pytest.raises(InputError, match="Richtlinie 'streng' nicht gefunden.*intern, netzwerk, protokoll"):
        load_policy("streng", POLICY_DIR)


def test_missing_word_list_file_is_named(tmp_path):
    write(tmp_path, "name: x\nentities:\n  PERSON: {operator: placeholder}\nmembers_files: [fehlt.txt]\n")
    policy = load_policy(str(tmp_path / "kaputt.yaml"), POLICY_DIR)
    with pytest.raises(InputError, match="Feld 'members_files': Datei .*fehlt.txt nicht gefunden"):
        policy.member_names()


def test_policy_lists_are_read_relative_to_the_policy_file(tmp_path):
    (tmp_path / "sperre.txt").write_text("# Kinder der Kita\nKalle\n", encoding="utf-8")
    write(tmp_path, "name: x\nentities:\n  PERSON: {operator: placeholder}\ndeny_list_files: {PERSON: [sperre.txt]}\n")
    assert load_policy(str(tmp_path / "kaputt.yaml"), POLICY_DIR).denied_terms() == {"PERSON": ["Kalle"]}


def test_an_edited_policy_or_word_list_takes_effect_without_a_restart(tmp_path):
    words = tmp_path / "sperre.txt"
    words.write_text("Kalle\n", encoding="utf-8")
    write(tmp_path, "name: x\nentities:\n  PERSON: {operator: placeholder}\ndeny_list_files: {PERSON: [sperre.txt]}\n")
    path = str(tmp_path / "kaputt.yaml")
    assert load_policy(path, POLICY_DIR) is load_policy(path, POLICY_DIR)  # parsed once per version
    words.write_text("Kalle\nMaxi\n", encoding="utf-8")
    os.utime(words, ns=(1, 1))  # a different version even within one clock tick
    assert load_policy(path, POLICY_DIR).denied_terms() == {"PERSON": ["Kalle", "Maxi"]}
    write(tmp_path, "name: y\nentities:\n  PHONE_NUMBER: {operator: redact}\n")
    os.utime(tmp_path / "kaputt.yaml", ns=(2, 2))
    assert load_policy(path, POLICY_DIR).name == "y"


def test_protokoll_keeps_listed_members_but_never_the_family():
    policy = load_policy("protokoll", POLICY_DIR)
    text = "Anwesend: Frau Schneider (ASD), Herr Jonas Becker. Frau Petra Schneider berichtet über Mia Yılmaz (4)."
    result = anonymize_findings(
        text, spans(text, "Schneider", "Jonas Becker", "Petra Schneider", "Mia Yılmaz", ("4", "AGE")), policy,
        key_provider=lambda: TEST_KEY,
    )
    assert result.text == "Anwesend: Frau Schneider (ASD), Herr Jonas Becker. Frau Petra Schneider berichtet über Kind A (3–4 J.)."


def test_available_policies():
    assert available_policies(POLICY_DIR) == ["intern", "netzwerk", "protokoll"]


def test_protokoll_never_keeps_a_child_or_a_bare_given_name_that_a_member_shares():
    policy = load_policy("protokoll", POLICY_DIR)
    text = "Herr Becker berichtet: Jonas (4) malt viel. Nadia hilft ihm. Jonas Becker (5) aus der Igelgruppe auch."
    result = anonymize_findings(text, spans(text, "Becker", "Jonas", "Nadia", "Jonas Becker"), policy, key_provider=lambda: TEST_KEY)
    assert result.text == "Herr Becker berichtet: Kind A (4) malt viel. [PERSON_1] hilft ihm. Kind A (5) aus der Igelgruppe auch."


# ---------------------------------------------------------------- by name only, bounded reads

VALID_POLICY = "name: x\nentities:\n  PERSON: {operator: placeholder}\n"


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../../etc/passwd", "/dev/zero", "netzwerk\x00", "netzwerk\n", "NETZWERK", "netzwerk.yaml",
     "netz werk", "1netzwerk", "", "a" * 42],
)
def test_only_a_plain_name_passes_the_name_check(name):
    with pytest.raises(ValueError, match="unbekannte Richtlinie"):
        check_policy_name(name)


def test_a_named_policy_is_one_of_the_folder_and_the_error_does_not_depend_on_the_file_system(tmp_path):
    outside = write(tmp_path, VALID_POLICY, "aussen.yaml")
    assert named_policy("netzwerk", POLICY_DIR).name == "netzwerk"
    messages = set()
    for name in ("/etc/passwd", "/etc/gibt-es-nicht", "../../etc/passwd", "/dev/zero", str(outside), "passwd", "streng"):
        with pytest.raises(InputError) as error:
            named_policy(name, POLICY_DIR)
        messages.add(str(error.value))
    assert messages == {"Unbekannte Richtlinie; vorhanden: intern, netzwerk, protokoll."}


def test_the_set_of_names_follows_the_folder(tmp_path):
    write(tmp_path, VALID_POLICY, "eins.yaml")
    write(tmp_path, VALID_POLICY, "Nicht Erlaubt.yaml")  # no name a web user could send
    assert available_policies(tmp_path) == ["eins"]
    write(tmp_path, VALID_POLICY, "zwei.yaml")
    os.utime(tmp_path, ns=(3, 3))  # a different version of the folder even within one clock tick
    assert available_policies(tmp_path) == ["eins", "zwei"]
    assert named_policy("zwei", tmp_path).name == "x"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_policy_path_is_refused_at_once(device):
    with pytest.raises(InputError, match="keine gewöhnliche Datei"):
        load_policy(device, POLICY_DIR)  # the command line still takes paths, but reads no device


def test_a_fifo_as_policy_path_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "rohr.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="keine gewöhnliche Datei"):
        load_policy(str(fifo), POLICY_DIR)


def test_a_policy_file_over_the_size_limit_is_refused(tmp_path):
    path = write(tmp_path, VALID_POLICY + "#" * MAX_POLICY_FILE_BYTES)
    with pytest.raises(InputError, match="größer als 1024 KB"):
        load_policy(str(path), POLICY_DIR)


@pytest.mark.parametrize("listed", ["../geheim.txt", "/etc/passwd", "link.txt", "unter/../../geheim.txt"])
def test_word_lists_must_lie_in_the_policy_folder(tmp_path, listed):
    folder = tmp_path / "richtlinien"
    folder.mkdir()
    (tmp_path / "geheim.txt").write_text("Geheimwort\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "geheim.txt")
    write(folder, VALID_POLICY + f"members_files: [{listed!r}]\n")
    policy = load_policy(str(folder / "kaputt.yaml"), POLICY_DIR)
    with pytest.raises(InputError, match="Feld 'members_files': .* liegt nicht im Ordner der Richtlinie") as error:
        policy.member_names()
    assert "Geheimwort" not in str(error.value) and "root:" not in str(error.value)


def test_a_word_list_over_the_size_limit_or_a_device_is_refused(tmp_path):
    (tmp_path / "riesig.txt").write_text("Name\n" * (MAX_POLICY_FILE_BYTES // 4), encoding="utf-8")
    os.symlink("/dev/zero", tmp_path / "null.txt")
    write(tmp_path, VALID_POLICY + "allow_list_files: [riesig.txt]\nmembers_files: [null.txt]\n")
    policy = load_policy(str(tmp_path / "kaputt.yaml"), POLICY_DIR)
    with pytest.raises(InputError, match="Feld 'allow_list_files': .*riesig.txt: ist größer als 1024 KB"):
        policy.allowed_terms()
    with pytest.raises(InputError, match="Feld 'members_files'"):
        policy.member_names()  # a link out of the folder (to a device) is refused before anything is read


def test_the_command_line_still_takes_a_policy_file_but_no_device(tmp_path, detector):
    from typer.testing import CliRunner

    from anonymizer.cli import app

    path = write(tmp_path, "name: eigene\nentities:\n  PHONE_NUMBER: {operator: placeholder}\n")
    own = CliRunner().invoke(app, ["anonymize", "-", "--policy", str(path)], input="Telefon 0176-12345678.")
    assert own.exit_code == 0, own.output
    assert own.output.strip() == "Telefon [TELEFON_1]."
    device = CliRunner().invoke(app, ["anonymize", "-", "--policy", "/dev/zero"], input="Ein Text.")
    assert device.exit_code == 2
    assert device.output.strip() == "Fehler: /dev/zero: ist keine gewöhnliche Datei."
