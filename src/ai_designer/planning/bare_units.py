"""Numbers written without a unit in a prompt whose only written unit is inches: what they are in.

"a 4 x 2 inch plate 0.25 thick with a 1 hole", "3 x 2 x 1 in block, 0.5 fillet": the user gave the sizes in inches
and left the unit off the last ones, as drawings do. They were read as inches only when every bare number was under
1 ("1/4 thick"); one whole number made the plate 0.25 mm thick or the hole 1 mm across, reported as "units: mm (not
stated)". Now a bare number beside inches is inches — unless it cannot be one: a millimetre figure of an inch size
("a 25.4 dia rod, 6 in long": 25.4 is one inch in millimetres) or a size ten times the largest one written in inches
("a 2 inch rod, 100 long"); those keep millimetres (stated in the assumptions), and a prompt with both kinds is
refused naming them. Counts ("4 holes", "2x", "four 1/4 in holes") are not sizes. Feet keep their old rule: bare
numbers under 1 only.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject

Tok = Any  # lexer.Tok: the lexer calls this module, so it is not imported back

__all__ = ["mm_beside_inches", "only_unit"]

_INCH, _FOOT = 25.4, 304.8


def _factors(toks: list[Tok]) -> set[float]:
    return {round(t.values[-1] / t.raw[-1], 6) for t in toks
            if t.kind == "qty" and t.explicit and t.unit == "length" and t.raw and t.raw[-1]}


def _is_count(toks: list[Tok], i: int) -> bool:
    """"4 holes", "2x Ø8", "4 1/4 holes", "Four …": a whole number that counts what follows."""
    t = toks[i]
    if t.text[:1].isalpha():
        return True  # a number said as a word
    if not float(t.values[0]).is_integer() or len(t.values) != 1:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return False
    word = nxt.text.lower()
    return nxt.kind == "qty" or word == "x" or (nxt.kind == "word" and word.endswith("s") and not word.endswith("ss")
                                                 and len(word) > 3)


def _bare(toks: list[Tok]) -> list[tuple[float, ...]]:
    """The sizes written without a unit (not counts, threads or angles), by quantity ("40 x 20 x 10" is one)."""
    return [t.values for i, t in enumerate(toks) if t.kind == "qty" and not t.explicit and t.unit is None
            and not t.thread and not _is_count(toks, i)]


def _kind(values: tuple[float, ...], biggest: float) -> str:
    """"inch": up to twice the largest inch size written (or 2); "mm": an inch size in millimetres (25.4, 12.7,
    6.35) or over four times it (and over 12); "doubt" between. One millimetre value makes its whole "A x B x C"
    millimetres ("a 40 x 20 x 10 block with a 0.25 inch hole")."""
    def one(v: float) -> str:
        sixteenths = v * 16 / _INCH
        if (not float(v).is_integer() and abs(sixteenths - round(sixteenths)) < 1e-6) or v > max(12.0, 4 * biggest):
            return "mm"
        return "inch" if v <= max(2.0, 2 * biggest) else "doubt"

    kinds = {one(v) for v in values}
    return "mm" if "mm" in kinds else "doubt" if "doubt" in kinds else "inch"


def only_unit(toks: list[Tok]) -> float | None:
    """The unit of the bare numbers when every written unit is the same inch or foot one (``None``: millimetres)."""
    factors = _factors(toks)
    bare = _bare(toks)
    if len(factors) > 1 and _INCH in factors and bare:
        _check_mixed(toks, bare)
        return None
    if len(factors) != 1 or not bare:
        return None
    (f,) = factors
    if f == _FOOT:
        return f if all(v < 1 for vs in bare for v in vs) else None
    if f != _INCH:
        return None
    biggest = max((r for t in toks if t.kind == "qty" and t.explicit and t.unit == "length" for r in t.raw),
                  default=0.0)
    kinds = {vs: _kind(vs, biggest) for vs in bare}
    if set(kinds.values()) == {"inch"}:
        return f
    if set(kinds.values()) == {"mm"}:
        return None
    odd = next(vs for vs, k in kinds.items() if k != "inch")
    other = next((vs for vs, k in kinds.items() if k != kinds[odd]), None)
    reads = {"inch": "reads as inches", "mm": "reads as millimetres (an inch size in millimetres, or large for "
             "inches)", "doubt": "is large for inches but small for millimetres"}
    also = f", while '{_text(other)}' (no unit either) {reads[kinds[other]]}" if other is not None else ""
    raise reject(f"'{_text(odd)}' has no unit and {reads[kinds[odd]]}{also}; the sizes with a unit are in inches: "
                 "say the unit of every size, or 'all dimensions in inches'")


def _check_mixed(toks: list[Tok], bare: list[tuple[float, ...]]) -> None:
    """Inches and another unit both written: a bare number stays millimetres only when it cannot be an inch size.
    "a 4 x 3 inch plate, 0.25 thick, with 2 holes 5 mm dia" made the plate 0.25 mm thick (reported only as "units:
    mm (not stated)"); which unit the writer left off is not known, so it is asked for."""
    inches = [r for t in toks if t.kind == "qty" and t.explicit and t.unit == "length" and t.raw and t.raw[-1]
              and round(t.values[-1] / t.raw[-1], 6) == _INCH for r in t.raw]
    odd = next((vs for vs in bare if _kind(vs, max(inches, default=0.0)) != "mm"), None)
    if odd is not None:
        raise reject(f"'{_text(odd)}' has no unit, and the sizes with a unit are in inches and in another unit: say "
                     "its unit (e.g. '0.25 inch' or '6 mm')")


def _text(values: tuple[float, ...]) -> str:
    return " x ".join(f"{v:g}" for v in values)


def mm_beside_inches(toks: list[Tok], unit: float | None) -> str | None:
    """The assumption to state when bare numbers stay millimetres although the prompt writes inches."""
    if unit is not None or _factors(toks) != {_INCH}:
        return None
    bare = _bare(toks)
    if not bare:
        return None
    said = ", ".join(f"'{_text(vs)}'" for vs in dict.fromkeys(bare))
    return (f"units: {said} read as mm (no unit written; the sizes with a unit are in inches, but "
            f"{'it is' if len(bare) == 1 else 'they are'} an inch size in millimetres or too large for inches)")
