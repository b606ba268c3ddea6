"""A torus around the upright round part (one cylinder standing on Z; around a cone the ring would meet a slope): "a torus around it at half height,
centre-line diameter 44, tube diameter 8". The ring is coaxial with the part (its axis is the part's), its middle at
the height the words give (half the body's height, a model Z, or a distance above the body's base); it must cut into
the body (a ring clear of it would be a separate solid, one buried inside it adds nothing).
"""

from __future__ import annotations

from ai_designer.planning.build import Build, only_uses
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Boolean, Cone, Cylinder, Placement, Torus

__all__ = ["torus_around"]


def _ring(clause: Clause) -> tuple[float, float]:
    """Centre-line and tube diameters from what is said (centre line + tube, or outside + inside diameters)."""
    said = {m.dim: m.value for m in clause.named("major_diameter", "minor_diameter", "od", "id")}
    if len(said) != len(clause.named("major_diameter", "minor_diameter", "od", "id")):
        raise ambiguous("a size of the ring is given twice")
    if set(said) == {"major_diameter", "minor_diameter"}:
        return said["major_diameter"], said["minor_diameter"]
    if set(said) == {"od", "id"}:
        return (said["od"] + said["id"]) / 2, (said["od"] - said["id"]) / 2
    raise ambiguous("the ring needs its centre-line diameter and its tube diameter (or its outside and inside "
                    "diameters), each once")


def _host(b: Build, clause: Clause) -> Cylinder | Cone:
    """The upright round body the ring goes around: the part's first body, which the part must be made of."""
    first = b.ops[0] if b.ops else None
    if not isinstance(first, (Cylinder, Cone)) or first.placement.rotate != (0.0, 0.0, 0.0) or len(b.ops) != 1:
        raise ambiguous("a ring 'around' a part goes around one upright cylinder, offline")
    named = clause.loc("host")
    kind = "cone" if isinstance(first, Cone) else "cylinder"
    if named is not None and named.face != kind:
        raise ambiguous(f"the ring goes around a {named.face}, but the part is a {kind}")
    return first


def torus_around(b: Build, clause: Clause) -> None:
    only_uses(clause, {"torus_z", "coaxial", "host"}, {"major_diameter", "minor_diameter", "od", "id"}, max_sizes=0)
    major, tube = _ring(clause)
    if tube >= major:
        raise ambiguous(f"the ring's tube ({tube:g} mm) is not smaller than its centre line ({major:g} mm)")
    host = _host(b, clause)
    base, height = host.placement.at[2], host.height
    heights = []
    for loc in (c for c in clause.locs if c.kind == "torus_z"):
        heights.append(base + height / 2 if loc.face == "mid" else
                       base + float(loc.value or 0.0) if loc.face == "base" else float(loc.value or 0.0))
    if not heights or any(abs(h - heights[0]) > 1e-6 for h in heights):
        raise ambiguous("the ring's height is not given, or given two different ways (say e.g. 'at half height')")
    z = heights[0]
    radius = host.diameter / 2 if isinstance(host, Cylinder) else None
    if radius is None:
        raise ambiguous("a ring around a cone: where it meets the cone's slope is not read offline")
    if not base < z < base + height:
        raise ambiguous("the ring's middle is not within the body's height")
    if major / 2 - tube / 2 >= radius - 1e-9:
        raise ambiguous("the ring does not reach the body: they would be separate solids")
    if major / 2 + tube / 2 <= radius + 1e-9:
        raise ambiguous("the ring lies inside the body: it would add nothing")
    ring = Torus(id=b.new_id("torus"), major_diameter=major, minor_diameter=tube,
                 placement=Placement(at=(host.placement.at[0], host.placement.at[1], z - tube / 2)))
    base_id = b.current or ""
    b.add(ring, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base_id, tools=[ring.id]))
