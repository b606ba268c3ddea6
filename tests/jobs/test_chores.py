"""Host chores on a shared PostgreSQL store: the lost-host sweep fails a gone host's silent local jobs exactly once,
on whichever API host holds the lease, and tells WebSocket subscribers; the reconciler lease has one holder."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pg_helpers import fresh_database
from svc_helpers import make_settings

from ai_designer.jobs.chores import REAPER_LEASE, RECONCILE_LEASE, HostChores
from ai_designer.jobs.local import LocalBackend
from ai_designer.jobs.service import DesignService


def _service(home: Path, url: str) -> DesignService:
    settings = make_settings(home, "local", DATABASE_URL=url, JOB_STALE_SECONDS=1)
    return DesignService(settings, LocalBackend(settings))


async def test_lost_host_jobs_are_failed_once_by_the_lease_holder(tmp_path: Path, pg_server: str) -> None:
    with fresh_database(pg_server) as url:
        await _lost_host_jobs(tmp_path, url)


async def _lost_host_jobs(tmp_path: Path, url: str) -> None:
    host_a, host_b = _service(tmp_path / "a", url), _service(tmp_path / "b", url)
    record, _ = host_a.store.create_design(prompt="p", formats=None, plan=None, backend="local",
                                           owner="scaled-in-host:4242:1.00")
    sub = host_b.subscribe(record.design_id)
    time.sleep(1.1)  # silent for longer than JOB_STALE_SECONDS
    chores_a, chores_b = HostChores(host_a, interval=3600), HostChores(host_b, interval=3600)
    assert chores_b.holds(REAPER_LEASE)  # host B holds the lease: host A's pass does nothing
    assert chores_a.reap_once() == []
    assert chores_b.reap_once() == [(record.design_id, 1)]
    assert chores_b.reap_once() == []  # finished is final: never failed twice
    event = await asyncio.wait_for(sub.get(), 5)
    assert event["status"] == "failed" and event["data"]["result"]["error"]["code"] == "interrupted"
    assert "stopped answering" in host_a.get(record.design_id).error["message"]  # type: ignore[index]

    assert chores_a.holds(RECONCILE_LEASE) and not chores_b.holds(RECONCILE_LEASE)
    chores_a.stop()  # a clean stop releases the leases: the other host takes over at once
    assert chores_b.holds(RECONCILE_LEASE)
    assert chores_b.holds(RECONCILE_LEASE)  # the holder renews
    sub.close()
    for service in (host_a, host_b):
        service.store.close()
