"""Wait for a design version to finish, relaying its stages as MCP progress notifications.

The tool call stays open while the design runs (a simple part takes well under a second on a warm pool), because
that is what agent clients expect of a tool. Events come from the service's :class:`~ai_designer.jobs.events.EventHub`
(the same ones the WebSocket relays), and the store is polled as a backstop so a lost event (a Redis blip with the
Celery back end) cannot hang the call. A succeeded design's PNG preview comes just after it (jobs/previews.py); the
call waits for it (``PREVIEW_TIMEOUT_SECONDS`` at most) so that the tool result can show the picture. When the client cancels the request (``notifications/cancelled``), the SDK
cancels this coroutine and the design is cancelled in the service exactly as ``POST /cancel`` would.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import anyio

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.jobs.service import DesignService
from ai_designer.jobs.store import VersionRecord

__all__ = ["follow"]

log = logging.getLogger(__name__)

Report = Callable[[float, str], Awaitable[None]]
_POLL_SECONDS = 1.0


async def follow(service: DesignService, record: VersionRecord, report: Report) -> VersionRecord:
    """Return ``record``'s version once finished; ``report(progress, message)`` is awaited for each new stage."""
    design_id, version = record.design_id, record.version
    subscription = service.subscribe(design_id)
    step, last = 0, ""
    finished_at: float | None = None
    try:
        while True:
            current = await anyio.to_thread.run_sync(service.get, design_id, version)
            if current.finished:  # a succeeded design's PNG follows within PREVIEW_TIMEOUT_SECONDS: the tool
                finished_at = finished_at or time.monotonic()  # result shows it, so wait for it that long at most
                if not _preview_pending(current) or time.monotonic() - finished_at > (
                        service.settings.preview_timeout_seconds + _POLL_SECONDS):
                    return current
            try:
                event = await asyncio.wait_for(subscription.get(), timeout=_POLL_SECONDS)
            except TimeoutError:
                continue
            if int(event.get("version", 0)) != version:
                continue
            iteration = int(event.get("iteration") or 0)
            text = f"{event.get('status')}" + (f" (iteration {iteration})" if iteration > 1 else "")
            if event.get("message"):
                text += f": {event['message']}"
            if text != last:  # the service and the engine both announce "queued"
                step, last = step + 1, text
                await report(float(step), text)
    except anyio.get_cancelled_exc_class():
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_cancel, service, design_id, version)
        raise
    finally:
        subscription.close()


def _preview_pending(record: VersionRecord) -> bool:
    preview = (record.result or {}).get("preview")
    return isinstance(preview, dict) and preview.get("status") == "pending"


def _cancel(service: DesignService, design_id: str, version: int) -> None:
    try:
        if service.get(design_id).version == version:
            service.cancel(design_id)
            log.info("cancelled design %s v%s: the MCP client cancelled the call", design_id, version)
    except (ConflictError, NotFoundError):  # finished or deleted meanwhile: nothing to stop
        pass
