"""Where a clause's holes go: one position, or a pattern read from drawing-note wording.

``4x Ø6.6 THRU ON 64 x 64 SQ``, ``on an 80 x 30 bolt pattern`` (a 2 x 2 rectangle of centres), ``on Ø70 PCD`` /
``on an 85 pitch circle`` (equally spaced on a circle), ``HOLE CENTRES 10 FROM ADJACENT EDGES`` (one at each corner).
The pattern's centre is placed by the location algebra like a single hole (centred unless stated). A count that
does not match the pattern, or a pattern that does not fit the face, is refused: nothing is guessed.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import GridPattern, Points, PolarPattern, Positions

__all__ = ["PATTERN_LOCS", "hole_positions", "pattern_extent"]

PATTERN_LOCS = {"grid", "pcd", "corners", "equal", "angle_pitch", "each_end", "row", "row_mid"}


def _pattern(clause: Clause) -> Loc | None:
    found = [loc for loc in clause.locs if loc.kind in ("grid", "pcd", "corners", "each_end")]
    if len(found) > 1:
        raise ambiguous("the holes are given two patterns")
    extra = [loc.kind for loc in clause.locs if loc.kind in ("equal", "angle_pitch")]
    if extra and (not found or found[0].kind != "pcd"):
        raise reject("'equally spaced' / 'N° apart' needs a bolt circle (e.g. 'on a 70 mm PCD')")
    return found[0] if found else None


def _grid_sides(loc: Loc, face: tuple[float, float], notes: list[str]) -> tuple[float, float]:
    """The pattern's two centre distances along the face's (u, v): the longer along the longer side of the face."""
    a, b = loc.values
    if abs(a - b) < 1e-9 or abs(face[0] - face[1]) < 1e-9:
        if abs(a - b) > 1e-9:
            raise ambiguous(f"a {a:g} x {b:g} pattern on a square face: say which way it runs")
        return a, b
    big, small = max(a, b), min(a, b)
    sides = (big, small) if face[0] > face[1] else (small, big)
    if (a, b) != sides:
        notes.append(f"hole pattern {a:g} x {b:g}: the {big:g} mm side runs along the longer side of the face")
    return sides


def pattern_extent(clause: Clause, face: tuple[float, float]) -> tuple[float, float] | None:
    """Centre distances of the pattern along (u, v), or ``None`` for a single hole / a bolt circle."""
    loc = _pattern(clause)
    if loc is None or loc.kind == "pcd":
        return None
    if loc.kind == "corners":
        inset = float(loc.value or 0.0)
        return face[0] - 2 * inset, face[1] - 2 * inset
    if loc.kind == "each_end":
        return _ends(loc, face)
    return _grid_sides(loc, face, [])


def _ends(loc: Loc, face: tuple[float, float]) -> tuple[float, float]:
    """"N in from each end": the ends of the face's longer side (a square face has no ends to name)."""
    if abs(face[0] - face[1]) < 1e-6:
        raise reject("'from each end' on a square face: say along which side")
    inset = float(loc.value or 0.0)
    return (face[0] - 2 * inset, 0.0) if face[0] > face[1] else (0.0, face[1] - 2 * inset)


def hole_positions(clause: Clause, d: float, face: tuple[float, float], centre: tuple[float, float],
                   notes: list[str]) -> Positions:
    """Positions (face coordinates, relative to the face centre) of the clause's holes of diameter ``d``."""
    count = clause.noun.count if clause.noun else 1
    loc = _pattern(clause)
    if loc is None:
        if count != 1:
            raise reject("several holes need a pattern or positions for each (e.g. 'on a 60 x 40 bolt pattern')")
        if any(abs(c) + d / 2 > f / 2 + 1e-9 for c, f in zip(centre, face, strict=True)):
            raise PlanError(f"a Ø{d:g} hole at ({centre[0]:g}, {centre[1]:g}) mm from the centre does not fit on the "
                            f"{face[0]:g} x {face[1]:g} mm face")
        return Points(points=[centre])
    if loc.kind == "pcd":
        return _circle(clause, loc, count, d, face, centre)
    if loc.kind == "each_end":
        return _pair(clause, count, d, face, centre)
    if loc.kind == "corners" and loc.values == (1.0,) and count == 1:
        count = 4  # "a hole in each corner": one at each of the four
    if count != 4:
        raise reject(f"{count} hole(s) on a rectangular pattern: a rectangle of centres has 4 holes")
    if loc.kind == "grid":
        su, sv = _grid_sides(loc, face, notes)
    else:
        su, sv = pattern_extent(clause, face) or (0.0, 0.0)
    if su <= 0 or sv <= 0 or abs(centre[0]) + su / 2 + d / 2 > face[0] / 2 or abs(centre[1]) + sv / 2 + d / 2 > face[1] / 2:
        raise reject(f"a {su:g} x {sv:g} hole pattern does not fit on the {face[0]:g} x {face[1]:g} mm face")
    # a 2 x 2 grid (the same points in the same order): an edit can then move it as a corner pattern
    return GridPattern(count_x=2, count_y=2, spacing_x=su, spacing_y=sv, center=centre)


def _pair(clause: Clause, count: int, d: float, face: tuple[float, float], centre: tuple[float, float]) -> Points:
    if count != 2:
        raise reject(f"{count} hole(s) 'from each end': that places one hole at each end, 2 in all")
    su, sv = pattern_extent(clause, face) or (0.0, 0.0)
    if max(su, sv) <= 0 or su + d > face[0] + 1e-9 or sv + d > face[1] + 1e-9:
        raise reject("the holes 'from each end' do not fit on the part")
    u, v = centre
    return Points(points=[(u - su / 2, v - sv / 2), (u + su / 2, v + sv / 2)])


def _circle(clause: Clause, loc: Loc, count: int, d: float, face: tuple[float, float],
            centre: tuple[float, float]) -> PolarPattern:
    pcd = float(loc.value or 0.0)
    if count < 2:
        raise reject("a bolt circle needs the number of holes (e.g. '6x Ø9 on a 70 mm PCD')")
    pitch = next((lc.value for lc in clause.locs if lc.kind == "angle_pitch"), None)
    if pitch is not None and abs(float(pitch) * count - 360.0) > 1e-6:
        raise reject(f"{count} holes {float(pitch):g}° apart do not go round the circle evenly: give the angle of each")
    if abs(centre[0]) + (pcd + d) / 2 > face[0] / 2 or abs(centre[1]) + (pcd + d) / 2 > face[1] / 2:
        raise reject(f"a {pcd:g} mm bolt circle does not fit on the {face[0]:g} x {face[1]:g} mm face")
    return PolarPattern(count=count, diameter=pcd, center=centre)
