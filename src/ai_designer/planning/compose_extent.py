"""How far a cut goes, checked on the cut once it is made (the ``extent`` block of grammar.lark).

``mark_extent`` (a pass over the clauses, the last one) gives a cut that says its extent in words
(``semantics_extent``) the action ``extent``, holding the cut clause as its one part; a sentence of its own about the
cut just made ("It does not go all the way through.") joins that cut first. ``extent`` turns the words into the
terms every cut action reads — "through the full 30 height" is ``through``, "running through the 30 depth" is a run
the ``full`` length of that side, "leaving a 10 floor" is the depth that leaves it — makes the cut with the action it
had, and then checks each word against the holes or pockets it made: the side said is the one the cut went through,
a cut said not to go through has a depth and stops short of the face named, the walls and floor left are the sizes
said. A word the cut does not bear out refuses the prompt; none is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ai_designer.planning.build import FACE_UV, Build, cut_face, stated_faces
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Measure
from ai_designer.schemas.profiles import Circle, Rectangle
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Chamfer,
    Cylinder,
    Fillet,
    Hole,
    Pocket,
    Points,
    Prism,
)

__all__ = ["all_through", "extent", "hollow", "mark_extent"]

Action = Callable[[Build, Clause], None]
_MINE = {"ext_through", "ext_blind", "ext_exit", "ext_run", "ext_walls", "ext_floor_face", "ext_way",
         "ext_edges_through"}
_CUTS = {"hole", "slot", "pocket"}
_OPPOSITE = {"top": "bottom", "bottom": "top", "left": "right", "right": "left", "front": "back", "back": "front"}
_TOL = 1e-6
Box3 = tuple[tuple[float, float, float], tuple[float, float, float]]


def _round_pocket(clause: Clause) -> bool:
    return clause.noun is not None and clause.noun.kind == "pocket" and bool(clause.named("diameter", "radius"))


def _floor(clause: Clause) -> Measure | None:
    """"leaving a 5 mm floor" under a hole, slot or rectangular pocket (a round pocket reads its own floor)."""
    kind = clause.noun.kind if clause.noun else ""
    if (kind not in _CUTS and not _full_groove(clause)) or _round_pocket(clause):
        return None
    return next(iter(clause.named("floor")), None)


def _wrap(clause: Clause) -> Clause:
    """The ``extent`` clause holding a cut: it keeps the cut's own terms too, for what is checked before any step
    ("on top of that", ``compose_steps.before_step``)."""
    return replace(clause, action="extent", parts=[clause])


def _full_groove(clause: Clause) -> bool:
    """"a channel the full 100 length …, 30 wide and 20 deep": a groove open at both ends of a block is a slot cut
    the full length (a groove round a rod says "all the way round", never "the full length")."""
    return clause.action == "cut" and clause.noun is not None and clause.noun.kind == "groove" and clause.has("full")


def _said_of(out: list[Clause], said: Clause) -> Clause:
    """"It does not go all the way through.": the terms join the hole, slot or pocket made just before."""
    prev = out.pop() if out else None
    inner = prev.parts[0] if prev is not None and prev.action == "extent" else prev
    kind = inner.noun.kind if inner is not None and inner.noun else ""
    if inner is None or kind not in _CUTS:
        raise reject("'it does not go through' / 'it doesn't come out …' follows no hole, slot or pocket")
    if said.noun is not None and said.noun.kind != kind:
        raise ambiguous(f"the {said.noun.kind} said not to go through is not the {kind} made just before")
    return _wrap(replace(inner, locs=[*inner.locs, *said.locs]))


def _said_through(clause: Clause) -> Clause:
    """A cut said before "Everything goes through." with no depth of its own goes through (not by assumption)."""
    inner = clause.parts[0] if clause.action == "extent" else clause
    kind = inner.noun.kind if inner.noun else ""
    if kind not in _CUTS or any(loc.kind in ("through", "blind", "ext_blind") for loc in inner.locs) or \
            inner.measure("depth") is not None or _floor(inner) is not None:
        return clause
    inner = replace(inner, locs=[*inner.locs, Loc("through")])
    return _wrap(inner) if clause.action == "extent" else inner


def mark_extent(clauses: list[Clause]) -> list[Clause]:
    """Cuts whose extent is said in words become ``extent`` clauses (see the module docstring)."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "ext_all_through":
            out = [_said_through(c) for c in out]
            out.append(clause)
        elif clause.action == "ext_said":
            out.append(_said_of(out, clause))
        elif any(loc.kind in _MINE for loc in clause.locs) or _floor(clause) is not None or _full_groove(clause):
            out.append(_wrap(clause))
        else:
            out.append(clause)
    return out


def _extents(box: Box3) -> list[float]:
    lo, hi = box
    return [hi[k] - lo[k] for k in range(3)]


def _normal(face: str) -> int:
    u, v = FACE_UV[face]
    return 3 - u - v


def _plain_body(b: Build) -> bool:
    """One block, cylinder or prism with cuts and edge finishes on it: the material under a cut is the part's
    whole extent there, so a floor or wall is the part's size less the cut."""
    bodies = [op for op in b.ops if isinstance(op, (Box, Cylinder, Prism))]
    return len(bodies) == 1 and not any(isinstance(op, Boolean) for op in b.ops)


def _run_full(b: Build, clause: Clause, run: Loc) -> Loc:
    """"running through the 30 depth": a slot or pocket open at both ends of the side of the face it goes into that
    is that long (``full``, named its length when it is the face's longer side); a hole, or a side that is the
    part's size across the face, goes through (checked as "through the full 30 …")."""
    faces = stated_faces(clause)
    face = faces[0] if faces else "top"
    ext = _extents(b.box())
    hits = [a for a in FACE_UV[face] if abs(ext[a] - float(run.value or 0.0)) < _TOL]
    across = abs(ext[_normal(face)] - float(run.value or 0.0)) < _TOL
    if clause.noun is not None and clause.noun.kind == "hole" or (across and not hits):
        return Loc("ext_through", face=run.face, value=run.value)
    if len(hits) != 1 or across:
        raise ambiguous(f"the {face} face has no single {run.value:g} mm side for the cut to run through")
    other = next(a for a in FACE_UV[face] if a != hits[0])
    name = "length" if ext[hits[0]] > ext[other] else "width"
    if run.face in ("length", "width") and run.face != name:
        raise ambiguous(f"the part's {run.value:g} mm side on the {face} face is its {name}, not its {run.face}")
    return Loc("full", face=name, value=run.value)


def _resolved(b: Build, clause: Clause, runs: list[Loc]) -> Clause:
    """The cut clause with the extent words turned into the terms its action reads (``runs``: what each "running
    through the …" is, a ``full`` run or a through cut)."""
    locs = [loc for loc in clause.locs if loc.kind not in _MINE]
    locs += [loc for loc in runs if loc.kind == "full"]
    if any(loc.kind in ("ext_through", "ext_exit") for loc in [*clause.locs, *runs]) and not any(
            loc.kind == "through" for loc in locs):
        locs.append(Loc("through"))
    floor = _floor(clause)
    measures = [m for m in clause.measures if m is not floor]
    noun = clause.noun
    if _full_groove(clause) and noun is not None:
        noun = replace(noun, kind="slot")
    if floor is not None and noun is not None:
        noun = replace(noun, measures=[m for m in noun.measures if m is not floor])
        if clause.measure("depth") is None:
            measures.append(Measure("depth", _floor_depth(b, replace(clause, locs=locs), floor.value)))
    action = "cut" if clause.action == "recess" and any(loc.kind == "full" for loc in locs) else clause.action
    return replace(clause, action=action, locs=locs, measures=measures, noun=noun)


def _floor_depth(b: Build, clause: Clause, floor: float) -> float:
    """The depth that leaves ``floor`` of the part under the cut (checked again on the cut made)."""
    if not _plain_body(b) or clause.has("in_pocket"):
        raise reject("'leaving a … floor' is read offline only for a cut into a single block or cylinder")
    size = _extents(b.box())[_normal(cut_face(clause))]
    if floor >= size - _TOL:
        raise reject(f"a {floor:g} mm floor leaves nothing to cut in a part {size:g} mm thick there")
    return round(size - floor, 9)


def extent(b: Build, wrapper: Clause, actions: dict[str, Action]) -> None:
    """Make the cut with its own action, then check every extent word against the holes and pockets it made."""
    clause = wrapper.parts[0]
    if clause.action in ("create", "join") and not clause.has("ext_edges_through"):
        raise reject(f"how far a cut goes ('not through', 'a flat bottom', 'through the full …') is said here of a "
                     f"{clause.noun.kind if clause.noun else 'body'}, which is not a hole, slot or pocket")
    runs = [_run_full(b, clause, loc) for loc in clause.locs if loc.kind == "ext_run"]
    resolved = _resolved(b, clause, runs)
    box = b.box()
    start = len(b.ops)
    actions[resolved.action](b, resolved)
    edges = [loc for loc in clause.locs if loc.kind == "ext_edges_through"]
    if edges:
        _check_edges(b, b.ops[start:], edges[0], box)
        if len(edges) == len([loc for loc in clause.locs if loc.kind in _MINE]):
            return
    cuts: list[Hole | Pocket | _Tool] = [op for op in b.ops[start:] if isinstance(op, (Hole, Pocket))]
    cuts += _tools(b, start, box)
    if not cuts:
        raise reject("how far the cut goes is read offline only for holes, slots and pockets")
    terms = [loc for loc in clause.locs if loc.kind in _MINE and loc.kind not in ("ext_run", "ext_edges_through")]
    terms += [loc for loc in runs if loc.kind == "ext_through"]
    floor = _floor(clause)
    for op in cuts:
        for term in terms:
            _CHECKS[term.kind](b, op, term, box)
        if floor is not None:
            _check_floor(b, op, floor.value, box)


def all_through(b: Build, clause: Clause) -> None:
    """"Everything goes through.": every hole and pocket made so far does (one with a depth refuses)."""
    cuts = [op for op in b.ops if isinstance(op, (Hole, Pocket))]
    if not cuts:
        raise reject("'everything goes through' is said before any hole or pocket is made")
    deep = [op for op in cuts if op.depth is not None]
    if deep:
        raise ambiguous(f"'everything goes through', but {deep[0].id} is {deep[0].depth:g} mm deep")


def _check_edges(b: Build, new: list[Any], term: Loc, box: Box3) -> None:
    """"the corner edges that run through the thickness": a finish on the vertical edges of a part whose thinnest
    side is its height (the size, when said, is that height)."""
    ext = _extents(box)
    finishes = [op for op in new if isinstance(op, (Fillet, Chamfer))]
    if not finishes or any(op.edges != "vertical" for op in finishes):
        raise reject("'the edges that run through the thickness' is read offline only as a plate's vertical edges")
    if sorted(ext).count(ext[2]) > 1 or min(ext) != ext[2] or (
            term.value is not None and abs(ext[2] - term.value) > _TOL):
        raise ambiguous(f"the vertical edges run through the part's {ext[2]:g} mm height, which is not its one "
                        "thickness")


@dataclass(frozen=True)
class _Tool:
    """A body subtracted straight down from the top ("subtract a Ø10 cylinder through the full 50 height"), seen as
    a cut into the top face: ``depth`` None when it spans the part."""

    id: str
    face: str
    depth: float | None


def _tools(b: Build, start: int, box: Box3) -> list[_Tool]:
    """The upright blocks and cylinders a cut made in this step subtracted (a turned or tilted one is not read)."""
    cut = {t for op in b.ops[start:] if isinstance(op, Boolean) and op.kind == "cut" for t in op.tools}
    out = []
    for op in b.ops[start:]:
        if op.id not in cut:
            continue
        if not isinstance(op, (Box, Cylinder)) or op.placement.rotate != (0.0, 0.0, 0.0):
            raise reject("how far a subtracted body goes is read offline only for an upright block or cylinder")
        lo, hi = box
        top = op.placement.at[2] + float(op.height)
        if top < hi[2] - _TOL:
            raise reject("a subtracted body said to go through or stop short must start at the top face")
        spans = op.placement.at[2] <= lo[2] + _TOL
        out.append(_Tool(op.id, "top", None if spans else round(hi[2] - op.placement.at[2], 9)))
    return out


def _check_through(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"through the full 30 height": the cut goes through, along the part's side of that size and name."""
    ext = _extents(box)
    axis = _normal(op.face)
    if op.depth is not None:
        raise ambiguous(f"the cut is said to go through but is {op.depth:g} mm deep")
    if term.value is not None and abs(ext[axis] - term.value) > _TOL:
        raise reject(f"the cut goes through the part's {ext[axis]:g} mm along {'XYZ'[axis]}, not {term.value:g} mm")
    name = term.face
    if name == "height" and axis != 2 or name == "thickness" and sorted(ext)[0] != ext[axis] or name == "length" \
            and sorted(ext)[-1] != ext[axis]:
        raise reject(f"the cut goes through along {'XYZ'[axis]}, which is not the part's {name}")
    if (name in ("length", "thickness") and sorted(ext).count(ext[axis]) > 1) or (
            term.value is None and name not in ("height", "length", "thickness")):
        raise ambiguous(f"'through the full {name or ''}': say its size (e.g. 'through the full 30 height')")


def _check_blind(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"not through", "it doesn't come out the top": the cut has a depth, and goes in opposite the face named."""
    if op.depth is None:
        raise ambiguous("the cut is said not to go through, but no depth is given (say e.g. '15 mm deep')")
    if term.face not in (None, "other") and _OPPOSITE[op.face] != term.face:
        raise ambiguous(f"the cut goes into the {op.face} face, so 'it does not come out the {term.face}' does not "
                        "say how far it goes")


def _check_exit(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"comes out the other side / the bottom": through, and out of the face opposite the way in."""
    if op.depth is not None:
        raise ambiguous(f"the cut is said to come out the other side but is {op.depth:g} mm deep")
    if term.face not in (None, "other") and _OPPOSITE[op.face] != term.face:
        raise ambiguous(f"a cut into the {op.face} face comes out the {_OPPOSITE[op.face]}, not the {term.face}")


def _check_floor_face(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"leaving a 3 mm thick closed top" is said of a cut from the bottom; "a 5 mm bottom" of one from the top."""
    if term.face != _OPPOSITE[op.face]:
        raise ambiguous(f"the cut goes into the {op.face} face, so what is left is at the {_OPPOSITE[op.face]}, not "
                        f"the {term.face}")


def _check_floor(b: Build, op: Hole | Pocket | _Tool, floor: float, box: Box3) -> None:
    size = _extents(box)[_normal(op.face)]
    if op.depth is None or not _plain_body(b) or abs(size - op.depth - floor) > _TOL:
        left = "nothing" if op.depth is None else f"{size - op.depth:g} mm"
        raise ambiguous(f"the cut leaves {left} under it, not a {floor:g} mm floor")


def _check_walls(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"leaving 10 walls each side", "two 13 mm prongs": the part left either side of the cut across its width
    (all round a pocket that stops inside the face) is the size said."""
    if not isinstance(op, Pocket) or not isinstance(op.at, Points) or not hasattr(op.profile, "width") \
            or op.angle not in (0.0, 90.0) or not _plain_body(b) or not isinstance(b.ops[0], Box):
        raise reject("the walls left by a cut are checked offline only for a slot or pocket in a block")
    lo, hi = box
    u, v = FACE_UV[op.face]
    along, across = (u, v) if op.angle == 0.0 else (v, u)
    sizes = {across: float(op.profile.width), along: float(op.profile.length)}  # type: ignore[union-attr]
    runs_through = sizes[along] >= hi[along] - lo[along] - _TOL
    axes = [across] if term.face == "sides" or runs_through else [across, along]
    for point in op.at.points:
        for axis in axes:
            centre = (lo[axis] + hi[axis]) / 2 + (point[0] if axis == u else point[1])
            walls = (centre - sizes[axis] / 2 - lo[axis], hi[axis] - centre - sizes[axis] / 2)
            if any(abs(w - float(term.value or 0.0)) > _TOL for w in walls):
                raise ambiguous(f"the cut leaves {walls[0]:g} and {walls[1]:g} mm of the part either side along "
                                f"{'XYZ'[axis]}, not {term.value:g} mm")


def _check_way(b: Build, op: Hole | Pocket | _Tool, term: Loc, box: Box3) -> None:
    """"goes up 18 mm into it": a cut going up goes in by the bottom face, one going down by the top."""
    if op.face != term.face:
        raise ambiguous(f"the cut goes into the {op.face} face, so it does not go {'up' if term.face == 'bottom' else 'down'}"
                        " into the part (say the face it goes in from)")


_CHECKS: dict[str, Callable[[Build, Hole | Pocket | _Tool, Loc, Box3], None]] = {
    "ext_through": _check_through, "ext_blind": _check_blind, "ext_exit": _check_exit,
    "ext_floor_face": _check_floor_face, "ext_walls": _check_walls, "ext_way": _check_way,
}


def hollow(b: Build, clause: Clause) -> None:
    """"Hollow it out leaving 4 mm walls and a 4 mm bottom, open at the top": the block or upright cylinder made so far
    (and nothing else yet) gets a pocket from the top, the outline offset inward by the walls, as deep as leaves the
    floor."""
    wall, floor = clause.measure("wall"), clause.measure("floor")
    body = b.ops[0] if len(b.ops) == 1 else None
    if not isinstance(body, (Box, Cylinder)) or body.placement.rotate != (0.0, 0.0, 0.0):
        raise reject("'hollow it out leaving … walls' is read offline only right after one block or upright cylinder")
    assert wall is not None and floor is not None
    height = float(body.height)
    if isinstance(body, Box):
        inner: Rectangle | Circle = Rectangle(length=float(body.length) - 2 * wall, width=float(body.width) - 2 * wall)
        left = min(float(body.length), float(body.width)) - 2 * wall
    else:
        left = float(body.diameter) - 2 * wall
        inner = Circle(diameter=left)
    if left <= 0 or floor >= height:
        raise reject(f"{wall:g} mm walls and a {floor:g} mm floor leave no inside in this part")
    b.add(Pocket(id=b.new_id("pocket"), target=b.current or "", profile=inner, depth=round(height - floor, 9),
                 face="top", at=Points(points=[(0.0, 0.0)])))
