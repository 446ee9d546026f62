"""Consent forms in the district's languages: every language renders for a real consent, beside the
binding German text; what was signed is provable (version + hash) and survives later text changes."""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from anonymizer.consent import languages as form_languages
from anonymizer.consent.form import consent_form, revocation_form
from anonymizer.consent.languages import FormWording, current_wording, languages
from anonymizer.consent.rights import export_family, export_html
from anonymizer.consent.schemas import ContactInput
from anonymizer.errors import InputError
from consent.register_data import HELPER, MOTHER, consent_input, raw_sql

REQUIRED = {"de", "de-einfach", "tr", "ar", "ru", "uk", "pl", "ro", "bg", "en", "fr", "fa", "kmr", "sq", "ti"}
# Letters only the language's script (or its own alphabet) has: the page must really be in that language.
SCRIPT = {
    "ar": r"[\u0600-\u06FF]", "fa": r"[\u0600-\u06FF]", "ru": r"[\u0400-\u04FF]", "uk": r"[іїєґ]",
    "bg": r"[\u0400-\u04FF]", "ti": r"[\u1200-\u137F]", "tr": r"[şğı]", "pl": r"[ąęłżś]", "ro": r"[ăâșț]",
    "sq": r"ë", "fr": r"[éèç]", "kmr": r"[îêûş]", "en": r"\bconsent\b",
}
CONTACT = ContactInput(person="Nadia Berger", address="Lindenstraße 3, 30179 Hannover", phone="0511 1234567",
                       email="kita@example.org")


def test_the_district_languages_are_there_with_the_same_texts():
    assert REQUIRED <= set(languages())
    german_keys = set(languages()["de"].texts)
    for code, language in languages().items():
        assert set(language.texts) == german_keys, code
        assert all(language.texts[key].strip() for key in german_keys - {"binding"}), code
        if not language.is_german:  # each translation says, in its own language, that German binds
            assert language.texts["binding"].strip(), code


@pytest.mark.parametrize("code", sorted(REQUIRED - {"de", "de-einfach"}))
def test_every_language_renders_beside_german_for_a_real_consent(store, family, code):
    consent = store.add_consent(consent_input(family.id, language=code))
    page = html.unescape(consent_form(store, consent.id))
    texts = languages()[code].texts
    assert texts["title"] in page and languages()["de"].texts["title"] in page  # side by side
    assert texts["binding"] in page
    assert re.search(SCRIPT[code], page, re.IGNORECASE), code
    assert MOTHER in page and f"Familienhilfe Lotse" in page and HELPER in page
    assert "31.12.2026" in page  # placeholders filled in
    assert "Vorschau" not in page  # the sheet to sign
    direction = "rtl" if code in ("ar", "fa") else "ltr"
    assert f'lang="{code}" dir="{direction}"' in page
    assert 'lang="de" dir="ltr"' in page


def test_arabic_and_persian_are_right_to_left(store, family):
    for code in ("ar", "fa"):
        assert languages()[code].direction == "rtl"
        consent = store.add_consent(consent_input(family.id, language=code))
        assert 'dir="rtl"' in consent_form(store, consent.id)
        assert 'dir="rtl"' in revocation_form(store, consent.id)


def test_the_revocation_contact_is_on_every_form(store, family):
    store.set_contact("Kita Sonnenschein", CONTACT)
    for code in languages():
        consent = store.add_consent(consent_input(family.id, language=code))
        for page in (consent_form(store, consent.id), revocation_form(store, consent.id)):
            for value in (CONTACT.person, CONTACT.phone, CONTACT.email, "Kita Sonnenschein"):
                assert value in page, (code, value)
            assert languages()[code].texts["contact_title"] in html.unescape(page)


def test_without_a_recorded_contact_the_form_leaves_lines_to_fill_in(store, family):
    consent = store.add_consent(consent_input(family.id, language="tr"))
    page = revocation_form(store, consent.id)
    assert "Kita Sonnenschein" in page and page.count('class="fill"') >= 4


def test_the_consent_records_language_version_hash_and_explanation(store, family):
    consent = store.add_consent(consent_input(
        family.id, language="tr", explanation="mit Dolmetschung", interpreter="Sprachmittlerdienst Nord",
    ))
    assert consent.language == "tr" and consent.form_version == 1
    assert consent.form_sha256 == current_wording("tr").sha256
    assert (consent.explanation, consent.interpreter) == ("mit Dolmetschung", "Sprachmittlerdienst Nord")
    again = store.add_consent(consent_input(family.id, language="tr"))
    assert (again.form_version, again.form_sha256) == (1, consent.form_sha256)  # same wording, same version


def test_an_interpreter_must_be_named(store, family):
    with pytest.raises(Exception, match="wer gedolmetscht hat"):
        consent_input(family.id, language="ar", explanation="mit Dolmetschung")


def test_an_unknown_language_is_a_german_error(store, family):
    with pytest.raises(Exception, match="Sprache „xx“ gibt es für die Formulare nicht"):
        consent_input(family.id, language="xx")
    consent = store.add_consent(consent_input(family.id))
    with pytest.raises(InputError, match="vorhanden: de, de-einfach"):
        consent_form(store, consent.id, "klingonisch")


def test_the_export_reproduces_the_exact_signed_form(store, family):
    consent = store.add_consent(consent_input(family.id, language="uk", explanation="vorgelesen und erklärt"))
    exported = export_family(store, family.id, "Kita Sonnenschein")["einwilligungen"][0]
    wording = FormWording.from_content(exported["formular_wortlaut"])
    assert wording.sha256 == exported["form_sha256"] == consent.form_sha256
    assert exported["language"] == "uk" and exported["form_version"] == 1
    assert wording.family == languages()["uk"].texts and wording.german == languages()["de"].texts
    page = export_html(export_family(store, family.id, "Kita Sonnenschein"))
    assert consent.form_sha256 in page and "vorgelesen und erklärt" in page
    assert consent.form_sha256 in consent_form(store, consent.id)


def test_a_changed_form_text_is_a_new_version_and_old_consents_keep_theirs(store, family, tmp_path, monkeypatch):
    before = store.add_consent(consent_input(family.id, language="tr"))
    old_title = languages()["tr"].texts["title"]
    changed = tmp_path / "form_texts"
    shutil.copytree(form_languages.FORM_TEXTS, changed)
    source = (changed / "tr.yaml").read_text(encoding="utf-8")
    (changed / "tr.yaml").write_text(source.replace(old_title, "Ortak görüşmeler için onay formu"), encoding="utf-8")
    monkeypatch.setattr(form_languages, "FORM_TEXTS", changed)
    form_languages.languages.cache_clear()
    try:
        after = store.add_consent(consent_input(family.id, language="tr"))
        assert (after.form_version, before.form_version) == (2, 1)
        assert after.form_sha256 != before.form_sha256
        old_page, new_page = consent_form(store, before.id), consent_form(store, after.id)
        assert old_title in html.unescape(old_page) and "Ortak görüşmeler için onay formu" not in old_page
        assert "Ortak görüşmeler için onay formu" in new_page
        assert store.consent(before.id).form_sha256 == before.form_sha256
        assert store.verify() == []
    finally:
        form_languages.languages.cache_clear()


def test_another_language_prints_as_a_preview_not_as_the_signed_sheet(store, family):
    consent = store.add_consent(consent_input(family.id, language="de"))
    preview = consent_form(store, consent.id, "ro")
    assert "Vorschau – nicht zur Unterschrift" in preview and languages()["ro"].texts["title"] in preview
    assert "Vorschau" not in consent_form(store, consent.id, "de")


def test_verify_notices_a_changed_stored_form_text(store, family, database_url):
    store.add_consent(consent_input(family.id, language="pl"))
    raw_sql(database_url, "UPDATE form_versions SET content = replace(content, 'Zgoda', 'Zgodа')")
    assert any("Formularfassung pl 1 wurde verändert" in problem for problem in store.verify())


def test_revocations_record_how_they_came(store, family):
    consent = store.add_consent(consent_input(family.id))
    revoked = store.revoke(consent.id, MOTHER, "Kita Sonnenschein", channel="Brief")
    assert revoked.revocations[0].channel == "Brief"
    other = store.add_consent(consent_input(family.id))
    with pytest.raises(InputError, match="erlaubt: mündlich, Brief, E-Mail"):
        store.revoke(other.id, MOTHER, "Kita Sonnenschein", channel="Brieftaube")


def test_consents_from_before_form_languages_still_verify_and_print(store, family, database_url):
    consent = store.add_consent(consent_input(family.id))
    # A consent as the register held it before migration 0004_forms: no language, no form version.
    raw_sql(database_url, f"UPDATE consents SET language = NULL, form_version_id = NULL WHERE id = {consent.id}")
    problems = store.verify()
    assert problems and all("Einwilligung" in p for p in problems)  # a direct edit is still named...
    legacy = store.consent(consent.id)
    assert legacy.language is None and legacy.form_version is None
    page = consent_form(store, consent.id)
    assert "aktuelle Fassung" in page and "Vorschau" not in page


def test_the_stored_wording_is_canonical_json(store, family, database_url):
    consent = store.add_consent(consent_input(family.id, language="sq"))
    wording = store.signed_wording(consent.id)
    assert json.loads(json.dumps(wording.content())) == wording.content()
