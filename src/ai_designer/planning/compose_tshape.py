"""T-shapes of two bars in one plane (semantics_tshape.py): a crossbar and a stem from the middle of its long side.

The sentences of one T (``shp_t`` clauses, the first naming it) are gathered into one; each size must be said once
(or agree). The T lies flat on the XY plane: the crossbar along X, centred on the origin, the stem along +Y from the
middle of its long side, both as thick as said (stated). The stem must be no wider than the crossbar is long.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build, said_once
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Hole, Placement, Points

__all__ = ["gather_t", "t_shape"]


def gather_t(clauses: list[Clause]) -> list[Clause]:
    """One ``shp_t`` clause per T: the sentences after its name, up to the first that is not about it ("all in one
    plane" after them is said of the T's bars)."""
    out: list[Clause] = []
    for clause in clauses:
        planar = clause.action == "facts" and clause.locs and all(
            loc.kind == "fact" and loc.face == "planar_path" for loc in clause.locs)
        if planar and out and out[-1].action == "shp_t":  # "All in one plane": the T's two bars
            out[-1].locs.append(Loc("t_plane"))
            continue
        if clause.action == "shp_t" and not clause.has("t_head"):
            if not out or out[-1].action != "shp_t":
                raise reject("a T's bar or stem said without the T before it")
            out[-1].locs.extend(clause.locs)
            continue
        out.append(clause)
    return out


def t_shape(b: Build, clause: Clause) -> None:
    if b.current is not None:
        raise ambiguous("a T after another body: describe one part")
    length = said_once(clause, "t_len", "the T's crossbar length")
    width = said_once(clause, "t_width", "the T's crossbar width")
    thick = said_once(clause, "t_thick", "the T's thickness")
    reach = said_once(clause, "t_reach", "the T's stem's reach")
    stem = said_once(clause, "t_stem_width", "the T's stem width")
    for loc in (x for x in clause.locs if x.kind == "t_stem_section"):
        if width is None or thick is None or sorted(loc.values) != sorted((width, thick)):
            raise ambiguous("the stem's section is not the crossbar's")
        if stem is not None and stem != width:
            raise ambiguous("the stem's width is given twice")
        stem = width
    if None in (length, width, thick, reach, stem) or not clause.has("t_mid") or not clause.has("t_plane"):
        raise reject("a T needs its crossbar's length, width and thickness, the stem's width and reach from the "
                     "middle of the crossbar's long side, and both bars in one plane")
    assert length is not None and width is not None and thick is not None and reach is not None and stem is not None
    if stem > length:
        raise PlanError(f"a stem {stem:g} wide on a crossbar {length:g} long")
    cross = Box(id=b.new_id("crossbar"), length=length, width=width, height=thick)
    leg = Box(id=b.new_id("stem"), length=stem, width=reach, height=thick,
              placement=Placement(at=(0.0, width / 2 + reach / 2, 0.0)))
    b.add(cross, becomes_current=False)
    b.add(leg, becomes_current=False)
    b.add(Boolean(id=b.new_id("t_shape"), kind="union", base=cross.id, tools=[leg.id]))
    b.assumptions.append("T: flat on the XY plane, the crossbar along X, the stem along +Y from its middle")
    _holes(b, clause, (length, width, reach))


def _holes(b: Build, clause: Clause, size: tuple[float, float, float]) -> None:
    """Holes down through the bars on their centrelines: two near the crossbar's ends, one near the stem's end
    (positions on the top face are from its centre: the T's box is centred on the stem's side)."""
    d = said_once(clause, "t_holes", "the T's holes' diameter")
    cross, stem = clause.loc("t_cross_holes"), clause.loc("t_stem_hole")
    if d is None:
        if cross or stem:
            raise reject("where the T's holes go, but not their size")
        return
    if cross is None and stem is None:
        raise reject("the T's holes are not placed")
    length, width, reach = size
    mid = reach / 2  # the top face's centre is this far along +Y from the crossbar's centreline
    points = []
    if cross is not None:
        a = float(cross.value or 0)
        if a - d / 2 <= 0 or length / 2 - a - d / 2 <= 0:
            raise PlanError(f"Ø{d:g} holes {a:g} from the crossbar's ends do not fit")
        points += [(-length / 2 + a, -mid), (length / 2 - a, -mid)]
    if stem is not None:
        a = float(stem.value or 0)
        if a - d / 2 <= 0 or a + d / 2 > reach:
            raise PlanError(f"a Ø{d:g} hole {a:g} from the stem's end does not fit the stem")
        points.append((0.0, width / 2 + reach - a - mid))
    b.add(Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="top", at=Points(points=points)))
