"""A real PostgreSQL database for the store tests: one fresh database per test session, dropped afterwards.

Where the server comes from, first match wins: ``PG_TEST_URL`` (a server URL without a database name, e.g.
``postgresql://postgres@127.0.0.1:5432``); a server already answering on 127.0.0.1:5432 (the Debian package's
cluster); otherwise a private cluster made with Debian's ``initdb``/``pg_ctl`` on a free port (run as the
``postgres`` user when the tests run as root) and stopped at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from svc_helpers import free_port, wait_until

_PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url + "/postgres", connect_timeout=2):
            return True
    except psycopg.Error:
        return False


class PrivatePostgres:
    """A throw-away cluster (Debian's ``initdb``/``pg_ctl``) in a temporary directory on a free loopback port."""

    def __init__(self) -> None:
        if not _PG_BIN:
            pytest.skip("no PostgreSQL server: set PG_TEST_URL or install Debian's postgresql")
        self.bin, self.port = _PG_BIN[-1], free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.workdir = Path(tempfile.mkdtemp(prefix="ai-designer-pg-"))  # in /tmp: the postgres user can reach it
        if self.as_user:
            shutil.chown(self.workdir, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.workdir / "data"), *args],
                       check=True, capture_output=True)

    def start(self) -> PrivatePostgres:
        if not (self.workdir / "data").exists():
            subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(self.workdir / "data"), "-A", "trust",
                            "-U", "postgres"], check=True, capture_output=True)
        self._ctl("-l", str(self.workdir / "pg.log"), "-w", "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir}", "start")
        wait_until(lambda: _answers(self.url), 30, "the private PostgreSQL cluster")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextmanager
def _private_cluster() -> Iterator[str]:
    cluster = PrivatePostgres()
    try:
        yield cluster.start().url
    finally:
        cluster.remove()


@contextmanager
def postgres_server() -> Iterator[str]:
    """A server URL (no database name) for the duration of the block."""
    url = os.environ.get("PG_TEST_URL", "").rstrip("/")
    if url:
        yield url
    elif _answers("postgresql://postgres@127.0.0.1:5432"):
        yield "postgresql://postgres@127.0.0.1:5432"
    else:
        with _private_cluster() as private:
            yield private


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """``CREATE DATABASE`` with a random name; its URL for the block; ``DROP DATABASE … WITH (FORCE)`` after."""
    name = f"aid_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def truncate_all(url: str) -> None:
    """Empty the store's tables between tests (much faster than a database per test)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE versions, designs, meta, leases")
