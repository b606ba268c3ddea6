"""Connecting to the design store's database and migrating it.

``DATABASE_URL`` picks the back end: unset, the embedded SQLite file ``AI_DESIGNER_HOME/designs.sqlite3`` (no
set-up); ``postgresql://USER@HOST:5432/DB`` (password in the URL or ``PGPASSWORD``) for PostgreSQL, shared by any
number of API hosts. Both go through SQLAlchemy 2 Core with the same tables (:mod:`ai_designer.jobs.schema`) and the
same Alembic migrations, which run when a store opens (and with ``ai-designer db upgrade``).

SQLite specifics, and why: WAL so readers never wait for the writer; ``BEGIN IMMEDIATE`` for writes so two
processes never deadlock upgrading a read lock; a 10 s busy timeout. PostgreSQL: ``pool_pre_ping`` so a connection
dropped by a database restart is replaced instead of failing a request, and an advisory lock around migrations so
several API hosts starting at once upgrade the schema exactly once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from ai_designer.core.errors import ConfigError

__all__ = ["database_url", "make_engine", "upgrade", "current_revision", "HEAD"]

HEAD = "0001"
_MIGRATION_LOCK = 4_141_590_001  # pg_advisory_xact_lock key of ai-designer's schema migrations
_MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for ``target``: a filesystem path (SQLite) or a ``sqlite://`` / ``postgresql://`` URL.

    ``postgresql://`` and ``postgres://`` mean psycopg 3 (``postgresql+psycopg://``), the driver this package ships.
    """
    text = str(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    if text.startswith(("sqlite:", "postgresql+psycopg:")):
        return text
    raise ConfigError(f"DATABASE_URL {make_url(text).render_as_string(hide_password=True)!r} is not supported: "
                      "use postgresql://USER@HOST:5432/DBNAME (password in the URL or PGPASSWORD), or leave it "
                      "unset for SQLite")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (from :func:`database_url`) with the settings described in the module docstring."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=10, max_overflow=20,
                               connect_args={"timeout": 10.0, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800,
                         connect_args={"connect_timeout": 5})


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below issues BEGIN itself
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Any) -> None:
    """Reads (``readonly`` execution option) take a deferred transaction; writes take the write lock up front.

    Sent on the driver's connection: through ``exec_driver_sql`` the BEGIN went through SQLAlchemy's whole
    execution path (events, context, result) and cost as much CPU as the statement it opens."""
    begin = "BEGIN" if conn.get_execution_options().get("readonly") else "BEGIN IMMEDIATE"
    conn.connection.driver_connection.execute(begin)


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision (a no-op when it is there); returns the revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        config.attributes["connection"] = conn
        if _revision(conn) != HEAD:
            command.upgrade(config, "head")
    return current_revision(engine) or ""


def _revision(conn: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)
