"""Credentials: API keys and short-lived JWT access tokens.

Two kinds of credentials are accepted when ``AUTH_ENABLED`` is true:

* an **API key** from ``AUTH_API_KEYS`` (comma list), sent as ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``;
  compared in constant time against *every* configured key so timing does not reveal which prefix matched;
* a **JWT access token** (HS256, signed with ``JWT_SECRET_KEY``, 15 minutes by default) obtained from
  ``POST /api/v1/auth/token`` in exchange for an API key, sent as ``Authorization: Bearer <jwt>``.

The JWT library is PyJWT: actively maintained, no native dependencies for HMAC, checks ``exp``/``iat``/``nbf`` with
the algorithm list pinned by the caller (so ``alg: none`` and algorithm-confusion tokens are refused).

Usage::

    >>> from ai_designer.core.settings import Settings
    >>> s = Settings(AUTH_ENABLED=True, JWT_SECRET_KEY="x" * 48, AUTH_API_KEYS="k1")
    >>> token = create_access_token("key:demo", s)
    >>> decode_access_token(token, s)["sub"]
    'key:demo'
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from ai_designer.core.errors import AuthError, ConfigError
from ai_designer.core.settings import Settings

__all__ = [
    "Principal",
    "ANONYMOUS",
    "create_access_token",
    "decode_access_token",
    "match_api_key",
    "key_id",
    "credentials_from",
    "authenticate",
    "identify",
]

_ALLOWED_ALGORITHMS = {"HS256", "HS384", "HS512"}
_TOKEN_TYPE = "access"


@dataclass(frozen=True)
class Principal:
    """Who made a request. ``subject`` is stable per caller and never contains the raw key."""

    subject: str
    kind: str  # "api_key" | "jwt" | "anonymous"
    expires_at: int | None = None


ANONYMOUS = Principal(subject="anonymous", kind="anonymous")


def key_id(api_key: str) -> str:
    """A short, non-reversible id for an API key: used as JWT subject, rate-limit bucket and in logs."""
    return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:16]


def _algorithm(settings: Settings) -> str:
    alg = settings.jwt_algorithm.upper()
    if alg not in _ALLOWED_ALGORITHMS:
        raise ConfigError(f"JWT_ALGORITHM={settings.jwt_algorithm!r} is not supported: use HS256 (default).")
    return alg


def _secret(settings: Settings) -> str:
    if not settings.jwt_secret_key.strip():
        raise ConfigError("JWT_SECRET_KEY is not set: set it to a long random value to issue or check tokens.")
    return settings.jwt_secret_key


def create_access_token(subject: str, settings: Settings, *, minutes: int | None = None) -> str:
    """Sign an access token for ``subject`` valid for ``JWT_ACCESS_TOKEN_MINUTES`` (15) minutes."""
    now = int(time.time())
    lifetime = 60 * (minutes if minutes is not None else settings.jwt_access_token_minutes)
    claims = {"sub": subject, "iat": now, "nbf": now, "exp": now + lifetime, "jti": uuid.uuid4().hex,
              "type": _TOKEN_TYPE}
    return jwt.encode(claims, _secret(settings), algorithm=_algorithm(settings))


def decode_access_token(token: str, settings: Settings) -> dict[str, Any]:
    """Verify signature, expiry and shape of an access token; :class:`AuthError` says which check failed."""
    try:
        claims = jwt.decode(token, _secret(settings), algorithms=[_algorithm(settings)],
                            options={"require": ["exp", "iat", "sub"]})
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("The access token has expired: request a new one from POST /api/v1/auth/token.") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthError(f"The access token is invalid ({exc}): request a new one from POST /api/v1/auth/token.") \
            from exc
    if claims.get("type") != _TOKEN_TYPE:
        raise AuthError("The token is not an access token: request one from POST /api/v1/auth/token.")
    return claims


def match_api_key(candidate: str, settings: Settings) -> str | None:
    """Return the configured key equal to ``candidate`` (constant-time over all keys), else None."""
    found: str | None = None
    given = candidate.encode()
    for key in settings.api_keys:
        if hmac.compare_digest(given, key.encode()):
            found = key
    return found


def _looks_like_jwt(value: str) -> bool:
    return value.count(".") == 2


def credentials_from(headers: Mapping[str, str], query: Mapping[str, str] | None = None) -> str | None:
    """The raw credential of a request: ``X-API-Key``, ``Authorization: Bearer``, or (WebSocket) ``?token=``."""
    api_key = headers.get("x-api-key")
    if api_key:
        return api_key.strip()
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if query:
        for name in ("token", "access_token", "api_key"):
            if query.get(name):
                return query[name].strip()
    return None


def authenticate(credential: str | None, settings: Settings) -> Principal:
    """Turn a raw credential into a :class:`Principal` or raise :class:`AuthError` with a fix-it message."""
    if not credential:
        raise AuthError("Authentication required: send `X-API-Key: <key>` or `Authorization: Bearer <token>` "
                        "(get a token from POST /api/v1/auth/token).")
    key = match_api_key(credential, settings)
    if key is not None:
        return Principal(subject=key_id(key), kind="api_key")
    if _looks_like_jwt(credential):
        claims = decode_access_token(credential, settings)
        return Principal(subject=str(claims["sub"]), kind="jwt", expires_at=int(claims["exp"]))
    raise AuthError("The API key is not valid: check AUTH_API_KEYS on the server or the key you sent.")


def identify(credential: str | None, settings: Settings) -> Principal | None:
    """Like :func:`authenticate` but returns None instead of raising (for rate-limit buckets)."""
    if not credential:
        return None
    try:
        return authenticate(credential, settings)
    except (AuthError, ConfigError):
        return None
