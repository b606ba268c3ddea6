"""``POST /api/v1/auth/token``: exchange an API key for a short-lived JWT access token.

The key comes as ``X-API-Key``, ``Authorization: Bearer <key>`` or a JSON body ``{"api_key": "..."}``. The answer is
OAuth2-shaped: ``{"access_token": ..., "token_type": "bearer", "expires_in": 900}``. The token's subject is the
key's id (a hash prefix), never the key itself.

    curl -s -X POST -H "X-API-Key: $KEY" http://127.0.0.1:8000/api/v1/auth/token
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ai_designer.api.middleware.auth import error_response
from ai_designer.core import metrics
from ai_designer.core.errors import AuthError, NotFoundError
from ai_designer.core.security import create_access_token, credentials_from, key_id, match_api_key
from ai_designer.core.settings import Settings, get_settings

__all__ = ["router", "TokenRequest", "TokenResponse"]

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenRequest(BaseModel):
    api_key: str = Field(min_length=1, description="One of the server's AUTH_API_KEYS.")


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


def _settings(request: Request) -> Settings:
    """The app's settings (``create_app(settings)`` stores them on ``app.state``), else the process settings."""
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


@router.post("/token", response_model=TokenResponse,
             responses={401: {"description": "Missing or invalid API key"},
                        404: {"description": "Token issuing is off on this server (no JWT secret or API keys)"}})
def issue_token(
    request: Request,
    body: Annotated[TokenRequest | None, Body()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> TokenResponse | JSONResponse:
    settings = _settings(request)
    if not settings.jwt_secret_key.strip() or not settings.api_keys:
        err = NotFoundError("token issuing is off on this server (no JWT_SECRET_KEY or AUTH_API_KEYS); when "
                            "AUTH_ENABLED is false no token is needed. Operators: docs/operations.md.")
        return JSONResponse({"error": err.to_dict()}, status_code=404)
    headers = {k: v for k, v in (("x-api-key", x_api_key), ("authorization", authorization)) if v}
    candidate = body.api_key if body is not None else credentials_from(headers)
    key = match_api_key(candidate, settings) if candidate else None
    if key is None:
        metrics.record_auth_failure("token")
        msg = ("The API key is not valid: check AUTH_API_KEYS on the server or the key you sent." if candidate else
               "Send an API key as `X-API-Key: <key>` or a JSON body {\"api_key\": \"<key>\"}.")
        return error_response(AuthError(msg))
    return TokenResponse(access_token=create_access_token(key_id(key), settings),
                         expires_in=settings.jwt_access_token_minutes * 60)
