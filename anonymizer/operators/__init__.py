"""Operators: how a found span is replaced. One module per operator; importing it registers it.

``placeholder`` [PERSON_1] · ``role`` Kind A / Mutter von Kind A · ``surrogate`` realistic fakes ·
``generalise`` 3–4 J., März 2025 · ``redact`` · ``mask`` · ``hash`` (keyed HMAC) · ``encrypt``
(AES-GCM, reversible with ``kita-anon deanonymize``).
"""
from __future__ import annotations

from anonymizer.operators import (  # noqa: F401  (importing registers)
    encrypt,
    generalise,
    hash,
    mask,
    placeholder,
    redact,
    role,
    surrogate,
)
from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.registry import OPERATORS, build_operator, register_operator

__all__ = ["OPERATORS", "DocumentContext", "Mention", "Operator", "build_operator", "register_operator"]
