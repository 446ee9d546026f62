"""The fixed split of ``../shared/data/kita-dev/`` (60 documents, 12 kinds, 5 each).

Half of it is for evaluation only: nobody reads, tunes or trains on the held-out documents. The
split is fixed by rule, not by chance, so that it never moves: with the kinds in alphabetical order,
even-indexed kinds hold out documents 01, 03, 05 and odd-indexed kinds hold out 02, 04 - 30
documents each side, every kind on both, 4 of the 8 documents without personal data held out.
"""
from __future__ import annotations

import json
from pathlib import Path

KITA_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "kita-dev" / "docs.jsonl"
KINDS = (
    "accident", "chat", "closing", "form", "handover", "meeting",
    "ocr", "official", "plan", "supervision", "table", "thread",
)


def is_held_out(doc_id: str) -> bool:
    kind, number = doc_id.rsplit("_", 1)
    odd_numbers = KINDS.index(kind) % 2 == 0
    return (int(number) % 2 == 1) == odd_numbers


def load(part: str, path: Path = KITA_DEV) -> list[dict]:
    """The documents of ``part``: "dev" (to read and tune on) or "heldout" (evaluation only)."""
    if part not in ("dev", "heldout"):
        raise ValueError(part)
    if not path.exists():
        return []
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [doc for doc in docs if is_held_out(doc["id"]) == (part == "heldout")]
