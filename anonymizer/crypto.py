"""Authenticated encryption (AES-256-GCM) and the one place keys are read from.

Keys come from ``KITA_ANON_KEY_FILE`` (a file holding a base64 key) or ``KITA_ANON_KEY``,
never from the text or a policy. Without either, the server and the CLI use the embedded default
(``with_default_key``): a key file in the data directory, created the first time a key is needed.
A token is ``version byte | 12-byte nonce | ciphertext+tag``.
"""
from __future__ import annotations

import base64
import logging
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymizer.config import Settings, get_settings

KEY_BYTES = 32
NONCE_BYTES = 12
TOKEN_VERSION = b"\x01"
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


def write_key_file(path: Path) -> None:
    """Create a new key file readable only by its owner; never overwrite an existing key.

    The key is written to a temporary file first and then linked into place, so a second process
    creating the same file at the same moment never reads a half-written key (``FileExistsError``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(generate_key() + "\n")
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


def load_key(settings: Settings | None = None) -> bytes:
    settings = settings or get_settings()
    if settings.key_file is not None:
        if settings.key_file == settings.data_dir / EMBEDDED_KEY_FILE and not settings.key_file.exists():
            _create_embedded_key(settings.key_file)
        try:
            return parse_key(settings.key_file.read_text(encoding="ascii"))
        except FileNotFoundError:
            raise KeyConfigurationError(f"Schlüsseldatei {settings.key_file} nicht gefunden.") from None
        except (IsADirectoryError, PermissionError, UnicodeDecodeError):
            raise KeyConfigurationError(f"Schlüsseldatei {settings.key_file} ist nicht lesbar.") from None
    if settings.key:
        return parse_key(settings.key)
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


def encrypt(plaintext: bytes, key: bytes, associated_data: bytes = b"") -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return TOKEN_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def decrypt(token: bytes, key: bytes, associated_data: bytes = b"") -> bytes:
    if len(token) < 1 + NONCE_BYTES + 16 or token[:1] != TOKEN_VERSION:
        raise DecryptionError("Die verschlüsselten Daten sind unvollständig oder beschädigt.")
    nonce, ciphertext = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, associated_data)
    except InvalidTag:
        raise DecryptionError("Falscher Schlüssel oder veränderte Daten.") from None
