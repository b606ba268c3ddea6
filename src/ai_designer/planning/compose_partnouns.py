"""Parts, faces and edges named by their nouns, composed (the ``part nouns`` block, ``semantics_partnouns.py``).

"Bearing block." names the part by the bearing it holds; the word builds nothing, but it says the part has a seat for
the bearing. A name may come before the sentences that give the bore ("Bearing block. Square up a 50 x 50 x 20 block.
… counterbore Ø22 x 7 deep …"), so ``holds_last`` moves the check after every other clause, and ``_holds`` refuses a
part with no round bore or pocket: "a bearing block 60 x 40 x 30" alone would be a plain block, which is not what the
words ask for. The same pass turns "the short vertical edges" into the vertical edges after a check that they are the
part's shortest. ``_wall`` stands a wall on the back edge of the base (the one block made so far). Each reads only the part it can
check, and refuses any other (a hole through one end wall of an open box is the hole words block's,
``compose_holewords``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_partnouns import SHORT_VERTICAL
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Circle,
    Cylinder,
    Hole,
    Placement,
    Pocket,
    Tube,
)

__all__ = ["PARTNOUN_ACTIONS", "holds_last"]


def holds_last(clauses: list[Clause]) -> list[Clause]:
    """The name's check runs once the part is finished, whichever sentence said it; a finish on "the short vertical
    edges" goes on the vertical edges, after a check that they are the part's shortest."""
    out: list[Clause] = []
    for c in clauses:
        if c.edges == SHORT_VERTICAL or any(loc.kind == "edges" and loc.face == SHORT_VERTICAL for loc in c.locs):
            out.append(Clause("pn_short_edges"))
            c = replace(c, edges="vertical" if c.edges == SHORT_VERTICAL else c.edges,
                        locs=[replace(loc, face="vertical") if loc.face == SHORT_VERTICAL else loc for loc in c.locs])
        out.append(c)
    return [c for c in out if c.action != "pn_holds"] + [c for c in out if c.action == "pn_holds"]


def _short_edges(b: Build, clause: Clause) -> None:
    """"the short vertical edges" are the part's shortest: it is lower than it is long and wide."""
    lo, hi = b.box()
    size = [h - lw for lw, h in zip(lo, hi, strict=True)]
    if not size[2] < min(size[0], size[1]):
        raise ambiguous(f"'the short vertical edges': the vertical edges ({size[2]:g} long) are not the part's "
                        f"shortest ({size[0]:g} x {size[1]:g} x {size[2]:g})")


def _round_cut(b: Build) -> bool:
    """A round bore or pocket in the part: one hole (a pattern of mounting holes is not a seat), a round pocket, a
    tube's bore or a cylinder cut away."""
    cylinders = {op.id for op in b.ops if isinstance(op, Cylinder)}
    for op in b.ops:
        if isinstance(op, Tube) or (isinstance(op, (Hole, Pocket)) and len(op.at.resolve()) == 1
                                    and (isinstance(op, Hole) or isinstance(op.profile, Circle))):
            return True
        if isinstance(op, Boolean) and op.kind == "cut" and cylinders & set(op.tools):
            return True
    return False


def _holds(b: Build, clause: Clause) -> None:
    if b.current is None:
        raise reject(f"'{clause.text}' names what the part holds, but no sentence gives the part's shape")
    if not _round_cut(b):
        raise ambiguous(f"the part is named by the {clause.text} it holds, but it has no bore or round pocket for "
                        f"the {clause.text} (give its diameter and depth)")
    b.assumptions.append(f"'{clause.text}' names what the part holds: the part has a round bore for it (checked)")




def _wall(b: Build, clause: Clause) -> None:
    """The wall on the base's back edge: the base is the part so far and must be one block; the wall spans its length
    (a length said must be the base's), stands on its top with its back face in the base's back face, and reaches the
    height said from the bottom of the base."""
    if len(b.ops) != 1 or not isinstance(b.ops[0], Box):
        raise reject("a wall along the back edge is placed on the base only when the base is the one block made so far")
    base = b.ops[0]
    lo, hi = b.box()
    length, thick, total = (clause.measure(d) for d in ("length", "thickness", "total"))
    if thick is None or total is None:
        raise reject("the wall's thickness and its height from the bottom of the base are both needed")
    if length is not None and abs(length - base.length) > 1e-6:
        raise ambiguous(f"the wall is {length:g} long but the base is {base.length:g}: where along the edge it stands "
                        "is not said")
    if total <= hi[2] - lo[2] or thick >= hi[1] - lo[1]:
        raise ambiguous(f"a wall {thick:g} thick reaching {total:g} above the bottom does not fit the base "
                        f"({hi[1] - lo[1]:g} deep, {hi[2] - lo[2]:g} thick)")
    if length is None:
        b.assumptions.append("wall: as long as the base (not stated)")
    at = Placement(at=((lo[0] + hi[0]) / 2, hi[1] - thick / 2, hi[2]))
    wall = Box(id=b.new_id("wall"), length=hi[0] - lo[0], width=thick, height=total - (hi[2] - lo[2]), placement=at)
    b.add(wall, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base.id, tools=[wall.id]))
    b.assumptions.append("wall: on the base, its back face flush with the base's back face (+Y)")


PARTNOUN_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"pn_holds": _holds, "pn_wall": _wall, "pn_short_edges": _short_edges}
