"""encrypt: AES-GCM per span, restored exactly by deanonymize; wrong key or tampering fails."""
from __future__ import annotations

import re

import pytest
from anonymization_support import TEST_KEY, run, spans
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymizer.anonymization import deanonymize
from anonymizer.crypto import DecryptionError
from anonymizer.detection import Finding

TEXT = "Frau Ayşe Yılmaz (KM) ist unter 0176-12345678 erreichbar; Leons Mutter, Frau Yılmaz, kommt."


@pytest.fixture(scope="module")
def encrypted() -> str:
    return run(TEXT, spans(TEXT, "Ayşe Yılmaz", "Leons", "Yılmaz", ("0176-12345678", "PHONE_NUMBER")), "encrypt").text


def test_round_trip_restores_the_exact_original(encrypted):
    assert "Yılmaz" not in encrypted and "0176" not in encrypted
    assert re.search(r"\[\[enc:PERSON:[A-Za-z0-9_-]+=*\]\]", encrypted)
    assert deanonymize(encrypted, TEST_KEY) == TEXT


def test_every_span_has_its_own_nonce(encrypted):
    tokens = re.findall(r"\[\[enc:PERSON:([^\]]+)\]\]", encrypted)
    assert len(tokens) == len(set(tokens)) == 3


def test_wrong_key_fails(encrypted):
    with pytest.raises(DecryptionError):
        deanonymize(encrypted, bytes(32))


def test_changed_token_fails(encrypted):
    start = encrypted.index("[[enc:PERSON:") + len("[[enc:PERSON:") + 20
    flipped = "A" if encrypted[start] != "A" else "B"
    with pytest.raises(DecryptionError):
        deanonymize(encrypted[:start] + flipped + encrypted[start + 1 :], TEST_KEY)


def test_changed_label_fails(encrypted):
    with pytest.raises(DecryptionError):
        deanonymize(encrypted.replace("[[enc:PHONE_NUMBER:", "[[enc:PERSON:", 1), TEST_KEY)


def test_cut_marker_fails(encrypted):
    cut = encrypted[: encrypted.index("]]")]
    with pytest.raises(DecryptionError):
        deanonymize(cut, TEST_KEY)


def test_text_without_markers_comes_back_unchanged():
    assert deanonymize("nichts verschlüsselt", TEST_KEY) == "nichts verschlüsselt"


words = st.sampled_from(["Frau", "Herr", "Ayşe", "Yılmaz", "Leons", "Mutter", "sagt", "(4)", "0176-1234", "und", "Kita", "’s"])


@settings(max_examples=60, deadline=None)
@given(tokens=st.lists(words, min_size=1, max_size=14), separators=st.lists(st.sampled_from([" ", ", ", "\n", ". "]), min_size=14, max_size=14), data=st.data())
def test_any_spans_round_trip_exactly(tokens, separators, data):
    """Titles taken in, genitives, further mentions added: whatever the spans become,
    deanonymize gives back the exact text."""
    text = "".join(token + separator for token, separator in zip(tokens, separators))
    starts, position = [], 0
    for token, separator in zip(tokens, separators):
        starts.append((position, position + len(token)))
        position += len(token) + len(separator)
    chosen = data.draw(st.lists(st.sampled_from(starts), unique=True, max_size=len(starts)))
    label = data.draw(st.sampled_from(["PERSON", "PHONE_NUMBER"]))
    findings = [Finding(s, e, label, 0.9, "Test", "", text[s:e]) for s, e in sorted(chosen)]
    encrypted = run(text, findings, "encrypt").text
    assert deanonymize(encrypted, TEST_KEY) == text
