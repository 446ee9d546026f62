"""Shared fixtures. Tests use real parts: the real detector, real files, real databases."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def detector():
    from anonymizer.detection import get_detector

    return get_detector()


@pytest.fixture(scope="session")
def test_data() -> Path:
    return DATA
