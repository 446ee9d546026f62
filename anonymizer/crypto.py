"""Authenticated encryption (AES-256-GCM), key rings, and the one place keys are read from.

Keys come from ``KITA_ANON_KEY_FILE`` (a key ring file, see ``KeyRing``) or ``KITA_ANON_KEY`` (one
base64 key), never from the text or a policy. A token is
``version 2 | 4-byte key id | 12-byte nonce | ciphertext+tag``; the version and key id are
authenticated with the data, so a token names the key it needs and cannot be relabelled. Tokens of
version 1 (``1 | nonce | ciphertext+tag``, written before key ids existed) still decrypt: every key
of the ring is tried, AES-GCM tells the right one. A rotation re-encrypts them to version 2.
Without either, the server and the CLI use the embedded default (``with_default_key``): a key ring
file in the data directory, created the first time a key is needed.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymizer.config import Settings, get_settings

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_BYTES = 4
TOKEN_V1 = b"\x01"  # before key ids: no id in the token
TOKEN_VERSION = b"\x02"
KEY_RING_FORMAT = "kita-anon key ring v1"
KEY_ID_LABEL = b"kita-anon key id"
EMBEDDED_KEY_FILE = "schluessel.key"

log = logging.getLogger(__name__)


class KeyConfigurationError(RuntimeError):
    """No key, or a key that is not 32 bytes of base64."""


class DecryptionError(ValueError):
    """Wrong key or tampered data: the ciphertext did not authenticate."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def parse_key(encoded: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(encoded.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise KeyConfigurationError("Der Schlüssel ist kein gültiges Base64.") from None
    if len(key) != KEY_BYTES:
        raise KeyConfigurationError(f"Der Schlüssel muss {KEY_BYTES} Byte lang sein, nicht {len(key)}.")
    return key


def key_id(key: bytes) -> str:
    """A key's id: 8 hex digits derived from the key itself (an HMAC, so it reveals nothing of the key).
    Derived rather than assigned, so a plain old key file has an id without being rewritten."""
    return hmac.new(key, KEY_ID_LABEL, hashlib.sha256).hexdigest()[: 2 * KEY_ID_BYTES]


@dataclass(frozen=True)
class KeyRing:
    """The key that encrypts (``active``) and the older keys still needed to decrypt (``retired``)
    until a rotation has re-encrypted everything; then the ring holds the active key alone."""

    active: bytes
    retired: tuple[bytes, ...] = ()

    @classmethod
    def of(cls, key: bytes | KeyRing) -> KeyRing:
        return key if isinstance(key, KeyRing) else cls(key)

    @property
    def active_id(self) -> str:
        return key_id(self.active)

    @property
    def keys(self) -> tuple[bytes, ...]:
        return (self.active, *self.retired)

    def find(self, wanted_id: str) -> bytes | None:
        return next((candidate for candidate in self.keys if key_id(candidate) == wanted_id), None)

    def key(self, wanted_id: str) -> bytes:
        found = self.find(wanted_id)
        if found is None:
            raise DecryptionError(f"Falscher Schlüssel oder veränderte Daten: Schlüssel {wanted_id} fehlt im Schlüsselbund.")
        return found

    def rotated(self, new_key: bytes) -> KeyRing:
        """``new_key`` encrypts from now on; every key before it stays for decrypting."""
        return KeyRing(new_key, tuple(k for k in self.keys if k != new_key))

    def finished(self) -> KeyRing:
        """After re-encryption: the retired keys are no longer needed."""
        return KeyRing(self.active)

    def to_json(self) -> str:
        def entry(key: bytes) -> dict[str, str]:
            return {"id": key_id(key), "key": base64.urlsafe_b64encode(key).decode("ascii")}

        return json.dumps({"format": KEY_RING_FORMAT, "active": entry(self.active),
                           "retired": [entry(key) for key in self.retired]}, indent=2) + "\n"

    @classmethod
    def parse(cls, text: str) -> KeyRing:
        """A key ring file, or an old key file holding one base64 key (read as a ring of one)."""
        if not text.lstrip().startswith("{"):
            return cls(parse_key(text))
        try:
            data = json.loads(text)
            entries = [data["active"], *data.get("retired", [])]
            if data.get("format") != KEY_RING_FORMAT:
                raise KeyError("format")
            keys = [parse_key(entry["key"]) for entry in entries]
            ids = [entry["id"] for entry in entries]
        except (ValueError, KeyError, TypeError):
            raise KeyConfigurationError("Der Schlüsselbund ist beschädigt (kein gültiges Format).") from None
        if ids != [key_id(key) for key in keys]:
            raise KeyConfigurationError("Der Schlüsselbund ist beschädigt (Schlüssel-ID passt nicht zum Schlüssel).")
        return cls(keys[0], tuple(keys[1:]))


def write_key_ring(path: Path, ring: KeyRing) -> None:
    """Replace ``path`` atomically and durably: written to a temporary file, fsynced, then renamed, so
    a crash leaves either the old or the new ring, never half of one. Readable only by its owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(ring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def write_key_file(path: Path) -> None:
    """Create a new key ring with one fresh key, readable only by its owner; never overwrite a key.

    The key is written to a temporary file first and then linked into place, so a second process
    creating the same file at the same moment never reads a half-written key (``FileExistsError``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(KeyRing(parse_key(generate_key())).to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        os.unlink(temporary)


def with_default_key(settings: Settings | None = None) -> Settings:
    """Settings that name a key: the configured one, or else the embedded default, a key file in the
    data directory that ``load_key`` creates (owner-only) the first time a key is needed.
    The server and every CLI command that may need the key use this, so both share one key."""
    settings = settings or get_settings()
    if settings.key_file is not None or settings.key:
        return settings
    return settings.model_copy(update={"key_file": settings.data_dir / EMBEDDED_KEY_FILE})


def read_key_ring(path: Path) -> KeyRing:
    try:
        return KeyRing.parse(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        raise KeyConfigurationError(f"Schlüsseldatei {path} nicht gefunden.") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError):
        raise KeyConfigurationError(f"Schlüsseldatei {path} ist nicht lesbar.") from None


def load_key_ring(settings: Settings | None = None) -> KeyRing:
    settings = settings or get_settings()
    if settings.key_file is not None:
        if settings.key_file == settings.data_dir / EMBEDDED_KEY_FILE and not settings.key_file.exists():
            _create_embedded_key(settings.key_file)
        return read_key_ring(settings.key_file)
    if settings.key:
        return KeyRing(parse_key(settings.key))
    raise KeyConfigurationError("Kein Schlüssel: KITA_ANON_KEY_FILE oder KITA_ANON_KEY setzen.")


def _create_embedded_key(path: Path) -> None:
    try:
        write_key_file(path)
    except FileExistsError:
        return  # another process created it just now: use that one
    except OSError as error:
        raise KeyConfigurationError(f"Schlüsseldatei {path} kann nicht angelegt werden ({error.strerror}).") from None
    # A warning reaches stderr even where nothing configured logging (Python's last-resort handler),
    # so a CLI user learns of the new key without it mixing into the command's output.
    log.warning("Neuer Schlüssel für das Einwilligungsregister: %s (sicher aufbewahren).", path)


def load_key(settings: Settings | None = None) -> bytes:
    """The active key alone, for what derives keys from it (hash pseudonyms)."""
    return load_key_ring(settings).active


def token_key_id(token: bytes) -> str | None:
    """The id of the key a token was made with; None for a version-1 token, which names none."""
    if token[:1] == TOKEN_VERSION and len(token) > 1 + KEY_ID_BYTES:
        return token[1 : 1 + KEY_ID_BYTES].hex()
    return None


def encrypt(plaintext: bytes, key: bytes | KeyRing, associated_data: bytes = b"") -> bytes:
    active = KeyRing.of(key).active
    header = TOKEN_VERSION + bytes.fromhex(key_id(active))
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + AESGCM(active).encrypt(nonce, plaintext, header + associated_data)


def decrypt(token: bytes, key: bytes | KeyRing, associated_data: bytes = b"") -> bytes:
    ring = KeyRing.of(key)
    if token[:1] == TOKEN_VERSION and len(token) >= 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES:
        header, body = token[: 1 + KEY_ID_BYTES], token[1 + KEY_ID_BYTES :]
        return _open(ring.key(header[1:].hex()), body, header + associated_data)
    if token[:1] == TOKEN_V1 and len(token) >= 1 + NONCE_BYTES + TAG_BYTES:
        for candidate in ring.keys:
            try:
                return _open(candidate, token[1:], associated_data)
            except DecryptionError:
                continue
        raise DecryptionError("Falscher Schlüssel oder veränderte Daten.")
    raise DecryptionError("Die verschlüsselten Daten sind unvollständig oder beschädigt.")


def _open(key: bytes, body: bytes, associated_data: bytes) -> bytes:
    nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, associated_data)
    except InvalidTag:
        raise DecryptionError("Falscher Schlüssel oder veränderte Daten.") from None
