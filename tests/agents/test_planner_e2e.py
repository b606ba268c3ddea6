"""From a request to a built solid through the real litellm path: the scripted local model answers with the plan a
good model would write for each step-by-step request; the plan is compiled and built in real FreeCAD (in-process
job runner, same sandbox as the workers) and the solid's volume and size are checked."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from ai_designer.agents.contracts import PlanRequest
from ai_designer.agents.planner import PlannerAgent
from ai_designer.core.errors import RejectedError
from ai_designer.freecad.codegen import compile_plan
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.execution import JobSpec
from ai_designer.schemas.task_graph import CADPlan

PI = math.pi


def offline(prompt: str, current: CADPlan | None = None) -> CADPlan:
    raise RejectedError(f"cannot understand {prompt!r}")


GRID = {"kind": "grid", "count_x": 2, "count_y": 2, "spacing_x": 60, "spacing_y": 30}


def circle(d: float) -> dict[str, Any]:
    return {"shape": "circle", "diameter": d}


CASES = [
    ("1) Round-to-square adapter: 40 mm circle at the bottom, 30 mm square 25 mm higher, straight sides.",
     {"name": "adapter", "operations": [{"op": "loft", "id": "adapter", "ruled": True, "sections": [
         {"profile": circle(40), "z": 0}, {"profile": {"shape": "rectangle", "length": 30, "width": 30}, "z": 25}]}],
      "intent": {"bbox": [40, 40, 25]}},
     None, (40, 40, 25)),
    ("1) 10 mm round bar 2) bent through 90 degrees on a 50 mm radius.",
     {"name": "elbow", "operations": [{"op": "sweep", "id": "elbow", "profile": circle(10),
                                       "path": {"kind": "arc", "radius": 50, "angle": 90}}]},
     PI * 25 * 50 * PI / 2, (55, 10, 55)),
    ("1) Plate 60 x 40 x 8 2) 6 mm corner radius 3) 2 mm step-down 5 mm in from the edge 4) 30 x 8 slot through "
     "5) 1 mm chamfer on the slot's top edges.",
     {"name": "tray", "operations": [
         {"op": "box", "id": "plate", "length": 60, "width": 40, "height": 8},
         {"op": "fillet", "id": "corners", "target": "plate", "radius": 6, "edges": "vertical"},
         {"op": "pocket", "id": "step", "target": "corners", "profile": {"shape": "outline", "offset": -5}, "depth": 2},
         {"op": "pocket", "id": "slot", "target": "step", "profile": {"shape": "slot", "length": 30, "width": 8}},
         {"op": "chamfer", "id": "bevel", "target": "slot", "size": 1, "edges": "circular", "created_by": "slot"}]},
     None, (60, 40, 8)),
    ("1) Half bracket: 30 x 20 x 5 block from x = 0 to 30 2) 8 mm hole in its middle 3) mirror it about YZ.",
     {"name": "bracket", "operations": [
         {"op": "box", "id": "half", "length": 30, "width": 20, "height": 5, "placement": {"at": [15, 0, 0]}},
         {"op": "hole", "id": "hole", "target": "half", "diameter": 8},
         {"op": "mirror", "id": "both", "target": "hole", "plane": "YZ"}]},
     2 * (30 * 20 * 5 - PI * 16 * 5), (60, 20, 5)),
    ("1) Plate 80 x 50 x 10 2) four 6.6 mm holes 60 x 30 apart 3) counterbore those holes 11 mm, 6.5 deep.",
     {"name": "plate", "operations": [
         {"op": "box", "id": "plate", "length": 80, "width": 50, "height": 10},
         {"op": "hole", "id": "holes", "target": "plate", "diameter": 6.6, "at": GRID},
         {"op": "hole", "id": "cbores", "target": "holes", "diameter": 6.6, "kind": "counterbore",
          "cbore_diameter": 11, "cbore_depth": 6.5, "at": GRID}]},
     80 * 50 * 10 - 4 * PI * 3.3 ** 2 * 10 - 4 * PI * (5.5 ** 2 - 3.3 ** 2) * 6.5, (80, 50, 10)),
    ("1) Link bar 100 x 20 x 8 2) fully rounded ends (R10) 3) two 8 mm holes 80 mm apart.",
     {"name": "link", "operations": [
         {"op": "box", "id": "bar", "length": 100, "width": 20, "height": 8},
         {"op": "hole", "id": "holes", "target": "bar", "diameter": 8,
          "at": {"kind": "linear", "count": 2, "spacing": 80}},
         {"op": "fillet", "id": "ends", "target": "holes", "radius": 10, "edges": "vertical"}]},
     (80 * 20 + PI * 100) * 8 - 2 * PI * 16 * 8, (100, 20, 8)),
    ("1) A 40 x 30 rectangle grown by 3 mm all round 2) extruded 5 mm.",
     {"name": "pad", "operations": [{"op": "extrude", "id": "pad", "height": 5, "profile": {
         "shape": "offset", "profile": {"shape": "rectangle", "length": 40, "width": 30}, "offset": 3}}]},
     (1200 + 140 * 3 + PI * 9) * 5, (46, 36, 5)),
    ("1) Head d30 x 10 2) shank d12 x 20 on top 3) 5 mm bore 10 deep in the top 4) 1 mm chamfer on the shank's top "
     "outer edge.",
     {"name": "pin", "operations": [
         {"op": "cylinder", "id": "head", "diameter": 30, "height": 10},
         {"op": "cylinder", "id": "shank", "diameter": 12, "height": 20, "placement": {"at": [0, 0, 10]}},
         {"op": "boolean", "id": "pin", "kind": "union", "base": "head", "tools": ["shank"]},
         {"op": "hole", "id": "bore", "target": "pin", "diameter": 5, "depth": 10},
         {"op": "chamfer", "id": "bevel", "target": "bore", "size": 1, "edges": "top_outer", "created_by": "shank"}]},
     PI * 225 * 10 + PI * 36 * 20 - PI * 6.25 * 10 - PI * (6 - 1 / 3), (30, 30, 30)),
    ("1) Compression spring: 2 mm wire 2) coil diameter 20 3) pitch 5 4) 15 mm long.",
     {"name": "spring", "operations": [{"op": "sweep", "id": "spring", "profile": circle(2), "frenet": True,
                                        "path": {"kind": "helix", "diameter": 20, "pitch": 5, "height": 15}}]},
     PI * 3 * math.hypot(PI * 20, 5), (22, 22, 17)),
    ("1) Base 40 x 40 x 10 2) post d10 x 20 on top 3) 2 mm fillet where the post meets the base.",
     {"name": "post", "operations": [
         {"op": "box", "id": "base", "length": 40, "width": 40, "height": 10},
         {"op": "cylinder", "id": "post", "diameter": 10, "height": 20, "placement": {"at": [0, 0, 10]}},
         {"op": "boolean", "id": "joined", "kind": "union", "base": "base", "tools": ["post"]},
         {"op": "fillet", "id": "root", "target": "joined", "radius": 2, "edges": "concave", "created_by": "post"}]},
     16000 + PI * 25 * 20 + 2 * PI * (5 + (10 - 3 * PI) / (3 * (4 - PI)) * 2) * (1 - PI / 4) * 4, (40, 40, 30)),
]


@pytest.mark.parametrize(("prompt", "answer", "volume", "bbox"), CASES, ids=["loft", "sweep", "tray", "mirror", "cbore",
                                                                    "full_round", "offset", "shank", "spring", "root"])
def test_request_to_solid(planner_llm: ScriptedLLMServer, freecad_inprocess: object, tmp_path: Path, prompt: str,
                          answer: dict[str, Any], volume: float | None, bbox: tuple[float, float, float]) -> None:
    from ai_designer.freecad import job, sandbox

    planner_llm.enqueue_json(answer)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt=prompt))
    assert out.source == "llm" and prompt in planner_llm.history[0].text
    result = job.run_job(JobSpec(script=compile_plan(out.plan), out_dir=str(tmp_path), formats=[]),
                         exec_script=sandbox.exec_script)
    assert result.ok, result.error
    g = result.geometry
    assert g is not None and g.valid and g.solids == 1
    assert g.bbox == pytest.approx(bbox, abs=0.05 if answer["name"] != "spring" else 1.5)  # a helix box is loose
    if volume is not None:
        assert g.volume == pytest.approx(volume, rel=1e-6 if answer["name"] != "spring" else 1e-3)
