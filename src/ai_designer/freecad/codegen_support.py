"""Building blocks of the generator: the script being written, parameter registration and expression arithmetic.

A generated script is parametric: every dimension the plan gives becomes a cell of the ``Params`` spreadsheet (alias
``<op id>_<field>``) and the features read it through FreeCAD expressions. Positions on faces are expressions too,
relative to ``<target>.Shape.BoundBox``, so a part that grows keeps its holes where the plan put them.

Expressions are linear combinations built here with numeric coefficients (rotations are fixed at compile time), e.g.
``plate.Shape.BoundBox.Center.x - 0.5 * Params.holes_spacing_x``. FreeCAD's expression trigonometry is in degrees.
"""

from __future__ import annotations

import builtins
import keyword
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ai_designer.cad.extents import Extents
from ai_designer.freecad.policy import DENIED_ATTRIBUTES, DENIED_NAMES
from ai_designer.schemas.task_graph import CADPlan, Placement

__all__ = ["Script", "Frame", "FACES", "num", "lin", "rotation_matrix", "apply", "rotation_args", "one_line"]

Term = tuple[float, str]

#: Names a script must not rebind (the job namespace) and names FreeCAD gives its own helper objects.
_RESERVED = {"doc", "App", "FreeCAD", "Part", "Vector", "Placement", "Rotation", "math", "cad", "result", "params",
             "Sketcher", "Params", "Origin", "X_Axis", "Y_Axis", "Z_Axis", "XY_Plane", "XZ_Plane", "YZ_Plane",
             "BaseFeature", "Body", "Fillet", "Chamfer", "shape", "inputs"}

#: Words FreeCAD's expression parser reads as units, constants or functions: an object named ``t`` (tonne) or ``h``
#: (hour) cannot be referenced in an expression, so such ids get a ``_`` suffix.
_EXPRESSION_TEXT = """
nm um mm cm dm m km mil in ft thou yd mi ug mg g kg t oz lb st cwt s min h A mA kA MA K mK uK mol mmol cd l ml cl
N kN MN mN Pa kPa MPa GPa psi ksi W mW kW VA J mJ kJ Ws kWh eV keV MeV cal kcal V mV kV MV C F uF nF pF mF H mH uH
bar mbar lbf lbm T G Wb Ohm kOhm MOhm S mS uS kS deg rad gon M Hz kHz MHz GHz mph sqft cft pi e
abs acos asin atan atan2 ceil cos cosh exp floor log log10 mod pow round sin sinh sqrt tan tanh trunc max sum
average count stddev hypot cath create list tuple matrix placement rotation vector translation rotationx
rotationy rotationz str href parse minvert
"""
_EXPRESSION_WORDS = frozenset(_EXPRESSION_TEXT.split())


def one_line(text: str, limit: int = 200) -> str:
    """Plan text (names, descriptions, assumptions) made safe for a ``#`` comment: one line, bounded."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def num(x: float) -> str:
    """A compact, exact-enough literal (12 significant digits; ``-0`` printed as ``0``)."""
    if abs(x) < 1e-12:
        return "0"
    text = f"{x:.12g}"
    return text


def lin(const: float | str, terms: Sequence[Term] = ()) -> str:
    """``c1 * e1 + c2 * e2 … + const`` as FreeCAD expression text, dropping zero terms."""
    parts: list[str] = []
    if isinstance(const, str):
        parts.append(const)
    for coef, expr in terms:
        if abs(coef) < 1e-12:
            continue
        sign = "-" if coef < 0 else "+"
        mag = abs(coef)
        body = expr if abs(mag - 1) < 1e-12 else f"{num(mag)} * {expr}"
        if not parts:
            parts.append(body if sign == "+" else f"-{body}")
        else:
            parts.append(f"{sign} {body}")
    if not isinstance(const, str) and abs(const) > 1e-12:  # the constant reads best last: "ZMax - 1"
        parts.append(num(const) if not parts else f"{'-' if const < 0 else '+'} {num(abs(const))}")
    return " ".join(parts) if parts else "0"


Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]


def rotation_matrix(rx: float, ry: float, rz: float) -> Matrix:
    """Rotation about X, then Y, then Z (degrees, fixed axes): ``Rz @ Ry @ Rx`` (FreeCAD yaw-pitch-roll)."""
    a, b, c = (math.radians(v) for v in (rx, ry, rz))
    ca, sa, cb, sb, cc, sc = math.cos(a), math.sin(a), math.cos(b), math.sin(b), math.cos(c), math.sin(c)
    return ((cc * cb, cc * sb * sa - sc * ca, cc * sb * ca + sc * sa),
            (sc * cb, sc * sb * sa + cc * ca, sc * sb * ca - cc * sa),
            (-sb, cb * sa, cb * ca))


def apply(m: Matrix, v: Sequence[float]) -> tuple[float, float, float]:
    return (m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2])


def rotation_args(p: Placement) -> str:
    """``Rotation(...)`` source for a plan placement (yaw = Z, pitch = Y, roll = X)."""
    rx, ry, rz = p.rotate
    return f"Rotation({num(rz)}, {num(ry)}, {num(rx)})"


@dataclass(frozen=True)
class Frame:
    """A bounding-box face: ``u``/``v`` world axes of the plan's [u, v] positions, the outward normal axis and sign,
    and ``w_sign`` = the direction of u x v along that axis (tools are built along local Z = u x v)."""

    name: str
    u: int
    v: int
    axis: int
    outward: int  # +1: the face is at the axis maximum
    rotation: str  # Rotation(...) mapping local X, Y, Z to u, v, u x v

    @property
    def w_sign(self) -> int:
        cross = {(0, 1): (2, 1), (0, 2): (1, -1), (1, 2): (0, 1)}[(self.u, self.v)]
        return cross[1]

    @property
    def s(self) -> int:
        """+1 when local Z (u x v) points out of the part, -1 when it points in."""
        return self.w_sign * self.outward


_ROT_UV = {(0, 1): "Rotation()", (0, 2): "Rotation(Vector(1, 0, 0), 90)", (1, 2): "Rotation(Vector(1, 1, 1), 120)"}
FACES = {
    name: Frame(name, u, v, axis, outward, _ROT_UV[(u, v)])
    for name, (u, v, axis, outward) in {
        "top": (0, 1, 2, 1), "bottom": (0, 1, 2, -1), "front": (0, 2, 1, -1), "back": (0, 2, 1, 1),
        "left": (1, 2, 0, -1), "right": (1, 2, 0, 1),
    }.items()
}
AXES = "xyz"
AXES_UP = "XYZ"


@dataclass
class Script:
    """The script being written: lines, spreadsheet rows, object names, and the checks ``cad.verify`` runs."""

    plan: CADPlan
    lines: list[str] = field(default_factory=list)
    params: list[tuple[str, float, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    objects: dict[str, str] = field(default_factory=dict)  # op id -> variable (= FreeCAD name) of its result
    checks: list[str] = field(default_factory=list)
    tools: dict[str, list[str]] = field(default_factory=dict)  # feature id -> variables of its tool solids
    extents: dict[str, Extents | None] = field(default_factory=dict)  # analytic boxes, for compile-time checks

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def name(self, wanted: str) -> str:
        """A unique identifier usable both as a Python variable and as a FreeCAD object name. Ids the job sandbox
        refuses as names (``os``, ``socket``, ``builtins`` …), builtin names and keywords get a ``_`` suffix."""
        clash = (wanted in _RESERVED or wanted in _EXPRESSION_WORDS or keyword.iskeyword(wanted)
                 or hasattr(builtins, wanted) or wanted in DENIED_NAMES or wanted in DENIED_ATTRIBUTES)
        base = f"{wanted}_" if clash else wanted
        candidate, n = base, 1
        while candidate in self.names:
            n += 1
            candidate = f"{base}{n}"
        self.names.add(candidate)
        return candidate

    def param(self, op_id: str, fieldname: str, value: float, note: str) -> str:
        """Register spreadsheet cell ``<op_id>_<fieldname>`` and return the expression reading it."""
        alias = f"{op_id}_{fieldname}"
        if not any(a == alias for a, _, _ in self.params):
            self.params.append((alias, float(value), note))
        return f"Params.{alias}"

    def add(self, var: str, type_id: str, label: str | None = None) -> None:
        self.emit(f"{var} = doc.addObject({type_id!r}, {var!r})")
        if label and label != var:
            self.emit(f"{var}.Label = {label!r}")

    def bind(self, var: str, prop: str, expr: str) -> None:
        self.emit(f"{var}.setExpression({prop!r}, {expr!r})")

    def ref(self, op_id: str) -> str:
        return self.objects[op_id]

    def bbox(self, var: str, attr: str) -> str:
        return f"{var}.Shape.BoundBox.{attr}"
