"""Reading a request's document (JSON text or an uploaded .txt/.docx) and running the work on it.

Everything stays in memory: uploads are read into bytes and never saved. The event loop only reads
the request; the upload is decoded or unpacked in a worker process (``submitted_document``), inside the
request's time and memory limits, and so is all detection (``run_limited``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from starlette.datastructures import UploadFile
from pydantic import BaseModel, Field, ValidationError, field_validator
from starlette.formparsers import MultiPartParser

from anonymizer.documents import DOCX_SUFFIX, Document, TextDocument, decode_text, read_docx
from anonymizer.errors import InputError
from anonymizer.operators import OPERATORS
from anonymizer.policies import check_policy_name
from anonymizer.web.problems import Problem, describe_errors
from anonymizer.web.protection import MAX_DOCX_BYTES, MAX_TEXT_BYTES, TOO_LARGE

# Starlette spools uploads above 1 MB to a temporary file; ours must stay in memory (up to the limit).
MultiPartParser.spool_max_size = MAX_DOCX_BYTES + 1

T = TypeVar("T")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Mark(BaseModel):
    """Words the user marked as personal data although detection missed them."""

    text: str = Field(min_length=1, max_length=200)
    label: str = "PERSON"


class TextRequest(BaseModel):
    text: str = Field(description=f"Der Text (UTF-8), höchstens {MAX_TEXT_BYTES // 1000} kB.")
    policy: str | None = Field(default=None, description="Name einer Richtlinie des Dienstes (kein Pfad), z. B. netzwerk, protokoll, intern.")
    operator: str | None = Field(default=None, description="Ersetzungsart für alle Typen, z. B. placeholder.")
    keep: list[str] = Field(default=[], description="Fundstellen, die stehen bleiben dürfen (an jeder Stelle).")
    hide: list[Mark] = Field(default=[], description="Übersehene Wörter, die an jeder Stelle verborgen werden.")

    # A web user names a policy, never a file: the name is checked here, its existence in the policy
    # folder by the service (policies.named_policy). Neither message repeats what was sent.
    @field_validator("policy")
    @classmethod
    def _policy_name(cls, name: str | None) -> str | None:
        return None if name is None else check_policy_name(name)

    @field_validator("operator")
    @classmethod
    def _known_operator(cls, name: str | None) -> str | None:
        if name is not None and name not in OPERATORS:
            raise ValueError(f"unbekannte Ersetzungsart (erlaubt: {', '.join(sorted(OPERATORS))})")
        return name


@dataclass(frozen=True)
class Submission:
    """What a request asks to process: its options and either their text or an uploaded file."""

    options: TextRequest
    filename: str | None = None
    upload: bytes | None = None  # the file as sent; read by ``submitted_document`` in a worker

    @property
    def is_docx(self) -> bool:
        return self.upload is not None and (self.filename or "").lower().endswith(DOCX_SUFFIX)


def submitted_document(submission: Submission) -> Document:
    """The submission's document, its text within the limits. Runs in a worker process: a Word
    file is unpacked and parsed here, never in the event loop."""
    if submission.upload is None:
        return TextDocument(submission.options.text)
    name = submission.filename or "Datei"
    if submission.is_docx:
        document = read_docx(submission.upload, name)
    else:
        document = TextDocument(decode_text(submission.upload, name))
    check_text_size(document.text)
    return document


def wants_docx(request: Request) -> bool:
    """Content negotiation: the client asks for the processed Word file instead of JSON."""
    return DOCX in request.headers.get("accept", "")


def check_text_size(text: str) -> str:
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise Problem(413, TOO_LARGE)
    if not text.strip():
        raise InputError("Der Text ist leer.")
    return text


async def read_upload(upload: UploadFile) -> tuple[str, bytes]:
    name = upload.filename or "Datei"
    is_docx = name.lower().endswith(".docx")
    limit = MAX_DOCX_BYTES if is_docx else MAX_TEXT_BYTES
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, TOO_LARGE)
    if not (is_docx or name.lower().endswith((".txt", ".md"))):
        raise InputError(f"{name}: nur .txt-, .md- oder .docx-Dateien werden angenommen.")
    return name, data


async def read_submission(request: Request) -> Submission:
    """The document of a JSON body or of a multipart form with a ``file`` (or ``text``) field."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_part_size=MAX_DOCX_BYTES + 1)
        upload = form.get("file")
        fields = {
            "policy": form.get("policy") or None,
            "operator": form.get("operator") or None,
            "keep": form.getlist("keep"),
            "hide": marks(form.getlist("hide"), form.getlist("hide_label")),
        }
        if isinstance(upload, UploadFile) and upload.filename:
            name, data = await read_upload(upload)
            return Submission(_validate({**fields, "text": ""}), filename=name, upload=data)
        options = _validate({**fields, "text": form.get("text") or ""})
        check_text_size(options.text)
        return Submission(options)
    if content_type.startswith("application/json"):
        try:
            options = TextRequest.model_validate_json(await request.body())
        except ValidationError as error:
            raise _invalid(error) from None
        check_text_size(options.text)
        return Submission(options)
    raise Problem(415, "Bitte JSON (application/json) oder ein Formular mit Datei (multipart/form-data) senden.")


def marks(words: list, labels: list) -> list[dict]:
    """Form fields ``hide`` (repeated) with an optional ``hide_label`` each, in the same order."""
    return [{"text": word, "label": labels[i] if i < len(labels) else "PERSON"} for i, word in enumerate(words)]


def _validate(fields: dict) -> TextRequest:
    try:
        options = TextRequest.model_validate(fields)
    except ValidationError as error:
        raise _invalid(error) from None
    return options


def _invalid(error: ValidationError) -> Problem:
    return Problem(422, describe_errors(error.errors()))


async def run_limited(request: Request, function: Callable[..., T], *args, **kwargs) -> T:
    """Run CPU-bound ``function`` in one of the app's worker processes; past the app's
    ``request_timeout`` the worker is killed and the client gets a 503 (see workers.py)."""
    return await request.app.state.workers.run(request.app.state.request_timeout, function, *args, **kwargs)
