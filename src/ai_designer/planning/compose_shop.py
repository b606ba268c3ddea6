"""Composition of shop wording: turning steps on a round bar (see ``lathe.py``).

Each turning clause carries one location term naming the step; ``lathe_action`` dispatches it.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.cuts_compose import cut
from ai_designer.planning.lathe import (
    END_FACE,
    end_chamfer,
    end_face_of,
    keyway,
    lathe_check_length,
    lathe_groove,
    lathe_section,
    turn_down,
    turned_body,
)
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun
from ai_designer.schemas.task_graph import Boolean, Box, Chamfer, Fillet, Hole, Placement, Points, Tube

__all__ = ["finish_facts", "finish_lathe", "lathe_action", "shop_fact"]


def lathe_action(b: Build, clause: Clause) -> None:
    """One turning step (see ``lathe.py``); the clause carries exactly one ``Loc`` saying which."""
    loc = clause.locs[0]
    if loc.kind == "overall":
        b.lathe_length = loc.value
    elif loc.kind == "section":
        if (loc.face == "W_FIRST") != (b.current is None):
            raise ambiguous("the first section of a turned part is 'for the first …', the others 'the next …'")
        lathe_section(b, *loc.values)
    elif loc.kind == "turn_down":
        turn_down(b, loc.values[0], loc.values[1], loc.face or "one")
    elif loc.kind == "collar":
        collar(b, *loc.values)
    elif loc.kind == "radial_hole":
        radial_hole(b, float(loc.value or 0.0), loc.values[0] if loc.values else None)
    elif loc.kind == "top_face_edges":
        top_face_edges(b, loc.face or "", float(loc.value or 0.0), int(loc.values[0]))
    elif loc.kind == "keyway":
        width, depth, length, start = loc.values
        keyway(b, width, depth, length, start, loc.face or "one")
    elif loc.kind == "flats":
        mill_flats(b, float(loc.value or 0.0))
    elif loc.kind == "flats_hole":
        flats_cross_hole(b, float(loc.value or 0.0))
    elif loc.kind == "end_hole":
        end_hole(b, loc.values[0], loc.values[1], loc.face or "")
    elif loc.kind == "groove":
        lathe_groove(b, loc.values[0], loc.values[1], loc.values[2], loc.face or "one")
    else:
        end_chamfer(b, float(loc.value or 0.0), loc.face or "both")


def end_hole(b: Build, d: float, depth: float, end: str) -> None:
    """A hole on the axis of a turned part, into the named end (a blind depth as stated)."""
    if end not in END_FACE and end not in ("small", "large"):
        raise ambiguous(f"the '{end}' end of a bar: say the left or the right end")
    turned_body(b)
    face = end_face_of(b, end)
    b.assumptions.append(f"the {end} end: the {face} of the bar (standing on Z)")
    cut(b, Clause("cut", noun=Noun("hole", measures=[Measure("diameter", d), Measure("depth", depth)]),
                  locs=[Loc("face", face=face), Loc("centre")]))


def mill_flats(b: Build, across: float) -> None:
    """Two flats normal to X on a round bar standing on Z, ``across`` apart, its full length: the bar is kept
    between two planes (an intersection with a block as wide as the flats are apart)."""
    turned_body(b)
    lo, hi = b.box()
    dia = hi[0] - lo[0]
    if not 0 < across < dia:
        raise PlanError(f"flats {across:g} across do not cut a Ø{dia:g} bar")
    keep = Box(id=b.new_id("between_flats"), length=across, width=hi[1] - lo[1] + 2.0, height=hi[2] - lo[2] + 2.0,
               placement=Placement(at=((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2] - 1.0)))
    b.add(keep, becomes_current=False)
    b.assumptions.append(f"flats: two, {across:g} mm across, normal to X, the full length of the bar")
    b.add(Boolean(id=b.new_id("flats"), kind="intersect", base=b.current or "", tools=[keep.id]))


def flats_cross_hole(b: Build, d: float) -> None:
    """A hole through the flats (along X) at the middle of the bar's length."""
    if not any(isinstance(op, Boolean) and op.id.startswith("flats") for op in b.ops):
        raise ambiguous("'square to the flats': there are no flats on the part")
    cut(b, Clause("cut", noun=Noun("hole", measures=[Measure("diameter", d)]),
                  locs=[Loc("through"), Loc("direction_axis", axes=(0,)), Loc("centre", axes=(1, 2))]))


def top_face_edges(b: Build, action: str, size: float, count: int) -> None:
    """"the four edges around the top face" of a block (which may carry holes): the outer edges of its top."""
    op = next((o for o in b.ops if o.id == b.current), None)
    while isinstance(op, Hole):
        op = next((o for o in b.ops if o.id == op.target), None)
    if not isinstance(op, Box) or count != 4 or op.placement != Placement():
        raise ambiguous(f"'the {count} edges around the top face' are selected offline on a block (with holes) only")
    edge_op = Fillet if action == "fillet" else Chamfer
    params = {"radius": size} if action == "fillet" else {"size": size}
    b.add(edge_op(id=b.new_id(action), target=b.current or "", edges="top_outer", **params))  # type: ignore[arg-type]


def collar(b: Build, od: float, bore: float, width: float) -> None:
    if b.current is not None:
        raise ambiguous("a collar after another body: describe one part")
    if bore >= od:
        raise PlanError(f"a Ø{bore:g} bore does not fit a Ø{od:g} collar")
    b.add(Tube(id=b.new_id("collar"), outer_diameter=od, inner_diameter=bore, height=width))


def radial_hole(b: Build, d: float, width: float | None = None) -> None:
    """A hole from the outside (+X) into the bore of a collar, at mid-width: it stops at the axis, so it cuts
    one wall only. ``width``: "in the middle of the 12 mm width", checked against the collar."""
    op = next((o for o in b.ops if o.id == b.current), None)
    if not isinstance(op, Tube) or op.placement != Placement() or d >= op.height:
        raise ambiguous("a radial hole 'through one wall' is read offline on a plain collar or tube only")
    if width is not None and abs(width - op.height) > 1e-6:
        raise ambiguous(f"the middle of the {width:g} mm width, but the collar is {op.height:g} wide")
    b.assumptions.append("radial hole: in the +X side, at mid-width, from the outside into the bore")
    b.add(Hole(id=b.new_id("hole"), target=op.id, diameter=d, depth=op.outer_diameter / 2, face="right",
               at=Points(points=[(0.0, 0.0)])))


def finish_lathe(b: Build) -> None:
    """"overall length 50": checked once every section is on."""
    lathe_check_length(b, b.lathe_length)


def shop_fact(b: Build, clause: Clause) -> None:
    """"no holes", "sharp corners": facts about the finished part, checked by ``finish_facts``."""
    b.facts.extend(loc.kind for loc in clause.locs)


def finish_facts(b: Build) -> None:
    """A fact said of the part that the plan does not satisfy refuses the prompt (it is never dropped)."""
    if "no_holes" in b.facts and any(isinstance(op, Hole) or (isinstance(op, Boolean) and op.kind == "cut")
                                     for op in b.ops):
        raise ambiguous("'no holes', but the part has a hole or a cut")
    if "sharp_corners" in b.facts and any(isinstance(op, Fillet) and op.edges in ("vertical", "all") for op in b.ops):
        raise ambiguous("'sharp corners', but the corners are rounded")
    if "no_radius" in b.facts and any(isinstance(op, Fillet) for op in b.ops):
        raise ambiguous("'no radius', but the part has a fillet")
    for fact in b.facts:
        b.assumptions.append({"no_holes": "no holes (checked)", "sharp_corners": "sharp corners (checked)",
                              "one_piece": "one solid (checked when built)", "no_radius": "no rounded edges (checked)"}[fact])
