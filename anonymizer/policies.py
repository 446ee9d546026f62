"""Policies as data: which entity types to replace, with which operator, above which score.

A policy is a YAML file under ``policies/`` (see ``policies/netzwerk.yaml``). Word-list files it
names (allow list, network members, deny list) are read relative to the policy file and must lie
in its folder. A bad file gives an ``InputError`` naming the file and the field, in German.

Web users choose a policy by name only (``named_policy``): one of the files of the policy folder,
never a path. Paths to policy files are for the command line (``load_policy``), whose user may
read the file anyway. Every file is read as a regular file of bounded size, so that a device or a
pipe named as a policy (``/dev/zero``) cannot make a process read forever.
"""
from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from anonymizer.detection.wordlists import word_entries
from anonymizer.errors import InputError
from anonymizer.operators import OPERATORS

# What a policy's name looks like: the stem of a file in the policy folder, never a path.
POLICY_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}")
# A policy and each word list it names are small text files; anything larger is a mistake or an attack.
MAX_POLICY_FILE_BYTES = 1024 * 1024

EntityLabel = Literal[
    "PERSON", "ADDRESS", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "DATE_OF_BIRTH",
    "DATE_TIME", "AGE", "IBAN_CODE", "DE_TAX_ID", "DE_HEALTH_INSURANCE_NUMBER", "CASE_FILE_NUMBER",
    "DE_LICENSE_PLATE", "DE_ID_DOCUMENT", "NRP", "ORGANIZATION",
]

# German names for placeholders ("[ADRESSE_1]"); a policy's ``labels`` overrides single entries.
GERMAN_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "ADDRESS": "ADRESSE",
    "LOCATION": "ORT",
    "PHONE_NUMBER": "TELEFON",
    "EMAIL_ADDRESS": "E-MAIL",
    "URL": "URL",
    "DATE_OF_BIRTH": "GEBURTSDATUM",
    "DATE_TIME": "DATUM",
    "AGE": "ALTER",
    "IBAN_CODE": "IBAN",
    "DE_TAX_ID": "STEUER-ID",
    "DE_HEALTH_INSURANCE_NUMBER": "KV-NUMMER",
    "CASE_FILE_NUMBER": "AKTENZEICHEN",
    "DE_LICENSE_PLATE": "KENNZEICHEN",
    "DE_ID_DOCUMENT": "AUSWEIS",
    "NRP": "HERKUNFT",
    "ORGANIZATION": "ORGANISATION",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityRule(_Strict):
    operator: str
    threshold: float = Field(default=0.35, ge=0.0, le=1.0)
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("operator")
    @classmethod
    def _known_operator(cls, name: str) -> str:
        if name not in OPERATORS:
            raise ValueError(f"unbekannter Operator '{name}' (erlaubt: {', '.join(sorted(OPERATORS))})")
        return name

    @model_validator(mode="after")
    def _valid_options(self) -> EntityRule:
        try:
            OPERATORS[self.operator].Options.model_validate(self.options)
        except ValidationError as error:
            problems = [_describe(problem) for problem in error.errors()]
            raise ValueError("; ".join(f"options.{where}: {message}" for where, message in problems)) from None
        return self


class Policy(_Strict):
    name: str
    description: str = ""
    entities: dict[EntityLabel, EntityRule] = Field(min_length=1)
    labels: dict[EntityLabel, str] = Field(default_factory=dict)
    allow_list: list[str] = Field(default_factory=list, description="Words that are never replaced.")
    allow_list_files: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list, description="Network members whose names may stay.")
    members_files: list[str] = Field(default_factory=list)
    deny_list: dict[EntityLabel, list[str]] = Field(default_factory=dict, description="Always replaced.")
    deny_list_files: dict[EntityLabel, list[str]] = Field(default_factory=dict)
    roster: Literal["off", "optional", "required"] = Field(
        default="off", description="Add the names of the encrypted roster of this policy (kita-anon roster import)."
    )
    base_dir: Path = Field(default=Path("."), exclude=True, description="Where listed files are read from.")

    @property
    def german_labels(self) -> dict[str, str]:
        return {**GERMAN_LABELS, **self.labels}

    @property
    def min_threshold(self) -> float:
        return min(rule.threshold for rule in self.entities.values())

    def allowed_terms(self) -> frozenset[str]:
        return self._words(self.allow_list, self.allow_list_files, "allow_list_files")

    def member_names(self) -> frozenset[str]:
        return self._words(self.members, self.members_files, "members_files")

    def denied_terms(self) -> dict[str, list[str]]:
        terms: dict[str, set[str]] = {label: set(words) for label, words in self.deny_list.items()}
        for label, files in self.deny_list_files.items():
            terms.setdefault(label, set()).update(self._read_files(files, f"deny_list_files.{label}", fold=False))
        return {label: sorted(words) for label, words in terms.items() if words}

    def _words(self, inline: list[str], files: list[str], field_name: str) -> frozenset[str]:
        return frozenset(word.casefold() for word in inline) | self._read_files(files, field_name, fold=True)

    def _read_files(self, files: list[str], field_name: str, fold: bool) -> frozenset[str]:
        words: set[str] = set()
        folder = self.base_dir.resolve()
        for name in files:
            path = self.base_dir / name
            try:
                resolved = path.resolve()
                if not resolved.is_relative_to(folder):  # "../x.txt", an absolute path, a link pointing out
                    raise InputError(f"{name} liegt nicht im Ordner der Richtlinie ({folder}).")
                words |= _cached_word_file(resolved, resolved.stat().st_mtime_ns, fold)
            except InputError as error:
                raise InputError(f"Richtlinie '{self.name}', Feld '{field_name}': {error}") from None
            except (OSError, ValueError):  # ValueError: a NUL byte in the name
                raise InputError(f"Richtlinie '{self.name}', Feld '{field_name}': Datei {path} nicht gefunden.") from None
        return frozenset(words)


@lru_cache(maxsize=64)
def _cached_word_file(path: Path, version: int, fold: bool) -> frozenset[str]:
    """A listed word file, read once per file version; deny-list names keep their case (matched as written)."""
    entries = word_entries(read_policy_file(path))
    return frozenset(entry.casefold() for entry in entries) if fold else frozenset(entries)


def read_policy_file(path: Path) -> str:
    """The text of a policy or word-list file: a regular file of at most ``MAX_POLICY_FILE_BYTES``.

    Opened without blocking and checked on the open file, so that a FIFO, ``/dev/zero`` or
    ``/dev/stdin`` is refused at once instead of being read forever. ``OSError`` if it cannot be
    opened; ``InputError`` (naming the file, never quoting it) if it is no text file of that size."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(f"{path}: ist keine gewöhnliche Datei.")
        data = file.read(MAX_POLICY_FILE_BYTES + 1)
    if len(data) > MAX_POLICY_FILE_BYTES:
        raise InputError(f"{path}: ist größer als {MAX_POLICY_FILE_BYTES // 1024} KB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: ist kein UTF-8-Text.") from None


GERMAN_ERRORS = {
    "missing": "fehlt",
    "extra_forbidden": "unbekanntes Feld",
    "string_type": "muss ein Text sein",
    "float_parsing": "muss eine Zahl sein",
    "float_type": "muss eine Zahl sein",
    "int_parsing": "muss eine ganze Zahl sein",
    "greater_than_equal": "ist zu klein",
    "less_than_equal": "ist zu groß",
    "list_type": "muss eine Liste sein",
    "dict_type": "muss eine Zuordnung (Schlüssel: Wert) sein",
    "model_type": "muss eine Zuordnung (Schlüssel: Wert) sein",
    "too_short": "darf nicht leer sein",
    "bool_parsing": "muss true oder false sein",
}


def describe_validation_error(error: ValidationError, source: str) -> str:
    """One German line per problem: ``policies/x.yaml: Feld 'entities.PERSON.operator': ...``."""
    return "\n".join(f"{source}: Feld '{where}': {message}" for where, message in map(_describe, error.errors()))


def _describe(problem: Any) -> tuple[str, str]:
    location = ".".join(str(part) for part in problem["loc"]) or "(Datei)"
    kind = problem["type"]
    if kind == "value_error":
        return location, str(problem["ctx"]["error"])
    if kind == "literal_error":
        what = "unbekannter Entitätstyp" if "[key]" in location else "ungültiger Wert"
        return location, f"{what} '{problem['input']}' (erlaubt: {problem['ctx']['expected'].replace(' or ', ' oder ')})"
    return location, GERMAN_ERRORS.get(kind, problem["msg"])


def policy_path(name: str, policy_dir: Path) -> Path:
    """A policy by name ("netzwerk") in ``policy_dir``, or a path to a YAML file (command line only)."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        return Path(name)
    return policy_dir / f"{name}.yaml"


def available_policies(policy_dir: Path) -> list[str]:
    """The names a web user may choose from: the policy files in ``policy_dir`` whose names fit
    ``POLICY_NAME``. Listed once per version of the folder (adding or removing a file changes it)."""
    try:
        version = policy_dir.stat().st_mtime_ns
    except OSError:
        return []
    return list(_policy_names(policy_dir, version))


@lru_cache(maxsize=8)
def _policy_names(policy_dir: Path, version: int) -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in policy_dir.glob("*.yaml") if POLICY_NAME.fullmatch(path.stem)))


def check_policy_name(name: str) -> str:
    """``name`` if it looks like a policy's name; else ``ValueError`` (worded to show, without the name)."""
    if not POLICY_NAME.fullmatch(name):
        raise ValueError("unbekannte Richtlinie; erlaubt ist nur der Name einer Richtlinie, z. B. netzwerk")
    return name


def named_policy(name: str, policy_dir: Path) -> Policy:
    """The policy a web user chose by name: one of ``available_policies``, never a path.

    The error names the choices, not the name asked for, and is the same for every unknown name,
    so that it tells nothing about the files of the server."""
    known = available_policies(policy_dir)
    if name not in known:
        raise InputError(f"Unbekannte Richtlinie; vorhanden: {', '.join(known) or 'keine'}.")
    return load_policy(name, policy_dir)


def load_policy(name: str, policy_dir: Path) -> Policy:
    """The validated policy, by name or path; parsed once per file version (the web service asks for
    it on every request)."""
    path = policy_path(name, policy_dir)
    try:
        version = path.stat().st_mtime_ns
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return _parse_policy(path, name, policy_dir)  # raises the German error
    return _cached_policy(path.resolve(), version, name, policy_dir)


@lru_cache(maxsize=32)
def _cached_policy(path: Path, version: int, name: str, policy_dir: Path) -> Policy:
    return _parse_policy(path, name, policy_dir)


def _parse_policy(path: Path, name: str, policy_dir: Path) -> Policy:
    try:
        raw = yaml.safe_load(read_policy_file(path))
    except InputError:
        raise
    except (OSError, ValueError):  # missing, a directory, unreadable; ValueError: a NUL byte in the path
        known = ", ".join(available_policies(policy_dir)) or "keine"
        raise InputError(f"Richtlinie '{name}' nicht gefunden ({path}); vorhanden: {known}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (Zeile {mark.line + 1})" if mark else ""
        raise InputError(f"{path}: kein gültiges YAML{where}.") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: erwartet wird eine Zuordnung mit 'name' und 'entities'.")
    try:
        return Policy.model_validate({**raw, "base_dir": path.parent})
    except ValidationError as error:
        raise InputError(describe_validation_error(error, str(path))) from None
