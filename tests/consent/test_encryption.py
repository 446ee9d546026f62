"""Personal columns are unreadable without the key; ciphertexts are bound to their place; rotation."""
from __future__ import annotations

import pytest

from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import DecryptionError, generate_key, parse_key
from anonymizer.db import get_engine
from consent.register_data import (
    MOTHER, REASON, SECRETS, WITNESS, ciphertexts, consent_input, database_files, raw_sql, stored_values,
)


@pytest.fixture
def filled(store, family):
    written = store.add_consent(consent_input(family.id))
    verbal = store.add_consent(consent_input(family.id, form="mündlich", witness=WITNESS))
    store.revoke(written.id, MOTHER, "Kita Sonnenschein", reason=REASON)
    return written, verbal


def test_no_name_or_free_text_is_stored_in_clear(database_url, filled):
    values = stored_values(database_url)
    for secret in SECRETS:
        assert not any(secret.encode("utf-8") in value for value in values), secret
    if database_url.startswith("sqlite"):  # the raw bytes on disk, database and write-ahead log
        raw = b"".join(path.read_bytes() for path in database_files(database_url))
        assert b"Kita Sonnenschein" in raw  # the scan does see clear text where there is some
        for secret in SECRETS:
            assert secret.encode("utf-8") not in raw, secret


def test_wrong_key_reads_nothing(database_url, family, filled):
    stranger = ConsentStore(get_engine(database_url), parse_key(generate_key()))
    with pytest.raises(DecryptionError):
        stranger.family(family.id)
    with pytest.raises(DecryptionError):
        stranger.consent(filled[0].id)


def test_ciphertext_moved_to_another_place_does_not_decrypt(store, database_url, filled):
    raw_sql(database_url, f"UPDATE consents SET purpose = given_by WHERE id = {filled[1].id}")
    with pytest.raises(DecryptionError):
        store.consent(filled[1].id)
    raw_sql(database_url, f"UPDATE consents SET given_by = (SELECT given_by FROM consents WHERE id = {filled[0].id})"
                          f" WHERE id = {filled[1].id}")
    with pytest.raises(DecryptionError):
        store.consent(filled[1].id)


def test_key_rotation_re_encrypts_everything(store, database_url, family, filled, key):
    before = stored_values(database_url)
    new_key = parse_key(generate_key())
    assert store.rotate_key(new_key) == 3  # one family, two consents
    assert ConsentStore(get_engine(database_url), new_key).consent(filled[0].id).revocations[0].reason == REASON
    assert store.family(family.id).members[0].name == MOTHER
    with pytest.raises(DecryptionError):
        ConsentStore(get_engine(database_url), key).family(family.id)
    after = stored_values(database_url)
    tokens = ciphertexts(before)
    assert tokens and not any(v in after for v in tokens)
    assert store.verify() == []
