"""A hole's depth checked against the body it goes into.

"drill a blind 8 mm hole 40 mm deep" into a 30 mm block used to build a hole that comes out the other side: a
validated part that is not what the words say (blind) and not what the numbers say either. The plan's hole op
carries its face and depth; when it targets a plain box, cylinder or prism made in the same plan, the depth must fit
in the body along that face's normal.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import ambiguous

__all__ = ["check_hole_depths"]

_NORMAL = {"top": 2, "bottom": 2, "front": 1, "back": 1, "left": 0, "right": 0}


def _extent(op: Any, axis: int) -> float | None:
    """The body's size along ``axis`` in its own frame (``None``: a body this check does not know, or turned)."""
    rotate = getattr(getattr(op, "placement", None), "rotate", (0.0, 0.0, 0.0))
    if any(abs(a) > 1e-9 for a in rotate):
        return None
    kind = getattr(op, "op", "")
    if kind == "box":
        return float((op.length, op.width, op.height)[axis])
    if kind in ("cylinder", "prism", "tube") and axis == 2:
        return float(op.height)
    return None


def _round_parts(bodies: dict[Any, Any], op: Any) -> list[Any] | None:
    """The upright cylinders on the Z axis that make ``op`` (itself, or a union of them), else ``None``."""
    kind = getattr(op, "op", "")
    if kind == "cylinder":
        at = op.placement.at
        turned = any(abs(a) > 1e-9 for a in op.placement.rotate)
        return None if turned or abs(at[0]) > 1e-9 or abs(at[1]) > 1e-9 else [op]
    if kind == "boolean" and op.kind == "union":
        parts = [_round_parts(bodies, bodies.get(i)) for i in [op.base, *op.tools]]
        return None if any(p is None for p in parts) else [c for p in parts if p for c in p]
    return None


def _centred(op: Any) -> bool:
    points: Any = getattr(getattr(op, "at", None), "points", None)
    return bool(points) and len(points) == 1 and all(abs(v) < 1e-9 for v in points[0])


def _inside_bore(bores: dict[str, float], op: Any) -> None:
    """"collar, 36 od, 18 id, 14 long, with a 4 mm hole": the 4 mm hole went on the axis, inside the 18 mm bore,
    and cut nothing. A centred hole no wider than a centred through hole made just before it in the same chain of
    features is refused (``bores``: the widest centred through hole each feature's result carries)."""
    if getattr(op, "op", "") != "hole":
        return
    before = bores.get(str(getattr(op, "target", "")), 0.0)
    centred = op.face in ("top", "bottom") and _centred(op)
    if centred and before and op.diameter <= before + 1e-9:
        raise ambiguous(f"a Ø{op.diameter:g} hole in the centre, inside the Ø{before:g} bore already there, cuts "
                        "nothing: say where it goes")
    bores[str(op.id)] = max(before, float(op.diameter)) if centred and op.depth is None else before


def _window_fits(bodies: dict[Any, Any], op: Any) -> None:
    """A centred rectangular pocket on the top or bottom of a plain box must fit inside that face ("a window
    150 x 30" in a 120 mm plate cut it in two)."""
    profile: Any = getattr(op, "profile", None)
    if getattr(op, "op", "") != "pocket" or getattr(profile, "shape", "") != "rectangle" or not _centred(op) \
            or getattr(op, "depth", None) is not None:  # a groove is built past the ends on purpose
        return
    target: Any = bodies.get(op.target)
    if getattr(target, "op", "") != "box" or op.face not in ("top", "bottom") or _extent(target, 0) is None:
        return
    turned = abs(float(getattr(op, "angle", 0.0) or 0.0)) > 1e-9
    if not turned and (profile.length >= target.length - 1e-9 or profile.width >= target.width - 1e-9):
        raise PlanError(f"a {profile.length:g} x {profile.width:g} cut-out does not fit inside the "
                        f"{target.length:g} x {target.width:g} face it is centred on")


def _chain_start(bodies: dict[Any, Any], op: Any) -> Any:
    """The body a chain of cut features (holes, pockets, fillets, chamfers) on ``op``'s target starts from."""
    body = bodies.get(getattr(op, "target", None))
    for _ in range(len(bodies)):
        if getattr(body, "op", "") not in ("hole", "pocket", "fillet", "chamfer"):
            break
        body = bodies.get(getattr(body, "target", None))
    return body


def _base_box(bodies: dict[Any, Any], op: Any) -> Any:
    """The plain, unturned box a chain of cut features starts from, else ``None``."""
    body = _chain_start(bodies, op)
    return body if getattr(body, "op", "") == "box" and _extent(body, 0) is not None else None


def _half_sizes(op: Any) -> tuple[float, float] | None:
    """Half the pocket's extent along the face's two axes (``None``: a shape or turn this check does not know)."""
    profile: Any = getattr(op, "profile", None)
    shape = getattr(profile, "shape", "")
    turn = abs(float(getattr(op, "angle", 0.0) or 0.0)) % 180
    if shape == "circle":
        return profile.diameter / 2, profile.diameter / 2
    if shape not in ("rectangle", "rounded_rectangle", "slot") or turn not in (0.0, 90.0):
        return None
    du, dv = profile.length / 2, profile.width / 2
    return (dv, du) if turn == 90.0 else (du, dv)


def _pockets_fit(bodies: dict[Any, Any], op: Any) -> None:
    """Each pocket or slot of a plate's top or bottom lies inside the face and clear of the others of its pattern:
    "a 40 x 20 pocket 10 mm from the left edge" was centred 10 mm in (half of it off the part: a notch; one that
    reaches the edge is open there too), "two slots 40 long, 30 apart" ran into each other (one 70 mm slot). A cut
    the full length or width of the face (a groove, a channel) is exempt."""
    on_face = getattr(op, "op", "") == "pocket" and op.face in ("top", "bottom")
    start = _chain_start(bodies, op) if on_face else None
    half = _half_sizes(op) if start is not None else None
    if half is not None and getattr(start, "op", "") == "cylinder" and _extent(start, 2) is not None:
        _on_disc(op, start, half)
    box = _base_box(bodies, op) if on_face else None
    if box is None or half is None:
        return
    du, dv = half
    if 2 * du >= box.length - 1e-6 or 2 * dv >= box.width - 1e-6:
        return
    points = op.at.resolve()
    for u, v in points:
        if abs(u) + du > box.length / 2 - 1e-6 or abs(v) + dv > box.width / 2 - 1e-6:
            raise PlanError(f"the {op.id} centred at ({u:g}, {v:g}) reaches the edge of the {box.length:g} x "
                            f"{box.width:g} face (a distance from an edge places the centre of a cut): give a place "
                            "that keeps it inside")
    for i, (u, v) in enumerate(points):
        if any(abs(u - a) < 2 * du - 1e-6 and abs(v - b) < 2 * dv - 1e-6 for a, b in points[i + 1:]):
            raise PlanError(f"the {op.id} cuts of one pattern run into each other: give a spacing that keeps them apart")


def _on_disc(op: Any, disc: Any, half: tuple[float, float]) -> None:
    """Pockets on a disc's face stay inside its rim ("four 10 mm pockets on a 50 mm PCD" of a 60 mm disc reached it)."""
    rim = disc.diameter / 2
    if max(half) >= rim - 1e-6:  # a slot or groove across the whole face runs past the rim on purpose
        return
    for u, v in op.at.resolve():
        corner = ((abs(u) + half[0]) ** 2 + (abs(v) + half[1]) ** 2) ** 0.5
        reach = (u * u + v * v) ** 0.5 + half[0] if getattr(op.profile, "shape", "") == "circle" else corner
        if reach > rim - 1e-6:
            raise PlanError(f"the {op.id} centred at ({u:g}, {v:g}) reaches the rim of the Ø{disc.diameter:g} face: give "
                            "a place that keeps it inside")


def _cbore_fits(bodies: dict[Any, Any], op: Any) -> None:
    """"Counterbore the holes 11 mm, 25 deep" in a 20 mm block: the counterbore ran out of the far side, leaving
    11 mm through holes; it must stop inside the body (its depth less than the body's thickness there)."""
    cdepth = getattr(op, "cbore_depth", None)
    if getattr(op, "op", "") != "hole" or getattr(op, "kind", "") != "counterbore" or not cdepth:
        return
    target = bodies.get(getattr(op, "target", None))
    axis = _NORMAL.get(str(getattr(op, "face", "top")))
    extent = _extent(target, axis) if target is not None and axis is not None else None
    if extent is not None and cdepth >= extent - 1e-9:
        raise PlanError(f"a {cdepth:g} mm deep counterbore in a part {extent:g} mm thick there goes right through: "
                        "give a depth that leaves the hole below it")


def check_hole_depths(ops: list[Any]) -> None:
    """Refuse a hole deeper than the plain body it is drilled into (it would be a through hole), and a bore through
    round stock as wide as its narrowest part ("BODY Ø16 … BORE Ø18 THRU" cut the body away)."""
    bodies = {getattr(op, "id", None): op for op in ops}
    bores: dict[str, float] = {}
    for op in ops:
        _window_fits(bodies, op)
        _pockets_fit(bodies, op)
        _inside_bore(bores, op)
        if getattr(op, "op", "") == "hole" and op.depth is None and op.face in ("top", "bottom") and _centred(op):
            parts = _round_parts(bodies, bodies.get(op.target))
            narrowest = min((float(c.diameter) for c in parts), default=None) if parts else None
            if narrowest is not None and op.diameter >= narrowest - 1e-9:
                raise PlanError(f"a Ø{op.diameter:g} bore through round stock whose narrowest part is Ø{narrowest:g}: "
                                "the bore must be smaller")
        _cbore_fits(bodies, op)
        depth = getattr(op, "depth", None)
        if getattr(op, "op", "") not in ("hole", "pocket") or depth is None:
            continue  # a pocket too: "POCKET 50 x 30 x 12 DP" in a 10 mm plate was cut through
        target = _chain_start(bodies, op)  # the body under a chain of features (a pocket cut after holes, too)
        axis = _NORMAL.get(str(getattr(op, "face", "top")))
        extent = _extent(target, axis) if target is not None and axis is not None else None
        if extent is not None and depth > extent + 1e-9:
            raise PlanError(f"the {depth:g} mm deep {op.op} goes into a part {extent:g} mm thick there: say 'through', "
                            "or a depth that fits")
