"""The service's own privacy: size limits, security headers, no caching, no text in error logs.

One pure ASGI middleware, outermost, so that it also covers errors and static files.
"""
from __future__ import annotations

import logging
import traceback

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from anonymizer.web.problems import Problem, problem_response

logger = logging.getLogger(__name__)

# What one worker finishes well inside the request timeout on two shared cores: 100 kB (about 13,000
# words) take 2-3 s of CPU time (README, "Limits"); 1 MB took over 60 s and 3 GB.
MAX_TEXT_BYTES = 100_000
MAX_DOCX_BYTES = 10_000_000
# The largest body at all: a docx upload plus the multipart envelope and form fields.
MAX_BODY_BYTES = MAX_DOCX_BYTES + 100_000
TOO_LARGE = (
    f"Die Anfrage ist zu groß: höchstens {MAX_TEXT_BYTES // 1000} kB Text oder "
    f"{MAX_DOCX_BYTES // 1_000_000} MB Word-Datei."
)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# Swagger UI sets inline styles and data: icons; only /docs gets that, still without any other host.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "img-src 'self'", "img-src 'self' data:"
)
# Printable documents of the register (consent form, Art. 15 export) carry their own <style>, no script.
PRINTABLE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Behind TLS only: browsers then refuse plain HTTP to this host for a year.
HSTS = "max-age=31536000"


def _log_error(error: BaseException) -> None:
    # The exception's message may quote the text being processed: log only where it happened.
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in reversed(frames[-5:]))
    logger.error("Interner Fehler %s bei %s", type(error).__name__, where)


class ProtectionMiddleware:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES, hsts: bool = False):
        self.app = app
        self.max_body = max_body
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                add_security_headers(scope["path"], headers)
                if self.hsts:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            await problem_response(413, TOO_LARGE)(scope, receive, secured_send)
            return
        received = 0

        async def limited_receive() -> Message:
            # A body without Content-Length (chunked) is counted as it arrives.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise Problem(413, TOO_LARGE)
            return message

        try:
            await self.app(scope, limited_receive, secured_send)
        except Exception as error:  # noqa: BLE001  (last line of defence: answer, and log no text)
            if isinstance(error, Problem):
                response = problem_response(error.status, error.detail)
            else:
                _log_error(error)
                response = problem_response(500, "Interner Fehler. Bitte später erneut versuchen.")
            if not started:
                await response(scope, receive, secured_send)


def add_security_headers(path: str, headers: MutableHeaders) -> None:
    # A route may set a policy of its own (see DOCS_CSP, PRINTABLE_CSP); all others get the strict one.
    headers.setdefault("Content-Security-Policy", CSP)
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    # Static files hold no personal data and may be cached; everything else may contain text.
    if not path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
