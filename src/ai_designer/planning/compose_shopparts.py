"""Shop parts said over several sentences ("FLANGED BUSHING. FLANGE Ø30 x 3 THK, BODY Ø18, OAL 20.") and a
flanged bushing's body length that follows from its overall length.

``merge_flanged`` gathers a flanged part's name and the sentences of its parts that follow into the one
``flanged`` clause ``stock_compose.flanged_action`` builds; a part said without a flanged name before it, or a name
with no parts after it, is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Hole, Placement, Points

__all__ = ["LID_ACTIONS", "merge_shopparts", "narrow_from_overall"]


def merge_shopparts(clauses: list[Clause]) -> list[Clause]:
    return _merge_bracket(_merge_lid(merge_flanged(clauses)))


def merge_flanged(clauses: list[Clause]) -> list[Clause]:
    """A ``flanged`` clause followed by ``flanged_more`` clauses (its parts in sentences of their own) becomes one
    clause; a name alone ("FLANGED BUSHING.") takes the parts of the sentences after it, whose flange said with its
    own name ("FLANGE Ø30 x 3 THK, …") is the bushing's wide part."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "flanged_more":
            if not out or out[-1].action != "flanged":
                raise ambiguous("the parts of a flanged piece are said before the piece is named")
            out[-1] = replace(out[-1], locs=_dedupe([*out[-1].locs, *clause.locs]))
        elif clause.action == "flanged" and out and out[-1].action == "flanged" and _only_name(out[-1]):
            name = out[-1].locs[0]
            parts = clause.locs[1:] if clause.locs and clause.locs[0].kind == "name" else clause.locs
            if name.face == "bushing":
                parts = [replace(p, kind="wide") if p.kind == "bare" else p for p in parts]
            out[-1] = replace(out[-1], locs=_dedupe([name, *parts]))
        else:
            out.append(clause)
    for clause in out:
        if clause.action == "flanged" and _only_name(clause):
            raise reject("a flanged part is named but its flange and body are not described")
    return out


def _only_name(clause: Clause) -> bool:
    return all(loc.kind == "name" for loc in clause.locs)


def _dedupe(locs: list[Loc]) -> list[Loc]:
    """The overall length said twice ("overall length 25 … (included in the 25)") counts once when it agrees."""
    overall = [loc for loc in locs if loc.kind == "overall"]
    if len({float(loc.value or 0.0) for loc in overall}) > 1:
        raise ambiguous("two different overall lengths are given")
    return [loc for loc in locs if loc.kind != "overall"] + overall[:1]


def narrow_from_overall(b: Build, clause: Clause, wide: Loc, hw: float, hn: float) -> float:
    """The body's length when only the overall length is said ("body OD 20, overall length 25; collar … 4 thick
    (included in the 25)"): the overall less the flange (recorded). A collar said to be included in a length other
    than the overall one is refused."""
    overall = [loc for loc in clause.locs if loc.kind == "overall"]
    if wide.value is not None and (not overall or abs(float(overall[0].value or 0.0) - float(wide.value)) > 1e-6):
        raise ambiguous(f"the flange is said to be included in {wide.value:g}, which is not the overall length")
    if hn or not overall or not hw:
        return hn
    rest = float(overall[0].value or 0.0) - hw
    if rest <= 0:
        raise ambiguous(f"the overall length {overall[0].value:g} leaves nothing for the body past the "
                        f"{hw:g} flange")
    b.assumptions.append(f"body length = overall {overall[0].value:g} - flange {hw:g} = {rest:g} mm")
    return rest


def _merge_lid(clauses: list[Clause]) -> list[Clause]:
    """A rim said in the sentence after its lid goes with the lid; a rim with no lid before it is refused."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "sp_rim":
            if not out or out[-1].action != "sp_lid" or out[-1].locs:
                raise ambiguous("a rim (lip) is described without the lid plate it is under: describe the lid first")
            out[-1] = replace(out[-1], locs=clause.locs)
        else:
            out.append(clause)
    return out


def lid_action(b: Build, clause: Clause) -> None:
    """The lid plate and its rim under it, built rim down: the rim (a rectangular wall round an open middle) stands
    on the XY plane and the plate lies on it (recorded)."""
    if b.current is not None:
        raise ambiguous("a lid after another body: describe one part")
    values = clause.sizes[0].values
    if len(values) != 3:
        raise reject("a lid takes its length, width and thickness")
    length, width, thick = values
    if not clause.locs:
        b.add(Box(id=b.new_id("lid"), length=length, width=width, height=thick))
        return
    height, outer, wall = _rim(clause, length, width)
    rim = Box(id=b.new_id("rim"), length=outer[0], width=outer[1], height=height)
    inside = Box(id=b.new_id("rim_inside"), length=outer[0] - 2 * wall, width=outer[1] - 2 * wall,
                 height=height + 2, placement=Placement(at=(0.0, 0.0, -1.0)))
    plate = Box(id=b.new_id("lid"), length=length, width=width, height=thick, placement=Placement(at=(0.0, 0.0, height)))
    for op in (rim, inside, plate):
        b.add(op, becomes_current=False)
    ring = Boolean(id=b.new_id("rim_wall"), kind="cut", base=rim.id, tools=[inside.id])
    b.add(ring, becomes_current=False)
    b.add(Boolean(id=b.new_id("lid_with_rim"), kind="union", base=plate.id, tools=[ring.id]))
    b.assumptions.append(f"lid built rim down: a {outer[0]:g} x {outer[1]:g} rim, {wall:g} wall, {height:g} high "
                         f"on the XY plane, the {length:g} x {width:g} x {thick:g} plate on it")


def _rim(clause: Clause, length: float, width: float) -> tuple[float, tuple[float, float], float]:
    """The rim's height, outer size and wall, each said once, the inner size agreeing when said too."""
    said: dict[str, Loc] = {}
    for loc in clause.locs:
        if loc.kind in said and loc.kind not in ("centred", "under", "hollow"):
            raise ambiguous(f"the rim's {loc.kind} is given twice")
        said[loc.kind] = loc
    if "under" not in said:
        raise ambiguous("where the rim is on the lid is not said (say 'on the underside' or 'underneath')")
    if "rim_h" not in said or "wall" not in said or not ({"outer", "inner"} & set(said)):
        raise reject("a lid's rim takes its height, its wall and its outer or inner size")
    wall, height = float(said["wall"].value or 0.0), float(said["rim_h"].value or 0.0)
    if "outer" in said and "inner" in said:
        raise ambiguous("the rim's outer and inner sizes are both given: give one and the wall")
    outer = said["outer"].values if "outer" in said else tuple(v + 2 * wall for v in said["inner"].values)
    if "inner_said" in said:
        inner = said["inner_said"].values
        if "outer" not in said or any(abs(o - 2 * wall - i) > 1e-6 for o, i in zip(outer, inner, strict=True)):
            raise ambiguous("the rim's inner size does not agree with its outer size less the walls")
    if len(outer) != 2 or not (wall > 0 and height > 0) or 2 * wall >= min(outer):
        raise PlanError("the rim's wall leaves no opening inside it")
    if outer[0] > length + 1e-6 or outer[1] > width + 1e-6:
        if outer[0] <= width + 1e-6 and outer[1] <= length + 1e-6:
            raise ambiguous("the rim's size is said the other way round from the lid's")
        raise PlanError(f"a {outer[0]:g} x {outer[1]:g} rim does not fit under a {length:g} x {width:g} lid")
    if "centred" not in said:
        raise ambiguous("where the rim sits under the lid is not said (say 'centred')")
    return height, (float(outer[0]), float(outer[1])), wall


def _merge_bracket(clauses: list[Clause]) -> list[Clause]:
    """Holes through a named leg go with the L-bracket said just before them."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "sp_leg_holes":
            if not out or out[-1].action != "sp_bracket":
                raise ambiguous("holes through a leg need the L-bracket described just before them")
            out[-1] = replace(out[-1], parts=[*out[-1].parts, clause])
        else:
            out.append(clause)
    return out


def bracket_action(b: Build, clause: Clause) -> None:
    """An L-bracket, its horizontal leg along X and the vertical one at the -X end (legs measured outside), then the
    holes through each leg (recorded)."""
    if b.current is not None:
        raise ambiguous("a bracket after another body: describe one part")
    said = {loc.kind: float(loc.value or 0.0) for loc in clause.locs}
    if len(said) != len(clause.locs):
        raise ambiguous("a size of the L-bracket is given twice")
    if "outside" not in said:
        raise ambiguous("the legs' lengths: say whether they are measured to the outside")
    if not {"leg_x", "leg_z", "width", "thick"} <= set(said):
        raise reject("an L-bracket takes its two legs, its width and its thickness")
    lx, lz, width, thick = said["leg_x"], said["leg_z"], said["width"], said["thick"]
    if thick >= min(lx, lz):
        raise PlanError(f"bracket thickness {thick:g} mm must be less than its legs")
    base = Box(id=b.new_id("base_leg"), length=lx, width=width, height=thick)
    up = Box(id=b.new_id("upright_leg"), length=thick, width=width, height=lz - thick,
             placement=Placement(at=(-lx / 2 + thick / 2, 0.0, thick)))
    b.add(base, becomes_current=False)
    b.add(up, becomes_current=False)
    b.add(Boolean(id=b.new_id("bracket"), kind="union", base=base.id, tools=[up.id]))
    b.assumptions.append("L-bracket: horizontal leg along X, vertical leg at the -X end, legs measured outside")
    legs = [part.locs[0].face for part in clause.parts]
    if len(set(legs)) != len(legs):
        raise ambiguous("holes through the same leg are said twice")
    for part in clause.parts:
        _holes_in_leg(b, part, (lx, lz, width, thick))


def _holes_in_leg(b: Build, part: Clause, size: tuple[float, float, float, float]) -> None:
    """Two holes through one leg, N from each side edge, placed along the leg from the vertical leg's outside face
    (the horizontal leg) or from the bottom (the vertical leg)."""
    lx, lz, width, thick = size
    said = {loc.kind: loc for loc in part.locs}
    if len(said) != len(part.locs):
        raise ambiguous("a hole's place is given twice")
    leg = said["leg"].face
    d, count = said["hole"].values
    along = said.get("upright" if leg == "x" else "bottom")
    if along is None or len(said) != 4 or "sides" not in said or count != 2:
        raise ambiguous("holes through a leg: say two holes, N from each side edge, and how far along the leg "
                        "(from the vertical leg's outside face for the horizontal leg, above the bottom for the "
                        "vertical leg)")
    a, side = float(along.value or 0.0), float(said["sides"].value or 0.0)
    length = lx if leg == "x" else lz
    across = [-(width / 2 - side), width / 2 - side]
    if a - d / 2 <= thick or a + d / 2 > length or side - d / 2 <= 0 or 2 * side >= width:
        raise PlanError(f"Ø{d:g} holes {a:g} mm along the leg, {side:g} mm from the side edges, do not fit the leg")
    if leg == "x":
        hole = Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="top",
                    at=Points(points=[(-lx / 2 + a, v) for v in across]))
    else:
        hole = Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="left",
                    at=Points(points=[(v, a - lz / 2) for v in across]))
    b.add(hole)


LID_ACTIONS = {"sp_lid": lid_action, "sp_bracket": bracket_action}
