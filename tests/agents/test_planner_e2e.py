"""From a request to a built solid through the real litellm path: the scripted local model answers with the plan a
good model would write for each step-by-step request; the plan is compiled and built in real FreeCAD (in-process
job runner, same sandbox as the workers) and the solid's volume and size are checked."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from ai_designer.agents.planner import PlannerAgent
from ai_designer.core.errors import RejectedError
from ai_designer.freecad.codegen import compile_plan
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.execution import JobSpec
from ai_designer.schemas.task_graph import CADPlan

PI = math.pi


def offline(prompt: str, current: CADPlan | None = None) -> CADPlan:
    raise RejectedError(f"cannot understand {prompt!r}")


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
]


@pytest.mark.parametrize(("prompt", "answer", "volume", "bbox"), CASES, ids=["loft", "sweep", "tray", "mirror"])
def test_request_to_solid(planner_llm: ScriptedLLMServer, freecad_inprocess: object, tmp_path: Path, prompt: str,
                          answer: dict[str, Any], volume: float | None, bbox: tuple[float, float, float]) -> None:
    from ai_designer.freecad import job, sandbox

    planner_llm.enqueue_json(answer)
    out = PlannerAgent(offline=offline).execute(prompt)
    assert out.source == "llm" and prompt in planner_llm.history[0].text
    result = job.run_job(JobSpec(script=compile_plan(out.plan), out_dir=str(tmp_path), formats=[]),
                         exec_script=sandbox.exec_script)
    assert result.ok, result.error
    g = result.geometry
    assert g is not None and g.valid and g.solids == 1
    assert g.bbox == pytest.approx(bbox, abs=0.05)
    if volume is not None:
        assert g.volume == pytest.approx(volume, rel=1e-6)
