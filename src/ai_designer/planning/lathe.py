"""Turned parts: a round bar standing on Z whose outline is worked like on a lathe, composed as one exact revolve.

Stock is a cylinder ("Ø30 bar, part off at 80 long") or a list of sections from the bottom up ("Ø36 for the first
12 mm, then a straight taper from Ø36 down to Ø20 over the next 18 mm, then Ø20 for the remaining 20 mm"). Turning
works on the outline: "turn the last 25 mm at one end down to Ø28" and "a groove 10 wide down to Ø20, starting 30
from the left end" cut a plain diameter over a length of a cylindrical section; "chamfer both ends 2.5 x 45°" and
"a 4 x 45° chamfer on the outer edge at the small end" cut the outline's end corners. The outline is the revolve's
``[radius, z]`` points, so every step is exact. Ends: "one end" / "the right end" is the top (z = max), "the left
end" / "the other end" the bottom, recorded as assumptions. Anything that would cut across a step or a taper, or a
chamfer that does not fit, is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous
from ai_designer.schemas.task_graph import Boolean, Box, Cylinder, Hole, Operation, Placement, Points, Revolve

__all__ = ["keyway", "turned_body", "end_chamfer", "lathe_groove", "lathe_section", "lathe_check_length", "turn_down", "END_FACE",
           "end_face_of"]

Station = tuple[float, float]  # (radius, z) on the outer contour, bottom to top
#: which end of a bar standing on Z a word names
END_FACE = {"top": "top", "right": "top", "one": "top", "bottom": "bottom", "left": "bottom"}


def _revolve(b: Build, allow_axial_holes: bool = False) -> tuple[int, list[Station]]:
    """The index of the turned body in ``b.ops`` and its outer contour; a plain cylinder becomes a revolve.

    ``allow_axial_holes``: the body may already carry holes on its axis and keyways (which end chamfers and length
    checks leave alone)."""
    idx = next((i for i, op in enumerate(b.ops) if op.id == b.current), None)
    later: list[Operation] = []
    while idx is not None and allow_axial_holes and (isinstance(b.ops[idx], Hole) or _is_keyway(b.ops[idx])):
        feature = b.ops[idx]
        later.append(feature)
        target = feature.target if isinstance(feature, Hole) else feature.base  # type: ignore[union-attr]
        idx = next((i for i, op in enumerate(b.ops) if op.id == target), None)
    op = b.ops[idx] if idx is not None else None
    if not _axial(later) or not isinstance(op, (Cylinder, Revolve)) or not op.placement.is_identity() \
            or (isinstance(op, Revolve) and op.angle < 360):
        raise ambiguous("turning is read offline on a round bar standing on Z (e.g. 'Ø30 bar, 80 long') only")
    assert idx is not None
    if isinstance(op, Cylinder):
        r, h = op.diameter / 2, op.height
        return idx, [(r, 0.0), (r, h)]
    return idx, [(float(p[0]), float(p[1])) for p in op.points[1:-1]]


def turned_body(b: Build) -> None:
    """Refuse unless the part so far is a round bar standing on Z (with axial holes at most)."""
    _revolve(b, allow_axial_holes=True)


def end_face_of(b: Build, end: str) -> str:
    """The end face (``top``/``bottom`` of the bar standing on Z) that "one end", "the small end" or "the large
    end" names: "one end" only where both ends are alike, the small and large ends only where they differ."""
    _, contour = _revolve(b, allow_axial_holes=True)
    r_bottom, r_top = contour[0][0], contour[-1][0]
    if end == "one" and abs(r_top - r_bottom) > 1e-9:
        raise ambiguous("'one end' of a stepped part: say which (e.g. 'the small end')")
    if end in ("small", "large"):
        if abs(r_top - r_bottom) < 1e-9:
            raise ambiguous(f"'the {end} end': both ends of the part are the same size")
        return "top" if (r_top < r_bottom) == (end == "small") else "bottom"
    return END_FACE[end]


def _is_keyway(op: Operation) -> bool:
    return isinstance(op, Boolean) and op.kind == "cut" and op.id.startswith("keyway")


def _axial(holes: list[Operation]) -> bool:
    """Holes drilled on the axis from an end face: turning the outline leaves them as they are."""
    return all(_is_keyway(h) or isinstance(h, Hole) and h.face in ("top", "bottom") and isinstance(h.at, Points)
               and all(abs(u) < 1e-9 and abs(v) < 1e-9 for u, v in h.at.resolve()) for h in holes)


def _store(b: Build, idx: int, contour: list[Station]) -> None:
    clean: list[Station] = []
    for p in contour:
        if not clean or abs(p[0] - clean[-1][0]) > 1e-9 or abs(p[1] - clean[-1][1]) > 1e-9:
            clean.append(p)
    while len(clean) > 2 and abs(clean[-1][1] - clean[-2][1]) < 1e-9:
        clean.pop()  # a band turned at the end: the end face runs from the smaller radius to the axis
    while len(clean) > 2 and abs(clean[0][1] - clean[1][1]) < 1e-9:
        clean.pop(0)
    top = clean[-1][1]
    old = b.ops[idx]
    b.ops[idx] = Revolve(id=old.id, points=[(0.0, 0.0), *clean, (0.0, top)])


def lathe_section(b: Build, d0: float, d1: float, length: float) -> None:
    """A section from the bottom up: Ø``d0`` to Ø``d1`` (equal for a plain diameter) over ``length``."""
    if b.current is None:
        b.add(Revolve(id=b.new_id("turned"), points=[(0.0, 0.0), (d0 / 2, 0.0), (d1 / 2, length), (0.0, length)]))
        return
    idx, contour = _revolve(b)
    z = contour[-1][1]
    _store(b, idx, [*contour, (d0 / 2, z), (d1 / 2, z + length)])


def lathe_check_length(b: Build, overall: float | None) -> None:
    """"overall length 50": the sections must add up to it."""
    if overall is None:
        return
    _, contour = _revolve(b, allow_axial_holes=True)
    if abs(contour[-1][1] - overall) > 1e-6:
        raise PlanError(f"the sections add up to {contour[-1][1]:g} mm, but the overall length is {overall:g} mm")


def _cut_band(b: Build, z0: float, z1: float, d: float, what: str) -> None:
    """Turn Ø``d`` over z0..z1, inside one cylindrical section of the outline."""
    idx, contour = _revolve(b)
    for i, ((ra, za), (rb, zb)) in enumerate(zip(contour, contour[1:], strict=False)):
        if abs(ra - rb) < 1e-9 and za - 1e-9 <= z0 and z1 <= zb + 1e-9 and z1 > z0:
            if not 0 < d / 2 < ra:
                raise PlanError(f"{what}: Ø{d:g} is not smaller than the Ø{2 * ra:g} it is turned from")
            band = [(ra, z0), (d / 2, z0), (d / 2, z1), (ra, z1)]
            _store(b, idx, [*contour[:i + 1], *band, *contour[i + 1:]])
            return
    raise ambiguous(f"{what} is read offline within one plain diameter of the bar (not across a step or a taper)")


def turn_down(b: Build, length: float, d: float, end: str) -> None:
    _, contour = _revolve(b)
    top = contour[-1][1]
    if length >= top:
        raise PlanError(f"turning down {length:g} mm of a {top:g} mm long bar leaves no shoulder")
    if end == "one" and abs(contour[0][0] - contour[-1][0]) > 1e-9:
        raise ambiguous("turning 'one end' of a stepped part: say which end (e.g. 'the small end')")
    z0, z1 = (top - length, top) if END_FACE[end] == "top" else (0.0, length)
    b.assumptions.append(f"turned end: the {'top' if z1 == top else 'bottom'} of the bar (standing on Z)")
    _cut_band(b, z0, z1, d, "turning down")


def lathe_groove(b: Build, width: float, d: float, start: float, end: str) -> None:
    """A groove ``width`` wide down to Ø``d``, its near side ``start`` from the named end."""
    _, contour = _revolve(b)
    top = contour[-1][1]
    z0 = top - start - width if END_FACE[end] == "top" else start
    if z0 <= 0 or z0 + width >= top:
        raise PlanError(f"a {width:g} mm groove {start:g} mm from the end does not fit on the {top:g} mm bar")
    b.assumptions.append(f"the {end} end: the {END_FACE[end]} of the bar (standing on Z)")
    _cut_band(b, z0, z0 + width, d, "the groove")


def end_chamfer(b: Build, size: float, ends: str) -> None:
    """Chamfer the outer corner of the outline at ``ends`` (``top``, ``bottom``, ``both`` or ``small``)."""
    idx, contour = _revolve(b, allow_axial_holes=True)
    if ends == "small":
        r_top, r_bottom = contour[-1][0], contour[0][0]
        if abs(r_top - r_bottom) < 1e-9:
            raise ambiguous("'the small end': both ends are the same diameter")
        ends = "top" if r_top < r_bottom else "bottom"
    holes = [op for op in b.ops[idx + 1:] if isinstance(op, Hole)]
    keyways = [op for op in b.ops[idx + 1:] if isinstance(op, Box) and op.id.startswith("key_cutter")]
    if any(k.placement.at[2] < size or k.placement.at[2] + k.height > contour[-1][1] - size for k in keyways):
        raise ambiguous("a chamfer at an end the keyway runs into is not read offline")
    for end in ("top", "bottom") if ends == "both" else (ends,):
        if end == "bottom":
            contour = [(r, -z) for r, z in reversed(contour)]
        (r0, z0), (r1, z1) = contour[-2], contour[-1]
        if abs(r0 - r1) > 1e-9 or z1 - z0 < size - 1e-9 or r1 - size <= max((h.diameter / 2 for h in holes), default=0):
            raise ambiguous(f"a {size:g} mm chamfer does not fit the {end} end of the bar")
        contour = [*contour[:-1], (r1, z1 - size), (r1 - size, z1)]
        if end == "bottom":
            contour = [(r, -z) for r, z in reversed(contour)]
    _store(b, idx, contour)


def keyway(b: Build, width: float, depth: float, length: float, start: float, end: str) -> None:
    """A flat-bottomed, square-ended keyway in the side (+X) of a plain diameter: ``depth`` from the top of the
    round, ``start`` from the named end to its near end."""
    idx, contour = _revolve(b, allow_axial_holes=True)
    top = contour[-1][1]
    z0 = top - start - length if END_FACE.get(end) == "top" else start
    plain = [(ra, za, zb) for (ra, za), (rb, zb) in zip(contour, contour[1:], strict=False)
             if abs(ra - rb) < 1e-9 and za - 1e-9 <= z0 and z0 + length <= zb + 1e-9]
    if end not in END_FACE or z0 < 0 or z0 + length > top or not plain:
        raise ambiguous("the keyway is read offline within one plain diameter of the bar")
    r = plain[0][0]
    if not 0 < depth < r or width >= 2 * r:
        raise PlanError(f"a {width:g} x {depth:g} keyway does not fit a Ø{2 * r:g} bar")
    cutter = Box(id=b.new_id("key_cutter"), length=depth + 1.0, width=width, height=length,
                 placement=Placement(at=(r - depth + (depth + 1.0) / 2, 0.0, z0)))
    b.add(cutter, becomes_current=False)
    b.assumptions.append(f"keyway: in the +X side, {start:g} mm from the {END_FACE[end]} end of the bar")
    b.add(Boolean(id=b.new_id("keyway"), kind="cut", base=b.current or "", tools=[cutter.id]))
