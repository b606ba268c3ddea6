"""Two API hosts sharing their state: two uvicorn processes with *different* AI_DESIGNER_HOME directories (no shared
disk), one PostgreSQL database, one S3 bucket (moto's server mode), one Redis and one Celery worker.

A design created on host A is followed on host B's WebSocket (A's own events arrive through the Redis relay), read
and downloaded from B (geometry checked), refined on B and listed on A with both versions; the reconciler runs on
both hosts under one lease and every version is finished exactly once. Then host A is killed mid-job: the job
finishes and is visible on B.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from pg_helpers import fresh_database
from s3_helpers import S3_KEYS, new_bucket
from svc_helpers import CeleryWorker, RedisServer, UvicornServer, heavy_plan, wait_status, wait_until
from websockets.sync.client import connect

pytestmark = [pytest.mark.redis, pytest.mark.timeout(300)]

PLATE = {"name": "plate", "operations": [
    {"op": "box", "id": "plate", "length": 60, "width": 40, "height": 6}]}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, pg_server: str,
            s3_endpoint: str) -> Iterator[tuple[UvicornServer, UvicornServer, str, str]]:
    """Started once for this module (the hosts and the worker take ~20 s to start); the kill test runs last."""
    tmp_path = tmp_path_factory.mktemp("two-hosts")
    s3_bucket = new_bucket(s3_endpoint)
    redis = RedisServer(tmp_path / "redis").start()
    s3 = {"FILES_URL": f"s3://{s3_bucket}/designs", "AWS_ENDPOINT_URL": s3_endpoint, **S3_KEYS}
    worker = CeleryWorker(redis.url, tmp_path / "worker", concurrency=1, **s3)  # uploads results itself
    hosts: list[UvicornServer] = []
    try:
        with fresh_database(pg_server) as db:
            worker.start()
            env = {"JOB_BACKEND": "celery", "REDIS_URL": redis.url, "DATABASE_URL": db, "RATE_LIMIT_ENABLED": "false",
                   "FILES_URL": f"s3://{s3_bucket}/designs", "AWS_ENDPOINT_URL": s3_endpoint, **S3_KEYS}
            hosts = [UvicornServer(tmp_path / name, **env).start() for name in ("host-a", "host-b")]
            yield hosts[0], hosts[1], db, s3_bucket
    finally:
        for host in hosts:
            host.stop()
        worker.stop()
        redis.stop()


def _follow(url: str, design_id: str, events: list[dict[str, Any]], done: threading.Event) -> None:
    """Collect a design's WebSocket messages from one host until its final message (or ``done``)."""
    with connect(url.replace("http://", "ws://") + f"/api/v1/ws/design/{design_id}", open_timeout=10) as ws:
        while not done.is_set():
            try:
                event = json.loads(ws.recv(timeout=0.5))
            except TimeoutError:
                continue
            events.append(event)
            if event.get("status") in ("succeeded", "failed", "rejected", "cancelled"):
                return


def test_two_hosts_share_designs_files_and_events(cluster: tuple[UvicornServer, UvicornServer, str, str]) -> None:
    host_a, host_b, db, _ = cluster
    a = httpx.Client(base_url=host_a.url, timeout=30)
    b = httpx.Client(base_url=host_b.url, timeout=30)

    created = a.post("/api/v1/design", json={"prompt": "a plate", "plan": PLATE, "formats": ["step", "stl"]})
    assert created.status_code == 202, created.text
    rid = created.json()["request_id"]
    events: list[dict[str, Any]] = []
    done = threading.Event()
    follower = threading.Thread(target=_follow, args=(host_b.url, rid, events, done), daemon=True)
    follower.start()
    follower.join(timeout=120)
    done.set()

    assert any(e.get("message") == "accepted" for e in events), events  # host A's own event, relayed to B
    finals = [e for e in events if e.get("status") == "succeeded"]
    assert len(finals) == 1 and finals[0]["data"]["result"]["files"]["step"], events  # finished exactly once

    status = b.get(f"/api/v1/design/{rid}").json()
    assert status["status"] == "succeeded"
    geometry = status["geometry"]
    assert geometry["volume"] == pytest.approx(60 * 40 * 6, rel=1e-6) and geometry["solids"] == 1
    assert geometry["valid"] is True
    step = b.get(status["files"]["step"])
    assert step.status_code == 200 and step.content.startswith(b"ISO-10303-21")
    assert b"MANIFOLD_SOLID_BREP" in step.content
    assert not (host_a.home / "designs" / rid).exists() and not (host_b.home / "designs" / rid).exists()

    refined = b.post(f"/api/v1/design/{rid}/refine", json={"prompt": "make it 10 mm thick"})
    assert refined.status_code == 202 and refined.json()["version"] == 2, refined.text
    v2 = wait_status(a.get, rid, timeout=120)
    assert v2["status"] == "succeeded" and v2["version"] == 2, v2
    assert v2["geometry"]["volume"] == pytest.approx(60 * 40 * 10, rel=1e-6)
    assert [h["version"] for h in a.get(f"/api/v1/design/{rid}").json()["history"]] == [1, 2]
    assert a.get(f"/api/v1/design/{rid}/files/step?version=1").content == step.content

    with psycopg.connect(db) as conn:  # one reconciler lease, held by one of the two hosts
        holders = conn.execute("SELECT holder FROM leases WHERE name = 'celery-reconciler'").fetchall()
        finished = conn.execute("SELECT count(*) FROM versions WHERE finished_at IS NOT NULL").fetchone()
    assert len(holders) == 1 and finished == (2,)


def test_killing_host_a_mid_job_loses_nothing(cluster: tuple[UvicornServer, UvicornServer, str, str]) -> None:
    host_a, host_b, _, _ = cluster
    a = httpx.Client(base_url=host_a.url, timeout=30)
    b = httpx.Client(base_url=host_b.url, timeout=30)
    rid = a.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan(120), "formats": ["step"]}).json()[
        "request_id"]
    wait_status(b.get, rid, ("executing",), timeout=60)
    host_a.kill()
    done = wait_status(b.get, rid, timeout=180)
    assert done["status"] == "succeeded", done
    assert done["geometry"]["solids"] == 1 and done["geometry"]["valid"] is True
    step = b.get(done["files"]["step"])
    assert step.status_code == 200 and step.content.startswith(b"ISO-10303-21")
    wait_until(lambda: b.get("/ready").status_code == 200, 30, "host B ready")
