"""Progress events: one in-process hub, optionally fed from Redis pub/sub.

Workers (threads of the local back end, or Celery processes on other machines) produce events; WebSocket handlers
consume them. The :class:`EventHub` fans events out to asyncio subscribers from any thread. With Celery, workers
``PUBLISH`` to ``<prefix>:events:<design id>`` and the API's :class:`RedisEventListener` thread relays each message
into the hub (and into the store), so a WebSocket client sees the same events whichever back end ran the job.

An event is a plain dict: ``{"type": "progress", "request_id", "version", "status", "iteration", "message",
"data"}``; the final one carries ``data.result`` (the design's public JSON).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

__all__ = ["EventHub", "Subscription", "RedisEventListener", "EventRelay", "channel_for", "relay_channel",
           "make_event"]

log = logging.getLogger(__name__)

KEY_PREFIX = "ai_designer"


def channel_for(design_id: str) -> str:
    return f"{KEY_PREFIX}:events:{design_id}"


def relay_channel(design_id: str) -> str:
    return f"{KEY_PREFIX}:relay:{design_id}"


def make_event(design_id: str, version: int, status: str, iteration: int = 0, message: str = "",
               data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "progress", "request_id": design_id, "version": version, "status": status,
            "iteration": iteration, "message": message, "data": data or {}}


class Subscription:
    """Events of one design for one asyncio consumer; ``await get()`` returns the next one."""

    def __init__(self, hub: EventHub, design_id: str, loop: asyncio.AbstractEventLoop) -> None:
        self._hub, self.design_id, self._loop = hub, design_id, loop
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self.replayed = False

    def _deliver(self, event: dict[str, Any]) -> None:
        def put() -> None:
            if self._queue.full():  # a stalled client loses the oldest events, never blocks a worker
                self._queue.get_nowait()
            self._queue.put_nowait(event)

        try:
            self._loop.call_soon_threadsafe(put)
        except RuntimeError:  # the loop is closed: the client is gone
            self.close()

    async def get(self) -> dict[str, Any]:
        return await self._queue.get()

    def drop_replayed(self) -> None:
        """Forget the replayed history (call before the first ``await``: nothing live can be queued yet)."""
        while self.replayed and not self._queue.empty():
            self._queue.get_nowait()
        self.replayed = False

    def close(self) -> None:
        self._hub._remove(self)


class EventHub:
    """Thread-safe fan-out of events to subscribers of a design id.

    The hub also remembers the events of each design's latest version (bounded), and a new subscriber gets them
    first: a client that connects after the job started still sees every stage, in order (``replayed`` says so).
    """

    def __init__(self, history_designs: int = 2000, history_events: int = 100) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, list[Subscription]] = {}
        self._history: OrderedDict[str, deque[dict[str, Any]]] = OrderedDict()
        self._history_designs, self._history_events = history_designs, history_events

    def subscribe(self, design_id: str) -> Subscription:
        sub = Subscription(self, design_id, asyncio.get_running_loop())
        with self._lock:  # the same lock as publish: an event is either replayed here or delivered, never both
            past = list(self._history.get(design_id, ()))
            self._subs.setdefault(design_id, []).append(sub)
        for event in past:
            sub._queue.put_nowait(event)
        sub.replayed = bool(past)
        return sub

    def _remember(self, design_id: str, event: dict[str, Any]) -> None:
        events = self._history.get(design_id)
        if events is None or (events and int(event.get("version", 0)) > int(events[-1].get("version", 0))):
            events = self._history[design_id] = deque(maxlen=self._history_events)  # a new version starts afresh
        events.append(event)
        self._history.move_to_end(design_id)
        while len(self._history) > self._history_designs:
            self._history.popitem(last=False)

    def _remove(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(sub.design_id, [])
            if sub in subs:
                subs.remove(sub)
            if not subs:
                self._subs.pop(sub.design_id, None)

    def publish(self, design_id: str, event: dict[str, Any]) -> None:
        with self._lock:
            self._remember(design_id, event)
            subs = list(self._subs.get(design_id, ()))
        for sub in subs:
            sub._deliver(event)

    def subscribers(self, design_id: str) -> int:
        with self._lock:
            return len(self._subs.get(design_id, ()))


class RedisEventListener:
    """A daemon thread: ``PSUBSCRIBE <prefix>:events:*`` and hand each event to ``on_event(design_id, event)``.

    Reconnects with a short back-off when Redis goes away; events published meanwhile are lost, which is why the
    service also reconciles unfinished jobs from Celery's result backend.
    """

    def __init__(self, redis_url: str, on_event: Callable[[str, dict[str, Any]], None],
                 pattern: str | None = None) -> None:
        self._url, self._on_event = redis_url, on_event
        self._pattern = pattern or channel_for("*")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ai-designer-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        import redis

        pattern = self._pattern
        failures = 0
        while not self._stop.is_set():
            client = None
            try:
                client = redis.Redis.from_url(self._url, socket_connect_timeout=2, health_check_interval=10)
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(pattern)
                if failures:
                    log.warning("event listener reconnected to Redis after %d failed attempt(s)", failures)
                failures = 0
                while not self._stop.is_set():
                    msg = pubsub.get_message(timeout=0.5)
                    if msg is None or msg.get("type") != "pmessage":
                        continue
                    channel = msg["channel"].decode() if isinstance(msg["channel"], bytes) else msg["channel"]
                    try:
                        event = json.loads(msg["data"])
                        self._on_event(channel.rsplit(":", 1)[-1], event)
                    except Exception:  # one bad message must not stop the relay
                        log.exception("dropping an undeliverable event on %s", channel)
                pubsub.close()
            except Exception as exc:
                if not self._stop.is_set():
                    failures += 1
                    if failures == 1 or failures % 60 == 0:  # once per outage, then about every 5 minutes
                        log.warning("event listener lost Redis (%s); reconnecting", exc)
                    self._stop.wait(min(5.0, 0.5 * failures))
            finally:
                if client is not None:
                    client.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)


class EventRelay:
    """Shares the events an API host makes itself (accepted, progress of its local jobs, final results) with the
    other API hosts over Redis pub/sub (``<prefix>:relay:<design id>``), so a WebSocket client connected to host B
    follows a design that host A accepted or finished. Each host skips its own messages (``origin``).

    Worker progress needs no relay: every host already hears the workers' own channel. Publishing is best effort:
    with Redis away the local hub still gets the event and the WebSocket's store poll covers the other hosts.
    """

    def __init__(self, redis_url: str, hub: EventHub, origin: str) -> None:
        import redis

        self.hub, self.origin = hub, origin
        self._client = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=2)
        self._listener = RedisEventListener(redis_url, self._deliver, pattern=relay_channel("*"))
        self._failures = 0

    def start(self) -> None:
        self._listener.start()

    def publish(self, design_id: str, event: dict[str, Any]) -> None:
        try:
            self._client.publish(relay_channel(design_id), json.dumps({"origin": self.origin, "event": event}))
            self._failures = 0
        except Exception as exc:
            self._failures += 1
            if self._failures == 1 or self._failures % 100 == 0:
                log.warning("could not relay an event to the other API hosts (%s); their clients fall back to "
                            "polling the store", exc)

    def _deliver(self, design_id: str, message: dict[str, Any]) -> None:
        if message.get("origin") != self.origin and isinstance(message.get("event"), dict):
            self.hub.publish(design_id, message["event"])

    def stop(self) -> None:
        self._listener.stop()
        self._client.close()
