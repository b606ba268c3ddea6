"""Load-test profiles match SPEC.md, and the criteria set Locust's exit code (runs Locust in subprocesses:
importing locust monkey-patches the interpreter with gevent, which must not leak into the test process)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOAD_DIR = REPO / "tests" / "load"
sys.path.insert(0, str(LOAD_DIR))

from scenarios import PROFILES, Criteria, evaluate, get_profile  # noqa: E402


def test_profiles_are_the_spec_numbers() -> None:
    steady, complex_, spike = PROFILES["STEADY_STATE"], PROFILES["COMPLEX_WORKLOAD"], PROFILES["SPIKE"]
    assert (steady.users, steady.spawn_rate, steady.duration_s) == (100, 10, 300)
    assert (complex_.users, complex_.spawn_rate) == (50, 5)
    assert spike.users == 200 and spike.users / spike.spawn_rate == pytest.approx(60) and spike.duration_s == 120
    for profile in PROFILES.values():
        assert profile.criteria == Criteria(p95_ms=10_000.0, max_error_ratio=0.01)


def test_profile_choice_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOAD_PROFILE", "spike")
    monkeypatch.setenv("LOAD_DURATION_S", "20")
    profile = get_profile()
    assert profile.name == "SPIKE" and profile.duration_s == 20 and profile.users == 200
    with pytest.raises(SystemExit, match="unknown LOAD_PROFILE"):
        get_profile("NOPE")


def test_evaluate_names_each_missed_criterion() -> None:
    ok = {"requests": 1000, "http_p95_ms": 900.0, "error_ratio": 0.002}
    assert evaluate(ok, PROFILES["SMOKE"]) == []
    slow = evaluate({**ok, "http_p95_ms": 12_000.0}, PROFILES["SMOKE"])
    assert len(slow) == 1 and "P95" in slow[0]
    errors = evaluate({**ok, "error_ratio": 0.05}, PROFILES["SMOKE"])
    assert len(errors) == 1 and "errors 5.00 %" in errors[0]
    assert evaluate({**ok, "requests": 0}, PROFILES["SMOKE"])


def test_summary_from_real_locust_stats() -> None:
    code = f"""
import json, sys
sys.path.insert(0, {str(LOAD_DIR)!r})
from locust.stats import RequestStats
from scenarios import DESIGN_METHOD, summarize
stats = RequestStats()
for ms in range(1, 101):
    stats.log_request("GET", "/health", ms, 10)
stats.log_request(DESIGN_METHOD, "create", 2500, 0)
stats.log_request(DESIGN_METHOD, "create", 4000, 0)
stats.log_error(DESIGN_METHOD, "create", "design ended failed")
print(json.dumps(summarize(stats, 10.0)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["http_requests"] == 100 and 94 <= summary["http_p95_ms"] <= 96
    assert summary["designs_failed"] == 1 and summary["designs_succeeded"] == 1
    assert summary["designs_per_s"] == pytest.approx(0.1)
    assert summary["failures"] == 1 and summary["requests"] == 102


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_quitting_hook_fails_the_run_when_the_server_is_down(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    env = dict(os.environ, LOAD_PROFILE="SMOKE", LOAD_DURATION_S="3", LOAD_USERS="2", LOAD_SUMMARY=str(summary))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(LOAD_DIR / "locustfile.py"), "--headless",
         "--host", f"http://127.0.0.1:{_closed_port()}", "--only-summary", "--loglevel", "ERROR",
         "--html", str(tmp_path / "report.html")],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    data = json.loads(summary.read_text())
    assert data["passed"] is False and data["error_ratio"] == 1.0
    assert any("errors" in p for p in data["problems"])
    assert (tmp_path / "report.html").stat().st_size > 1000
