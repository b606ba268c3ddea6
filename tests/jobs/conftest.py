"""These tests use the service helpers of ``tests/api/svc_helpers.py`` (real redis-server, Celery worker, uvicorn)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from collections.abc import Callable, Iterator  # noqa: E402

import pytest  # noqa: E402
from pg_helpers import fresh_database, postgres_server, truncate_all  # noqa: E402
from s3_helpers import new_bucket  # noqa: E402


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server URL without a database name (see pg_helpers for where it comes from)."""
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (dropped at the end)."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Where a store lives, for each back end: a SQLite file of this test, or the session's PostgreSQL database
    emptied for this test. A callable, so a test can open the same store twice."""
    if request.param == "sqlite":
        path = str(tmp_path / "designs.sqlite3")
        return lambda: path
    url: str = request.getfixturevalue("pg_url")
    from ai_designer.jobs.database import database_url, make_engine, upgrade

    engine = make_engine(database_url(url))
    upgrade(engine)
    engine.dispose()
    truncate_all(url)
    return lambda: url


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server mode on a free loopback port: a real S3 API over HTTP (the stand-in for MinIO/AWS here)."""
    from moto.server import ThreadedMotoServer
    from svc_helpers import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new empty bucket for one test."""
    return new_bucket(s3_endpoint)
