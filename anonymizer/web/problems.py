"""Errors as RFC 9457 problem details (``application/problem+json``) with a German ``detail``.

Every error of the API goes through ``problem_response``; the handlers below map each kind of
exception once. A ``detail`` never quotes the user's text: it only says what to fix.
"""
from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from anonymizer.consent.schemas import GERMAN as GERMAN_ERRORS
from anonymizer.crypto import DecryptionError, KeyConfigurationError
from anonymizer.errors import InputError, NotFound, NotPermitted

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger(__name__)

# German wording for the plain HTTP errors the framework raises itself (unknown route, wrong method).
HTTP_DETAILS = {
    401: "Bitte melden Sie sich an.",
    403: "Dafür fehlt Ihnen die Berechtigung.",
    404: "Diese Seite oder dieser Eintrag existiert nicht.",
    405: "Diese Methode ist hier nicht erlaubt.",
    413: "Die Anfrage ist zu groß.",
}
# One text for "does not exist" and "your institution may not see it", so that ids cannot be probed.
NOT_FOUND = "Diesen Eintrag gibt es nicht, oder Ihre Einrichtung darf ihn nicht sehen."


class Problem(Exception):
    """An error the client can act on: an HTTP status and a German explanation."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}

    def __reduce__(self):
        # Raised in a worker process too: it must survive pickling with all three arguments.
        return Problem, (self.status, self.detail, self.headers)


def problem_response(status: int, detail: str, headers: dict[str, str] | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def _problem(_request: Request, error: Problem) -> JSONResponse:
    return problem_response(error.status, error.detail, error.headers)


async def _input_error(_request: Request, error: InputError) -> JSONResponse:
    return problem_response(422, str(error))


async def _not_found(_request: Request, _error: NotFound) -> JSONResponse:
    return problem_response(404, NOT_FOUND)


async def _not_permitted(_request: Request, error: NotPermitted) -> JSONResponse:
    return problem_response(403, str(error))


async def _decryption_error(_request: Request, error: DecryptionError) -> JSONResponse:
    return problem_response(422, str(error))


async def _key_error(_request: Request, error: KeyConfigurationError) -> JSONResponse:
    return problem_response(503, str(error))


STORAGE_FAILED = (
    "Die Daten konnten nicht gespeichert werden: der Speicher ist voll, schreibgeschützt oder nicht "
    "erreichbar. Nichts wurde geändert. Bitte die Verwaltung des Dienstes informieren."
)


async def _storage_error(_request: Request, error: OperationalError) -> JSONResponse:
    # Read-only or full disk, a locked or unreachable database: the transaction was rolled back.
    return problem_response(503, STORAGE_FAILED)


def describe_errors(errors: list[dict]) -> str:
    """Pydantic's errors in German: the field and what is wrong, never the submitted value."""
    parts = []
    for error in errors:
        field = ".".join(str(part) for part in error["loc"] if part not in ("body", "query", "path")) or "Inhalt"
        if error["type"] == "value_error":  # our own validators word their messages in German
            message = error["msg"].removeprefix("Value error, ")
        else:
            message = GERMAN_ERRORS.get(error["type"], "ungültiger Wert")
        parts.append(f"{field}: {message}")
    return "Die Anfrage ist unvollständig oder fehlerhaft: " + "; ".join(parts) + "."


async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(e["loc"]), "type": e["type"]} for e in error.errors()]
    return problem_response(422, describe_errors(error.errors()), errors=errors)


async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
    detail = HTTP_DETAILS.get(error.status_code, "Die Anfrage konnte nicht bearbeitet werden.")
    return problem_response(error.status_code, detail, getattr(error, "headers", None))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(NotPermitted, _not_permitted)
    app.add_exception_handler(DecryptionError, _decryption_error)
    app.add_exception_handler(KeyConfigurationError, _key_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _storage_error)
