"""``ai-designer db``: the design store's schema (``upgrade`` runs the Alembic migrations, ``current`` shows them).

The API also upgrades on start; the command is for deployments that migrate before rolling out new API hosts.
"""

from __future__ import annotations

import typer

__all__ = ["db_app"]

db_app = typer.Typer(add_completion=False, no_args_is_help=True,
                     help="The design store's database (DATABASE_URL, default the SQLite file).")


@db_app.command()
def upgrade() -> None:
    """Migrate the design store (DATABASE_URL, or the SQLite file under AI_DESIGNER_HOME) to the newest schema."""
    from ai_designer.core.settings import get_settings
    from ai_designer.jobs.database import database_url, make_engine
    from ai_designer.jobs.database import upgrade as run_upgrade

    engine = make_engine(database_url(get_settings().store_target))
    try:
        revision = run_upgrade(engine)
        typer.echo(f"{engine.url.render_as_string(hide_password=True)}: schema at revision {revision} (head)")
    finally:
        engine.dispose()


@db_app.command()
def current() -> None:
    """Print the store's schema revision (empty if it was never migrated)."""
    from ai_designer.core.settings import get_settings
    from ai_designer.jobs.database import HEAD, current_revision, database_url, make_engine

    engine = make_engine(database_url(get_settings().store_target))
    try:
        revision = current_revision(engine)
        typer.echo(f"{revision or '(none)'}{' (head)' if revision == HEAD else f' (head is {HEAD})'}")
    finally:
        engine.dispose()
