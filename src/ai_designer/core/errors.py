"""The one exception hierarchy of ai-designer.

Every error a user can see derives from :class:`AIDesignerError` and carries a stable ``code`` (used in the CLI's
JSON ``error`` block and the API's error body) and a ``message`` that says what went wrong *and what to do*.

    AIDesignerError
    ├── ConfigError                 settings are missing or wrong (e.g. placeholder JWT secret)
    │   └── FreeCADNotFoundError    FreeCAD could not be located; names every place tried
    ├── PlanError                   a CAD plan is invalid (negative size, fillet larger than its edge, bad reference)
    ├── RejectedError               a prompt cannot be turned into a part (no planner can express it)
    ├── ExecutionError              a FreeCAD job failed
    │   ├── PolicyViolation         generated code broke the sandbox policy (import os, open(), file APIs outside the job dir)
    │   ├── JobTimeout              the job exceeded its time limit; its worker was replaced
    │   ├── JobMemoryError          the job exceeded its memory limit; its worker was replaced
    │   ├── WorkerCrashed           the worker died (segfault, kill); it was replaced
    │   └── GeometryMismatch        a design's files, measured outside the worker that wrote them, are not the part it reported
    ├── ValidationFailed            the built geometry does not meet the plan's intent
    ├── ExportError                 an output file could not be written or did not read back
    ├── LLMError                    a language-model call failed (after retries / fallbacks)
    │   └── LLMNotConfigured        no provider key / endpoint for the requested model
    ├── NotFoundError               a design, session or file does not exist
    ├── ConflictError               the request conflicts with the current state (e.g. cancel a finished design)
    ├── AuthError                   missing, invalid or expired credentials (API key / JWT)
    ├── ClientCodeRefused           an API/MCP client sent FreeCAD code (a custom operation) and ALLOW_CLIENT_CODE is off
    └── RateLimitedError            too many requests in the rate-limit window

Each class carries the whole mapping of an error, in one place: ``code``, ``http_status`` (the API's answer) and
``outcome`` — the status a design ends with when the error stops it: ``rejected`` for what the user must change
(:class:`PlanError`, :class:`RejectedError`, :class:`LLMNotConfigured`), ``failed`` otherwise. The CLI's exit code
follows from the status (``ai_designer.cli.commands.EXIT_CODES``: 0 succeeded, 1 failed, 3 rejected).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AIDesignerError",
    "ConfigError",
    "FreeCADNotFoundError",
    "PlanError",
    "RejectedError",
    "ExecutionError",
    "PolicyViolation",
    "JobTimeout",
    "JobMemoryError",
    "WorkerCrashed",
    "GeometryMismatch",
    "ValidationFailed",
    "ExportError",
    "LLMError",
    "LLMNotConfigured",
    "NotFoundError",
    "ConflictError",
    "AuthError",
    "ClientCodeRefused",
    "RateLimitedError",
    "StorageUnavailable",
]


class AIDesignerError(Exception):
    """Base class: ``code`` is stable and machine-readable, ``message`` is for people and says how to fix it."""

    code = "error"
    http_status = 500
    outcome = "failed"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class ConfigError(AIDesignerError):
    code = "config_error"


class FreeCADNotFoundError(ConfigError):
    code = "freecad_not_found"
    http_status = 503


class PlanError(AIDesignerError):
    code = "invalid_plan"
    http_status = 422
    outcome = "rejected"


class RejectedError(AIDesignerError):
    code = "rejected"
    http_status = 422
    outcome = "rejected"


class ExecutionError(AIDesignerError):
    code = "execution_failed"


class PolicyViolation(ExecutionError):
    code = "policy_violation"


class JobTimeout(ExecutionError):
    code = "timeout"


class JobMemoryError(ExecutionError):
    code = "memory_limit"


class WorkerCrashed(ExecutionError):
    code = "worker_crashed"


class GeometryMismatch(ExecutionError):
    code = "geometry_mismatch"


class ValidationFailed(AIDesignerError):
    code = "validation_failed"


class ExportError(AIDesignerError):
    code = "export_failed"


class LLMError(AIDesignerError):
    code = "llm_error"
    http_status = 502


class LLMNotConfigured(LLMError):
    code = "llm_not_configured"
    http_status = 422
    outcome = "rejected"


class NotFoundError(AIDesignerError):
    code = "not_found"
    http_status = 404


class ConflictError(AIDesignerError):
    code = "conflict"
    http_status = 409


class AuthError(AIDesignerError):
    code = "unauthorized"
    http_status = 401


class ClientCodeRefused(AIDesignerError):
    code = "client_code_refused"
    http_status = 403


class RateLimitedError(AIDesignerError):
    code = "rate_limited"
    http_status = 429


class StorageUnavailable(AIDesignerError):
    """The design database or the object store does not answer; the request can be retried."""

    code = "storage_unavailable"
    http_status = 503
