"""Real processes for the service tests: redis-server, a Celery worker, uvicorn — each on a free loopback port.

Nothing here is a fake: every helper starts the real program and waits until it answers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from ai_designer.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DONE = ("succeeded", "failed", "rejected", "cancelled")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "JOB_", "AUTH_", "AI_DESIGNER_"))}
    env.update({"PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "INFO"})
    env.update(extra)
    return env


class RedisServer:
    """A private redis-server (never port 6379) with its own working directory."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server; scripts/setup.sh --test)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def pong() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(pong, 10, f"redis-server on port {self.port}", 0.05)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


class CeleryWorker:
    """``ai-designer worker`` (run as ``python -m ai_designer worker``) as a real subprocess."""

    def __init__(self, redis_url: str, home: Path, concurrency: int = 1, **env: str) -> None:
        self.redis_url, self.home, self.concurrency, self.extra = redis_url, home, concurrency, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "worker.log"

    def start(self, timeout: float = 90) -> CeleryWorker:
        self.home.mkdir(parents=True, exist_ok=True)
        env = child_env(REDIS_URL=self.redis_url, AI_DESIGNER_HOME=str(self.home),
                        WORKER_CONCURRENCY=str(self.concurrency), **self.extra)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "ai_designer", "worker"], env=env, stdout=log,
                                         stderr=subprocess.STDOUT, cwd=self.home, start_new_session=True)
        from ai_designer.jobs.celery_app import make_celery

        app = make_celery(Settings(REDIS_URL=self.redis_url))  # type: ignore[call-arg]
        name = f"ai-designer-{self.proc.pid}@"

        def answered() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"the worker exited: {self.log.read_text()[-3000:]}")
            return any(key.startswith(name) for reply in app.control.ping(timeout=0.5) or [] for key in reply)

        wait_until(answered, timeout, "a Celery worker to answer ping", 0.2)
        return self

    def children(self) -> list[int]:
        import psutil

        assert self.proc is not None
        return [c.pid for c in psutil.Process(self.proc.pid).children() if "celery" in " ".join(c.cmdline())
                or "ai_designer" in " ".join(c.cmdline())]

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


class UvicornServer:
    """``uvicorn ai_designer.api.app:create_app --factory`` on a free port, in its own process group."""

    def __init__(self, home: Path, **env: str) -> None:
        self.home, self.extra = home, env
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "uvicorn.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> UvicornServer:
        self.home.mkdir(parents=True, exist_ok=True)
        env = child_env(AI_DESIGNER_HOME=str(self.home), **self.extra)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "ai_designer.api.app:create_app", "--factory", "--host",
                 "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.home, start_new_session=True)

        def up() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"uvicorn exited: {self.log.read_text()[-3000:]}")
            try:
                return httpx.get(self.url + "/health", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, timeout, "uvicorn /health", 0.1)
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, no clean-up."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None


def wait_status(get: Callable[[str], Any], design_id: str, statuses: tuple[str, ...] = DONE,
                timeout: float = 120) -> dict[str, Any]:
    """Poll ``GET /api/v1/design/{id}`` (``get`` is ``client.get``) until its status is one of ``statuses``."""
    last: dict[str, Any] = {}

    def check() -> bool:
        nonlocal last
        last = get(f"/api/v1/design/{design_id}").json()
        return last.get("status") in statuses

    try:
        wait_until(check, timeout, f"design {design_id} to reach {statuses}", 0.1)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; last state: {last}") from None
    return last


class RenderFreezer:
    """Stops every render process under ``roots`` (and each new one, polled every 10 ms) until :meth:`thaw`."""

    def __init__(self, roots: list[int]) -> None:
        self.roots, self.frozen = roots, set[psutil.Process]()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _found(self) -> list[psutil.Process]:
        found = []
        for root in self.roots:
            try:
                children = psutil.Process(root).children(recursive=True)
            except psutil.Error:  # the root was killed by the test
                continue
            for proc in children:
                try:
                    if "ai_designer.freecad.preview_pool" in " ".join(proc.cmdline()):
                        found.append(proc)
                except psutil.Error:
                    continue
        return found

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            for proc in self._found():
                if proc not in self.frozen:
                    proc.send_signal(signal.SIGSTOP)
                    self.frozen.add(proc)

    def __enter__(self) -> RenderFreezer:
        self._thread.start()
        return self

    def thaw(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        for proc in self.frozen:
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        self._stop.set()
        self._thread.join()
        for proc in self.frozen:
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGKILL)
                proc.send_signal(signal.SIGCONT)

    def __exit__(self, *exc: Any) -> None:
        self.thaw()


def wait_preview(get: Callable[[str], Any], design_id: str, version: int | None = None,
                 timeout: float = 120) -> dict[str, Any]:
    """Poll a succeeded version until its PNG/GLB is made (``preview.status`` ready or failed); returns the status."""
    query = f"?version={version}" if version else ""

    def check() -> dict[str, Any] | None:
        status: dict[str, Any] = get(f"/api/v1/design/{design_id}{query}").json()
        return status if (status.get("preview") or {}).get("status") != "pending" else None

    return dict(wait_until(check, timeout, f"the preview of design {design_id}", 0.05))


def heavy_plan(teeth: int = 240) -> dict[str, Any]:
    """A real CAD plan that keeps FreeCAD busy for seconds (a large involute gear: measuring and STEP export of
    hundreds of faces) — for cancel and crash tests that need a job still running when they act."""
    return {"name": "slow_gear", "operations": [
        {"op": "spur_gear", "id": "gear", "teeth": teeth, "module": 1, "face_width": 10}]}


# --- fixtures (imported by the conftest.py of tests/api, tests/jobs and tests/web) -------------------------------
def make_settings(home: Path, backend: str = "local", redis_url: str | None = None, **values: object) -> Settings:
    base: dict[str, object] = {"AI_DESIGNER_HOME": str(home), "JOB_BACKEND": backend, "AUTH_ENABLED": False,
                               "RATE_LIMIT_ENABLED": False}
    if redis_url:
        base["REDIS_URL"] = redis_url
    base.update(values)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def svc_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def celery_worker(svc_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CeleryWorker]:
    worker = CeleryWorker(svc_redis.url, tmp_path_factory.mktemp("worker-home"), concurrency=2).start()
    yield worker
    worker.stop()


@pytest.fixture(params=["local", pytest.param("celery", marks=pytest.mark.redis)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "celery":
        worker: CeleryWorker = request.getfixturevalue("celery_worker")
        return make_settings(tmp_path / "api", "celery", worker.redis_url)
    return make_settings(tmp_path / "api", "local")


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    from ai_designer.api.app import create_app

    with TestClient(create_app(api_settings)) as test_client:
        yield test_client
