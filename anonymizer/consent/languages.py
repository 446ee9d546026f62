"""Form texts of the consent register as data: one YAML file per language in ``form_texts/``.

A consent is only valid when the family understood it, so the form prints the family's language
beside the binding German text. What a family signed must stay provable: the exact wording of a
form (its language's texts and the German texts together) is identified by a SHA-256 hash, and the
register stores every wording it has used (``FormVersion``), so a later change to a file gives a new
version and never alters the form of a consent already given.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from anonymizer.errors import InputError

FORM_TEXTS = Path(__file__).resolve().parent / "form_texts"
GERMAN = "de"
# Older names of the two German forms, still accepted by the CLI and the API.
ALIASES = {"standard": GERMAN, "einfach": "de-einfach"}


@dataclass(frozen=True)
class FormLanguage:
    code: str  # "tr", "de-einfach"
    name: str  # the language's own name: "Türkçe"
    german_name: str  # "Türkisch"
    direction: str  # "ltr" or "rtl"
    texts: dict[str, str]

    @property
    def is_german(self) -> bool:
        return self.code.split("-")[0] == GERMAN


@dataclass(frozen=True)
class FormWording:
    """The exact wording of one printed form: the family's language and, beside it, German."""

    language: str
    family: dict[str, str]
    german: dict[str, str] | None  # None when the family's language is German (one column)

    def content(self) -> dict:
        return {"language": self.language, "family": self.family, "german": self.german}

    @property
    def sha256(self) -> str:
        canonical = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @classmethod
    def from_content(cls, content: dict) -> FormWording:
        return cls(content["language"], content["family"], content["german"])


@lru_cache(maxsize=1)
def languages() -> dict[str, FormLanguage]:
    """All form languages, German first, then by their German name."""
    found = {}
    for path in FORM_TEXTS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["code"]] = FormLanguage(data["code"], data["name"], data["german_name"], data["direction"],
                                           {key: str(value) for key, value in data["texts"].items()})
    return dict(sorted(found.items(), key=lambda item: (not item[1].is_german, item[1].german_name)))


def language(code: str) -> FormLanguage:
    """The form language ``code`` (or an older alias), or a German error naming the valid codes."""
    code = ALIASES.get(code.strip().lower(), code.strip().lower())
    known = languages()
    if code not in known:
        raise InputError(f"Sprache „{code}“ gibt es für die Formulare nicht; vorhanden: {', '.join(known)}.")
    return known[code]


def current_wording(code: str) -> FormWording:
    """The wording a form in ``code`` has today, German beside it unless it is German already."""
    chosen = language(code)
    german = None if chosen.is_german else languages()[GERMAN].texts
    return FormWording(chosen.code, chosen.texts, german)
