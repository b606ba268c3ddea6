"""Service benchmark: designs per second and POST→result latency through the real API, per job back end.

It prints, for simple parts (blocks, 4-hole plates, cylinders — every design a new size, so no cache helps) with the
service's default formats (FCStd + STEP + STL + PNG; ``--formats`` to change):

* raw limits — the like-for-like floor (``raw_parts.py``): hand-written Part-API code building the same parts in one
               warm FreeCAD process, the same three model exports and the same read-back checks, *without* and
               *with* the default 800x600 PNG preview rendered the way the service renders it (the worker's mesh
               arrays and edge polylines through ``preview.render_png``); CPU seconds per part → ``cores ÷ CPU``
               parts/s. The service's designs/s is printed as a % of each;
* engine     — ``Designer.design`` on 2 threads, in-process (no HTTP, no store);
* local      — uvicorn with the embedded back end (SQLite + thread pool + warm FreeCAD pool of ``POOL_WORKERS``=2);
* celery:NxC — uvicorn enqueueing on Redis + N ``ai-designer worker`` processes with ``WORKER_CONCURRENCY``=C each
               (every Celery child runs its own warm FreeCAD worker);

with ``--designs`` designs sent by ``--clients`` concurrent clients (POST, then wait on the design's WebSocket for
the final event): designs/s, p50/p95/max latency, HTTP requests/s of ``GET /api/v1/design/{id}`` and ``GET /health``,
the load average before each row (the machine may be shared), whether the PNG preview was already there when
``succeeded`` arrived (on the critical path) or came later, and the CPU per design of every process involved (API,
FreeCAD zygote + workers, render process, Celery's own processes; read from ``/proc``, ``proc_cpu.py``) with the
throughput the service would reach were it CPU-bound on the same cores (raw CPU per part ÷ service CPU per design):
wall-clock designs/s on a shared machine swing by ±50 %, CPU per design far less. Every process is real and on loopback; nothing is mocked.

Run: ``.venv/bin/python benchmarks/bench_service.py [--designs 40] [--clients 4]
[--backends local,celery:1x1,celery:2x1,celery:4x1] [--src OTHER_CHECKOUT/src]`` (``--src`` measures another
checkout's code with the same benchmark: before/after figures).
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
SRC = Path(sys.argv[sys.argv.index("--src") + 1]).resolve() if "--src" in sys.argv[:-1] else ROOT / "src"
sys.path[:0] = [str(SRC), str(ROOT / "tests" / "api")]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc_cpu import cmdline, delta, tree_cpu  # noqa: E402
from raw_parts import KINDS, raw_limits  # noqa: E402
from svc_helpers import CeleryWorker, RedisServer, UvicornServer  # noqa: E402


def prompt(i: int, warm: bool = False) -> str:
    """The i-th design: block, plate, cylinder in turn, each a size no earlier design had (warm-up designs get
    half-millimetre sizes, which the measured ones never have)."""
    k: float = i // len(KINDS) + (0.5 if warm else 0)
    kind = KINDS[i % len(KINDS)]
    if kind == "block":
        return f"a {40 + k} x 30 x 10 mm block"
    if kind == "plate":
        return f"a {90 + k} x 70 x 8 mm plate with four 5.5 mm corner holes"
    return f"a cylinder {30 + k} mm in diameter and 20 mm tall"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def engine_only(designs: int, threads: int, workdir: Path, formats: list[str]) -> dict[str, Any]:
    """The same designs straight through ``Designer.design`` on ``threads`` threads (no HTTP, no store): the
    engine's own ceiling, so the service's overhead is the difference."""
    from concurrent.futures import ThreadPoolExecutor

    from ai_designer.core.settings import Settings
    from ai_designer.designer import Designer

    designer = Designer(Settings(AI_DESIGNER_HOME=str(workdir), POOL_WORKERS=threads))  # type: ignore[call-arg]
    for i in range(len(KINDS)):
        designer.design(prompt(i, warm=True), out_dir=workdir / "warm", formats=formats)

    def one(i: int) -> float:
        t0 = time.perf_counter()
        result = designer.design(prompt(i), out_dir=workdir / f"d{i}", formats=formats)
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


async def _one(http: Any, ws_url: str, text: str, formats: list[str], probe: dict[str, Any] | None = None
               ) -> tuple[float, str]:
    """POST one design and wait on its WebSocket for the final status (the latency) and, when a PNG or GLB is asked
    for, on until ``preview_ready``/``preview_failed`` — so the CPU counted for a run includes every preview.
    ``probe`` records (once per run) whether the PNG was already among the design's files when ``succeeded``
    arrived (older code rendered it before ``succeeded`` and sent no preview event)."""
    import websockets

    t0 = time.perf_counter()
    response = await http.post("/api/v1/design", json={"prompt": text, "formats": formats})
    response.raise_for_status()
    rid = response.json()["request_id"]
    wants_preview = bool({"png", "glb"} & set(formats))
    seconds, status = 0.0, ""
    async with websockets.connect(f"{ws_url}/api/v1/ws/design/{rid}", max_size=2**24) as ws:
        while True:
            message = json.loads(await ws.recv())
            kind = message.get("type")
            if kind in ("preview_ready", "preview_failed"):
                return seconds, status if kind == "preview_ready" else f"{status}, {kind}"
            if kind == "progress" and message["status"] in ("succeeded", "failed", "rejected", "cancelled"):
                seconds, status = time.perf_counter() - t0, str(message["status"])
                if probe is not None and status == "succeeded" and "png_at_succeeded" not in probe:
                    files = (await http.get(f"/api/v1/design/{rid}")).json().get("files") or {}
                    probe["png_at_succeeded"] = "png" in files
                if not wants_preview or status != "succeeded" or (probe or {}).get("png_at_succeeded"):
                    return seconds, status


def _label_of(api_pid: int) -> Any:
    def classify(pid: int) -> str:
        if pid == api_pid:
            return "api"
        line = cmdline(pid)
        if "preview_pool" in line:
            return "render"
        return "freecad" if "freecad.worker" in line else "other"  # "other": Celery's own processes

    return classify


def _usage(api_pid: int, workers: list[int], redis_url: str | None) -> dict[str, float]:
    """Counters for the CPU per design and the scale-out projection: CPU seconds so far of the API process (its own
    threads), of the FreeCAD zygote, wardens and workers, of the render processes and of Celery's own processes —
    read from ``/proc`` over the API's and the Celery workers' process trees (``proc_cpu``) — and of this benchmark's
    client; with Redis, its commands, bytes in/out and CPU seconds."""
    usage = {f"{k}_cpu": v for k, v in tree_cpu([api_pid, *workers], _label_of(api_pid)).items()}
    usage["client_cpu"] = time.process_time()
    if redis_url:
        import redis

        info = redis.Redis.from_url(redis_url).info()
        usage.update(redis_commands=info["total_commands_processed"], redis_in=info["total_net_input_bytes"],
                     redis_out=info["total_net_output_bytes"], redis_cpu=info["used_cpu_sys"] + info["used_cpu_user"])
    return usage


async def _load(base: str, designs: int, clients: int, formats: list[str], api_pid: int, workers: list[int],
                redis_url: str | None) -> dict[str, Any]:
    import httpx

    ws_url = base.replace("http://", "ws://")
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    probe: dict[str, Any] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(designs):
        queue.put_nowait(prompt(i))
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        for i in range(2 * len(KINDS)):  # warm every FreeCAD worker with each kind of part (sizes not used below)
            await _one(http, ws_url, prompt(i, warm=True), formats, probe)

        async def client() -> None:
            while not queue.empty():
                seconds, status = await _one(http, ws_url, queue.get_nowait(), formats, probe)
                latencies.append(seconds)
                outcomes[status] = outcomes.get(status, 0) + 1

        before = _usage(api_pid, workers, redis_url)
        t0 = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - t0
        after = _usage(api_pid, workers, redis_url)
        rid = (await http.get("/api/v1/design?limit=1")).json()["items"][0]["request_id"]
        reads = await _rate(http, f"/api/v1/design/{rid}", clients * 2, 3.0)
        health = await _rate(http, "/health", clients * 2, 3.0)
    return {"designs_per_s": designs / wall, "p50_s": statistics.median(latencies), "p95_s": pct(latencies, 0.95),
            "max_s": max(latencies), "outcomes": outcomes, "status_reads_per_s": reads, "health_per_s": health,
            "png_at_succeeded": probe.get("png_at_succeeded"),
            "per_design": {k: v / designs for k, v in delta(before, after).items()}}


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


def run_backend(name: str, designs: int, clients: int, workdir: Path, formats: list[str]) -> dict[str, Any]:
    """``local`` or ``celery:NxC`` (N worker processes, concurrency C each)."""
    started: list[Any] = []
    try:
        common = {"LOG_LEVEL": "WARNING", "PYTHONPATH": str(SRC)}
        env = {"JOB_BACKEND": name.split(":")[0], "POOL_WORKERS": "2", "JOB_CONCURRENCY": "2",
               "RATE_LIMIT_ENABLED": "false", **common}
        if name.startswith("celery"):
            processes, concurrency = (int(n) for n in (name.split(":") + ["2x1"])[1].split("x"))
            redis = RedisServer(workdir / "redis").start()
            started.append(redis)
            for i in range(processes):
                started.append(CeleryWorker(redis.url, workdir / f"worker{i}", concurrency=concurrency,
                                            **common).start())
            env["REDIS_URL"] = redis.url
        server = UvicornServer(workdir / f"api-{name.replace(':', '-')}", **env).start()
        started.append(server)
        assert server.proc is not None
        workers = [p.proc.pid for p in started if isinstance(p, CeleryWorker) and p.proc is not None]
        return asyncio.run(_load(server.url, designs, clients, formats, server.proc.pid, workers,
                                 env.get("REDIS_URL")))
    finally:
        for proc in reversed(started):
            proc.stop()


_PARTS = (("api", "API"), ("freecad", "FreeCAD zygote+workers"), ("render", "render"), ("other", "Celery's own"))


def _per_design(usage: dict[str, float], raw: dict[str, Any]) -> str:
    """ms of CPU per design by process kind, their sum, and the service's throughput were it CPU-bound on the same
    cores: raw CPU per part ÷ service CPU per design, as a % (the load-independent form of "% of the raw limit")."""
    parts = [(label, usage.get(f"{key}_cpu", 0.0) * 1000) for key, label in _PARTS if f"{key}_cpu" in usage]
    total = sum(ms for _, ms in parts)
    text = ", ".join(f"{label} {ms:.1f}" for label, ms in parts)
    text += (f"; service total {total:.1f} ms (client {usage['client_cpu'] * 1000:.1f}) → CPU-bound % of raw: "
             f"{100 * raw['models']['cpu_ms_per_part'] / total:.0f} % (models only), "
             f"{100 * raw['png']['cpu_ms_per_part'] / total:.0f} % (with PNG)") if total else ""
    if "redis_commands" in usage:
        text += (f"; Redis {usage['redis_commands']:.0f} commands, {usage['redis_in'] / 1024:.0f} KiB in + "
                 f"{usage['redis_out'] / 1024:.0f} KiB out, CPU {usage['redis_cpu'] * 1000:.2f} ms")
    return text


def _label(name: str) -> str:
    if name == "local":
        return "local (pool of 2)"
    processes, concurrency = (name.split(":") + ["2x1"])[1].split("x")
    return f"celery {processes} proc x {concurrency}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--designs", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=30, help="raw FreeCAD parts measured for the limit")
    parser.add_argument("--backends", default="engine,local,celery:2x1")
    parser.add_argument("--formats", default="default", help="comma-separated, or 'default' (the service's)")
    parser.add_argument("--src", default=str(SRC), help="the ai_designer source tree to measure (default: this one)")
    args = parser.parse_args()
    from ai_designer.designer import DEFAULT_FORMATS

    formats = list(DEFAULT_FORMATS) if args.formats == "default" else args.formats.split(",")
    raw = raw_limits(args.repeat)
    limit, limit_png = raw["models"]["limit_parts_per_s"], raw["png"]["limit_parts_per_s"]
    print(f"code measured: {SRC}; machine: {raw['cores']} cores, shared with other work — load average (1/5/15 min) "
          f"is printed before each row")
    print(f"parts: blocks, 4-hole plates, cylinders, each design a new size; service formats: {', '.join(formats)}")
    for key, what in (("models", "FCStd + STEP + STL, no preview"), ("png", "FCStd + STEP + STL + the 800x600 PNG")):
        print(f"raw FreeCAD ({what}; same parts and checks): {raw[key]['cpu_ms_per_part']:.1f} ms CPU per part "
              f"({raw[key]['wall_ms_per_part']:.1f} ms wall) → limit {raw[key]['limit_parts_per_s']:.1f} parts/s "
              f"on {raw['cores']} cores")
    print(f"\n{'back end':<22}{'load':>14}{'designs/s':>10}{'% raw':>7}{'% raw+png':>10}{'p50 s':>7}{'p95 s':>7}"
          f"{'max s':>7}{'GET st/s':>9}{'health/s':>9}  PNG at succeeded / outcomes")
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        for name in args.backends.split(","):
            before = load()
            if name == "engine":
                r = engine_only(args.designs, 2, Path(tmp) / "engine", formats)
                extra, label = "(in-process Designer.design, no HTTP/store)", "engine, 2 threads"
            else:
                r = run_backend(name, args.designs, args.clients, Path(tmp) / name.replace(":", "-"), formats)
                png = {True: "yes (critical path)", False: "no (after)", None: "-"}[r["png_at_succeeded"]]
                extra, label = f"{png} / {r['outcomes']}", _label(name)
            reads, health = r.get("status_reads_per_s"), r.get("health_per_s")
            print(f"{label:<22}{before:>14}{r['designs_per_s']:>10.2f}{100 * r['designs_per_s'] / limit:>6.0f}%"
                  f"{100 * r['designs_per_s'] / limit_png:>9.0f}%"
                  f"{r['p50_s']:>7.2f}{r['p95_s']:>7.2f}{r['max_s']:>7.2f}"
                  f"{(f'{reads:.0f}' if reads else '-'):>9}{(f'{health:.0f}' if health else '-'):>9}  {extra}",
                  flush=True)
            if "per_design" in r:
                print(f"{'':<22}  per design: {_per_design(r['per_design'], raw)}", flush=True)
    print(f"\n{args.designs} designs from {args.clients} concurrent clients (POST, then the design's WebSocket until "
          "succeeded — the latency — and on to preview_ready, so designs/s and CPU include every preview); "
          "request rates with 2 x clients concurrent GETs for 3 s, after the designs. Load average after: " + load())


if __name__ == "__main__":
    main()
