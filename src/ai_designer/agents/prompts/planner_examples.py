"""Worked examples for the planner prompt: one short plan (or operation) per family of operations.

Each entry is ``(title, JSON value)``; a full plan has ``operations``, a fragment is one operation. The planner prompt
prints them as compact JSON; a test checks that every plan compiles and every fragment validates.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXAMPLES"]

EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("Plate with a post (placed primitive, union)", {
        "name": "plate_post", "operations": [
            {"op": "box", "id": "plate", "length": 80, "width": 50, "height": 6},
            {"op": "cylinder", "id": "post", "diameter": 12, "height": 20, "placement": {"at": [20, 0, 6]}},
            {"op": "boolean", "id": "part", "kind": "union", "base": "plate", "tools": ["post"]}],
        "intent": {"bbox": [80, 50, 26]}}),
    ("Flange: bore, 6 counterbored holes on a 75 mm circle (features chain)", {
        "name": "flange", "operations": [
            {"op": "cylinder", "id": "disc", "diameter": 100, "height": 10},
            {"op": "hole", "id": "bore", "target": "disc", "diameter": 30},
            {"op": "hole", "id": "bolts", "target": "bore", "diameter": 8, "kind": "counterbore",
             "cbore_diameter": 14, "cbore_depth": 4, "at": {"kind": "polar", "count": 6, "diameter": 75}}],
        "intent": {"bbox": [100, 100, 10], "holes": 7}}),
    ("Round corners, a slot, chamfer only the slot's top edges", {
        "name": "slotted", "operations": [
            {"op": "box", "id": "base", "length": 60, "width": 40, "height": 8},
            {"op": "fillet", "id": "corners", "target": "base", "radius": 5, "edges": "vertical"},
            {"op": "pocket", "id": "slot", "target": "corners", "profile": {"shape": "slot", "length": 30, "width": 8}},
            {"op": "chamfer", "id": "slot_edges", "target": "slot", "size": 1, "edges": "top", "created_by": "slot"}],
        "intent": {"bbox": [60, 40, 8]}}),
    ("Step-down 2 deep, 5 mm in from the outline", {
        "op": "pocket", "id": "step", "target": "corners", "profile": {"shape": "outline", "offset": -5}, "depth": 2}),
    ("Knob revolved about Z", {
        "op": "revolve", "id": "knob", "points": [[0, 0], [15, 0], [15, 5], [8, 12], [0, 12]]}),
    ("Round-to-square adapter", {
        "op": "loft", "id": "adapter", "ruled": True, "sections": [
            {"profile": {"shape": "circle", "diameter": 40}, "z": 0},
            {"profile": {"shape": "rectangle", "length": 30, "width": 30}, "z": 25}]}),
    ("Handle: round bar bent 180 degrees", {
        "op": "sweep", "id": "handle", "profile": {"shape": "circle", "diameter": 8},
        "path": {"kind": "arc", "radius": 30, "angle": 180}}),
    ("Symmetric part from a half on +X", {"op": "mirror", "id": "both", "target": "half", "plane": "YZ"}),
]
