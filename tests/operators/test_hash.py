"""hash: keyed HMAC-SHA256, stable per network key, not guessable without it."""
from __future__ import annotations

import hashlib
import re

from anonymization_support import TEST_KEY, policy, run, spans

from anonymizer.anonymization import anonymize_findings

TEXT = "Frau Ayşe Yılmaz ruft an. Frau Yılmaz ist besorgt."


def hashed(text: str, key: bytes = TEST_KEY) -> str:
    return anonymize_findings(text, spans(text, "Ayşe Yılmaz", "Yılmaz"), policy("hash", "PERSON"), key_provider=lambda: key).text


def test_aliases_hash_alike_and_the_name_is_gone():
    output = hashed(TEXT)
    tokens = re.findall(r"\[PERSON_([0-9a-f]{12})\]", output)
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert "Yılmaz" not in output


def test_same_key_same_hash_across_documents_other_key_other_hash():
    other_note = "Termin mit Ayşe Yılmaz am Montag."
    first = re.search(r"PERSON_(\w+)", hashed(TEXT)).group(1)
    second = re.search(r"PERSON_(\w+)", hashed(other_note)).group(1)
    assert first == second
    assert re.search(r"PERSON_(\w+)", hashed(TEXT, bytes(32))).group(1) != first


def test_hash_is_not_a_plain_hash_of_the_name():
    token = re.search(r"PERSON_(\w+)", hashed(TEXT)).group(1)
    for candidate in ("ayse yilmaz", "Ayşe Yılmaz", "PERSON\x00ayse yilmaz"):
        assert hashlib.sha256(candidate.encode()).hexdigest()[:12] != token


def test_length_option():
    text = "Tel. 0421 123456"
    result = run(text, spans(text, ("0421 123456", "PHONE_NUMBER")), "hash")
    assert re.fullmatch(r"Tel\. \[TELEFON_[0-9a-f]{12}\]", result.text)
