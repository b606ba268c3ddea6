"""All configuration in one pydantic-settings class.

Values come from (highest first) environment variables, a ``.env`` file, the YAML config file (only its tables:
``llm_agents:`` and ``model_aliases:``, read by :class:`YamlTablesSource`), then defaults. Names match SPEC.md
(``REDIS_HOST``, ``AUTH_ENABLED``, ``JWT_SECRET_KEY`` …); see ``.env.example`` for the full list.
Nothing is built at import time: call :func:`get_settings` (cached) and ``get_settings.cache_clear()`` in tests.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dotenv import dotenv_values
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from ai_designer.core.errors import ConfigError

__all__ = ["Settings", "get_settings", "YamlTablesSource", "DotenvLLMSource"]

_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "your-secret-key", "changethis", "please-change-me"}


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ai-designer"


class YamlTablesSource(PydanticBaseSettingsSource):
    """The tables of the YAML config (``AI_DESIGNER_CONFIG``, default ``config/config.yaml`` when present): the
    per-agent model table and the ``-m`` aliases. They are validated in :mod:`ai_designer.llm.model_config`."""

    TABLES = ("llm_agents", "model_aliases")

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        state = self.current_state
        named = state.get("AI_DESIGNER_CONFIG") or state.get("config_file") or os.environ.get("AI_DESIGNER_CONFIG")
        path = Path(named) if named else Path("config") / "config.yaml"
        if not path.is_file():
            return {}
        import yaml  # only when there is a config file: ≈ 20 ms of every CLI start otherwise

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path} is not valid YAML ({exc}); fix it or point AI_DESIGNER_CONFIG elsewhere") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{path} must be a YAML mapping with sections such as llm_agents: and model_aliases:")
        out = {}
        for table in self.TABLES:
            section = data.get(table) or {}
            if not isinstance(section, dict):
                raise ConfigError(f"{path}: {table!r} must be a mapping")
            out[table] = section
        return out


class DotenvLLMSource(PydanticBaseSettingsSource):
    """Provider keys (``*_API_KEY``) and per-agent overrides (``AGENT_{NAME}_{KEY}``) written in the ``.env`` file.

    Their names are open-ended (any litellm provider, any agent), so they are not fields; without this source a key
    in ``.env`` was silently ignored. The process environment still wins: see :meth:`Settings.llm_var`."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        env_file = self.config.get("env_file")
        if not isinstance(env_file, str | Path) or not Path(env_file).is_file():
            return {}
        values = dotenv_values(env_file)
        found = {k: v for k, v in values.items() if v and (k.endswith("_API_KEY") or k.startswith("AGENT_"))}
        return {"llm_dotenv": found} if found else {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, dotenv_settings, DotenvLLMSource(settings_cls),
                YamlTablesSource(settings_cls), file_secret_settings)

    # --- storage -----------------------------------------------------------------------------------------------
    home: Path = Field(default_factory=_default_home, alias="AI_DESIGNER_HOME",
                       description="Sessions, the design store, caches and worker temp dirs live here.")
    config_file: Path | None = Field(default=None, alias="AI_DESIGNER_CONFIG",
                                     description="YAML config (llm_agents overrides); default config/config.yaml if present.")
    llm_agents: dict[str, dict[str, Any]] = Field(default_factory=dict, description="`llm_agents:` of the YAML config: "
                                                  "per-agent model overrides (env AGENT_{NAME}_{KEY} beats them)")
    model_aliases: dict[str, Any] = Field(default_factory=dict, description="`model_aliases:` of the YAML config: "
                                          "names for `ai-designer design -m`")
    llm_dotenv: dict[str, SecretStr] = Field(default_factory=dict, repr=False,
                                             description="*_API_KEY and AGENT_* entries of the .env file")

    database_url: str | None = Field(
        default=None, alias="DATABASE_URL",
        description="Design store: unset = SQLite file under AI_DESIGNER_HOME; postgresql://USER@HOST/DB = "
                    "PostgreSQL shared by several API hosts (migrated on start and by `ai-designer db upgrade`).")
    files_url: str | None = Field(
        default=None, alias="FILES_URL",
        description="Where design files live: unset = AI_DESIGNER_HOME/designs; a directory; or s3://bucket/prefix "
                    "(any S3-compatible store; endpoint and keys from AWS_* below).")
    files_redirect_seconds: int = Field(
        default=0, ge=0, le=7 * 24 * 3600, alias="FILES_REDIRECT_SECONDS",
        description="With s3:// files: 0 streams downloads through the API; N > 0 answers 307 to a presigned URL "
                    "valid N seconds (clients then need to reach the object store).")
    aws_endpoint_url: str | None = Field(default=None, alias="AWS_ENDPOINT_URL",
                                         description="S3-compatible endpoint (MinIO, Ceph, R2); unset = AWS S3.")
    aws_access_key_id: str | None = Field(default=None, alias="AWS_ACCESS_KEY_ID")
    aws_secret_access_key: str | None = Field(default=None, alias="AWS_SECRET_ACCESS_KEY")
    aws_default_region: str | None = Field(default=None, alias="AWS_DEFAULT_REGION")

    # --- FreeCAD -----------------------------------------------------------------------------------------------
    freecad_path: str | None = Field(default=None, alias="FREECAD_PATH",
                                     description="Directory holding FreeCAD.so (or a FreeCAD install prefix).")
    freecad_appimage_path: str | None = Field(default=None, alias="FREECAD_APPIMAGE_PATH",
                                              description="An extracted FreeCAD AppImage (squashfs-root) or its prefix.")
    freecad_headless: bool = Field(default=True, alias="FREECAD_HEADLESS")

    # --- executor pool -----------------------------------------------------------------------------------------
    pool_workers: int = Field(default=2, ge=1, le=64, alias="POOL_WORKERS")
    job_timeout_seconds: float = Field(default=60.0, gt=0, alias="JOB_TIMEOUT_SECONDS")
    job_memory_mb: int = Field(default=2048, ge=384, alias="JOB_MEMORY_MB")
    job_disk_mb: int = Field(default=2048, ge=16, alias="JOB_DISK_MB", description=(
        "what a job's worker may keep on disk in its directory (the pool measures it while the job runs)"))
    worker_max_jobs: int = Field(default=200, ge=1, alias="WORKER_MAX_JOBS")
    worker_max_rss_mb: int = Field(default=1200, ge=200, alias="WORKER_MAX_RSS_MB")
    preview_workers: int = Field(
        default=1, ge=1, le=16, alias="PREVIEW_WORKERS",
        description="Processes that render PNG previews and GLB files after a design succeeded (off the FreeCAD "
                    "workers, so the next build does not wait for a picture).")
    preview_timeout_seconds: float = Field(default=60.0, gt=0, alias="PREVIEW_TIMEOUT_SECONDS")
    worker_sandbox: Literal["on", "off"] = Field(
        default="on", alias="WORKER_SANDBOX",
        description="on: every FreeCAD worker runs behind the OS wall (namespaces, private file system, nobody, "
                    "seccomp; docs/security.md) and refuses to start without it. off: no wall — compiled plans "
                    "still build, any job carrying code (custom operations) is refused.")
    allow_client_code: bool = Field(
        default=False, alias="ALLOW_CLIENT_CODE",
        description="Accept plans with `custom` operations (FreeCAD code) from API/MCP clients. The server's own "
                    "LLM generator may always write them; they run behind the worker sandbox either way.")

    # --- pipeline ----------------------------------------------------------------------------------------------
    max_iterations: int = Field(default=3, ge=1, le=10, alias="MAX_ITERATIONS")
    llm_budget_usd: float = Field(default=0.50, ge=0, alias="LLM_BUDGET_USD")
    llm_timeout_seconds: float = Field(default=60.0, gt=0, alias="LLM_TIMEOUT_SECONDS")
    llm_cache: bool = Field(default=True, alias="LLM_CACHE")
    ollama_base_url: str | None = Field(default=None, alias="OLLAMA_BASE_URL")
    llm_cache_ttl_seconds: float = Field(default=7 * 24 * 3600, ge=0, alias="LLM_CACHE_TTL_SECONDS")
    llm_max_retries: int = Field(default=2, ge=0, le=10, alias="LLM_MAX_RETRIES",
                                 description="retries per model on 429/5xx/timeouts before the next fallback")
    llm_retry_backoff_seconds: float = Field(default=1.0, ge=0, alias="LLM_RETRY_BACKOFF_SECONDS")
    llm_plan_repairs: int = Field(default=2, ge=0, le=5, alias="LLM_PLAN_REPAIRS",
                                  description="re-asks when an LLM plan is not valid JSON / fails the schema")
    llm_structured_output: bool = Field(default=True, alias="LLM_STRUCTURED_OUTPUT",
                                        description="send the plan's JSON schema (costs ~4k input tokens per call)")
    llm_review: bool = Field(default=False, alias="LLM_REVIEW",
                             description="validator asks an LLM to review intent vs result (adds a warning)")
    max_prompt_chars: int = Field(default=4000, ge=100, alias="MAX_PROMPT_CHARS")

    # --- service -----------------------------------------------------------------------------------------------
    api_host: str = Field(default="127.0.0.1", alias="API_HOST")
    api_port: int = Field(default=8000, alias="API_PORT")
    cors_origins: str = Field(default="*", alias="CORS_ORIGINS")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    redis_host: str | None = Field(default=None, alias="REDIS_HOST")
    redis_port: int = Field(default=6379, alias="REDIS_PORT")
    redis_db: int = Field(default=0, alias="REDIS_DB")
    job_backend: str = Field(default="auto", alias="JOB_BACKEND",
                             description="local | celery | auto (celery when Redis is configured)")
    job_concurrency: int | None = Field(default=None, ge=1, le=64, alias="JOB_CONCURRENCY",
                                        description="Designs run at once by the local back end (default POOL_WORKERS).")
    max_request_bytes: int = Field(default=65536, ge=1024, alias="MAX_REQUEST_BYTES",
                                   description="Largest accepted HTTP request body; bigger bodies get 413.")
    job_stale_seconds: float = Field(default=900.0, gt=0, alias="JOB_STALE_SECONDS",
                                     description="A queued Celery job no worker took for this long is failed.")
    job_heartbeat_timeout_seconds: float = Field(
        default=30.0, ge=3, le=600, alias="JOB_HEARTBEAT_TIMEOUT_SECONDS",
        description="A running Celery job whose worker stopped its Redis heartbeat this long ago is failed "
                    "(worker lost); workers refresh it every sixth of this. Same value on API and workers.")
    job_result_retry_seconds: float = Field(
        default=300.0, ge=1, alias="JOB_RESULT_RETRY_SECONDS",
        description="How long a Celery worker keeps retrying (with backoff) to hand a finished result to Redis.")
    job_max_attempts: int = Field(default=2, ge=1, le=10, alias="JOB_MAX_ATTEMPTS",
                                  description="Deliveries of one design to Celery workers before it fails.")
    worker_concurrency: int = Field(default=2, ge=1, le=64, alias="WORKER_CONCURRENCY",
                                    description="Celery worker processes (prefork children) per `ai-designer worker`.")
    worker_max_tasks_per_child: int = Field(default=100, ge=1, alias="WORKER_MAX_TASKS_PER_CHILD")
    worker_max_memory_per_child_mb: int = Field(default=1500, ge=100, alias="WORKER_MAX_MEMORY_PER_CHILD_MB")
    celery_visibility_timeout_seconds: int = Field(default=900, ge=10, alias="CELERY_VISIBILITY_TIMEOUT_SECONDS",
                                                   description="Redis broker: an unacked job is redelivered after this.")
    celery_queue: str = Field(default="ai_designer", alias="CELERY_QUEUE")

    # --- security ----------------------------------------------------------------------------------------------
    auth_enabled: bool = Field(default=False, alias="AUTH_ENABLED")
    ready_detail: bool = Field(default=False, alias="READY_DETAIL",
                               description="Show /ready's full detail (worker pids, limits, sandbox) to anonymous "
                                           "callers; otherwise only authenticated callers (AUTH_ENABLED) see it.")
    auth_api_keys: str = Field(default="", alias="AUTH_API_KEYS")
    jwt_secret_key: str = Field(default="", alias="JWT_SECRET_KEY")
    jwt_algorithm: str = Field(default="HS256", alias="JWT_ALGORITHM")
    jwt_access_token_minutes: int = Field(default=15, ge=1, alias="JWT_ACCESS_TOKEN_MINUTES")
    rate_limit_enabled: bool = Field(default=True, alias="RATE_LIMIT_ENABLED")
    rate_limit_requests: int = Field(default=100, ge=1, alias="RATE_LIMIT_REQUESTS")
    rate_limit_window_seconds: int = Field(default=60, ge=1, alias="RATE_LIMIT_WINDOW_SECONDS")
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535, alias="WORKER_METRICS_PORT",
                                            description="`ai-designer worker` serves Prometheus /metrics here.")

    # --- CLI daemon (docs/cli-daemon.md) --------------------------------------------------------------------------
    daemon: Literal["off", "use", "auto"] = Field(
        default="use", alias="AI_DESIGNER_DAEMON",
        description="`ai-designer design` through a warm local daemon (Unix socket in $XDG_RUNTIME_DIR): use = when "
                    "one is running for this environment, auto = also start one in the background on first use, "
                    "off = always build in the CLI process.")
    daemon_idle_minutes: float = Field(default=15.0, gt=0, le=7 * 24 * 60, alias="AI_DESIGNER_DAEMON_IDLE_MINUTES",
                                       description="A daemon with no request for this long exits.")

    log_level: str = Field(default="WARNING", alias="LOG_LEVEL")

    @field_validator("log_level")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()

    @field_validator("daemon", mode="before")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        return v.strip().lower() if isinstance(v, str) else v

    @model_validator(mode="after")
    def _check_auth(self) -> Settings:
        if self.auth_enabled and self.jwt_secret_key.strip().lower() in _PLACEHOLDER_SECRETS:
            raise ConfigError(
                "AUTH_ENABLED is true but JWT_SECRET_KEY is missing or a placeholder: set it to a long random "
                "value, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        if self.auth_enabled and len(self.jwt_secret_key.strip()) < 32:
            raise ConfigError(
                "AUTH_ENABLED is true but JWT_SECRET_KEY is shorter than 32 characters (HS256 needs at least 256 "
                "bits): use e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        return self

    # --- derived -----------------------------------------------------------------------------------------------
    @property
    def effective_redis_url(self) -> str | None:
        """REDIS_URL wins; else REDIS_HOST/REDIS_PORT; None means the embedded (no-Redis) mode."""
        if self.redis_url:
            return self.redis_url
        if self.redis_host:
            return f"redis://{self.redis_host}:{self.redis_port}/{self.redis_db}"
        return None

    @property
    def api_keys(self) -> list[str]:
        return [k.strip() for k in self.auth_api_keys.split(",") if k.strip()]

    @property
    def sessions_dir(self) -> Path:
        return self.home / "sessions"

    @property
    def store_path(self) -> Path:
        return self.home / "designs.sqlite3"

    @property
    def store_target(self) -> str:
        """``DATABASE_URL`` when set, else the SQLite file :attr:`store_path`."""
        return self.database_url or str(self.store_path)

    @property
    def designs_dir(self) -> Path:
        return self.home / "designs"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def workers_dir(self) -> Path:
        return self.home / "workers"

    def llm_var(self, name: str) -> str | None:
        """A provider key or ``AGENT_*`` override: the process environment first, then the ``.env`` file; blank
        counts as unset. Keys stay out of the settings' repr and logs."""
        value = os.environ.get(name)
        if value:
            return value
        secret = self.llm_dotenv.get(name)
        return secret.get_secret_value() if secret is not None and secret.get_secret_value() else None

    def resolved_config_file(self) -> Path | None:
        if self.config_file:
            return self.config_file
        candidate = Path("config") / "config.yaml"
        return candidate if candidate.is_file() else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
