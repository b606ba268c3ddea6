"""One semantic function per grammar rule: a parse tree of ``grammar.lark`` -> typed :class:`Clause` s.

Lark calls the method named like each rule (or its ``-> alias``) bottom-up with the already-transformed children, so
every function here is small and local: it reads its own children and returns a value of ``sentences.py``.
Composition into CAD operations happens afterwards, in ``compose.py``.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Transformer, Tree

from ai_designer.core.errors import PlanError
from ai_designer.planning.descriptions import DescriptionSemantics
from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_callouts import CalloutSemantics
from ai_designer.planning.semantics_centres import CentreSemantics
from ai_designer.planning.semantics_codegen import CodegenSemantics
from ai_designer.planning.semantics_crossing import CrossingSemantics
from ai_designer.planning.semantics_edgesets import EdgeSetSemantics
from ai_designer.planning.semantics_extent import ExtentSemantics
from ai_designer.planning.semantics_hobby import HobbySemantics
from ai_designer.planning.semantics_holewords import HoleWordSemantics
from ai_designer.planning.semantics_hubs import HubSemantics
from ai_designer.planning.semantics_joins8 import JoinsEightSemantics
from ai_designer.planning.semantics_joins9 import JoinsNineSemantics
from ai_designer.planning.semantics_joins9_lofts import JoinsNineLoftSemantics
from ai_designer.planning.semantics_locs import LocationSemantics, tokens
from ai_designer.planning.semantics_machinist import MachinistLatheSemantics, MachinistSemantics
from ai_designer.planning.semantics_openers import OpenerSemantics
from ai_designer.planning.semantics_partnouns import PartNounSemantics
from ai_designer.planning.semantics_partrefs import PartRefSemantics
from ai_designer.planning.semantics_phrases import PhraseSemantics
from ai_designer.planning.semantics_places import PlaceSemantics
from ai_designer.planning.semantics_plainspeak import PlainSpeakSemantics
from ai_designer.planning.semantics_profiles import ProfileSemantics
from ai_designer.planning.semantics_recesses import RecessSemantics
from ai_designer.planning.semantics_said import SaidSemantics
from ai_designer.planning.semantics_shapes import ShapeSemantics
from ai_designer.planning.semantics_shop import ShopSemantics
from ai_designer.planning.semantics_shop8 import (
    Shop8AngleSemantics,
    Shop8EdgeSemantics,
    Shop8PostSemantics,
    Shop8Semantics,
    Shop8TraySemantics,
)
from ai_designer.planning.semantics_shop8_brackets import Shop8BracketSemantics
from ai_designer.planning.semantics_shop_notes import (
    HoleNoteSemantics,
    ShopNoteSemantics,
    TurnedNoteSemantics,
    UnionNoteSemantics,
)
from ai_designer.planning.semantics_shopparts import BracketSemantics, LidSemantics, ShopPartSemantics
from ai_designer.planning.semantics_sideholes import SideHoleSemantics, SidePlaceSemantics
from ai_designer.planning.semantics_sketch import SketchSemantics
from ai_designer.planning.semantics_stacking import StackingSemantics, check_taper_under, no_consequence_size
from ai_designer.planning.semantics_steps import StepSemantics
from ai_designer.planning.semantics_steps2 import StepTwoSemantics
from ai_designer.planning.semantics_steps8 import StepEightSemantics
from ai_designer.planning.semantics_steps9 import StepNineSemantics
from ai_designer.planning.semantics_stock import FlangedSemantics, StockSemantics
from ai_designer.planning.semantics_sweep_words import SweepWordSemantics, TubeBendSemantics
from ai_designer.planning.semantics_sweeps import SweepSemantics
from ai_designer.planning.semantics_terse import TerseSemantics
from ai_designer.planning.semantics_torus import TorusSemantics
from ai_designer.planning.semantics_tshape import TShapeSemantics
from ai_designer.planning.semantics_turns import TurnSemantics
from ai_designer.planning.semantics_ubracket import UBracketSemantics
from ai_designer.planning.semantics_unions import UnionSemantics
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["Semantics"]

_EDGES = {"EDGE_ALL": "all", "EDGE_TOP": "top", "EDGE_BOTTOM": "bottom", "EDGE_VERTICAL": "vertical",
          "EDGE_TOP_OUTER": "top_outer", "EDGE_BOTTOM_OUTER": "bottom_outer"}
_tokens = tokens


def _split(children: list[Any]) -> tuple[Noun | None, list[Measure], list[Size], list[Loc]]:
    """A clause's children by type (commas, articles and verbs are tokens and fall away)."""
    children = [x for c in children for x in (c if isinstance(c, list) else [c])]
    nouns = [c for c in children if isinstance(c, Noun)]
    return (nouns[0] if nouns else None, [c for c in children if isinstance(c, Measure)],
            [c for c in children if isinstance(c, Size)], [c for c in children if isinstance(c, Loc)])


def _clause(action: str, children: list[Any], **extra: Any) -> Clause:
    if action in ("create", "join"):
        no_consequence_size(children, joined=action == "join")
    noun, measures, sizes, locs = _split(children)
    check_taper_under(measures, locs)
    return Clause(action=action, noun=noun, measures=measures, sizes=sizes, locs=locs, **extra)


class Semantics(UnionSemantics, LocationSemantics, SweepSemantics, SketchSemantics, ShopSemantics, ProfileSemantics,
                DescriptionSemantics, StepSemantics, ShopNoteSemantics, HoleNoteSemantics, UnionNoteSemantics,
                TurnedNoteSemantics, StepTwoSemantics, StockSemantics, FlangedSemantics, CentreSemantics,
                SaidSemantics, TorusSemantics, CrossingSemantics, SweepWordSemantics, TubeBendSemantics,
                CodegenSemantics, MachinistSemantics, MachinistLatheSemantics, HobbySemantics, PlaceSemantics,
                ShopPartSemantics, LidSemantics, BracketSemantics, StackingSemantics, TerseSemantics,
                PlainSpeakSemantics, TurnSemantics, RecessSemantics, EdgeSetSemantics, HubSemantics, CalloutSemantics,
                SideHoleSemantics, SidePlaceSemantics,
                OpenerSemantics, ExtentSemantics, ShapeSemantics, UBracketSemantics, TShapeSemantics,
                PartRefSemantics, PartNounSemantics, PhraseSemantics, HoleWordSemantics, StepEightSemantics,
                Shop8Semantics, Shop8TraySemantics, Shop8PostSemantics, Shop8EdgeSemantics,
                Shop8AngleSemantics, Shop8BracketSemantics, JoinsEightSemantics, JoinsNineSemantics,
                JoinsNineLoftSemantics, StepNineSemantics,
                Transformer[Token, list[Clause]]):
    """``unit``: millimetres per bare number (``None``: the prompt states no unit, numbers are mm)."""

    def __init__(self, unit: float | None) -> None:
        super().__init__(visit_tokens=True)
        self.unit = unit or 1.0

    def Q3(self, tok: Token) -> Size:  # noqa: N802 - Lark calls terminal callbacks by the terminal's name
        return self._multi(tok.value)

    def Q2(self, tok: Token) -> Size:  # noqa: N802
        return self._multi(tok.value)

    # ---- document ---------------------------------------------------------------------------------------------
    def start(self, children: list[Any]) -> list[Clause]:
        self.built = self.built or bool(children[0])  # a later "I need a …" asks for more (descriptions.py)
        return list(children[0])

    def chat_sentence(self, children: list[Any]) -> list[Clause]:
        return []

    def steps(self, children: list[Any]) -> list[Clause]:
        clauses = [c for x in children for c in (x if isinstance(x, list) else [x]) if isinstance(c, Clause)]
        said = [loc for x in children if isinstance(x, Tree) and x.data == "lead" for loc in x.children
                if isinstance(loc, Loc)]  # "a capsule lying along Y: a cylinder …": said of the next body
        if said and clauses:
            clauses[0].locs.extend(said)
        return clauses

    # ---- clauses ------------------------------------------------------------------------------------------------
    def create_body(self, children: list[Any]) -> Clause:
        return _clause("create", children)

    def join_body(self, children: list[Any]) -> Clause:
        return _clause("join", children)

    def join_body_loc_first(self, children: list[Any]) -> Clause:
        return _clause("join", children)

    def cut_tool(self, children: list[Any]) -> Clause:
        return _clause("cut", children)

    def drill_hole(self, children: list[Any]) -> Clause:
        return _clause("cut", children)

    def drill_bare(self, children: list[Any]) -> Clause:
        return _clause("cut", [Noun("hole"), *children])

    def edge_verb_first(self, children: list[Any]) -> Clause:
        verb = _tokens(children)[0]
        return _clause(verb.value.concept.split(":")[1], children, edges=_edge_of(children))

    def edge_noun_first(self, children: list[Any]) -> Clause:
        noun = next(t for t in _tokens(children) if t.type in ("FEAT_FILLET", "FEAT_CHAMFER"))
        return _clause(noun.value.concept.split(":")[1], children, edges=_edge_of(children))

    def edge_size(self, children: list[Any]) -> Size | Measure:
        return next(c for c in children if isinstance(c, (Size, Measure)))

    def chamfer_size(self, children: list[Any]) -> Size:
        """"0.5 x 45°": the leg size; the plan's chamfers are equal-leg, so only 45° can be built."""
        first = children[0]
        if isinstance(first, Size):  # size W_X ANG
            size, angle = first.values[0], children[-1].value.values[0]
        else:  # QANG: the size part carries no unit of its own
            size, angle = first.value.raw[0] * self.unit, first.value.values[-1]
        if abs(angle - 45.0) > 1e-9:
            raise PlanError(f"a {angle:g}° chamfer: only 45° (equal-leg) chamfers are built offline")
        return Size((size,))

    def edge_ref(self, children: list[Any]) -> Loc:
        loc = next(c for c in children if isinstance(c, Loc))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        owner = [c for c in children if isinstance(c, tuple)]
        named = next((c.kind for c in children if isinstance(c, Noun)), "")  # "the top edge of the block"
        return Loc("edges", face=loc.face, value=float(counts[0]) if counts else None, values=owner[0] if owner else (),
                   named=named)

    def edge_owner(self, children: list[Any]) -> tuple[float]:
        """"of the round boss": ``(diameter or 0,)`` — the edges belong to the body joined last."""
        return (next((c.value for c in children if isinstance(c, Measure) and c.dim == "diameter"), 0.0),)

    def edge_word(self, children: list[Any]) -> Loc:
        tok = children[0]
        outside = tok.type == "EDGE_ALL" and any(w in tok.value.text for w in ("outside", "outer", "external"))
        return Loc("edges", face="outside" if outside else _EDGES[tok.type])

    def edge_broken(self, children: list[Any]) -> Clause:
        """"the outside edges of the cube broken with a 1.5 mm chamfer": a chamfer said in the passive."""
        return _clause("chamfer", children, edges=_edge_of(children))

    def keep_sharp(self, children: list[Any]) -> Loc:
        return Loc("keep_sharp")

    def sketch_outline(self, children: list[Any]) -> Clause:
        return _clause("sketch", children)

    def extrude_sketch(self, children: list[Any]) -> Clause:
        return _clause("extrude", children)

    def hole_note(self, children: list[Any]) -> Clause:
        """A drawing note: "4x Ø8 THRU" — the diameter, an optional count, through when it says so."""
        size = next(c for c in children if isinstance(c, Size))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        noun = Noun("hole", count=counts[0] if counts else 1, measures=[Measure("diameter", size.values[0])])
        rest = [c for c in children if c is not size and not isinstance(c, int)]
        return _clause("cut", [noun, *rest])

    def pocket_note(self, children: list[Any]) -> Clause:
        """"POCKET 100 x 60 x 8 DP": length x width x depth of a rectangular pocket."""
        size = next(c for c in children if isinstance(c, Size))
        noun = Noun("pocket", sizes=[Size(size.values[:2])], measures=[Measure("depth", size.values[2])])
        return _clause("cut", [noun, *[c for c in children if c is not size]])

    def corner_radius(self, children: list[Any]) -> Measure:
        return Measure("corner_radius", next(c for c in children if isinstance(c, Size)).values[0])

    def centred_on_top_face(self, children: list[Any]) -> list[Loc]:
        return [Loc("centre"), Loc("face", face="top")]

    def cbore_holes(self, children: list[Any]) -> Clause:
        """"drill and counterbore 2 holes: …": holes that must carry a counterbore (checked when composed)."""
        clause = self.hole_note([c for c in children if not (isinstance(c, Token) and c.type == "FEAT_HOLE")])
        clause.locs.append(Loc("cbore_required"))
        return clause

    def cbore_existing(self, children: list[Any]) -> Clause:
        """A counterbore added to the holes drilled last: its diameter and depth, and how many holes it names."""
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        if len(sizes) != 2:
            raise PlanError("a counterbore takes a diameter and a depth")
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        noun = Noun("hole", count=counts[0] if counts else 1)
        locs = [c for c in children if isinstance(c, (Loc, list))]
        return _clause("counterbore", [noun, Loc("cbore", values=(sizes[0], sizes[1])), *locs])

    def cbore(self, children: list[Any]) -> Loc:
        values = [v for c in children if isinstance(c, Size) for v in c.values]
        return Loc("cbore", values=(values[0], values[1]))

    def bore_chamfer(self, children: list[Any]) -> Clause:
        tok = next(t for t in _tokens(children) if t.type == "EDGE_CIRCULAR")
        if tok.value.text not in ("both ends", "each end", "both sides"):
            raise reject(f"'{tok.value.text}' of the bore: say 'both ends'")
        return _clause("chamfer", [*children, Loc("edges", face="bore_ends")], edges="bore_ends")

    def corners_rounded(self, children: list[Any]) -> Clause:
        """The N rounded corners of a plate seen from above are its vertical edges (the count is checked)."""
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        size = next(c for c in children if isinstance(c, Size))
        edges = Loc("edges", face="vertical", value=float(count))
        return _clause("fillet", [Measure("radius", size.values[0]), edges], edges="vertical")

    def hole_tail(self, children: list[Any]) -> list[Loc]:
        toks = _tokens(children)
        out = [Loc("through")] if any(t.type == "MOD_THROUGH" for t in toks) else []
        for t in toks:
            if t.type == "MOD_ALONG_Y":  # "THRU VERTICAL": along Z; other words of this concept: along Y
                out.append(Loc("direction_axis", axes=(2 if t.value.text.startswith("vertical") else 1,)))
        return out

    def fillet_note(self, children: list[Any]) -> Clause:
        """"4x R10 ON VERTICAL CORNER EDGES": the count is the number of edges."""
        size = next(c for c in children if isinstance(c, Size))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        edges = next(c for c in children if isinstance(c, Loc) and c.kind == "edges")
        if counts and edges.value is not None:
            raise PlanError("the number of edges is given twice")
        if counts:
            edges = Loc("edges", face=edges.face, value=float(counts[0]))
        rest = [c for c in children if c is not size and c is not edges and isinstance(c, (Loc, list))]
        return _clause("fillet", [Measure("radius", size.values[0]), edges, *rest], edges=edges.face or "all")

    def move_last(self, children: list[Any]) -> Clause:
        return _clause("move", children)


def _edge_of(children: list[Any]) -> str:
    return next((c.face for c in children if isinstance(c, Loc) and c.kind == "edges"), "all") or "all"

