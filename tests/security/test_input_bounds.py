"""Untrusted input is bounded before it costs anything: plan limits, finite numbers, client code, query bounds,
binary WebSocket frames and what an anonymous ``/ready`` caller may see — through the service's real app."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sec_helpers import API_KEY, SECRET, make_settings
from starlette.websockets import WebSocketDisconnect

from ai_designer.api.app import create_app
from ai_designer.freecad.codegen import compile_plan
from ai_designer.schemas.plan_limits import MAX_INSTANCES, MAX_OPERATIONS
from ai_designer.schemas.task_graph import CADPlan

PLATE = {"op": "box", "id": "plate", "length": 100, "width": 60, "height": 8}


def _grid(n: int, op_id: str = "holes") -> dict[str, object]:
    return {"op": "hole", "id": op_id, "target": "plate", "diameter": 1, "face": "top",
            "at": {"kind": "grid", "count_x": n, "count_y": n, "spacing_x": 0.2, "spacing_y": 0.2}}


def _plan(*ops: dict[str, object]) -> dict[str, object]:
    return {"name": "p", "operations": [PLATE, *ops]}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(AI_DESIGNER_HOME=str(tmp_path), JOB_BACKEND="local")
    with TestClient(create_app(settings)) as c:
        yield c


def test_plans_are_bounded_before_compiling() -> None:
    with pytest.raises(ValidationError, match="pattern instances"):
        CADPlan.model_validate(_plan(*(_grid(200, f"h{i}") for i in range(5))))
    with pytest.raises(ValidationError, match="operations"):
        CADPlan.model_validate({"operations": [{**PLATE, "id": f"b{i}"} for i in range(MAX_OPERATIONS + 1)]})
    for bad in (float("inf"), float("nan"), 1e12):
        with pytest.raises(ValidationError):
            CADPlan.model_validate(_plan({**PLATE, "id": "other", "length": bad}))


def test_a_volume_is_bounded_in_cubic_millimetres() -> None:
    """A 20 cm block has a volume of 4e6 mm³: its plan (the planner states the volume it expects) is valid; the
    ±1e6 bound is for lengths and angles."""
    from ai_designer.planning import plan_offline

    plan = plan_offline("a 200 x 100 x 200 mm block")
    assert plan.intent.volume == pytest.approx(4e6)
    CADPlan.model_validate(plan.model_dump())
    with pytest.raises(ValidationError, match="mm³"):
        CADPlan.model_validate({**plan.model_dump(), "intent": {**plan.intent.model_dump(), "volume": 1e19}})


def test_compiling_a_plan_at_the_limits_is_quick() -> None:
    side = int(MAX_INSTANCES ** 0.5)
    plan = CADPlan.model_validate(_plan(_grid(side)))
    t0 = time.perf_counter()
    script = compile_plan(plan)
    assert time.perf_counter() - t0 < 5.0 and len(script) < 2_000_000  # generous: a bound, not a benchmark


def test_api_refuses_client_code_unless_allowed(client: TestClient) -> None:
    custom = {"op": "custom", "id": "c", "description": "a box", "code": "shape = Part.makeBox(1, 1, 1)"}
    answer = client.post("/api/v1/design", json={"prompt": "mine", "plan": {"operations": [custom]}})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "client_code_refused"
    assert "ALLOW_CLIENT_CODE" in answer.json()["error"]["message"]


def test_api_refuses_unbounded_plans_and_numbers(client: TestClient) -> None:
    huge = client.post("/api/v1/design", json={"prompt": "grid", "plan": _plan(*(_grid(200, f"h{i}")
                                                                                  for i in range(5)))})
    assert huge.status_code == 422 and "pattern instances" in huge.text
    infinite = client.post("/api/v1/design", content=b'{"prompt": "x", "plan": {"operations": [{"op": "box", '
                           b'"id": "b", "length": Infinity, "width": 1, "height": 1}]}}',
                           headers={"Content-Type": "application/json"})
    assert infinite.status_code == 422


def test_version_query_is_bounded(client: TestClient) -> None:
    answer = client.get("/api/v1/design/abc", params={"version": 2**63})
    assert answer.status_code == 422


def test_binary_websocket_frames_get_a_close_frame(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_bytes(b"\x00\x01")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1003


def test_ready_detail_only_for_authenticated_callers(tmp_path: Path) -> None:
    settings = make_settings(AI_DESIGNER_HOME=str(tmp_path), JOB_BACKEND="local", AUTH_ENABLED=True,
                             JWT_SECRET_KEY=SECRET, AUTH_API_KEYS=API_KEY)
    with TestClient(create_app(settings)) as c:
        anonymous = c.get("/ready").json()["checks"]
        assert anonymous["store"] == {"ok": True} and set(anonymous["jobs"]) == {"ok"}
        detailed = c.get("/ready", headers={"X-API-Key": API_KEY}).json()["checks"]
        assert "workers" in detailed["jobs"]["executor"] and "path_exists" in detailed["store"]
