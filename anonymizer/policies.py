"""Policies as data: which entity types to replace, with which operator, above which score.

A policy is a YAML file under ``policies/`` (see ``policies/netzwerk.yaml``). Word-list files it
names (allow list, network members, deny list) are read relative to the policy file. A bad file
gives an ``InputError`` naming the file and the field, in German.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from anonymizer.detection.wordlists import read_word_list
from anonymizer.errors import InputError
from anonymizer.operators import OPERATORS

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
        for name in files:
            path = self.base_dir / name
            try:
                words |= _cached_word_file(path.resolve(), path.stat().st_mtime_ns, fold)
            except (FileNotFoundError, IsADirectoryError):
                raise InputError(f"Richtlinie '{self.name}', Feld '{field_name}': Datei {path} nicht gefunden.") from None
            except UnicodeDecodeError:
                raise InputError(f"Richtlinie '{self.name}', Feld '{field_name}': {path} ist kein UTF-8-Text.") from None
        return frozenset(words)


@lru_cache(maxsize=64)
def _cached_word_file(path: Path, version: int, fold: bool) -> frozenset[str]:
    """A listed word file, read once per file version."""
    return read_word_list(path) if fold else _read_lines(path)


def _read_lines(path: Path) -> frozenset[str]:
    """Like ``read_word_list`` but keeping case: deny-list names are matched as written."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


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
    """A policy by name ("netzwerk") in ``policy_dir``, or a path to a YAML file."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        return Path(name)
    return policy_dir / f"{name}.yaml"


def available_policies(policy_dir: Path) -> list[str]:
    return sorted(path.stem for path in policy_dir.glob("*.yaml"))


def load_policy(name: str, policy_dir: Path) -> Policy:
    """The validated policy; parsed once per file version (the web service asks for it on every request)."""
    path = policy_path(name, policy_dir)
    try:
        version = path.stat().st_mtime_ns
    except OSError:
        return _parse_policy(path, name, policy_dir)  # raises the German error
    return _cached_policy(path.resolve(), version, name, policy_dir)


@lru_cache(maxsize=32)
def _cached_policy(path: Path, version: int, name: str, policy_dir: Path) -> Policy:
    return _parse_policy(path, name, policy_dir)


def _parse_policy(path: Path, name: str, policy_dir: Path) -> Policy:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(available_policies(policy_dir)) or "keine"
        raise InputError(f"Richtlinie '{name}' nicht gefunden ({path}); vorhanden: {known}.") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: ist kein UTF-8-Text.") from None
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
