"""Second pass of the extractor: phrases that belong together are merged.

* a phrase that is really a dimension of the body before it ("a torus … with a 10 mm *tube*", "a washer with a
  8.4 mm *hole*") is absorbed into that body;
* "a cone …, 25 mm high on top of a cylinder …" is reordered so the lower body is built first;
* a phrase without a head gives its dimensions to the nearest earlier phrase whose head accepts them (or to the next
  one when it leads a noun: "a 10 mm wide, 5 mm deep groove");
* a headless phrase about geometry around an unknown word ("with a flat bottom") is marked as a doubt.
"""

from __future__ import annotations

from ai_designer.planning.lexer import Tok
from ai_designer.planning.phrases import Phrase, bind
from ai_designer.planning.vocab import Vocab

__all__ = ["merge_headless"]

_ADJECTIVES = {"long", "wide", "thick", "tall", "high", "deep", "broad"}  # "a 150 mm long, 50 mm wide … bar"


_BORE_TAKERS = {"shape:washer", "shape:spacer", "shape:tube", "shape:ring", "shape:standoff", "shape:gear",
                "shape:nut", "shape:flange"}


def _absorb(phrases: list[Phrase]) -> None:
    """Phrases that are really dimensions of the body before them: "a torus … with a 10 mm *tube*",
    "a washer with a 8.4 mm *hole*", "a gear … with an 8 mm *bore*" (a single centred hole). A hole that says more
    than its diameter ("a 30 mm bore 5 deep") stays a feature: absorbed, its depth went to the next phrase's holes."""
    prev: Phrase | None = None
    for ph in phrases:
        if prev is not None and prev.head in ("shape:torus", "shape:ring") and ph.head == "shape:tube" and not ph.rel:
            for t in ph.free:
                ph.add_slot("tube", t)
            ph.free, ph.head, ph.head_tok = [], None, None
        elif prev is not None and prev.head in ("shape:standoff", "shape:nut") and ph.head == "shape:prism" \
                and len(ph.free) == 1 and not prev.slots.get("af"):
            prev.add_slot("af", ph.free[0])  # "a standoff 25 mm long, 6 mm hex"
            ph.free, ph.head, ph.head_tok = [], None, None
        elif prev is not None and prev.head == "shape:cone" and ph.head == "shape:plate" and len(ph.free) == 1 \
                and ph.head_tok is not None and ph.head_tok.text == "base":
            prev.add_slot("bottom_diameter", ph.free[0])  # "a cone, 40 mm base"
            ph.free, ph.head, ph.head_tok = [], None, None
        elif prev is not None and prev.head in _BORE_TAKERS and ph.head == "feat:hole" \
                and not any(len(t.values) == 3 for t in prev.free) and ph.count is None \
                and not prev.slots.get("id") and not any(c.startswith(("pos:", "face:")) for c in ph.concepts if c != "pos:center") \
                and not ph.slots.get("pcd") and not any(len(t.values) > 1 for t in ph.free) \
                and not set(ph.slots) - {"diameter"} \
                and len(ph.free) + len(ph.slots.get("diameter", [])) == 1:
            tok = (ph.free or ph.slots["diameter"])[0]
            prev.add_slot("id", tok)
            ph.free, ph.head, ph.head_tok = [], None, None
            ph.slots.pop("diameter", None)
        elif prev is not None and prev.head == "shape:flange" and ph.head == "feat:boss" and ph.count is None \
                and ph.head_tok is not None and ph.head_tok.text == "hub" and not prev.slots.get("hub"):
            _give_hub(prev, ph)  # "a flange …, 25 bore, hub 40 dia x 20 high": the bore goes through the hub too
        elif prev is not None and _completes_cbore(prev, ph):
            _give_cbore(prev, ph)
        if ph.head is not None:
            prev = ph


def _give_hub(prev: Phrase, ph: Phrase) -> None:
    sizes = ph.slots.pop("diameter", []) + ph.slots.pop("od", []) + ph.free
    heights = ph.slots.pop("height", []) + ph.slots.pop("length", []) + ph.slots.pop("thickness", [])
    for t in sizes:
        for v in t.values:
            one = Tok("qty", t.text, values=(v,), unit=t.unit, explicit=t.explicit, raw=[v])
            prev.add_slot("hub" if not prev.slots.get("hub") else "hub_height", one)
    for t in heights:
        prev.add_slot("hub_height", t)
    ph.free, ph.head, ph.head_tok = [], None, None


def _completes_cbore(prev: Phrase, ph: Phrase) -> bool:
    """"a 10 mm counterbored hole, counterbore 16 mm dia 5 deep": the second phrase sizes the first one's
    counterbore (or countersink), it is not a second feature."""
    kind = ph.head
    if kind not in ("feat:counterbore", "feat:countersink") or ph.has("feat:hole") or ph.count is not None \
            or ph.feat_refs or prev.sentence != ph.sentence or not (ph.slots or ph.free):
        return False
    marks = {"feat:counterbore": ("feat:counterbore", "mod:counterbored"),
             "feat:countersink": ("feat:countersink", "mod:countersunk")}[kind]
    return prev.head in ("feat:hole", "feat:counterbore", "feat:countersink", "feat:tapped") \
        and any(prev.has(m) for m in marks) and not prev.slots.get("cbore_diameter")


def _give_cbore(prev: Phrase, ph: Phrase) -> None:
    cbore = ph.head == "feat:counterbore"
    diam = ph.slots.pop("diameter", []) + ph.slots.pop("cbore_diameter", [])
    depth = ph.slots.pop("depth", []) + ph.slots.pop("cbore_depth", [])
    for t in ph.free:
        vals = list(t.values)
        while vals:
            v = vals.pop(0)
            one = Tok("qty", t.text, values=(v,), unit=t.unit, explicit=t.explicit, raw=[v])
            (diam if not diam else depth).append(one)
    ph.free = []
    for t in diam:
        prev.add_slot("cbore_diameter" if cbore else "diameter", t)
    for t in depth if cbore else []:
        prev.add_slot("cbore_depth", t)
    prev.concepts.extend(ph.concepts)
    ph.head, ph.head_tok, ph.concepts = None, None, [c for c in ph.concepts if not c.startswith("feat:")]


def _stack_backwards(phrases: list[Phrase], vocab: Vocab) -> list[Phrase]:
    """"a cone …, 25 mm high on top of a cylinder …": the body after "on top of" is built first."""
    out = list(phrases)
    for k in range(1, len(out)):
        p2, p1 = out[k], out[k - 1]
        if not (p2.head and p2.head.startswith("shape:") and p2.head_tok is not None and p1.head
                and not p1.rel and p1.sentence == p2.sentence):
            continue
        idx = next((i for i, t in enumerate(p2.toks) if t is p2.head_tok), None)
        if idx is None:  # the head came from an earlier merge
            continue
        if p1.head.startswith("feat:"):  # "a 20 mm pocket, 5 deep in a 40 mm cube": the body comes first
            rel_at = next((i for i, t in enumerate(p2.toks[:idx]) if t.text in ("in", "into", "on", "through")), None)
            if rel_at is None or any(p.head and p.head.startswith("shape:") for p in out[:k - 1]):
                continue
        else:
            rel_at = next((i for i, t in enumerate(p2.toks[:idx]) if (t.concept or "").startswith("rel:")), None)
        if rel_at is None or p2.rel:
            continue
        lead = Phrase(toks=p2.toks[:rel_at], sentence=p2.sentence)
        bind(lead, vocab)
        for slot, toks in lead.slots.items():
            for t in toks:
                p1.slots.setdefault(slot, []).append(t)
                p2.slots[slot] = [x for x in p2.slots.get(slot, []) if x is not t]
                if not p2.slots[slot]:
                    del p2.slots[slot]
        lead_ids = {id(t) for t in lead.toks}
        p1.free.extend(t for t in p2.free if id(t) in lead_ids)
        p2.free = [t for t in p2.free if id(t) not in lead_ids]
        if p1.head.startswith("shape:"):
            p1.rel = (p2.toks[rel_at].concept or "rel:on_top")[4:]
        p2.toks = p2.toks[rel_at + 1:]
        out[k - 1], out[k] = p2, p1
    return _stack_trailing(out)


def _stack_trailing(out: list[Phrase]) -> list[Phrase]:
    """"a 30 mm sphere sitting on a 50 mm diameter, 5 mm thick disc": the relation ends the first phrase."""
    for k in range(1, len(out)):
        p1, p2 = out[k - 1], out[k]
        if not (p1.head and p1.head.startswith("shape:") and p1.head_tok is not None and p2.head
                and p2.head.startswith("shape:") and not p2.rel and p1.sentence == p2.sentence):
            continue
        idx = next((i for i, t in enumerate(p1.toks) if t is p1.head_tok), None)
        if idx is None:
            continue
        rel_at = next((i for i in range(idx + 1, len(p1.toks)) if (p1.toks[i].concept or "").startswith("rel:")
                       and p1.toks[i].concept != "rel:next_to"), None)
        if rel_at is None:
            continue
        moved = p1.toks[rel_at + 1:]
        ids = {id(t) for t in moved}
        for slot in list(p1.slots):
            keep = [t for t in p1.slots[slot] if id(t) not in ids]
            for t in p1.slots[slot]:
                if id(t) in ids:
                    p2.slots.setdefault(slot, []).insert(0, t)
            if keep:
                p1.slots[slot] = keep
            else:
                del p1.slots[slot]
        p2.free = [t for t in p1.free if id(t) in ids] + p2.free
        p1.free = [t for t in p1.free if id(t) not in ids]
        p1.rel = (p1.toks[rel_at].concept or "rel:on_top")[4:]
        p1.toks = p1.toks[:rel_at]
        p2.toks = moved + p2.toks
        out[k - 1], out[k] = p2, p1
    return out


def _doubt(ph: Phrase, vocab: Vocab) -> None:
    """"with a flat bottom": a phrase about geometry (faces, edges, sizes) built around a word we do not know."""
    odd = [w for w in ph.unknown if w not in vocab.harmless and len(w) > 2]
    geometric = any(c.split(":")[0] in ("face", "edge", "pos", "dim", "side") for c in ph.concepts) or ph.free
    if ph.head is None and odd and geometric:
        ph.doubts.append(" ".join(odd))


_ROUND = {"shape:cylinder", "shape:rod", "shape:disc"}


def _sections(phrases: list[Phrase]) -> None:
    """"a stepped shaft: 30 mm diameter for 20 mm, then 20 mm diameter for 40 mm": each later (diameter, length)
    phrase is one more cylinder stacked on the one before."""
    prev: Phrase | None = None
    for ph in phrases:
        if ph.head is not None:
            prev = ph
            continue
        if prev is None or prev.head not in _ROUND or not ph.slots.get("diameter") or ph.refs or ph.feat_refs:
            continue
        if not (ph.slots.get("length") or ph.slots.get("height")) or not (prev.slots.get("diameter")):
            continue
        ph.head, ph.head_tok, ph.rel = "shape:cylinder", Tok("word", "section", concept="shape:cylinder"), "on_top"
        for t in prev.toks:
            if t.concept == "mod:stepped":
                t.slot = "read"  # "a stepped shaft": the sections after it are its steps
        prev = ph


def _edge_radius(phrases: list[Phrase]) -> None:
    """Drawing-note phrases with no noun: "all edges R3" is a fillet, "4x Ø6.6 thru" a hole."""
    for ph in phrases:
        if ph.head is None and ph.family("edge") and ph.slots.get("radius") and not ph.family("edit"):
            ph.head, ph.head_tok = "feat:fillet", Tok("word", "fillet", concept="feat:fillet")
            ph.concepts.append("feat:fillet")
        elif ph.head is None and (ph.has("mod:through") or (ph.count or 0) > 1) \
                and (ph.slots.get("diameter") or ph.slots.get("thread")) and not ph.family("edit") and not ph.refs:
            ph.head, ph.head_tok = "feat:hole", Tok("word", "holes", concept="feat:hole")  # drawing note "4X Ø6.6 THRU"
            ph.concepts.append("feat:hole")


def merge_headless(phrases: list[Phrase], vocab: Vocab) -> list[Phrase]:
    _edge_radius(phrases)
    _absorb(phrases)
    _sections(phrases)
    for ph in phrases:
        _doubt(ph, vocab)
    phrases = _stack_backwards(phrases, vocab)
    out: list[Phrase] = []
    leading = False  # inside "a 150 mm long, 50 mm wide, 10 mm thick … bar": adjectives leading a noun
    for k, ph in enumerate(phrases):
        nxt = phrases[k + 1] if k + 1 < len(phrases) else None
        ends_adj = bool(ph.toks) and ph.toks[-1].text in _ADJECTIVES
        leading = ph.head is None and bool(ph.slots or ph.free) and ends_adj and (
            leading or (bool(ph.toks) and ph.toks[0].text in ("a", "an")))
        if leading:
            ahead = next((p for p in phrases[k + 1:] if p.head is not None or not p.toks
                          or p.toks[-1].text not in _ADJECTIVES), None)
            if ahead is not None and ahead.head and ahead.sentence == ph.sentence and ahead is not nxt:
                _merge_into(nxt, ph, front=True)  # type: ignore[arg-type]  # passes the dimensions forward
                continue
        if ph.head and nxt is not None and nxt.head == ph.head and nxt.sentence == ph.sentence \
                and ph.head.startswith("feat:") and not (ph.slots or ph.free) and ph.count is None:
            _merge_into(nxt, ph, front=True)  # "break all edges with a 0.5 mm chamfer": one chamfer
            continue
        if ph.head is None and any(c in ("edit:resize", "edit:remove", "edit:undo") for c in ph.concepts):
            out.append(ph)  # "Then make the hole 12 mm": a change of what exists, kept for the planner
            continue
        if ph.head is None and nxt is not None and nxt.head and nxt.sentence == ph.sentence and ph.toks \
                and ph.toks[0].text in ("a", "an") and (ph.slots or ph.free) \
                and (ph.toks[-1].concept or "").startswith("dim:") \
                and all(slot in vocab.accepts.get(nxt.head, ()) for slot in ph.slots):
            _merge_into(nxt, ph, front=True)  # "a 10 mm wide, 5 mm deep groove": "a … wide" leads the next noun
            continue
        rels = [c for c in ph.concepts if c.startswith("rel:")]
        body = next((p for p in phrases[k + 1:] if p.head or p.slots or p.free or p.sentence != ph.sentence), None)
        if ph.head is None and rels and body is not None and body.head and body.head.startswith("shape:") \
                and body.sentence == ph.sentence and not body.rel and not ph.slots and not ph.free:
            body.rel = rels[0][4:]  # "On top of it, a shank …", "On top of it, centered, put a cylinder …"
            continue
        if ph.head is not None or not out:
            out.append(ph)
            continue
        same = [p for p in out if p.sentence == ph.sentence] or out
        last = same[-1]
        for slot, toks in ph.slots.items():
            dest = next((p for p in reversed(out) if p.head and slot in vocab.accepts.get(p.head, ())), last)
            dest.slots.setdefault(slot, []).extend(toks)
        _merge_into(last, ph, front=False)
    return out


def _merge_into(dest: Phrase, ph: Phrase, *, front: bool) -> None:
    if front:
        for slot, toks in ph.slots.items():
            dest.slots[slot] = toks + dest.slots.get(slot, [])
        dest.free = ph.free + dest.free
        dest.toks = ph.toks + [Tok("sep", ",")] + dest.toks
    else:
        dest.free.extend(ph.free)
        dest.toks = dest.toks + [Tok("sep", ",")] + ph.toks
    dest.concepts.extend(ph.concepts)
    dest.refs.extend(ph.refs)
    dest.feat_refs.extend(ph.feat_refs)
    dest.unknown.extend(ph.unknown)
    dest.doubts.extend(ph.doubts)
    if ph.count is not None and dest.count is None:
        dest.count = ph.count
    rels = [c[4:] for c in ph.concepts if c.startswith("rel:") and c != "rel:next_to"]
    if not dest.rel and (ph.rel or (rels and dest.head and dest.head.startswith("shape:") and not front)):
        dest.rel = ph.rel or rels[0]  # "a shank …, 30 mm long under the head"
