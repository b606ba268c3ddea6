"""Step sequences that refer to earlier steps: what ``semantics_steps.py`` marked, resolved against the clauses before
and the part so far.

``prepare`` runs over the clauses before composition: a direction said again in brackets ("(along Y)") is compared
with the clause's own, "a side hole" / "centred on the side face" take the side the direction names, and "another …"
copies the hole made just before (its size, depth and direction, unless said again) to the position the words give.
During composition, "on top of that" is checked to be the top of the part, "the edge where the cylinder meets the
plate" selects the concave edges on the body joined last (``created_by``), and "union them" checks that the bodies
are joined. Whatever does not fit is refused, never dropped — and finally (the words were all read, so no other
reading is tried), except a side the words do not name.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import AXIS_FACE, FACE_UV, PLACE, Build
from ai_designer.planning.hole_patterns import PATTERN_LOCS
from ai_designer.planning.intent import estimate
from ai_designer.planning.locate import FACE_AXIS
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Cone,
    Cylinder,
    Fillet,
    Operation,
    Prism,
    Sphere,
)

__all__ = ["STEP_ACTIONS", "before_step", "junction_edge", "prepare"]

_BODY_OPS = (Box, Cylinder, Prism, Cone, Sphere)
_SHAPE_OP = {"cylinder": Cylinder, "box": Box, "cube": Box, "plate": Box, "bar": Box, "sphere": Sphere,
             "hemisphere": Sphere, "cone": Cone}
_DIRECTION = {"direction_axis", "face"}
_DEPTH = {"through", "blind"}
_COPIED = {"cbore", "part_axis"}


def _direction(clause: Clause) -> int | None:
    """The axis a cut runs along, from its direction or the face it enters (None: not said)."""
    loc = clause.loc("direction_axis")
    if loc is not None and loc.face != "long":
        return loc.axes[0]
    faces = [lc.face for lc in clause.locs if lc.kind == "face" and lc.face in FACE_AXIS]
    return FACE_AXIS[faces[0]][0] if faces else None


def _restated(clause: Clause) -> Clause:
    """"(along Y)": the clause's own direction when it gives none; the same one is said twice; another is refused."""
    said = [loc for loc in clause.locs if loc.kind == "restated_axis"]
    if not said:
        return clause
    rest = [loc for loc in clause.locs if loc.kind != "restated_axis"]
    own = _direction(replace(clause, locs=rest))
    axes = {loc.axes[0] for loc in said}
    if len(axes) > 1 or (own is not None and own not in axes):
        named = sorted({*axes, *([own] if own is not None else [])})
        raise ambiguous(f"the {clause.noun.kind if clause.noun else 'cut'} is said to run along "
                        f"{' and '.join('XYZ'[a] for a in named)}")
    if own is None:
        rest.append(Loc("direction_axis", axes=(axes.pop(),)))
    return replace(clause, locs=rest)


def _side(clause: Clause) -> Clause:
    """"a side hole", "centred on the side face": the side face the cut's direction (X or Y) enters."""
    if not clause.has("side"):
        return clause
    axis = _direction(clause)
    if axis is None or axis == 2:
        raise reject("'side' does not say which face: give the direction (e.g. 'along X') or name the face")
    face = AXIS_FACE[axis]
    locs = [Loc("centre", axes=FACE_UV[face]) if loc.kind == "centre" and loc.face == "side" else loc
            for loc in clause.locs if loc.kind != "side"]
    return replace(clause, locs=locs)


def _axes_placed(locs: list[Loc]) -> set[int]:
    """Axes the position terms constrain (a bare "centred" constrains every axis)."""
    out: set[int] = set()
    for loc in locs:
        if loc.kind == "centre":
            out |= set(loc.axes) if loc.axes else {0, 1, 2}
        elif loc.kind in ("coord", "offset"):
            out |= set(loc.axes)
        elif loc.kind in ("from_face", "at_face"):
            out.add(FACE_AXIS[loc.face or ""][0])
    return out


def _like_before(clause: Clause, prev: Clause) -> Clause:
    """One more hole like ``prev``: its size, depth and direction unless this clause says them again; its position
    on the axes this clause does not place, when both run the same way."""
    if prev.noun is None or prev.noun.count != 1 or any(loc.kind in PATTERN_LOCS for loc in prev.locs):
        raise ambiguous("'another' follows a pattern of holes: give each further hole its size and position")
    own = [loc for loc in clause.locs if loc.kind != "another"]
    placed = [loc for loc in own if loc.kind in PLACE]
    if not placed:
        raise ambiguous("'another' hole needs its own position (e.g. 'another one at x = 20')")
    noun = clause.noun
    measures = list(clause.measures)
    if noun is None or not (noun.sizes or noun.measures or clause.sizes or clause.named("diameter", "radius")):
        noun = replace(prev.noun, sizes=list(prev.noun.sizes), measures=list(prev.noun.measures))
        measures += [m for m in prev.measures if m.dim not in {x.dim for x in measures}]
    kinds = {loc.kind for loc in own}
    if not kinds & _DIRECTION:
        own += [loc for loc in prev.locs if loc.kind in _DIRECTION]
    if not kinds & _DEPTH and clause.measure("depth") is None:
        own += [loc for loc in prev.locs if loc.kind in _DEPTH]
    own += [loc for loc in prev.locs if loc.kind in _COPIED and loc.kind not in kinds]
    if _direction(replace(clause, locs=own)) == _direction(prev):
        taken = _axes_placed(placed)
        own += [loc for loc in prev.locs if loc.kind in PLACE and not _axes_placed([loc]) & taken]
        if {loc for loc in own if loc.kind in PLACE} == {loc for loc in prev.locs if loc.kind in PLACE}:
            raise ambiguous("'another' hole at the same place as the one before it: give it its own position")
    return replace(clause, noun=noun, measures=measures, locs=own)


def prepare(clauses: list[Clause]) -> list[Clause]:
    """Resolve the step-sequence marks of every clause, in order (see the module docstring)."""
    out: list[Clause] = []
    last_hole: Clause | None = None
    for clause in clauses:
        clause = _side(_restated(clause))
        if clause.has("another"):
            if last_hole is None:
                raise ambiguous("'another' hole, but no hole was made before it")
            clause = _like_before(clause, last_hole)
        if clause.action == "cut" and clause.noun is not None and clause.noun.kind == "hole":
            last_hole = clause
        out.append(clause)
    return out


def _last_body(b: Build) -> Box | Cylinder | Prism | Cone | Sphere:
    body = next((op for op in reversed(b.ops) if isinstance(op, _BODY_OPS)), None)
    if body is None:
        raise ambiguous("'that' names no body made before")
    return body


def before_step(b: Build, clause: Clause) -> None:
    """"on top of that": the body made last must be the top of the part and centred on it, so that stacking on the
    part (what composition does) is stacking on that body."""
    if not any(loc.kind == "on_top" and loc.face == "that" for loc in clause.locs) or b.current is None:
        return
    est = estimate(CADPlan(operations=list(b.ops), result=b.current))
    that, part = est[_last_body(b).id], est[b.current]
    centred = all(abs((that.lo[i] + that.hi[i]) - (part.lo[i] + part.hi[i])) < 1e-6 for i in (0, 1))
    same = all(abs(that.lo[i] - part.lo[i]) < 1e-6 and abs(that.hi[i] - part.hi[i]) < 1e-6 for i in (0, 1))
    placed = [loc for loc in clause.locs if loc.kind in PLACE and loc.kind != "centre"]
    if abs(that.hi[2] - part.hi[2]) > 1e-6 or not centred or (placed and not same):
        raise ambiguous("'on top of that' names the body made last, which is not the whole top of the part: say "
                        "where the new body sits (e.g. 'on top of the part, centred')")


def _joined(b: Build) -> list[str]:
    return [t for op in b.ops if isinstance(op, Boolean) and op.kind == "union" for t in op.tools]


def junction_edge(b: Build, clause: Clause, size: float, edges: str) -> None:
    """"the edge where the cylinder meets the plate": the concave edges on the one body joined to the first."""
    tools = _joined(b)
    if len(tools) != 1:
        raise ambiguous("'where … meets …' names the edges between two bodies; the part has "
                     f"{len(tools) + 1 if b.current else 0} bodies — the offline planner selects it only between two")
    tool = next(op for op in b.ops if op.id == tools[0])
    first = next(op for op in b.ops if isinstance(op, _BODY_OPS))
    for name in edges.split(":", 1)[1].split(",") if ":" in edges else []:
        if name in _SHAPE_OP and not isinstance(tool, _SHAPE_OP[name]) and not isinstance(first, _SHAPE_OP[name]):
            raise ambiguous(f"'{name}' is neither of the two bodies that meet")
    if edges.startswith("junction_base"):
        _stands_on(b, tool, edges)
    target = b.current or ""
    b.assumptions.append(f"{clause.action}: the inside (concave) edges where {tool.id} meets the part")
    if clause.action == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=target, radius=size, edges="concave", created_by=tool.id))
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=target, size=size, edges="concave", created_by=tool.id))


def _stands_on(b: Build, tool: Operation, edges: str) -> None:
    """"the base of the cylinder": its bottom edge is where it meets the part only when it was joined on top (and
    it is the body named)."""
    names = edges.split(":", 1)[1].split(",") if ":" in edges else []
    union = next(op for op in b.ops if isinstance(op, Boolean) and tool.id in op.tools)
    est = estimate(CADPlan(operations=list(b.ops), result=b.current or ""))
    on_top = abs(est[tool.id].lo[2] - est[union.base].hi[2]) < 1e-6
    if not on_top or any(n in _SHAPE_OP and not isinstance(tool, _SHAPE_OP[n]) for n in names):
        raise ambiguous("'the base of …' is where a body joined on top meets the part; name that body, or say "
                        "'where the … meets the …'")


def _fuse_check(b: Build, clause: Clause) -> None:
    """"union them together": the bodies were joined when they were placed; the count said must match."""
    bodies = len(_joined(b)) + 1
    said = clause.locs[0].value if clause.locs else 0.0
    if b.current is None or bodies < 2:
        raise ambiguous("'union them' but there is only one body")
    if said and int(said) != bodies:
        raise ambiguous(f"'{int(said)}' bodies to join, but {bodies} were made")


STEP_ACTIONS = {"fuse_check": _fuse_check}
