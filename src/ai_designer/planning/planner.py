"""``plan_offline``: a prompt (and optionally the session's current design) -> a :class:`CADPlan`.

Pipeline: lex (quantities, units, vocabulary) -> phrases with slots -> builders (bodies, then features on the
current body) -> intent by formula. Edits of ``current`` go through ``edits.py``. Anything the vocabulary cannot
express is refused with :class:`RejectedError` (naming what was not understood and how to enable an LLM planner);
impossible values raise :class:`PlanError`. No input makes it crash.
"""

from __future__ import annotations

import logging
import re

from pydantic import ValidationError

from ai_designer.core.errors import AIDesignerError, PlanError, RejectedError
from ai_designer.planning.accounting import account
from ai_designer.planning.assemble import finish
from ai_designer.planning.bare_units import mm_beside_inches
from ai_designer.planning.compose import Build, compose
from ai_designer.planning.compose_plainspeak import check_sharp_after
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.descriptions import WHY, name_conflict, named
from ai_designer.planning.edits import apply_edit, edit_phrase, is_edit
from ai_designer.planning.extract import split_phrases
from ai_designer.planning.features import build_feature
from ai_designer.planning.footprints import check_footprints
from ai_designer.planning.grammar import diagnose, parse_clauses
from ai_designer.planning.hole_depths import check_hole_depths
from ai_designer.planning.intent import plan_intent
from ai_designer.planning.lexer import Tok, lex
from ai_designer.planning.misreads import check_centre_along, check_per_corner
from ai_designer.planning.phrases import Phrase, negated
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.semantics_hobby import approximate_sizes
from ai_designer.planning.shapes import build_shape
from ai_designer.planning.slot_guards import check_body, check_counterbored_slots, check_feature, check_unread
from ai_designer.planning.slot_places import check_places
from ai_designer.planning.terminals import get_ignorable, to_terminals
from ai_designer.planning.vocab import Vocab, get_vocab
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["plan_offline"]

log = logging.getLogger(__name__)
_MAX_PROMPT = 4000


_LETTER_SHAPES = {"t", "v", "u", "h", "i", "c", "z", "y", "w", "o", "d", "e"}  # T-slot, V-groove, U-channel …


def _words(toks: list[Tok]) -> list[str]:
    return [t.text for t in toks if t.kind == "word"]


def _check_garbage(toks: list[Tok], vocab: Vocab) -> None:
    """"banana mm": a unit after a word that is not a number is a size we cannot read."""
    for i, t in enumerate(toks):
        if t.kind == "word" and t.concept is None and t.text in vocab.length_units and t.text not in ("in", "m") \
                and i and toks[i - 1].kind == "word" and toks[i - 1].concept is None \
                and toks[i - 1].text not in ("all", "units", "unit", "dimensions", "dims", "in", "are", "is", "using"):
            raise PlanError(f"'{toks[i - 1].text} {t.text}' is not a size: give a number, e.g. '8 {t.text}'")
        if t.kind == "word" and t.concept == "filler" and t.text in ("mm", "millimeter", "millimeters") and i \
                and toks[i - 1].kind == "word" and toks[i - 1].concept is None and toks[i - 1].text.isalpha() \
                and toks[i - 1].text not in vocab.harmless:
            raise PlanError(f"'{toks[i - 1].text} {t.text}' is not a size: give a number, e.g. '8 {t.text}'")


def _blocking_unknown(ph: Phrase, harmless: frozenset[str]) -> str | None:
    """An unknown word right before a head ("a *dovetail* slot") changes what the part is: do not guess."""
    if ph.head_tok is None:
        return None
    idx = next((i for i, t in enumerate(ph.toks) if t is ph.head_tok), None)
    if idx is None:
        return None
    j = idx - 1
    if j >= 0 and ph.toks[j].kind == "word" and ph.toks[j].concept is None and ph.toks[j].text.isalpha() \
            and ph.toks[j].text not in harmless and (len(ph.toks[j].text) > 2 or ph.toks[j].text in _LETTER_SHAPES):
        return f"{ph.toks[j].text} {ph.head_tok.text}"
    return None


def _name(phrases: list[Phrase]) -> str:
    for ph in phrases:
        if ph.head and ph.head.startswith("shape:"):
            return ph.head.split(":", 1)[1]
    return "part"


def _build(prompt: str, current: CADPlan | None) -> CADPlan:
    toks, unit = lex(prompt, get_vocab())
    if current is None:
        _unit_needed(prompt, toks, unit)
    else:
        _edit_fraction(prompt, unit)
    plan = _build_plan(prompt, current, toks, unit)
    check_hole_depths(plan.operations)
    check_footprints(plan.operations)
    if current is None:
        note = approximate_sizes(toks)
        if note is not None and note not in plan.assumptions:
            plan.assumptions.append(note)
        _note_mm_beside_inches(plan, toks, unit)
    return plan


def _note_mm_beside_inches(plan: CADPlan, toks: list[Tok], unit: float | None) -> None:
    """"a 25.4 dia rod, 6 in long": the bare number stays millimetres, said so in place of "units: mm (not
    stated)" (inches were stated)."""
    note = mm_beside_inches(toks, unit)
    if note is not None:
        plan.assumptions = [note, *(a for a in plan.assumptions if a != "units: mm (not stated)")]


def _build_plan(prompt: str, current: CADPlan | None, toks: list[Tok], unit: float | None) -> CADPlan:
    vocab = get_vocab()
    _check_garbage(toks, vocab)
    _check_hedges(toks)
    _check_through_only(toks)
    check_per_corner(toks)
    check_centre_along(toks)
    refused = [t for t in toks if t.concept == "refuse"]
    grammar_refusal: RejectedError | None = None
    if current is None:
        try:
            plan = _grammar_plan(prompt, toks, unit)
        except RejectedError as exc:  # understood every word but cannot build it: the slot planner may
            if exc.details.get("final"):
                raise  # … unless the words allow two parts: then no other reading is tried
            plan, grammar_refusal = None, exc
        if plan is not None and all(t.slot in WHY for t in refused):  # "a bearing housing" only named the part
            return plan
    if refused:
        if grammar_refusal is not None and all(t.slot in WHY for t in refused):
            raise grammar_refusal  # the grammar read the part word ("a bearing block"): its reason is the one to give
        raise reject(f"'{refused[0].text}' is a part the offline planner does not model (it would only approximate it)")
    try:
        plan = _slot_plan(prompt, current, toks, unit, vocab)
        plan.ignored = account(toks, vocab, plan.assumptions, edit=current is not None)
    except RejectedError as exc:
        if grammar_refusal is not None:
            raise grammar_refusal from exc
        if current is None and _not_understood(exc, toks):
            where = diagnose(toks)
            if where:
                raise reject(where) from exc
        raise
    return plan


_HEDGES = frozenset({"could", "may"})
_HEDGED = frozenset({"be", "have", "get", "also"})


def _check_hedges(toks: list[Tok]) -> None:
    """"the edges could be rounded", "it may have a hole": a feature that may or may not be there (like "might");
    "could" is filler in "could you make …", so only "could / may" before "be / have / get" is refused."""
    for a, b in zip(toks, toks[1:], strict=False):
        if a.text.lower() in _HEDGES and b.text.lower() in _HEDGED:
            raise ambiguous(f"'{a.text} {b.text}' leaves it open whether the feature is there: say whether to build it")


_THROUGH = frozenset({"through", "thru", "trough"})


def _check_through_only(toks: list[Tok]) -> None:
    """"a hole thru the base only", "through the plate only": the hole stops at the end of that body, but both
    readers drill through the whole part ("only" is filler to the grammar), boss and all."""
    words = [t for t in toks if t.concept != "filler" or t.text.lower() in ("only", "just")]
    for k, t in enumerate(words):
        if t.text.lower() != "only" or k < 2:
            continue
        body, before = words[k - 1], words[k - 2]
        if (body.concept or "").startswith(("shape:", "feat:")) and (before.text.lower() in _THROUGH
                                                                     or before.concept == "mod:through"):
            raise reject(f"'{before.text} the {body.text} only': the offline planner drills through the whole part; "
                         "say how deep the hole goes (e.g. '6 mm deep')")


def _grammar_plan(prompt: str, toks: list[Tok], unit: float | None) -> CADPlan | None:
    """The grammar path: ``None`` when some word is not consumed by the grammar (the slot planner then tries)."""
    clauses = parse_clauses(toks, unit)
    if not clauses:
        names = named(toks) if clauses is not None else []
        if names:  # every sentence only describes: the name alone is no geometry (never guessed from)
            raise reject(f"'{' '.join(dict.fromkeys(names))}' names the part, but no sentence gives its shape and "
                         "sizes (describe it, e.g. 'a 60 x 40 x 10 mm block with a 6 mm hole through the centre')")
        return None
    build = compose(clauses)
    check_sharp_after(build)
    conflict = name_conflict(toks, build.ops)
    if conflict:
        raise ambiguous(conflict)  # two parts described: no other reading is tried
    assumptions = list(dict.fromkeys(build.assumptions))
    if unit is None and any(t.kind == "qty" and not t.explicit and t.unit != "angle" for t in toks):
        assumptions.insert(0, "units: mm (not stated)")
    elif unit is not None and unit != 1.0:
        assumptions.insert(0, f"units: {unit:g} mm per unit for numbers without one (stated once, or the only unit "
                              "written)")
    plan = CADPlan(name=_body_name(build), description=" ".join(prompt.split())[:300], operations=build.ops,
                   result=build.current, assumptions=assumptions)
    plan.intent = plan_intent(plan)
    plan.ignored = account(toks, get_vocab(), plan.assumptions, parsed=True)
    return plan


_INCH_STYLE = re.compile(r"(?<![\d.])\.\d{2,4}\b|\b[1-9]\d*\.\d{3}\b")  # ".250", "1.875" (not "0.5625")
_FRACTION = re.compile(r"(?<![\d/.])\d+/\d+(?![\d/.])")  # "3/4 od, 3/8 id, 1/16 thick": a washer 0.75 mm across
_UNIT_AFTER = re.compile(r"\s*(?:\"|''|-?\s*(?:mm|cm|in|inch|inches|ft|foot|feet|thou|deg|degrees?|°)\b)", re.I)


def _unit_needed(prompt: str, toks: list[Tok], unit: float | None) -> None:
    """No unit written anywhere, and numbers written the way inch drawings write them (".250", "1.875"): taking them
    as millimetres built a 4 x 3 x 0.25 mm plate from an inch drawing. Ask for the unit instead."""
    if unit is not None:
        return
    bare = next((f for f in _FRACTION.finditer(prompt) if not _UNIT_AFTER.match(prompt, f.end())), None)
    if any(t.kind == "qty" and t.explicit and t.unit == "length" for t in toks):
        if bare is not None:  # "a 20 mm cube with a 1/4 chamfer": metric drawings write no fractions of a mm
            raise reject(f"'{bare.group(0)}' has no unit, and a fraction is how inch sizes are written: say its unit "
                         "(e.g. '1/4 inch' or '0.25 mm')")
        return
    m = _INCH_STYLE.search(prompt) or bare
    if m:
        raise reject(f"no unit is given and '{m.group(0)}' is written the way inch drawings write sizes: say the unit "
                     "(e.g. 'all dimensions in inches' or 'in mm')")


def _edit_fraction(prompt: str, unit: float | None) -> None:
    """"make the hole 1/2" made a 0.5 mm hole: an edit reads bare numbers in mm whatever the design was drawn in,
    and a fraction is how inch sizes are written — its unit is asked for."""
    bare = next((f for f in _FRACTION.finditer(prompt) if not _UNIT_AFTER.match(prompt, f.end())), None)
    if bare is not None and unit is None:
        raise reject(f"'{bare.group(0)}' has no unit, and a fraction is how inch sizes are written: say its unit "
                     "(e.g. '1/2 inch')")


_NOT_UNDERSTOOD = ("did not understand", "no part I know", "is not in the offline vocabulary")


def _not_understood(exc: RejectedError, toks: list[Tok]) -> bool:
    """The slot planner refused for a word it did not know, and the grammar reads that word (the slot planner's
    vocabulary is older, so it can quote a word like 'origin'): the grammar's own diagnosis names the problem better.
    A word neither reads ('or' in "a hole or two") keeps the slot planner's message."""
    problem = str(exc.details.get("problem", ""))
    if "changes a design, but there is no current design" in problem:
        # several sentences are a new description the slot planner took for an edit: where the grammar stopped says
        # more; a one-line "change the holes to M6" is an edit, and that message stands
        ends = [i for i, t in enumerate(toks) if t.kind == "sep" and t.text not in (",", "(", ")", "&")]
        return any(i < len(toks) - 1 for i in ends)
    if not any(p in problem for p in _NOT_UNDERSTOOD):
        return False
    quoted = set(re.findall(r"'([^']+)'", problem))
    known = {t.text for t, term in zip(toks, to_terminals(toks, get_ignorable()), strict=True)
             if term.type not in ("UNK", "IGN")}
    return bool(quoted & known) or not quoted


def _body_name(build: Build) -> str:
    return str(build.ops[0].op) if build.ops else "part"


def _slot_plan(prompt: str, current: CADPlan | None, toks: list[Tok], unit: float | None, vocab: Vocab) -> CADPlan:
    """The slot extractor (phrases with slots -> builders), for everything the grammar does not read."""
    phrases = split_phrases(toks, vocab)
    if current is not None and is_edit(phrases):
        return apply_edit(prompt, current, phrases, vocab, unit)
    heads = [p for p in phrases if p.head]
    edit_words = any(c.startswith("edit:") for p in phrases for c in p.concepts)
    if current is None and edit_words and not any(p.head and p.head.startswith("shape:") for p in phrases):
        raise reject(f"'{prompt.strip()[:60]}' changes a design, but there is no current design — describe the part "
                     "first, or continue a session (ai-designer design … --session NAME)")
    if not heads:
        unknown = [w for p in phrases for w in p.unknown if w not in vocab.harmless]
        vague = [w for w in _words(toks) if w in vocab.vague]
        what = ", ".join(dict.fromkeys(vague or unknown)) or prompt.strip()[:60]
        raise reject(f"no part I know is described (did not understand: {what})")
    if heads[0].head and heads[0].head.startswith("feat:") and current is None:
        unknown = [w for p in phrases for w in p.unknown if w not in vocab.harmless and w not in vocab.vague]
        if unknown:
            raise reject(f"no part I know is described (did not understand: {', '.join(dict.fromkeys(unknown))})")
        raise reject(f"'{heads[0].text}' needs a part to work on, and there is no current design "
                     "(describe the part first, e.g. 'a 100 x 60 x 8 mm plate with …')")
    ctx = Ctx(vocab=vocab, unit=unit)
    notes: list[str] = []
    for ph in phrases:
        _apply_phrase(ctx, ph, notes, vocab)
    if not ctx.ops:
        raise reject("nothing to build")
    ctx.check_all_used(phrases)
    ctx.check_feature_refs(phrases)
    check_counterbored_slots(ctx, phrases)
    return finish(ctx, prompt, _name(phrases), [f"edit: {n}" for n in notes])


_GEOMETRIC = {"mod", "pos", "face", "edge", "dim", "side"}


def _apply_phrase(ctx: Ctx, ph: Phrase, notes: list[str], vocab: Vocab) -> None:
    """One phrase of the slot planner: refuse what it cannot read, else add its body, feature or edit."""
    if ph.doubts:
        raise reject(f"did not understand '{ph.doubts[0]}' in '{ph.text}'")
    block = _blocking_unknown(ph, vocab.harmless)
    if block:
        raise reject(f"'{block}' is not in the offline vocabulary")
    if negated(ph):
        if ph.slots or ph.free or ph.count:
            raise reject(f"'{ph.text}' says the feature is not wanted but gives it sizes — describe only what "
                         "the part has")
        where = [t.text for t in ph.toks if (t.concept or "").split(":", 1)[0] in _GEOMETRIC]
        if where:  # "no fillet on the bottom": an exception to a feature, not its absence
            raise reject(f"'{ph.text}' leaves a feature out only in some places ('{where[0]}'): the offline planner "
                         "cannot except edges or faces (name the ones that have it)")
        ctx.assume(f"no {ph.head_tok.text if ph.head_tok else 'such feature'} (as stated)")
        return
    edits = ph.family("edit")
    if ctx.ops and ("remove" in edits or ("resize" in edits and (ph.head is None or ph.feat_refs))):
        if not edit_phrase(ctx, ph, notes):  # "Then make the hole 12 mm." inside a multi-step description
            raise reject(f"did not understand the change '{ph.text}' (say the new size, e.g. 'make it 50 mm wide')")
        return
    if ph.head is None:
        vague = [w for w in ph.unknown if w in vocab.vague]
        if vague:
            raise reject(f"'{' '.join(vague)}' is not something a CAD plan can express")
        geometric = [c for c in ph.concepts if c.split(":", 1)[0] in _GEOMETRIC]
        if geometric:  # "Then another one from left to right.": words about geometry that built nothing
            raise reject(f"did not understand what '{ph.text}' refers to (it names no part or feature)")
        return
    if ph.head.startswith("shape:"):
        if _plural(ph.head_tok.text if ph.head_tok else ""):
            raise reject(f"'{ph.text}' names several bodies; the slot planner builds one (say where each one goes)")
        if ctx.current is not None and ph.rel is None:
            raise reject(f"a second separate body ('{ph.text}') — say how it attaches (e.g. 'on top of the …')")
        start = len(ctx.ops)
        ph.asked.clear()
        op = build_shape(ctx, ph)
        if op not in ctx.ops:
            ctx.add(op)
        _check_first_rel(ph, start)
        check_body(ctx, ph, op, start)
        check_unread(ph, op)
        ctx.roles[ph.head.split(":", 1)[1]] = op.id
    else:
        ph.asked.clear()
        op = build_feature(ctx, ph)
        check_feature(ctx, ph, op)
        check_places(ctx, ph, op)
        check_unread(ph, op)
        if op not in ctx.ops:
            ctx.add(op)
        ctx.last_feature = op


def _check_first_rel(ph: Phrase, start: int) -> None:
    """"a washer …, under the plate", "a flange …, hub 50 dia 20 high under it": a relation said in the first body's
    phrase has no body before it to be under or on; unless its builder read it (a flange's hub), it was dropped —
    the hub was built on top."""
    if start or ph.rel not in ("under", "below"):
        return
    word = next((t for t in ph.toks if (t.concept or "").startswith("rel:") and t.slot != "read"), None)
    if word is not None:
        raise reject(f"'{word.text}' in '{ph.text}' places something under a part described nowhere before it "
                     "(describe the part below first, or say which feature goes underneath)")


def _plural(head: str) -> bool:
    """"three 20 mm cubes", "two round rods": a plural body noun (not "torus", "glass", "axis")."""
    word = head.split()[-1] if head.split() else ""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def plan_offline(prompt: str, current: CADPlan | None = None) -> CADPlan:
    """Plan ``prompt`` (an edit of ``current`` when given and the prompt reads as one).

    >>> plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes 6 mm from both edges").intent.bbox
    (90.0, 70.0, 8.0)
    """
    if not isinstance(prompt, str) or not prompt.strip():
        raise RejectedError("the prompt is empty: describe a part, e.g. 'a 100 x 60 x 8 mm plate'")
    if len(prompt) > _MAX_PROMPT:
        raise reject(f"the prompt is {len(prompt)} characters long (the offline planner reads up to {_MAX_PROMPT})")
    try:
        return _build(prompt, current)
    except AIDesignerError:
        raise
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = str(first.get("msg", exc)).removeprefix("Value error, ")
        raise PlanError(f"impossible value: {msg}") from exc
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError) as exc:
        raise PlanError(f"impossible value: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - the planner must never crash on user input
        log.exception("offline planner failed on %r", prompt[:200])
        raise reject(f"the offline planner could not read this prompt ({type(exc).__name__})") from exc
