"""Typography to plain words, before the lexer splits a prompt: ``Ø12``, ``2"``, ``100x50x30``, ``1-1/2``, ``R5``,
tolerances, alloy grades, step numbers, points written as ``(20, 10)`` (the first of the lexer's three passes)."""

from __future__ import annotations

import re

from ai_designer.core.errors import PlanError
from ai_designer.planning.arithmetic import evaluate_arithmetic
from ai_designer.planning.refusals import reject
from ai_designer.planning.wordforms import expand

__all__ = ["normalize"]


def _mixed_fraction(m: re.Match[str]) -> str:
    """"1-1/2" is 1.5; a bare "3/4" keeps the space before it, so "tall. 3/4" stays two words (a dash is dropped
    as before)."""
    whole = float(m.group(1) or 0)
    den = float(m.group(4))
    if den == 0:
        raise PlanError(f"'{m.group(0)}' divides by zero; write the size as a number, e.g. 0.5")
    value = f"{whole + float(m.group(3)) / den:g}"
    return value if m.group(1) or m.group(2) != " " else f" {value}"


_SUBS: list[tuple[str, str]] = [
    (r"[øØ⌀]", " dia "), (r"×|\*", " x "), (r"°", " deg "), (r"%", " percent "), (r"[’‘`]", "'"), (r"[“”]", '"'),
    (r"\b(?:right|dead|straight) (?=(?:through|thru|in the (?:middle|centre|center)|at the (?:middle|centre|center)"
     r"|on the (?:axis|centre|center)|down)\b)", " "),  # "right through", "right in the middle": emphasis
    (r"\bw/o\b", " without "), (r"\bw/", " with "), (r"o'\s?clock", " oclock "), (r"(\d)\s*(?:\"|''|in\.)", r"\1 inch "),
    (r"\bno\.\s*\d+|#\s?\d+", " "),  # labels ("hole #1", "no. 2") are not sizes
    (r"(?<![\w.])(?:r|radius)\s?(\d+(?:\.\d+)?|\.\d+)\s*(?:mm\s+)?(?:rounded\s+|radiused\s+)?corners?\b", r"corner radius \1 "),
    (r"(?<![\w.])r\s?(\.?\d)", r"radius \1"), (r"(?<![\w.])d\s?=\s?(\d)", r"dia \1"),
    (r"(?<![\w.])[zn]\s?=\s?(-?\d+(?:\.\d+)?)", r"\1 teeth "), (r"(?<![\w.])m\s?=\s?(\d)", r"module \1"),
    (r"(?<![\w.])b\s?=\s?(\d)", r"face width \1"),
    (r"(?<![\w.])h\s?=\s?(\d)", r"height \1"),
    (r"(?<![\w.])x\s?=\s?(?=-?\d)", " xpos "), (r"(?<![\w.])y\s?=\s?(?=-?\d)", " ypos "), (r"(?<![\w.])[lw]\s?=\s?(\d)", r" \1"),
    (r"(?<=\d)\s*x(?=\s*[\d.])", " x "), (r"(?<=\d)x(?=\s|$)", " x "),
    (r"(?<=[a-z])-(?=[a-z])", " "), (r"(?<=\d)-(?=[a-z])", " "), (r"(?<=[a-z])-(?=\d)", " "),
    (r"(?<=\d)(?=(mm|cm|m|in|ft|deg|thou|mils|teeth|tooth|holes?)\b)", " "),
    (r"(?<=\d)(?=[a-z]{2,})", " "),
    # drawing callouts: "C1 ON TOP OUTER EDGE" is a 1 mm chamfer; "1/4 R" a radius; "CTR" the centre (not "ctrs",
    # the spacing); "B.C." / "P.C.D." the bolt circle; "C/L", "C.L." the centreline
    (r"(?<![\w.'/])c\s?(\d+(?:\.\d+)?|\.\d+)\s*x\s*45\b", r"\1 x 45 chamfer"),
    (r"(?<![\w.'/])c\s?(\d+(?:\.\d+)?|\.\d+)(?=\s*(?:on\b|top\b|bottom\b|all\b|typ|both\b|around\b"
     r"|outer\b|edges?\b|[.,;:]|$))", r"\1 chamfer"),
    (r"(?<=\d) ?r(?![\w'/]|\.\w)", " radius"), (r"(?<![\w'])(?<!\d )ctr(?![\w'])", "centre"),
    (r"(?<![\w.])b\.\s?c\b\.?", " bolt circle "), (r"(?<![\w.])p\.\s?c\.\s?d\b\.?", " pcd "),
    (r"(?<![\w.])c\s?(?:/|\.\s?)l\b\.?", " cl "),
    # "holes dia. 4 mm": the stop of "dia." before its size ends no sentence ("… 20 DIA. 4X …" after a size does)
    (r"(?<![\d.] )(?<![\d.])\bdia\.(?=\s*[\d.])", "dia "),
]
_SUBS_COMPILED = [(re.compile(pat), rep) for pat, rep in _SUBS]
_STEP = re.compile(r"(?:^|\n|(?<=[.;:])\s|\s{2,}|(?<=\s)(?=\d{1,2}\)))\s*"
                   r"(?:step\s*\d{1,2}\s*[.):-]?|\d{1,2}\s*[.)])\s+(?=[a-z0-9ø⌀])", re.MULTILINE)
_NUM = r"\s*-?\d+(?:\.\d+)?\s*"
_TUPLE = re.compile(rf"\(({_NUM},{_NUM}(?:,{_NUM})?)\)")
#: "(X 10, Z 0)": a point with its axes named (its closing "0)" is not a step number)
_LABELLED = re.compile(rf"\(\s*([xyz])\s*=?({_NUM}),\s*([xyz])\s*=?({_NUM})\)")


_IMPERIAL_THREAD = re.compile(r"(?:#\d+|\d+/\d+|\d+)\s*-\s*\d+\s*(?:unc|unf|tpi|thread|tap|tapped)|"
                              r"\d+/\d+\s*-\s*\d+\b|#\s?\d+\s*-\s*\d+\b|"
                              r"#\s?\d+\s+(?:clearance|tapped|threaded|screw|bolt|socket|flat|pan|machine|wood)|"
                              r"\b(?:unc|unf|npt|bsp|bspp|tpi)\b")


_CLOSE = "\x00"
_IN_AXIS = re.compile(r"(?<=\d)\s*in\s+(?=[+-]?\s?[xyz]\b(?!\s*\.?\d))")


def _protect_closing(s: str) -> str:
    """A ")" that closes an open "(" is never a step number: "(X from -8 to 8) and …" is one sentence."""
    out, depth = [], 0
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            ch = _CLOSE
        out.append(ch)
    return "".join(out)


def _signed_axes(s: str) -> str:
    """"6 in +Z" is 6 along Z (not 6 inches); "-Z" keeps its sign as a word ("negative z") so it is read or refused,
    never dropped; "+Z" is plain Z."""
    s = _IN_AXIS.sub(" along ", s)
    s = re.sub(r"(?<![\w.])-\s?([xyz])\b", r" negative \1", s)
    return re.sub(r"(?<![\w.])\+\s?([xyz])\b", r" \1", s)


#: an alloy designation names a material, not a size: "6061-T6", "304 SS", "1018 CRS", "MATL: 6061"
_MATERIAL_WORDS = r"(?:al|alum|aluminum|aluminium|ss|stainless|steel|crs|hrs|cres|alloy|brass|bronze)\b"
_ALLOY = re.compile(r"\b\d{4}-t\d{1,2}\b"
                    r"|\b(?:6061|6063|6082|7075|2024|5052|5083|303|304|316|416|1018|1020|1045|1215|4140|4340|12l14)\b"
                    rf"(?=\s*{_MATERIAL_WORDS})"
                    r"|(?<=\bmatl)(\s*:?\s*)\d{3,4}(?:-t\d{1,2})?\b"
                    r"|(?<=\bmaterial)(\s*:?\s*)\d{3,4}(?:-t\d{1,2})?\b")


#: a symmetric tolerance after a size ("100 ±0.1", "2.000 +/- .005"): the nominal size is modelled
_TOLERANCE = re.compile(r"(?<=\d)\s*(?:±|\+/-|\+-)\s*(?:\d+(?:\.\d*)?|\.\d+)(?:\s*mm)?")


def _tolerances(text: str) -> str:
    """Symmetric tolerances are taken out of the sizes and said once at the end ("toleranced", ignored with the
    reason), so "100 ±0.1 x 60" stays a 100 x 60 size and the tolerance is never read as a size."""
    out, n = _TOLERANCE.subn("", text)
    return f"{out}\ntoleranced." if n else text


def normalize(text: str) -> str:
    s = evaluate_arithmetic(expand(_tolerances(text).lower().replace("\r", "\n")))
    s = _ALLOY.sub(lambda m: f"{m.group(1) or m.group(2) or ''} alloygrade ", s)
    s = re.sub(r"\balloygrade\s+(?:crs|hrs|cres)\b", "alloygrade steel", s)  # "1018 CRS" is steel; "50 crs" spacing
    s = re.sub(r"(?<=\d)\s*\.\.\s*(?=-?\d)", " to ", s)  # "x 15..25": a range, from 15 to 25
    m = _IMPERIAL_THREAD.search(s)
    if m:
        raise reject(f"imperial / pipe thread sizes ('{m.group(0)}') are not in the offline tables "
                     "(metric M sizes are: e.g. 'M6 tapped')")
    s = _TUPLE.sub(lambda m: f" tuple {m.group(1)} endtuple ", s)  # "(20, 10)": a point, not step "10)"
    s = _signed_axes(s)
    s = _LABELLED.sub(lambda m: f" tuple {m.group(1)} {m.group(2)} , {m.group(3)} {m.group(4)} endtuple ", s)
    s = _STEP.sub(" ; ", _protect_closing(s)).replace(_CLOSE, ")")
    # a fraction with no whole part keeps the space before it: "3/4\" tall. 3/4\" dia" must not fuse into "tall.0.75"
    s = re.sub(r"(\d+)?([ -]?)(\d+)/(\d+)", _mixed_fraction, s)
    for pat, rep in _SUBS_COMPILED:
        s = pat.sub(rep, s)
    return s
