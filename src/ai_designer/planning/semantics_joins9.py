"""Semantic functions of the ``joins9`` block of ``grammar.lark``: wheels — a ring lying flat, straight spokes across
it and a hub in the middle, said over a few clauses (round 9).

Each rule returns a ``Clause`` the pass ``compose_joins9.wheels`` joins into one wheel: ``w9_rim`` (``Noun("torus")``
with its ``major_diameter`` and ``minor_diameter``), ``w9_spokes`` (``Noun("spoke", count)`` with the locations that
say the spokes' size, length and angle) and ``w9_hub``. The words that carry meaning are checked here; whatever the
wheel needs and is not said (the spokes' angle, their length …) is refused when composed, never guessed.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["JoinsNineSemantics"]

_RING_DIMS = {"centre line radius": "major_r", "center line radius": "major_r", "centreline radius": "major_r",
              "centerline radius": "major_r", "tube radius": "minor_r", "tube diameter": "minor_d",
              "ring centre radius": "major_r", "ring center radius": "major_r"}


def _words(children: list[Any], *types: str) -> list[str]:
    return [t.value.text.lower() for t in tokens(children) if t.type in types]


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in children if isinstance(c, Size)]


def _num(tok: Any, unit: float) -> float:
    value: float = tok.values[0] if tok.explicit else tok.values[0] * unit
    return value


def _allow(children: list[Any], kind: str, allowed: tuple[str, ...], what: str) -> None:
    for word in _words(children, kind):
        if word not in allowed:
            raise reject(f"'{word}' {what} is not understood")


class JoinsNineSemantics:
    """One method per rule of the block; each reads its own children."""

    unit: float

    def w9_rim(self, children: list[Any]) -> Clause:
        """The ring of the wheel, lying flat and centred on the origin, with its two sizes."""
        measures = [c for c in children if isinstance(c, Measure)]
        dims = sorted(m.dim for m in measures)
        if dims != ["major_diameter", "minor_diameter"]:
            raise reject("the wheel's ring needs its centre-line radius and its tube size, each once")
        return Clause("w9_rim", noun=Noun("torus", measures=measures), locs=[c for c in children if isinstance(c, Loc)])

    def w9_lead(self, children: list[Any]) -> Loc | None:
        """"Make a wheel:", "Model a simple wheel centred on the origin:", "The rim is": only these words."""
        _allow(children, "UNK", ("wheel",), "as the name of the part")
        _allow(children, "IGN", ("simple", "small", "little", "toy"), "before the part's name")
        _allow(children, "EDGE_TOP_OUTER", ("rim",), "as the ring of a wheel")
        return Loc("w9_origin") if _words(children, "W_ORIGIN") else None

    def w9_flat(self, children: list[Any]) -> None:
        return None

    def w9_flat_xy(self, children: list[Any]) -> None:
        return None

    def w9_ring_size(self, children: list[Any]) -> Measure:
        """"a 30 mm centre-line radius", "tube diameter 10 mm", "ring centre radius 30 mm", "a 6 mm tube radius"."""
        said = " ".join(_words(children, "DIM_MAJOR_RADIUS", "DIM_MINOR_RADIUS", "DIM_TUBE", "SHAPE_RING",
                               "POS_CENTER", "DIM_RADIUS")).replace("-", " ")
        kind = _RING_DIMS.get(said)
        if kind is None:
            raise reject(f"'{said}' is not read as a size of the wheel's ring")
        value = _sizes(children)[0]
        dim = "major_diameter" if kind.startswith("major") else "minor_diameter"
        return Measure(dim, 2 * value if kind.endswith("_r") else value)

    def w9_spokes(self, children: list[Any]) -> Clause:
        """The spokes: their count (a number), then what each is and how they lie."""
        _allow(children, "UNBUILT", ("spokes", "spoke"), "as the wheel's spokes")
        if _words(children, "DIM_ID") not in ([], ["inside"]):
            raise reject("only 'inside it' is read before the spokes")
        count = next(t for t in tokens(children) if t.type == "NUM").value
        if count.explicit or count.values[0] != int(count.values[0]) or count.values[0] < 1:
            raise reject(f"'{count.text}' is not a count of spokes")
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        measures = [c for c in flat if isinstance(c, Measure)]
        return Clause("w9_spokes", noun=Noun("spoke", count=int(count.values[0]), measures=measures),
                      locs=[c for c in flat if isinstance(c, Loc)])

    def w9_spoke_mod(self, children: list[Any]) -> list[Measure]:
        return next(c for c in children if isinstance(c, list))

    def w9_spoke_body(self, children: list[Any]) -> list[Measure]:
        """"a 10 mm diameter cylinder 60 mm long", "a Ø12 rod 60 long": each spoke's diameter and length."""
        dia, length = _sizes(children)
        return [Measure("diameter", dia), Measure("length", length)]

    def w9_spoke_dia(self, children: list[Any]) -> list[Measure]:
        return [Measure("diameter", _sizes(children)[0])]

    def w9_on_origin(self, children: list[Any]) -> list[Loc]:
        return [Loc("w9_centred")]

    def w9_x_and_y(self, children: list[Any]) -> list[Loc]:
        """"one along X and one along Y": the two spokes' directions (a count of one each)."""
        if _words(children, "NUM") != ["one", "one"]:
            raise reject("the spokes' directions are read offline only as 'one along X and one along Y'")
        return [Loc("w9_angle", value=90.0)]

    def w9_crossing(self, children: list[Any]) -> list[Loc]:
        """"crossing at the centre at 90 degree", "cross at the centre at right angles (in the plane of the rim)"."""
        _allow(children, "FACE_SIDE", ("cross",), "of the spokes")
        angle = next((t.value.values[0] for t in tokens(children) if t.type == "ANG"), 90.0)
        return [Loc("w9_centred"), Loc("w9_angle", value=float(angle))]

    def w9_ring_to_ring(self, children: list[Any]) -> list[Measure | Loc]:
        """"each spoke goes from ring to ring (60 mm long, ends on the tube centre line)"."""
        _allow(children, "IGN", ("goes", "runs"), "of a spoke")
        return [Measure("length", _sizes(children)[0]), Loc("w9_rim_to_rim")]

    def w9_side_to_side(self, children: list[Any]) -> list[Loc]:
        """"each running from the rim's centre line on one side to the other"."""
        _allow(children, "IGN", ("other",), "of a spoke's end")
        return [Loc("w9_rim_to_rim")]

    def w9_hub(self, children: list[Any]) -> Clause:
        """"a hub, a 16 mm diameter cylinder 10 mm tall on the Z axis, running from z = -5 to z = 5"."""
        _allow(children, "FEAT_BOSS", ("hub",), "as the wheel's hub")
        dia, height = _sizes(children)
        lo, hi = (_num(t.value, self.unit) for t in tokens(children) if t.type == "NUM")
        return Clause("w9_hub", noun=Noun("cylinder", measures=[Measure("diameter", dia), Measure("height", height)]),
                      locs=[Loc("w9_span", values=(lo, hi))])

    def w9_sphere_hub(self, children: list[Any]) -> Clause:
        """"Where they cross sits a Ø24 sphere as the hub": a ball centred where the spokes cross."""
        if _words(children, "IGN", "FACE_SIDE") != ["where", "they", "cross"]:
            raise reject("the hub is read offline only 'where they cross'")
        _allow(children, "FEAT_BOSS", ("hub",), "as the wheel's hub")
        return Clause("w9_hub", noun=Noun("sphere", measures=[Measure("diameter", _sizes(children)[0])]))

    def w9_about(self, children: list[Any]) -> Clause:
        """"This is a small hand wheel for a valve model": what the wheel is for (the wheel must follow)."""
        _allow(children, "IGN", ("small", "little", "simple", "toy"), "before the part's name")
        _allow(children, "UNK", ("hand", "wheel", "valve", "steering"), "in the part's name")
        if "wheel" not in _words(children, "UNK"):
            raise reject("only a wheel is read offline from a description like this")
        return Clause("w9_about")

    def w9_rim_section(self, children: list[Any]) -> Clause:
        """"a ring of round section lying flat: 60 mm across measured to the centre of the rim, and the rim itself is
        10 mm thick (a 10 mm round section)": the centre-line diameter, and the tube said twice (checked)."""
        _allow(children, "UNK", ("itself",), "of the rim")
        _allow(children, "DIM_DIAMETER", ("across",), "of the rim")
        major, thick, section = _sizes(children)
        if abs(thick - section) > 1e-9:
            raise reject(f"the rim is said {thick:g} mm thick but of a {section:g} mm round section")
        return Clause("w9_rim", noun=Noun("torus", measures=[Measure("major_diameter", major),
                                                               Measure("minor_diameter", thick)]))

    def w9_sized_spokes(self, children: list[Any]) -> Clause:
        """"Two straight 6 mm round spokes …": the size before "round" is each spoke's diameter."""
        clause = self.w9_spokes([c for c in children if not isinstance(c, Size)])
        assert clause.noun is not None
        clause.noun.measures.append(Measure("diameter", _sizes(children)[0]))
        return clause

    def w9_full_length(self, children: list[Any]) -> list[Measure | Loc]:
        """"each running the full 60 mm from rim centreline to rim centreline in the plane of the rim"."""
        return [Measure("length", _sizes(children)[0]), Loc("w9_rim_to_rim")]

    def w9_hub_proud(self, children: list[Any]) -> Clause:
        """"a hub 16 mm in diameter and 10 mm long, its axis square to the wheel, centred on the rim's plane so it
        sticks out 5 mm each side": a cylinder on the axis; the amount it sticks out must be half its length."""
        if _words(children, "IGN", "UNBUILT") != ["there's", "so", "sticks", "out"]:
            raise reject("the hub's place is not understood")
        _allow(children, "UNK", ("wheel",), "as what the hub's axis is square to")
        _allow(children, "W_SQUARE", ("square",), "of the hub's axis")
        dia, length, proud = _sizes(children)
        if abs(2 * proud - length) > 1e-9:
            raise reject(f"a hub {length:g} mm long centred on the rim's plane sticks out {length / 2:g} mm each side, "
                         f"not {proud:g}")
        return Clause("w9_hub", noun=Noun("cylinder", measures=[Measure("diameter", dia), Measure("height", length)]),
                      locs=[Loc("w9_span", values=(-length / 2, length / 2))])
