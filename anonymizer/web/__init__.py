"""The web service: REST API, German web page, accounts. ``create_app(settings)`` builds it.

``create_app`` is imported on first use (PEP 562), so that ``kita-anon --help`` does not load FastAPI.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anonymizer.web.app import create_app


def __getattr__(name: str) -> Any:
    if name != "create_app":
        raise AttributeError(f"module 'anonymizer.web' has no attribute {name!r}")
    from anonymizer.web.app import create_app

    return create_app


__all__ = ["create_app"]
