"""The event hub replays a design's latest version to late subscribers, in order, without duplicates."""

from __future__ import annotations

import asyncio

from ai_designer.jobs.events import EventHub, make_event


async def _drain(sub, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [(await asyncio.wait_for(sub.get(), 2))["status"] for _ in range(n)]


async def test_late_subscriber_sees_every_stage_then_live_events() -> None:
    hub = EventHub()
    for status in ("queued", "planning", "generating"):
        hub.publish("d1", make_event("d1", 1, status))
    sub = hub.subscribe("d1")
    assert sub.replayed
    hub.publish("d1", make_event("d1", 1, "executing"))
    assert await _drain(sub, 4) == ["queued", "planning", "generating", "executing"]
    sub.close()


async def test_a_new_version_starts_a_fresh_history_and_history_is_bounded() -> None:
    hub = EventHub(history_designs=2, history_events=3)
    for status in ("queued", "planning", "generating", "executing", "succeeded"):
        hub.publish("d1", make_event("d1", 1, status))
    hub.publish("d1", make_event("d1", 2, "queued"))
    sub = hub.subscribe("d1")
    assert await _drain(sub, 1) == ["queued"] and sub._queue.empty()
    hub.publish("d2", make_event("d2", 1, "queued"))
    hub.publish("d3", make_event("d3", 1, "queued"))
    assert not hub.subscribe("d1").replayed  # evicted: the oldest design's history went first
    sub.drop_replayed()
