"""Key configuration: every way of getting it wrong ends in one German sentence, never a traceback."""
from __future__ import annotations

import pytest

from anonymizer import crypto
from anonymizer.config import Settings


def test_a_key_file_round_trip(tmp_path):
    key_file = tmp_path / "schluessel.key"
    crypto.write_key_file(key_file)
    key = crypto.load_key(Settings(key_file=key_file))
    assert crypto.decrypt(crypto.encrypt(b"Leon", key, b"ctx"), key, b"ctx") == b"Leon"
    assert key_file.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        crypto.write_key_file(key_file)  # an existing key is never overwritten


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "Kein Schlüssel"),
        ({"key_file": ""}, "Kein Schlüssel"),  # an empty variable means "not set"
        ({"key_file": "{tmp}"}, "nicht lesbar"),  # a directory
        ({"key_file": "{tmp}/fehlt.key"}, "nicht gefunden"),
        ({"key": "kein-base64!"}, "Base64"),
        ({"key": "c2hvcnQ="}, "32 Byte"),
    ],
)
def test_bad_key_configuration_is_a_clear_error(tmp_path, settings, message):
    values = {name: value.format(tmp=tmp_path) for name, value in settings.items()}
    with pytest.raises(crypto.KeyConfigurationError, match=message):
        crypto.load_key(Settings(_env_file=None, **values))


def test_wrong_key_or_tampering_never_returns_garbage():
    key, other = crypto.parse_key(crypto.generate_key()), crypto.parse_key(crypto.generate_key())
    token = bytearray(crypto.encrypt(b"Ayse Yilmaz", key))
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(token), other)
    token[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(token), key)
