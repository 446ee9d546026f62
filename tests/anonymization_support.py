"""Helpers for the anonymisation tests: findings built by hand, so operators and linking can be
tested on exact spans while the detector's recall is tested elsewhere."""
from __future__ import annotations

import re

from anonymizer.anonymization import AnonymizedText, anonymize_findings
from anonymizer.detection import Finding
from anonymizer.policies import Policy

TEST_KEY = bytes(range(32))


def spans(text: str, *pieces: str | tuple[str, str]) -> list[Finding]:
    """Findings for every occurrence of each piece; a piece is "Leon" (PERSON) or ("4 Jahre", "AGE")."""
    findings = []
    for piece in pieces:
        value, label = (piece, "PERSON") if isinstance(piece, str) else piece
        matches = list(re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text))
        assert matches, f"{value!r} not in text"
        findings += [Finding(m.start(), m.end(), label, 0.9, "Test", "", value) for m in matches]
    return sorted(findings, key=lambda f: f.start)


def policy(operator: str = "placeholder", *labels: str, **extra) -> Policy:
    labels = labels or ("PERSON", "AGE", "ADDRESS", "PHONE_NUMBER", "DATE_TIME", "DATE_OF_BIRTH")
    return Policy(name="test", entities={label: {"operator": operator} for label in labels}, **extra)


def run(text: str, findings: list[Finding], operator: str = "placeholder", seed: int = 7, **policy_extra) -> AnonymizedText:
    labels = sorted({f.label for f in findings})
    return anonymize_findings(text, findings, policy(operator, *labels, **policy_extra), key_provider=lambda: TEST_KEY, seed=seed)
