"""``GET /metrics`` on the real app: parses as Prometheus text, templated HTTP paths, the SPEC metrics move, and
totals are merged over several uvicorn worker processes (multiprocess mode)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from ai_designer.api.app import create_app
from ai_designer.core import metrics
from ai_designer.core.settings import Settings

SPEC_METRICS = ("design_requests_total", "design_duration_seconds", "agent_call_duration_seconds",
                "llm_tokens_used_total", "llm_cost_usd_total", "active_designs")


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    return [(s.name, dict(s.labels), s.value) for f in text_string_to_metric_families(text) for s in f.samples]


def value(text: str, name: str, **labels: str) -> float:
    return sum(v for n, lab, v in samples(text) if n == name and all(lab.get(k) == x for k, x in labels.items()))


def test_metrics_parse_and_http_paths_are_templated() -> None:
    with TestClient(create_app(Settings(JOB_BACKEND="local"))) as client:  # type: ignore[call-arg]
        assert client.get("/api/v1/design/abc123def").status_code == 404
        assert client.get("/no/such/page/9f8e7d").status_code == 404
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    names = {f.name for f in text_string_to_metric_families(text)}
    for name in SPEC_METRICS:
        assert name.removesuffix("_total") in names, name
    paths = {lab.get("path") for n, lab, _ in samples(text) if n == "http_requests_total"}
    assert "/api/v1/design/{design_id}" in paths and "<unmatched>" in paths
    assert not any(p and ("abc123def" in p or "9f8e7d" in p) for p in paths)  # pragma: allowlist secret
    assert value(text, "http_requests_total", path="/api/v1/design/{design_id}", status="404") >= 1


def test_llm_metrics_move_on_a_real_litellm_call() -> None:
    from ai_designer.llm.provider import UnifiedLLMProvider
    from ai_designer.llm.testing import ScriptedLLMServer
    from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest

    before = metrics.render()[0].decode()
    with ScriptedLLMServer() as server:
        server.enqueue("hello", prompt_tokens=120, completion_tokens=30)
        provider = UnifiedLLMProvider(Settings(LLM_CACHE=False))  # type: ignore[call-arg]
        provider.complete(LLMRequest(model="openai/gpt-4o-mini", api_base=server.base_url, use_cache=False,
                                     messages=[LLMMessage(role="user", content="hi")]))
    after = metrics.render()[0].decode()
    assert value(after, "llm_tokens_used_total", provider="openai") - \
        value(before, "llm_tokens_used_total", provider="openai") == 150
    assert value(after, "llm_cost_usd_total", provider="openai") > value(before, "llm_cost_usd_total",
                                                                          provider="openai")


def test_a_design_moves_design_agent_and_active_metrics(tmp_path: Path) -> None:
    from ai_designer.designer import Designer

    before = metrics.render()[0].decode()
    active_seen: list[float] = []
    designer = Designer()
    try:
        result = designer.design("a 40 x 30 x 10 mm block", out_dir=tmp_path, formats=["step"],
                                 on_event=lambda e: active_seen.append(value(metrics.render()[0].decode(),
                                                                             "active_designs")))
    finally:
        designer.close()
    after = metrics.render()[0].decode()
    status = result.status.value
    assert status == "succeeded", result.error
    assert value(after, "executor_jobs_total", outcome="ok") > value(before, "executor_jobs_total", outcome="ok")
    assert value(after, "design_requests_total", status=status) == \
        value(before, "design_requests_total", status=status) + 1
    assert value(after, "design_duration_seconds_count") == value(before, "design_duration_seconds_count") + 1
    for agent in ("planner", "generator", "executor", "validator"):
        assert value(after, "agent_call_duration_seconds_count", agent_name=agent) > \
            value(before, "agent_call_duration_seconds_count", agent_name=agent), agent
    assert active_seen and max(active_seen) >= 1
    assert value(after, "active_designs") == 0



def test_design_through_the_api_moves_metrics_on_its_metrics_endpoint() -> None:
    with TestClient(create_app(Settings(JOB_BACKEND="local"))) as client:  # type: ignore[call-arg]
        before = client.get("/metrics").text
        created = client.post("/api/v1/design", json={"prompt": "a 40 x 30 x 10 mm block", "formats": ["step"]})
        assert created.status_code == 202
        design_id = created.json()["request_id"]
        deadline = time.monotonic() + 120
        status = ""
        while time.monotonic() < deadline:
            status = client.get(f"/api/v1/design/{design_id}").json()["status"]
            if status in ("succeeded", "failed", "rejected", "cancelled"):
                break
            time.sleep(0.2)
        assert status == "succeeded"
        after = client.get("/metrics").text
    assert value(after, "design_requests_total", status="succeeded") == \
        value(before, "design_requests_total", status="succeeded") + 1
    assert value(after, "design_duration_seconds_count") == value(before, "design_duration_seconds_count") + 1
    assert value(after, "agent_call_duration_seconds_count", agent_name="planner") > \
        value(before, "agent_call_duration_seconds_count", agent_name="planner")
    assert value(after, "active_designs") == 0
    assert value(after, "http_requests_total", method="POST", path="/api/v1/design", status="202") >= 1

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_two_uvicorn_workers_report_merged_totals(tmp_path: Path) -> None:
    mp_dir = tmp_path / "prom"
    mp_dir.mkdir()
    port = _free_port()
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(mp_dir), JOB_BACKEND="local",
               AI_DESIGNER_HOME=str(tmp_path / "home"), LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "ai_designer.api.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.3)
        def worker_pids() -> set[str]:
            return {p.stem.rsplit("_", 1)[-1] for p in mp_dir.glob("*.db")}

        while len(worker_pids()) < 2:  # each worker writes its files when it imports the metrics module
            assert time.monotonic() < deadline, f"only {sorted(worker_pids())} wrote metrics"
            time.sleep(0.3)
        for _ in range(40):  # fresh connections, so both workers answer some of them
            with httpx.Client(base_url=base, timeout=5) as client:
                assert client.get("/api/v1/design/nope").status_code == 404
        for _ in range(6):
            with httpx.Client(base_url=base, timeout=5) as client:
                text = client.get("/metrics").text
            assert value(text, "http_requests_total", path="/api/v1/design/{design_id}", status="404") == 40
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_worker_exporter_merges_forked_children(tmp_path: Path) -> None:
    """The prefork model of a Celery worker: designs run in forked children, the parent serves /metrics."""
    mp_dir = tmp_path / "prom"
    mp_dir.mkdir()
    port = _free_port()
    code = f"""
import os, sys, time, urllib.request
from ai_designer.core import metrics
metrics.start_worker_exporter({port}, addr="127.0.0.1")
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        metrics.record_design("succeeded", 0.5)
        with metrics.observe_agent("planner"):
            pass
        os._exit(0)
    os.waitpid(pid, 0)
print(urllib.request.urlopen("http://127.0.0.1:{port}/metrics", timeout=5).read().decode())
"""
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(mp_dir))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert value(out.stdout, "design_requests_total", status="succeeded") == 3
    assert value(out.stdout, "agent_call_duration_seconds_count", agent_name="planner") == 3
