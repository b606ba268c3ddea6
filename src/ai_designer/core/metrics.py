"""Prometheus metrics: the six SPEC.md names plus executor, HTTP, auth and rate-limit metrics.

Metric objects live in one module-level registry so every layer records through the small helper functions below
(no layer touches prometheus_client directly). Creating a metric object is cheap and does no I/O.

Several processes (uvicorn ``--workers N``, Celery worker processes): set ``PROMETHEUS_MULTIPROC_DIR`` to an
empty, writable directory *before* the processes start (prometheus_client reads it when it is first imported).
Each process then writes its samples to memory-mapped files there and :func:`render` (``GET /metrics``) merges them,
so any worker answering the scrape reports the totals of all. Wipe the directory when the whole service restarts.
A worker on another machine exposes its own numbers with :func:`start_worker_exporter` (``WORKER_METRICS_PORT``).

Metrics::

    design_requests_total{status}                 designs finished (succeeded / failed / rejected / cancelled …)
    design_duration_seconds                       wall time of a design run
    agent_call_duration_seconds{agent_name}       one planner / generator / executor / validator step
    llm_tokens_used_total{provider,model}         tokens (prompt + completion)
    llm_cost_usd_total{provider}                  USD
    active_designs                                designs in progress (summed over live processes)
    executor_jobs_total{outcome,reason}           FreeCAD jobs; failures by reason (timeout, memory, crash …)
    executor_job_duration_seconds{outcome}        time of one FreeCAD job
    executor_worker_restarts_total{reason}        FreeCAD workers replaced
    http_requests_total{method,path,status}       path is the route template (/api/v1/design/{design_id})
    http_request_duration_seconds{method,path}
    http_requests_in_progress
    auth_failures_total{transport}                401s (http / websocket)
    rate_limit_rejections_total{bucket}           429s by bucket kind (ip / key / user)
    rate_limit_backend_errors_total               requests allowed because Redis did not answer
"""

from __future__ import annotations

import atexit
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = [
    "REGISTRY", "record_design", "active_design", "observe_agent", "record_llm", "record_job",
    "record_worker_restart", "record_http_request", "http_in_progress", "record_auth_failure",
    "record_rate_limit_rejection", "record_rate_limit_backend_error", "render", "multiprocess_dir",
    "register_process_cleanup", "start_worker_exporter", "CONTENT_TYPE_LATEST",
]

REGISTRY = CollectorRegistry(auto_describe=True)

DESIGN_REQUESTS = Counter("design_requests_total", "Designs finished, by outcome", ["status"], registry=REGISTRY)
DESIGN_DURATION = Histogram("design_duration_seconds", "Wall time of a design run", registry=REGISTRY,
                            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300))
AGENT_DURATION = Histogram("agent_call_duration_seconds", "Time spent in one agent step", ["agent_name"],
                           registry=REGISTRY, buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
LLM_TOKENS = Counter("llm_tokens_used_total", "LLM tokens used", ["provider", "model"], registry=REGISTRY)
LLM_COST = Counter("llm_cost_usd_total", "LLM cost in USD", ["provider"], registry=REGISTRY)
ACTIVE_DESIGNS = Gauge("active_designs", "Designs being worked on now", registry=REGISTRY,
                       multiprocess_mode="livesum")
EXECUTOR_JOBS = Counter("executor_jobs_total", "FreeCAD jobs, by outcome and reason", ["outcome", "reason"],
                        registry=REGISTRY)
EXECUTOR_JOB_DURATION = Histogram("executor_job_duration_seconds", "Time of one FreeCAD job", ["outcome"],
                                  registry=REGISTRY, buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
WORKER_RESTARTS = Counter("executor_worker_restarts_total", "FreeCAD workers replaced, by reason", ["reason"],
                          registry=REGISTRY)
HTTP_REQUESTS = Counter("http_requests_total", "HTTP requests, by route template and status",
                        ["method", "path", "status"], registry=REGISTRY)
HTTP_DURATION = Histogram("http_request_duration_seconds", "HTTP request latency, by route template",
                          ["method", "path"], registry=REGISTRY,
                          buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
HTTP_IN_PROGRESS = Gauge("http_requests_in_progress", "HTTP requests being served now", registry=REGISTRY,
                         multiprocess_mode="livesum")
AUTH_FAILURES = Counter("auth_failures_total", "Requests refused for missing or bad credentials", ["transport"],
                        registry=REGISTRY)
RATE_LIMIT_REJECTIONS = Counter("rate_limit_rejections_total", "Requests refused with 429", ["bucket"],
                                registry=REGISTRY)
RATE_LIMIT_BACKEND_ERRORS = Counter("rate_limit_backend_errors_total",
                                    "Requests allowed unchecked because Redis did not answer", registry=REGISTRY)


def record_design(status: str, seconds: float) -> None:
    DESIGN_REQUESTS.labels(status=status).inc()
    DESIGN_DURATION.observe(seconds)


@contextmanager
def active_design() -> Iterator[None]:
    ACTIVE_DESIGNS.inc()
    try:
        yield
    finally:
        ACTIVE_DESIGNS.dec()


@contextmanager
def observe_agent(agent_name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        AGENT_DURATION.labels(agent_name=agent_name).observe(time.perf_counter() - start)


def record_llm(provider: str, model: str, tokens: int, cost_usd: float) -> None:
    LLM_TOKENS.labels(provider=provider, model=model).inc(tokens)
    if cost_usd:
        LLM_COST.labels(provider=provider).inc(cost_usd)


def record_job(outcome: str, reason: str = "", seconds: float | None = None) -> None:
    EXECUTOR_JOBS.labels(outcome=outcome, reason=reason or "none").inc()
    if seconds is not None:
        EXECUTOR_JOB_DURATION.labels(outcome=outcome).observe(seconds)


def record_worker_restart(reason: str) -> None:
    WORKER_RESTARTS.labels(reason=reason).inc()


def record_http_request(method: str, path: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method=method, path=path, status=str(status)).inc()
    HTTP_DURATION.labels(method=method, path=path).observe(seconds)


@contextmanager
def http_in_progress() -> Iterator[None]:
    HTTP_IN_PROGRESS.inc()
    try:
        yield
    finally:
        HTTP_IN_PROGRESS.dec()


def record_auth_failure(transport: str) -> None:
    AUTH_FAILURES.labels(transport=transport).inc()


def record_rate_limit_rejection(bucket: str) -> None:
    RATE_LIMIT_REJECTIONS.labels(bucket=bucket).inc()


def record_rate_limit_backend_error() -> None:
    RATE_LIMIT_BACKEND_ERRORS.inc()


def multiprocess_dir() -> str | None:
    """The multiprocess directory when prometheus_client runs in multiprocess mode, else None."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def render() -> tuple[bytes, str]:
    """Prometheus text exposition of all metrics (merged over processes in multiprocess mode)."""
    if multiprocess_dir():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


_cleanup_registered = False


def register_process_cleanup() -> None:
    """In multiprocess mode, drop this process's live gauges when it exits (call once per process, idempotent)."""
    global _cleanup_registered
    if _cleanup_registered or not multiprocess_dir():
        return
    from prometheus_client import multiprocess

    pid = os.getpid()
    atexit.register(lambda: multiprocess.mark_process_dead(pid))
    _cleanup_registered = True


def start_worker_exporter(port: int, addr: str = "0.0.0.0") -> None:  # noqa: S104 - scraped from other machines
    """Serve ``/metrics`` from a worker process (e.g. ``ai-designer worker`` on another machine)."""
    import logging

    from prometheus_client import start_http_server

    if not multiprocess_dir():
        logging.getLogger(__name__).warning(
            "WORKER_METRICS_PORT without PROMETHEUS_MULTIPROC_DIR: only this process's metrics are served, not those "
            "of its worker child processes; set PROMETHEUS_MULTIPROC_DIR to an empty writable directory")
    if multiprocess_dir():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        start_http_server(port, addr=addr, registry=registry)
    else:
        start_http_server(port, addr=addr, registry=REGISTRY)
    register_process_cleanup()
