"""Clauses of the ``joins8`` block read as the clauses the other blocks compose (``semantics_joins8.py``).

"Subtract a Ø10 cylinder along the axis through the full 50 height", "run a 6 mm hole right through along the
axis, 60 long in total": ``axis_bores`` (a pass) reads a cylinder cut down the part's axis, or a hole there with its
length said, as a hole through the part whose length is the one said — so the extent check (``compose_extent``)
refuses it when the part is not that long. A cylinder tool with any other size (a length, a second diameter) or
place is left as it was said, for the other blocks to build or refuse.

"Sketch a 60 x 40 rectangle. Offset it outward by 5 mm … and keep the band between the offset outline and the
original rectangle. Extrude that band 8 mm": ``band_frames`` (a pass) joins the rectangle, the band and its height
into the frame ``compose_turns.turn_frame`` builds; a band or its extrusion said any other way is refused.

"Ø30 x 80 LG cylinder along X, centred on origin. Ø20 x 60 LG cylinder along Y, centred on origin. Join.":
``origin_bodies`` (a pass) reads each body after the first that is said on its own, turned onto an axis and centred
on the origin, as joined there (its middle at the origin, like "centred at (0, 0, 0)") — only when a later clause
says the bodies are joined ("Join.", "Union them."); without it a second body is refused as before.

"Make a 50 mm cube and a Ø65 sphere centred at the cube's centre. Keep only the volume common to both.", "Two
cylinders … both centred at the origin: one lies along the X axis and the other along the Z axis. I want only the
region they share (the intersection)": ``common_pairs`` (a pass) makes the first body and intersects the second with
it, centred on it (``j8_intersect``: turned onto its axis when one is said); two bodies with nothing said of what is
kept, or a "keep only the common volume" after anything but two bodies, are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import Build
from ai_designer.planning.compose_unions import oriented_size, placed_body
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun
from ai_designer.schemas.task_graph import Boolean

__all__ = ["JOINS8_ACTIONS", "axis_bores", "band_frames", "common_pairs", "origin_bodies"]

_THROUGH = ("through", "ext_through")


def _diameter(noun: Noun) -> float | None:
    """The one diameter (or radius) a cylinder tool is given by; ``None`` when it has any other size."""
    if noun.sizes or len(noun.measures) != 1 or noun.count != 1:
        return None
    m = noun.measures[0]
    return m.value if m.dim == "diameter" else 2 * m.value if m.dim == "radius" else None


def _bore(clause: Clause) -> Clause:
    """The cut as a hole down the axis, its length said (if any) kept as a through extent to check."""
    noun = clause.noun
    assert noun is not None
    lengths = [m for m in clause.measures if m.dim == "length"]
    if noun.kind == "cylinder":
        noun = Noun("hole", measures=[Measure("diameter", _diameter(noun) or 0.0)], words=noun.words)
    if not lengths:
        return replace(clause, noun=noun)
    locs = [loc for loc in clause.locs if loc.kind != "through"]
    return replace(clause, noun=noun, measures=[m for m in clause.measures if m.dim != "length"],
                   locs=[*locs, Loc("ext_through", value=lengths[0].value)])


def _is_axis_bore(clause: Clause) -> bool:
    noun = clause.noun
    if clause.action != "cut" or noun is None or not clause.has("part_axis"):
        return False
    if not any(loc.kind in _THROUGH for loc in clause.locs):
        return False
    others = [m for m in clause.measures if m.dim != "length"]
    lengths = len(clause.measures) - len(others)
    if others or lengths > 1 or any(loc.kind == "ext_through" for loc in clause.locs) and lengths:
        return False
    if noun.kind == "cylinder":
        return _diameter(noun) is not None
    return noun.kind == "hole" and lengths == 1 and not any(m.dim in ("length", "depth") for m in noun.measures)


def axis_bores(clauses: list[Clause]) -> list[Clause]:
    """Cylinders cut down the part's axis and through it, and holes there with their length said, as holes."""
    return [_bore(c) if _is_axis_bore(c) else c for c in clauses]


def _rect(clause: Clause) -> tuple[float, ...] | None:
    """The two sides of a plain sketched rectangle ("Sketch a 60 x 40 rectangle."), else ``None``."""
    noun = clause.noun
    if clause.action != "sketch" or noun is None or noun.kind != "rectangle" or clause.locs or noun.measures:
        return None
    sizes = [s for s in (*noun.sizes, *clause.sizes)]
    return sizes[0].values if len(sizes) == 1 and len(sizes[0].values) == 2 else None


def band_frames(clauses: list[Clause]) -> list[Clause]:
    """A plain rectangle, then its offset band, then the band's extrusion: one frame."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if c.action in ("j8_band", "j8_band_extrude"):
            raise reject("an offset band is read offline only right after a plain rectangle is sketched and before "
                         "it is extruded ('Sketch a 60 x 40 rectangle. Offset it outward by 5 mm … Extrude that band "
                         "8 mm.')")
        nxt = clauses[i + 1:i + 3]
        rect = _rect(c)
        if rect and [x.action for x in nxt] == ["j8_band", "j8_band_extrude"]:
            locs = [Loc("frame_rect", values=rect), *nxt[0].locs, *nxt[1].locs]
            out.append(Clause("turn_frame", locs=locs))
            i += 3
            continue
        out.append(c)
        i += 1
    return out


def _origin_body(clause: Clause) -> bool:
    """A body of its own clause, turned onto an axis and centred on the origin, with nothing else placing it."""
    origin = [loc for loc in clause.locs if loc.kind == "origin"]
    return (clause.action == "create" and clause.noun is not None and clause.noun.count == 1 and len(origin) == 1
            and origin[0].face == "centre" and clause.has("direction_axis")
            and all(loc.kind in ("origin", "direction_axis", "section") for loc in clause.locs))


def origin_bodies(clauses: list[Clause]) -> list[Clause]:
    """Bodies said one per clause on the origin, then "Join.": each after the first joined at the origin."""
    fused = [i for i, c in enumerate(clauses) if c.action == "fuse_check"]
    bodies = [i for i, c in enumerate(clauses) if c.action in ("create", "join", "create_many")]
    if not fused or len(bodies) < 2 or not all(_origin_body(clauses[i]) for i in bodies) or bodies[-1] > fused[0]:
        return clauses
    out = list(clauses)
    for i in bodies[1:]:
        locs = [loc for loc in clauses[i].locs if loc.kind != "origin"]
        out[i] = replace(clauses[i], action="join", locs=[*locs, Loc("centre_point", values=(0.0, 0.0, 0.0))])
    return out


def _pair_of(clause: Clause) -> list[Clause] | None:
    """The two clauses a pair of bodies is made by: "a cube and a sphere centred at the cube's centre", or "two
    cylinders … centred at the origin: one along X and the other along Z" (each centred on the origin)."""
    if clause.action == "j8_pair":
        return clause.parts
    each, noun = clause.loc("orient_each"), clause.noun
    if clause.action != "create_many" or noun is None or noun.count != 2 or each is None or len(each.axes) != 2:
        return None
    origin = clause.loc("origin")
    centred = origin is not None and (origin.face == "centre" or origin.face == "at" and clause.has("centre"))
    if not centred or any(loc.kind not in ("origin", "orient_each", "section", "centre") for loc in clause.locs):
        return None
    one = replace(noun, count=1)
    rest = [loc for loc in clause.locs if loc.kind == "section"]
    return [replace(clause, action="create", noun=one, locs=[*rest, Loc("origin", face="centre"), Loc("direction_axis", axes=(each.axes[0],))]),
            replace(clause, action="j8_intersect", noun=replace(one),
                    locs=[*rest, Loc("direction_axis", axes=(each.axes[1],))])]


def common_pairs(clauses: list[Clause]) -> list[Clause]:
    """Two bodies, then "keep only the volume common to both": the first made, the second intersected with it."""
    out: list[Clause] = []
    for c in clauses:
        if c.action == "j8_keep_common":
            pair = _pair_of(out[-1]) if out else None
            if pair is None:
                raise reject("'only the common volume' is read offline only right after two bodies that share a centre")
            out[-1:] = pair
        elif c.action == "j8_pair":
            out.append(c)
        else:
            out.append(c)
    if any(c.action == "j8_pair" for c in out):
        raise reject("two bodies are made: say what is kept of them (e.g. 'keep only the volume common to both')")
    return out


def j8_intersect(b: Build, clause: Clause) -> None:
    """The second body of a pair, turned onto its axis and centred on the part so far, intersected with it."""
    axis = next(loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis")
    size, world = oriented_size(clause, axis, b.assumptions)
    lo, hi = b.box()
    centre = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2)
    tool = placed_body(b, size, axis, world, centre)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("common"), kind="intersect", base=base, tools=[tool.id]))


JOINS8_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"j8_intersect": j8_intersect}
