"""Reversible replacement: ``[[enc:PERSON:…]]`` holds the span, AES-256-GCM encrypted.

Each span gets a random nonce; the entity type is authenticated with it, so changing either the
token or its label makes decryption fail instead of returning garbage. In the web service the user's
institution is authenticated too: only that institution can decrypt the span again (another one gets
``DecryptionError``, as for a wrong key). ``decrypted_spans`` finds and decrypts them again.
"""
from __future__ import annotations

import base64
import binascii
import re

from anonymizer.crypto import DecryptionError, KeyRing, decrypt, encrypt
from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.registry import register_operator

MARKER = re.compile(r"\[\[enc:([A-Z_]+):([A-Za-z0-9_-]+={0,2})\]\]")
MARKER_START = "[[enc:"


def _associated_data(label: str, institution: str | None) -> bytes:
    scope = "" if institution is None else f" institution {institution}"
    return f"kita-anon span {label}{scope}".encode()


@register_operator
class Encrypt(Operator):
    name = "encrypt"

    def replace(self, mention: Mention, context: DocumentContext) -> str:
        token = encrypt(mention.text.encode(), context.key, _associated_data(mention.label, context.institution))
        return f"[[enc:{mention.label}:{base64.urlsafe_b64encode(token).decode('ascii')}]]"


def count_spans(text: str) -> int:
    """How many encrypted spans ``text`` claims to hold (complete or not)."""
    return text.count(MARKER_START)


def decrypted_spans(text: str, key: bytes | KeyRing, institution: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, original) for every encrypted span in ``text`` that was encrypted for ``institution``.

    Raises ``DecryptionError`` for a wrong key, a changed token, or a marker that was cut.
    """
    spans = []
    for match in MARKER.finditer(text):
        try:
            token = base64.urlsafe_b64decode(match.group(2))
        except (binascii.Error, ValueError):
            raise DecryptionError("Ein verschlüsselter Abschnitt ist beschädigt.") from None
        original = decrypt(token, key, _associated_data(match.group(1), institution)).decode("utf-8")
        spans.append((match.start(), match.end(), original))
    if count_spans(text) != len(spans):
        raise DecryptionError("Ein verschlüsselter Abschnitt ist unvollständig oder verändert.")
    return spans
