"""The ``kita-anon`` command."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from anonymizer.documents import decode_text, read_text
from anonymizer.errors import InputError

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
    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "Standardeingabe")
    return read_text(Path(source))


def parse_jsonl(stream) -> list[tuple[object, str]]:
    """Read all ``{"id": ..., "text": ...}`` lines first, so that bad input writes no partial output."""
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


@app.command()
def anonymize(source: FileArgument = "-") -> None:
    """Text anonymisieren und ausgeben."""
    try:
        from anonymizer import anonymize as replace

        result = replace(read_input(source))
    except InputError as error:
        fail(str(error))
    typer.echo(result.text, nl=False)


from anonymizer.consent.cli import consent_app  # noqa: E402  (sub-command group, registered last)

app.add_typer(consent_app, name="consent")

from anonymizer.web.cli import serve, user_app  # noqa: E402  (web service commands, registered last)

app.command()(serve)
app.add_typer(user_app, name="user")
