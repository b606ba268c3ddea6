"""Compare the measured solid with the plan's intent, check by check.

A design is reported as succeeded only when every ``error``-severity check passes. Each failed check says expected vs
actual so the refine loop (and a person) can see what to change.
"""

from __future__ import annotations

from ai_designer.schemas.task_graph import CADPlan, Hole
from ai_designer.schemas.validation import Check, GeometryReport, ValidationReport

__all__ = ["validate", "expected_hole_count"]


def expected_hole_count(plan: CADPlan) -> int:
    return sum(len(op.at.resolve()) for op in plan.operations if isinstance(op, Hole))


def validate(plan: CADPlan, geometry: GeometryReport) -> ValidationReport:
    intent = plan.intent
    checks: list[Check] = []

    failed = [f for f in geometry.features if not f.ok]
    checks.append(Check(
        name="features_recomputed", passed=not failed, expected="all features valid",
        actual=[f"{f.label}: {f.message or ','.join(f.state)}" for f in failed] or "all valid",
        message="FreeCAD could not build: " + "; ".join(f"{f.label} ({f.message or 'invalid'})" for f in failed)
        if failed else "every feature recomputed"))
    checks.append(Check(name="valid_solid", passed=geometry.valid, expected=True, actual=geometry.valid,
                        message="the shape is a valid B-rep" if geometry.valid else
                        "the shape is not valid (often a fillet or chamfer too large for its edge)"))
    checks.append(Check(name="closed", passed=geometry.closed, expected=True, actual=geometry.closed,
                        message="the solid is watertight" if geometry.closed else "the shape is not closed"))
    checks.append(Check(name="solids", passed=geometry.solids == intent.solids, expected=intent.solids,
                        actual=geometry.solids,
                        message=f"{geometry.solids} solid(s)" + ("" if geometry.solids == intent.solids else
                                 f", expected {intent.solids} (features may have split or emptied the part)")))
    checks.append(Check(name="volume_positive", passed=geometry.volume > 1e-6, expected="> 0",
                        actual=round(geometry.volume, 4),
                        message="the part has material" if geometry.volume > 1e-6 else "the part has no volume"))

    if intent.bbox is not None:
        deltas = [abs(a - e) for a, e in zip(geometry.bbox, intent.bbox, strict=True)]
        tol = [max(intent.bbox_tolerance, 0.001 * e) for e in intent.bbox]
        ok = all(d <= t for d, t in zip(deltas, tol, strict=True))
        axes = [ax for ax, d, t in zip("XYZ", deltas, tol, strict=True) if d > t]
        checks.append(Check(
            name="bbox", passed=ok, expected=[round(v, 3) for v in intent.bbox],
            actual=[round(v, 3) for v in geometry.bbox],
            message="overall size matches" if ok else f"overall size is off along {', '.join(axes)}"))

    if intent.volume is not None:
        rel = abs(geometry.volume - intent.volume) / intent.volume
        ok = rel <= intent.volume_tolerance
        checks.append(Check(
            name="volume", passed=ok, expected=round(intent.volume, 3), actual=round(geometry.volume, 3),
            message=f"volume within {rel * 100:.2f} %" if ok else
            f"volume off by {rel * 100:.1f} % (tolerance {intent.volume_tolerance * 100:g} %)"))

    holes = intent.holes if intent.holes is not None else expected_hole_count(plan) or None
    if holes:
        ok = geometry.cylindrical_faces >= holes
        checks.append(Check(
            name="holes", passed=ok, expected=f">= {holes} cylindrical faces", actual=geometry.cylindrical_faces,
            message=f"{holes} hole(s) present" if ok else "some holes are missing (a hole may miss the part)"))

    for msg in geometry.check_messages:
        checks.append(Check(name="shape_check", passed=True, severity="warning", message=msg))

    return ValidationReport(passed=all(c.passed for c in checks if c.severity == "error"), checks=checks)
