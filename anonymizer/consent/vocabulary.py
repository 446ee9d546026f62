"""The register's vocabulary (``vocabulary.yaml``) and the matching of institutions and names."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from anonymizer.names import fold  # the project's one spelling-tolerant comparison key

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


class Category(BaseModel):
    name: str
    cues: list[str]


class InstitutionKind(BaseModel):
    name: str
    aliases: list[str]


class Vocabulary(BaseModel):
    categories: list[Category]
    roles: list[str]
    forms: dict[str, str]
    explanations: dict[str, str]
    revocation_channels: list[str]
    institution_kinds: list[InstitutionKind]
    joint_meeting_cues: list[str]
    participants_headers: list[str]
    date_headers: list[str]
    purpose_headers: list[str]

    @property
    def category_names(self) -> list[str]:
        return [category.name for category in self.categories]

    def category(self, name: str) -> str | None:
        """The category ``name`` means (its exact name or a cue word), or None."""
        key = fold(name)
        for category in self.categories:
            if key == fold(category.name) or key in {fold(cue) for cue in category.cues}:
                return category.name
        return None

    def institution_kind(self, institution: str) -> str | None:
        """The kind of ``institution`` ("Kita Sonnenschein" -> "Kita"), from its words."""
        words = f" {fold(institution)} "
        for kind in self.institution_kinds:
            if any(f" {fold(alias)} " in words for alias in kind.aliases):
                return kind.name
        return None

    def is_bare_kind(self, institution: str) -> bool:
        """True for a kind without a name of its own: "Familienhilfe", "das Jugendamt"."""
        key = re.sub(r"^(der|die|das|dem|den) ", "", fold(institution))
        return any(key == fold(alias) for kind in self.institution_kinds for alias in kind.aliases)


def same_institution(requested: str, registered: str, vocabulary: Vocabulary) -> bool:
    """``requested`` is ``registered``, or names only its kind ("Familienhilfe" for "SPFH Lotse")."""
    if fold(requested) == fold(registered):
        return True
    kind = vocabulary.institution_kind(requested)
    return (
        kind is not None
        and vocabulary.is_bare_kind(requested)
        and vocabulary.institution_kind(registered) == kind
    )


HONORIFICS = frozenset({"frau", "herr", "herrn", "fr", "hr", "dr", "familie", "fam"})


def name_tokens(name: str) -> frozenset[str]:
    return frozenset(fold(name).split()) - HONORIFICS


def same_person(said: str, registered: str) -> bool:
    """"Frau Yilmaz" is "Ayşe Yılmaz": all words said (without titles) are words of the registered name."""
    said_tokens = name_tokens(said)
    return bool(said_tokens) and said_tokens <= name_tokens(registered)


@lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    return Vocabulary.model_validate(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")))
