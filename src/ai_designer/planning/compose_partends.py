"""Ends, rows and edges named the way people name them (the ``part references`` block, ``semantics_partrefs.py``).

"the two long top edges" of a plain block are the edges along its longer side at the height of its top face (a
selector and a height, ``parallel_x`` at z = H); "at 20, 50 and 80 mm from one end" is a hole at each distance along
the longer side of the face they go into, from either end only when the holes are the same measured from the other
end; the ends of a turned part said as "one end" (where both ends are alike) or by their diameter ("the Ø20 end
face") are the top or the bottom of the bar standing on Z, and the turning step said of them is the one
``lathe.py`` makes for a named end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import AXIS_FACE, FACE_UV, Build, only_uses, stated_faces
from ai_designer.planning.compose_shop import end_hole
from ai_designer.planning.lathe import _revolve, end_chamfer, end_face_of, turn_down
from ai_designer.planning.locate import FACE_AXIS
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Box, Chamfer, Fillet

__all__ = ["PARTEND_ACTIONS", "end_row"]

Actions = dict[str, Callable[[Build, Clause], None]]
_EPS = 1e-6


def _long_edges(b: Build, clause: Clause) -> None:
    """"the two long top edges" of a plain block: the edges along its longer side at the height of that face."""
    only_uses(clause, {"edges", "es_action"}, set(), max_sizes=1)
    loc, action = clause.loc("edges"), clause.loc("es_action")
    assert loc is not None and action is not None
    op = next((o for o in b.ops if o.id == b.current), None)
    if not isinstance(op, Box):
        raise ambiguous("'the long top edges' are selected offline only on a plain block")
    sides = (op.length, op.width)
    if abs(sides[0] - sides[1]) < _EPS:
        raise ambiguous("the block is square seen from above: it has no long top edges")
    axis = 0 if sides[0] > sides[1] else 1
    if loc.values and int(loc.values[0]) != axis:
        raise ambiguous(f"the long edges run along {'XY'[axis]}, not along {'XY'[int(loc.values[0])]}")
    if loc.value is not None and int(loc.value) != 2:
        raise ambiguous(f"a block has 2 long edges on each face, not {int(loc.value)}")
    size = clause.sizes[0].values[0]
    if size >= min(sides) / 2 - _EPS or size >= op.height - _EPS:
        raise PlanError(f"a {size:g} mm {action.face} is too large for the {min(sides):g} x {op.height:g} mm block")
    lo, hi = b.box()
    z = hi[2] if loc.face == "long_top" else lo[2]
    edges = "parallel_" + "xy"[axis]
    if action.face == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=op.id, radius=size, edges=edges, at_z=z))  # type: ignore[arg-type]
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=op.id, size=size, edges=edges, at_z=z))  # type: ignore[arg-type]


def end_row(b: Build, clause: Clause, actions: Actions) -> None:
    """"at 20, 50 and 80 mm from one end": a hole at each distance along the part's longer side across the face the
    holes go into (from either end: the same holes both ways, checked), or from the end face named."""
    row = clause.loc("pr_end_row")
    assert row is not None
    if clause.noun is None or clause.noun.kind != "hole" or clause.noun.count not in (1, len(row.values)):
        raise ambiguous(f"{len(row.values)} distances are listed for a row of holes, one each")
    rest = [loc for loc in clause.locs if loc.kind != "pr_end_row"]
    lo, hi = b.box()
    inface = FACE_UV[_face(rest)]
    if row.face == "one":
        ext = [hi[k] - lo[k] for k in inface]
        if abs(ext[0] - ext[1]) < _EPS:
            raise ambiguous("'from one end': the face is square, so which way the row runs is not said")
        axis = inface[0] if ext[0] > ext[1] else inface[1]
        length = hi[axis] - lo[axis]
        if sorted(round(v, 6) for v in row.values) != sorted(round(length - v, 6) for v in row.values):
            raise ambiguous("'from one end': the holes differ measured from the other end — say which end")
        at = [lo[axis] + v for v in row.values]
    else:
        axis, side = FACE_AXIS[row.face or ""]
        if axis not in inface:
            raise ambiguous(f"the {row.face} end is not across the face the holes go into")
        at = [hi[axis] - v if side > 0 else lo[axis] + v for v in row.values]
    if any(not lo[axis] < x < hi[axis] for x in at):
        raise PlanError("a hole of the row is off the part")
    b.assumptions.append(f"holes: {len(at)} along {'XYZ'[axis]}, measured to their centres")
    noun = replace(clause.noun, count=1)
    for x in at:
        actions["cut"](b, replace(clause, action="cut", noun=noun, locs=[*rest, Loc("coord", axes=(axis,), value=x)]))


def _face(locs: list[Loc]) -> str:
    """The face the holes go into: the one said, or the one their direction enters (top when none is said)."""
    probe = Clause("cut", locs=locs)
    faces = stated_faces(probe) + [AXIS_FACE[loc.axes[0]] for loc in locs if loc.kind == "direction_axis"]
    if len(set(faces)) > 1:
        raise ambiguous("the holes are given two directions")
    return faces[0] if faces else "top"




def _ends(b: Build) -> tuple[float, float]:
    """The diameters of the bottom and top ends of the turned bar standing on Z."""
    _, contour = _revolve(b, allow_axial_holes=True)
    return 2 * contour[0][0], 2 * contour[-1][0]


def _end(b: Build, loc: Loc) -> str:
    """The end face a turning step names: "one end" (both alike), or the end of that diameter."""
    if loc.face == "one":
        return end_face_of(b, "one")
    bottom, top = _ends(b)
    d = float(loc.value or 0.0)
    hits = [face for face, dia in (("bottom", bottom), ("top", top)) if abs(dia - d) < _EPS]
    if not hits:
        raise ambiguous(f"neither end of the part is Ø{d:g} (they are Ø{bottom:g} and Ø{top:g})")
    if len(hits) == 2:
        b.assumptions.append(f"the Ø{d:g} end: the top of the bar (both ends are Ø{d:g})")
    return hits[-1]


def _lathe_end(b: Build, clause: Clause) -> None:
    """A turning step at an end named by its place or its diameter (``semantics_partrefs.pr_turn_end`` …)."""
    loc = clause.locs[0]
    if loc.kind == "turn":
        turn_down(b, loc.values[0], loc.values[1], "one")
    elif loc.kind == "hole":
        end_hole(b, loc.values[0], loc.values[1], "one" if loc.face == "one" else _end(b, loc))
    elif loc.face == "both":
        if loc.value is not None:  # "(the small end and the big end)": the ends differ
            bottom, top = _ends(b)
            if abs(bottom - top) < _EPS:
                raise ambiguous("'the small end and the big end', but both ends are the same size")
        end_chamfer(b, loc.values[0], "both")
    else:
        end_chamfer(b, loc.values[0], _end(b, loc))


PARTEND_ACTIONS: Actions = {"pr_long_edges": _long_edges, "pr_lathe_end": _lathe_end}
