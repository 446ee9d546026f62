"""``POST /api/minutes/check``: may these minutes be distributed? Verdict, consent decisions,
personal data found, and the cleaned version (as JSON, or as the cleaned Word file on request)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from anonymizer.minutes import RELEASE, MinutesReport
from anonymizer.web.accounts import Permission, User
from anonymizer.web.api import DOCUMENT_BODY, docx_response
from anonymizer.web.auth import require
from anonymizer.web.processing import DOCX, read_submission, run_limited, wants_docx
from anonymizer.web.service import check_submission

router = APIRouter(prefix="/api/minutes", tags=["Protokolle"])
Checker = Annotated[User, Depends(require(Permission.CHECK_MINUTES))]


class MinutesFinding(BaseModel):
    start: int
    end: int
    line: int = Field(description="Zeile im Text (in einer Word-Datei: Absatz); für Leser gilt `where`.")
    where: str = Field(description="Wo es steht, wie ein Leser es findet: „TOP 3“ oder „Absatz 2“.")
    context: str = Field(description="Einige Wörter davor und danach, personenbezogene Daten ersetzt; die Stelle »markiert«.")
    label_name: str
    text: str
    replacement: str
    reason: str


class MeetingDecision(BaseModel):
    family_id: int | None = Field(description="Familie im Register; leer, wenn sie dort nicht steht.")
    participants: list[str]
    purpose: str
    day: dt.date
    planned: bool = Field(description="Das Gespräch ist erst geplant: die Einwilligung muss vorher vorliegen.")
    where: str = Field(description="Wo das Protokoll die Familie nennt: „TOP 2“, „Absatz 3“.")
    allowed: bool
    summary: str = Field(description="Die Entscheidung mit Begründung, in einfachem Deutsch.")
    next_step: str = Field(description="Was zu tun ist, damit das Protokoll verteilt werden darf (leer: nichts).")


class MinutesResponse(BaseModel):
    verdict: str = Field(description="Freigeben oder Nicht freigeben")
    approved: bool
    reasons: list[str]
    decisions: list[MeetingDecision]
    findings: list[MinutesFinding]
    cleaned_text: str
    notes: list[str] = Field(description="Hinweise auf Angaben, die zusammen eine Familie erkennbar machen können.")

    @classmethod
    def of(cls, report: MinutesReport) -> MinutesResponse:
        return cls(
            verdict=report.verdict,
            approved=report.verdict == RELEASE,
            reasons=report.reasons,
            decisions=[
                MeetingDecision(family_id=m.family_id, participants=m.participants, purpose=m.purpose, day=m.day,
                                planned=m.planned, where=m.where, allowed=m.allowed, summary=m.reason,
                                next_step=m.next_step)
                for m in report.meetings
            ],
            findings=[
                MinutesFinding(start=d.where.start, end=d.where.end, line=d.where.line, where=d.where.section,
                               context=d.context, label_name=d.label, text=d.text, replacement=d.replacement,
                               reason=d.reason)
                for d in report.personal_data
            ],
            cleaned_text=report.cleaned,
            notes=report.notes,
        )



@router.post(
    "/check",
    response_model=MinutesResponse,
    openapi_extra=DOCUMENT_BODY,
    summary="Protokoll vor dem Verteilen prüfen",
    description="Mit `Accept: " + DOCX + "` kommt eine hochgeladene Word-Datei bereinigt zurück.",
)
async def check(
    request: Request,
    user: Checker,
    participants: Annotated[list[str], Query(description="Teilnehmende Einrichtungen; sonst aus dem Protokoll.")] = [],
    purpose: Annotated[str | None, Query(description="Zweck (Kategorie); sonst aus dem Protokoll.")] = None,
    day: Annotated[dt.date | None, Query(description="Datum des Gesprächs; sonst aus dem Protokoll.")] = None,
) -> MinutesResponse | Response:
    submission = await read_submission(request)
    settings = request.app.state.settings
    processed = await run_limited(
        request, check_submission, submission, settings, as_docx=wants_docx(request),
        participants=participants, purpose=purpose, day=day, institution=user.institution.name,
        visible_to=user.institution.name,
    )
    if processed.docx is not None:
        return docx_response(processed.docx, submission.filename, "bereinigt")
    return MinutesResponse.of(processed.result)
