"""Where a Celery job stands, kept in Redis so the API can tell a live job from a lost one within seconds.

Two keys per design version, both written with plain ``SET`` so they are cheap and self-healing:

* the **job key** ``<prefix>:job:<id>:<v>`` — the API sets it to ``queued`` *before* it enqueues the task and deletes
  it when the version is finished; a worker sets it to ``running <host>:<pid>`` when it starts. A worker that finds it
  missing skips the task (the API no longer wants it: finished, cancelled, or failed as lost). The API reads a missing
  key on an unfinished version as "Redis lost this job" (a restart without persistence, an eviction) and enqueues it
  again.
* the **heartbeat** ``<prefix>:heartbeat:<id>:<v>`` — the worker running the job refreshes it every
  ``JOB_HEARTBEAT_TIMEOUT_SECONDS / 6`` with a time-to-live of two thirds of the timeout. When it has been gone for
  the remaining third, the worker is lost (killed, out of memory, machine gone) and the API fails the job with that
  reason — about ``JOB_HEARTBEAT_TIMEOUT_SECONDS`` after the last beat, instead of waiting for the broker's
  visibility timeout. The grace third lets a worker re-create its heartbeat after Redis restarts empty.

Writes that must land (the start-of-job bookkeeping and the finished result) go through :func:`redis_retrying`: a
Redis blip delays them with exponential backoff for up to ``JOB_RESULT_RETRY_SECONDS`` instead of throwing away a
finished design.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

from ai_designer.core.settings import Settings
from ai_designer.jobs.events import KEY_PREFIX

__all__ = ["job_key", "heartbeat_key", "heartbeat_ttl", "heartbeat_interval", "heartbeat_grace",
           "redis_retrying", "JobMonitor", "REDIS_ERRORS"]

log = logging.getLogger(__name__)

REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def job_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:job:{design_id}:{version}"


def heartbeat_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:heartbeat:{design_id}:{version}"


def heartbeat_ttl(settings: Settings) -> float:
    return settings.job_heartbeat_timeout_seconds * 2 / 3


def heartbeat_interval(settings: Settings) -> float:
    return settings.job_heartbeat_timeout_seconds / 6


def heartbeat_grace(settings: Settings) -> float:
    """How long the API waits, after it first sees a heartbeat (or job key) missing, before it acts on it."""
    return settings.job_heartbeat_timeout_seconds / 3


def _log_retry(state: RetryCallState) -> None:
    if state.attempt_number == 1 or state.attempt_number % 10 == 0:
        exc = state.outcome.exception() if state.outcome else None
        log.warning("Redis unavailable (%s); retrying with backoff (attempt %d)", exc, state.attempt_number)


def redis_retrying(budget_seconds: float) -> Retrying:
    """Retry a Redis call on connection errors with exponential backoff (0.2 s … 5 s) for ``budget_seconds``."""
    return Retrying(retry=retry_if_exception_type(REDIS_ERRORS), wait=wait_exponential(multiplier=0.2, max=5),
                    stop=stop_after_delay(budget_seconds), before_sleep=_log_retry, reraise=True)


class JobMonitor:
    """A daemon thread beside a running design: refreshes its heartbeat and turns the cancel key into ``cancel``.

    Redis errors are swallowed here (a blip must not stop the design); the heartbeat is re-created on the next
    refresh once Redis answers again, which is what the API's grace period waits for.
    """

    def __init__(self, client: Any, settings: Settings, design_id: str, version: int, worker: str,
                 cancel_key: str, cancel: threading.Event) -> None:
        self._client, self._worker, self._cancel_key, self._cancel = client, worker, cancel_key, cancel
        self._key = heartbeat_key(design_id, version)
        self._ttl_ms = int(heartbeat_ttl(settings) * 1000)
        self._interval = heartbeat_interval(settings)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{design_id[:8]}", daemon=True)

    def beat(self) -> None:
        self._client.set(self._key, self._worker, px=self._ttl_ms)

    def start(self) -> JobMonitor:
        self._thread.start()
        return self

    def _run(self) -> None:
        next_beat = time.monotonic() + self._interval
        while not self._done.wait(0.25):
            try:
                if time.monotonic() >= next_beat:
                    self.beat()
                    next_beat = time.monotonic() + self._interval
                if not self._cancel.is_set() and self._client.exists(self._cancel_key):
                    self._cancel.set()
            except Exception as exc:  # Redis hiccup: the next tick tries again
                log.debug("heartbeat/cancel check failed: %s", exc)

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)
