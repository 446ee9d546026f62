"""The ``kita-anon`` command.

Importing this module stays cheap (``kita-anon --help`` answers at once): each command imports
the parts it needs (documents, detection, database) inside its body.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from anonymizer.errors import InputError

if TYPE_CHECKING:
    from anonymizer.documents import Document

app = typer.Typer(
    help="Personenbezogene Daten in deutschen Notizen finden und ersetzen.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

FileArgument = Annotated[str, typer.Argument(help="Textdatei oder '-' für die Standardeingabe.")]


def fail(message: str) -> None:
    typer.echo(f"Fehler: {message}", err=True)
    raise typer.Exit(code=2)


def read_input(source: str) -> str:
    from anonymizer.documents import decode_text, read_text

    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "Standardeingabe")
    return read_text(Path(source))


def parse_jsonl(stream) -> list[tuple[object, str]]:
    """Read all ``{"id": ..., "text": ...}`` lines first, so that bad input writes no partial output."""
    from anonymizer.documents import decode_text

    records = []
    for number, raw in enumerate(stream, start=1):
        line = decode_text(raw, f"Zeile {number}") if raw.strip() else ""
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"Zeile {number}: kein gültiges JSON ({error.msg}).") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
            raise InputError(f'Zeile {number}: erwartet wird {{"id": ..., "text": "..."}}.')
        records.append((record["id"], record["text"]))
    return records


def jsonl_results(records: list[tuple[object, str]]) -> Iterator[str]:
    from anonymizer.detection import get_detector

    texts = [text for _, text in records]
    for (record_id, _), findings in zip(records, get_detector().analyze_batch(texts), strict=True):
        entities = [{"start": f.start, "end": f.end, "label": f.label, "score": f.score} for f in findings]
        yield json.dumps({"id": record_id, "entities": entities}, ensure_ascii=False)


@app.command()
def analyze(
    source: FileArgument = "-",
    jsonl: Annotated[bool, typer.Option("--jsonl", help='JSON-Zeilen {"id", "text"} von stdin lesen.')] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Fundstellen als JSON ausgeben.")] = False,
) -> None:
    """Personenbezogene Daten finden und auflisten."""
    try:
        if jsonl:
            for line in jsonl_results(parse_jsonl(sys.stdin.buffer)):
                typer.echo(line)
            return
        from anonymizer import analyze as find

        findings = find(read_input(source))
    except InputError as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    for f in findings:
        typer.echo(f"{f.start:>6}-{f.end:<6} {f.label:<28} {f.score:.2f}  {f.text!r}  ({f.recognizer})")


PolicyOption = Annotated[
    str | None, typer.Option("--policy", "-p", help="Richtlinie: netzwerk, protokoll, intern oder Pfad zu einer YAML-Datei.")
]


def read_document(source: str) -> Document:
    from anonymizer.documents import TextDocument, decode_text, load_document

    if source == "-":
        return TextDocument(decode_text(sys.stdin.buffer.read(), "Standardeingabe"))
    return load_document(Path(source))


def write_output(source: str, document: Document, data: bytes, output: Path | None, marker: str) -> None:
    """Text goes to stdout unless --output is given; a Word file always goes to a file
    (default ``NAME.<marker>.docx`` beside the input), never over its input."""
    from anonymizer.documents import DOCX_SUFFIX

    if output is None and document.suffix == DOCX_SUFFIX:
        output = Path(source).with_name(f"{Path(source).stem}.{marker}{DOCX_SUFFIX}")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if source != "-" and output.resolve() == Path(source).resolve():
        raise InputError(f"{output}: Ausgabe würde die Eingabe überschreiben.")
    try:
        output.write_bytes(data)
    except OSError as error:
        raise InputError(f"{output}: kann nicht geschrieben werden ({error.strerror}).") from None
    typer.echo(f"Geschrieben: {output}", err=True)


@app.command()
def anonymize(
    source: Annotated[str, typer.Argument(help="Datei (.txt, .md, .docx) oder '-' für die Standardeingabe.")] = "-",
    policy: PolicyOption = None,
    operator: Annotated[
        str | None,
        typer.Option("--operator", "-o", help="Ein Operator für alle Typen: placeholder, role, surrogate, "
                     "generalise, redact, mask, hash, encrypt."),
    ] = None,
    report: Annotated[bool, typer.Option("--report", help="Bericht mit Warnungen auf stderr (enthält die Originalstellen).")] = False,
    report_json: Annotated[Path | None, typer.Option("--report-json", help="Bericht als JSON in diese Datei (enthält die gefundenen Originalstellen).")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Ergebnis in diese Datei statt auf stdout.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Gleiche Ersatzwerte (surrogate) bei jedem Lauf.")] = None,
) -> None:
    """Text oder Dokument anonymisieren (Richtlinie: --policy)."""
    try:
        document = read_document(source)
    except InputError as error:
        fail(str(error))
    # Only input that can be anonymised pays for importing detection (spaCy, Presidio) and the model.
    from anonymizer import anonymize as replace
    from anonymizer.crypto import KeyConfigurationError, with_default_key
    from anonymizer.operators import OPERATORS

    try:
        if operator is not None and operator not in OPERATORS:
            raise InputError(f"unbekannter Operator '{operator}' (erlaubt: {', '.join(sorted(OPERATORS))}).")
        result = replace(document.text, policy=policy, operator=operator, seed=seed, settings=with_default_key())
        data = document.render((r.start, r.end, r.replacement) for r in result.replacements)
        write_output(source, document, data, output, "anonymisiert")
        if report_json is not None:
            report_json.write_text(result.report.model_dump_json(indent=2), encoding="utf-8")
    except (InputError, KeyConfigurationError) as error:
        fail(str(error))
    if report:
        typer.echo(result.report.to_text(), err=True, nl=False)


@app.command()
def deanonymize(
    source: Annotated[str, typer.Argument(help="Mit 'encrypt' anonymisierte Datei oder '-'.")] = "-",
    output: Annotated[Path | None, typer.Option("--output", help="Ergebnis in diese Datei statt auf stdout.")] = None,
    institution: Annotated[str | None, typer.Option("--institution", help="Einrichtung, für die der Web-Dienst verschlüsselt hat.")] = None,
) -> None:
    """Mit 'encrypt' verschlüsselte Stellen wiederherstellen (Schlüssel wie beim Anonymisieren)."""
    from anonymizer.crypto import DecryptionError, KeyConfigurationError, load_key_ring, with_default_key
    from anonymizer.operators.encrypt import decrypted_spans

    try:
        document = read_document(source)
        spans = decrypted_spans(document.text, load_key_ring(with_default_key()), institution)
        write_output(source, document, document.render(spans), output, "wiederhergestellt")
    except (InputError, KeyConfigurationError, DecryptionError) as error:
        fail(str(error))


roster_app = typer.Typer(help="Namensliste der Kita (Kinder, Eltern): immer erkennen, nur verschlüsselt gespeichert.")


@roster_app.command("import")
def roster_import(
    csv_file: Annotated[Path, typer.Argument(help="CSV mit den Spalten vorname;nachname[;rolle] oder name.")],
    policy: PolicyOption = None,
) -> None:
    """Namensliste aus CSV verschlüsselt speichern (ersetzt eine vorhandene)."""
    from anonymizer.anonymization import resolve_policy
    from anonymizer.crypto import KeyConfigurationError, with_default_key
    from anonymizer.documents import read_bytes
    from anonymizer.roster import parse_roster_csv, save_roster

    settings = with_default_key()
    try:
        chosen = resolve_policy(policy, settings)
        entries = parse_roster_csv(read_bytes(csv_file), str(csv_file))
        path = save_roster(chosen.name, entries, settings)
    except (InputError, KeyConfigurationError) as error:
        fail(str(error))
    typer.echo(f"{len(entries)} Namen verschlüsselt gespeichert: {path}")
    if chosen.roster == "off":
        typer.echo(f"Hinweis: Richtlinie '{chosen.name}' nutzt keine Namensliste (roster: off).", err=True)


@roster_app.command("show")
def roster_show(policy: PolicyOption = None) -> None:
    """Wie viele Namen die Namensliste einer Richtlinie enthält."""
    from anonymizer.anonymization import resolve_policy
    from anonymizer.crypto import DecryptionError, KeyConfigurationError, with_default_key
    from anonymizer.roster import load_roster

    settings = with_default_key()
    try:
        chosen = resolve_policy(policy, settings)
        entries = load_roster(chosen.name, settings)
    except (InputError, KeyConfigurationError, DecryptionError) as error:
        fail(str(error))
    typer.echo(f"Namensliste '{chosen.name}': {len(entries)} Einträge.")


@roster_app.command("delete")
def roster_delete(policy: PolicyOption = None) -> None:
    """Namensliste einer Richtlinie löschen."""
    from anonymizer.anonymization import resolve_policy
    from anonymizer.config import get_settings
    from anonymizer.roster import delete_roster

    settings = get_settings()
    try:
        chosen = resolve_policy(policy, settings)
    except InputError as error:
        fail(str(error))
    typer.echo("Gelöscht." if delete_roster(chosen.name, settings) else "Keine Namensliste vorhanden.")


app.add_typer(roster_app, name="roster")


from anonymizer.consent.cli import consent_app  # noqa: E402  (sub-command group, registered last)

app.add_typer(consent_app, name="consent")

from anonymizer.web.cli import serve, user_app  # noqa: E402  (web service commands, registered last)

app.command()(serve)
app.add_typer(user_app, name="user")

minutes_app = typer.Typer(help="Protokolle vor dem Verteilen prüfen.", no_args_is_help=True)


@minutes_app.command("check")
def minutes_check(
    source: Annotated[str, typer.Argument(help="Protokoll (.txt, .md, .docx) oder '-' für die Standardeingabe.")],
    output: Annotated[Path | None, typer.Option("--output", help="Bereinigte Fassung in diese Datei.")] = None,
    participants: Annotated[list[str] | None, typer.Option("--teilnehmer", help="Teilnehmende Institution (mehrfach); sonst aus dem Protokoll.")] = None,
    purpose: Annotated[str | None, typer.Option("--zweck", help="Zweck (Kategorie); sonst aus dem Protokoll.")] = None,
    day: Annotated[dt.datetime | None, typer.Option("--datum", formats=["%Y-%m-%d"], help="Datum des Gesprächs; sonst aus dem Protokoll.")] = None,
    institution: Annotated[str | None, typer.Option("--institution", help="Ihre Institution (wird protokolliert).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Bericht als JSON.")] = False,
) -> None:
    """Protokoll prüfen: Einwilligung für gemeinsame Gespräche, personenbezogene Daten, bereinigte Fassung.

    Exit-Code 0: Freigeben. 1: Nicht freigeben. 2: Fehler."""
    from anonymizer.consent.store import ConsentStore
    from anonymizer.crypto import DecryptionError, KeyConfigurationError, with_default_key
    from anonymizer.minutes import RELEASE, check_minutes

    settings = with_default_key()
    try:
        document = read_document(source)
        try:
            register = ConsentStore.open(settings)
        except KeyConfigurationError:
            register = None  # the report then says that consent could not be checked
        report = check_minutes(document.text, register, participants=participants or (),
                               purpose=purpose, day=day.date() if day else None, institution=institution,
                               settings=settings)
        if output is not None or document.suffix == ".docx":
            write_output(source, document, document.render(report.replacements), output, "bereinigt")
    except InputError as error:
        fail(str(error))
    except DecryptionError:
        fail("Das Einwilligungsregister lässt sich mit diesem Schlüssel nicht entschlüsseln (falscher Schlüssel?).")
    typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) if as_json else report.to_text(), nl=False)
    if report.verdict != RELEASE:
        raise typer.Exit(code=1)


app.add_typer(minutes_app, name="minutes")
