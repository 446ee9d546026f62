"""The operator registry: an operator module decorates its class with ``@register_operator``."""
from __future__ import annotations

from typing import Any

from anonymizer.operators.base import Operator

OPERATORS: dict[str, type[Operator]] = {}


def register_operator(cls: type[Operator]) -> type[Operator]:
    if cls.name in OPERATORS:
        raise ValueError(f"operator {cls.name} registered twice")
    OPERATORS[cls.name] = cls
    return cls


def build_operator(name: str, options: dict[str, Any] | None = None) -> Operator:
    """A ready operator; ``options`` are validated by the operator's own pydantic ``Options`` model."""
    try:
        cls = OPERATORS[name]
    except KeyError:
        raise ValueError(f"unbekannter Operator '{name}' (erlaubt: {', '.join(sorted(OPERATORS))})") from None
    return cls(cls.Options.model_validate(options or {}))
