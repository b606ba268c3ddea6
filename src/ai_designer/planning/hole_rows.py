"""A row of holes given by where the first one is and the pitch (shop wording).

"Drill a row of 5 holes Ø10 on the long centreline, the first one 20 from the left end, 40 pitch": the holes run
along the side the named end closes (X for the left/right end on the top face), starting that far from it; across
the row they must be placed too ("on the centreline"), or the prompt is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import FACE_UV
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Points

__all__ = ["row_positions"]

_NOT_WITH_ROW = ("from_face", "offset", "coord", "inset", "row")

_AXIS_OF_FACE = {"left": 0, "right": 0, "front": 1, "back": 1, "bottom": 2, "top": 2}


def row_positions(clause: Clause, face: str, d: float, sides: tuple[float, float]) -> Points | None:
    """Positions (face coordinates about the face centre) of a row of holes, or ``None`` when the clause has none."""
    if clause.loc("row_mid") is not None:
        return _centred_row(clause, face, d, sides)
    loc = clause.loc("row")
    if loc is None:
        return None
    ref = loc.face or ""
    u_ax, v_ax = FACE_UV[face]
    if ref == "end":  # "from one end": along the face's longer side, from either end alike (checked below)
        ref = _one_end(clause, face, sides)
    if face not in ("top", "bottom") or _AXIS_OF_FACE.get(ref) not in (u_ax, v_ax):
        raise ambiguous(f"a row of holes measured from the {ref} end is read offline on the top face only")
    along = 0 if _AXIS_OF_FACE[ref] == u_ax else 1
    across_axis = (u_ax, v_ax)[1 - along]
    if not any(lc.kind == "centre" and (not lc.axes or across_axis in lc.axes) for lc in clause.locs) or any(
            lc.kind in ("from_face", "offset", "coord", "inset") for lc in clause.locs):
        raise ambiguous("a row of holes: say where it runs across the part (e.g. 'on the centreline')")
    count = clause.noun.count if clause.noun else 1
    if count < 2:
        raise ambiguous("a row needs the number of holes (e.g. 'a row of 5 holes')")
    first, pitch = float(loc.value or 0.0), loc.values[0]
    sign = 1.0 if ref in ("left", "front", "bottom") else -1.0  # from the low end the row runs towards +axis
    start = -sign * sides[along] / 2 + sign * first
    coords = [start + sign * pitch * i for i in range(count)]
    if min(coords) - d / 2 < -sides[along] / 2 - 1e-9 or max(coords) + d / 2 > sides[along] / 2 + 1e-9 \
            or d >= sides[1 - along]:
        raise PlanError(f"{count} holes {pitch:g} mm apart from {first:g} mm do not fit on the part")
    return Points(points=[(c, 0.0) if along == 0 else (0.0, c) for c in coords])


def _centred_row(clause: Clause, face: str, d: float, sides: tuple[float, float]) -> Points:
    """"(3) Ø6 THRU ON CL, 25 APART": the holes at that pitch, centred along the centreline. The line they lie on
    must be said ("on the centreline", or "centred" on a face with one longer side); nothing else may place them."""
    pitch = clause.loc("row_mid").values[0]  # type: ignore[union-attr]
    count = clause.noun.count if clause.noun else 1
    if count < 2:
        raise ambiguous(f"'{pitch:g} apart' needs two or more holes (e.g. '(2) Ø8 THRU, {pitch:g} APART')")
    if face not in ("top", "bottom") or any(lc.kind in _NOT_WITH_ROW for lc in clause.locs):
        raise ambiguous("holes a pitch apart: say only the line they lie on (e.g. 'on the centreline, centred')")
    u_ax, v_ax = FACE_UV[face]
    centres = [lc for lc in clause.locs if lc.kind == "centre"]
    across = {ax for lc in centres for ax in lc.axes}
    if not centres:
        raise ambiguous("holes a pitch apart: say the line they lie on (e.g. 'on the centreline')")
    if across & {u_ax, v_ax} == {u_ax, v_ax} or not across:
        if abs(sides[0] - sides[1]) < 1e-6:
            raise ambiguous("holes a pitch apart on a square face: say along which side they run")
        along = 0 if sides[0] > sides[1] else 1
    else:
        along = 1 if u_ax in across else 0
    coords = [(i - (count - 1) / 2) * pitch for i in range(count)]
    if max(coords) + d / 2 > sides[along] / 2 + 1e-9 or d >= sides[1 - along]:
        raise PlanError(f"{count} holes {pitch:g} mm apart do not fit on the part")
    return Points(points=[(c, 0.0) if along == 0 else (0.0, c) for c in coords])


def _one_end(clause: Clause, face: str, sides: tuple[float, float]) -> str:
    """"20 from one end, then every 20": the row runs along the longer side and must end as far from the other end
    as it starts, else which end is meant changes the part and the prompt is refused."""
    loc = clause.loc("row")
    count = clause.noun.count if clause.noun else 1
    if abs(sides[0] - sides[1]) < 1e-6 or loc is None:
        raise ambiguous("a row 'from one end' of a square face: say which end")
    along = 0 if sides[0] > sides[1] else 1
    first, pitch = float(loc.value or 0.0), loc.values[0]
    if abs(2 * first + pitch * (count - 1) - sides[along]) > 1e-6:
        raise ambiguous("the row is not the same from either end: say which end it is measured from")
    return ("left", "front")[along] if face in ("top", "bottom") else "end"
