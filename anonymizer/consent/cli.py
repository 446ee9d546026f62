"""``kita-anon consent ...``: the consent register on the command line. Messages in German.

The register's modules (database, schemas, encryption) are imported inside the commands, so that
``kita-anon --help`` stays fast.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from anonymizer.errors import InputError

if TYPE_CHECKING:
    from anonymizer.consent.schemas import ConsentRecord, Member, ParticipantSpec
    from anonymizer.consent.store import ConsentStore

consent_app = typer.Typer(help="Einwilligungsregister für gemeinsame Gespräche mit Familien.", no_args_is_help=True)

Institution = Annotated[str, typer.Option("--institution", help="Ihre Institution (wird protokolliert).")]
Today = Annotated[dt.datetime | None, typer.Option("--datum", formats=["%Y-%m-%d"], help="Stichtag (JJJJ-MM-TT), sonst heute.")]


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"Fehler: {message}", err=True)
    raise typer.Exit(code=code)


def friendly(command: Callable) -> Callable:
    """Turn the errors a user can fix into ``Fehler: ...`` and exit code 2, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        from anonymizer.crypto import DecryptionError, KeyConfigurationError

        try:
            return command(*args, **kwargs)
        except (InputError, KeyConfigurationError) as error:
            fail(str(error))
        except DecryptionError:
            fail("Die Daten lassen sich mit diesem Schlüssel nicht entschlüsseln (falscher Schlüssel?).")

    return wrapper


def open_store() -> ConsentStore:
    """The register with the server's key; on a fresh data dir the first command creates that key."""
    from anonymizer.consent.store import ConsentStore
    from anonymizer.crypto import with_default_key

    return ConsentStore.open(with_default_key())


def day_or_today(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def parse_participant(text: str) -> ParticipantSpec:
    """"Jugendamt" or "Familienhilfe Lotse=Jana Berg" (institution, optionally one person of it)."""
    from anonymizer.consent.schemas import ParticipantSpec, validated

    institution, _, staff = text.partition("=")
    return validated(ParticipantSpec, {"institution": institution, "staff": staff or None})


def parse_member(text: str) -> Member:
    """"Ayşe Yılmaz=Mutter" or "Mohammed Haddad=Vater=Mo;Herr Hadad" (name, role, other names used)."""
    from anonymizer.consent.schemas import Member, validated

    name, _, rest = text.partition("=")
    role, _, aliases = rest.partition("=")
    return validated(Member, {"name": name, "role": role.strip(), "aliases": [a for a in aliases.split(";") if a.strip()]})


@contextmanager
def output(path: Path | None) -> Iterator[Callable[[str], None]]:
    if path is None:
        yield lambda text: typer.echo(text)
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle.write
    typer.echo(f"Geschrieben: {path}")


@consent_app.command("family")
@friendly
def add_family(
    institution: Institution,
    members: Annotated[list[str], typer.Option("--mitglied", help='"Name=Rolle" oder "Name=Rolle=Rufname;andere Schreibweise", mehrfach.')],
) -> None:
    """Eine Familie eintragen (Namen werden verschlüsselt gespeichert)."""
    family = open_store().add_family([parse_member(m) for m in members], institution)
    typer.echo(f"Familie {family.id} eingetragen ({len(family.members)} Mitglieder).")


@consent_app.command("add")
@friendly
def add(
    family: Annotated[int, typer.Option("--familie", help="Nummer der Familie im Register.")],
    institution: Institution,
    given_by: Annotated[str, typer.Option("--erteilt-von", help="Wer eingewilligt hat.")],
    role: Annotated[str, typer.Option("--rolle", help="Elternteil, Sorgeberechtigte Person, Vormund, ...")],
    participants: Annotated[list[str], typer.Option("--teilnehmer", help='"Institution" oder "Institution=Person", mehrfach.')],
    category: Annotated[str, typer.Option("--kategorie", help="z. B. Fallberatung mit Familie, Hilfeplanung.")],
    purpose: Annotated[str, typer.Option("--zweck", help="Zweck in eigenen Worten.")],
    valid_from: Annotated[str, typer.Option("--von", help="Gültig ab (JJJJ-MM-TT).")],
    valid_until: Annotated[str, typer.Option("--bis", help="Gültig bis (JJJJ-MM-TT).")],
    form: Annotated[str, typer.Option("--form", help="schriftlich oder mündlich.")] = "schriftlich",
    witness: Annotated[str | None, typer.Option("--zeuge", help="Zeugin/Zeuge bei mündlicher Einwilligung.")] = None,
    location: Annotated[str | None, typer.Option("--ablage", help="Wo das unterschriebene Formular liegt.")] = None,
    language: Annotated[str, typer.Option("--sprache", help="Sprache des Formulars (kita-anon consent sprachen).")] = "de",
    explanation: Annotated[str | None, typer.Option(
        "--erklaerung", help="selbst gelesen, vorgelesen und erklärt, oder mit Dolmetschung.")] = None,
    interpreter: Annotated[str | None, typer.Option("--dolmetschung", help="Wer gedolmetscht hat (Person oder Dienst).")] = None,
    explained_in: Annotated[str | None, typer.Option("--erklaert-in", help="Sprache der Erklärung, falls anders.")] = None,
) -> None:
    """Eine Einwilligung eintragen."""
    from anonymizer.consent.schemas import ConsentInput, validated

    data = validated(ConsentInput, {
        "family_id": family, "institution": institution, "given_by": given_by, "given_by_role": role,
        "participants": [parse_participant(p).model_dump() for p in participants], "category": category,
        "purpose": purpose, "valid_from": valid_from, "valid_until": valid_until, "form": form,
        "witness": witness, "form_location": location, "language": language, "explanation": explanation,
        "interpreter": interpreter, "explained_in": explained_in,
    })
    consent = open_store().add_consent(data)
    typer.echo(f"Einwilligung {consent.id} für Familie {consent.family_id} eingetragen "
               f"({consent.category}, {consent.valid_from:%d.%m.%Y} bis {consent.valid_until:%d.%m.%Y}).")


@consent_app.command("list")
@friendly
def list_consents(
    institution: Annotated[str | None, typer.Option("--institution", help="Nur was diese Institution sehen darf.")] = None,
    family: Annotated[int | None, typer.Option("--familie")] = None,
    today: Today = None,
) -> None:
    """Einwilligungen auflisten (ohne Namen)."""
    day = day_or_today(today)
    for c in open_store().consents(visible_to=institution, family_id=family):
        institutions = ", ".join(dict.fromkeys(p.institution for p in c.participants))
        typer.echo(f"{c.id:>5}  Familie {c.family_id:<5} {c.state_on(day):<18} {c.valid_from:%d.%m.%Y}–{c.valid_until:%d.%m.%Y}"
                   f"  {c.category}  [{institutions}]")


@consent_app.command("show")
@friendly
def show(consent_id: Annotated[int, typer.Argument(help="Nummer der Einwilligung.")]) -> None:
    """Eine Einwilligung vollständig anzeigen (mit Namen)."""
    store = open_store()
    c = store.consent(consent_id)
    family = store.family(c.family_id)
    lines = [
        f"Einwilligung {c.id} ({c.status}), eingetragen von {c.institution} am {c.created_at:%d.%m.%Y}",
        f"Familie {family.id}: " + ", ".join(f"{m.name} ({m.role})" if m.role else m.name for m in family.members),
        f"Erteilt von: {c.given_by} ({c.given_by_role}), {c.form}" + (f", Zeuge: {c.witness}" if c.witness else ""),
        "Teilnehmende: " + ", ".join(f"{p.institution} ({p.staff})" if p.staff else p.institution for p in c.participants),
        f"Zweck: {c.category}: {c.purpose}",
        f"Gültig: {c.valid_from:%d.%m.%Y} bis {c.valid_until:%d.%m.%Y}",
        f"Ablage: {c.form_location or '-'}",
        f"Formular: {describe_form(c)}",
        *(f"Widerrufen am {r.revoked_at:%d.%m.%Y %H:%M} von {r.revoked_by}" + (f" ({r.reason})" if r.reason else "")
          + (f", {r.channel}" if r.channel else "") for r in c.revocations),
    ]
    typer.echo("\n".join(lines))


def describe_form(consent: ConsentRecord) -> str:
    """"Türkisch, Fassung 1 (SHA-256 …), mit Dolmetschung: Sprachmittlerdienst Nord"."""
    from anonymizer.consent.languages import GERMAN, language

    if consent.form_version is None:
        return "Deutsch (eingetragen vor der Erfassung von Formularfassungen)"
    parts = [f"{language(consent.language or GERMAN).german_name}, Fassung {consent.form_version} "
             f"(SHA-256 {consent.form_sha256})"]
    if consent.explanation:
        parts.append(consent.explanation + (f": {consent.interpreter}" if consent.interpreter else ""))
    if consent.explained_in:
        parts.append(f"erklärt auf {language(consent.explained_in).german_name}")
    return ", ".join(parts)


@consent_app.command("revoke")
@friendly
def revoke(
    consent_id: Annotated[int, typer.Argument(help="Nummer der Einwilligung.")],
    revoked_by: Annotated[str, typer.Option("--von", help="Wer widerrufen hat.")],
    institution: Institution,
    reason: Annotated[str | None, typer.Option("--grund", help="Grund (freiwillig).")] = None,
    channel: Annotated[str | None, typer.Option(
        "--weg", help="Wie der Widerruf kam: mündlich, Brief, E-Mail, Widerrufsformular, Telefon.")] = None,
) -> None:
    """Eine Einwilligung widerrufen. Gilt sofort und wird nie gelöscht."""
    consent = open_store().revoke(consent_id, revoked_by, institution, reason, channel=channel)
    typer.echo(f"Einwilligung {consent.id} widerrufen.")


@consent_app.command("check")
@friendly
def check(
    family: Annotated[int, typer.Option("--familie")],
    participants: Annotated[list[str], typer.Option("--teilnehmer", help='"Institution" oder "Institution=Person".')],
    purpose: Annotated[str, typer.Option("--zweck", help="Kategorie, z. B. Hilfeplanung.")],
    today: Today = None,
    institution: Annotated[str | None, typer.Option("--institution")] = None,
) -> None:
    """Prüfen, ob ein gemeinsames Gespräch erlaubt ist (Exit-Code 0 erlaubt, 1 nicht erlaubt)."""
    from anonymizer.consent.gate import check_meeting

    decision = check_meeting(open_store(), family, [parse_participant(p) for p in participants], purpose,
                             day_or_today(today), institution)
    typer.echo(decision.reason)
    if not decision.allowed:
        raise typer.Exit(code=1)


@consent_app.command("export")
@friendly
def export(
    family: Annotated[int, typer.Argument(help="Nummer der Familie.")],
    html: Annotated[bool, typer.Option("--html", help="Lesbare HTML-Seite statt JSON.")] = False,
    target: Annotated[Path | None, typer.Option("--output", "-o", help="Datei statt Standardausgabe.")] = None,
    institution: Annotated[str | None, typer.Option("--institution")] = None,
) -> None:
    """Auskunft nach Art. 15 DSGVO: alles über eine Familie, als JSON oder HTML."""
    from anonymizer.consent import rights

    data = rights.export_family(open_store(), family, institution)
    with output(target) as write:
        write(rights.export_html(data) if html else rights.export_json(data))


@consent_app.command("erase")
@friendly
def erase(
    family: Annotated[int, typer.Argument(help="Nummer der Familie.")],
    institution: Institution,
    confirmed: Annotated[bool, typer.Option("--ja", help="Löschen wirklich ausführen.")] = False,
) -> None:
    """Löschung nach Art. 17 DSGVO: Familie, Einwilligungen und Widerrufe; das Protokoll bleibt ohne Namen."""
    if not confirmed:
        fail("Löschen ist endgültig. Zum Ausführen --ja angeben.")
    from anonymizer.consent import rights

    summary = rights.erase_family(open_store(), family, institution)
    typer.echo(f"Familie {family} gelöscht ({summary['consents']} Einwilligungen, {summary['revocations']} Widerrufe).")


@consent_app.command("verify")
@friendly
def verify(
    anchor: Annotated[str | None, typer.Option("--kopf", help="Früher notierter Protokollkopf (Hash).")] = None,
) -> None:
    """Protokoll und Register auf Veränderungen prüfen (Exit-Code 1 bei Befund).

    Den ausgegebenen Protokollkopf außerhalb der Datenbank notieren und beim nächsten Mal mit --kopf
    angeben: so fällt auch auf, wenn jemand die neuesten Einträge entfernt oder alles neu berechnet."""
    store = open_store()
    problems = store.verify(anchor)
    for problem in problems:
        typer.echo(f"VERÄNDERT: {problem}")
    if problems:
        raise typer.Exit(code=1)
    typer.echo(f"Register und Protokoll unverändert. Protokollkopf: {store.audit_head()}")


@consent_app.command("rotate-key")
@friendly
def rotate_key(
    new_key_file: Annotated[Path | None, typer.Option("--neuer-schluessel", help="Datei mit dem neuen Schlüssel.")] = None,
) -> None:
    """Alle verschlüsselten Angaben (Register, Namenslisten) mit einem neuen Schlüssel neu verschlüsseln.
    Nur bei beendetem Web-Dienst; ein unterbrochener Wechsel wird beim nächsten Aufruf abgeschlossen."""
    from anonymizer.consent import rotation
    from anonymizer.crypto import with_default_key

    done = rotation.rotate_key(with_default_key(), new_key_file)
    if done.resumed:
        typer.echo("Unterbrochene Schlüsselrotation abgeschlossen.")
    typer.echo(f"{done.records} Datensätze neu verschlüsselt, {done.rosters} Namenslisten neu verschlüsselt; "
               f"Schlüssel {done.key_id} in {done.key_file}.")
    if new_key_file is not None:
        typer.echo(f"KITA_ANON_KEY_FILE jetzt auf {new_key_file} setzen.")


@consent_app.command("reminders")
@friendly
def reminders(
    days: Annotated[int, typer.Option("--tage", min=0, help="Einwilligungen, die in so vielen Tagen enden.")] = 30,
    institution: Annotated[str | None, typer.Option("--institution")] = None,
    today: Today = None,
) -> None:
    """Erinnerungen: gültige Einwilligungen, die bald enden."""
    from anonymizer.consent import rights

    found = rights.reminders(open_store(), days, day_or_today(today), institution)
    for reminder in found:
        typer.echo(reminder.message())
    if not found:
        typer.echo(f"Keine Einwilligung endet in den nächsten {days} Tagen.")


FormLanguageOption = Annotated[str | None, typer.Option(
    "--sprache", help="Sprache neben Deutsch (kita-anon consent sprachen); sonst die eingetragene.")]
HtmlTarget = Annotated[Path | None, typer.Option("--output", "-o", help="HTML-Datei.")]


@consent_app.command("form")
@friendly
def form(
    consent_id: Annotated[int, typer.Argument(help="Nummer der Einwilligung.")],
    language_code: FormLanguageOption = None,
    simple: Annotated[bool, typer.Option("--einfach", help="In einfacher Sprache (wie --sprache de-einfach).")] = False,
    target: HtmlTarget = None,
) -> None:
    """Das Einwilligungsformular zum Unterschreiben (mit Datenschutzinformation) als druckbare HTML-Seite."""
    from anonymizer.consent.form import consent_form

    html = consent_form(open_store(), consent_id, "de-einfach" if simple else language_code)
    with output(target) as write:
        write(html)


@consent_app.command("widerruf-formular")
@friendly
def revocation_slip(
    consent_id: Annotated[int, typer.Argument(help="Nummer der Einwilligung.")],
    language_code: FormLanguageOption = None,
    target: HtmlTarget = None,
) -> None:
    """Ein Widerrufsformular für die Familie als druckbare HTML-Seite."""
    from anonymizer.consent.form import revocation_form

    html = revocation_form(open_store(), consent_id, language_code)
    with output(target) as write:
        write(html)


@consent_app.command("sprachen")
def list_languages() -> None:
    """Die Sprachen der Formulare (Kürzel für --sprache)."""
    from anonymizer.consent.languages import languages

    for code, form_language in languages().items():
        typer.echo(f"{code:<11} {form_language.german_name:<22} {form_language.name}")


@consent_app.command("kontakt")
@friendly
def set_contact(
    institution: Annotated[str, typer.Argument(help="Die Institution, wie im Register.")],
    person: Annotated[str | None, typer.Option("--person", help="Ansprechperson.")] = None,
    address: Annotated[str | None, typer.Option("--adresse")] = None,
    phone: Annotated[str | None, typer.Option("--telefon")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
) -> None:
    """Kontakt für Widerruf und Fragen, der auf jedem Formular der Institution steht."""
    from anonymizer.consent.schemas import ContactInput, validated

    data = validated(ContactInput, {"person": person, "address": address, "phone": phone, "email": email})
    open_store().set_contact(institution, data)
    typer.echo(f"Kontakt für {institution} gespeichert; er steht ab jetzt auf jedem Formular.")

