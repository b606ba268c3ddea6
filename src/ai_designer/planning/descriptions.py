"""Descriptions: sentences that say what the part is, what it is for, or how it should be — never how it is shaped.

"This is a mounting block for my shelf." "Making a little pot for pens." "It needs to be stiff." The grammar's
``description`` rules (the ``descriptions`` block of ``grammar.lark``) accept only words with no geometric meaning: no
quantity, no shape modifier, feature, position, edge or negation. The semantic functions here build nothing; they mark
each word they read (``Tok.slot``) with its role, so that ``accounting.py`` lists it under ``ignored`` with why:

* the part's name ("clamp jaw", "bearing housing", "knob") — the geometry comes from the other sentences; when no
  other sentence builds a body, the planner refuses, saying the name gives no shape (``planner.py``);
* what it is for ("for my shelf", "for a machine levelling pad") — another object;
* a remark ("it needs to be stiff", "thanks").

Words the vocabulary does not know are read only here, so the boundary is checked word by word: a name word that
looks like a shape ("stepped", "mushroom-shaped", "wedge") is refused rather than dropped, and a request ("I need a
…", "making a …") names the part only before anything is built — after that it asks for something to be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lark import Token, Tree

from ai_designer.planning.lexer import Tok
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.planning.terminals import get_ignorable
from ai_designer.planning.vocab import load_yaml

__all__ = ["DescriptionSemantics", "NAME", "FOR", "REMARK", "AFTER", "WHY", "named", "mark_chat", "name_conflict"]

NAME, FOR, REMARK, AFTER = "desc:name", "desc:for", "desc:remark", "desc:after"
#: why each role may be ignored (shown under ``ignored``)
WHY = {NAME: "names the part; the geometry comes from the other sentences",
       FOR: "says what the part is for, not its shape",
       REMARK: "a remark about the part, not its shape",
       AFTER: "work the maker does later, or asks not to be modelled (threads and slicer shells are not modelled)"}
# the words before the name that say the part *is* this ("this is a …"), anywhere in the prompt
_IDENTITY = {"this is", "it is", "it's", "that's", "here's", "this will be", "it will be", "this'll be"}
# the words that *ask* for the part ("I need a …", "making a …"): a name only before anything is built
_REQUEST = {"making", "printing", "building", "designing", "modelling", "modeling", "doing", "need", "i need",
            "want", "i want", "like", "following", "got", "prototyping", "machining"}
_PURPOSE = "says what the part is for"
# words that only carry the sentence (never listed)
_FUNCTION = {"ART", "COMMA", "COLON", "W_THIS", "W_IS", "W_IT", "W_FOR", "W_OF", "W_TO", "W_BE", "W_AND",
             "MOD_CLEARANCE"}


@lru_cache(maxsize=1)
def _shape_like() -> frozenset[str]:
    """Unknown words that may name a shape the planner does not build ("wedge", "dovetail"): never a mere name."""
    return frozenset(str(w) for w in load_yaml("ignorable.yaml").get("shape_like", []))


@dataclass(frozen=True)
class _Part:
    """A piece of a description: its opener, the name, what it is for, what it is like."""

    kind: str
    toks: list[Token]


def _flat(children: list[Any]) -> list[Token]:
    out: list[Token] = []
    for c in children:
        if isinstance(c, Token):
            out.append(c)
        elif isinstance(c, Tree):
            out += _flat(list(c.children))
        elif isinstance(c, list):
            out += _flat(c)
    return out


def _looks_like_shape(tok: Token) -> bool:
    """A word the vocabulary does not read that may say how the part is shaped: "stepped", "mushroom-shaped",
    "wedge", "knurled" (a feature the planner does not build is never a mere name)."""
    word = tok.value.text
    if tok.type not in ("UNK", "REFUSE", "IGN"):
        return False
    if get_ignorable().unbuilt_feature(word):
        return True
    return tok.type != "IGN" and (len(word) == 1 or (len(word) > 4 and word.endswith(("ed", "ish")))
                                  or word in _shape_like())


def _mark(toks: list[Token], role: str) -> None:
    """Each word's role; an ignorable word keeps its own reason unless it is a noun naming a use ("knob")."""
    ign = get_ignorable()
    for t in toks:
        if t.type in _FUNCTION or (t.type == "IGN" and not (ign.why(t.value.text) or "").startswith(_PURPOSE)):
            continue
        t.value.slot = role


def mark_chat(tree: Tree[Token]) -> None:
    """A sentence of the older ``chat`` rule ("This is a drill bushing plate."): its nouns name the part, or say
    what it is for after "for"."""
    toks = _flat([tree])
    cut = next((i for i, t in enumerate(toks) if t.type in ("W_FOR", "MOD_CLEARANCE")), len(toks))
    _mark([t for t in toks[:cut] if t.type not in ("COMMA", "W_STEP", "W_BY", "W_WITH", "W_IN", "W_AS")], NAME)
    _mark(toks[cut:], FOR)


def named(toks: list[Tok]) -> list[str]:
    """The words a description read as the part's name."""
    return [t.text for t in toks if t.slot == NAME]


class DescriptionSemantics:
    """Semantic functions of the description rules; ``built`` is set once a sentence has produced a clause."""

    built: bool = False

    def describe(self, children: list[Any]) -> list[Clause]:
        return []

    def desc_open(self, children: list[Any]) -> _Part:
        return _Part("open", _flat(children))

    def desc_name(self, children: list[Any]) -> _Part:
        return _Part("name", _flat(children))

    def desc_for(self, children: list[Any]) -> _Part:
        return _Part("for", _flat(children))

    def desc_like(self, children: list[Any]) -> _Part:
        return _Part("like", _flat(children))

    def desc_identity(self, children: list[Any]) -> list[Clause]:
        """"this is a clamp jaw for a bench fixture": the name, then what it is for."""
        parts = {c.kind: c.toks for c in children if isinstance(c, _Part)}
        opener = " ".join(t.value.text for t in parts["open"])
        said = opener.split(",")[-1].strip()  # "hi, I'm making": the words after the greeting
        identity = any(said.endswith(o) for o in _IDENTITY)
        request = not identity and any(said == o or said.endswith(" " + o) for o in _REQUEST)
        names = parts["name"] + parts.get("like", [])
        unknown = [t for t in names if t.type in ("UNK", "REFUSE")]
        if unknown and not (identity or (request and not self.built)):
            what = " ".join(t.value.text for t in unknown)
            raise reject(f"'{opener} a {what}': did not understand '{what}' here (after the part is described, a "
                         "name the offline planner does not know cannot be added; give its shape and sizes)")
        shape = next((t for c in children if isinstance(c, _Part) for t in c.toks if _looks_like_shape(t)), None)
        if shape is not None:
            raise ambiguous(f"'{shape.value.text}' may say how the part is shaped, which the offline planner does not "
                            "read from a description (give the shape and its sizes, or leave the word out)")
        _mark(names, NAME)
        _mark(parts.get("for", []), FOR)
        return []

    def desc_remark(self, children: list[Any]) -> list[Clause]:
        """"it needs to be stiff", "thanks": a remark; an unknown word in it must not look like a shape."""
        toks = _flat(children)
        shape = next((t for t in toks if _looks_like_shape(t)), None)
        if shape is not None:
            raise ambiguous(f"'{shape.value.text}' may say how the part is shaped, which the offline planner does not "
                            "read from a remark (give the shape and its sizes, or leave the word out)")
        _mark([t for t in toks if t.type == "UNK"], REMARK)
        return []


# a name that says more than "a body": what the built operations must contain for the name to fit them
_NEEDS: dict[str, tuple[str, frozenset[str]]] = {
    **{k: ("a hole or a hollow", frozenset({"hole", "pocket", "shell", "tube", "torus", "revolve", "cut"}))
       for k in ("tray", "hollow_box", "tube", "rect_tube", "ring", "washer", "nut", "standoff", "frame",
                 "flange", "torus")},
    "gear": ("teeth", frozenset({"spur_gear"})),
    "sphere": ("a sphere", frozenset({"sphere", "revolve"})),
    "hemisphere": ("a dome", frozenset({"sphere", "revolve"})),
    "cone": ("a cone", frozenset({"cone", "loft", "revolve"})),
    "prism": ("a prism", frozenset({"prism", "extrude"})),
}


def name_conflict(toks: list[Tok], ops: list[Any]) -> str | None:
    """A name that asks for more than the other sentences build ("This is a tube." + a solid cylinder, "a hollow
    cube" + a cube, "a gear" + a disc): the words describe two different parts, so the planner refuses."""
    done = {op.op for op in ops} | {str(getattr(op, "kind", "")) for op in ops if op.op == "boolean"}
    # the last word of a name is what the part is ("a spacer block" is a block, "a bearing housing" a housing)
    heads = [t for t, nxt in zip(toks, [*toks[1:], None], strict=True) if t.slot == NAME and (nxt is None or nxt.slot != NAME)]
    for t in heads:
        if t.concept == "refuse":  # "This is an impeller." (but "a bearing housing" is a housing)
            return f"'{t.text}' names a part the offline planner does not model (it would only approximate it)"
        need = _NEEDS.get((t.concept or "").removeprefix("shape:"))
        if need and not need[1] & done:
            return (f"'{t.text}' names a part with {need[0]}, but the other sentences build none — say which part is "
                    "meant (give the feature and its sizes, or leave the name out)")
    return None
