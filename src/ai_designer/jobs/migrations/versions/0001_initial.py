"""The first schema: designs, versions, meta and leases.

Stores written before Alembic (SQLite files of earlier versions) already have some of these tables and may lack
``designs.principal`` or ``versions.options``; every step is therefore "if missing", so upgrading such a file keeps its designs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "designs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("idempotency_key", sa.Text, unique=True),
        sa.Column("request_hash", sa.Text),
        sa.Column("latest_version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("principal", sa.Text),
        if_not_exists=True)
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("designs")}
    if "principal" not in columns:
        op.add_column("designs", sa.Column("principal", sa.Text))
    op.create_table(
        "versions",
        sa.Column("design_id", sa.Text, sa.ForeignKey("designs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("formats", sa.Text),
        sa.Column("plan", sa.Text),
        sa.Column("options", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("iteration", sa.Integer, nullable=False, server_default="0"),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("result", sa.Text),
        sa.Column("files", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("backend", sa.Text, nullable=False),
        sa.Column("owner", sa.Text),
        sa.Column("task_id", sa.Text),
        sa.Column("cancel_requested", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("finished_at", sa.Float),
        sa.Column("updated_at", sa.Float, nullable=False),
        if_not_exists=True)
    if "options" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("versions")}:
        op.add_column("versions", sa.Column("options", sa.Text))  # a store from before per-run options
    op.create_index("versions_status", "versions", ["status"], if_not_exists=True)
    op.create_index("designs_created", "designs", ["created_at"], if_not_exists=True)
    op.create_table("meta", sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text),
                    if_not_exists=True)
    op.create_table("leases", sa.Column("name", sa.Text, primary_key=True),
                    sa.Column("holder", sa.Text, nullable=False), sa.Column("expires_at", sa.Float, nullable=False),
                    if_not_exists=True)


def downgrade() -> None:
    for table in ("leases", "meta", "versions", "designs"):
        op.drop_table(table)
