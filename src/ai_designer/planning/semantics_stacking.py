"""Semantic functions of the ``stacking`` block of ``grammar.lark``: unions and stacks said the way people say them.

"CUBE 40." (a cube with its side said after it), "UNION." / "Fuse all." / "Merged into one piece please." (the bodies
were joined when they were placed: checked like "union them", so a lone body is refused, never passed).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Noun, Size

__all__ = ["StackingSemantics"]

#: filler a fuse clause may end with ("merged into one piece please")
_FUSE_FILLER = ("piece", "please", "thanks")


def _only(children: list[Any], kind: str, allowed: tuple[str, ...], what: str) -> None:
    """A word of ``kind`` the rule lets through must be one of ``allowed`` (IGN stands for many words)."""
    for t in tokens(children):
        if t.type == kind and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not read in {what} offline")


class StackingSemantics:
    """One method per rule of the block; each reads its own children."""

    def stk_cube_np(self, children: list[Any]) -> Noun:
        """"cube 40", "cube of side 40": the cube's side after its name (one size, a single value)."""
        _only(children, "FACE_SIDE", ("side",), "a cube's size")
        noun = next(c for c in children if isinstance(c, Noun))
        size = next(c for c in children if isinstance(c, Size))
        if len(size.values) != 1:
            raise reject("a cube's side is one size")
        noun.sizes.append(size)
        return noun

    def stk_fuse_all(self, children: list[Any]) -> Clause:
        """"UNION.", "fuse all", "merged into one piece": every body made so far is one solid (value 0: count not
        said; compose_steps checks at least two bodies were made and joined)."""
        _only(children, "IGN", _FUSE_FILLER, "'fuse all'")
        return Clause("fuse_check", locs=[Loc("bodies", value=0.0)])

    def stk_into(self, children: list[Any]) -> list[Any]:
        """"into one solid / body / part / piece": only one."""
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("the bodies are fused into one solid")
        return list(children)
