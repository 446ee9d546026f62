"""Keyed hash: ``[PERSON_3fa2c19b0e1d]``, HMAC-SHA256 under a key derived from the network key.

The same person or value hashes the same within one network key and institution (across documents,
too), and without the key nobody can test guesses such as a list of common names. In the web service
the key is derived per institution, so a user of one institution cannot compute another's
pseudonyms (and so test guesses against its documents). Persons are hashed by
their linked full name, so "Frau Yılmaz" and "Ayşe Yılmaz" in one note give one hash.
"""
from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field

from anonymizer.operators.base import DocumentContext, Mention, Operator, with_genitive
from anonymizer.operators.registry import register_operator

HASH_KEY_INFO = b"kita-anon hash operator v1"


class HashOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    length: int = Field(default=12, ge=8, le=64, description="Hex digits shown.")


def hash_key(network_key: bytes, institution: str | None = None) -> bytes:
    """A separate key for hashing, so the encryption key is never used for two purposes; one per
    institution when one is given."""
    info = HASH_KEY_INFO if institution is None else HASH_KEY_INFO + f" institution {institution}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(network_key)


@register_operator
class Hash(Operator):
    name = "hash"
    Options = HashOptions

    def replace(self, mention: Mention, context: DocumentContext) -> str:
        key = context.cache("hash").setdefault("key", hash_key(context.key, context.institution))
        message = f"{mention.label}\x00{mention.canonical}".encode()
        digest = hmac.new(key, message, hashlib.sha256).hexdigest()[: self.options.length]
        return with_genitive(f"[{context.label(mention.label)}_{digest}]", mention)
