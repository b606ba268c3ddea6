"""A redis-server that can run with an append-only file, and the plans the fault tests keep in flight."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from svc_helpers import RedisServer, wait_until


class FaultRedis(RedisServer):
    """:class:`RedisServer` with persistence chosen by the test; ``stop()`` + ``start()`` keep the port (and the
    AOF directory), as a restarted production Redis would."""

    def __init__(self, workdir: Path, *, aof: bool) -> None:
        super().__init__(workdir)
        self.aof = aof

    def start(self) -> FaultRedis:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server; scripts/setup.sh --test)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        persistence = ["--appendonly", "yes", "--appendfsync", "everysec"] if self.aof else ["--appendonly", "no"]
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      *persistence, "--dir", str(self.workdir)],
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


def gear_plan(teeth: int) -> dict[str, Any]:
    """A real plan that keeps a FreeCAD worker busy for a few seconds (hundreds of faces to build and export)."""
    return {"name": f"gear_{teeth}", "operations": [
        {"op": "spur_gear", "id": "gear", "teeth": teeth, "module": 1, "face_width": 10}]}
