"""Where features go on a face: centre, corners N mm from the edges, bolt circles (PCD), grids, rows, clock
positions, "N mm from the left edge". Positions are ``[u, v]`` offsets from the face centre (task-graph convention).
"""

from __future__ import annotations

import math

from ai_designer.core.errors import PlanError
from ai_designer.planning.circle_places import Face, Placed, count_of, on_circle, on_clock
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.hole_places import ROUND_BODIES, base_body
from ai_designer.planning.intent import Est
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.polygon_centres import face_offset, on_polygon, shifted
from ai_designer.schemas.task_graph import GridPattern, LinearPattern, Points, Positions

__all__ = ["place", "default_inset"]


def default_inset(size: float) -> float:
    """A machinist's edge distance: 1.5 x the feature size, rounded up to 0.5 mm."""
    return math.ceil(1.5 * size * 2) / 2


def _from_sides(ctx: Ctx, ph: Phrase, face: str, su: float, sv: float) -> tuple[float | None, float | None]:
    """Offsets from named edges -> (u, v) from the face centre; None where no edge was named."""
    u = v = None
    axes = {"top": ("left", "right", "front", "back"), "bottom": ("left", "right", "front", "back"),
            "front": ("left", "right", "bottom", "top"), "back": ("left", "right", "bottom", "top"),
            "left": ("front", "back", "bottom", "top"), "right": ("front", "back", "bottom", "top")}[face]
    aliases = {"front": "bottom", "back": "top"} if face in ("top", "bottom") else {}
    for side, sign, axis in ((axes[0], -1, "u"), (axes[1], 1, "u"), (axes[2], -1, "v"), (axes[3], 1, "v")):
        d = ctx.slot(ph, f"from_{side}")
        if d is None and side in aliases and ctx.slot(ph, f"from_{aliases[side]}") is not None:
            d = ctx.slot(ph, f"from_{aliases[side]}")  # "15 mm from the top edge" of a plate seen from above
            ctx.assume(f"'{aliases[side]} edge' of the {face} face read as its {side} edge (plan view)")
        if d is None:
            continue
        half = su / 2 if axis == "u" else sv / 2
        if d > 2 * half:
            raise PlanError(f"{d:g} mm from the {side} edge is outside the {2 * half:g} mm face")
        val = sign * (half - d)
        if axis == "u":
            u = val
        else:
            v = val
    # long/short edges: the long edge runs along the longer side, so its distance sets the other coordinate
    for name, along_long in (("long", True), ("short", False)):
        d = ctx.slot(ph, f"from_{name}")
        if d is None:
            continue
        u_is_long = su >= sv
        if along_long == u_is_long:
            v = sv / 2 - d
        else:
            u = su / 2 - d
    return u, v


def place(ctx: Ctx, ph: Phrase, target: Est, face: str, size: float, *, what: str) -> tuple[Positions, int]:
    """Positions for ``count`` features of footprint ``size`` on ``face`` of ``target``; each must sit on the face."""
    at, n = _place(ctx, ph, target, face, size, what=what)
    su, sv = target.face_size(face)
    for u, v in at.resolve():
        # a hole must stay inside on both axes ("a 10 mm cross hole 3 mm from the top" broke out of the top)
        over = (abs(u) + size / 2 > su / 2 + 1e-6, abs(v) + size / 2 > sv / 2 + 1e-6)
        if abs(u) > su / 2 + 1e-6 or abs(v) > sv / 2 + 1e-6 or all(over) or (what == "hole" and any(over)):
            raise PlanError(f"a {what} at ({round(u, 3):g}, {round(v, 3):g}) mm from the centre is off the {su:g} x {sv:g} mm {face} face")
    return at, n


def _place(ctx: Ctx, ph: Phrase, target: Est, face: str, size: float, *, what: str) -> Placed:
    su, sv = target.face_size(face)
    f = Face(su, sv, face, size, what)
    fu, fv = _from_sides(ctx, ph, face, su, sv)
    pcd = _pcd(ctx, ph)
    cu, cv = face_offset(ctx.ops, target.lo, target.hi, face)  # an odd polygon's centre is not the face's middle
    hit = _on_square(ctx, ph, f) or on_clock(ctx, ph, f, pcd) or on_circle(ctx, ph, f, pcd)
    if hit:
        return shifted(hit[0], cu, cv), hit[1]
    if cu or cv:
        return on_polygon(ctx, ph, f, (fu, fv), (cu, cv), target, _single)
    spacing_toks = ph.slots.get("spacing")
    spacing = ctx.mm(spacing_toks[0]) if spacing_toks else None
    inset = ctx.slot(ph, "inset", "from_edges")
    if inset is not None and ctx.tray_wall and "wall" in " ".join(t.text for t in ph.toks if t.concept == "dim:inset"):
        inset += ctx.tray_wall  # "8 mm from the walls" of a tray: from the inside of the walls
        ctx.assume(f"{what}s measured from the inside of the {ctx.tray_wall:g} mm walls")
    hit = _on_grid(ctx, ph, f, spacing, inset) or _at_corners(ctx, ph, f, inset) or _at_ends(ctx, ph, f)
    if hit:
        return hit
    n = count_of(ph, 1) or 1
    if n > 1:
        fu, fv, inset = _row_edge_shift(ctx, ph, f, (fu, fv), inset)
        return _in_row(ctx, ph, f, n, (fu, fv), spacing, inset)
    return _single(ctx, ph, f, fu, fv)


def _pcd(ctx: Ctx, ph: Phrase) -> float | None:
    """The bolt circle's diameter: "on a 75 PCD", "on a circle of radius 35", and "ON R22 B.C." — a radius word
    right before the number the circle took (it built the holes on a 22 mm circle)."""
    toks = ph.slots.get("pcd")
    if toks:
        k = next((i for i, t in enumerate(ph.toks) if t is toks[0]), None)
        before = [t for t in ph.toks[:k] if t.concept != "filler"] if k is not None else []
        if before and before[-1].concept == "dim:radius":
            before[-1].slot = "read"
            ctx.assume(f"bolt circle radius {ctx.mm(toks[0])[-1]:g} mm: {2 * ctx.mm(toks[0])[-1]:g} mm diameter")
            return 2 * ctx.mm(toks[0])[-1]
        return ctx.mm(toks[0])[-1]
    r = ctx.slot(ph, "pcd_radius")
    return None if r is None else 2 * r


def _on_square(ctx: Ctx, ph: Phrase, f: Face) -> Placed | None:
    """"four M3 holes on a 31 mm square pattern": the corners of that square (or rectangle)."""
    square = ph.slots.get("square")
    if not square:
        return None
    sx, sy = ctx.mm(square[0])[0], ctx.mm(square[0])[-1]
    if (ph.count or 4) != 4:
        raise PlanError(f"{ph.count} {f.what}s on a square pattern: a square has 4 corners")
    return GridPattern(count_x=2, count_y=2, spacing_x=sx, spacing_y=sy), 4


def _on_grid(ctx: Ctx, ph: Phrase, f: Face, spacing: tuple[float, ...] | None,
             inset: float | None) -> Placed | None:
    """"a 3 x 4 grid at 20 mm spacing", "16 holes in a grid" (square), spread to the edges when no spacing."""
    grid = ph.slots.get("grid")
    if not (grid or ph.has("pos:grid")):
        return None
    what = f.what
    if grid:
        nx, ny = (int(grid[0].values[0]), int(grid[0].values[-1]))
        if ph.count is not None and ph.count != nx * ny:  # "8 holes in a 3 x 2 grid" built 6
            raise reject(f"'{ph.text}': {ph.count} {what}s do not make a {nx} x {ny} grid ({nx * ny})")
    else:
        n = int(ctx.need(count_of(ph), f"the grid size of the {what}s", "a 3 x 4 grid of holes at 20 mm spacing"))
        nx = ny = int(round(math.sqrt(n)))
        if nx * ny != n:
            raise PlanError(f"{n} {what}s do not make a square grid; say e.g. '{n} holes in a 2 x {n // 2} grid'")
    if spacing is None:
        m = inset if inset is not None else default_inset(f.size)
        spacing = ((f.su - 2 * m) / (nx - 1) if nx > 1 else 0.0, (f.sv - 2 * m) / (ny - 1) if ny > 1 else 0.0)
        ctx.assume(f"{what} grid spread to {m:g} mm from the edges (no spacing given)")
    sx, sy = spacing[0], spacing[-1]
    side = next((k[5:] for k in ph.slots if k.startswith("from_")), None)
    if side is not None:  # "a 4 by 4 grid …, 10 mm from the left edge" was centred on the face
        raise reject(f"'{ph.text}': a grid is placed centred on the face offline; a distance from the {side} edge "
                     "(to its first row? its edge?) is not read")
    if (nx - 1) * sx + f.size > f.su + 1e-6 or (ny - 1) * sy + f.size > f.sv + 1e-6:
        raise PlanError(f"a {nx} x {ny} grid of {f.size:g} mm {what}s at {sx:g} x {sy:g} mm spacing does not fit "
                        f"on the {f.su:g} x {f.sv:g} mm face")
    return GridPattern(count_x=nx, count_y=ny, spacing_x=sx, spacing_y=sy), nx * ny


_ONE = {"one", "another", "1"}
_MIDDLE = {"middle", "in the middle", "at the center", "at the centre", "dead center", "midpoint"}


def _corner_distances(ctx: Ctx, ph: Phrase, from_corners: bool, inset: float | None,
                      sides: list[float | None]) -> None:
    """"10 mm from each corner" is read as that far from both edges (the usual meaning, recorded: it is not the
    diagonal distance); "10 mm in from the long edges" alone does not place a corner feature (from the short ones?)."""
    if from_corners and inset is not None:
        ctx.assume(f"'{inset:g} mm from each corner' read as {inset:g} mm from both edges at each corner")
    if inset is None and sum(s is not None for s in sides) == 1:
        raise reject(f"'{ph.text}' gives the distance from one pair of edges only (say e.g. '10 mm from the long "
                     "edges and 15 mm from the short edges')")


_SIDES = ("left", "right", "front", "back", "top", "bottom")


def _corner_sides(ph: Phrase, one: tuple[int, int] | None, luv: tuple[float | None, float | None]) -> None:
    """"in the upper left corner, 10 mm from the top and 15 mm from the left": the distances from named edges place
    the one corner feature (they were dropped for the 1.5 x size default); they must be that corner's edges, and a
    pattern at every corner is not placed by one side's distance."""
    named = [t for t in ph.slots if t.startswith("from_") and t[5:] in _SIDES]
    if not named:
        return
    if one is None:
        raise reject(f"'{ph.text}': a distance from the {named[0][5:]} edge does not place features at every corner "
                     "(say e.g. '10 mm from both edges', or '10 mm from the long edges and 15 mm from the short edges')")
    for sign, value in zip(one, luv, strict=True):
        if value is not None and (value > 0) != (sign > 0):
            raise reject(f"'{ph.text}': the distances are measured from edges of another corner than the one named")


def _at_corners(ctx: Ctx, ph: Phrase, f: Face, inset: float | None) -> Placed | None:
    """"at the corners, 6 mm from both edges", "10 from the long edges and 15 from the short", one named corner."""
    from_corners = any(t.concept == "dim:inset" and "corner" in t.text for t in ph.toks)
    if not (ph.has("pos:corners") or (count_of(ph) == 4 and inset is not None and not ph.has("pos:row")) or (
            from_corners and ph.count in (None, 4))):
        return None
    if any(t.concept == "pos:center" and t.text in _MIDDLE and {x.text for x in ph.toks[max(0, i - 3):i]} & _ONE
           for i, t in enumerate(ph.toks)):  # "holes at each corner and one in the middle": never drop that one
        raise reject(f"'{ph.text}' places {f.what}s both at the corners and in the middle: describe them as two "
                     f"groups (e.g. 'four 5 mm holes at the corners, 8 mm in, and a 5 mm hole in the middle')")
    if f.name in ("top", "bottom") and isinstance(base_body(ctx, ctx.current), ROUND_BODIES):
        raise reject(f"'{ph.text}': the {f.name} face of a round part has no corners — say where the {f.what}s go "
                     "(e.g. 'on a 30 mm circle, equally spaced')")
    su, sv, what = f.su, f.sv, f.what
    n = 4 if from_corners and ph.count is None else count_of(ph, 4)
    _corner_distances(ctx, ph, from_corners, inset, [ctx.slot(ph, "from_long"), ctx.slot(ph, "from_short")])
    iu = iv = inset
    one = _one_corner(ph, f.name)
    lu, lv = _from_sides(ctx, ph, f.name, su, sv)
    _corner_sides(ph, one, (lu, lv))
    iu = su / 2 - abs(lu) if lu is not None else iu
    iv = sv / 2 - abs(lv) if lv is not None else iv
    if iu is None or iv is None:
        d = default_inset(f.size)
        iu, iv = iu if iu is not None else d, iv if iv is not None else d
        ctx.assume(f"corner {what}s: {d:g} mm from the edges (1.5 x size, not stated)")
    if one is not None and n in (1, 4) and ph.count in (None, 1):
        (a, b) = one
        return Points(points=[(a * (su / 2 - iu), b * (sv / 2 - iv))]), 1
    if n != 4:
        raise PlanError(f"{n} {what}s 'at the corners': a face has 4 corners")
    if 2 * iu >= su or 2 * iv >= sv:
        raise PlanError(f"corner {what}s {iu:g} mm from the edges do not fit on a {su:g} x {sv:g} mm face")
    return GridPattern(count_x=2, count_y=2, spacing_x=su - 2 * iu, spacing_y=sv - 2 * iv), 4


def _at_ends(ctx: Ctx, ph: Phrase, f: Face) -> Placed | None:
    """"10 mm from each end": one at each end of the long direction."""
    sides = _at_long_edges(ctx, ph, f)
    if sides is not None:
        return sides
    ends = ctx.slot(ph, "from_short")
    words = ph.text.split()
    both_ends = any(a == "both" and b.startswith("end") for a, b in zip(words, words[1:], strict=False))
    if ends is None or ph.count not in (None, 2) or not (ph.has("mod:each") or both_ends):
        return None  # "through both walls, 15 from one end" is one hole: "both" counts walls, not ends
    other = next((k for k, v in ph.slots.items() if v and k.startswith(("from_", "to_", "inset")) and k != "from_short"),
                 None)
    if other is not None:  # "20 mm from each end, 10 mm from the front": the second distance was dropped (centred)
        raise reject(f"'{ph.text}': one {f.what} at each end, and a second distance ({other.replace('_', ' ')}) — "
                     f"the offline planner places such a pair on the centre line only (give each {f.what}'s place, "
                     "e.g. 'at x = 20, y = 10')")
    ph.asked.add("side:short")
    u_long = f.su >= f.sv
    off = (f.su if u_long else f.sv) / 2 - ends
    pts = [(-off, 0.0), (off, 0.0)] if u_long else [(0.0, -off), (0.0, off)]
    return Points(points=pts), 2


def _at_long_edges(ctx: Ctx, ph: Phrase, f: Face) -> Placed | None:
    """"two holes 10 mm from each long edge": one near each long edge, across the middle of the length (they were
    spread along the length at the centre line, as if from the ends). Several features "from the long edge(s)"
    otherwise could be one row or two, and a row along either edge: refused (it went along the back one)."""
    d = ctx.slot(ph, "from_long")
    n = count_of(ph, 1) or 1
    if d is None or ctx.slot(ph, "from_short") is not None or n < 2:
        return None
    if not ph.has("mod:each") or n != 2:
        raise reject(f"'{ph.text}': {n} {f.what}s a distance from the long edges — one near each long edge, or a "
                     "row along one? (say e.g. 'one 10 mm from each long edge', or give the row's spacing)")
    ph.asked.add("side:long")
    off = (f.sv if f.su >= f.sv else f.su) / 2 - d
    pts = [(0.0, -off), (0.0, off)] if f.su >= f.sv else [(-off, 0.0), (off, 0.0)]
    return Points(points=pts), 2


def _row_edge_shift(ctx: Ctx, ph: Phrase, f: Face, fuv: tuple[float | None, float | None],
                    inset: float | None) -> tuple[float | None, float | None, float | None]:
    """"a row of 6 holes along the front edge, 10 from the edge": the row moves to that edge."""
    fu, fv = fuv
    edge = _row_edge(ph) if f.name in ("top", "bottom") else None
    if edge is None:
        return fu, fv, inset
    m = inset if inset is not None else default_inset(f.size)
    if inset is None:
        ctx.assume(f"{f.what}s along the {edge} edge: {m:g} mm from it")
    sign = -1 if edge in ("front", "left") else 1
    if edge in ("front", "back"):
        fv, ph.concepts = sign * (f.sv / 2 - m), [*ph.concepts, "mod:along_x"]
    else:
        fu, ph.concepts = sign * (f.su / 2 - m), [*ph.concepts, "mod:along_y"]
    return fu, fv, None


def _in_row(ctx: Ctx, ph: Phrase, f: Face, n: int, fuv: tuple[float | None, float | None],
            spacing: tuple[float, ...] | None, inset: float | None) -> Placed:
    """``n`` features in a row (along the longer side unless stated), pitch from spacing, gap or the ends."""
    su, sv, what, size = f.su, f.sv, f.what, f.size
    along_y = ph.has("mod:along_y") or (not ph.has("mod:along_x") and sv > su and f.name in ("top", "bottom"))
    length = sv if along_y else su
    gap = ctx.slot(ph, "gap")
    if spacing is None and gap is not None:
        spacing = (gap + size,)
    if spacing is None and inset is None and ph.has("pos:polar"):  # "3 holes equally spaced along the length"
        spacing = (length / n,)
        ctx.assume(f"{n} {what}s equally spaced along {'Y' if along_y else 'X'}: {length / n:g} mm pitch, "
                   "half a pitch from the ends")
    if spacing is None:
        m = inset if inset is not None else default_inset(size)
        spacing = ((length - 2 * m) / (n - 1),)
        ctx.assume(f"{n} {what}s in a row along {'Y' if along_y else 'X'}, spread to {m:g} mm from the ends")
    elif not ph.has("pos:row"):
        ctx.assume(f"{n} {what}s in a row along {'Y' if along_y else 'X'}, centred")
    square_face = abs(su - sv) < 1e-6 * max(su, sv) + 1e-9
    if n == 4 and not ph.has("pos:row") and not ph.has("mod:along_x") and not ph.has("mod:along_y") and (
            square_face or (n - 1) * spacing[0] + size > length + 1e-6) and spacing[0] + size <= min(su, sv):
        ctx.assume(f"4 {what}s {spacing[0]:g} mm apart read as a square pattern")
        return GridPattern(count_x=2, count_y=2, spacing_x=spacing[0], spacing_y=spacing[-1]), 4
    if (n - 1) * spacing[0] + size > length + 1e-6:
        raise PlanError(f"{n} {what}s {spacing[0]:g} mm apart do not fit in {length:g} mm")
    center = (fuv[0] or 0.0, fuv[1] or 0.0)
    return LinearPattern(count=n, spacing=spacing[0], angle=90.0 if along_y else 0.0, center=center), n


def _single(ctx: Ctx, ph: Phrase, f: Face, fu: float | None, fv: float | None) -> Placed:
    """One feature: coordinates, offsets from the sides, next to an earlier one, or halfway."""
    what, face = f.what, f.name
    u, v = fu or 0.0, fv or 0.0
    x, y = ctx.slot(ph, "xpos"), ctx.slot(ph, "ypos")
    if (x is not None or y is not None) and face in ("top", "bottom"):
        u, v = x or 0.0, y or 0.0  # "at x=20, y=10": model coordinates, the part is centred on the origin
        ctx.assume(f"{what} at x={u:g}, y={v:g} from the part's centre (model origin)")
    du, dv = _offsets(ctx, ph, face)
    if (du or dv) and ph.has("rel:next_to") or ph.has("rel:next_to"):
        ref = _last_point(ctx, face)
        if ref is None:
            raise PlanError(f"'next to' needs an earlier single feature on the {face} face to be next to")
        if not (du or dv):
            raise PlanError(f"say how far the {what} is from it, e.g. '20 mm to the right'")
        u, v = ref
    elif halfway := _halfway(ph, face, f.su, f.sv):
        u, v = halfway
    elif (fu is None) != (fv is None):
        ctx.assume(f"{what}: centred along the other direction")
    return Points(points=[(u + du, v + dv)]), 1


_DIRS = {"top": {"right": (1, 0), "left": (-1, 0), "back": (0, 1), "front": (0, -1)},
         "bottom": {"right": (1, 0), "left": (-1, 0), "back": (0, 1), "front": (0, -1)},
         "front": {"right": (1, 0), "left": (-1, 0), "top": (0, 1), "bottom": (0, -1)},
         "back": {"right": (1, 0), "left": (-1, 0), "top": (0, 1), "bottom": (0, -1)},
         "left": {"back": (1, 0), "front": (-1, 0), "top": (0, 1), "bottom": (0, -1)},
         "right": {"back": (1, 0), "front": (-1, 0), "top": (0, 1), "bottom": (0, -1)}}


_VERTICAL_WORDS = {"top": 1, "upper": 1, "back": 1, "rear": 1, "far": 1, "bottom": -1, "lower": -1, "front": -1,
                   "near": -1}


def _one_corner(ph: Phrase, face: str) -> tuple[int, int] | None:
    """"the upper left corner", "front-right corner" -> signs of (u, v) for one corner, else None."""
    words = ph.text.split()
    k = next((i for i, t in enumerate(ph.toks) if t.concept == "pos:corners"), None)
    if k is not None:  # the corner's own words: "… upper left corner, 20 mm from the right edge" is not top right
        words = [w for t in ph.toks[max(0, k - 4):k] for w in t.text.lower().replace("-", " ").split()]
    h = 1 if "right" in words else -1 if "left" in words else 0
    vs = [_VERTICAL_WORDS[w] for w in words if w in _VERTICAL_WORDS and not (w in ("top", "bottom") and face in (
        "top", "bottom") and f"{w} face" in ph.text)]
    if h == 0 or not vs or any(c == "pos:corners" and t.text in ("corners", "each corner", "every corner",
                                                               "all four corners", "four corners", "the corners")
                               for t in ph.toks for c in [t.concept]):
        return None
    return h, vs[0]


def _offsets(ctx: Ctx, ph: Phrase, face: str) -> tuple[float, float]:
    """"20 mm to the right", "15 mm to the back": an offset in face coordinates."""
    du = dv = 0.0
    for side, (su, sv) in _DIRS[face].items():
        d = ctx.slot(ph, f"to_{side}")
        if d is not None:
            du, dv = du + su * d, dv + sv * d
    return du, dv


def _last_point(ctx: Ctx, face: str) -> tuple[float, float] | None:
    from ai_designer.schemas.task_graph import Boss, Hole, Pocket

    for op in reversed(ctx.ops):
        if isinstance(op, (Hole, Pocket, Boss)) and op.face == face:
            pts = op.at.resolve()
            return pts[0] if len(pts) == 1 else None
    return None


def _halfway(ph: Phrase, face: str, su: float, sv: float) -> tuple[float, float] | None:
    """"halfway between the centre and the left edge" -> a quarter of the face from the centre."""
    if not ph.mentions("pos:halfway"):
        return None
    for t in ph.toks:
        side = (t.concept or "").removeprefix("face:")
        if side in _DIRS[face]:
            ph.asked.update(("face", "edge:all", "pos:halfway"))
            a, b = _DIRS[face][side]
            return a * su / 4, b * sv / 4
    return None


def _row_edge(ph: Phrase) -> str | None:
    """The edge a row runs along: "along the front edge", "near the left edge" (not "10 mm from the left edge",
    which is an offset)."""
    toks = [t for t in ph.toks if t.concept != "filler"]
    ph.asked.update(("face", "edge:all"))
    for k in range(1, len(toks) - 1):
        c = toks[k].concept or ""
        if c.startswith("face:") and c != "face:side" and toks[k + 1].text in ("edge", "edges") \
                and toks[k - 1].kind != "qty" and (toks[k - 1].concept or "") not in ("mod:from", "dim:inset"):
            return c[5:]
    return None
