"""What a test does when a part of the system it needs (Chromium, a PostgreSQL server) is missing."""
from __future__ import annotations

import os

import pytest


def requires(what: str, reason: str) -> None:
    """Skip with ``reason`` (in German); in CI (CI=true) fail instead, because there `make test`
    must have installed and started everything (.ci/test)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, aber {what} fehlt: {reason}")
    pytest.skip(reason)
