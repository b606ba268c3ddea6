"""Words the slot planner's builders do not read, caught after each phrase is built.

The slot planner binds numbers to slots and checks that every number was used, but its builders read concept words
(``open``, ``half``, ``each``, a count before ``edges``) only where they look for them; a word they never look at
used to vanish and leave a plain, validated, wrong part ("a 40 mm box with one open side" built a solid box, "half a
50 mm cube" a whole one, "a 20 mm hole off-centre" a centred hole, "three edges chamfered" every edge). These checks
compare what the phrase says with what its builder made and refuse the difference; the grammar path does not need
them (its actions declare what they read).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase

__all__ = ["check_body", "check_feature"]

_OPEN_BODIES = ("tube", "rect_tube")  # open at the ends by their nature


def check_body(ctx: Ctx, ph: Phrase, op: Any, start: int) -> None:
    """A body phrase: ``open`` needs walls (a cavity made with the body), ``half`` a hemisphere."""
    made = ctx.ops[start:]
    if ph.has("mod:half") and not getattr(op, "hemisphere", False):
        raise reject(f"'half' in '{ph.text}' is not read by the offline planner for this body (say the size of the "
                     "half you want, e.g. 'a 50 x 50 x 25 block', or 'a hemisphere 40 mm in diameter')")
    if ph.has("mod:open") and op.op not in _OPEN_BODIES and len(made) < 2:
        raise reject(f"'open' in '{ph.text}': an open box or cup needs its wall thickness (say e.g. 'an open box "
                     "100 x 60 x 40 mm, 2 mm walls')")


def check_feature(ctx: Ctx, ph: Phrase, op: Any) -> None:
    """A feature phrase: a single position where the words ask for several, "off-centre", a count of edges."""
    words = [t.text for t in ph.toks]
    for a, b in zip(ph.toks, ph.toks[1:], strict=False):
        if a.text == "off" and b.concept == "pos:center":
            raise reject(f"'off {b.text}' in '{ph.text}' does not say where the {_noun(ph)} goes (say e.g. "
                         "'20 mm from the left edge' or 'at x = 20, y = 10')")
    positions = getattr(op, "at", None)
    resolved = positions.resolve() if positions is not None and hasattr(positions, "resolve") else None
    if resolved is not None and len(resolved) == 1 and ph.has("mod:each"):
        raise reject(f"'{ph.text}' places a {_noun(ph)} at each of several places, but only one position could be "
                     "read: describe each group in its own phrase (e.g. 'a 20 mm hole 15 mm from each end, and a "
                     "20 mm hole in the middle')")
    if ph.head in ("feat:fillet", "feat:chamfer") and ph.count is not None and "edges" in words:
        _check_edge_count(ctx, ph, op)


def _check_edge_count(ctx: Ctx, ph: Phrase, op: Any) -> None:
    """"three edges chamfered": the plan selects edge groups; a count must be the size of the group chosen."""
    group = str(getattr(op, "edges", ""))
    boxy = len(ctx.ops) == 1 and ctx.est().kind == "box"  # a plain block: the groups' edge counts are known
    sizes = {"all": 12, "top": 4, "bottom": 4, "vertical": 4} if boxy else {}
    if sizes.get(group) != ph.count:
        raise reject(f"'{ph.count} edges' in '{ph.text}': the offline planner rounds or chamfers edge groups (all "
                     "edges, the top or bottom edges, the vertical edges); say which group")


def _noun(ph: Phrase) -> str:
    return ph.head_tok.text if ph.head_tok is not None else "feature"
