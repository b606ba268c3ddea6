"""Alembic migrations of the design store (run by :func:`ai_designer.jobs.database.upgrade`)."""
