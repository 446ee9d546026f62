"""The result type of detection and the rule that turns overlapping hits into one clean list."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: ``text[start:end]`` is of type ``label``."""

    start: int
    end: int
    label: str
    score: float
    recognizer: str
    explanation: str
    text: str

    def to_dict(self) -> dict:
        return asdict(self)

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


# When two different types claim overlapping text, the more specific one wins ties on score.
LABEL_PRIORITY = {
    "DATE_OF_BIRTH": 5,
    "IBAN_CODE": 5,
    "DE_TAX_ID": 5,
    "DE_HEALTH_INSURANCE_NUMBER": 5,
    "DE_ID_DOCUMENT": 5,
    "CASE_FILE_NUMBER": 5,
    "EMAIL_ADDRESS": 5,
    "ADDRESS": 4,
    "PHONE_NUMBER": 4,
    "PERSON": 3,
    "ORGANIZATION": 2,
    "URL": 2,
    "DE_LICENSE_PLATE": 2,
    "AGE": 2,
    "LOCATION": 1,
    "NRP": 1,
    "DATE_TIME": 1,
}


def _rank(finding: Finding) -> tuple[float, int, int]:
    return (finding.score, LABEL_PRIORITY.get(finding.label, 0), finding.end - finding.start)


def resolve_overlaps(findings: list[Finding], text: str) -> list[Finding]:
    """Merge overlapping findings so that every character any recognizer flagged stays covered.

    Recall comes first: a merged finding spans the union of its parts and keeps the label,
    score and recognizer of the strongest part, so a title or half a name is never left behind.
    """
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and finding.overlaps(merged[-1]):
            previous = merged[-1]
            best = max(previous, finding, key=_rank)
            start, end = min(previous.start, finding.start), max(previous.end, finding.end)
            merged[-1] = Finding(
                start=start,
                end=end,
                label=best.label,
                score=max(previous.score, finding.score),
                recognizer=best.recognizer,
                explanation=best.explanation,
                text=text[start:end],
            )
        else:
            merged.append(finding)
    return merged
