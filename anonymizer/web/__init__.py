"""The web service: REST API, German web page, accounts. ``create_app(settings)`` builds it."""
from anonymizer.web.app import create_app

__all__ = ["create_app"]
