"""Helpers for the security tests: a real redis-server on a free loopback port and a small app with the real stack."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from fastapi import FastAPI, WebSocket

from ai_designer.api.middleware import install_middleware
from ai_designer.api.routes import auth as auth_routes
from ai_designer.api.routes import metrics as metrics_routes
from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool

SECRET = "test-only-" + "a1b2c3d4" * 6  # long enough for HS256  # pragma: allowlist secret
API_KEY = "k-test-alpha-0123456789"  # pragma: allowlist secret
OTHER_KEY = "k-test-beta-9876543210"  # pragma: allowlist secret


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A private redis-server (never port 6379) that a test may stop and start again on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server is not installed (scripts/setup.sh --test installs it)")
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


def make_settings(**values: object) -> Settings:
    base: dict[str, object] = {"AUTH_ENABLED": False, "CORS_ORIGINS": "https://ui.example"}
    base.update(values)
    return Settings(**base)  # type: ignore[arg-type]


def build_app(settings: Settings) -> FastAPI:
    """A tiny app with the real middleware stack and routers (the service's own app is tested separately)."""
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/design/{design_id}")
    def get_design(design_id: str) -> dict[str, str]:
        return {"request_id": design_id}

    @app.websocket("/ws/designs/{design_id}")
    async def ws(websocket: WebSocket, design_id: str) -> None:
        await websocket.accept()
        principal = websocket.scope["state"]["principal"]
        await websocket.send_json({"design_id": design_id, "subject": principal.subject})
        await websocket.close()

    install_middleware(app, settings)
    app.include_router(auth_routes.router)
    app.include_router(metrics_routes.router)
    return app


def readers_replaced(pool: WorkerPool) -> int:
    """How many workers were discarded after reading files, once every replacement has started (they are
    replaced in the background, after the answer)."""
    deadline = time.monotonic() + 20
    while pool.health()["idle"] < pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    return int(pool.health()["restart_reasons"].get("read_files", 0))
