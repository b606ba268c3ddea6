"""Prometheus metrics: the six SPEC.md names plus executor and HTTP metrics.

Metric objects live in one module-level registry so every layer records through the small helper functions below
(no layer touches prometheus_client directly). Creating a metric object is cheap and does no I/O.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = [
    "REGISTRY", "record_design", "active_design", "observe_agent", "record_llm", "record_job",
    "record_worker_restart",
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
WORKER_RESTARTS = Counter("executor_worker_restarts_total", "FreeCAD workers replaced, by reason", ["reason"],
                          registry=REGISTRY)


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


def record_job(outcome: str, reason: str = "") -> None:
    EXECUTOR_JOBS.labels(outcome=outcome, reason=reason or "none").inc()


def record_worker_restart(reason: str) -> None:
    WORKER_RESTARTS.labels(reason=reason).inc()
