"""``kita-anon serve`` and ``kita-anon user ...``: run the web service, manage its accounts."""
from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy import func, select

from anonymizer.config import Settings, get_settings
from anonymizer.crypto import write_key_file
from anonymizer.db import database_url, get_engine, session_factory, upgrade_database
from anonymizer.errors import InputError
from anonymizer.web.accounts import Role, User, create_api_token, create_user, find_user_by_name

user_app = typer.Typer(help="Benutzerkonten des Web-Dienstes.", no_args_is_help=True)
EMBEDDED_KEY_FILE = "schluessel.key"


def _fail(message: str) -> None:
    typer.echo(f"Fehler: {message}", err=True)
    raise typer.Exit(code=2)


def with_key(settings: Settings) -> Settings:
    """The embedded default: without a configured key, one kept (owner-only) in the data directory."""
    if settings.key_file is not None or settings.key:
        return settings
    key_file = settings.data_dir / EMBEDDED_KEY_FILE
    if not key_file.exists():
        write_key_file(key_file)
        typer.echo(f"Neuer Schlüssel für das Einwilligungsregister: {key_file} (sicher aufbewahren).")
    return settings.model_copy(update={"key_file": key_file})


def serve(
    host: Annotated[str, typer.Option(help="Adresse, an der der Dienst lauscht.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Web-Dienst starten (Seite und REST-API)."""
    import faulthandler

    import uvicorn

    from anonymizer.web import create_app

    # A fatal signal (SIGBUS from a storage fault, SIGSEGV) leaves a note in the log, not a silent exit.
    faulthandler.enable()

    app = create_app(with_key(get_settings()))
    typer.echo(f"kita-anon läuft auf http://{host}:{port}/ (API-Beschreibung: http://{host}:{port}/docs)")
    with _session() as session:
        if not session.scalar(select(func.count()).select_from(User)):
            typer.echo(
                "Noch kein Benutzerkonto. Die erste Koordination anlegen (in einem zweiten Terminal):\n"
                "  .venv/bin/kita-anon user add NAME --institution 'Kita Sonnenblume' --name 'Vorname Nachname'"
            )
    # No access log: request lines are harmless, but the service promises to log nothing of its users.
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


def _session():
    url = database_url()
    upgrade_database(url)
    return session_factory(get_engine(url)).begin()


@user_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="Benutzername zum Anmelden.")],
    institution: Annotated[str, typer.Option("--institution", help="Einrichtung, z. B. 'Kita Sonnenblume'.")],
    role: Annotated[Role, typer.Option("--rolle", help="fachkraft oder koordination.")] = Role.KOORDINATION,
    display_name: Annotated[str, typer.Option("--name", help="Angezeigter Name.")] = "",
    password_stdin: Annotated[bool, typer.Option("--passwort-stdin", help="Passwort von der Standardeingabe lesen.")] = False,
) -> None:
    """Benutzer anlegen (der erste ist meist die Koordination des Netzwerks)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")
    try:
        with _session() as session:
            user = create_user(session, username, password, role, institution, display_name)
            typer.echo(f"Benutzer '{user.username}' ({user.role_name}, {user.institution.name}) angelegt.")
    except InputError as error:
        _fail(str(error))


@user_app.command("token")
def add_token(
    username: Annotated[str, typer.Argument(help="Benutzer, für den der Schlüssel gilt.")],
    name: Annotated[str, typer.Option("--name", help="Wofür der Schlüssel ist.")] = "Skript",
) -> None:
    """API-Schlüssel für Skripte erzeugen. Er wird nur einmal angezeigt."""
    try:
        with _session() as session:
            typer.echo(create_api_token(session, find_user_by_name(session, username), name))
    except InputError as error:
        _fail(str(error))
