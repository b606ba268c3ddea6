"""Semantic functions of the CAD-code-generator block of ``grammar.lark`` (``cg_``): how generated CAD datasets and
code generators describe a part, step by step, as a program would build it.

"Create a new coordinate system with Euler angles set to zero …" is read only when every angle and every component
of the translation is zero (anything else would turn or move the sketch: refused, never dropped). A loop of lines is
checked to be one closed chain (each line starts where the one before ended, the last ends where the first started,
as many lines as the words count); the loop becomes the points of a polygon. Circles keep centre and radius. The
scale factor, the extrusion each way along the normal, the result ("a new solid body", "join with / cut from the
existing body") and the final dimensions become clauses composed by ``compose_codegen.py``.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["CodegenSemantics"]

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_DIMS = {"DIM_LENGTH": "length", "DIM_WIDTH": "width", "DIM_HEIGHT": "height"}


def _two_d(children: list[Any]) -> None:
    """"a 2D / two-dimensional sketch": the lexer reads "2D" as the number 2 and the word "d"; "0.1 units": the dataset's unnamed
    length unit (numbers are read in the prompt's unit, mm if none). Any other unknown word is refused."""
    toks = tokens(children)
    for i, t in enumerate(toks):
        if t.type != "UNK" or t.value.text in ("units", "unit"):
            continue
        if t.value.text not in ("d", "dimensional") or i == 0 or toks[i - 1].type != "NUM" or toks[i - 1].value.values[0] != 2:
            raise reject(f"'{t.value.text}' in a generated-CAD step")


_units = _two_d


def _ign(children: list[Any], allowed: tuple[str, ...]) -> None:
    for t in tokens(children):
        if t.type == "IGN" and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' in a generated-CAD step")


def _number(self: Any, tok: Token) -> float:
    q = tok.value
    return float(q.values[0] if q.explicit else q.values[0] * self.unit)


class CodegenSemantics:
    """Coordinate systems, loops of lines, circles, scales, extrusions and final dimensions as generators write them."""

    def cg_csys(self, children: list[Any]) -> Clause:
        _ign(children, ("new", "creating"))
        return Clause(action="cg_step", text="coordinate system")

    def _zero(self, children: list[Any], what: str) -> None:
        nums = [t for c in children if isinstance(c, list) for t in c]
        if any(t.value.values[0] != 0 for t in nums):
            raise reject(f"a coordinate system with non-zero {what} (only zero rotation and translation are read)")

    def cg_nums(self, children: list[Any]) -> list[Token]:
        return [t for t in tokens(children) if t.type == "NUM"]

    def cg_zero_angles(self, children: list[Any]) -> None:
        self._zero(children, "Euler angles")

    def cg_zero_move(self, children: list[Any]) -> None:
        self._zero(children, "translation")

    def cg_sketch(self, children: list[Any]) -> Clause:
        _two_d(children)
        _ign(children, ("drawing", "creating"))
        return Clause(action="cg_sketch", locs=[c for c in children if isinstance(c, Loc)])

    def cg_ord(self, children: list[Any]) -> int:
        word = tokens(children)[0].value.text
        if word not in _ORDINALS:  # the ordinals past "third" are filler words: only these are counts
            raise reject(f"'{word}' where a face or loop is counted")
        return _ORDINALS[word]

    def cg_count(self, children: list[Any]) -> int:
        """"line 1": the line's number in the loop."""
        n = tokens(children)[0].value.values[0]
        if n != int(n) or n < 1:
            raise reject(f"'line {n:g}'")
        return int(n)

    def cg_line(self, children: list[Any]) -> tuple[int, tuple[float, float], tuple[float, float]]:
        """A line by its start and end points; its number in the loop is checked when the loop is closed."""
        _ign(children, ("starts", "start", "starting"))
        noun = next(t for t in tokens(children) if t.type == "POS_ROW").value.text
        if noun not in ("line", "lines"):
            raise reject(f"a '{noun}' in a loop (only lines are read)")
        order = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        ends = [c[1] for c in children if isinstance(c, tuple)]
        if any(isinstance(c, tuple) and c[0] for c in children):
            raise reject("a line's points name their axes")
        return order, ends[0], ends[1]

    def cg_head(self, children: list[Any]) -> Clause:
        """"In the first face, draw a loop of four lines", "Within the first face, create the first loop consisting
        of four lines": which loop of which face, and how many lines it has (the lines follow)."""
        toks = tokens(children)
        for t in toks:
            if t.type == "UNK" and t.value.text not in ("within", "consisting", "comprising", "containing"):
                raise reject(f"'{t.value.text}' before a loop's lines")
        ords = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        count = next(t for t in toks if t.type == "NUM").value.values[0]
        locs = [_face_loop(children, ords[0]), Loc("cg_count", value=float(count))]
        if len(ords) > 1:
            locs.append(Loc("cg_loopno", value=float(ords[1])))
        return Clause(action="cg_loop_open", locs=locs)

    def cg_loop(self, children: list[Any]) -> list[Clause]:
        """The loop's header and its first line, said in one breath ("…: the first line starts at …")."""
        head = next(c for c in children if isinstance(c, Clause))
        line = next(c for c in children if isinstance(c, tuple))
        return [head, _line_clause(line)]

    def cg_line_step(self, children: list[Any]) -> Clause:
        return _line_clause(children[0])

    def cg_centre(self, children: list[Any]) -> tuple[Any, ...]:
        return next(c for c in children if isinstance(c, tuple))

    def cg_circle(self, children: list[Any]) -> Clause:
        first = tokens(children)[0]
        if first.type == "UNK" and first.value.text != "within":
            raise reject(f"'{first.value.text}' before a circle's face or loop")
        _units(children[1:] if first.type == "UNK" else children)
        ords = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        centre = next(c for c in children if isinstance(c, tuple))
        if centre[0]:
            raise reject("a circle's centre names its axes")
        radius = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause(action="cg_circle", locs=[_face_loop(children, ords[0]), Loc("cg_circle", values=(*centre[1], radius))])

    def cg_scale(self, children: list[Any]) -> Clause:
        _two_d(children)
        toks = tokens(children)
        factor = float(next(t for i, t in enumerate(toks) if t.type == "NUM" and not (
            i + 1 < len(toks) and toks[i + 1].type == "UNK")).value.values[0])
        if factor <= 0:
            raise reject("a scale factor that is not positive")
        return Clause(action="cg_scale", locs=[Loc("cg_scale", value=factor)])

    def cg_transform(self, children: list[Any]) -> Clause:
        """"Transform the scaled 2D sketch into 3D using the coordinate system" (a zero one: nothing moves)."""
        _two_d(children)
        _ign(children, ("3d", "using"))
        return Clause(action="cg_step", text="transform")

    def cg_transform_zero(self, children: list[Any]) -> Clause:
        """"Rotate the scaled 2D sketch using Euler angles [0, 0, 0] and translate it using the translation vector
        [0, 0, 0]" (the zeros are checked by ``cg_zero``)."""
        _two_d(children)
        _ign(children, ("using",))
        return Clause(action="cg_step", text="transform")

    def cg_rest(self, children: list[Any]) -> Clause:
        """"This operation results in a new solid body": the result of the extrusion said before."""
        _ign(children, ("results", "result", "creates", "produces", "new"))
        word = next(t for t in tokens(children) if t.type == "UNK").value.text
        if word not in ("operation", "extrusion", "step"):
            raise reject(f"'this {word}' before a result")
        return Clause(action="cg_result", locs=[Loc("cg_op", face="new")])

    def cg_back(self, children: list[Any]) -> float:
        _units(children)
        _ign(children, ("normal",))
        value = _number(self, next(t for t in tokens(children) if t.type in ("NUM", "LEN")))
        if value < 0:
            raise reject("a negative extrusion depth in the opposite direction")
        return value

    def cg_extrude(self, children: list[Any]) -> Clause:
        """"Extrude the sketch 0.1 units towards the normal and 0.0 units in the opposite direction …"."""
        _two_d(children)
        _ign(children, ("normal", "3d"))
        toks = tokens(children)
        toward = _number(self, next(t for i, t in enumerate(toks) if t.type in ("NUM", "LEN") and not (
            i + 1 < len(toks) and toks[i + 1].type == "UNK" and toks[i + 1].value.text == "d")))
        back = next((c for c in children if isinstance(c, float)), 0.0)
        if toward < 0 or toward + back <= 0:
            raise reject("an extrusion with no positive depth")
        op = [c for c in children if isinstance(c, Loc)]
        return Clause(action="cg_extrude", locs=[Loc("cg_extent", values=(back, toward)), *op])

    def cg_new(self, children: list[Any]) -> Loc:
        _ign(children, ("creating", "new"))
        return Loc("cg_op", face="new")

    def cg_join(self, children: list[Any]) -> Loc:
        return Loc("cg_op", face="join")

    def cg_cut(self, children: list[Any]) -> Loc:
        return Loc("cg_op", face="cut")

    def cg_dim(self, children: list[Any]) -> tuple[str, float]:
        _units(children)
        name = next(_DIMS[t.type] for t in tokens(children) if t.type in _DIMS)
        return name, next(c for c in children if isinstance(c, Size)).values[0]

    def cg_final(self, children: list[Any]) -> Clause:
        """"The final dimensions are length 0.75, width 0.5, height 0.1": checked against the part built."""
        _ign(children, ("final", "dimensions", "dimension", "overall"))
        dims = [c for c in children if isinstance(c, tuple)]
        names = [d[0] for d in dims]
        if len(set(names)) != len(names):
            raise ambiguous("a final dimension is named twice")
        return Clause(action="cg_final", locs=[Loc("cg_dim", face=n, value=v) for n, v in dims])


def _line_clause(line: tuple[int, tuple[float, float], tuple[float, float]]) -> Clause:
    order, start, end = line
    return Clause(action="cg_line", locs=[Loc("cg_line", value=float(order), values=(*start, *end))])


def _face_loop(children: list[Any], order: int) -> Loc:
    """"In the first face" (the first loop of that face) or "in the second loop" (of the face being drawn)."""
    kind = next(t for t in tokens(children) if t.type in ("W_FACE", "W_LOOP")).type
    return Loc("cg_face", face="face" if kind == "W_FACE" else "loop", value=float(order))
