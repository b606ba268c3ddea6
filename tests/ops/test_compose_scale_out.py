"""The compose file's ``scale-out`` profile: PostgreSQL and an S3-compatible store with volumes and healthchecks,
off by default, secrets only from the environment (.env)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]


def _services() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]


def test_scale_out_profile_adds_postgres_and_an_object_store() -> None:
    services = _services()
    for name in ("postgres", "minio", "minio-bucket"):
        assert services[name]["profiles"] == ["scale-out"], name
    pg, minio = services["postgres"], services["minio"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in minio["volumes"])
    assert minio["healthcheck"]["test"]
    assert pg["environment"]["POSTGRES_PASSWORD"].startswith("${")  # from .env, never written here
    assert minio["environment"]["MINIO_ROOT_PASSWORD"].startswith("${")
    for name in ("api", "worker"):  # the app reads the shared-state settings, empty by default (SQLite, local files)
        env = services[name]["environment"]
        assert env["DATABASE_URL"] == "${DATABASE_URL:-}" and env["FILES_URL"] == "${FILES_URL:-}"


def test_env_example_documents_the_shared_state_settings() -> None:
    text = (REPO / ".env.example").read_text()
    for name in ("DATABASE_URL=", "FILES_URL=", "FILES_REDIRECT_SECONDS=", "AWS_ENDPOINT_URL=", "AWS_ACCESS_KEY_ID=",
                 "AWS_SECRET_ACCESS_KEY=", "AWS_DEFAULT_REGION=", "POSTGRES_PASSWORD="):
        assert name in text, name
