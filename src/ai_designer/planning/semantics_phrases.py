"""Semantic functions of the grammar's noun phrases and dimensions ("a 30 x 8 slot", "hexagon 10 across flats",
"80 (X) x 50 (Y) x 15 (Z)", "Ø90 x 12 THK"): the small, shared pieces every clause of ``semantics.py`` is made of.

A mixin of :class:`~ai_designer.planning.semantics.Semantics` (Lark calls the method named like each rule), kept
apart so that the clause-level module stays readable; ``unit`` is the millimetres per bare number the ``Semantics``
constructor sets."""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens as _tokens
from ai_designer.planning.sentences import AXES, Loc, Measure, Noun, Size

__all__ = ["PhraseSemantics"]

_SHAPES = {"SHAPE_BOX": "box", "SHAPE_CUBE": "cube", "SHAPE_PLATE": "plate", "SHAPE_BAR": "bar",
           "SHAPE_CYLINDER": "cylinder", "SHAPE_ROD": "cylinder", "SHAPE_DISC": "cylinder", "SHAPE_SPHERE": "sphere",
           "SHAPE_HEMISPHERE": "hemisphere", "SHAPE_CONE": "cone"}


class PhraseSemantics:
    """Noun phrases and dimensions."""

    unit: float

    # ---- noun phrases -------------------------------------------------------------------------------------------
    def shape_word(self, children: list[Any]) -> Noun:
        word = children[0].value.text if hasattr(children[0].value, "text") else str(children[0].value)
        return Noun(_SHAPES[children[0].type], words=(word,))

    def body_np(self, children: list[Any]) -> Noun:
        noun = next(c for c in children if isinstance(c, Noun))
        return _fill(noun, children)

    def prism_np(self, children: list[Any]) -> Noun:
        """"hexagon 10 mm across flats", "19 mm hex stock (19 across the flats)": a regular prism standing on Z."""
        sides = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        return _fill(Noun(f"prism{sides}"), [c for c in children if not isinstance(c, int)])

    def groove_np(self, children: list[Any]) -> Noun:
        return _fill(Noun("groove"), children)

    def hole_np(self, children: list[Any]) -> Noun:
        """A hole; one named "a through hole" keeps that word, which a depth must not contradict (build.cut_depth)."""
        noun = _fill(Noun("hole"), children)
        said = tuple(t.value.text.lower() for t in _tokens(children) if t.type == "FEAT_HOLE"
                     and t.value.text.lower().startswith(("through", "thru")))
        return Noun(noun.kind, noun.count, noun.sizes, noun.measures, said) if said else noun

    def slot_np(self, children: list[Any]) -> Noun | list[Any]:
        """"a 30 x 8 slot", "a through slot": ``through`` becomes a location of the clause."""
        noun = _fill(Noun("slot"), children)
        return [noun, Loc("through")] if any(t.type == "MOD_THROUGH" for t in _tokens(children)) else noun

    def pocket_np(self, children: list[Any]) -> Noun:
        return _fill(Noun("pocket"), children)

    def rect_outline(self, children: list[Any]) -> Noun:
        return _fill(Noun("rectangle"), children)

    def square_outline(self, children: list[Any]) -> Noun:
        return _fill(Noun("square"), children)

    def circle_outline(self, children: list[Any]) -> Noun:
        return _fill(Noun("circle"), children)

    def polygon_outline(self, children: list[Any]) -> Noun:
        sides = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        return _fill(Noun(f"polygon{sides}"), [c for c in children if not isinstance(c, int)])

    def polygon_word(self, children: list[Any]) -> int:
        tok = children[0]
        if tok.type == "SHAPE_PRISM":
            sides = next((n for pre, n in (("hex", 6), ("oct", 8), ("pent", 5), ("tri", 3))
                          if tok.value.text.startswith(pre)), None)
            if sides is None:  # not final: the slot planner may know this prism
                raise reject(f"'{tok.value.text}': name the polygon (hexagon, pentagon …)")
            return sides
        return {"W_TRIANGLE": 3, "W_PENTAGON": 5, "W_HEXAGON": 6, "W_OCTAGON": 8}[tok.type]

    def extruded(self, children: list[Any]) -> None:
        return None

    def direction(self, children: list[Any]) -> Loc:
        kinds = {"W_SYMMETRIC": "symmetric", "W_SYMMETRICALLY": "symmetric", "W_DOWN": "down", "W_DOWNWARD": "down",
                 "W_DOWNWARDS": "down", "W_OPPOSITE": "down", "W_REVERSE": "down"}
        word = next((kinds[t.type] for t in _tokens(children) if t.type in kinds), "up")
        return Loc("direction", face=word)

    def count(self, children: list[Any]) -> int:
        tok = children[0].value
        if not tok.is_int or tok.values[0] < 1:
            raise PlanError(f"'{tok.text}' is not a count of features")
        return int(tok.values[0])

    # ---- dimensions ---------------------------------------------------------------------------------------------
    def size(self, children: list[Any]) -> Size:
        tok = children[0].value
        if not tok.explicit and tok.text.replace("-", "").replace(" ", "").isalpha():
            # "Four holes through, one in each corner": a number written as a word, with no unit, counts things
            raise reject(f"'{tok.text}' reads as a count here, not a size: give the size with a number (e.g. "
                         "'four 6 mm holes')")
        if tok.values[0] <= 0:
            raise PlanError(f"'{tok.text}' is not a size: sizes are positive numbers (e.g. '5 mm')")
        return Size((tok.values[0] if tok.explicit else tok.values[0] * self.unit,))

    def pre_size(self, children: list[Any]) -> Size:
        return children[0]

    def _multi(self, tok: Any) -> Size:
        if any(v <= 0 for v in tok.values):
            raise PlanError(f"'{tok.text}' is not a size: sizes are positive numbers (e.g. '100 x 50 x 10')")
        return Size(tuple(v if tok.explicit else v * self.unit for v in tok.values))

    def axis_dims(self, children: list[Any]) -> Size:
        parts = [c for c in children if isinstance(c, tuple)]
        if len({a for _, a in parts}) != len(parts):
            raise PlanError("an axis is given twice in '… (X) x … (Y) x … (Z)'")
        return Size(tuple(v for v, _ in parts), tuple(a for _, a in parts))

    def lwh_dims(self, children: list[Any]) -> Size:
        values = tuple(c.values[0] for c in children if isinstance(c, Size))
        return Size(values, (0, 1, 2))

    def axis_size(self, children: list[Any]) -> tuple[float, int]:
        return children[0].values[0], children[2]

    def axis(self, children: list[Any]) -> int:
        return AXES[children[0].value.text]

    def measure_post(self, children: list[Any]) -> Measure:
        return Measure(children[1], children[0].values[0])

    def measure_pre(self, children: list[Any]) -> Measure:
        size = next(c for c in children if isinstance(c, Size))
        return Measure(children[0], size.values[0])

    def measure_pair(self, children: list[Any]) -> list[Measure]:
        """"Ø90 x 12 THK": two named sizes written as one pair."""
        values = children[1].values
        return [Measure(children[0], values[0]), Measure(children[2], values[1])]

    def dim_word(self, children: list[Any]) -> str:
        return str(children[0].value.concept.split(":")[1])


def _fill(noun: Noun, children: list[Any]) -> Noun:
    """The noun with the sizes, named measures ("Ø40 x 60 LG" gives two) and count said with it."""
    for c in children:
        if isinstance(c, list) and all(isinstance(m, Measure) for m in c):
            noun.measures.extend(c)
        elif isinstance(c, Size):
            noun.sizes.append(c)
        elif isinstance(c, Measure):
            noun.measures.append(c)
        elif isinstance(c, int) and not isinstance(c, bool):
            noun.count = c
    return noun
