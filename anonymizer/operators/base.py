"""What every operator sees: one mention at a time, plus the state of the whole document.

Presidio's ``AnonymizerEngine`` applies one operator configuration per entity type and hands an
operator only the span's text. Our operators need more: which *person* a mention belongs to
(alias linking), the person's role in the case, and numbering that is stable across a document.
So operators share Presidio's shape (a name, validated options, one call per span) but get a
``Mention`` and a ``DocumentContext`` instead of a bare string.
"""
from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from anonymizer.linking import PersonName


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class Mention:
    """One span to replace. ``entity`` is the same for every mention of the same person or value."""

    start: int
    end: int
    label: str
    text: str
    entity: str
    canonical: str  # the value in folded form; for persons the linked full name
    name: PersonName | None = None  # only for PERSON: title, given names, surname, genitive

    @property
    def genitive(self) -> bool:
        return self.name is not None and self.name.genitive


@dataclass
class DocumentContext:
    """Per-document state shared by all operators: numbering, random source, key, caches."""

    text: str
    labels: dict[str, str]
    mentions: list[Mention]
    rng: random.Random
    key_provider: Callable[[], bytes]
    known_roles: dict[str, str] = field(default_factory=dict)  # folded full name -> role (roster)
    institution: str | None = None  # whose spans and pseudonyms these are (the web user's institution)
    _numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    _caches: dict[str, dict[Any, Any]] = field(default_factory=dict)
    _key: bytes | None = None

    def label(self, entity_label: str) -> str:
        return self.labels.get(entity_label, entity_label)

    def number(self, mention: Mention) -> int:
        """1, 2, 3 ... per entity type in order of first appearance; the same entity keeps its number."""
        numbers = self._numbers.setdefault(mention.label, {})
        return numbers.setdefault(mention.entity, len(numbers) + 1)

    def placeholder(self, mention: Mention) -> str:
        return with_genitive(f"[{self.label(mention.label)}_{self.number(mention)}]", mention)

    def cache(self, name: str) -> dict[Any, Any]:
        return self._caches.setdefault(name, {})

    @property
    def key(self) -> bytes:
        """The network key, read only when an operator needs it (hash, encrypt)."""
        if self._key is None:
            self._key = self.key_provider()
        return self._key


def with_genitive(value: str, mention: Mention) -> str:
    """Keep the grammar of "Leons Mutter": the replacement gets the genitive ending back."""
    if not mention.genitive:
        return value
    return value + ("’" if value[-1:] in {"s", "x", "z", "ß"} else "s")


class Operator(ABC):
    """Replace one mention. Return ``None`` to fall back to the placeholder."""

    name: ClassVar[str]
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel):
        self.options = options

    @abstractmethod
    def replace(self, mention: Mention, context: DocumentContext) -> str | None: ...
