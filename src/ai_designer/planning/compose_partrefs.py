"""Bodies named by their nouns, composed (the ``part references`` block, ``semantics_partrefs.py``).

Each body keeps the nouns it was made with ("a disc 80 mm in diameter" -> disc, "a square base 60 x 60 x 10" ->
base, "a cylindrical boss" -> boss): ``mark_names`` puts a mark before and after every clause that makes a body,
and the marks record which operations that clause added (``Build.names``). A reference ("the flange", "the disc")
resolves to the one body made with that noun (or a word of the same family: boss / hub / post; block / box);
a noun that names no body, or two, is refused.

A hole "in the disc", "through the flange", "into the base", "down from the top of the boss" goes into that body
only: it runs across the body's thinnest side unless a face or direction is said, it is centred on the body where
the words place it nowhere (or say "centred"), distances from a face are the part's faces (stated), and once it is
drilled it is checked on the part — it must lie inside the body named and meet no other body (the concave finishes
between bodies count as theirs), so the words and the part agree. "On the post's centreline", "along the boss axis"
put the hole on the axis of that upright round body ("through the post and the block" is ``compose_hubs``'s: there
the body named must be its boss).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning.build import AXIS_FACE, FACE_UV, Build, stated_faces
from ai_designer.planning.compose_partends import PARTEND_ACTIONS
from ai_designer.planning.intent import estimate
from ai_designer.planning.locate import FACE_AXIS
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Cone,
    Cylinder,
    Fillet,
    Hole,
    Operation,
    Pocket,
    Prism,
    Sphere,
)

__all__ = ["PARTREF_ACTIONS", "mark_names", "named_cut"]

Actions = dict[str, Callable[[Build, Clause], None]]
_EPS = 1e-6
_NAMED = ("named", "named_axis")
# words that name the same kind of body ("the hub" of "a boss"); any other word must be the one it was made with
_FAMILIES = ({"boss", "hub", "post", "stud", "lug", "pillar", "spigot"}, {"block", "box", "brick"}, {"disc", "disk"},
             {"sphere", "ball"})
_BODY_OPS = (Box, Cylinder, Prism, Cone, Sphere)
_BY_ID = "@by-id"
_PATTERN_CENTRED = {"pcd", "equal", "angle_pitch"}
_WHOLE_FACE = {"grid", "corners", "each_end", "row", "row_mid", "centreline", "centre_dim", "end_faces",
               "centre_across", "in_pocket", "offset"}


def _family(word: str) -> set[str]:
    word = word.lower()
    word = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return next((f for f in _FAMILIES if word in f), {word})


def mark_names(clauses: list[Clause]) -> list[Clause]:
    """Marks around each clause that makes a named body; a cut naming a body goes to ``named_cut``."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.has("pr_both_ends"):  # "at both ends, 15 in from each end": the pair said twice
            if not clause.has("each_end") or clause.noun is None or clause.noun.count not in (1, 2):
                raise ambiguous("'at both ends' does not say how far from the ends (e.g. '15 in from each end')")
            noun = replace(clause.noun, count=2)  # one at each end
            clause = replace(clause, noun=noun, locs=[loc for loc in clause.locs if loc.kind != "pr_both_ends"])
        joined = [loc for loc in clause.locs if loc.kind == "joined_to"]
        if joined:  # "…, joining it to the plate": that body must be there to be joined to
            out.append(Clause("pr_joined", locs=[Loc("named", face=loc.face) for loc in joined]))
            clause = replace(clause, locs=[loc for loc in clause.locs if loc.kind != "joined_to"])
        words = clause.noun.words if clause.noun is not None else ()
        edges = clause.loc("edges")
        hole = clause.noun is not None and clause.noun.kind == "hole" and not clause.has("pr_end_row")
        if clause.action == "cut" and (any(loc.kind in (*_NAMED, "pr_pair") for loc in clause.locs)
                                       or hole and any(loc.kind == "through" and loc.named for loc in clause.locs)):
            out.append(replace(clause, action="pr_cut"))
        elif clause.has("pr_end_row"):
            out.append(replace(clause, action="pr_end_row"))
        elif clause.action == "es_edges" and edges is not None and (edges.face or "").startswith("long_"):
            out.append(replace(clause, action="pr_long_edges"))  # compose_partends.py
        elif clause.action in ("create", "join") and words:
            out += [Clause("pr_mark", text=",".join(words)), clause, Clause("pr_mark")]
        elif clause.action == "flanged":  # its bodies are named by what they are: flange, hub, body
            out += [Clause("pr_mark", text=_BY_ID), clause, Clause("pr_mark")]
        else:
            out.append(clause)
    return out


def _mark(b: Build, clause: Clause) -> None:
    b.names.append((len(b.ops), tuple(w for w in clause.text.split(",") if w)))


@dataclass(frozen=True)
class _Body:
    """A body of the part: its operation, its extents, and its round axis (``None`` unless a cylinder)."""

    op: Operation
    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    axis: int | None

    def mid(self, k: int) -> float:
        return (self.lo[k] + self.hi[k]) / 2


def _cylinder_axis(op: Cylinder) -> int | None:
    """The model axis a cylinder's own axis lies along after its placement (``None``: not along an axis)."""
    v = [0.0, 0.0, 1.0]
    for k, deg in enumerate(op.placement.rotate):
        c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
        i, j = [(1, 2), (2, 0), (0, 1)][k]
        v[i], v[j] = c * v[i] - s * v[j], s * v[i] + c * v[j]
    along = [k for k in range(3) if abs(abs(v[k]) - 1) < 1e-9]
    return along[0] if along else None


def _bodies(b: Build) -> tuple[list[_Body], float]:
    """The bodies joined into the part and the largest finish that may add material between them; refused when the
    part was made by an operation whose solid is not a placed primitive."""
    ops = {o.id: o for o in b.ops}
    found: list[Operation] = []
    margin = 0.0
    todo = [b.current or ""]
    while todo:
        op = ops.get(todo.pop())
        if isinstance(op, _BODY_OPS):
            found.append(op)
        elif isinstance(op, Boolean) and op.kind != "intersect":
            todo += [op.base, *op.tools] if op.kind == "union" else [op.base]
        elif isinstance(op, (Hole, Pocket, Fillet, Chamfer)):
            margin = max(margin, op.radius if isinstance(op, Fillet) else op.size if isinstance(op, Chamfer) else 0.0)
            todo.append(op.target)
        else:
            raise reject("a body is named on a part made by operations the offline planner does not name bodies of")
    est = estimate(CADPlan(operations=list(b.ops), result=b.current))
    out = [_Body(op, est[op.id].lo, est[op.id].hi, _cylinder_axis(op) if isinstance(op, Cylinder) else None)
           for op in found]
    return out, margin


def _groups(b: Build) -> list[tuple[set[str], tuple[str, ...]]]:
    """The operations each mark covers and the nouns they were made with (a flanged part's bodies each by the
    part it is: ``flange``, ``hub``, ``body``)."""
    ends = [start for start, _ in b.names[1:]] + [len(b.ops)]
    out: list[tuple[set[str], tuple[str, ...]]] = []
    for (start, words), end in zip(b.names, ends, strict=True):
        if words == (_BY_ID,):
            for op in b.ops[start:end]:
                kind = op.id.rstrip("0123456789")
                out += [({op.id}, (kind,))] if kind in ("flange", "hub", "body") else []
        elif words:
            out.append(({op.id for op in b.ops[start:end]}, words))
    return out


def _named(b: Build, word: str, bodies: list[_Body]) -> _Body:
    """The one body made with the noun ``word``."""
    head = _family(word.replace("-", " ").split()[-1])  # "the base plate": its noun
    hits = [ids for ids, words in _groups(b)
            if head & {w for x in words for part in x.replace("-", " ").split() for w in _family(part)}]
    if not hits:
        raise ambiguous(f"'the {word}' names no body made before (a body is named by the noun it was made with)")
    if len(hits) > 1:
        raise ambiguous(f"'the {word}' names {len(hits)} bodies made before")
    mine = [body for body in bodies if body.op.id in hits[0]]
    if len(mine) != 1:
        raise ambiguous(f"'the {word}' names {len(mine) or 'no'} bodies of the part, not one")
    return mine[0]


def named_cut(b: Build, clause: Clause, actions: Actions) -> None:
    """A hole into a body named by its noun, on the axis of one, or through two named ones (see the module
    docstring); ``actions``: the composer's table (passed in so this module does not import ``compose``)."""
    if clause.noun is None or clause.noun.kind != "hole":
        raise reject("a body named by its noun is read offline only for holes into it")
    clause = _through_named(b, clause)
    if clause.action == "cut":  # through the one body the part is: a plain through hole
        actions["cut"](b, clause)
        return
    said = {loc.face or "" for loc in clause.locs if loc.kind in _NAMED}
    pair = clause.loc("pr_pair")
    if len(said) > 1 or (pair is None and not said):
        raise ambiguous(f"the hole is said to go into {' and '.join(sorted(said))}")
    bodies, margin = _bodies(b)
    locs = [loc for loc in clause.locs if loc.kind not in (*_NAMED, "pr_pair")]
    both = [(_named(b, w, bodies), w) for w in (pair.face or "").split(",")] if pair is not None else []
    if len({id(x) for x, _ in both}) == 1:
        raise ambiguous("the hole is said to go through two bodies, but both names are one body")
    word = said.pop() if said else ""
    body = _named(b, word, bodies) if word else None
    if body is not None and clause.has("named_axis"):
        locs = _on_axis(b, clause, body, locs)
    into = clause.loc("named")
    if body is not None and into is not None:
        locs = _into(b, clause, body, locs, into)
    before = len(b.ops)
    actions["cut"](b, replace(clause, action="cut", locs=locs))
    checks = [*both, *([(body, word)] if body is not None and (into is not None or not clause.has("hub_axis")) else [])]
    for hole in (op for op in b.ops[before:] if isinstance(op, Hole)):
        for named in checks:
            _check(b, hole, named, bodies, margin, only=into is not None and named[0] is body)


def _through_named(b: Build, clause: Clause) -> Clause:
    """"through the disc": of a part made of one body, through the part (the word need not be the body's); of
    several, through that body only, like "through the flange" (a plain cut, ``action`` "cut", or a named one)."""
    soft = next((loc for loc in clause.locs if loc.kind == "through" and loc.named), None)
    if soft is None or clause.has("named") or clause.has("named_axis") or clause.has("pr_pair"):
        return clause
    bodies = _bodies(b)[0]
    try:  # a word that names no body ("through the disc" of a flange made as one) keeps the old reading
        found = len(bodies) > 1 and _named(b, soft.named, bodies) is not None
    except AIDesignerError:
        found = False
    return replace(clause, locs=[*clause.locs, Loc("named", face=soft.named)]) if found else \
        replace(clause, action="cut")


def _on_axis(b: Build, clause: Clause, body: _Body, locs: list[Loc]) -> list[Loc]:
    """"on the post's centreline": along the axis of that round body, at its centre."""
    word = next(loc.face for loc in clause.locs if loc.kind == "named_axis")
    if body.axis is None:
        raise reject(f"'the {word}' has no round axis the offline planner knows")
    if clause.has("hub_axis"):
        lo, hi = b.box()
        if body.axis != 2 or any(abs(body.mid(k) - (lo[k] + hi[k]) / 2) > _EPS for k in (0, 1)):
            raise ambiguous(f"the axis of the {word} is not the axis of the boss the hole goes through")
        return [loc for loc in locs if not (loc.kind == "face" and loc.face == "top")]  # "down": from the top
    said = _direction(locs)
    if said is not None and said != body.axis:
        raise ambiguous(f"the hole runs along {'XYZ'[said]}, not along the axis of the {word}")
    across = [k for k in range(3) if k != body.axis]
    if any(loc.kind in ("coord", "offset", "from_face", "at_face", "coord_list") for loc in locs):
        raise ambiguous(f"the hole is on the axis of the {word} and placed again")
    kept = [loc for loc in locs if loc.kind != "centre"]
    out = [*kept, *(Loc("coord", axes=(k,), value=body.mid(k)) for k in across)]
    return out if said is not None else [*out, Loc("face", face=AXIS_FACE[body.axis])]


def _direction(locs: list[Loc]) -> int | None:
    probe = Clause("cut", locs=locs)
    faces = stated_faces(probe) + [AXIS_FACE[loc.axes[0]] for loc in locs if loc.kind == "direction_axis"]
    axes = {FACE_AXIS[f][0] for f in faces if f in FACE_AXIS}
    if len(axes) > 1:
        raise ambiguous("the hole is given two directions")
    return axes.pop() if axes else None


def _into(b: Build, clause: Clause, body: _Body, locs: list[Loc], into: Loc) -> list[Loc]:
    """The hole's direction (the body's thinnest side unless said) and its place on the face it enters."""
    word = into.face or ""
    axis = _direction(locs)
    if axis is None:
        sides = [body.hi[k] - body.lo[k] for k in range(3)]
        thin = [k for k in range(3) if abs(sides[k] - min(sides)) < _EPS]
        if len(thin) != 1:
            raise ambiguous(f"the {word} has no single thinnest side: say which way the hole goes through it")
        axis = thin[0]
        locs = [*locs, Loc("face", face=AXIS_FACE[axis])]
        b.assumptions.append(f"hole: through the {word}'s thickness, along {'XYZ'[axis]}")
    lo, hi = b.box()
    if into.value:  # "from the top of the boss": that face of the body is the part's
        face = next(loc.face for loc in locs if loc.kind == "face")
        k, side = FACE_AXIS[face or ""]
        if abs((body.hi[k] if side > 0 else body.lo[k]) - (hi[k] if side > 0 else lo[k])) > _EPS:
            raise ambiguous(f"the {face} of the {word} is not a face of the part the hole can start from")
    return _placed(b, locs, body, word, axis, (lo, hi))


def _axes(loc: Loc, inface: tuple[int, int]) -> tuple[int, ...]:
    if loc.kind == "centre":
        return loc.axes or inface
    if loc.kind in ("coord", "offset", "coord_list"):
        return loc.axes
    if loc.kind in ("from_face", "at_face"):
        return (FACE_AXIS[loc.face or ""][0],)
    return inface if loc.kind in _PATTERN_CENTRED | _WHOLE_FACE else ()


def _placed(b: Build, locs: list[Loc], body: _Body, word: str, axis: int,
            part: tuple[tuple[float, ...], tuple[float, ...]]) -> list[Loc]:
    """On each axis across the hole where the body is not as wide as the part: centred on the body unless placed by
    a model coordinate or a distance from a face of the part; anything else would be measured on which of the two?"""
    lo, hi = part
    inface = tuple(k for k in range(3) if k != axis)
    assert len(inface) == 2
    for k in inface:
        same_mid = abs(body.mid(k) - (lo[k] + hi[k]) / 2) < _EPS
        if abs(body.lo[k] - lo[k]) < _EPS and abs(body.hi[k] - hi[k]) < _EPS:
            continue
        terms = [loc for loc in locs if k in _axes(loc, (inface[0], inface[1]))]
        if any(t.kind in _WHOLE_FACE or (t.kind in _PATTERN_CENTRED and not same_mid) for t in terms):
            raise ambiguous(f"the holes are placed on the part's face, but the {word} is not as wide as the part "
                            f"along {'XYZ'[k]}: say where on the {word} they go")
        if all(t.kind == "centre" for t in terms):
            locs = [x for x in (_without(t, k, inface) for t in locs) if x is not None]
            locs.append(Loc("coord", axes=(k,), value=body.mid(k)))
            b.assumptions.append(f"hole: centred on the {word} along {'XYZ'[k]}")
        elif any(t.kind == "from_face" for t in terms):
            b.assumptions.append(f"hole: distances along {'XYZ'[k]} measured from the part's faces")
    return locs


def _without(loc: Loc, k: int, inface: tuple[int, ...]) -> Loc | None:
    """A centring term without axis ``k`` (placed on the body instead); ``None`` when nothing of it is left."""
    if loc.kind != "centre":
        return loc
    axes = tuple(a for a in (loc.axes or inface) if a != k)
    return Loc("centre", axes=axes) if axes else None


def _check(b: Build, hole: Hole, named: tuple[_Body, str], bodies: list[_Body], margin: float, only: bool) -> None:
    """The hole, as drilled, lies inside the body named and (``only``) meets no other body."""
    body, name = named
    est = estimate(CADPlan(operations=list(b.ops), result=hole.target))[hole.target]
    k, side = FACE_AXIS[hole.face]
    u, v = FACE_UV[hole.face]
    r = max(hole.diameter, hole.cbore_diameter or 0.0, hole.csink_diameter or 0.0) / 2
    span = (est.lo[k], est.hi[k]) if hole.depth is None else \
        (est.hi[k] - hole.depth, est.hi[k]) if side > 0 else (est.lo[k], est.lo[k] + hole.depth)
    for pu, pv in hole.at.resolve():
        c = ((est.lo[u] + est.hi[u]) / 2 + pu, (est.lo[v] + est.hi[v]) / 2 + pv)
        if not _inside(body, c, r, (u, v)):
            raise ambiguous(f"a hole at ({c[0]:g}, {c[1]:g}) does not lie inside the {name} it is said to go into")
        if hole.depth is not None and abs((body.hi[k] - est.hi[k]) if side > 0 else (body.lo[k] - est.lo[k])) > _EPS:
            raise ambiguous(f"the {name}'s {hole.face} face is not the part's, so the hole's depth would be measured "
                            f"from elsewhere: say it as a through hole or from the part's {hole.face} face")
        if body.lo[k] > span[1] - _EPS or body.hi[k] < span[0] + _EPS:
            raise ambiguous(f"a hole at ({c[0]:g}, {c[1]:g}) does not reach the {name} it is said to go into")
        if hole.depth is not None and (body.lo[k] > span[0] + _EPS or body.hi[k] < span[1] - _EPS):
            raise ambiguous(f"the {hole.depth:g} mm deep hole does not stay inside the {name}")
        for other in bodies if only else []:
            if other is not body and other.lo[k] < span[1] - _EPS and other.hi[k] > span[0] + _EPS \
                    and _meets(other, c, r + margin, (u, v)):
                raise ambiguous(f"the hole at ({c[0]:g}, {c[1]:g}) also goes through another body of the part, not "
                                f"only the {name}")


def _inside(body: _Body, c: tuple[float, float], r: float, plane: tuple[int, int]) -> bool:
    u, v = plane
    if body.axis is not None and body.axis not in plane and isinstance(body.op, Cylinder):
        return math.hypot(c[0] - body.mid(u), c[1] - body.mid(v)) + r <= body.op.diameter / 2 + _EPS
    if not isinstance(body.op, (Box, Cylinder)):
        return False
    return all(body.lo[a] - _EPS <= x - r and x + r <= body.hi[a] + _EPS for a, x in zip(plane, c, strict=True))


def _meets(body: _Body, c: tuple[float, float], r: float, plane: tuple[int, int]) -> bool:
    u, v = plane
    if body.axis is not None and body.axis not in plane and isinstance(body.op, Cylinder):
        return math.hypot(c[0] - body.mid(u), c[1] - body.mid(v)) < body.op.diameter / 2 + r - _EPS
    du = max(body.lo[u] - c[0], 0.0, c[0] - body.hi[u])
    dv = max(body.lo[v] - c[1], 0.0, c[1] - body.hi[v])
    return math.hypot(du, dv) < r - _EPS


def _joined(b: Build, clause: Clause) -> None:
    """"joining it to the plate" (said of the body the next clause makes): the part has that body to join to."""
    if b.current is None:
        raise reject("'joining it to …': there is no part yet to join it to")
    bodies, _ = _bodies(b)
    for loc in clause.locs:
        _named(b, loc.face or "", bodies)


PARTREF_ACTIONS: Actions = {"pr_mark": _mark, "pr_joined": _joined, **PARTEND_ACTIONS}
