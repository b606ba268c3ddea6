"""Typed clauses -> CAD plan operations: each action is one function acting on the part so far.

``create`` starts the part; ``join`` unions a primitive placed by the location algebra; ``cut`` drills holes, cuts
slots/pockets or subtracts a placed primitive; ``fillet``/``chamfer`` take an edge class; ``sketch`` + ``extrude``
make a body from an outline on a plane. Anything a clause leaves unsaid that changes the part is refused; every
convention applied is recorded in the plan's assumptions.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.planning.bodies import body_size
from ai_designer.planning.brackets_compose import bracket_action
from ai_designer.planning.build import (
    BODY_DIMS,
    PLACE,
    Build,
    only_uses,
    part_frame,
    primitive,
    single_size,
    stack_z,
)
from ai_designer.planning.compose_bends import BEND_ACTIONS
from ai_designer.planning.compose_centres import at_centre, sphere_face_centre
from ai_designer.planning.compose_codegen import CODEGEN_ACTIONS
from ai_designer.planning.compose_edgesets import edges_along
from ai_designer.planning.compose_extent import all_through, extent, hollow, mark_extent
from ai_designer.planning.compose_extrude import extrude, sketch
from ai_designer.planning.compose_hobby import box_as_tray, merge_said_it
from ai_designer.planning.compose_holewords import (
    bore_rims,
    cut_corners,
    face_checked,
    legs_corner,
    mark_holewords,
    rim_edge,
    slot_across,
    wall_hole,
)
from ai_designer.planning.compose_hubs import boss_top_edge, hub_clause, hub_guard, hub_hole
from ai_designer.planning.compose_joins import (
    bodies,
    bridge,
    join_each_end,
    join_points,
    same_sizes,
    slice_off,
)
from ai_designer.planning.compose_joins8 import (
    JOINS8_ACTIONS,
    axis_bores,
    band_frames,
    common_pairs,
    origin_bodies,
)
from ai_designer.planning.compose_joins9 import JOINS9_ACTIONS, wheels
from ai_designer.planning.compose_joins9_lofts import role_lofts
from ai_designer.planning.compose_openers import OPENER_ACTIONS, said_checks
from ai_designer.planning.compose_partends import end_row
from ai_designer.planning.compose_partnouns import PARTNOUN_ACTIONS, holds_last
from ai_designer.planning.compose_partrefs import PARTREF_ACTIONS, mark_names, named_cut
from ai_designer.planning.compose_plainspeak import PLAINSPEAK_ACTIONS
from ai_designer.planning.compose_profiles import PROFILE_ACTIONS
from ai_designer.planning.compose_recesses import RECESS_ACTIONS, mark_recesses
from ai_designer.planning.compose_revolve import ALL_SWEEP_ACTIONS
from ai_designer.planning.compose_said import merge_said
from ai_designer.planning.compose_shapes import SHAPE_ACTIONS, dimple, shape_words
from ai_designer.planning.compose_shop import finish_facts, finish_lathe, lathe_action, shop_fact
from ai_designer.planning.compose_shop8 import SHOP8_ACTIONS, axis_hole, merge_posts
from ai_designer.planning.compose_shop8_brackets import BRACKET8_ACTIONS, merge_bracket_legs
from ai_designer.planning.compose_shopparts import LID_ACTIONS, merge_shopparts
from ai_designer.planning.compose_sideholes import SIDEHOLE_ACTIONS, mark_cross
from ai_designer.planning.compose_sketch import SKETCH_ACTIONS, create_from_origin
from ai_designer.planning.compose_stacking import stack_levels
from ai_designer.planning.compose_steps import STEP_ACTIONS, before_step, junction_edge, prepare
from ai_designer.planning.compose_steps2 import STEP2_ACTIONS, expand
from ai_designer.planning.compose_steps8 import STEP8_ACTIONS, steps8
from ai_designer.planning.compose_steps9 import purpose, steps9, through_bodies
from ai_designer.planning.compose_sweep_words import outline_pocket
from ai_designer.planning.compose_sweeps import merge_facts
from ai_designer.planning.compose_torus import torus_around
from ai_designer.planning.compose_turns import TURN_ACTIONS, merge_bends
from ai_designer.planning.compose_unions import (
    create_placed,
    hole_list,
    intersect,
    join_placed,
    origin_as_coords,
    placed_first,
    placed_join,
    through_as_hole,
)
from ai_designer.planning.cuts_compose import counterbore_existing, cut
from ai_designer.planning.locate import resolve_axis
from ai_designer.planning.pads import before_holes, bore_ends, named_body_edges, top_of_joined
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.planning.stock_compose import flanged_action, stock_action
from ai_designer.planning.trays_compose import finish_tray, settle_tray, tray_action
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Chamfer,
    Fillet,
    Hole,
)

__all__ = ["ACTIONS", "Build", "compose"]


def _create(b: Build, clause: Clause) -> None:
    if clause.has("hub"):
        clause = hub_clause(b, clause)
    if b.current is not None:
        if any(loc.kind in ("on_top", "under", "centre_at") for loc in clause.locs) or sphere_face_centre(clause) \
                is not clause:
            _join(b, clause)
            return
        if clause.has("each_end_face"):
            join_each_end(b, clause)
            return
        raise reject("a second separate body — say how it attaches (e.g. 'on top of the block')")
    if clause.has("anchor"):
        return create_from_origin(b, clause)
    if placed_first(clause):
        create_placed(b, clause)
        return
    only_uses(clause, {"coord", "centre"}, BODY_DIMS)
    size = body_size(clause, b.assumptions)
    xy = [0.0, 0.0]
    for loc in clause.locs:
        if loc.kind == "coord" and loc.axes[0] < 2:
            xy[loc.axes[0]] = float(loc.value or 0.0)
    b.add(primitive(b, size, (xy[0], xy[1]), 0.0))


def _join(b: Build, clause: Clause) -> None:
    if clause.has("hub"):
        clause = hub_clause(b, clause)
    clause = sphere_face_centre(same_sizes(b, clause))
    if clause.has("centre_at"):
        at_centre(b, clause, "union")
        return
    if clause.has("each_end_face"):
        join_each_end(b, clause)
        return
    if placed_join(clause):
        join_placed(b, clause)
        return
    only_uses(clause, PLACE | {"on_top", "under"}, BODY_DIMS)
    size = body_size(clause, b.assumptions)
    lo, hi = b.box()
    frame = part_frame(b, lo, hi, size.dims, round_object=size.kind != "box")
    what = clause.noun.kind if clause.noun else "body"
    centre = (resolve_axis(frame, clause.locs, 0, b.assumptions, what),
              resolve_axis(frame, clause.locs, 1, b.assumptions, what))
    if any(abs(centre[k] - (lo[k] + hi[k]) / 2) >= (hi[k] - lo[k] + size.dims[k]) / 2 - 1e-9 for k in (0, 1)):
        raise ambiguous(f"the {what} at ({centre[0]:g}, {centre[1]:g}) does not reach the part: they would be "
                        "separate solids")
    tool = primitive(b, size, centre, stack_z(b, clause, size, lo, hi))
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[tool.id]))


_BOX_EDGE_COUNTS = {"all": 12, "vertical": 4, "top": 4, "bottom": 4, "top_outer": 4, "bottom_outer": 4}


def _cut(b: Build, clause: Clause) -> None:
    kind = clause.noun.kind if clause.noun else ""
    if b.current is None and kind not in ("hole", "slot", "pocket", "groove"):
        _create(b, clause)  # "cut a bar 100 long …" from stock: the first body
        return
    if clause.has("centre_at"):
        at_centre(b, clause, "cut")
        return
    if clause.has("hub_axis"):
        clause = hub_hole(b, clause)
    for one in hole_list(clause):
        cut(b, through_as_hole(origin_as_coords(one, 3)))


def _joined(b: Build) -> bool:
    """The part so far is made of several bodies (a union is among its operations)."""
    return any(isinstance(op, Boolean) and op.kind == "union" for op in b.ops)


def _check_edge_count(b: Build, clause: Clause, edges: str) -> None:
    """"the four vertical edges": a count must match what the selector takes, or the words mean other edges."""
    loc = clause.loc("edges")
    if loc is None or loc.value is None:
        return
    op = next(o for o in b.ops if o.id == b.current)
    while isinstance(op, Hole) and edges == "vertical":  # holes add no vertical edges between two faces
        op = next(o for o in b.ops if o.id == op.target)
    if not isinstance(op, Box) or _BOX_EDGE_COUNTS.get(edges) != int(loc.value):
        raise ambiguous(f"'{int(loc.value)} {edges} edges' does not match the edges of this part that the offline "
                     "planner can select")


def _edge(b: Build, clause: Clause) -> None:
    only_uses(clause, {"edges", "keep_sharp", "face"}, {"radius"}, max_sizes=1)
    if clause.action == "chamfer" and clause.measure("radius") is not None:
        # "chamfer the vertical edges to R8" built an 8 mm chamfer: R says a fillet, "chamfer" a bevel
        raise ambiguous("a chamfer given as a radius ('R'): a chamfer has no radius — say a fillet of that radius, "
                        "or the chamfer's size (e.g. '2 mm chamfer')")
    size = single_size(clause, "radius", "size")
    if size is None:
        raise reject(f"the {clause.action} size is not given (say e.g. '2 mm')")
    target = b.current or ""
    edges = clause.edges or "all"
    loc = clause.loc("edges")
    if edges == "bore_ends":
        edges = bore_ends(b)
    if edges.startswith("junction"):
        only_uses(clause, {"edges"}, {"radius"}, max_sizes=1)
        return junction_edge(b, clause, size, edges)
    faces = [lc.face for lc in clause.locs if lc.kind == "face"]
    if edges == "outside" and faces in (["top"], ["bottom"]) and not clause.has("keep_sharp"):
        edges, faces = f"{faces[0]}_outer", []  # "the outside edge on the top face"
    elif edges == "outside" or clause.has("keep_sharp"):
        if edges not in ("all", "outside"):
            raise reject("'hole edges sharp' goes with a finish on all the outside edges only, offline")
        before_holes(b, clause.action, size)
        return
    if faces or edges == "outside":
        raise reject("edges named by a face are selected offline only as 'the outside edge on the top face'")
    if loc is not None and loc.named and not loc.values and _joined(b):
        edges = named_body_edges(b, edges, loc.named)
    if loc is not None and loc.values:
        if boss_top_edge(b, clause.action, size, edges, loc.values[0]):
            return
        edges = top_of_joined(b, edges, loc.values[0])
    else:
        _check_edge_count(b, clause, edges)
    if clause.action == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=target, radius=size, edges=edges))  # type: ignore[arg-type]
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=target, size=size, edges=edges))  # type: ignore[arg-type]


def _outline_pocket(b: Build, clause: Clause) -> None:
    """A pocket following the part's outline (compose_sweep_words.py); a block's is ``offset_pocket``'s."""
    outline_pocket(b, clause, SKETCH_ACTIONS["offset_pocket"])


ACTIONS: dict[str, Callable[[Build, Clause], None]] = {
    "create": _create, "join": _join, "cut": _cut, "counterbore": counterbore_existing, "fillet": _edge, "chamfer": _edge, "sketch": sketch,
    "extrude": extrude,
    **ALL_SWEEP_ACTIONS, **SKETCH_ACTIONS, **PROFILE_ACTIONS, **BEND_ACTIONS, "outline_pocket": _outline_pocket,
    "create_many": hub_guard(bodies), "intersect": intersect, "bridge": bridge,
    "slice": slice_off, "join_points": join_points, "torus_around": torus_around,
    "lathe": lathe_action, **CODEGEN_ACTIONS,
    "tray": tray_action,
    "shop_fact": shop_fact,
    "bracket": bracket_action,
    "stock": stock_action,
    "flanged": flanged_action,
    **STEP_ACTIONS, **STEP2_ACTIONS, **LID_ACTIONS, **STEP8_ACTIONS,
    **PLAINSPEAK_ACTIONS, **TURN_ACTIONS,
    **RECESS_ACTIONS,
    "es_edges": lambda b, clause: edges_along(b, clause, ACTIONS),
    **SIDEHOLE_ACTIONS,
    **OPENER_ACTIONS,
    "extent": lambda b, clause: extent(b, clause, ACTIONS),
    "ext_all_through": all_through,
    "ext_hollow": hollow,
    **SHAPE_ACTIONS,
    "shp_dimple": lambda b, clause: dimple(b, clause, ACTIONS),
    **PARTREF_ACTIONS,
    **PARTNOUN_ACTIONS,
    "pr_cut": lambda b, clause: named_cut(b, clause, ACTIONS),
    "pr_end_row": lambda b, clause: end_row(b, clause, ACTIONS),
    "hw_wall_hole": lambda b, clause: wall_hole(b, clause, ACTIONS),
    "hw_face_checked": lambda b, clause: face_checked(b, clause, ACTIONS),
    "hw_cut_corners": cut_corners,
    "hw_bore_rims": bore_rims,
    "hw_legs_corner": legs_corner,
    "hw_slot_across": slot_across,
    "hw_rim": rim_edge,
    **SHOP8_ACTIONS, **BRACKET8_ACTIONS,
    "s8_axis_hole": lambda b, clause: axis_hole(b, clause, ACTIONS),
    **JOINS8_ACTIONS, **JOINS9_ACTIONS,
    "s9_through_bodies": lambda b, clause: through_bodies(b, clause, ACTIONS),
    "s9_purpose": lambda b, clause: purpose(b, clause, ACTIONS),
}


# Passes over the clause list before composing, in order: each gathers clauses that belong together (a part said
# over several sentences, a stack and its levels, sizes said after the body, facts about the last operation).
_PASSES: tuple[Callable[[list[Clause]], list[Clause]], ...] = (
    wheels, role_lofts,
    expand,
    merge_bracket_legs,
    merge_shopparts,
    stack_levels,
    merge_said_it,
    box_as_tray,
    merge_said,
    mark_cross,
    prepare,
    merge_facts,
    merge_bends,
    mark_recesses, steps8, steps9,
    axis_bores, band_frames, origin_bodies, common_pairs,
    said_checks, mark_extent, shape_words, mark_names, mark_holewords, merge_posts, holds_last,
)


def _passes(clauses: list[Clause]) -> list[Clause]:
    for step in _PASSES:
        clauses = step(clauses)
    return clauses


def compose(clauses: list[Clause]) -> Build:
    """Apply each clause in order; the result's ``ops`` end with the finished part."""
    b = Build()
    for clause in _passes(clauses):
        if b.group and clause.action != "bridge":
            raise ambiguous("bodies that do not touch must be joined next (e.g. 'join them with a 10 x 10 bar …')")
        action = ACTIONS.get(clause.action)
        if action is None:
            raise reject(f"'{clause.action}' is not supported by the offline planner yet")
        before_step(b, clause)
        if clause.action != "tray":
            settle_tray(b)
        action(b, clause)
    finish_lathe(b)
    finish_tray(b)
    finish_facts(b)
    if b.sketch is not None:
        raise reject("the sketch is never extruded (say e.g. 'extrude it 10 mm')")
    if b.group:
        raise ambiguous("the bodies do not touch and nothing joins them: they would be separate solids")
    if not b.ops:
        raise reject("nothing to build")
    return b

