"""`kita-anon consent ...` end to end, in German, against a real database and a real key file."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from anonymizer.cli import app
from anonymizer.config import Settings, get_settings
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import EMBEDDED_KEY_FILE, with_default_key, write_key_file
from consent.register_data import HELPER, MOTHER, raw_sql


@pytest.fixture
def consent_cli(database_url, tmp_path, monkeypatch):
    """``kita-anon consent ARGS`` on the test's database, with no key configured yet."""
    monkeypatch.setenv("KITA_ANON_DATABASE_URL", database_url)
    monkeypatch.delenv("KITA_ANON_KEY_FILE", raising=False)
    monkeypatch.setenv("KITA_ANON_DATA_DIR", str(tmp_path / "daten"))  # rosters and the service lock
    monkeypatch.delenv("KITA_ANON_KEY", raising=False)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        get_settings.cache_clear()  # the settings of this test's environment
        result = runner.invoke(app, ["consent", *args])
        assert result.exit_code == code, result.output
        return result.output

    yield run
    get_settings.cache_clear()


@pytest.fixture
def kita_anon(consent_cli, tmp_path, monkeypatch):
    key_file = tmp_path / "schluessel"
    write_key_file(key_file)
    monkeypatch.setenv("KITA_ANON_KEY_FILE", str(key_file))
    return consent_cli


ADD = ["add", "--familie", "1", "--institution", "Kita Sonnenschein", "--erteilt-von", MOTHER, "--rolle", "Elternteil",
       "--teilnehmer", "Kita Sonnenschein", "--teilnehmer", f"Familienhilfe Lotse={HELPER}",
       "--kategorie", "Fallberatung mit Familie", "--zweck", "Sprachförderung", "--von", "2026-01-01",
       "--bis", "2026-07-01", "--ablage", "Ordner E"]


def test_register_check_revoke_verify(kita_anon, database_url):
    assert "Familie 1 eingetragen (2 Mitglieder)" in kita_anon(
        "family", "--institution", "Kita Sonnenschein", "--mitglied", f"{MOTHER}=Mutter",
        "--mitglied", "Leon Yılmaz=Kind=Leo;Löwe"
    )
    assert "Einwilligung 1 für Familie 1 eingetragen" in kita_anon(*ADD)
    listing = kita_anon("list", "--datum", "2026-06-15")
    assert "Familie 1" in listing and "erteilt" in listing and MOTHER not in listing
    assert f"Familienhilfe Lotse ({HELPER})" in kita_anon("show", "1")
    assert json.loads(kita_anon("export", "1"))["familie"]["members"][1]["aliases"] == ["Leo", "Löwe"]
    check = ["check", "--familie", "1", "--zweck", "Fallberatung", "--datum", "2026-06-15", "--teilnehmer", "Kita"]
    assert kita_anon(*check).startswith("Erlaubt")
    assert "Jugendamt ist in Einwilligung 1" in kita_anon(*check, "--teilnehmer", "Jugendamt", code=1)
    assert "endet am 01.07.2026, in 16 Tagen" in kita_anon("reminders", "--tage", "30", "--datum", "2026-06-15")
    assert "Einwilligung 1 widerrufen" in kita_anon("revoke", "1", "--von", MOTHER, "--institution", "Kita Sonnenschein")
    # The revocation works for the future: the meeting of 15.06.2026 stays covered, one today is not.
    assert "inzwischen am" in kita_anon(*check) and "widerrufen" in kita_anon(*check)
    check[check.index("2026-06-15")] = dt.date.today().isoformat()
    assert kita_anon(*check, code=1).startswith("Widerrufen")
    verified = kita_anon("verify")
    assert "Register und Protokoll unverändert" in verified
    head = verified.rsplit(" ", 1)[1].strip()
    assert "unverändert" in kita_anon("verify", "--kopf", head)
    assert "Der notierte Protokollkopf abababababab… fehlt" in kita_anon("verify", "--kopf", "ab" * 32, code=1)

    raw_sql(database_url, "UPDATE consents SET valid_until = '2030-01-01' WHERE id = 1")
    report = kita_anon("verify", code=1)
    assert "VERÄNDERT: Einwilligung 1: wurde direkt in der Datenbank verändert." in report


def test_bad_input_is_a_german_error_not_a_traceback(kita_anon):
    kita_anon("family", "--institution", "Kita Sonnenschein", "--mitglied", MOTHER)
    output = kita_anon(*[a if a != "2026-07-01" else "2025-01-01" for a in ADD], code=2)
    assert "Fehler: Ungültige Angaben: 'gültig bis' liegt vor 'gültig ab'" in output
    assert "Fehler: Einwilligung 7 gibt es nicht im Register." in kita_anon("show", "7", code=2)
    assert "Zum Ausführen --ja angeben" in kita_anon("erase", "1", "--institution", "Kita Sonnenschein", code=2)


def test_export_erase_and_form(kita_anon, tmp_path):
    kita_anon("family", "--institution", "Kita Sonnenschein", "--mitglied", f"{MOTHER}=Mutter")
    kita_anon(*ADD)
    assert json.loads(kita_anon("export", "1"))["familie"]["members"][0]["name"] == MOTHER
    page = tmp_path / "auskunft.html"
    kita_anon("export", "1", "--html", "--output", str(page))
    assert MOTHER in page.read_text(encoding="utf-8")
    assert "Sie können jederzeit Nein sagen." in kita_anon("form", "1", "--einfach")
    assert "gelöscht (1 Einwilligungen, 0 Widerrufe)" in kita_anon("erase", "1", "--institution", "Kita Sonnenschein", "--ja")
    assert "Familie 1 gibt es nicht" in kita_anon("export", "1", code=2)
    assert "unverändert" in kita_anon("verify")


def test_rotate_key_replaces_the_key_file(kita_anon, tmp_path):
    kita_anon("family", "--institution", "Kita Sonnenschein", "--mitglied", f"{MOTHER}=Mutter")
    kita_anon(*ADD)
    key_file = tmp_path / "schluessel"
    old_key, head = key_file.read_text(), kita_anon("verify").rsplit(" ", 1)[1].strip()
    assert "2 Datensätze neu verschlüsselt" in kita_anon("rotate-key")
    assert key_file.read_text() != old_key
    assert not (tmp_path / "schluessel.neu").exists()
    assert MOTHER in kita_anon("show", "1")
    assert "unverändert" in kita_anon("verify", "--kopf", head)
    key_file.write_text(old_key)
    assert "falscher Schlüssel" in kita_anon("show", "1", code=2)
    assert "VERÄNDERT: Die Prüfsummen passen nicht zum Schlüssel" in kita_anon("verify", code=1)


def test_rotate_key_finishes_a_rotation_interrupted_after_the_commit(kita_anon, tmp_path, database_url):
    from anonymizer.consent.store import ConsentStore
    from anonymizer.crypto import generate_key, parse_key, read_key_ring, write_key_ring
    from anonymizer.db import get_engine

    kita_anon("family", "--institution", "Kita Sonnenschein", "--mitglied", f"{MOTHER}=Mutter")
    key_file = tmp_path / "schluessel"
    ring = read_key_ring(key_file).rotated(parse_key(generate_key()))
    write_key_ring(key_file, ring)  # step 1: the new key in the ring, the old one retired
    ConsentStore(get_engine(database_url), ring).reencrypt()  # step 2 committed; then the process died
    assert MOTHER in kita_anon("export", "1")  # the ring still decrypts everything meanwhile
    assert "Unterbrochene Schlüsselrotation abgeschlossen" in kita_anon("rotate-key")
    assert read_key_ring(key_file).keys == (ring.active,)  # the old key is gone only now
    assert MOTHER in kita_anon("export", "1")
    assert "unverändert" in kita_anon("verify")


def test_a_fresh_data_dir_gets_the_servers_key_on_first_use(consent_cli, database_url, tmp_path, monkeypatch, caplog):
    data_dir = tmp_path / "daten"
    monkeypatch.setenv("KITA_ANON_DATA_DIR", str(data_dir))
    assert "Familie 1 eingetragen" in consent_cli("family", "--institution", "Kita Sonnenschein",
                                                  "--mitglied", f"{MOTHER}=Mutter")
    key_file = data_dir / EMBEDDED_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600  # owner-only, as the file `serve` creates
    assert json.loads(consent_cli("export", "1"))["familie"]["members"][0]["name"] == MOTHER  # same key again
    announced = [r.getMessage() for r in caplog.records if "Neuer Schlüssel" in r.getMessage()]
    assert announced == [f"Neuer Schlüssel für das Einwilligungsregister: {key_file} (sicher aufbewahren)."]
    # The server on this data dir (`serve` takes its key the same way) reads what the CLI wrote.
    server_settings = with_default_key(Settings(_env_file=None, data_dir=data_dir, database_url=database_url))
    assert server_settings.key_file == key_file
    assert ConsentStore.open(server_settings).family(1).members[0].name == MOTHER


def test_forms_in_the_familys_language_on_the_command_line(kita_anon, tmp_path):
    assert "Ukrainisch" in kita_anon("sprachen") and "ትግርኛ" in kita_anon("sprachen")
    kita_anon("family", "--institution", "Kita Sonnenschein", "--mitglied", f"{MOTHER}=Mutter")
    missing_interpreter = kita_anon(*ADD, "--sprache", "ar", "--erklaerung", "mit Dolmetschung", code=2)
    assert "Fehler: Ungültige Angaben: bei Dolmetschung angeben, wer gedolmetscht hat" in missing_interpreter
    kita_anon(*ADD, "--sprache", "ar", "--erklaerung", "mit Dolmetschung", "--dolmetschung", "Sprachmittlerdienst Nord")
    assert "Arabisch, Fassung 1 (SHA-256 " in kita_anon("show", "1")
    assert "mit Dolmetschung: Sprachmittlerdienst Nord" in kita_anon("show", "1")
    assert "Kontakt für Kita Sonnenschein gespeichert" in kita_anon(
        "kontakt", "Kita Sonnenschein", "--person", "Nadia Berger", "--telefon", "0511 1234567")
    target = tmp_path / "formular.html"
    kita_anon("form", "1", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "الموافقة على لقاءات مشتركة مع عائلتنا" in page and "0511 1234567" in page
    assert "سحب الموافقة" in kita_anon("widerruf-formular", "1")
    assert "Fehler: Sprache „xx“ gibt es für die Formulare nicht" in kita_anon("form", "1", "--sprache", "xx", code=2)
    kita_anon("revoke", "1", "--von", MOTHER, "--institution", "Kita Sonnenschein", "--weg", "E-Mail")
    assert "E-Mail" in kita_anon("show", "1").splitlines()[-1]
