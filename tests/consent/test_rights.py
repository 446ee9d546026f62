"""Art. 15 export (JSON and HTML), Art. 17 erasure, and the consent form."""
from __future__ import annotations

import json

import pytest

from anonymizer.consent import rights
from anonymizer.consent.form import consent_form
from anonymizer.errors import InputError
from consent.register_data import CHILD, HELPER, MOTHER, SECRETS, ciphertexts, consent_input, database_files, stored_values


def test_export_holds_everything_about_the_family(store, family, consent):
    store.revoke(consent.id, MOTHER, "Familienhilfe Lotse", reason="Umzug")
    data = json.loads(rights.export_json(rights.export_family(store, family.id, "Kita Sonnenschein")))
    assert [m["name"] for m in data["familie"]["members"]] == [MOTHER, CHILD]
    [exported] = data["einwilligungen"]
    assert exported["given_by"] == MOTHER
    assert exported["participants"][1] == {"institution": "Familienhilfe Lotse", "staff": HELPER}
    assert exported["revocations"][0]["reason"] == "Umzug"
    assert [e["vorgang"] for e in data["protokoll"]] == [
        "Familie eingetragen", "Einwilligung eingetragen", "Einwilligung widerrufen"
    ]
    assert store.audit_entries()[-1].action == "data_exported"


def test_export_html_is_readable_german_and_escaped(store):
    family = store.add_family([{"name": "Anna <b>Krause</b>", "role": "Mutter"}], "Kita Sonnenschein")
    store.add_consent(consent_input(family.id, given_by="Anna Krause"))
    page = rights.export_html(rights.export_family(store, family.id))
    assert "Auskunft über gespeicherte Angaben (Art. 15 DSGVO)" in page
    assert "Anna &lt;b&gt;Krause&lt;/b&gt;" in page and "<b>Krause" not in page
    assert "01.01.2026 bis 31.12.2026" in page
    assert "Einwilligung eingetragen" in page


def test_erasure_leaves_only_audit_entries_without_names(store, database_url, family, consent):
    other = store.add_family([{"name": "Olga Petrova"}], "Kita Regenbogen")
    store.revoke(consent.id, MOTHER, "Kita Sonnenschein")
    tokens = ciphertexts(stored_values(database_url))
    summary = rights.erase_family(store, family.id, "Kita Sonnenschein")
    assert summary == {"consents": 1, "revocations": 1}
    with pytest.raises(InputError):
        store.family(family.id)
    assert store.consents(family_id=family.id) == []
    assert store.family(other.id).members[0].name == "Olga Petrova"
    values = stored_values(database_url)
    for secret in SECRETS:
        assert not any(secret.encode() in value for value in values)
    after = stored_values(database_url)
    assert sum(value in after for value in tokens) == 1  # only Olga's names remain
    if database_url.startswith("sqlite"):  # secure_delete: not even left in the file's free pages
        raw = b"".join(path.read_bytes() for path in database_files(database_url))
        assert sum(value in raw for value in tokens) == 1
    actions = [e.action for e in store.audit_entries()]
    assert actions[-2:] == ["consent_erased", "family_erased"]
    assert "consent_added" in actions  # the proof that consent existed stays, without names
    assert store.verify() == []


def test_consent_form_in_plain_german(store, consent):
    page = consent_form(store, consent.id)
    for expected in (MOTHER, CHILD, "Familienhilfe Lotse, vertreten durch " + HELPER, "Fallberatung mit Familie",
                     "Sprachförderung von Leon gemeinsam planen", "Vom 01.01.2026 bis zum 31.12.2026",
                     "jederzeit ohne Angabe von Gründen", "Unterschrift"):
        assert expected in page
    assert "@media print" in page


def test_consent_form_in_simple_language(store, family):
    verbal = store.add_consent(consent_input(family.id, form="mündlich", witness="Petra Lang"))
    page = consent_form(store, verbal.id, "einfach")
    for expected in ("Sie können jederzeit Nein sagen.", "Bis zum 31.12.2026.", "Kita Sonnenschein",
                     f"Familienhilfe Lotse ({HELPER})", "Zeugin oder Zeuge: Petra Lang"):
        assert expected in page
