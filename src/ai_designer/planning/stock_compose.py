"""Structural stock read by the grammar: angle and square / rectangular tube, cut to length.

"Piece of angle stock, 1" x 1" legs, 1/8" thick, 6" long", "EQUAL ANGLE 50 x 50 x 5, 40 LG", "Square tube 25 x 25
outside, 2 wall, 200 long". Like rods and tubes, the stock stands along Z; an angle's outside corner is at -X -Y with
its legs along +X and +Y (the section centred on the Z axis). Every size the section needs must be said exactly once
(a size triple gives the two outside sizes and then the thickness, the steel-section convention, recorded); a leg
thinner than the section, or a wall that leaves no hollow, is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.compose_shopparts import narrow_from_overall
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    Boolean,
    Cylinder,
    Extrude,
    Hole,
    Placement,
    Points,
    Polygon,
    Rectangle,
)

__all__ = ["flanged_action", "stock_action"]


def stock_action(b: Build, clause: Clause) -> None:
    if b.current is not None:
        raise ambiguous("a section of stock after another body: describe one part")
    section = clause.locs[0]
    facts = [loc.kind for loc in clause.locs if loc.kind in ("sharp_corners", "no_radius")]
    b.facts.extend(facts)
    if section.face == "angle":
        _angle(b, clause)
    else:
        _tube(b, clause, square=bool(section.value))


def _one(clause: Clause, kind: str, what: str) -> Loc | None:
    found = [loc for loc in clause.locs if loc.kind == kind]
    if len(found) > 1:
        raise ambiguous(f"the {what} is given twice")
    return found[0] if found else None


def _length(clause: Clause, what: str) -> float:
    length = _one(clause, "length", f"{what}'s length")
    if length is None:
        raise reject(f"the {what}'s length is not given (say e.g. '200 long')")
    return float(length.value or 0.0)


def _section(clause: Clause, what: str, allowed: tuple[str | None, ...]) -> tuple[float, ...]:
    """The section's sizes: one pair or triple (``face`` says what they are: legs, outside, or unnamed)."""
    sizes = [loc for loc in clause.locs if loc.kind == "sizes"]
    if len(sizes) != 1:
        raise reject(f"the {what}'s section is {'not given' if not sizes else 'given twice'} (say e.g. '50 x 50 x 5')")
    if sizes[0].face not in allowed or len(sizes[0].values) not in (2, 3):
        raise reject(f"'{' x '.join(f'{v:g}' for v in sizes[0].values)}' does not give the {what}'s section")
    return sizes[0].values


def _thickness(clause: Clause, values: tuple[float, ...], kind: str, what: str) -> float:
    said = _one(clause, kind, f"{what}'s {'wall' if kind == 'wall' else 'thickness'}")
    if len(values) == 3:
        if said is not None:
            raise ambiguous(f"the {what}'s thickness is given twice ('{values[2]:g}' and '{said.value:g}')")
        return values[2]
    if said is None:
        raise reject(f"the {what}'s {'wall' if kind == 'wall' else 'thickness'} is not given")
    return float(said.value or 0.0)


def _angle(b: Build, clause: Clause) -> None:
    if _one(clause, "wall", "wall") is not None:
        raise reject("an angle has legs and a thickness, not a wall")
    values = _section(clause, "angle", (None, "legs"))
    a, c = values[0], values[1]
    t = _thickness(clause, values, "thickness", "angle")
    if clause.has("equal_legs") and a != c:
        raise ambiguous(f"'equal' legs, but they are {a:g} and {c:g}")
    if t >= min(a, c):
        raise PlanError(f"the angle's thickness {t:g} mm must be less than its legs ({a:g}, {c:g} mm)")
    length = _length(clause, "angle")
    if len(values) == 3:
        b.assumptions.append(f"angle {a:g} x {c:g} x {t:g}: legs {a:g} and {c:g}, thickness {t:g} (section convention)")
    pts = [(0.0, 0.0), (a, 0.0), (a, t), (t, t), (t, c), (0.0, c)]
    profile = Polygon(points=[(round(x - a / 2, 9), round(y - c / 2, 9)) for x, y in pts])
    b.add(Extrude(id=b.new_id("angle"), profile=profile, height=length))
    b.assumptions.append("angle: length along Z, legs along +X and +Y from the outside corner, sharp corners")


def _tube(b: Build, clause: Clause, square: bool) -> None:
    if _one(clause, "thickness", "thickness") is not None and _one(clause, "wall", "wall") is not None:
        raise ambiguous("the tube's wall is given twice (a wall and a thickness)")
    kind = "wall" if clause.has("wall") else "thickness"
    sizes = [loc for loc in clause.locs if loc.kind == "sizes"]
    if square and len(sizes) == 1 and len(sizes[0].values) == 1:
        values: tuple[float, ...] = (sizes[0].values[0], sizes[0].values[0])  # "a 25 mm square tube"
    else:
        values = _section(clause, "tube", (None, "outside"))
    a, c = values[0], values[1]
    if square and a != c:
        raise ambiguous(f"a square tube {a:g} x {c:g}")
    wall = _thickness(clause, values, kind, "tube")
    if 2 * wall >= min(a, c):
        raise PlanError(f"a {wall:g} mm wall leaves no hollow in a {a:g} x {c:g} tube")
    length = _length(clause, "tube")
    if len(values) == 3:
        b.assumptions.append(f"tube {a:g} x {c:g} x {wall:g}: outside {a:g} x {c:g}, wall {wall:g} (section convention)")
    b.add(Extrude(id=b.new_id("tube"), profile=Rectangle(length=a, width=c), height=length,
                  inner=[Rectangle(length=a - 2 * wall, width=c - 2 * wall)]))
    b.assumptions.append("rectangular tube: axis along Z, sizes outside, sharp corners")


def flanged_action(b: Build, clause: Clause) -> None:
    """A flanged bushing or a flange with a hub: the wide part (flange, disc) and the narrow one (body, hub) as two
    coaxial cylinders, the narrow one on the side the words name (a bushing's body below its flange, a hub above
    its flange; recorded), and a bore through both on the axis."""
    if b.current is not None:
        raise ambiguous("a flanged part after another body: describe one part")
    name = clause.locs[0].face
    wide = _part(clause, "wide", "bare" if name == "flange" else "")
    narrow = _part(clause, "narrow", "bare" if name == "bushing" else "")
    if wide is None or narrow is None:
        raise reject(f"a flanged {name} takes its flange and its {'body' if name == 'bushing' else 'hub'}, each with "
                     "a diameter and a thickness or length")
    (dw, hw, bw), (dn, hn, bn) = wide.values, narrow.values
    hn = narrow_from_overall(b, clause, wide, hw, hn)
    if not (dw and hw and dn and hn):
        raise reject("each part of a flanged piece needs its diameter and its thickness or length")
    if dn >= dw:
        raise PlanError(f"the {'body' if name == 'bushing' else 'hub'} (Ø{dn:g}) must be narrower than the flange "
                        f"(Ø{dw:g})")
    bores = [v for v in (bw, bn) if v] + [float(loc.value or 0.0) for loc in clause.locs if loc.kind == "bore"]
    if len(bores) > 1:
        raise ambiguous("the bore is given twice")
    overall = _one(clause, "overall", "overall length")
    if overall is not None and abs(float(overall.value or 0.0) - (hw + hn)) > 1e-6:
        raise ambiguous(f"the overall length {overall.value:g} is not {hw:g} + {hn:g}")
    below = narrow.face == "below" or (narrow.face is None and name == "bushing")
    _flanged_bodies(b, name or "", (dw, hw), (dn, hn), below)
    if bores:
        if bores[0] >= dn:
            raise PlanError(f"a Ø{bores[0]:g} bore does not fit the Ø{dn:g} {'body' if name == 'bushing' else 'hub'}")
        b.add(Hole(id=b.new_id("bore"), target=b.current or "", diameter=bores[0], face="top", at=Points(points=[(0.0, 0.0)])))


def _part(clause: Clause, kind: str, bare: str) -> Loc | None:
    found = [loc for loc in clause.locs if loc.kind in (kind, bare)]
    if len(found) > 1:
        raise ambiguous(f"the {'flange' if kind == 'wide' else 'body'} is described twice")
    return found[0] if found else None


def _flanged_bodies(b: Build, name: str, wide: tuple[float, float], narrow: tuple[float, float], below: bool) -> None:
    lower, upper = (narrow, wide) if below else (wide, narrow)
    first = Cylinder(id=b.new_id("body" if below else "flange"), diameter=lower[0], height=lower[1])
    second = Cylinder(id=b.new_id("flange" if below else "hub"), diameter=upper[0], height=upper[1],
                      placement=Placement(at=(0.0, 0.0, lower[1])))
    b.add(first, becomes_current=False)
    b.add(second, becomes_current=False)
    b.add(Boolean(id=b.new_id("flanged"), kind="union", base=first.id, tools=[second.id]))
    side = f"the {'hub' if name == 'flange' else 'body'} {'below' if below else 'above'} the flange"
    b.assumptions.append(f"{'flange with a hub' if name == 'flange' else 'flanged bushing'}: axis along Z, {side}")
