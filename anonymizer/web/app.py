"""``create_app(settings)``: the FastAPI application of the web service, ready for uvicorn."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from anonymizer.config import Settings, get_settings
from anonymizer.db import database_url, get_engine, upgrade_database
from anonymizer.web import account_pages, api, consents, minutes, pages, tokens
from anonymizer.web.accounts import SESSION_LIFETIME
from anonymizer.web.auth import LoginRequired, PasswordChangeRequired, session_secret
from anonymizer.web.monitoring import install_monitoring
from anonymizer.web.processing import Mark, TextRequest
from anonymizer.web.problems import install_problem_handlers
from anonymizer.web.protection import DOCS_CSP, ProtectionMiddleware
from anonymizer.web.throttle import LoginThrottle
from anonymizer.web.workers import WorkerPool

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    url = database_url(settings)
    upgrade_database(url)
    app = FastAPI(
        title="kita-anon",
        summary="Notizen anonymisieren, Protokolle prüfen, Einwilligungen verwalten.",
        docs_url=None,
        redoc_url=None,
        lifespan=_workers_running,
    )
    app.state.settings = settings
    app.state.request_timeout = settings.request_timeout
    app.state.workers = WorkerPool(settings)
    app.state.engine = get_engine(url)
    app.state.login_throttle = LoginThrottle(app.state.engine)
    install_problem_handlers(app)
    app.add_exception_handler(LoginRequired, pages.login_redirect)
    app.add_exception_handler(PasswordChangeRequired, pages.password_change_redirect)
    app.include_router(api.router)
    app.include_router(consents.router)
    app.include_router(minutes.router)
    app.include_router(tokens.router)
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    app.mount("/static/docs", StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)), name="docs-static")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_api_route("/docs", _docs_page, include_in_schema=False)
    app.openapi = lambda: _openapi(app)
    # Added last, so it runs first: the cookie is signed, HttpOnly, SameSite=Strict, Secure behind TLS.
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="kita_session",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        same_site="strict",
        https_only=settings.behind_tls,
    )
    app.add_middleware(ProtectionMiddleware, hsts=settings.behind_tls)
    install_monitoring(app, settings)  # last: /health, /ready, and metrics that see every answer
    return app


@asynccontextmanager
async def _workers_running(app: FastAPI) -> AsyncIterator[None]:
    """Under a server the workers start with it (it answers once they have loaded the model) and stop
    with it. Without one (a test client outside ``with``) they start on the first job."""
    await anyio.to_thread.run_sync(app.state.workers.start)
    try:
        yield
    finally:
        app.state.workers.close()


async def _docs_page(request: Request) -> HTMLResponse:
    return pages.TEMPLATES.TemplateResponse(request, "docs.html", {}, headers={"Content-Security-Policy": DOCS_CSP})


def _openapi(app: FastAPI) -> dict:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version="0.1.0", summary=app.summary, routes=app.routes)
        # The document endpoints read their body themselves (JSON or upload); publish its schema.
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (TextRequest, Mark):
            components[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
    return app.openapi_schema
