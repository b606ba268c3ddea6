"""Chores that must run on one API host at a time when several share a database, each under a lease in the store.

* **Celery reconciler** (lease ``celery-reconciler``): the Celery back end's sweep for missed results and stale jobs
  runs only on the lease holder. Finishing is conditional in the store anyway, so even two sweeps at once could not
  finish a version twice; the lease saves the duplicate work and Redis reads.
* **Lost hosts' local jobs** (lease ``local-reaper``): with the local back end each host runs its own jobs, and a host
  that never comes back (scaled in, machine lost) would leave its jobs "running" forever — a restarted host fails its
  own at start-up, but only a peer can fail the jobs of a host that is gone. Every ``interval`` seconds the holder
  fails local jobs that are silent for ``JOB_STALE_SECONDS`` and whose owner is not a live process on this machine.

A lease lasts 10 s and is renewed on every pass; another host takes over within 10 s of the holder going away, at
once when it stopped cleanly (the lease is released).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import TYPE_CHECKING

from ai_designer.jobs.base import owner_alive, process_owner

if TYPE_CHECKING:
    from ai_designer.jobs.service import DesignService

__all__ = ["HostChores", "RECONCILE_LEASE", "REAPER_LEASE"]

log = logging.getLogger(__name__)

RECONCILE_LEASE = "celery-reconciler"
REAPER_LEASE = "local-reaper"
LEASE_SECONDS = 10.0
LOST_HOST = ("the API host running this design stopped answering (no progress for JOB_STALE_SECONDS); submit it "
             "again (finished designs are kept)")


class HostChores:
    """Started and stopped by the :class:`~ai_designer.jobs.service.DesignService` of each API process."""

    def __init__(self, service: DesignService, interval: float = 30.0) -> None:
        self.service, self.interval = service, interval
        self.holder = f"{process_owner()}:{uuid.uuid4().hex[:8]}"  # unique even for two services in one process
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def holds(self, lease: str) -> bool:
        """Take or renew ``lease`` for this process; False if another host holds it or the database is away."""
        try:
            return self.service.store.acquire_lease(lease, self.holder, LEASE_SECONDS)
        except Exception as exc:  # database away: skip this pass, the next one retries
            log.warning("could not take the %s lease (%s); skipping this pass", lease, exc)
            return False

    def start(self) -> None:
        backend = self.service.backend
        if backend.name == "local" and self.service.store.dialect != "sqlite":  # SQLite: one host by definition
            self._thread = threading.Thread(target=self._loop, name="ai-designer-reaper", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.reap_once()
            except Exception as exc:
                log.warning("sweeping lost hosts' jobs failed (%s); retrying in %.0f s", exc, self.interval)

    def reap_once(self) -> list[tuple[str, int]]:
        """One pass (if this host holds the lease): fail silent local jobs of processes that are gone."""
        if not self.holds(REAPER_LEASE):
            return []
        service = self.service
        stale_before = time.time() - service.settings.job_stale_seconds
        failed = service.store.recover(is_alive=owner_alive, reason=LOST_HOST, stale_before=stale_before)
        for design_id, version in failed:
            service.announce_final(design_id, version)
        if failed:
            log.warning("failed %d design(s) of API hosts that stopped answering", len(failed))
        return failed

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        for lease in (RECONCILE_LEASE, REAPER_LEASE):
            try:
                self.service.store.release_lease(lease, self.holder)  # another host takes over at once
            except Exception as exc:
                log.warning("could not release the %s lease (%s); it expires by itself", lease, exc)
