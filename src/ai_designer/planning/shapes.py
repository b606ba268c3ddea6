"""Builders for bodies: primitives and standard parts, each from a phrase's slots.

Every builder follows the task-graph conventions (bodies rest on XY, centred on Z) and records the assumptions it
makes. A required size that is missing raises :class:`RejectedError` naming it; an impossible one :class:`PlanError`.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.finishing import open_faces
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.primitives import box, cone, prism, round_body, sphere, thread_size, torus
from ai_designer.planning.standard_parts import STANDARD_BUILDERS
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Cylinder,
    Operation,
    Placement,
    Shell,
    Sphere,
    Torus,
    Transform,
)

__all__ = ["build_shape"]


def _square_bar(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    body = round_body(ctx, ph, "rod")
    assert isinstance(body, Cylinder)
    ctx.assume("square bar: side = the size given, standing along Z")
    return Box(id=body.id, length=body.diameter, width=body.diameter, height=body.height)


BUILDERS: dict[str, Callable[[Ctx, Phrase, str], Operation]] = {
    "box": box, "cube": box, "plate": box, "bar": box, "cylinder": round_body, "rod": round_body, "disc": round_body,
    "sphere": sphere, "hemisphere": sphere, "cone": cone, "torus": torus, "prism": prism, "square_bar": _square_bar,
    **STANDARD_BUILDERS,
}


def _kind(ctx: Ctx, ph: Phrase) -> str:
    """The builder a shape phrase needs: the noun, refined by what the phrase says ("hexagonal plate" -> prism)."""
    kind = (ph.head or "shape:box").split(":", 1)[1]
    if kind in ("box", "plate", "bar", "cube", "cylinder", "disc") and any(
            w in ph.text.split() for w in ("triangular", "pentagonal", "hexagonal", "hexagon", "octagonal")):
        kind = "prism"  # "a hexagonal plate 30 mm across flats, 5 thick"
    if kind in ("rod", "cylinder") and "square" in ph.text.split():
        kind = "square_bar"  # "a square rod 10 mm, 100 long"
    if kind in ("cylinder", "rod", "disc") and ph.slots.get("id") and (ph.slots.get("od") or ph.slots.get("diameter")):
        kind = "tube"  # "a cylinder 80 mm OD, 40 mm ID, 20 mm long"
    if kind in ("box", "cube") and ph.slots.get("wall") and (ph.has("mod:open") or ph.has("mod:closed")):
        kind = "tray" if ph.has("mod:open") else "hollow_box"  # "box 120x80x50 open top 2.5 wall"
    if kind == "bar" and (ph.slots.get("diameter") or ph.slots.get("radius")):
        kind = "rod"
    if kind == "ring" and (ph.has("shape:torus") or (ctx.slot(ph, "tube") is not None)):
        kind = "torus"
    if kind == "washer" and not ph.slots.get("id") and not thread_size(ctx, ph) and ctx.slot(ph, "od") is not None \
            and not ph.free:
        raise PlanError("washer: give the inner diameter, e.g. '16 mm OD, 8.4 mm ID, 1.6 mm thick' or 'an M8 washer'")
    if kind in ("tube", "rect_tube", "ring", "washer", "spacer", "standoff") and ph.has("mod:closed"):
        raise reject(f"a {kind} closed at an end is a cup or a hollow body: say e.g. 'a cup 30 mm OD, 50 mm tall, "
                     "2 mm walls' or 'a hollow box … with 2 mm walls'")
    return kind


def _hollowed(ctx: Ctx, ph: Phrase, op: Operation, kind: str) -> Operation:
    """"a hollow cube with 2 mm walls": shell the body (a sphere is hollowed by cutting a concentric sphere)."""
    wall = ctx.need(ctx.slot(ph, "wall", "thickness"), f"the hollow {kind}'s wall thickness",
                    f"a hollow {kind} with 2 mm walls")
    if any(t.concept == "dim:id" for t in ph.toks):  # walls are cut inwards from the size given: it is the outside
        raise reject(f"'{ph.text}': give the outside size of a hollow {kind} (its walls go inwards)")
    ctx.add(op)
    faces = open_faces(ph, named=False) if kind not in ("sphere", "hemisphere") else []
    ctx.assume(f"hollow {kind}: {'open at the ' + ' and '.join(faces) if faces else 'closed'}, {wall:g} mm "
               "walls inwards")
    if isinstance(op, Sphere) and not op.hemisphere:
        if 2 * wall >= op.diameter:
            raise PlanError(f"{wall:g} mm walls leave nothing inside a {op.diameter:g} mm sphere")
        void = ctx.add(Sphere(id=ctx.new_id("void"), diameter=op.diameter - 2 * wall,
                              placement=Placement(at=(0, 0, wall))), body=False)
        return Boolean(id=ctx.new_id("hollow"), kind="cut", base=op.id, tools=[void.id])
    return Shell(id=ctx.new_id("shell"), target=op.id, thickness=wall, open_faces=faces)  # type: ignore[arg-type]


def _stacked(ctx: Ctx, ph: Phrase, op: Operation, prev: str) -> Operation:
    """Join the new body on top of / under the previous one, centred (or flush with a named side)."""
    prev_op = next((o for o in ctx.ops if o.id == prev), None)
    if any(isinstance(o, (Sphere, Torus)) and not getattr(o, "hemisphere", False) for o in (op, prev_op)):
        raise reject("a ball or ring stacked on another body touches it in a point or a line: the part would "
                     "fall apart into separate solids")
    ctx.add(op)
    est_prev, est_new = ctx.est(prev), ctx.est(op.id)
    z = est_prev.hi[2] - est_new.lo[2] if ph.rel == "on_top" else est_prev.lo[2] - est_new.hi[2]
    cx = (est_prev.lo[0] + est_prev.hi[0]) / 2 - (est_new.lo[0] + est_new.hi[0]) / 2
    cy = (est_prev.lo[1] + est_prev.hi[1]) / 2 - (est_new.lo[1] + est_new.hi[1]) / 2
    sides = ph.family("face")
    if "left" in sides:  # "… on top at the left end": flush with that side
        cx = est_prev.lo[0] - est_new.lo[0]
    elif "right" in sides:
        cx = est_prev.hi[0] - est_new.hi[0]
    if "front" in sides:
        cy = est_prev.lo[1] - est_new.lo[1]
    elif "back" in sides:
        cy = est_prev.hi[1] - est_new.hi[1]
    if any(f in sides for f in ("left", "right", "front", "back")):
        ctx.assume(f"{op.id}: flush with the {'/'.join(f for f in sides if f in ('left', 'right', 'front', 'back'))} "
                   f"side of {prev}")
    tool = op.id
    if hasattr(op, "placement"):
        op.placement = Placement(at=(cx, cy, z))
    else:
        tool = ctx.add(Transform(id=ctx.new_id("moved"), target=op.id, placement=Placement(at=(cx, cy, z)))).id
    ctx.junction_z = est_prev.hi[2] if ph.rel == "on_top" else est_prev.lo[2]
    ctx.stack_dir = ph.rel
    ctx.assume(f"{op.id}: {'on top of' if ph.rel == 'on_top' else 'under'} {prev}, centred")
    return Boolean(id=ctx.new_id("union"), kind="union", base=prev, tools=[tool])


def build_shape(ctx: Ctx, ph: Phrase) -> Operation:
    """Add the body a shape phrase describes; stack it on/under the current body when the phrase says so."""
    kind = _kind(ctx, ph)
    prev = ctx.current
    plural = ph.head_tok is not None and ph.head_tok.text.endswith("s") and not ph.head_tok.text.endswith(("us", "ss"))
    if (ph.count or 1) > 1 or plural:  # "two 40 mm cubes side by side": one phrase, several bodies
        raise reject(f"'{ph.text}' describes several bodies in one phrase: describe each body and where it sits "
                     "(e.g. 'a 40 mm cube, and a second 40 mm cube joined to its right face')")
    if prev is not None and ph.has("pos:corners"):  # "a 20 mm cube on top, at one corner": which corner, flush how
        raise reject(f"'{ph.text}': say where on the part it sits (e.g. 'on top, flush with the left and front "
                     "faces')")
    op = BUILDERS[kind](ctx, ph, kind)
    if ph.has("mod:hollow") and kind in ("sphere", "cube", "box", "cylinder", "prism", "cone", "hemisphere"):
        op = _hollowed(ctx, ph, op, kind)
    if prev is not None and ph.rel in ("on_top", "under"):
        return _stacked(ctx, ph, op, prev)
    return op
