"""Fault figures of the shared-state layout: PostgreSQL restarted under load, the object store away for 10 s.

One uvicorn API host (Celery back end, ``DATABASE_URL`` on a private PostgreSQL cluster, ``FILES_URL`` on moto's S3
server mode), one Celery worker, one redis-server — all real processes on loopback. A client creates a simple design
every ``--interval`` seconds and reads status and the STEP file of finished ones, for ``--seconds``. At 1/4 of the run
PostgreSQL is restarted (``pg_ctl restart -m fast``: connections dropped); at 1/2 the S3 server is stopped for 10 s
and started again on the same port. It prints the answers per status code while each dependency was down, and at the
end how many accepted designs finished, with their STEP downloadable ("designs lost" = accepted but not succeeded or
not downloadable once everything is back).

Run: ``.venv/bin/python benchmarks/bench_shared_state_faults.py [--seconds 60] [--interval 0.5]``
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "api"), str(ROOT / "tests" / "jobs")]

import httpx  # noqa: E402
from pg_helpers import PrivatePostgres, fresh_database  # noqa: E402
from s3_helpers import S3_KEYS, new_bucket  # noqa: E402
from svc_helpers import CeleryWorker, RedisServer, UvicornServer, free_port, wait_until  # noqa: E402

PLAN = {"name": "block", "operations": [{"op": "box", "id": "block", "length": 40, "width": 30, "height": 10}]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()
    from moto.server import ThreadedMotoServer

    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    s3_port = free_port()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    bucket = new_bucket(endpoint)
    pg = PrivatePostgres().start()
    redis = RedisServer(work / "redis").start()
    worker = CeleryWorker(redis.url, work / "worker", concurrency=1)
    host = None
    try:
        with fresh_database(pg.url) as db:
            worker.start()
            host = UvicornServer(work / "api", JOB_BACKEND="celery", REDIS_URL=redis.url, DATABASE_URL=db,
                                 RATE_LIMIT_ENABLED="false", FILES_URL=f"s3://{bucket}/faults",
                                 AWS_ENDPOINT_URL=endpoint, **S3_KEYS).start()
            phase = ["normal"]
            answers: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
            accepted: list[str] = []
            stop = threading.Event()
            client = threading.Thread(target=_load, args=(host.url, args.interval, phase, answers, accepted, stop))
            client.start()
            time.sleep(args.seconds / 4)
            phase[0] = "postgres restarting"
            t0 = time.monotonic()
            pg.stop("fast")
            time.sleep(2)  # a restart that takes a moment, as a real one does
            pg.start()
            pg_down = time.monotonic() - t0
            phase[0] = "after postgres"
            time.sleep(args.seconds / 4)
            phase[0] = "object store down"
            s3.stop()
            time.sleep(10)
            s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
            s3.start()
            phase[0] = "after object store"
            time.sleep(args.seconds / 2)
            stop.set()
            client.join()
            api = httpx.Client(base_url=host.url, timeout=30)
            finished = {rid: _settled(api, rid) for rid in accepted}
            lost = [rid for rid, ok in finished.items() if not ok]
            print(f"PostgreSQL down {pg_down:.1f} s, object store down 10 s, run {args.seconds:.0f} s")
            for name, counter in answers.items():
                print(f"  {name:22s} " + ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())))
            print(f"designs accepted {len(accepted)}, finished with a downloadable STEP {len(accepted) - len(lost)}, "
                  f"lost {len(lost)}")
    finally:
        if host is not None:
            host.stop()
        worker.stop()
        redis.stop()
        pg.remove()
        s3.stop()


def _load(url: str, interval: float, phase: list[str], answers: dict[str, collections.Counter[str]],
          accepted: list[str], stop: threading.Event) -> None:
    api = httpx.Client(base_url=url, timeout=15)
    while not stop.wait(interval):
        name = phase[0]
        try:
            created = api.post("/api/v1/design", json={"prompt": "a block", "plan": PLAN, "formats": ["step"]})
            answers[name][f"POST {created.status_code}"] += 1
            if created.status_code == 202:
                accepted.append(created.json()["request_id"])
            if accepted:
                status = api.get(f"/api/v1/design/{accepted[max(0, len(accepted) - 4)]}")
                answers[name][f"GET {status.status_code}"] += 1
                files = status.json().get("files", {}) if status.status_code == 200 else {}
                if files.get("step"):
                    answers[name][f"STEP {api.get(files['step']).status_code}"] += 1
        except httpx.HTTPError as exc:
            answers[name][type(exc).__name__] += 1


def _settled(api: httpx.Client, rid: str) -> bool:
    def done() -> bool:
        return api.get(f"/api/v1/design/{rid}").json().get("status") in ("succeeded", "failed", "rejected")

    try:
        wait_until(done, 120, f"design {rid}", 0.5)
    except AssertionError:
        return False
    body = api.get(f"/api/v1/design/{rid}").json()
    return body["status"] == "succeeded" and api.get(body["files"]["step"]).status_code == 200


if __name__ == "__main__":
    main()
