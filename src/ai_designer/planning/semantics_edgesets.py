"""Semantic functions of the ``edge sets`` block of ``grammar.lark``: which edges a fillet or chamfer goes on, as
people name them ("break the four upright corners (the vertical edges) with a 2 mm chamfer", "put a radius 5 on the
inside corner where the wall meets the base", "finish off with a 1 mm chamfer round the four top outside edges",
"fillet the edges parallel to Z", "the long edges").

Each rule makes a ``fillet`` / ``chamfer`` clause with one ``Loc("edges")`` (selector and count), so the existing
composition checks the count against the part (``compose._check_edge_count``). Selectors the plan has no single word
for ("long", "parallel_x" …) go to ``compose_edgesets``. Why so strict: an edge word that selects other edges than
meant makes a wrong part that validates, so a second name in brackets must agree, and the verb and the noun must
name the same finish.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Size

__all__ = ["EdgeSetSemantics"]

_VERBS = {"FEAT_FILLET": "fillet", "FEAT_CHAMFER": "chamfer"}
_SPECIAL = ("long", "ends", "parallel_x", "parallel_y", "parallel_z")


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _count(children: list[Any]) -> float | None:
    counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
    return float(counts[0]) if counts else None


class EdgeSetSemantics:
    """One method per rule of the block; each reads its own children."""

    def es_ref(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def es_corners(self, children: list[Any]) -> Loc:
        """"the four (upright) corners" of a block: its vertical corner edges; a block has four (checked)."""
        return Loc("edges", face="vertical", value=_count(children) or 4.0)

    def es_parallel(self, children: list[Any]) -> Loc:
        axis = next(t for t in tokens(children) if t.type in ("W_X", "W_Y", "W_Z")).type[-1].lower()
        return Loc("edges", face=f"parallel_{axis}", value=_count(children))

    def es_long(self, children: list[Any]) -> Loc:
        """"the long edges": those along the block's longest side (resolved on the part, compose_edgesets)."""
        return Loc("edges", face="long", value=_count(children))

    def es_also(self, children: list[Any]) -> Loc:
        return Loc("es_also", face=next(c for c in children if isinstance(c, Loc)).face,
                   value=next(c for c in children if isinstance(c, Loc)).value)

    def es_pick(self, children: list[Any]) -> list[Loc]:
        return [c for c in children if isinstance(c, Loc)]

    def es_lead(self, children: list[Any]) -> str:
        off = tokens(children)[-1].value.text.lower()
        if off != "off":
            raise reject(f"'finish {off}' is not read offline")
        return "lead"

    def es_amount(self, children: list[Any]) -> tuple[str, str | None, float]:
        """A finish and its size: ``("amount", "fillet" | "chamfer" | None, size)``; a radius is a fillet."""
        verb = next((_VERBS[t.type] for t in tokens(children) if t.type in _VERBS), None)
        if any(t.type == "DIM_RADIUS" for t in tokens(children)):
            verb = "fillet"
        size = next((c.values[0] for c in children if isinstance(c, Size)), None)
        for m in (c for c in children if isinstance(c, Measure)):
            if m.dim not in ("radius", "size") or (m.dim == "radius" and verb == "chamfer"):
                raise reject(f"a {m.dim} of a {verb or 'finish'} is not read offline")
            size = m.value
        assert size is not None
        return ("amount", verb, size)

    def es_verb_ref(self, children: list[Any]) -> Clause:
        return _finish(_flat(children), around=False)

    def es_with(self, children: list[Any]) -> Clause:
        return _finish(_flat(children), around=True)

    def es_both_ends(self, children: list[Any]) -> Clause:
        return _both_ends(children)

    def es_total(self, children: list[Any]) -> tuple[str, int]:
        return ("total", next(c for c in children if isinstance(c, int) and not isinstance(c, bool)))

    def es_corner_note(self, children: list[Any]) -> Clause:
        """"4 corners radius 8 (vertical edges)": a fillet on the vertical corner edges."""
        size = next(c for c in children if isinstance(c, Size)).values[0]
        edges = Loc("edges", face="vertical", value=_count(children))
        also = [c for c in children if isinstance(c, Loc)]
        return _finish_with("fillet", size, _agree(edges, also), [])


def _both_ends(children: list[Any]) -> Clause:
    """"on both ends, all four edges of the end face get chamfer 3 mm (so 8 edges in total)": ``Loc("edges",
    face="ends", value=edges per end)`` and the total checked here (two ends)."""
    said = next(t for t in tokens(children) if t.type == "EDGE_CIRCULAR").value.text.lower()
    if said != "both ends":
        raise reject(f"'{said}' does not name the two end faces")
    verb = next(_VERBS[t.type] for t in tokens(children) if t.type in _VERBS)
    counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
    total = [c for c in children if isinstance(c, tuple) and c and c[0] == "total"]
    per_end = float(counts[0]) if counts else None
    if total and (per_end is None or 2 * per_end != total[0][1]):
        raise reject(f"{total[0][1]} edges in total is not the edges of two ends")
    edges = Loc("edges", face="ends", value=per_end if per_end is not None else (total[0][1] / 2 if total else None))
    size = next(c for c in children if isinstance(c, Size)).values[0]
    return _finish_with(verb, size, edges, [])


def _finish(children: list[Any], around: bool) -> Clause:
    """The finish, its size and its edges from the children of one ``es_finish`` reading (``around``: a "round the"
    there joins the finish to its edges)."""
    said = {_VERBS[t.type] for t in tokens(children) if t.type in _VERBS and not (around and _is_round_the(t))}
    amounts = [c for c in children if isinstance(c, tuple) and c and c[0] == "amount"]
    sizes = [c for c in children if isinstance(c, Size)]
    said |= {a[1] for a in amounts if a[1]}
    if len(said) != 1:
        raise reject("a fillet and a chamfer are both named for the same edges" if said else "no fillet or chamfer named")
    size = amounts[0][2] if amounts else sizes.pop(0).values[0]
    edge_locs = [c for c in children if isinstance(c, Loc) and c.kind == "edges"]
    also = [c for c in children if isinstance(c, Loc) and c.kind == "es_also"]
    rest = [c for c in children if isinstance(c, Loc) and c.kind not in ("edges", "es_also")]
    clause = _finish_with(said.pop(), size, _agree(edge_locs[0], also), rest)
    clause.sizes.extend(sizes)  # a second size is refused by the finish (one size each)
    clause.measures.extend(c for c in children if isinstance(c, Measure))
    return clause


def _is_round_the(tok: Any) -> bool:
    """"… chamfer round the four top edges": "round the" is "around the", not a fillet."""
    return str(tok.value.text).lower() in ("round the", "around the")


def _agree(edges: Loc, also: list[Loc]) -> Loc:
    """"the four upright corners (the vertical edges)": the name in brackets must take the same edges."""
    for a in also:
        if a.face != edges.face:
            raise reject(f"'{edges.face}' and '{a.face}' edges are named for one finish: they are not the same edges")
        if a.value is not None and edges.value is not None and a.value != edges.value:
            raise reject(f"{int(edges.value)} and {int(a.value)} edges are named for one finish")
        if edges.value is None:
            edges = Loc("edges", face=edges.face, value=a.value, values=edges.values)
    return edges


def _finish_with(action: str, size: float, edges: Loc, rest: list[Loc]) -> Clause:
    rest = [*rest, Loc("es_action", face=action)]  # composed by compose_edgesets (sizes checked there)
    return Clause("es_edges", sizes=[Size((size,))], locs=[edges, *rest], edges=edges.face)
