"""Alembic environment: migrations always run on a connection handed over by :func:`~ai_designer.jobs.database.upgrade`
(which holds the migration lock), never from an ``alembic.ini`` URL."""

from __future__ import annotations

from alembic import context

from ai_designer.jobs.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
