"""Edge treatments and shells: fillets and chamfers on the edge groups people name, hollowing with open faces."""

from __future__ import annotations

import re
from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.refusals import ambiguous
from ai_designer.schemas.task_graph import Chamfer, Fillet, Hole, Operation, Shell

__all__ = ["edge_feature", "shell", "named_faces", "face_for"]


def named_faces(ph: Phrase) -> list[str]:
    """Faces the phrase puts the feature on (not the ones in "10 mm from the left edge")."""
    out: list[str] = []
    seen: list = []
    ph.asked.add("face")  # every face word is looked at here (a face, a corner, an edge of the top face)
    if ph.mentions("pos:halfway"):
        return out  # "halfway between the centre and the left edge" names a direction, not a face
    toks = ph.toks
    for i, t in enumerate(toks):
        nxt = [x for x in toks[i + 1:i + 3] if x.concept != "filler"]
        if nxt and (nxt[0].concept == "pos:corners" or (len(nxt) > 1 and (nxt[0].concept or "").startswith("face:")
                                                          and nxt[1].concept == "pos:corners")):
            continue  # "the upper left corner" names a corner, not a face
        if t.concept and t.concept.startswith("face:") and nxt and nxt[0].text in ("edge", "edges") \
                and ph.head not in ("feat:fillet", "feat:chamfer"):
            continue  # "along the front edge" names an edge of the top face, not the front face
        after_to = len(seen) >= 1 and seen[-1].text == "to"
        if t.concept and t.concept.startswith("face:") and not after_to and not (
                len(seen) >= 2 and seen[-1].concept in ("mod:from", "dim:inset") and seen[-2].kind == "qty"):
            out.append(t.concept[5:])
        if t.concept != "filler" or t.text == "to":
            seen.append(t)
    return out


def face_for(ctx: Ctx, ph: Phrase, default: str = "top") -> str:
    faces = named_faces(ph)
    if not faces:
        return default
    f = faces[0]
    if f == "side":
        word = next((t.text for t in ph.toks if t.concept == "face:side"), "side")
        if word in _DRILL_SIDE and ph.head not in _HOLES:  # "a 30 x 8 slot crosswise" was cut into the front face
            raise reject(f"'{word}' in '{ph.text}' says how a hole is drilled; for this feature say which way it "
                         "runs (along X or along Y) or the face it goes into")
        ctx.assume("'side' read as the front face (-Y)")
        return "front"
    return f


_DRILL_SIDE = {"crosswise", "cross", "radial", "radially", "cross drilled"}
_HOLES = ("feat:hole", "feat:tapped", "feat:counterbore", "feat:countersink")


def _end_edges(ctx: Ctx, what: str) -> str:
    """The edges of a part's end face: across its long direction (a standing round part: its top)."""
    size = ctx.est().size
    axis = max(range(3), key=lambda i: size[i])
    face = ("right", "back", "top")[axis]
    ctx.assume(f"{what} on one end: the edges of the {face} end face")
    return "top" if face == "top" else f"face:{face}"


def _edges(ctx: Ctx, ph: Phrase, what: str) -> tuple[str, float | None]:
    edges = ph.family("edge")
    ph.asked.add("mod:each")  # "all vertical edges", "all round": an edge group is every edge of it
    words = ph.text.split()  # "on top and bottom (outer) edges" names two groups (it chamfered only the bottom)
    if "top" in words and "bottom" in words and edges in (["top"], ["bottom"], ["top_outer"], ["bottom_outer"]):
        raise reject(f"'{ph.text}' names two edge groups: give each its own finish (e.g. 'a 1 mm chamfer on the "
                     "top edges and a 1 mm chamfer on the bottom edges')")
    if "junction" in edges:
        z = ctx.junction_z
        if z is None:
            raise reject("there is no junction between two bodies to round")
        return "concave", z  # only the inside corner where the bodies meet, not the outer rim at that height
    # the side words are asked only where they can be read: "break the outer edges at one end" of a tube has no
    # free end to finish, and 'end' must stay unread there (it chamfered both ends)
    if ph.refs and ctx.junction_z is not None and (ph.has("side:short")
                                                   or any(w in ph.text.split() for w in ("tip", "end"))):
        side = "bottom" if ctx.stack_dir == "under" else "top"
        ctx.assume(f"{what} on the free end of the {ph.refs[0]} ({side} edges)")
        return side, None  # "chamfer the end of the shank"
    if not edges and re.search(r"\b(one|an|the|either) end\b", ph.text) and not named_faces(ph):
        ph.mark("side:short")
        return _end_edges(ctx, what), None  # "chamfer one end 2 mm" of a bar: the edges of that end face
    faces = [f for f in named_faces(ph) if f != "side"]
    generic = [t for t in ph.toks if t.concept == "edge:all"]
    if edges == ["all"] and generic and faces and not generic[0].text.startswith(("all", "every", "each", "outer",
                                                                                    "outside", "external")):
        if len(set(faces)) > 1 and not generic[0].text.endswith("s"):
            raise reject(f"a single edge ('{ph.text}') cannot be selected offline; the offline planner selects edge "
                         "groups (all, top, bottom, vertical, or the edges of one face)")
        f = faces[0]
        return (f if f in ("top", "bottom") else f"face:{f}"), None
    if edges == ["all"] and generic and any(w in generic[0].text for w in ("outer", "outside", "external")):
        return "outer", None  # "the outside edges" of a spacer leave its bore sharp
    if _one_group(ph, edges, faces, what):
        if edges[0] == "vertical" and any(w in ph.text.split() for w in ("outer", "outside", "external")):
            ctx.assume(f"{what}: all vertical edges (inside corners too — the offline planner selects edge groups)")
        return edges[0], None
    if ph.has("side:long"):  # "the long edges": the edges along the longest extent
        size = ctx.est().size
        if size[2] >= max(size[0], size[1]) - 1e-9:
            return "vertical", None
        raise reject("'the long edges' of a part lying along X or Y cannot be selected offline (only all, top, "
                     "bottom, vertical or the edges of one face)")
    if "hole" in ph.feat_refs:  # "chamfer the hole": the circular edges where the holes start
        return _hole_edges(ctx, ph, what)
    if ph.has("pos:corners") or ph.has("dim:corner_radius"):
        return "vertical", None
    faces = ph.family("face")
    _after_cut(ctx, ph, faces[0] if faces and faces[0] in ("top", "bottom") and not edges else None)
    if faces and faces[0] in ("top", "bottom"):
        return faces[0], None
    if any(t.concept == "dim:id" for t in ph.toks):  # "4 mm fillets inside" a tray: its inside corners
        ph.mark("dim:id")
        ctx.assume(f"{what} inside: the concave (inside-corner) edges")
        return "concave", None
    _after_cut(ctx, ph, None)
    ctx.assume(f"{what}: all edges (no edges named)")
    return "all", None


def _after_cut(ctx: Ctx, ph: Phrase, face: str | None) -> None:
    """A finish said right after a hole or pocket that may be that cut's own: "a pocket … with a 5 mm fillet at the
    bottom" (``face``: the face named, no edges) rounded the part's bottom edges; "filleted", "a chamfer on it"
    (``face`` None) every edge of the part."""
    last = ctx.ops[-1].op if ctx.ops else None
    if last not in ("hole", "pocket"):
        return
    if face is not None:
        raise reject(f"'{ph.text}' after a {last}: the {face} of the {last} or the {face} edges of the part? "
                     f"(say e.g. '… on the {face} edges'; a {last}'s own edges are not finished offline)")
    said_of = ph.head_tok is not None and (ph.head_tok.text.endswith("ed") or any(t.text in ("it", "them")
                                                                                  for t in ph.toks))
    if said_of:
        raise reject(f"'{ph.text}' after a {last}: the {last}'s edges or every edge of the part? (say e.g. 'chamfer "
                     "the hole 1 mm' or '1 mm chamfer on all edges')")


def _hole_edges(ctx: Ctx, ph: Phrase, what: str) -> tuple[str, float | None]:
    """The edge where the holes start, at the top face ("chamfer the bottom of the hole" was put on its top)."""
    if ph.has("face:bottom"):
        raise reject(f"'{ph.text}': the offline planner finishes a hole's edge at the top face, or at both ends "
                     "(say 'on both ends')")
    ctx.assume(f"{what} on the holes' edges at the top face")
    return "circular", ctx.est().hi[2]


def _one_group(ph: Phrase, edges: list[str], faces: list[str], what: str) -> bool:
    """One edge group per finish: "chamfer the top edges 2 x 45, and the vertical edges 1 mm" chamfered only the top
    ones, "fillet the vertical edges on the left" all four."""
    groups = list(dict.fromkeys(e for e in edges if e != "all"))
    if len(groups) > 1:
        raise reject(f"'{ph.text}' names two edge groups ({', '.join(groups)}): give each its own {what} (e.g. 'a 1 mm "
                     f"{what} on the top edges and a 2 mm {what} on the vertical edges')")
    other = [f for f in faces if f not in groups[0].split("_")] if groups else []
    if other:
        raise reject(f"'{ph.text}': the offline planner rounds or chamfers a whole edge group ({groups[0]}), not the "
                     f"ones on the {other[0]} — say the group, or the edges of one face (e.g. 'the edges of the "
                     f"{other[0]} face')")
    return bool(edges)


def edge_feature(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    is_fillet = ph.head == "feat:fillet"
    what = "fillet" if is_fillet else "chamfer"
    _edge_count_words(ctx, ph)
    r = ctx.slot(ph, "radius", "size", "corner_radius") if is_fillet else ctx.slot(ph, "size", "length", "width")
    free = [v for vals in ctx.free(ph) for v in (vals[:1] if vals[1:] == (45.0,) else vals)]  # "1x45": size x angle
    for t in ph.free:  # "2 x 45 deg": the unit is the angle's, so ``ctx.free`` (lengths only) never saw the 2
        if t.unit == "angle" and len(t.values) == 2:
            if abs(t.values[1] - 45.0) > 1e-9:
                raise PlanError(f"a {t.values[1]:g}° {what}: only 45° (equal-leg) {what}s are built offline")
            ctx.used.add(id(t))
            free.append(t.raw[0] if t.raw else t.values[0])
    if r is None and free:
        r, free = free[0], free[1:]
    if free:  # "a chamfer of 3 mm on one long top edge": two sizes for one finish — refuse, never pick one
        raise reject(f"two sizes for one {what} in '{ph.text}' ({r:g} and {free[0]:g} mm): say one size and which "
                     "edges (e.g. 'a 3 mm chamfer on the top edges')")
    if not is_fillet and ctx.slot(ph, "radius"):  # "chamfered R8": R says a fillet, "chamfer" a bevel — never guess
        raise ambiguous(f"a chamfer given as a radius in '{ph.text}': a chamfer has no radius — say a fillet of that "
                        "radius, or the chamfer's size (e.g. '2 mm chamfer')")
    r = ctx.need(r, f"the {what} size", f"a 2 mm {what} on the top edges")
    edges, at_z = _edges(ctx, ph, what)
    dims = [v for v in est.size if v == v]
    smallest = min(dims[:2]) if edges == "vertical" else min(dims)
    if edges in ("top", "bottom"):
        smallest = min(min(dims[:2]), 2 * dims[2])
    if r >= smallest / 2 - 1e-9 and edges in ("all", "top", "bottom", "vertical") and at_z is None:
        raise PlanError(f"a {r:g} mm {what} is too large for a part {smallest:g} mm thin (it must be under "
                        f"{smallest / 2:g} mm)")
    made = _hole_named(ctx, ph) if "hole" in ph.feat_refs else _feature_named(ctx, ph)
    if made is None and edges == "all" and ph.has("pos:polar"):  # "a 2 mm fillet around it"
        raise reject(f"'{ph.text}': say which edges (e.g. 'a 2 mm fillet on the top edge of the hole')")
    if is_fillet:
        return Fillet(id=ctx.new_id("fillet"), target=ctx.current or "", radius=r, edges=edges, at_z=at_z,  # type: ignore[arg-type]
                      created_by=made)
    return Chamfer(id=ctx.new_id("chamfer"), target=ctx.current or "", size=r, edges=edges, at_z=at_z,  # type: ignore[arg-type]
                   created_by=made)


def _edge_count_words(ctx: Ctx, ph: Phrase) -> None:
    """"a chamfer on all four vertical edges": a number said as a word before the edges counts them; left among the
    sizes, it made a 4 mm chamfer. It becomes the phrase's count (checked against the group by ``check_feature``)."""
    bound = [x for toks in ph.slots.values() for x in toks]  # "two long top edges" had bound "two long" a length
    for k, t in enumerate(ph.toks):
        if t.kind != "qty" or not t.text.isalpha() or len(t.values) != 1 or (t not in ph.free and t not in bound):
            continue
        # "two long top edges", "both short edges": a length word between the count and the edges qualifies them
        nxt = next((x for x in ph.toks[k + 1:] if x.concept != "filler" and not _edge_qualifier(x)), None)
        if nxt is not None and ((nxt.concept or "").startswith("edge:") or nxt.concept == "pos:corners"
                                or (nxt.concept or "").startswith("face:")):
            ph.free = [x for x in ph.free if x is not t]
            ph.slots = {name: [x for x in toks if x is not t] for name, toks in ph.slots.items()}
            ph.slots = {name: toks for name, toks in ph.slots.items() if toks}
            ctx.used.add(id(t))
            if ph.count is None:
                ph.count = int(t.values[0])


def _edge_qualifier(t: Any) -> bool:
    """"long" / "short" between a count and the edges it counts ("the two long top edges")."""
    return t.kind == "word" and t.text in ("long", "short", "longer", "shorter")


_SCOPED = {"cutout", "pocket", "slot", "boss", "groove"}


def _feature_named(ctx: Ctx, ph: Phrase) -> str | None:
    """"fillets on the window corners": only the edges the window made (``created_by``), not the part's corners."""
    refs = [r for r in ph.feat_refs if r in _SCOPED]
    if not refs:
        return None
    found = [op for op in ctx.ops if op.id.rstrip("0123456789") in refs or getattr(op, "label", None) in refs]
    if len(found) != 1:
        raise reject(f"'{ph.text}' names {'no' if not found else 'more than one'} {refs[0]} made before: "
                     f"say which edges (e.g. '4 mm fillets on the vertical edges')")
    return found[0].id


def _hole_named(ctx: Ctx, ph: Phrase) -> str | None:
    """The hole operation "the bore" / "the hole" names, so a chamfer on it leaves the other circular edges (bolt
    holes, a disc's rim) sharp; several candidates and no way to tell are refused."""
    holes = [op for op in ctx.ops if isinstance(op, Hole)]
    words = set(ph.text.split())
    named = [op for op in holes if op.id.rstrip("0123456789") in words or f"{op.id.rstrip('0123456789')}s" in words]
    found = named or holes
    if len(found) == 1:
        return found[0].id
    if not found:
        return None
    raise reject(f"'{ph.text}' could mean the edges of any of {', '.join(op.id for op in found)}: name the hole "
                 "by its size (e.g. 'chamfer the 40 mm bore')")


def shell(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    t = ctx.slot(ph, "wall", "thickness", "size")
    free = ctx.free_flat(ph)
    if t is None and free:
        t = free[0]
    t = ctx.need(t, "the wall thickness", "hollow it out with 2 mm walls, open at the top")
    faces = open_faces(ph, named=True)
    if not faces:
        ctx.assume("shell: closed (no open face named)")
    if 2 * t >= min(v for v in est.size if v == v):
        raise PlanError(f"{t:g} mm walls leave nothing inside a part {min(est.size):g} mm thin")
    return Shell(id=ctx.new_id("shell"), target=ctx.current or "", thickness=t, open_faces=faces)  # type: ignore[arg-type]


def open_faces(ph: Phrase, *, named: bool) -> list[str]:
    """Faces a shell leaves open: the faces named ("open at the top and bottom", "no lid" = top). With ``named``
    (a "shell" feature) any face in the phrase counts; for a hollow body only when the phrase says open."""
    faces = [f for f in ph.family("face") if f != "side"] if named or ph.has("mod:open") else []
    for tok in ph.toks:
        if tok.concept == "mod:open":
            faces += [f for f in ("top", "bottom") if f in tok.text.split() and f not in faces]
    if ph.has("mod:open") and not faces:
        faces = ["top"]
    return faces
