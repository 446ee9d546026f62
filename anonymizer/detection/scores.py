"""The scores of the word-based recognizers, read from ``data/scores.yaml``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

SCORES_FILE = Path(__file__).parent / "data" / "scores.yaml"


@lru_cache(maxsize=1)
def _scores() -> dict[str, dict[str, float]]:
    data = yaml.safe_load(SCORES_FILE.read_text(encoding="utf-8"))
    for family, rules in data.items():
        for rule, value in rules.items():
            if not isinstance(value, (int, float)) or not 0 < value <= 1:
                raise ValueError(f"{SCORES_FILE.name}: {family}.{rule} must be a number in (0, 1], not {value!r}")
    return data


def score(family: str, rule: str) -> float:
    """The score of ``rule`` of the recognizer ``family`` ("person", "title")."""
    return float(_scores()[family][rule])
