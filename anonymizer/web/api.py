"""The REST API under ``/api`` (OpenAPI at ``/docs``). Errors are problem details (see problems.py)."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from anonymizer.anonymization import deanonymize as restore
from anonymizer.crypto import DecryptionError
from anonymizer.detection import Finding
from anonymizer.operators.encrypt import count_spans
from anonymizer.report import Report
from anonymizer.web.accounts import Permission, User
from anonymizer.web.auth import require
from anonymizer.web.monitoring import count_findings
from anonymizer.web.consents import consent_store
from anonymizer.web.processing import DOCX, TextRequest, check_text_size, read_submission, run_limited, wants_docx
from anonymizer.web.service import LABEL_NAMES, analyze_submission, anonymize_submission

router = APIRouter(prefix="/api")
Anonymizer = Annotated[User, Depends(require(Permission.ANONYMIZE))]

# The endpoints read JSON or a multipart upload themselves; this tells OpenAPI about both.
DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/TextRequest"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": ".txt, .md oder .docx"},
                        "text": {"type": "string"},
                        "policy": {"type": "string"},
                        "operator": {"type": "string"},
                        "keep": {"type": "array", "items": {"type": "string"}},
                        "hide": {"type": "array", "items": {"type": "string"}},
                        "hide_label": {"type": "array", "items": {"type": "string"}, "description": "Typ je hide"},
                    },
                }
            },
        },
    }
}


class FindingOut(BaseModel):
    start: int
    end: int
    label: str = Field(description="Typ (Presidio-Name), z. B. PERSON")
    label_name: str = Field(description="Typ in einfachem Deutsch, z. B. Name")
    score: float
    text: str
    recognizer: str

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        return cls(
            start=finding.start,
            end=finding.end,
            label=finding.label,
            label_name=LABEL_NAMES.get(finding.label, finding.label),
            score=finding.score,
            text=finding.text,
            recognizer=finding.recognizer,
        )


class AnalyzeResponse(BaseModel):
    findings: list[FindingOut]


class AnonymizeResponse(BaseModel):
    text: str
    findings: list[FindingOut]
    report: Report | None = Field(description="Was wie ersetzt wurde; Hinweise auf Quasi-Identifikatoren.")
    original: str | None = Field(default=None, description="Bei einer Datei: ihr Text, auf den sich die Fundstellen beziehen.")


class DeanonymizeRequest(BaseModel):
    text: str = Field(description="Mit der Ersetzungsart 'encrypt' anonymisierter Text.")


class DeanonymizeResponse(BaseModel):
    text: str


@router.post("/analyze", response_model=AnalyzeResponse, openapi_extra=DOCUMENT_BODY, summary="Personenbezogene Daten finden")
async def analyze(request: Request, _user: Anonymizer) -> AnalyzeResponse:
    submission = await read_submission(request)
    settings = request.app.state.settings
    findings = await run_limited(request, analyze_submission, submission, settings)
    count_findings(request, findings)
    return AnalyzeResponse(findings=[FindingOut.of(f) for f in findings])


@router.post(
    "/anonymize",
    response_model=AnonymizeResponse,
    openapi_extra=DOCUMENT_BODY,
    summary="Text anonymisieren",
    description="Mit `Accept: " + DOCX + "` kommt eine hochgeladene Word-Datei anonymisiert zurück.",
)
async def anonymize(request: Request, user: Anonymizer) -> AnonymizeResponse | Response:
    submission = await read_submission(request)
    settings = request.app.state.settings
    processed = await run_limited(request, anonymize_submission, submission, settings, user.institution.name,
                                  as_docx=wants_docx(request))
    count_findings(request, processed.result.findings)
    if processed.docx is not None:
        return docx_response(processed.docx, submission.filename, "anonymisiert")
    result = processed.result
    return AnonymizeResponse(
        text=result.text,
        findings=[FindingOut.of(f) for f in result.findings],
        report=result.report,
        original=processed.text if submission.filename else None,
    )


def docx_response(data: bytes, filename: str | None, suffix: str) -> Response:
    stem = (filename or "dokument").rsplit(".", 1)[0]
    # RFC 5987 filename*: the user's file name may hold umlauts; quote() also neutralises quotes.
    disposition = f"attachment; filename*=UTF-8''{quote(f'{stem}-{suffix}.docx')}"
    return Response(data, media_type=DOCX, headers={"Content-Disposition": disposition})


@router.post(
    "/deanonymize",
    response_model=DeanonymizeResponse,
    summary="Verschlüsselte Stellen wiederherstellen",
    description="Nur Stellen, die Ihre Einrichtung verschlüsselt hat. Jeder Versuch wird protokolliert "
                "(wer, wann, wie viele Stellen; nie der Text).",
)
async def deanonymize(request: Request, body: DeanonymizeRequest, user: Anonymizer) -> DeanonymizeResponse:
    settings, text = request.app.state.settings, check_text_size(body.text)
    institution = user.institution.name
    try:
        restored = await run_limited(request, restore, text, settings=settings, institution=institution)
    except DecryptionError:
        await audit_restoration(request, user, text, "spans_refused")
        raise
    await audit_restoration(request, user, text, "spans_restored")
    return DeanonymizeResponse(text=restored)


async def audit_restoration(request: Request, user: User, text: str, action: str) -> None:
    """Into the register's audit log: which user (by id: the log holds no names), how many spans."""
    store = consent_store(request)
    await run_in_threadpool(store.record, action, f"user:{user.id}", {"spans": count_spans(text)},
                            institution=user.institution.name)


__all__ = ["TextRequest", "router"]
