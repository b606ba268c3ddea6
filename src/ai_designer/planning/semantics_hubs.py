"""Semantic functions of the ``hubs`` rules of ``grammar.lark``: a boss or hub's height said by how it stands up.

People say the height of a boss, hub, stud or post by the way it rises from the face it is on: "a 20 mm diameter
boss sticking up 10 mm", "a raised hub, 50 mm across, that sticks up another 20 mm", "a Ø1.25 hub on one face
sticking out 3/4\"", "standing up 15 mm", "protruding 5 mm", "10 mm proud". Each is the body's height, read as
``Measure("height", …)`` exactly as "10 mm tall" is. The rule matches loose terminals (``UNBUILT``, ``IGN``), so
every word is checked here and anything else is refused by name rather than read as a height.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["HubSemantics"]

# the verb: how the body rises from the face (UNBUILT / IGN / W_STANDING words)
_RISE_VERBS = frozenset({"sticking", "sticks", "stick", "protruding", "protrudes", "protrude", "projecting",
                         "standing", "stands", "stand"})
# the particle after it: "sticking up", "sticking out" ("out" is an ignorable word)
_RISE_PARTICLES = frozenset({"up", "out"})


class HubSemantics:
    """One method per rule of the block; each reads its own children."""

    def hub_np(self, children: list[Any]) -> list[Any]:
        """"a round boss 1.5 inch dia", "a rectangular boss 20 x 10": a cylinder, or a block when two sizes give its
        footprint (a boss is never a sphere or a cone: those are refused by their own words)."""
        sizes = [c for c in children if isinstance(c, Size)]
        measures = [m for c in children for m in (c if isinstance(c, list) else [c]) if isinstance(m, Measure)]
        square = any(len(s.values) >= 2 for s in sizes)
        if square and any(m.dim in ("diameter", "radius") for m in measures):
            raise reject("a boss given both a diameter and a rectangular size")
        noun = Noun("box" if square else "cylinder",
                    words=tuple(t.value.text for t in tokens(children) if t.type == "FEAT_BOSS"))
        for c in children:
            if isinstance(c, Size):
                noun.sizes.append(c)
            elif isinstance(c, Measure):
                noun.measures.append(c)
            elif isinstance(c, list):
                noun.measures.extend(m for m in c if isinstance(m, Measure))
        return [noun, Loc("hub")]  # "hub": joined on the part (compose_hubs.hub_clause); a list, as _split reads

    def hub_first(self, children: list[Any]) -> Clause:
        """"In the middle of its top, a 20 mm diameter boss sticking up 10 mm": the boss, placed as said before it."""
        noun, hub = self.hub_np(children)
        locs = [c for c in children if isinstance(c, Loc)]
        locs += [x for c in children if isinstance(c, list) for x in c if isinstance(x, Loc)]
        return Clause("create", noun=noun, locs=[*locs, hub])

    def hub_edge_ref(self, children: list[Any]) -> Loc:
        """"the boss's top edge", "the top outside edge of the boss": edges of the boss joined last (as
        ``edge_owner``: ``values`` holds its diameter, 0 = not said)."""
        word = next(c for c in children if isinstance(c, Loc))
        owner = next((c for c in children if isinstance(c, tuple)), (0.0,))
        return Loc("edges", face=word.face, values=owner)

    def hub_through(self, children: list[Any]) -> list[Loc]:
        """"through the boss and the base", "thru the hub and plate": through, on the boss's axis (checked)."""
        return [Loc("through"), Loc("hub_axis")]

    def hub_through_all(self, children: list[Any]) -> Loc:
        """"through everything": through the whole part."""
        words = [t.value.text.lower() for t in tokens(children) if t.type == "EDGE_ALL"]
        if words != ["everything"]:
            raise reject(f"'through {' '.join(words)}' is not read offline")
        return Loc("through")

    def hub_rise(self, children: list[Any]) -> Measure:
        """"sticking up 10 mm", "that sticks up another 20 mm", "sticking out 0.75 inch": the height."""
        words = [t.value.text.lower() for t in tokens(children) if t.type in ("UNBUILT", "IGN", "W_STANDING", "W_UP")]
        if not words or words[0] not in _RISE_VERBS or any(w not in _RISE_PARTICLES for w in words[1:]):
            raise reject(f"'{' '.join(words)}' is not read as a height offline (say e.g. 'sticking up 10 mm')")
        size = next(c for c in children if isinstance(c, Size))
        return Measure("height", size.values[0])

    def hub_proud(self, children: list[Any]) -> Measure:
        """"10 mm proud": the height it stands above the face."""
        word = next(t.value.text.lower() for t in tokens(children) if t.type == "UNBUILT")
        if word != "proud":
            raise reject(f"'{word}' after a size is not read offline")
        size = next(c for c in children if isinstance(c, Size))
        return Measure("height", size.values[0])
