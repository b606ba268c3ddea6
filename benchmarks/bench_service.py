"""Service benchmark: designs per second and POST→result latency through the real API, per job back end.

It prints, for simple parts (a block, a 4-hole plate, a cylinder) with FCStd + STEP + STL exports:

* raw limit  — CPU seconds FreeCAD itself needs per part (compiled script + measure + exports, in one warm process,
               no API, no sandbox) and the ceiling ``cores ÷ CPU time per part`` in parts/s;
* local      — uvicorn with the embedded back end (SQLite + thread pool + warm FreeCAD pool of ``POOL_WORKERS``);
* celery     — uvicorn enqueueing on Redis + 2 Celery worker processes (``ai-designer worker`` with concurrency 1, twice);

with ``--designs`` designs sent by ``--clients`` concurrent clients (POST, then wait on the design's WebSocket for
the final event): designs/s, p50/p95/max latency, and HTTP requests/s of ``GET /api/v1/design/{id}`` and
``GET /health`` on the same server. Every process is real and on loopback; nothing is mocked.

Run: ``.venv/bin/python benchmarks/bench_service.py [--designs 40] [--clients 4] [--backends local,celery]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "api")]

from svc_helpers import CeleryWorker, RedisServer, UvicornServer  # noqa: E402

PROMPTS = ["a 40 x 30 x 10 mm block", "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes",
           "a cylinder 30 mm in diameter and 20 mm tall"]
FORMATS = ["fcstd", "step", "stl"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def raw_limit(repeat: int) -> dict[str, Any]:
    """CPU time per part of the same compiled scripts run directly in FreeCAD (this process)."""
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.job import run_job
    from ai_designer.freecad.locate import import_freecad
    from ai_designer.planning import plan_offline
    from ai_designer.schemas.execution import JobSpec

    import_freecad(Path(tempfile.mkdtemp(prefix="bench-fc-")))
    scripts = [compile_plan(plan_offline(p)) for p in PROMPTS]
    out = Path(tempfile.mkdtemp(prefix="bench-raw-"))
    for script in scripts:  # warm-up: first exports load modules
        assert run_job(JobSpec(script=script, out_dir=str(out / "warm"), formats=FORMATS)).ok
    cpu: list[float] = []
    wall: list[float] = []
    for i in range(repeat):
        for j, script in enumerate(scripts):
            c0, w0 = time.process_time(), time.perf_counter()
            result = run_job(JobSpec(script=script, out_dir=str(out / f"{i}-{j}"), formats=FORMATS))
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            assert result.ok, result.error
    cores = os.cpu_count() or 1
    per_part = statistics.mean(cpu)
    return {"cpu_ms_per_part": per_part * 1000, "wall_ms_per_part": statistics.mean(wall) * 1000, "cores": cores,
            "limit_parts_per_s": cores / per_part}


def engine_only(designs: int, threads: int, workdir: Path) -> dict[str, Any]:
    """The same designs straight through ``Designer.design`` on ``threads`` threads (no HTTP, no store): the
    engine's own ceiling, so the service's overhead is the difference."""
    from concurrent.futures import ThreadPoolExecutor

    from ai_designer.core.settings import Settings
    from ai_designer.designer import Designer

    designer = Designer(Settings(AI_DESIGNER_HOME=str(workdir), POOL_WORKERS=threads))  # type: ignore[call-arg]
    for prompt in PROMPTS:
        designer.design(prompt, out_dir=workdir / "warm", formats=FORMATS)

    def one(i: int) -> float:
        t0 = time.perf_counter()
        result = designer.design(PROMPTS[i % len(PROMPTS)], out_dir=workdir / f"d{i}", formats=FORMATS)
        assert result.status.value == "succeeded", result.error
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        latencies = list(pool.map(one, range(designs)))
    wall = time.perf_counter() - t0
    from ai_designer.freecad.executor import close_executor

    close_executor()
    return {"designs_per_s": designs / wall, "p50_s": statistics.median(latencies), "p95_s": pct(latencies, 0.95),
            "max_s": max(latencies)}


async def _one(http: Any, ws_url: str, prompt: str) -> tuple[float, str]:
    import websockets

    t0 = time.perf_counter()
    response = await http.post("/api/v1/design", json={"prompt": prompt, "formats": FORMATS})
    response.raise_for_status()
    rid = response.json()["request_id"]
    async with websockets.connect(f"{ws_url}/api/v1/ws/design/{rid}", max_size=2**24) as ws:
        while True:
            message = json.loads(await ws.recv())
            if message.get("type") == "progress" and message["status"] in ("succeeded", "failed", "rejected",
                                                                             "cancelled"):
                return time.perf_counter() - t0, str(message["status"])


async def _load(base: str, designs: int, clients: int) -> dict[str, Any]:
    import httpx

    ws_url = base.replace("http://", "ws://")
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(designs):
        queue.put_nowait(PROMPTS[i % len(PROMPTS)])
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        for prompt in PROMPTS:  # warm the pool / workers
            await _one(http, ws_url, prompt)

        async def client() -> None:
            while not queue.empty():
                seconds, status = await _one(http, ws_url, queue.get_nowait())
                latencies.append(seconds)
                outcomes[status] = outcomes.get(status, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - t0
        rid = (await http.get("/api/v1/design?limit=1")).json()["items"][0]["request_id"]
        reads = await _rate(http, f"/api/v1/design/{rid}", clients * 2, 3.0)
        health = await _rate(http, "/health", clients * 2, 3.0)
    return {"designs_per_s": designs / wall, "p50_s": statistics.median(latencies), "p95_s": pct(latencies, 0.95),
            "max_s": max(latencies), "outcomes": outcomes, "status_reads_per_s": reads, "health_per_s": health}


async def _rate(http: Any, path: str, concurrency: int, seconds: float) -> float:
    done = 0
    stop = time.perf_counter() + seconds

    async def hammer() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            (await http.get(path)).raise_for_status()
            done += 1

    await asyncio.gather(*(hammer() for _ in range(concurrency)))
    return done / seconds


def run_backend(name: str, designs: int, clients: int, workdir: Path) -> dict[str, Any]:
    started: list[Any] = []
    try:
        env = {"JOB_BACKEND": name, "POOL_WORKERS": "2", "JOB_CONCURRENCY": "2", "LOG_LEVEL": "WARNING",
               "RATE_LIMIT_ENABLED": "false"}
        if name == "celery":
            redis = RedisServer(workdir / "redis").start()
            started.append(redis)
            for i in range(2):
                started.append(CeleryWorker(redis.url, workdir / f"worker{i}", concurrency=1,
                                            LOG_LEVEL="WARNING").start())
            env["REDIS_URL"] = redis.url
        server = UvicornServer(workdir / f"api-{name}", **env).start()
        started.append(server)
        return asyncio.run(_load(server.url, designs, clients))
    finally:
        for proc in reversed(started):
            proc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=10, help="raw FreeCAD runs per part")
    parser.add_argument("--backends", default="local,celery")
    args = parser.parse_args()

    raw = raw_limit(args.repeat)
    print(f"machine: {raw['cores']} cores; parts: {', '.join(PROMPTS)}; formats: {', '.join(FORMATS)}")
    print(f"raw FreeCAD: {raw['cpu_ms_per_part']:.0f} ms CPU per part ({raw['wall_ms_per_part']:.0f} ms wall, "
          f"the rest is file I/O) → limit {raw['limit_parts_per_s']:.1f} parts/s on {raw['cores']} cores "
          f"(by wall time: {raw['cores'] * 1000 / raw['wall_ms_per_part']:.1f} parts/s)")
    print(f"load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the "
          "machine lowers every figure)")
    print(f"\n{'back end':<22}{'designs/s':>10}{'% of limit':>11}{'p50 s':>8}{'p95 s':>8}{'max s':>8}"
          f"{'GET status/s':>14}{'GET /health/s':>15}  outcomes")
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        e = engine_only(args.designs, 2, Path(tmp) / "engine")
        print(f"{'engine only, 2 threads':<22}{e['designs_per_s']:>10.2f}"
              f"{100 * e['designs_per_s'] / raw['limit_parts_per_s']:>10.0f}%{e['p50_s']:>8.2f}{e['p95_s']:>8.2f}"
              f"{e['max_s']:>8.2f}{'-':>14}{'-':>15}  (Designer.design in-process, no HTTP/store)")
        for name in args.backends.split(","):
            label = "local (pool of 2)" if name == "local" else "celery (2 workers)"
            r = run_backend(name, args.designs, args.clients, Path(tmp) / name)
            print(f"{label:<22}{r['designs_per_s']:>10.2f}{100 * r['designs_per_s'] / raw['limit_parts_per_s']:>10.0f}%"
                  f"{r['p50_s']:>8.2f}{r['p95_s']:>8.2f}{r['max_s']:>8.2f}{r['status_reads_per_s']:>14.0f}"
                  f"{r['health_per_s']:>15.0f}  {r['outcomes']}")
    print(f"\n{args.designs} designs from {args.clients} concurrent clients (POST, then the design's WebSocket); "
          "request rates with 2 x clients concurrent GETs for 3 s, after the designs.")


if __name__ == "__main__":
    main()
