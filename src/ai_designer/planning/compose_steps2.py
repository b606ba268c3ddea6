"""Step sequences said in one breath (``semantics_steps2.py``), resolved before and during composition.

``expand`` runs over the clauses first: "two Ø6 holes … at X = 20 and X = 100" becomes one hole clause per
coordinate (only holes: any other clause listing positions is refused), and "through both walls" becomes a through
hole followed by a check. The checks are actions: "so you get a cube" / "so it's a square tube with 5 mm walls"
compare the claim with the part so far, "through both walls" that the hole just drilled crosses a hollow with
material on both sides. A claim that does not hold is refused — the words and the part disagree, so one of them is
not what the writer meant.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.cad.extents import FACE_AXES
from ai_designer.planning.build import AXIS_FACE, Build
from ai_designer.planning.intent import Est, estimate
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, CADPlan, Hole, Pocket

__all__ = ["STEP2_ACTIONS", "expand"]


def _each_coord(clause: Clause) -> list[Clause]:
    """One hole clause per listed coordinate; the count said must match the coordinates listed."""
    listed = clause.loc("coord_list")
    if listed is None:
        return [clause]
    noun = clause.noun
    if clause.action != "cut" or noun is None or noun.kind != "hole":
        raise ambiguous("several positions are listed for something that is not a hole: give each its own sentence")
    n = len(listed.values)
    if noun.count not in (1, n):
        raise ambiguous(f"{noun.count} holes announced, {n} positions listed")
    rest = [loc for loc in clause.locs if loc.kind != "coord_list"]
    one = replace(noun, count=1)
    return [replace(clause, noun=one, locs=[*rest, Loc("coord", axes=listed.axes, value=v)]) for v in listed.values]


def _walls(clause: Clause) -> list[Clause]:
    """"through both walls": the cut without the words, then the check of the hole it made."""
    said = clause.loc("cross_walls")
    if said is None:
        return [clause]
    if clause.action != "cut" or clause.noun is None or clause.noun.kind != "hole":
        raise ambiguous("'through both walls' is said of a hole only")
    rest = [loc for loc in clause.locs if loc.kind != "cross_walls"]
    return [replace(clause, locs=rest), Clause("walls_check", locs=[said])]


def _cutout(clause: Clause) -> list[Clause]:
    """"a 20 x 20 square hole through along X": cut through the face across X (a slot or pocket "along X" runs
    along X instead, so only a cut named like a hole reads its direction this way); through, like a hole, unless a
    depth is said (stated)."""
    if not clause.has("cutout"):
        return [clause]
    axes = [loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis"]
    locs = [loc for loc in clause.locs if loc.kind not in ("cutout", "direction_axis")]
    if len(set(axes)) > 1:
        raise ambiguous("the cut-out is given two directions")
    locs += [Loc("face", face=AXIS_FACE[a]) for a in set(axes)]
    if clause.has("through") or clause.has("blind") or clause.measure("depth") is not None:
        return [replace(clause, locs=locs)]
    return [Clause("assume", text="cut-out depth: through (not stated)"), replace(clause, locs=[*locs, Loc("through")])]


def expand(clauses: list[Clause]) -> list[Clause]:
    return [w for clause in clauses for cut in _cutout(clause) for one in _each_coord(cut) for w in _walls(one)]


def _assume(b: Build, clause: Clause) -> None:
    b.assumptions.append(clause.text)


def _result_check(b: Build, clause: Clause) -> None:
    """"so you get a cube", "so it's a square tube with 5 mm walls": the claim must hold for the part so far."""
    lo, hi = b.box()
    size = [hi[k] - lo[k] for k in range(3)]
    for said in clause.locs:
        if said.kind == "anchor":
            raise ambiguous("'with a corner at the origin' is said after the body is made: say it where it is made")
        if said.face == "cube" and (max(size) - min(size) > 1e-6 or _cut_into(b)):
            raise ambiguous(f"the part is {size[0]:g} x {size[1]:g} x {size[2]:g}, not a cube")
        if said.face == "square_tube":
            _tube_walls(b, float(said.value or 0.0), lo, hi)


def _cut_into(b: Build) -> bool:
    return any(isinstance(op, (Hole, Pocket)) or (isinstance(op, Boolean) and op.kind == "cut") for op in b.ops)


def _tube_walls(b: Build, wall: float, lo: tuple[float, ...], hi: tuple[float, ...]) -> None:
    """A block with one rectangular pocket through it, centred, leaving ``wall`` on the four sides around it."""
    boxes = [op for op in b.ops if isinstance(op, Box)]
    pockets = [op for op in b.ops if isinstance(op, Pocket)]
    if len(b.ops) != 2 or len(boxes) != 1 or len(pockets) != 1 or _cavity(b, pockets[0]) is None \
            or pockets[0].at.resolve() != [(0.0, 0.0)]:
        raise ambiguous("'a square tube' is said of a part that is not one block with one centred pocket through it")
    pocket = pockets[0]
    u, v, _, _ = FACE_AXES[pocket.face]
    inner = (float(getattr(pocket.profile, "length", 0)), float(getattr(pocket.profile, "width", 0)))
    walls = [(hi[u] - lo[u] - inner[0]) / 2, (hi[v] - lo[v] - inner[1]) / 2]
    if any(abs(w - wall) > 1e-6 for w in walls):
        raise ambiguous(f"the walls are {walls[0]:g} and {walls[1]:g} mm, not {wall:g}")


def _walls_check(b: Build, clause: Clause) -> None:
    """The hole just drilled goes through the part across a hollow made before: inside the hollow's section, and
    the hollow closed on both sides along the hole (so the hole crosses two walls)."""
    hole = b.ops[-1]
    if not isinstance(hole, Hole) or hole.depth is not None or len(hole.at.resolve()) != 1:
        raise ambiguous("'through both walls' is said of something that is not one hole through the part")
    est = estimate(CADPlan(operations=list(b.ops), result=b.current or ""))
    part = est[hole.target]
    u, v, n, _ = FACE_AXES[hole.face]
    pu, pv = hole.at.resolve()[0]
    point = {u: (part.lo[u] + part.hi[u]) / 2 + pu, v: (part.lo[v] + part.hi[v]) / 2 + pv}
    r = hole.diameter / 2
    for op in b.ops[:-1]:
        cav = _cavity(b, op, est) if isinstance(op, Pocket) else None
        if cav is None:
            continue
        inside = all(cav[0][k] + r < point[k] < cav[1][k] - r for k in (u, v))
        if inside and part.lo[n] < cav[0][n] - 1e-6 and cav[1][n] < part.hi[n] - 1e-6:
            return
    raise ambiguous("'through both walls': the hole does not cross a hollow with a wall on each side")


def _cavity(b: Build, pocket: Pocket, est: dict[str, Est] | None = None) -> tuple[list[float], list[float]] | None:
    """The box a rectangular pocket through its target removes (None: another kind of pocket)."""
    length, width = getattr(pocket.profile, "length", None), getattr(pocket.profile, "width", None)
    points = pocket.at.resolve()
    if length is None or width is None or pocket.depth is not None or len(points) != 1:
        return None
    est = est if est is not None else estimate(CADPlan(operations=list(b.ops), result=b.current or ""))
    if pocket.target not in est:
        return None
    t = est[pocket.target]
    u, v, _, _ = FACE_AXES[pocket.face]
    lo, hi = list(t.lo), list(t.hi)
    for axis, off, side in ((u, points[0][0], float(length)), (v, points[0][1], float(width))):
        mid = (t.lo[axis] + t.hi[axis]) / 2 + off
        lo[axis], hi[axis] = mid - side / 2, mid + side / 2
    return lo, hi


STEP2_ACTIONS = {"assume": _assume, "result_check": _result_check, "walls_check": _walls_check}
