"""Error messages for the person who typed the prompt, separated from advice for whoever runs the server.

The engine's messages are written for everyone at once: a rejection says what is missing *and* how an operator could
let a language model plan it ("set OPENAI_API_KEY …"). A browser user can act on the first half only. :func:`explain`
splits a ``{"code", "message"}`` error into

* ``message`` — what was understood and what is missing, in the user's terms;
* ``admin`` — operator advice (keys, environment variables), for a collapsed "for administrators" note and the logs;
* ``examples`` — corrected prompts the user can try (the page makes them clickable).

It also corrects messages the planner gets wrong for common prompts (a hole larger than its plate reported as "off
the face", inside sizes of a box reported as a missing height, a part named without sizes reported as not
understood). The CLI prints ``message`` and ``admin`` together; the REST API returns all three.

    >>> e = explain({"code": "rejected", "message": "the plate's length is not given (say e.g. 'a 100 x 60 x 8 mm "
    ...              "plate'); the offline planner cannot express this — set OPENAI_API_KEY to let a model plan it"},
    ...             "a plate")
    >>> e["message"], e["examples"]
    ("the plate's length is not given", ['a 100 x 60 x 8 mm plate'])
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["explain", "explain_for_cli", "split_operator_advice", "EXAMPLE_PROMPTS"]

#: Prompts the built-in planner builds; the landing page offers them, and rejections without a better example too.
EXAMPLE_PROMPTS = [
    "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes",
    "a flange 120 mm od, 60 mm id, 10 mm thick with 6 holes 8 mm on a 90 mm pcd",
    "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick",
    "an open box 94 x 69 x 32 mm with 2 mm walls",
    "a spur gear with 24 teeth, module 2, 10 mm thick",
    "a 40 mm cube with 2 mm fillets",
]

_ENV = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}\b")
_OPERATOR = ("offline planner cannot express", "language model", "llm provider", "ollama", "api key", "api_key")
_SAY = re.compile(r"\s*\((?:(?:say|try|write) )?e\.g\.?\s*((?:'[^']+'(?:,\s*|\s+or\s+)?)+)\)")
_NUM = r"(\d+(?:\.\d+)?)"
_OFF_FACE = re.compile(rf"a (?:Ø[\d.]+ )?hole at \(([^)]*)\) mm from the centre (?:is off|does not fit on) the "
                       rf"{_NUM} x {_NUM} mm (?:(\w+) )?face")
_HOLE_D = re.compile(rf"(?:{_NUM}\s*mm\s+(?:diameter\s+|dia\.?\s+|wide\s+|through\s+|round\s+)*hole"
                     rf"|hole\s+(?:of\s+)?{_NUM}\s*mm)", re.I)
#: Parts the planner knows that people often name without sizes: what to give, and an example that builds.
_NEEDS = {
    "bracket": ("the two leg lengths, the width and the thickness",
                "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick"),
}


def split_operator_advice(message: str) -> tuple[str, str | None]:
    """``(for the user, for the operator)``: clauses naming environment variables or model set-up move out."""
    message = re.sub(r"\s*\((?:[A-Z][A-Z0-9]*_[A-Z0-9_]{2,})\)", "", message)  # "(MAX_PROMPT_CHARS)"
    clauses = re.split(r"(?<=[;.])\s+|\s+[—–]\s+", message)
    user, admin = [], []
    for clause in clauses:
        low = clause.lower()
        if _ENV.search(clause) or any(word in low for word in _OPERATOR):
            admin.append(clause.strip(" ;"))
        else:
            user.append(clause)
    text = " ".join(user).strip().rstrip(";,:—– ")
    return text, (" ".join(admin).strip() or None)


def explain(error: dict[str, Any] | None, prompt: str = "") -> dict[str, Any] | None:
    """The error with ``message`` for people, ``admin`` for operators and ``examples`` to try (see module doc)."""
    if not error:
        return error
    raw = str(error.get("message", ""))
    message, admin = split_operator_advice(raw)
    examples = [q for m in _SAY.finditer(message) for q in re.findall(r"'([^']+)'", m.group(1))]
    message = _SAY.sub("", message).strip()
    fixed = (_off_face(message, prompt) or _new_part_as_change(message, prompt)
             or _named_only(message, prompt))
    if fixed is not None:
        message, better = fixed
        examples = [better, *[e for e in examples if e != better]]
    if not message:
        message = "this request could not be built"
    if admin and "llm provider" in admin.lower() and not examples:
        message += ("; the built-in planner reads plain parts with their sizes in mm (plates, blocks, cylinders, "
                    "tubes, flanges, brackets, boxes, gears) — try one of the examples")
    if not examples and error.get("code") in ("rejected", "invalid_plan", "llm_not_configured"):
        examples = EXAMPLE_PROMPTS[:2]
    return {**error, "message": message, "admin": admin, "examples": examples}


def _off_face(message: str, prompt: str) -> tuple[str, str] | None:
    """"a hole at (0, 0) … is off the 100 x 60 mm top face" for a 200 mm hole: the hole is too big, not misplaced."""
    found = _OFF_FACE.search(message)
    hole = _HOLE_D.search(prompt)
    if not found or not hole:
        return None
    a, b = float(found.group(2)), float(found.group(3))
    face = f"{found.group(4)} face" if found.group(4) else "face"
    diameter = float(hole.group(1) or hole.group(2))
    if diameter < min(a, b):
        return None
    fits = max(1, int(min(a, b) / 2))
    example = prompt[:hole.start()] + hole.group(0).replace(f"{hole.group(1) or hole.group(2)}", f"{fits}", 1) \
        + prompt[hole.end():]
    return (f"a {diameter:g} mm hole does not fit on the {a:g} x {b:g} mm {face}: make the hole smaller than "
            f"{min(a, b):g} mm, or the part larger", example.strip())


def _new_part_as_change(message: str, prompt: str) -> tuple[str, str] | None:
    """"a teapot" typed as an edit: it is not a change the user meant, it is a part the planner does not know."""
    if "did not understand the change" not in message or not re.match(r"\s*(a|an|one)\s", prompt, re.I):
        return None
    part = " ".join(prompt.split())
    return (f"“{part}” reads as a new part, not a change to this one, and the built-in planner does not know it: "
            "start a new design for a new part (with its sizes in mm), or describe a change to this one",
            "make it 10 mm thick")


def _named_only(message: str, prompt: str) -> tuple[str, str] | None:
    """"a bracket" is a part the planner knows: say which sizes are missing instead of "did not understand"."""
    if "did not understand" not in message and "no part" not in message:
        return None
    for noun, (needs, example) in _NEEDS.items():
        if re.search(rf"\b{noun}s?\b", prompt, re.I):
            return f"a {noun} needs its sizes: {needs}", example
    return None


def explain_for_cli(error: dict[str, Any] | None, prompt: str = "") -> dict[str, Any] | None:
    """As :func:`explain`, with the operator advice kept in ``message``: at a terminal the user is the operator."""
    explained = explain(error, prompt)
    if not explained:
        return explained
    admin = explained.pop("admin", None)
    if admin:
        explained["message"] = f"{explained['message']}. {admin[0].upper()}{admin[1:]}"
    return explained
