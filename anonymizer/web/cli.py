"""``kita-anon serve`` and ``kita-anon user ...``: run the web service, manage its accounts.

The database and account modules are imported inside the commands, so ``kita-anon --help`` stays fast.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from anonymizer.errors import InputError
from anonymizer.web.roles import Role

user_app = typer.Typer(help="Benutzerkonten des Web-Dienstes.", no_args_is_help=True)


def _fail(message: str) -> None:
    typer.echo(f"Fehler: {message}", err=True)
    raise typer.Exit(code=2)


def serve(
    host: Annotated[str, typer.Option(help="Adresse, an der der Dienst lauscht.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(min=1, max=256, help="Worker-Prozesse für die Erkennung (Standard: einer je Prozessorkern).")
    ] = None,
) -> None:
    """Web-Dienst starten (Seite und REST-API)."""
    import faulthandler

    import uvicorn
    from anonymizer.crypto import KeyConfigurationError, load_key, with_default_key
    from anonymizer.service_lock import service_running
    from anonymizer.web import create_app
    from anonymizer.web.accounts import any_user
    from anonymizer.web.first_run import code_file, issue_setup_code

    from anonymizer.web import create_app

    # A fatal signal (SIGBUS from a storage fault, SIGSEGV) leaves a note in the log, not a silent exit.
    faulthandler.enable()
    settings = with_default_key()
    try:
        load_key(settings)  # creates the embedded default key at start, and refuses a broken key now
    except KeyConfigurationError as error:
        _fail(str(error))
    if workers is not None:
        settings = settings.model_copy(update={"workers": workers})
    # Held until the server exits: a key rotation is refused meanwhile (the app keeps the keys it read).
    with service_running(settings):
        app = create_app(settings)
        typer.echo(f"kita-anon läuft auf http://{host}:{port}/ (API-Beschreibung: http://{host}:{port}/docs)")
        with _session() as session:
            if not any_user(session):
                code = issue_setup_code(session, settings.data_dir)
                typer.echo(
                    f"Noch kein Benutzerkonto. Im Browser die erste Koordination anlegen: http://{host}:{port}/ersteinrichtung\n"
                    f"  Einrichtungscode: {code}   (gilt einmal; steht auch in {code_file(settings.data_dir)})\n"
                    "  Für Skripte: kita-anon user add NAME --rolle koordination --institution 'Kita Sonnenblume'"
                )
        # No access log: request lines are harmless, but the service promises to log nothing of its users.
        uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


def _session():
    from anonymizer.db import database_url, get_engine, session_factory, upgrade_database

    url = database_url()
    upgrade_database(url)
    return session_factory(get_engine(url)).begin()


Username = Annotated[str, typer.Argument(help="Benutzername (Groß-/Kleinschreibung egal).")]
PasswordStdin = Annotated[bool, typer.Option("--passwort-stdin", help="Passwort von der Standardeingabe lesen.")]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")


@user_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="Benutzername zum Anmelden.")],
    institution: Annotated[str, typer.Option("--institution", help="Einrichtung, z. B. 'Kita Sonnenblume'.")],
    role: Annotated[Role, typer.Option("--rolle", help="fachkraft, koordination oder netzwerkkoordination.")] = Role.FACHKRAFT,
    display_name: Annotated[str, typer.Option("--name", help="Angezeigter Name.")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Benutzer anlegen (der erste ist meist die Koordination des Netzwerks: --rolle koordination)."""
    password = _read_password(password_stdin)
    from anonymizer.web.accounts import create_user

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
    from anonymizer.web.accounts import create_api_token, find_user_by_name

    try:
        with _session() as session:
            typer.echo(create_api_token(session, find_user_by_name(session, username), name))
    except InputError as error:
        _fail(str(error))


@user_app.command("tokens")
def list_tokens(username: Username) -> None:
    """API-Schlüssel eines Benutzers auflisten (Nummer, Bezeichnung, angelegt am); nie der Schlüssel selbst."""
    from anonymizer.web.accounts import api_tokens, find_user_by_name

    try:
        with _session() as session:
            tokens = api_tokens(session, find_user_by_name(session, username))
    except InputError as error:
        _fail(str(error))
    for token in tokens:
        typer.echo(f"{token.id}\t{token.name}\t{token.created_at:%Y-%m-%d %H:%M} UTC")
    if not tokens:
        typer.echo("Keine API-Schlüssel.")


@user_app.command("revoke-token")
def revoke_token(
    username: Username,
    token_id: Annotated[int, typer.Argument(help="Nummer aus 'kita-anon user tokens NAME'.")],
) -> None:
    """API-Schlüssel widerrufen: er gilt sofort nicht mehr."""
    from anonymizer.web.accounts import find_user_by_name, revoke_api_token

    try:
        with _session() as session:
            token = revoke_api_token(session, find_user_by_name(session, username), token_id)
            typer.echo(f"API-Schlüssel {token.id} ('{token.name}') von '{token.user.username}' widerrufen.")
    except InputError as error:
        _fail(str(error))


def _set_active(username: str, active: bool) -> None:
    from anonymizer.web.accounts import find_user_by_name, set_active

    try:
        with _session() as session:
            user = find_user_by_name(session, username)
            set_active(session, user, active)
            typer.echo(f"Benutzer '{user.username}' " + ("aktiviert." if active else "deaktiviert; seine Sitzungen sind beendet."))
    except InputError as error:
        _fail(str(error))


@user_app.command("deactivate")
def deactivate(username: Username) -> None:
    """Benutzer sperren: keine Anmeldung, keine API-Schlüssel, offene Sitzungen enden sofort."""
    _set_active(username, False)


@user_app.command("activate")
def activate(username: Username) -> None:
    """Gesperrten Benutzer wieder zulassen."""
    _set_active(username, True)


@user_app.command("password")
def set_password(username: Username, password_stdin: PasswordStdin = False) -> None:
    """Neues Passwort setzen; alle Sitzungen des Benutzers enden."""
    from anonymizer.web.accounts import change_password, find_user_by_name

    password = _read_password(password_stdin)
    try:
        with _session() as session:
            user = find_user_by_name(session, username)
            change_password(session, user, password)
            typer.echo(f"Passwort von '{user.username}' geändert; seine Sitzungen sind beendet.")
    except InputError as error:
        _fail(str(error))
