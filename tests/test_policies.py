"""Policies as data: the shipped ones load, bad files are rejected with the file and field named."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from anonymization_support import TEST_KEY, spans

from anonymizer.anonymization import anonymize_findings
from anonymizer.config import PROJECT_ROOT
from anonymizer.errors import InputError
from anonymizer.policies import available_policies, load_policy

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
