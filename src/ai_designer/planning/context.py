"""The state a plan is built in: operations so far, the current body, units, assumptions, and quantity helpers.

Builders (``shapes.py``, ``features.py``) read slots from a :class:`~ai_designer.planning.phrases.Phrase` through
this context, which converts bare numbers with the prompt's default unit and records every assumption it makes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.intent import Est, estimate
from ai_designer.planning.lexer import Tok
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.refusals import LLM_HINT, reject
from ai_designer.planning.vocab import Vocab
from ai_designer.schemas.task_graph import CADPlan, Operation

__all__ = ["Ctx", "LLM_HINT", "reject"]

_UNIT_NAMES = {"bar", "in", "mm", "m", "cm", "ft", "deg", "rad", "psi", "pa", "kg", "g", "s", "h", "n", "l", "um", "nm",
               "km", "yd", "mi", "lb", "oz", "st", "mil", "thou", "a", "v", "w", "j", "k", "c", "f", "t", "min", "ms",
               "inch", "foot", "yard", "mile", "gon", "hz", "gal", "cd", "mol", "ohm"}


_NOT_LENGTHS = {"teeth", "module", "clock", "grid", "thread", "angle"}


_BODY_OPS = frozenset({"box", "cylinder", "sphere", "cone", "prism", "torus", "transform"})


@dataclass
class Ctx:
    vocab: Vocab
    unit: float | None  # default unit factor stated in the prompt (mm per unit)
    ops: list[Operation] = field(default_factory=list)
    current: str | None = None  # id of the body features apply to
    roles: dict[str, str] = field(default_factory=dict)  # "plate" / "shank" / "head" -> body id
    assumptions: list[str] = field(default_factory=list)
    last_positions: Any = None  # positions of the last boss/hole (for "with a hole through each")
    last_feature: Operation | None = None
    _est: dict[str, Est] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)
    bare_number_used: bool = False
    junction_z: float | None = None  # where the last stacked body / boss meets the one below
    stack_dir: str | None = None  # "on_top" / "under": where the last stacked body went
    tray_wall: float | None = None  # wall of a tray / open box, for "8 mm from the walls"
    used: set[int] = field(default_factory=set)  # ids of quantity tokens a builder consumed
    bracket: tuple[float, float, float] | None = None  # L-bracket legs and thickness, for "a hole in each leg"

    # --- ids, ops, estimates -------------------------------------------------------------------------------------
    def new_id(self, base: str) -> str:
        base = "".join(c if c.isalnum() else "_" for c in base).strip("_") or "op"
        if base.lower() in _UNIT_NAMES:  # FreeCAD expressions read "bar" as a pressure unit
            base = f"{base}_part"
        if base[0].isdigit():
            base = "op_" + base
        cand, n = base, 2
        while cand in self._ids:
            cand, n = f"{base}{n}", n + 1
        self._ids.add(cand)
        return cand

    def add(self, op: Operation, *, body: bool = True) -> Operation:
        self.ops.append(op)
        self._ids.add(op.id)
        self._est = {}
        if body:
            self.current = op.id
        return op

    def est(self, op_id: str | None = None) -> Est:
        op_id = op_id or self.current
        if op_id is None:
            raise reject("there is no part to put this feature on (start with a shape, e.g. 'a 100 x 60 x 8 mm plate')")
        if op_id not in self._est:
            self._est = estimate(CADPlan(operations=list(self.ops)))
        return self._est[op_id]

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    # --- quantities -----------------------------------------------------------------------------------------------
    def mm(self, tok: Tok) -> tuple[float, ...]:
        """Lengths of a quantity in mm (bare numbers use the stated default unit, else mm)."""
        self.used.add(id(tok))
        if tok.unit == "angle":
            raise PlanError(f"'{tok.text}' is an angle where a length was expected")
        if tok.explicit or tok.thread:
            vals = tok.values
        else:
            self.bare_number_used = True
            vals = tuple(v * (self.unit or 1.0) for v in tok.values)
        vals = tuple(round(v, 6) for v in vals)  # 6 x 25.4 is 152.4, not 152.39999999999998
        for v in vals:
            if not math.isfinite(v) or v <= 0:
                raise PlanError(f"'{tok.text}' is not a usable size: lengths must be positive")
            if v < 0.01:
                raise PlanError(f"'{tok.text}' is {v:g} mm — below 0.01 mm, too small to model; check the units")
            if v > 100000:
                raise PlanError(f"'{tok.text}' is {v:g} mm — larger than 100 m; check the units")
        return vals

    def slot(self, ph: Phrase, *names: str) -> float | None:
        """First quantity in any of ``names`` (``radius`` doubles into a diameter when asked as ``diameter``)."""
        for n in names:
            toks = ph.slots.get(n)
            if toks:
                return self.mm(toks[0])[-1]
        return None

    def diameter(self, ph: Phrase, *names: str) -> float | None:
        d = self.slot(ph, *names)
        if d is not None:
            return d
        r = self.slot(ph, "radius")
        return None if r is None else 2 * r

    def free(self, ph: Phrase) -> list[tuple[float, ...]]:
        return [self.mm(t) for t in ph.free if t.unit != "angle"]

    def free_flat(self, ph: Phrase) -> list[float]:
        return [v for vals in self.free(ph) for v in vals]

    def angle(self, ph: Phrase) -> float | None:
        for t in [*ph.slots.get("angle", []), *ph.free]:
            if t.unit == "angle" or t.slot == "angle":
                return t.values[0]
        return None

    def check_all_used(self, phrases: list[Phrase]) -> None:
        """Refuse rather than ignore a number no builder understood ("a flat 2 mm deep along its length")."""
        for ph in phrases:
            for slot, toks in [*ph.slots.items(), ("", ph.free)]:
                if slot in _NOT_LENGTHS:
                    continue
                for t in toks:
                    if t.kind == "qty" and t.unit != "angle" and id(t) not in self.used and not t.thread:
                        raise reject(f"did not understand what '{t.text}' refers to in '{ph.text}'")

    def check_feature_refs(self, phrases: list[Phrase]) -> None:
        """"a block with a cylinder on top, so the hole goes through it": "the hole" names a feature the description
        never adds — the body phrase it sat in built its body, the words were taken as a reference, and a part
        without the hole validated. A reference to a feature in a plan of bodies and unions only is refused."""
        refs = [r for ph in phrases for r in ph.feat_refs]
        if refs and all(op.op in _BODY_OPS or getattr(op, "kind", None) == "union" for op in self.ops):
            raise reject(f"'the {refs[0]}' refers to a {refs[0]} that the description does not add (describe the "
                         f"{refs[0]} with its size and place, or leave those words out)")

    def leftover(self, ph: Phrase, value: float) -> None:
        """A number the builder had no use for: refuse rather than ignore it."""
        raise reject(f"did not understand what '{value:g}' refers to in '{ph.text}'")

    def need(self, value: float | None, what: str, example: str) -> float:
        if value is None:
            raise reject(f"{what} is not given (say e.g. '{example}')")
        return value
