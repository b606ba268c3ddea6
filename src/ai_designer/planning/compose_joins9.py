"""Wheels (``joins9`` block, ``semantics_joins9.py``): a ring lying flat, straight spokes across it crossing at its
centre, and a hub where they cross, all joined into one solid.

``wheels`` (a pass) joins a ring clause, the spokes clause right after it and an optional hub clause after those into
one ``w9_wheel`` clause; a ring or spokes said without the other are refused. ``w9_wheel`` builds the ring centred on
the origin in the XY plane, the spokes as cylinders centred on the origin in the ring's plane, equally spaced by the
angle said, and the hub on the Z axis. What a wheel needs and is not said — the spokes' size, length, that they
cross at the centre, the angle between them — is refused by name, never guessed; spokes that do not reach the ring
(a separate solid) and a hub not centred on the ring's plane are refused too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Boolean, Cylinder, Placement, Sphere, Torus

__all__ = ["JOINS9_ACTIONS", "wheels"]

_PARTS = ("w9_rim", "w9_spokes", "w9_hub")
#: A spoke ending on the ring's centre line has its end face on a cross-section of the tube; when the spoke is as
#: thick as the tube, FreeCAD's fuse of those coincident faces loses the ring or the whole solid (a Ø12 spoke in a
#: 30/6 torus). Each such end is ended this much short, inside the tube: the union changes by far less than 0.001 mm³.
_BURIED = 0.01


def wheels(clauses: list[Clause]) -> list[Clause]:
    """A ring, then its spokes, then (optionally) a hub: one wheel."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if c.action == "w9_about":
            if i + 1 >= len(clauses) or clauses[i + 1].action != "w9_rim":
                raise reject("a wheel described is read offline only when its ring is said right after")
            i += 1
            continue
        if c.action == "w9_rim" and i + 1 < len(clauses) and clauses[i + 1].action == "w9_spokes":
            hub = clauses[i + 2:i + 3]
            parts = [c, clauses[i + 1], *(h for h in hub if h.action == "w9_hub")]
            out.append(Clause("w9_wheel", parts=parts))
            i += len(parts)
            continue
        if c.action in _PARTS:
            raise reject("a wheel is read offline as its ring, then its spokes, then its hub (a ring without spokes, "
                         "or spokes or a hub without a ring, are not read)")
        out.append(c)
        i += 1
    return out


def _spoke_sizes(spokes: Clause, major: float, tube: float) -> tuple[float, float, float]:
    """Each spoke's diameter and length and the angle between neighbours, each said (or refused by name)."""
    dias, lengths = spokes.named("diameter"), spokes.named("length")
    missing = [w for w, said in (("diameter", dias), ("length", lengths)) if not said]
    if missing:
        raise reject(f"the spokes' {' and '.join(missing)} is not said")
    if len({m.value for m in dias}) > 1 or len({m.value for m in lengths}) > 1:
        raise reject("the spokes' diameter or length is said twice, differently")
    angles = {loc.value for loc in spokes.locs if loc.kind == "w9_angle"}
    if not spokes.has("w9_centred"):
        raise reject("where the spokes cross is not said (e.g. 'crossing at the centre')")
    if len(angles) != 1:
        raise reject("the angle between the spokes is not said (e.g. 'at right angles')")
    angle, count, length = float(angles.pop() or 0.0), spokes.noun.count if spokes.noun else 0, lengths[0].value
    if abs(angle * count - 180.0) > 1e-6:
        raise reject(f"{count} spokes crossing at {angle:g}° are not equally spaced round the wheel")
    if length < major - tube + 1e-6:
        raise reject(f"spokes {length:g} mm long do not reach the ring (its inside is {major - tube:g} mm across)")
    if spokes.has("w9_rim_to_rim") and abs(length - major) > 1e-6:
        raise reject(f"the spokes run from the ring's centre line to the other side ({major:g} mm), but are said "
                     f"{length:g} mm long")
    return dias[0].value, length, angle


def _hub(b: Build, hub: Clause, tube: float) -> Cylinder | Sphere:
    """The hub on the Z axis: a cylinder whose said span is centred on the ring's plane, or a ball at the centre."""
    noun = hub.noun
    assert noun is not None
    if noun.kind == "sphere":
        d = hub.measure("diameter") or 0.0
        return Sphere(id=b.new_id("hub"), diameter=d, placement=Placement(at=(0.0, 0.0, -d / 2)))
    d, h = hub.measure("diameter") or 0.0, hub.measure("height") or 0.0
    span = hub.loc("w9_span")
    lo, hi = span.values if span else (0.0, 0.0)
    if abs((hi - lo) - h) > 1e-6 or abs(lo + hi) > 1e-6:
        raise reject(f"the hub runs from {lo:g} to {hi:g}: that is not {h:g} tall and centred on the ring's plane")
    return Cylinder(id=b.new_id("hub"), diameter=d, height=h, placement=Placement(at=(0.0, 0.0, lo)))


def w9_wheel(b: Build, clause: Clause) -> None:
    """The ring, each spoke and the hub, joined."""
    if b.ops:
        raise reject("a wheel is read offline only as the whole part")
    rim, spokes, *hub = clause.parts
    major, tube = rim.measure("major_diameter") or 0.0, rim.measure("minor_diameter") or 0.0
    if tube >= major:
        raise reject(f"the ring's tube ({tube:g} mm) is not smaller than its centre line ({major:g} mm)")
    dia, length, angle = _spoke_sizes(spokes, major, tube)
    if dia > tube + 1e-6:
        raise reject(f"spokes {dia:g} mm thick are thicker than the ring's tube ({tube:g} mm): they would stick out")
    ring = Torus(id=b.new_id("rim"), major_diameter=major, minor_diameter=tube,
                 placement=Placement(at=(0.0, 0.0, -tube / 2)))
    if abs(length - major) < 1e-6:
        length -= 2 * _BURIED
    tools: list[Cylinder | Sphere] = []
    for k in range(spokes.noun.count if spokes.noun else 0):
        c, s = math.cos(math.radians(angle * k)), math.sin(math.radians(angle * k))
        tools.append(Cylinder(id=b.new_id("spoke"), diameter=dia, height=length,
                              placement=Placement(at=(-length / 2 * c, -length / 2 * s, 0.0),
                                                  rotate=(0.0, 90.0, angle * k))))
    if hub:
        tools.append(_hub(b, hub[0], tube))
    b.add(ring)
    for tool in tools:
        b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("wheel"), kind="union", base=ring.id, tools=[t.id for t in tools]))

JOINS9_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"w9_wheel": w9_wheel}
