"""Semantic functions of the ``extent`` block of ``grammar.lark``: how far a cut goes, and what it does not do.

People bound a hole, slot or pocket by its ends and by what is left of the part: "through the full 30 height",
"down through the full 50", "(through the 60)", "through the 30 mm direction", "running right through the 30 mm
depth", "leaving a 3 mm thick closed top", "leaving 10 walls each side and a 10 floor", "leaving two 13 mm thick
prongs"; and by what it is not: "not all the way through", "it does not go through", "it doesn't come out the top",
"(not through)". Each phrase becomes a location term (``ext_*``) that ``compose_extent.extent`` checks against the
cut once it is made — a negation only confirms what the other words say, and refuses when they say otherwise.

The rules take loose terminals ("not", "come", "run" are words the vocabulary does not know: ``UNK``; "does", "go",
"out" are ignorable: ``IGN``), so every such word is checked here and anything else is refused by name rather than
read as the nearest phrase.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree

from ai_designer.planning.descriptions import FOR
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["ExtentSemantics"]

# the words around "not": "it does not go through", "that should not come out the top", "which doesn't …"
_AUX = frozenset({"does", "do", "did", "should", "must", "will", "shall", "which", "but", "and", "so", "it's"})
_GO = frozenset({"go", "goes", "going"})
_COME = frozenset({"come", "comes", "coming"})
_OUT = frozenset({"out"})
_RUN = frozenset({"run", "runs", "running"})
_PASS = frozenset({"pass", "passes", "passing"})
_DIMS = {"DIM_HEIGHT": "height", "DIM_LENGTH": "length", "DIM_WIDTH": "width", "DIM_THICKNESS": "thickness",
         "DIM_DEPTH": "depth", "W_DIRECTION": "direction"}
_FACES = {"FACE_TOP": "top", "FACE_BOTTOM": "bottom", "FACE_LEFT": "left", "FACE_RIGHT": "right",
          "FACE_FRONT": "front", "FACE_BACK": "back"}
_PRONGS = frozenset({"prongs", "prong", "tines", "cheeks"})
_FEATURES = {"FEAT_HOLE": "hole", "FEAT_SLOT": "slot", "FEAT_POCKET": "pocket"}


def _flat(children: list[Any]) -> list[Any]:
    """Every value under ``children``: tokens of rules without a function of their own, and transformed values."""
    out: list[Any] = []
    for c in children:
        if isinstance(c, Tree):
            out += _flat(list(c.children))
        elif isinstance(c, list):
            out += _flat(c)
        else:
            out.append(c)
    return out


def _toks(children: list[Any]) -> list[Token]:
    return [c for c in _flat(children) if isinstance(c, Token)]


def _words(children: list[Any], kind: str) -> list[str]:
    return [t.value.text.lower() for t in _toks(children) if t.type == kind]


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in _flat(children) if isinstance(c, Size)]


def _way(children: list[Any]) -> list[Loc]:
    """"up" / "down": the face the cut goes in by (the bottom / the top), checked on the cut made."""
    ups = [t.type for t in _toks(children) if t.type in ("W_UP", "W_DOWN")]
    return [Loc("ext_way", face="bottom" if ups[0] == "W_UP" else "top")] if ups else []


def _check(words: list[str], allowed: frozenset[str], phrase: str) -> None:
    bad = [w for w in words if w not in allowed]
    if bad:
        raise reject(f"'{' '.join(bad)}' is not read in '{phrase}' offline")


def _not(children: list[Any]) -> list[str]:
    """The unknown words of a negation: the first must be "not"; the ignorable ones helpers or "go"."""
    unknown = _words(children, "UNK")
    if not unknown or unknown[0] != "not":
        raise reject(f"'{' '.join(unknown)}' is not read as a negation offline (say e.g. 'not through')")
    return unknown[1:]


def _exit_face(children: list[Any]) -> str:
    """The face named after "out": "the top" (a face) or "the other side" (the one opposite the way in)."""
    face = next((c for c in _flat(children) if isinstance(c, str) and not isinstance(c, Token)), None)
    if face is not None:
        return face
    if _words(children, "FACE_SIDE") != ["side"] or "other" not in _words(children, "IGN"):
        raise reject("'out the …': say which face (e.g. 'out the bottom' or 'out the other side')")
    return "other"


class ExtentSemantics:
    """One method per rule of the block (see the module docstring)."""

    def ext_unk_through(self, children: list[Any]) -> list[Loc]:
        """"not all the way through", "it does not go through (the block)": blind (its depth must be said); "that
        passes through it", "passing through both walls": the through phrase."""
        unknown = _words(children, "UNK")
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        if unknown and unknown[0] != "not":
            _check(unknown, _GO | _RUN | _PASS, "passes through")
            _check(_words(children, "IGN"), _AUX | _GO, "passes through")
            return locs
        _check(_not(children), frozenset(), "not … through")
        _check(_words(children, "IGN"), _AUX | _GO, "does not go through")
        if [loc.kind for loc in locs] != ["through"] or locs[0].value is not None:
            raise reject("'not through …' is read offline only as 'not (all the way) through'")
        return [Loc("ext_blind")]

    def ext_not_out(self, children: list[Any]) -> Loc:
        """"it doesn't come out the top", "does not come out the other side": blind, short of that face."""
        verb = _not(children)
        _check(verb, _COME, "does not come out")
        ign = _words(children, "IGN")
        if "out" not in ign:
            raise reject("'does not come …': say 'out' and the face (e.g. 'does not come out the top')")
        _check([w for w in ign if w != "other"], _AUX | _OUT, "does not come out")
        return Loc("ext_blind", face=_exit_face(children))

    def ext_exit(self, children: list[Any]) -> Loc:
        """"comes out the other side", "that comes out the bottom": through, leaving by that face."""
        verb = _words(children, "UNK") + _words(children, "W_COMING")
        _check(verb, _COME, "comes out")
        _check([w for w in _words(children, "IGN") if w != "other"], _OUT | _AUX, "comes out")
        return Loc("ext_exit", face=_exit_face(children))

    def ext_paren(self, children: list[Any]) -> Loc:
        """"(not through)", "(through)", "(through the 60)": the same terms in brackets."""
        inner = next((c for c in _flat(children) if isinstance(c, Loc)), None)
        if inner is not None:
            return inner
        return Loc("ext_blind") if any(t.type == "MOD_BLIND" for t in _toks(children)) else Loc("through")

    def ext_through(self, children: list[Any]) -> Loc:
        """"through the full 30 height", "through the 30 mm direction", "(through the 60)": through, along the side
        of the part that is that long (``value``; ``face`` the side's name when said)."""
        sizes = _sizes(children)
        dim = next((_DIMS[t.type] for t in _toks(children) if t.type in _DIMS), None)
        return Loc("ext_through", face=dim, value=sizes[0] if sizes else None)

    def ext_run(self, children: list[Any]) -> Loc:
        """"running right through the 30 mm depth": a slot open at both ends along the part's 30 mm side."""
        dim = next((_DIMS[t.type] for t in _toks(children) if t.type in _DIMS), None)
        return Loc("ext_run", face=dim, value=_sizes(children)[0])

    def ext_leaving(self, children: list[Any]) -> list[Any]:
        """"leaving …", "which leaves …": what each part of the phrase says is left."""
        _check(_words(children, "IGN"), frozenset({"which", "and", "both"}), "leaving …")
        return [c for c in _flat(children) if isinstance(c, (Loc, Measure))]

    def ext_left_floor(self, children: list[Any]) -> list[Any]:
        """"a 10 floor", "a 3 mm thick closed top", "a 5 mm bottom": the material left beyond the cut's bottom
        (a ``floor`` measure, as "leaving a 5 mm floor" is read elsewhere) and the face it is at, when said."""
        face = next((_FACES[t.type] for t in _toks(children) if t.type in _FACES), None)
        if any(t.type == "MOD_CLOSED" for t in _toks(children)) and face != "top":
            raise reject("'closed' is read only in 'a closed top' offline")
        out: list[Any] = [Measure("floor", _sizes(children)[0])]
        return out + ([Loc("ext_floor_face", face=face)] if face else [])

    def ext_left_walls(self, children: list[Any]) -> Loc:
        """"10 walls each side", "5 mm walls on both sides": the part left on each side of the cut."""
        _check(_words(children, "IGN"), frozenset({"both"}), "walls on both sides")
        return Loc("ext_walls", value=_sizes(children)[0], face="sides")

    def ext_left_prongs(self, children: list[Any]) -> Loc:
        """"two 13 mm thick prongs": the two sides left either side of a slot, each that thick."""
        count = next(t for t in _toks(children) if t.type == "NUM").value
        word = _words(children, "UNBUILT")
        if not count.is_int or count.values[0] != 2 or word[0] not in _PRONGS:
            raise reject(f"'{count.text} … {word[0]}' is read only as the two prongs either side of a slot offline")
        return Loc("ext_walls", value=_sizes(children)[0], face="sides")

    def ext_round_ends(self, children: list[Any]) -> Loc:
        """"with (fully) rounded ends": a slot's ends are half circles."""
        _check(_words(children, "UNK"), frozenset({"fully"}), "with fully rounded ends")
        _check(_words(children, "FEAT_FILLET"), frozenset({"rounded", "radiused"}), "with rounded ends")
        return Loc("ends", face="round")

    def ext_run_hole(self, children: list[Any]) -> Clause:
        """"Run a 6 mm hole right through along the axis": drill it."""
        verb = next(t for t in _toks(children) if t.type == "UNK")
        if verb.value.text.lower() != "run":
            raise reject(f"'{verb.value.text}' is not read as a way to make a hole offline (say e.g. 'drill')")
        flat = _flat([c for c in children if not isinstance(c, Token)])
        nouns = [c for c in flat if isinstance(c, Noun)]
        return Clause("cut", noun=nouns[0], measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])

    def ext_said(self, children: list[Any]) -> Clause:
        """"It does not go all the way through.", "The hole doesn't come out the top.": a term about the cut made
        just before (``compose_extent.mark_extent`` gives it to that clause; ``noun``: the feature named)."""
        kind = next((_FEATURES[t.type] for t in _toks(children) if t.type in _FEATURES), None)
        return Clause("ext_said", noun=Noun(kind) if kind else None,
                      locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def ext_going(self, children: list[Any]) -> list[Loc]:
        """"that goes all the way through it", "passing through both walls": the through phrase; the verb is one of
        going, running or passing."""
        _check(_words(children, "IGN")[:1], _GO | _RUN | _PASS, "goes through")
        return [c for c in _flat(children) if isinstance(c, Loc)]

    def ext_also(self, children: list[Any]) -> Loc:
        """"also through": through, like the holes said before."""
        _check(_words(children, "EDIT_ADD"), frozenset({"also"}), "also through")
        return Loc("through")

    def ext_depth(self, children: list[Any]) -> list[Any]:
        """"goes up 18 mm into it": how deep the cut goes into the part from its face (going up, it goes in from the
        bottom; down, from the top — checked)."""
        _check(_words(children, "IGN"), _GO, "goes … into it")
        return [Measure("depth", _sizes(children)[0]), *_way(children)]

    def ext_up_middle(self, children: list[Any]) -> list[Loc]:
        """"goes up the middle": centred, going in from the bottom ("down the middle": from the top)."""
        return [Loc("centre"), *_way(children)]

    def ext_goes(self, children: list[Any]) -> Clause:
        """"From the underside a 6 mm hole goes up 18 mm into it": the cut, placed by what is said before and after."""
        there = [w for c in children if isinstance(c, Tree) and c.data == "ext_there" for w in _words([c], "IGN")]
        _check(there, frozenset({"there's", "there"}), "there's a hole")
        flat = _flat([c.children if isinstance(c, Tree) and c.data == "ext_cut_np" else c for c in children
                      if not (isinstance(c, Tree) and c.data == "ext_there")])
        nouns = [c for c in flat if isinstance(c, Noun)]
        return Clause("cut", noun=nouns[0], measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])

    def ext_lead(self, children: list[Any]) -> list[Loc]:
        """A place said before the cut, then a comma: "On the bottom face, …", "In the middle, …"."""
        return [c for c in _flat(children) if isinstance(c, Loc)]

    def ext_face_lead(self, children: list[Any]) -> Loc:
        """"from the underside", "underneath", "from the flat bottom": the face the cut goes in by."""
        toks = _toks(children)
        if len(toks) == 1 and toks[0].type == "REL_UNDER":
            _check([toks[0].value.text.lower()], frozenset({"underneath", "beneath", "below"}), "underneath")
            return Loc("face", face="bottom")
        if len(toks) == 1:  # "from the underside", "from below": one lexicon phrase
            if not toks[0].value.text.lower().startswith(("from ", "up from ")):
                raise reject(f"'{toks[0].value.text}' before the cut: say the face it goes in from (e.g. 'from the "
                             "underside')")
            return Loc("face", face=_FACES[toks[0].type])
        return Loc("face", face=next(c for c in children if isinstance(c, str) and not isinstance(c, Token)))

    def ext_comes_to(self, children: list[Any]) -> list[Measure]:
        """"that comes to a sharp point 25 mm above the top of the disc": a pointed cone's height over that face."""
        _check(_words(children, "UNK"), _COME, "comes to a point")
        out: list[Measure] = self.stk_to_point(  # type: ignore[attr-defined]
            [c for c in children if not (isinstance(c, Token) and c.type in ("UNK", "W_THAT"))])
        return out

    def ext_blind_hole(self, children: list[Any]) -> list[Any]:
        """"an 8 mm diameter blind hole": a hole that stops at its depth (which must be said)."""
        noun = self.hole_np([c for c in children if not (isinstance(c, Token) and c.type == "MOD_BLIND")])  # type: ignore[attr-defined]
        return [noun, Loc("blind")]

    def ext_all_through(self, children: list[Any]) -> Clause:
        """"Everything goes through.", "All holes are through.": every hole and pocket made so far goes through."""
        words = _words(children, "EDGE_ALL") + _words(children, "MOD_EACH")
        if words not in (["everything"], ["all"], ["each"]):
            raise reject(f"'{' '.join(words)} … through' is read as 'everything goes through' or 'all holes are "
                         "through' offline")
        _check(_words(children, "IGN"), _GO, "everything goes through")
        return Clause("ext_all_through")

    def ext_hollow(self, children: list[Any]) -> Clause:
        """"Hollow it out leaving 4 mm walls and a 4 mm bottom, open at the top", "Pocket out the inside leaving 5 mm
        walls all round and a 5 mm floor": the inside cut from the top, leaving the walls and the floor said."""
        _check(_words(children, "IGN"), _OUT, "hollow it out")
        _check(_words(children, "DIM_ID"), frozenset({"inside"}), "pocket out the inside")
        shell = _words(children, "FEAT_SHELL")
        _check(shell, frozenset({"hollow", "hollowed out"}), "hollow it out")
        opened = _words(children, "MOD_OPEN")
        _check(opened, frozenset({"open at the top", "open top", "open on top"}), "open at the top")
        if shell and not opened:
            raise reject("'hollow it out': say which face is open (e.g. 'open at the top')")
        items = [c for c in _flat(children) if isinstance(c, (Loc, Measure))]
        walls = [c for c in items if isinstance(c, Loc) and c.kind == "ext_walls"]
        floors = [c for c in items if isinstance(c, Measure) and c.dim == "floor"]
        faces = [c.face for c in items if isinstance(c, Loc) and c.kind == "ext_floor_face"]
        if len(walls) != 1 or len(floors) != 1 or len(items) != 2 + len(faces) or faces not in ([], ["bottom"]):
            raise reject("'hollow it out': say the walls and the floor left, once each (e.g. 'leaving 4 mm walls and "
                         "a 4 mm bottom')")
        return Clause("ext_hollow", measures=[Measure("wall", float(walls[0].value or 0.0)), floors[0]])

    def ext_slice(self, children: list[Any]) -> Clause:
        """"cut off everything below Z = -15 so it sits flat", "trim off all material below Z = 0 (keep top half)": the
        part cut at a level, the side removed (and what is kept, checked when composed)."""
        _check(_words(children, "MOD_FROM"), frozenset({"off"}), "cut off everything below …")
        _check(_words(children, "EDIT_TRIM"), frozenset({"trim"}), "trim off everything below …")
        _check(_words(children, "EDGE_ALL") + _words(children, "MOD_EACH"), frozenset({"everything", "all"}),
               "everything below …")
        _check([w for w in _words(children, "IGN") if w != "so"], frozenset({"material"}), "all material below …")
        side = _words(children, "REL_UNDER") + _words(children, "REL_ON_TOP")
        _check(side, frozenset({"below", "under", "beneath", "above", "over"}), "everything below Z = …")
        num = next(t for t in _toks(children) if t.type == "NUM").value
        z = num.values[0] if num.explicit else num.values[0] * getattr(self, "unit", 1.0)
        cut = "below" if side[0] in ("below", "under", "beneath") else "above"
        locs = [Loc("slice", face=cut, value=z)]
        kept = [c for c in _flat(children) if isinstance(c, Loc)]
        if any(k.face == "flat" for k in kept) and cut != "below":
            raise reject("'so it sits flat' is said of a part cut flat underneath (everything below Z = … removed)")
        return Clause("slice", locs=locs + [k for k in kept if k.face != "flat"])

    def ext_keep_half(self, children: list[Any]) -> Loc:
        """"(keep top half)": the half left (checked against the side cut away)."""
        _check(_words(children, "UNK"), frozenset({"keep"}), "keep top half")
        return Loc("keep_half", face="top" if any(t.type == "FACE_TOP" for t in _toks(children)) else "bottom")

    def ext_sits_flat(self, children: list[Any]) -> Loc:
        """"so it sits flat": the cut leaves a flat face underneath."""
        _check(_words(children, "IGN"), frozenset({"so"}), "so it sits flat")
        return Loc("keep_half", face="flat")

    def ext_edges_through(self, children: list[Any]) -> Loc:
        """"(the corner edges) that run through the thickness": edges along the part's thinnest side."""
        _check(_words(children, "UNK"), _RUN, "edges that run through the thickness")
        sizes = _sizes(children)
        return Loc("ext_edges_through", value=sizes[0] if sizes else None)

    def ext_for_neg(self, children: list[Any]) -> Loc:
        """"for the shaft - it doesn't come out the top": the object the cut is for (listed under ``ignored``, as the
        asides list it), then the negation."""
        thing = [t for t in children if isinstance(t, Token) and t.type in ("SHAPE_ROD", "IGN")]
        _check([t.value.text.lower() for t in thing], frozenset({"shaft", "dowel", "pin", "axle", "spindle"}),
               "for the shaft")
        thing[0].value.slot = FOR
        return next(c for c in children if isinstance(c, Loc))

    def ext_flat_bottom(self, children: list[Any]) -> Loc:
        """"with a flat bottom": the hole stops at its depth (holes are made flat-bottomed), so its depth must be said."""
        _check(_words(children, "FACE_BOTTOM"), frozenset({"bottom"}), "with a flat bottom")
        return Loc("ext_blind")
