"""``ai-designer mcp`` on stdio, driven by the MCP SDK's client: real FreeCAD builds, files read back as resources,
fixable plan errors, progress, cancellation, and designs shared with the REST API through the store."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from mcp_helpers import BLOCK, BLOCK_VOLUME, PNG_MAGIC, Progress, stdio_session, structured, text_of

from ai_designer.api.app import create_app
from ai_designer.core.settings import Settings

TOOLS = {"design", "refine", "set_parameters", "build_plan", "get_design", "list_designs", "analyze_fcstd"}
PLATE_PLAN = {"name": "plate", "operations": [
    {"op": "box", "id": "plate", "length": 90, "width": 70, "height": 8},
    {"op": "hole", "id": "holes", "target": "plate", "diameter": 5.5,
     "at": {"kind": "grid", "count_x": 2, "count_y": 2, "spacing_x": 78, "spacing_y": 58}}],
    "intent": {"bbox": [90, 70, 8], "holes": 4}}
PLATE_VOLUME = 90 * 70 * 8 - 4 * 3.141592653589793 * 2.75**2 * 8


async def _read_blob(session: Any, uri: str) -> bytes:
    result = await session.read_resource(uri)
    return base64.b64decode(result.contents[0].blob)


async def test_stdio_design_files_plan_errors_and_shared_store(tmp_path: Path, freecad_inprocess: Any) -> None:
    home = tmp_path / "home"
    async with stdio_session(home) as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        assert set(tools) >= TOOLS
        assert tools["design"].output_schema and "geometry" in tools["design"].output_schema["properties"]
        assert "operations" in json.dumps(tools["build_plan"].input_schema)  # the plan schema is the input schema

        progress = Progress()
        result = await session.call_tool("design", {"prompt": BLOCK, "formats": ["step", "fcstd", "png"]},
                                         progress_callback=progress)
        out = structured(result)
        assert not result.is_error and out["status"] == "succeeded", text_of(result)
        assert out["geometry"]["volume"] == pytest.approx(BLOCK_VOLUME, rel=1e-6)
        assert out["geometry"]["bbox"] == pytest.approx([100, 60, 20], abs=1e-6)
        assert out["geometry"]["valid"] and out["geometry"]["solids"] == 1
        assert any("executing" in m for m in progress.messages) and any("validating" in m for m in progress.messages)
        assert [p for p, _, _ in progress.events] == sorted({p for p, _, _ in progress.events})  # increasing
        images = [b for b in result.content if b.type == "image"]
        assert len(images) == 1 and base64.b64decode(images[0].data).startswith(PNG_MAGIC)
        links = {b.uri for b in result.content if b.type == "resource_link"}
        assert links == set(out["files"].values()) and set(out["files"]) == {"step", "fcstd", "png"}

        step = home / "read-back.step"
        step.write_bytes(await _read_blob(session, out["files"]["step"]))
        import Part

        shape = Part.read(str(step))
        bb = shape.BoundBox
        assert shape.Volume == pytest.approx(BLOCK_VOLUME, rel=1e-5)
        assert (bb.XLength, bb.YLength, bb.ZLength) == pytest.approx((100, 60, 20), abs=1e-3)

        started = time.perf_counter()
        warm = structured(await session.call_tool("design", {"prompt": "a 40 mm cube", "formats": ["step"]}))
        print(f"\nwarm stdio tools/call design (40 mm cube, STEP only): {time.perf_counter() - started:.3f} s")
        assert warm["geometry"]["volume"] == pytest.approx(64000, rel=1e-6)

        bad = await session.call_tool("build_plan", {"plan": {"operations": [
            {"op": "box", "id": "b", "length": -5, "width": 3, "height": 2}]}})
        assert bad.is_error and "plan.operations.0.box.length" in text_of(bad) and "greater than 0" in text_of(bad)
        dangling = await session.call_tool("build_plan", {"plan": {"operations": [
            {"op": "hole", "id": "h", "target": "nothing", "diameter": 5}]}})
        assert dangling.is_error and "not an earlier operation" in text_of(dangling)

        plate = structured(await session.call_tool("build_plan", {"plan": PLATE_PLAN, "formats": ["fcstd"]}))
        assert plate["status"] == "succeeded" and plate["geometry"]["volume"] == pytest.approx(PLATE_VOLUME, rel=1e-6)

        assert {"name": "plate_length", "value": 90.0} in [{k: p[k] for k in ("name", "value")}
                                                           for p in plate["parameters"]]
        wider = structured(await session.call_tool("set_parameters", {"design_id": plate["design_id"],
                                                                      "values": {"plate_length": 120}}))
        assert wider["status"] == "succeeded" and wider["version"] == 2
        assert wider["geometry"]["bbox"] == pytest.approx([120, 70, 8], abs=1e-6)
        assert wider["geometry"]["volume"] == pytest.approx(PLATE_VOLUME + 30 * 70 * 8, rel=1e-6)
        unknown = await session.call_tool("set_parameters", {"design_id": plate["design_id"],
                                                             "values": {"plate_lenght": 100}})
        assert unknown.is_error and "plate_length" in text_of(unknown)  # names the parameters that exist

        analysis = await session.call_tool("analyze_fcstd", {"source": plate["files"]["fcstd"]})
        info = structured(analysis)
        assert not analysis.is_error and info["parameters"], text_of(analysis)
        assert any(abs(float(v) - 90) < 1e-9 for v in info["parameters"].values() if isinstance(v, int | float))

        refined = structured(await session.call_tool("refine", {"design_id": out["design_id"],
                                                                "change": "make it 30 mm thick"}))
        assert refined["version"] == 2 and refined["geometry"]["bbox"] == pytest.approx([100, 60, 30], abs=1e-6)

        listed = structured(await session.call_tool("list_designs", {}))
        assert listed["total"] == 3
        missing = await session.call_tool("get_design", {"design_id": "nope"})
        assert missing.is_error and "not_found" in text_of(missing)

        schema = json.loads((await session.read_resource("ai-designer://schema/plan")).contents[0].text)
        assert "operations" in schema["properties"]
        assert "build_plan" in (await session.read_resource("ai-designer://guide")).contents[0].text
        assert {p.name for p in (await session.list_prompts()).prompts} >= {"describe_part", "write_plan"}

    # The same store serves the REST API: the chat's part is there, with its versions and files.
    with TestClient(create_app(Settings(AI_DESIGNER_HOME=str(home), JOB_BACKEND="local"))) as client:
        body = client.get(f"/api/v1/design/{out['design_id']}").json()
        assert body["status"] == "succeeded" and body["versions"] == 2
        assert body["geometry"]["bbox"] == pytest.approx([100, 60, 30], abs=1e-6)
        assert client.get(f"/api/v1/design/{out['design_id']}/files/step?version=1").status_code == 200


async def test_stdio_cancel_rejected_prompt_and_allowed_client_code(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with stdio_session(home, ALLOW_CLIENT_CODE="true") as session:
        custom = {"op": "custom", "id": "c", "description": "a 10 mm cube", "code": "shape = Part.makeBox(10, 10, 10)"}
        allowed = structured(await session.call_tool("build_plan", {"plan": {"operations": [custom]}}))
        assert allowed["status"] == "succeeded", allowed  # built in the worker sandbox
        assert allowed["geometry"]["volume"] == pytest.approx(1000, rel=1e-9)

        rejected = await session.call_tool("design", {"prompt": "something beautiful"})
        assert rejected.is_error and structured(rejected)["status"] == "rejected"
        assert structured(rejected)["error"]["message"]
        too_long = await session.call_tool("design", {"prompt": "a 40 mm cube " * 400})
        assert too_long.is_error and "MAX_PROMPT_CHARS" in text_of(too_long)

        progress = Progress()
        executing = anyio.Event()

        async def on_progress(p: float, total: float | None, message: str | None) -> None:
            await progress(p, total, message)
            if message and message.startswith("executing"):
                executing.set()

        async def long_build() -> None:
            await session.call_tool("design", {"prompt": "a spur gear, 60 teeth, module 2, 10 mm face width, "
                                                         "8 mm bore"}, progress_callback=on_progress)

        async with anyio.create_task_group() as tg:
            tg.start_soon(long_build)
            with anyio.fail_after(60):
                await executing.wait()
            tg.cancel_scope.cancel()  # the SDK sends notifications/cancelled for the abandoned call

        listed = structured(await session.call_tool("list_designs", {}))
        gear = next(item for item in listed["items"] if "gear" in item["prompt"])
        with anyio.fail_after(30):
            while (state := structured(await session.call_tool("get_design", {"design_id": gear["design_id"]})))[
                    "status"] not in ("cancelled", "succeeded", "failed"):
                await anyio.sleep(0.2)
        assert state["status"] == "cancelled", state
        assert state["files"] == {}
