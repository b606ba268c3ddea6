"""Parts named by what they hold, checked on the finished part (the ``part nouns`` block, ``semantics_partnouns.py``).

"Bearing block." names the part by the bearing it holds; the word builds nothing, but it says the part has a seat for
the bearing. A name may come before the sentences that give the bore ("Bearing block. Square up a 50 x 50 x 20 block.
… counterbore Ø22 x 7 deep …"), so ``holds_last`` moves the check after every other clause, and ``_holds`` refuses a
part with no round bore or pocket: "a bearing block 60 x 40 x 30" alone would be a plain block, which is not what the
words ask for.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Boolean, Circle, Cylinder, Hole, Pocket, Tube

__all__ = ["PARTNOUN_ACTIONS", "holds_last"]


def holds_last(clauses: list[Clause]) -> list[Clause]:
    """The name's check runs once the part is finished, whichever sentence said it."""
    return [c for c in clauses if c.action != "pn_holds"] + [c for c in clauses if c.action == "pn_holds"]


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


PARTNOUN_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"pn_holds": _holds}
