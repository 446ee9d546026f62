"""The user's own API tokens under ``/api/tokens``: list them and revoke one (e.g. a leaked one).

New tokens are made with ``kita-anon user token``. Another user's token answers 404, like a missing
one, so that token numbers reveal nothing.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from anonymizer.errors import InputError
from anonymizer.web.accounts import User, api_tokens, revoke_api_token
from anonymizer.web.auth import accounts_session, api_user
from anonymizer.web.problems import Problem

router = APIRouter(prefix="/api/tokens", tags=["API-Schlüssel"])
CurrentUser = Annotated[User, Depends(api_user)]


class TokenOut(BaseModel):
    id: int
    name: str
    created_at: dt.datetime


@router.get("")
def my_tokens(request: Request, user: CurrentUser) -> list[TokenOut]:
    """Ihre API-Schlüssel (Nummer, Bezeichnung, angelegt am); der Schlüssel selbst wird nie gezeigt."""
    with accounts_session(request) as session:
        return [TokenOut(id=token.id, name=token.name, created_at=token.created_at) for token in api_tokens(session, user)]


@router.delete("/{token_id}", status_code=204)
def revoke_my_token(request: Request, token_id: int, user: CurrentUser) -> Response:
    """Einen Ihrer API-Schlüssel widerrufen; er gilt sofort nicht mehr (auch der gerade benutzte)."""
    try:
        with accounts_session(request) as session:
            revoke_api_token(session, user, token_id)
    except InputError:
        raise Problem(404, "Diesen API-Schlüssel gibt es nicht.") from None
    return Response(status_code=204)
