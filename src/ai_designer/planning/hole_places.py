"""Where a hole goes in and whether it lands on material: the face it enters ("from underneath", "in one end",
"along X"), and refusals for holes that would vanish inside an earlier hole or break into a tube's bore."""

from __future__ import annotations

import re
from typing import Any

from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.finishing import face_for, named_faces
from ai_designer.planning.intent import Est
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import Cone, Cylinder, Hole, PolarPattern, Sphere, Torus, Tube

__all__ = ["hole_face_depth", "not_inside_earlier", "on_tube_wall", "base_body", "ROUND_BODIES"]

ROUND_BODIES = (Cylinder, Tube, Cone, Sphere, Torus)


_END_FACE = re.compile(r"\b(in|on|through|into|at) (one|the|either) end\b(?! of)")
_LENGTHWISE = re.compile(r"\bthrough (its|the) (whole |full |entire )?length\b")  # along the long direction
_DRILL_DIRS = {"front to back", "left to right", "along x", "along y", "along the x axis", "along the y axis",
               "x direction", "y direction", "in x", "in y", "parallel to x", "parallel to y"}
_LONG_WORDS = {"along its length", "along the length", "lengthwise", "end to end", "longitudinal", "full length",
               "the full length"}
_OPPOSITE = [{"top", "bottom"}, {"front", "back"}, {"left", "right"}]


def hole_face_depth(ctx: Ctx, ph: Phrase, est: Est) -> tuple[str, float | None]:
    """The face a hole enters (a hole "along X" enters the right face) and its stated depth."""
    face = face_for(ctx, ph)
    named = {f for f in named_faces(ph) if f != "side"}
    if len(named) > 1 and named not in _OPPOSITE:  # "a hole on the front face … and another on the right face"
        raise reject(f"one hole phrase names the {' and the '.join(sorted(named))} faces in '{ph.text}': describe "
                     "each hole with its own size and face (e.g. 'a 10 mm hole in the front face and a 10 mm hole in "
                     "the right face')")
    dirs = {t.concept for t in ph.toks if t.concept in ("mod:along_x", "mod:along_y") and t.text in _DRILL_DIRS}
    if len(dirs) > 1:  # "a hole from front to back … another one from left to right": one phrase, two holes
        raise reject(f"'{ph.text}' drills in two directions: describe each hole with its own size")
    if named_faces(ph) or dirs:  # "from the side", "from front to back" ("off to one side" places nothing)
        ph.asked.update(("mod:along_x", "mod:along_y"))
        for t in ph.toks:
            if t.concept == "mod:from" and t.text == "from":
                t.slot = "read"
    if not named and dirs:  # "through it from front to back": the hole runs along Y, it enters the front face
        face = "right" if "mod:along_x" in dirs else "back"
    elif not named and (_END_FACE.search(ph.text) or _LENGTHWISE.search(ph.text)):  # "in one end": the end face
        ph.asked.add("side:short")
        ph.mark("dim:length")
        size = est.size
        round_body = isinstance(base_body(ctx, ctx.current), (Tube, Cylinder))
        end = _END_FACE.search(ph.text)
        if end and end.group(1) in ("at", "on") and not round_body and not ctx.slot(ph, "depth"):
            raise reject(f"'{end.group(0)}' in '{ph.text}': into the end face, or down through the part near that "
                         "end? (say 'in the end face' or '15 mm from one end')")
        axis = 2 if round_body else max(range(3), key=lambda i: size[i])
        face = ("right", "back", "top")[axis]
        ctx.assume(f"'one end' read as the {face} end face (the part's long direction is {'XYZ'[axis]})")
    elif not named_faces(ph) and ("axis" in ph.text or ph.text.endswith((" x", " y"))) \
            and (ph.has("mod:along_x") or ph.has("mod:along_y")):
        face = "right" if ph.has("mod:along_x") else "back"
    if face == "top" and est.size[2] >= max(est.size[0], est.size[1]) - 1e-9:
        for t in ph.toks:  # "a hole along its length" of a standing part: down its axis, as built
            if t.concept == "mod:along_x" and t.text in _LONG_WORDS:
                t.slot = "read"
    depth = ctx.slot(ph, "depth")
    words = ph.text.split()
    if depth is None and face not in ("top", "bottom") and any(isinstance(op, Tube) for op in ctx.ops) \
            and "one" in words and any(w in words for w in ("side", "wall")):
        depth = est.thickness(face) * 0.3  # "a hole through one side" of a tube: one wall, into the bore
        ph.asked.add("mod:through")
        ctx.assume(f"hole through one wall of the tube: {depth:g} mm deep from the {face} face (into the bore)")
    return face, depth


def not_inside_earlier(ctx: Ctx, face: str, at: Any, d: float, depth: float | None) -> None:
    """"a 10 mm hole and another 6 mm hole": both centred, the second would vanish inside the first — a feature that
    removes nothing is a dropped feature, so refuse and ask where it goes."""
    here = sorted(at.resolve())
    for op in ctx.ops:
        if isinstance(op, Hole) and op.face == face and op.diameter >= d and op.depth is None \
                and sorted(op.at.resolve()) == here:
            raise reject(f"a {d:g} mm hole at the same place as the {op.diameter:g} mm hole '{op.id}' would remove "
                         "nothing: say where it goes (e.g. '20 mm to the left of the centre')")


def base_body(ctx: Ctx, target: str | None) -> Any:
    """The body the features up to ``target`` were made on (a tube's holes and pockets lead back to the tube)."""
    by_id: dict[str, Any] = {op.id: op for op in ctx.ops}
    body = by_id.get(target or "")
    while body is not None and getattr(body, "target", None) in by_id:
        body = by_id[body.target]
    return body


def on_tube_wall(ctx: Ctx, target: str | None, face: str, at: Any) -> None:
    """Holes into the end face of a tube or ring sit on its wall only when placed on a circle: a row or grid laid out
    over the bounding box would break into the bore ("two holes through the rim opposite each other")."""
    body = base_body(ctx, target)
    if isinstance(body, Tube) and face in ("top", "bottom") and not isinstance(at, PolarPattern):
        raise reject(f"holes in the end face of the {body.id} must sit on its wall: give them a circle (e.g. "
                     f"'on a {(body.outer_diameter + body.inner_diameter) / 2:g} mm circle, equally spaced')")
