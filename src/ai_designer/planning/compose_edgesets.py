"""The finishes of the ``edge sets`` block (semantics_edgesets.py): every one is refused when it is too large for the
block it rounds, then edges with a plan selector go to ``compose._edge`` (which checks the count). Edges named by their
direction ("the edges parallel to Z", "the long edges", "both ends") are selected here. They are selected only on a plain block, where the words take exactly its four edges along
that axis: on any other part "the long edges" could mean edges the selector does not take, so it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build, only_uses
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Box, Chamfer, Fillet, Hole

__all__ = ["edges_along"]


def _axis(box: Box, said: str) -> str:
    """The axis of the edges: "parallel_x" as said, or the block's one longest side for "long"."""
    if said != "long":
        return said
    sides = {"x": box.length, "y": box.width, "z": box.height}
    longest = max(sides.values())
    along = [a for a, v in sides.items() if abs(v - longest) < 1e-9]
    if len(along) != 1:
        raise ambiguous("the block has no single longest side, so its long edges or its ends are not known")
    return f"parallel_{along[0]}"


_END_FACES = {"parallel_x": ("face:left", "face:right"), "parallel_y": ("face:front", "face:back"),
              "parallel_z": ("face:bottom", "face:top")}


def _too_large(b: Build, edges: str, size: float, what: str) -> None:
    """A finish as large as half the block it rounds leaves no face between two edges (as ``finishing.py``)."""
    op = next((o for o in b.ops if o.id == b.current), None)
    while isinstance(op, Hole):
        op = next((o for o in b.ops if o.id == op.target), None)
    if not isinstance(op, Box):
        return
    dims = [op.length, op.width, op.height]
    smallest = min(dims[:2]) if edges == "vertical" else min(dims)
    if edges in ("top", "bottom", "top_outer", "bottom_outer"):
        smallest = min(min(dims[:2]), 2 * dims[2])
    if size >= smallest / 2 - 1e-9:
        raise PlanError(f"a {size:g} mm {what} is too large for a part {smallest:g} mm thin (it must be under "
                        f"{smallest / 2:g} mm)")


Actions = dict[str, Callable[[Build, Clause], None]]


def edges_along(b: Build, clause: Clause, actions: Actions) -> None:
    """Edges named by a set word; an ordinary edge word is composed as every edge clause is (``actions``: the
    composer's table, passed in so this module does not import ``compose``)."""
    loc, action = clause.loc("edges"), clause.loc("es_action")
    assert loc is not None and action is not None and loc.face is not None
    if loc.face not in ("long", "ends") and not loc.face.startswith("parallel_"):
        _too_large(b, loc.face, clause.sizes[0].values[0] if clause.sizes else 0.0, str(action.face))
        plain = replace(clause, action=str(action.face), locs=[c for c in clause.locs if c.kind != "es_action"])
        actions[plain.action](b, plain)
        return
    only_uses(clause, {"edges", "es_action"}, set(), max_sizes=1)
    op = next((o for o in b.ops if o.id == b.current), None)
    if not isinstance(op, Box):
        raise ambiguous(f"edges named as '{loc.face.replace('_', ' ')}' are selected offline only on a plain block")
    if loc.value is not None and int(loc.value) != 4:
        raise ambiguous(f"'{int(loc.value)}' edges: a block has 4 edges along each axis and 4 round each face")
    size = clause.sizes[0].values[0]
    _too_large(b, "all", size, str(action.face))
    if size <= 0:
        raise reject("the finish size must be positive")
    if loc.face == "ends":  # the two end faces of a bar: the faces across its one longest side
        for face in _END_FACES[_axis(op, "long")]:
            _add(b, action.face, size, face)
        return
    _add(b, action.face, size, _axis(op, loc.face))


def _add(b: Build, action: str | None, size: float, edges: str) -> None:
    target = b.current or ""
    if action == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=target, radius=size, edges=edges))  # type: ignore[arg-type]
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=target, size=size, edges=edges))  # type: ignore[arg-type]


