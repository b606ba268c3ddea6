"""The store's SQL, built once: the statements of the hot path with bind parameters (used by ``store.py``).

Each design makes about ten of these; building SQLAlchemy Core constructs per call costs more CPU than SQLite takes
to run them, so they live here as module constants. Parameters named ``w_*`` select the row (``w_id``,
``w_version``, ``w_key``), ``p_*`` are the values written. The tables themselves are in ``schema.py``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, and_, bindparam, func, insert, literal_column, select, update

from ai_designer.jobs.schema import designs, versions
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["FINISHED", "UNFINISHED", "SELECT_VERSIONS", "GET", "GET_LATEST", "BY_KEY", "INSERT_DESIGN",
           "INSERT_VERSION", "SET_TASK", "PROGRESS", "FINISH", "SET_PREVIEW", "VERSIONS", "STAMP", "where_version"]

FINISHED = tuple(s.value for s in DesignStatus if s.finished)
# The finished statuses are written into the SQL as literals (they are our own constants): a bound ``NOT IN`` list
# is an "expanding" parameter that SQLAlchemy re-renders on every execution, a third of a progress update's CPU.
UNFINISHED = versions.c.status.not_in([literal_column(f"'{value}'") for value in FINISHED])


def where_version(design_id: str, version: int) -> Any:
    """The condition for one version, with its values inlined (for the statements built per call)."""
    return and_(versions.c.design_id == design_id, versions.c.version == version)


#: A version joined with its design: the columns :func:`~ai_designer.jobs.records.record_from_row` reads.
SELECT_VERSIONS = select(versions, designs.c.latest_version, designs.c.principal).join(
    designs, designs.c.id == versions.c.design_id)

_W = and_(versions.c.design_id == bindparam("w_id"), versions.c.version == bindparam("w_version"))
GET = SELECT_VERSIONS.where(_W)
#: What a WebSocket's safety-net poll compares before it reads a whole version: every write sets ``updated_at``.
STAMP = select(versions.c.version, versions.c.status, versions.c.updated_at).join(
    designs, designs.c.id == versions.c.design_id).where(versions.c.design_id == bindparam("w_id"),
                                                          versions.c.version == designs.c.latest_version)
GET_LATEST = SELECT_VERSIONS.where(versions.c.design_id == bindparam("w_id"),
                                   versions.c.version == designs.c.latest_version)
BY_KEY = select(designs.c.id, designs.c.request_hash).where(designs.c.idempotency_key == bindparam("w_key"))
INSERT_DESIGN = insert(designs)
INSERT_VERSION = insert(versions)
SET_TASK = update(versions).where(_W).values(task_id=bindparam("p_task"))
PROGRESS = update(versions).where(_W, UNFINISHED).values(
    status=bindparam("p_status"), iteration=bindparam("p_iteration"), message=bindparam("p_message"),
    updated_at=bindparam("p_now"), started_at=func.coalesce(versions.c.started_at, bindparam("p_started", type_=Float)))
FINISH = update(versions).where(_W, UNFINISHED).values(
    status=bindparam("p_status"), result=bindparam("p_result"), files=bindparam("p_files"),
    error=bindparam("p_error"), message=bindparam("p_message"), iteration=bindparam("p_iteration"),
    finished_at=bindparam("p_now"), updated_at=bindparam("p_now"),
    started_at=func.coalesce(versions.c.started_at, bindparam("p_now")))
SET_PREVIEW = update(versions).where(_W, versions.c.status == "succeeded").values(
    result=bindparam("p_result"), files=bindparam("p_files"), updated_at=bindparam("p_now"))
VERSIONS = SELECT_VERSIONS.where(versions.c.design_id == bindparam("w_id")).order_by(versions.c.version)
