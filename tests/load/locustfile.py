"""Load test of the ai-designer API (Locust). Profiles and pass/fail criteria: ``scenarios.py``.

    make load-test                                   # headless, LOAD_PROFILE (STEADY_STATE) against LOAD_HOST
    make load-test-ui                                # the Locust web UI on http://127.0.0.1:8089
    LOAD_PROFILE=SMOKE locust -f tests/load/locustfile.py --headless --host http://127.0.0.1:8000

What a simulated user does (weights in brackets): create a design and follow it to the end by status polls, then
download its STEP file [4]; create one and follow it over the WebSocket [1]; refine its last design and follow it [1];
poll status (its last design and the list) [3]; health check [1]. ``X-API-Key: $LOAD_API_KEY`` is sent when set.
Each design also becomes one synthetic ``DESIGN`` request whose time is create → finished, so the report shows
end-to-end design latency and designs/s; a design that fails or does not finish in time counts as an error.
When the run ends, the ``quitting`` hook checks the criteria, prints the figures, writes them as JSON to
``LOAD_SUMMARY`` (default outputs/load_test_summary.json) and sets Locust's exit code (0 = criteria met).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, LoadTestShape, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import (  # noqa: E402 - the sibling module, next to this file
    COMPLEX_PROMPTS,
    DESIGN_METHOD,
    SIMPLE_PROMPTS,
    LoadProfile,
    evaluate,
    get_profile,
    refine_prompt_for,
    summarize,
)

PROFILE: LoadProfile = get_profile()
FINISHED = {"succeeded", "failed", "rejected", "cancelled"}
_started = time.monotonic()


REQUEST_TIMEOUT_S = 60.0  # no simulated client waits forever on one HTTP answer


class DesignUser(HttpUser):
    wait_time = between(1.0, 3.0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.client.request

        def with_timeout(method: str, url: str, *a: Any, **kw: Any) -> Any:
            kw.setdefault("timeout", REQUEST_TIMEOUT_S)
            return request(method, url, *a, **kw)

        self.client.request = with_timeout

    def on_start(self) -> None:
        key = os.environ.get("LOAD_API_KEY")
        if key:
            self.client.headers["X-API-Key"] = key
        self.last_design: str | None = None
        self.last_succeeded: tuple[str, str] | None = None  # (design id, what it is: prompts so far)

    # --- helpers -----------------------------------------------------------------------------------------------
    def _prompt(self) -> str:
        pool = COMPLEX_PROMPTS if random.random() < PROFILE.complex_share else SIMPLE_PROMPTS
        return random.choice(pool)

    def _create(self, prompt: str) -> str | None:
        with self.client.post("/api/v1/design", json={"prompt": prompt, "formats": ["step", "stl"]},
                              name="/api/v1/design [create]", catch_response=True) as r:
            if r.status_code != 202:
                r.failure(f"create: HTTP {r.status_code} {r.text[:200]}")
                return None
            design_id = str(r.json()["request_id"])
        self.last_design = design_id
        return design_id

    def _record_design(self, started: float, status: str | None, kind: str) -> None:
        error = None if status == "succeeded" else RuntimeError(f"design ended {status or 'unfinished (timeout)'}")
        self.environment.events.request.fire(request_type=DESIGN_METHOD, name=f"{kind} → finished",
                                             response_time=(time.monotonic() - started) * 1000,
                                             response_length=0, exception=error, context={})

    def _poll(self, design_id: str) -> str | None:
        deadline = time.monotonic() + PROFILE.design_timeout_s
        while time.monotonic() < deadline:
            with self.client.get(f"/api/v1/design/{design_id}", name="/api/v1/design/[id]",
                                 catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status: HTTP {r.status_code}")
                    return None
                status = str(r.json()["status"])
            if status in FINISHED:
                return status
            time.sleep(0.5)
        return None

    def _follow_ws(self, design_id: str) -> str | None:
        import websocket  # websocket-client: plain sockets, cooperative under Locust's gevent

        url = (self.host or "").replace("http", "ws", 1) + f"/api/v1/ws/design/{design_id}"
        key = os.environ.get("LOAD_API_KEY")
        started = time.monotonic()
        try:
            ws = websocket.create_connection(url, timeout=PROFILE.design_timeout_s,
                                             header=[f"X-API-Key: {key}"] if key else None)
        except Exception as exc:  # refused handshake, 401/429, connection error: a failed request
            self.environment.events.request.fire(request_type="WS", name="/api/v1/ws/design/[id]",
                                                 response_time=(time.monotonic() - started) * 1000,
                                                 response_length=0, exception=exc, context={})
            return None
        self.environment.events.request.fire(request_type="WS", name="/api/v1/ws/design/[id]",
                                             response_time=(time.monotonic() - started) * 1000,
                                             response_length=0, exception=None, context={})
        try:
            deadline = time.monotonic() + PROFILE.design_timeout_s
            while time.monotonic() < deadline:
                message: dict[str, Any] = json.loads(ws.recv())
                if message.get("type") == "progress" and message.get("status") in FINISHED:
                    return str(message["status"])
            return None
        except Exception:
            return None
        finally:
            ws.close()

    def _download(self, design_id: str) -> None:
        with self.client.get(f"/api/v1/design/{design_id}/files/step", name="/api/v1/design/[id]/files/step",
                             catch_response=True) as r:
            if r.status_code != 200 or not r.content:
                r.failure(f"download: HTTP {r.status_code}")

    # --- tasks -------------------------------------------------------------------------------------------------
    @task(4)
    def design_and_download(self) -> None:
        started = time.monotonic()
        prompt = self._prompt()
        design_id = self._create(prompt)
        if design_id is None:
            return
        status = self._poll(design_id)
        self._record_design(started, status, "create")
        if status == "succeeded":
            self.last_succeeded = (design_id, prompt)
            self._download(design_id)

    @task(1)
    def design_followed_by_websocket(self) -> None:
        started = time.monotonic()
        prompt = random.choice(SIMPLE_PROMPTS)
        design_id = self._create(prompt)
        if design_id is None:
            return
        status = self._follow_ws(design_id)
        self._record_design(started, status, "create (ws)")
        if status == "succeeded":
            self.last_succeeded = (design_id, prompt)

    @task(1)
    def refine(self) -> None:
        if self.last_succeeded is None:
            self.design_and_download()
            return
        started = time.monotonic()
        design_id, so_far = self.last_succeeded
        prompt = refine_prompt_for(so_far, random.randrange(2))
        with self.client.post(f"/api/v1/design/{design_id}/refine", json={"prompt": prompt},
                              name="/api/v1/design/[id]/refine", catch_response=True) as r:
            if r.status_code != 202:
                r.failure(f"refine: HTTP {r.status_code} {r.text[:200]}")
                return
        status = self._poll(design_id)
        self._record_design(started, status, "refine")
        if status == "succeeded":
            self.last_succeeded = (design_id, f"{so_far}; {prompt}")

    @task(3)
    def status_polls(self) -> None:
        if self.last_design:
            self.client.get(f"/api/v1/design/{self.last_design}", name="/api/v1/design/[id]")
        self.client.get("/api/v1/design?limit=10", name="/api/v1/design [list]")

    @task(1)
    def health(self) -> None:
        self.client.get("/health")


class ProfileShape(LoadTestShape):
    """Drives users and spawn rate from the chosen profile, and stops the run at its duration."""

    def tick(self) -> tuple[int, float] | None:
        if self.get_run_time() > PROFILE.duration_s:
            return None
        return PROFILE.users, PROFILE.spawn_rate


@events.test_start.add_listener
def _on_start(environment: Any, **_: Any) -> None:
    global _started
    _started = time.monotonic()
    print(f"load profile {PROFILE.name}: {PROFILE.description} (criteria: HTTP P95 < "
          f"{PROFILE.criteria.p95_ms / 1000:.0f} s, errors < {100 * PROFILE.criteria.max_error_ratio:.0f} %)")


@events.quitting.add_listener
def _on_quitting(environment: Any, **_: Any) -> None:
    summary = summarize(environment.stats, time.monotonic() - _started)
    problems = evaluate(summary, PROFILE)
    summary.update(profile=PROFILE.name, users=PROFILE.users, passed=not problems, problems=problems)
    target = Path(os.environ.get("LOAD_SUMMARY", "outputs/load_test_summary.json"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{PROFILE.name}: {summary['requests']} requests, errors {100 * summary['error_ratio']:.2f} %, "
          f"HTTP P95 {summary['http_p95_ms']:.0f} ms, designs {summary['designs_succeeded']} ok / "
          f"{summary['designs_failed']} failed ({summary['designs_per_s']:.2f}/s), design P95 "
          f"{summary['design_p95_ms'] / 1000:.1f} s")
    print("criteria met" if not problems else "criteria NOT met: " + "; ".join(problems))
    environment.process_exit_code = 0 if not problems else 1
