"""The design store's tables, as SQLAlchemy Core metadata shared by the store and its Alembic migrations.

One schema for SQLite and PostgreSQL: JSON values are stored as text and times as Unix seconds (floats), so both
back ends hold exactly the same data and a store can be moved between them row for row.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

__all__ = ["metadata", "designs", "versions", "meta", "leases"]

metadata = MetaData()

designs = Table(
    "designs", metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("idempotency_key", Text, unique=True),
    Column("request_hash", Text),
    Column("latest_version", Integer, nullable=False, server_default="1"),
    Column("principal", Text),
    Index("designs_created", "created_at"),
)

versions = Table(
    "versions", metadata,
    Column("design_id", Text, ForeignKey("designs.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("prompt", Text, nullable=False),
    Column("formats", Text),
    Column("plan", Text),
    Column("options", Text),
    Column("status", Text, nullable=False),
    Column("iteration", Integer, nullable=False, server_default="0"),
    Column("message", Text, nullable=False, server_default=""),
    Column("result", Text),
    Column("files", Text),
    Column("error", Text),
    Column("backend", Text, nullable=False),
    Column("owner", Text),
    Column("task_id", Text),
    Column("cancel_requested", Integer, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("updated_at", Float, nullable=False),
    Index("versions_status", "status"),
)

meta = Table(
    "meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text),
)

leases = Table(
    "leases", metadata,
    Column("name", Text, primary_key=True),
    Column("holder", Text, nullable=False),
    Column("expires_at", Float, nullable=False),
)
