"""Reference solids for blind set I, built directly with FreeCAD's Part API from parts.json.

Run: python3 build_refs.py            -> writes refs.json (volume, sorted bbox per build part)
     python3 build_refs.py --sens     -> also reports how much dropping each named feature changes the figures
"""
import json
import math
import os
import sys

sys.path.append("/usr/lib/freecad-python3/lib")
import FreeCAD  # noqa: E402
import Part  # noqa: E402

V = FreeCAD.Vector
HERE = os.path.dirname(os.path.abspath(__file__))
Z = V(0, 0, 1)
X = V(1, 0, 0)
Y = V(0, 1, 0)


def box(x0, y0, z0, dx, dy, dz):
    return Part.makeBox(dx, dy, dz, V(x0, y0, z0))


def cyl(r, h, x=0, y=0, z=0, d=Z):
    return Part.makeCylinder(r, h, V(x, y, z), d)


def poly_face(pts):
    return Part.Face(Part.makePolygon([V(*p) for p in pts] + [V(*pts[0])]))


def revolve_xz(pts_rz):
    """Revolve a closed (r, z) profile drawn in XZ a full turn about Z."""
    f = poly_face([(r, 0, z) for r, z in pts_rz])
    return f.revolve(V(0, 0, 0), Z, 360)


def obround(cx, cy, L, W, z0, h):
    r = W / 2
    s = box(cx - L / 2 + r, cy - r, z0, L - W, W, h)
    return s.fuse([cyl(r, h, cx - L / 2 + r, cy, z0), cyl(r, h, cx + L / 2 - r, cy, z0)])


def fillet_vertical(shape, r):
    edges = [e for e in shape.Edges if abs(e.Vertexes[0].Z - e.Vertexes[1].Z) > 1e-6]
    return shape.makeFillet(r, edges)


def top_edges(shape, ztop):
    return [e for e in shape.Edges
            if all(abs(v.Z - ztop) < 1e-6 for v in e.Vertexes) and abs(e.BoundBox.ZMin - ztop) < 1e-6]


def csk_cutter(x, y, ztop, r_hole, r_csk, depth_below=None, extra=1.0):
    """90-degree countersink cone (plus clearance above the surface) at (x, y), surface at ztop."""
    h = r_csk - r_hole  # 90 deg included: depth = radial step
    return Part.makeCone(r_hole, r_csk + extra, h + extra, V(x, y, ztop - h), Z)


# --------------------------------------------------------------------------------------------
B = {}


def part(pid):
    def deco(fn):
        B[pid] = fn
        return fn
    return deco


@part("I001")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    i = d["inset"]
    if on("corner_holes"):
        for x in (i, d["L"] - i):
            for y in (i, d["W"] - i):
                s = s.cut(cyl(d["d_corner"] / 2, d["T"], x, y))
    if on("centre_hole"):
        s = s.cut(cyl(d["d_centre"] / 2, d["T"], d["L"] / 2, d["W"] / 2))
    return s


@part("I002")
def _(d, on):
    s = cyl(d["d1"] / 2, d["l1"])
    z = d["l1"]
    s = s.fuse(cyl(d["d2"] / 2 if on("step2") else d["d1"] / 2, d["l2"], z=z))
    s = s.fuse(cyl(d["d3"] / 2 if on("step3") else d["d1"] / 2, d["l3"], z=z + d["l2"]))
    if on("groove"):
        g0 = z + d["groove_from_shoulder"]
        ring = cyl(d["d1"], d["groove_w"], z=g0).cut(cyl(d["groove_d"] / 2, d["groove_w"], z=g0))
        s = s.cut(ring)
    return s


@part("I003")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("pocket"):
        s = s.cut(box((d["L"] - d["pL"]) / 2, (d["W"] - d["pW"]) / 2, d["H"] - d["pD"], d["pL"], d["pW"], d["pD"]))
    if on("x_hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["L"], 0, d["W"] / 2, d["hole_z"], X))
    return s


@part("I004")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["D"], d["T"])
    if on("upright"):
        s = s.fuse(box(0, d["D"] - d["T"], 0, d["L"], d["T"], d["H"]))
    xs = (d["hole_x_in"], d["L"] - d["hole_x_in"])
    if on("base_holes"):
        for x in xs:
            s = s.cut(cyl(d["d_base"] / 2, d["T"], x, d["base_hole_y"]))
    if on("upright_holes") and on("upright"):
        for x in xs:
            s = s.cut(cyl(d["d_up"] / 2, d["T"], x, d["D"] - d["T"], d["up_hole_z"], Y))
    return s


@part("I005")
def _(d, on):
    s = cyl(d["D"] / 2, d["T"])
    if on("hub"):
        s = s.fuse(cyl(d["d_hub"] / 2, d["hub_h"], z=d["T"]))
    H = d["T"] + d["hub_h"]
    if on("bore"):
        s = s.cut(cyl(d["bore"] / 2, H))
    if on("bolt_holes"):
        for k in range(d["n"]):
            a = 2 * math.pi * k / d["n"]
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], d["pcd"] / 2 * math.cos(a), d["pcd"] / 2 * math.sin(a)))
    return s


@part("I006")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("corner_radii"):
        s = fillet_vertical(s, d["R"])
    for x in (d["x_in"], d["L"] - d["x_in"]):
        if on("holes"):
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, d["W"] / 2))
        if on("cbores"):
            s = s.cut(cyl(d["d_cb"] / 2, d["cb_depth"], x, d["W"] / 2, d["T"] - d["cb_depth"]))
    return s


@part("I007")
def _(d, on):
    s = cyl(d["d_body"] / 2, d["L"])
    if on("flange"):
        s = s.fuse(cyl(d["d_fl"] / 2, d["t_fl"]))
    if on("bore"):
        s = s.cut(cyl(d["bore"] / 2, d["L"]))
    if on("oil_hole"):
        s = s.cut(cyl(d["d_oil"] / 2, d["d_fl"], 0, 0, d["oil_z"], X))
    return s


@part("I008")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("walls"):
        s = s.fuse([box(0, 0, 0, d["L"], d["T"], d["H"]), box(0, d["W"] - d["T"], 0, d["L"], d["T"], d["H"])])
    if on("slot"):
        s = s.cut(obround(d["L"] / 2, d["W"] / 2, d["slot_L"], d["slot_W"], 0, d["T"]))
    return s


@part("I009")
def _(d, on):
    s = box(-d["L"] / 2, -d["W"] / 2, 0, d["L"], d["W"], d["T"])
    if on("corner_radii"):
        s = fillet_vertical(s, d["R"])
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["T"]))
    if on("csk"):
        s = s.cut(csk_cutter(0, 0, d["T"], d["d_hole"] / 2, d["d_csk"] / 2))
    return s


@part("I010")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("step"):
        s = s.cut(box(d["L"] - d["step_L"], 0, d["H"] - d["step_D"], d["step_L"], d["W"], d["step_D"]))
    if on("thru_hole"):
        s = s.cut(cyl(d["d_thru"] / 2, d["H"], d["L"] - d["step_L"] / 2, d["W"] / 2))
    if on("blind_hole"):
        s = s.cut(cyl(d["d_blind"] / 2, d["blind_depth"], d["blind_x"], d["W"] / 2, d["H"] - d["blind_depth"]))
    return s


@part("I013")
def _(d, on):
    s = box(-d["L"] / 2, -d["W"] / 2, 0, d["L"], d["W"], d["T"])
    if on("pocket"):
        s = s.cut(cyl(d["d_pocket"] / 2, d["pocket_depth"], 0, 0, d["T"] - d["pocket_depth"]))
    if on("holes"):
        for sx in (-1, 1):
            for sy in (-1, 1):
                s = s.cut(cyl(d["d_hole"] / 2, d["T"], sx * d["hx"], sy * d["hy"]))
    return s


@part("I014")
def _(d, on):
    s = cyl(d["d_disc"] / 2, d["t_disc"])
    p = d["post"]
    if on("post"):
        s = s.fuse(box(-p / 2, -p / 2, d["t_disc"], p, p, d["post_h"]))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["t_disc"] + d["post_h"]))
    return s


@part("I015")
def _(d, on):
    a, b, t, w = d["leg_x"], d["leg_z"], d["t"], d["width"]
    f = poly_face([(0, -w / 2, 0), (a, -w / 2, 0), (a, -w / 2, t), (t, -w / 2, t), (t, -w / 2, b), (0, -w / 2, b)])
    s = f.extrude(V(0, w, 0))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, t, d["hole_x"], 0))
    return s


@part("I016")
def _(d, on):
    s = revolve_xz([(0, 0), (d["r1"], 0), (d["r1"], d["h1"]), (d["r2"], d["h1"]), (d["r2"], d["h_total"]),
                    (0, d["h_total"])])
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["hole_depth"]))
    return s


@part("I017")
def _(d, on):
    R = d["af"] / 2 / math.cos(math.radians(30))
    pts = [(R * math.cos(math.radians(60 * k)), R * math.sin(math.radians(60 * k)), 0) for k in range(6)]
    s = poly_face(pts).extrude(V(0, 0, d["T"]))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["T"]))
    return s


@part("I018")
def _(d, on):
    s = obround(0, 0, d["L"], d["W"], 0, d["T"])
    c = d["L"] / 2 - d["W"] / 2
    if on("holes"):
        for x in (-c, c):
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, 0))
    return s


@part("I019")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("block"):
        s = s.fuse(box(0, 0, d["T"], d["blk"], d["blk"], d["blk_h"]))
    if on("cyl"):
        s = s.fuse(cyl(d["d_cyl"] / 2, d["cyl_h"], d["blk"] / 2, d["blk"] / 2, d["T"] + d["blk_h"]))
    return s


@part("I020")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("slot"):
        s = s.cut(box((d["L"] - d["slot_w"]) / 2, 0, d["H"] - d["slot_d"], d["slot_w"], d["W"], d["slot_d"]))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["L"], 0, d["W"] / 2, d["H"] / 2, X))
    return s


@part("I021")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    w = d["wall"]
    if on("pocket"):
        s = s.cut(box(w, w, d["floor"], d["L"] - 2 * w, d["W"] - 2 * w, d["H"] - d["floor"]))
    return s


@part("I023")
def _(d, on):
    s = cyl(d["od"] / 2, d["L"])
    if on("bore"):
        s = s.cut(cyl(d["id"] / 2, d["L"]))
    return s


@part("I024")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    i = d["inset"]
    pts = [(x, y) for x in (i, d["L"] - i) for y in (i, d["W"] - i)]
    if on("standoffs"):
        s = s.fuse([cyl(d["d_so"] / 2, d["h_so"], x, y, d["T"]) for x, y in pts])
    if on("holes"):
        for x, y in pts:
            s = s.cut(cyl(d["d_hole"] / 2, d["T"] + d["h_so"], x, y))
    return s


@part("I025")
def _(d, on):
    h = d["lip_h"]
    s = box(0, 0, h, d["L"], d["W"], d["T"])
    if on("lip"):
        ox, oy, t = (d["L"] - d["lip_L"]) / 2, (d["W"] - d["lip_W"]) / 2, d["lip_t"]
        lip = box(ox, oy, 0, d["lip_L"], d["lip_W"], h).cut(box(ox + t, oy + t, 0, d["lip_L"] - 2 * t,
                                                              d["lip_W"] - 2 * t, h))
        s = s.fuse(lip)
    return s


@part("I026")
def _(d, on):
    s = box(-d["L"] / 2, -d["L"] / 2, 0, d["L"], d["L"], d["T"])
    if on("centre_hole"):
        s = s.cut(cyl(d["d_centre"] / 2, d["T"]))
    if on("holes"):
        p = d["pitch"] / 2
        for sx in (-1, 1):
            for sy in (-1, 1):
                s = s.cut(cyl(d["d_hole"] / 2, d["T"], sx * p, sy * p))
    return s


@part("I027")
def _(d, on):
    s = cyl(d["d"] / 2, d["h"])
    if on("chamfer"):
        s = s.makeChamfer(d["chamfer"], top_edges(s, d["h"]))
    if on("bore"):
        r = d["d_bore"] / 2
        b = cyl(r, d["depth"])
        if on("flat"):
            b = b.common(box(-r, -r, 0, d["flat_to_round"], 2 * r, d["depth"]))
        s = s.cut(b)
    return s


@part("I028")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("holes"):
        x0 = d["L"] / 2 - (d["n"] - 1) / 2 * d["pitch"]
        for k in range(d["n"]):
            s = s.cut(cyl(d["d_hole"] / 2, d["depth"], x0 + k * d["pitch"], d["W"] / 2, d["H"] - d["depth"]))
    return s


@part("I029")
def _(d, on):
    s = cyl(d["d_base"] / 2, d["t_base"])
    top = d["t_base"] + d["h_rod"]
    if on("rod"):
        s = s.fuse(cyl(d["d_rod"] / 2, d["h_rod"], z=d["t_base"]))
    if on("ball"):
        s = s.fuse(Part.makeSphere(d["d_ball"] / 2, V(0, 0, top)))
    return s


@part("I030")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    t = d["t"]
    if on("channel"):
        s = s.cut(box(0, t, t, d["L"], d["W"] - 2 * t, d["H"] - t))
    return s


@part("I033")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    i = d["inset"]
    if on("corner_holes"):
        for x in (i, d["L"] - i):
            for y in (i, d["W"] - i):
                s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, y))
    if on("centre_hole"):
        s = s.cut(cyl(d["d_centre"] / 2, d["T"], d["L"] / 2, d["W"] / 2))
    return s


@part("I034")
def _(d, on):
    big = d["L"] - d["l_small"]
    s = cyl(d["d"] / 2, big)
    s = s.fuse(cyl((d["d_small"] if on("step") else d["d"]) / 2, d["l_small"], z=big))
    if on("groove"):
        z1 = d["L"] - d["groove_from_end"] - d["groove_w"]
        ring = cyl(d["d"], d["groove_w"], z=z1).cut(cyl(d["groove_d"] / 2, d["groove_w"], z=z1))
        s = s.cut(ring)
    return s


@part("I035")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("bore"):
        s = s.cut(cyl(d["bore"] / 2, d["L"], 0, d["W"] / 2, d["H"] / 2, X))
    if on("tap_holes"):
        for x in (d["tap_in"], d["L"] - d["tap_in"]):
            s = s.cut(cyl(d["d_tap"] / 2, d["tap_depth"], x, d["W"] / 2, d["H"] - d["tap_depth"]))
    return s


@part("I036")
def _(d, on):
    b = d["B"]
    s = box(-b / 2, -b / 2, 0, b, b, d["T"])
    if on("boss"):
        s = s.fuse(cyl(d["d_boss"] / 2, d["h_boss"], z=d["T"]))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["T"] + d["h_boss"]))
    if on("bolt_holes"):
        p = d["sq"] / 2
        for sx in (-1, 1):
            for sy in (-1, 1):
                s = s.cut(cyl(d["d_bolt"] / 2, d["T"], sx * p, sy * p))
    return s


@part("I037")
def _(d, on):
    t, L = d["t"], d["L"]
    s = box(0, 0, 0, d["a"], L, t).fuse(box(0, 0, 0, t, L, d["b"]))
    if on("hole_a"):
        s = s.cut(cyl(d["d_hole"] / 2, t, d["ha"], L / 2, 0))
    if on("hole_b"):
        s = s.cut(cyl(d["d_hole"] / 2, t, 0, L / 2, d["hb"], X))
    return s


@part("I038")
def _(d, on):
    t = d["t"]
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("cavity"):
        s = s.cut(box(t, t, t, d["L"] - 2 * t, d["W"] - 2 * t, d["H"] - t))
    return s


@part("I039")
def _(d, on):
    R, w, rb = d["od"] / 2, d["w"], d["bore"] / 2 if on("bore") else 0.0
    gz0, gz1 = (w - d["g_top"]) / 2, (w + d["g_top"]) / 2
    bz0, bz1 = (w - d["g_bot"]) / 2, (w + d["g_bot"]) / 2
    rg = R - d["g_depth"]
    if on("groove"):
        prof = [(rb, 0), (R, 0), (R, gz0), (rg, bz0), (rg, bz1), (R, gz1), (R, w), (rb, w)]
    else:
        prof = [(rb, 0), (R, 0), (R, w), (rb, w)]
    return revolve_xz(prof)


@part("I041")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("chamfer"):
        s = s.makeChamfer(d["chamfer"], top_edges(s, d["T"]))
    if on("holes"):
        for i in (-1, 0, 1):
            for j in (-0.5, 0.5):
                s = s.cut(cyl(d["d_hole"] / 2, d["T"], d["L"] / 2 + i * d["px"], d["W"] / 2 + j * d["py"]))
    return s


@part("I042")
def _(d, on):
    re_ = d["d_end"] / 2 if on("ends") else d["d"] / 2
    le, L, r = d["l_end"], d["L"], d["d"] / 2
    s = cyl(re_, le).fuse([cyl(r, L - 2 * le, z=le), cyl(re_, le, z=L - le)])
    if on("keyway"):
        w, kl, x0 = d["kw_w"], d["kw_L"], r - d["kw_d"]
        zc = L / 2
        c = box(x0, -w / 2, zc - kl / 2 + w / 2, r + 2 - x0, w, kl - w)
        c = c.fuse([cyl(w / 2, r + 2 - x0, x0, 0, zc - kl / 2 + w / 2, X), cyl(w / 2, r + 2 - x0, x0, 0, zc + kl / 2 - w / 2, X)])
        s = s.cut(c)
    return s


@part("I043")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    z0 = d["H"] - d["pD"]
    if on("pocket"):
        p = box((d["L"] - d["pL"]) / 2, (d["W"] - d["pW"]) / 2, z0, d["pL"], d["pW"], d["pD"])
        if on("pocket_radii"):
            p = fillet_vertical(p, d["R"])
        s = s.cut(p)
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, z0, d["L"] / 2, d["W"] / 2))
    return s


@part("I044")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("web"):
        s = s.fuse(box((d["L"] - d["web_t"]) / 2, 0, d["T"], d["web_t"], d["W"], d["web_h"]))
    if on("holes"):
        for x in (d["hole_in"], d["L"] - d["hole_in"]):
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, d["W"] / 2))
    return s


@part("I045")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    for x in d["xs"]:
        if on("holes"):
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, d["W"] / 2))
        if on("csk"):
            s = s.cut(csk_cutter(x, d["W"] / 2, d["T"], d["d_hole"] / 2, d["d_csk"] / 2))
    return s


@part("I046")
def _(d, on):
    s = cyl(d["od"] / 2, d["L"])
    if on("bore"):
        s = s.cut(cyl(d["id"] / 2, d["L"]))
    if on("cross_holes"):
        for z in (d["from_end"], d["L"] - d["from_end"]):
            s = s.cut(cyl(d["d_hole"] / 2, d["od"] + 2, -d["od"] / 2 - 1, 0, z, X))
    return s


@part("I047")
def _(d, on):
    leg, t, W = d["leg"], d["t"], d["W"]
    s = box(0, 0, 0, leg, W, t).fuse(box(0, 0, 0, t, W, leg))
    if on("gusset"):
        g, y0 = d["g_leg"], (W - d["g_t"]) / 2
        f = poly_face([(t, y0, t), (t + g, y0, t), (t, y0, t + g)])
        s = s.fuse(f.extrude(V(0, d["g_t"], 0)))
    return s


@part("I049")
def _(d, on):
    L = d["L"]
    s = box(-L / 2, -L / 2, 0, L, L, d["T"])
    if on("centre_hole"):
        s = s.cut(cyl(d["d_centre"] / 2, d["T"]))
    for key, dia, p in (("motor_holes", d["d_motor"], d["sq"] / 2), ("mount_holes", d["d_mount"], L / 2 - d["inset"])):
        if on(key):
            for sx in (-1, 1):
                for sy in (-1, 1):
                    s = s.cut(cyl(dia / 2, d["T"], sx * p, sy * p))
    return s


@part("I050")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("peg"):
        s = s.fuse(cyl(d["d_peg"] / 2, d["peg_L"], d["peg_x"], d["W"] / 2, -d["peg_L"]))
    return s


@part("I051")
def _(d, on):
    s = cyl(d["d_body"] / 2, d["L"])
    if on("rim"):
        s = s.fuse(cyl(d["d_rim"] / 2, d["t_rim"]))
    if on("socket"):
        s = s.cut(cyl(d["d_sock"] / 2, d["sock_depth"], z=d["L"] - d["sock_depth"]))
    return s


@part("I052")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["T"])
    if on("slots"):
        x0 = d["L"] / 2 - (d["n"] - 1) / 2 * d["pitch"]
        for k in range(d["n"]):
            s = s.cut(box(x0 + k * d["pitch"] - d["slot_w"] / 2, 0, 0, d["slot_w"], d["slot_d"], d["T"]))
    return s


@part("I053")
def _(d, on):
    s = box(0, 0, d["leg_h"], d["L"], d["D"], d["T"])
    if on("legs"):
        s = s.fuse([box(0, 0, 0, d["leg_t"], d["D"], d["leg_h"]), box(d["L"] - d["leg_t"], 0, 0, d["leg_t"], d["D"], d["leg_h"])])
    return s


@part("I054")
def _(d, on):
    s = poly_face([(0, 0, 0), (d["a"], 0, 0), (0, d["b"], 0)]).extrude(V(0, 0, d["T"]))
    if on("holes"):
        for x, y in (d["h1"], d["h2"]):
            s = s.cut(cyl(d["d_hole"] / 2, d["T"], x, y))
    return s


@part("I055")
def _(d, on):
    s = Part.makeCone(d["d_bot"] / 2, d["d_top"] / 2, d["h"])
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, d["depth"], z=d["h"] - d["depth"]))
    return s


@part("I056")
def _(d, on):
    w = d["wall"]
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    if on("cavity"):
        s = s.cut(box(w, w, d["floor"], d["L"] - 2 * w, d["W"] - 2 * w, d["H"] - d["floor"]))
    if on("hole"):
        s = s.cut(cyl(d["d_hole"] / 2, w, 0, d["W"] / 2, d["hole_z"], X))
    return s


@part("I057")
def _(d, on):
    rb = d["d_bar"] / 2
    s = cyl(rb, d["L_bar"], -d["L_bar"] / 2, 0, 0, X)
    if on("stem"):
        s = s.fuse(cyl(d["d_stem"] / 2, rb + d["stem_out"], 0, 0, -(rb + d["stem_out"])))
    return s


@part("I058")
def _(d, on):
    s = box(0, 0, 0, d["L"], d["W"], d["H"])
    for dia, x in zip(d["ds"], d["xs"]):
        if on("h%d" % dia):
            s = s.cut(cyl(dia / 2, d["H"], x, d["W"] / 2))
    return s


# --------------------------------------------------------------------------------------------
def build(p, skip=()):
    scale = 25.4 if p["units"] == "in" else 1.0
    s = B[p["id"]](p["dims"], lambda name: name not in skip)
    if scale != 1.0:
        m = FreeCAD.Matrix()
        m.scale(scale, scale, scale)
        s = s.transformGeometry(m)
    return s.removeSplitter() if hasattr(s, "removeSplitter") else s


def figures(s):
    bb = s.optimalBoundingBox() if hasattr(s, "optimalBoundingBox") else s.BoundBox
    return s.Volume, sorted([bb.XLength, bb.YLength, bb.ZLength])


def main():
    parts = json.load(open(os.path.join(HERE, "parts.json")))
    out, bad = {}, []
    for p in parts:
        if p["expect"] != "build":
            continue
        s = build(p)
        ok = s.isValid() and len(s.Solids) == 1 and s.isClosed()
        if not ok:
            bad.append(p["id"])
        vol, bb = figures(s)
        out[p["id"]] = {"volume": round(vol, 4), "bbox": [round(x, 4) for x in bb]}
        print(p["id"], "valid" if ok else "INVALID", out[p["id"]])
        if "--sens" in sys.argv:
            for f in p["features"]:
                v2, bb2 = figures(build(p, skip=(f,)))
                dv = abs(v2 - vol) / vol * 100
                dbb = max(abs(a - b) for a, b in zip(bb, bb2))
                flag = "" if (dv > 0.5 or dbb > 0.15) else "   <-- NOT DETECTABLE"
                print("    drop %-14s dV=%6.2f%%  dBB=%7.3f%s" % (f, dv, dbb, flag))
    json.dump(out, open(os.path.join(HERE, "refs.json"), "w"), indent=1)
    print("built", len(out), "invalid:", bad)


if __name__ == "__main__":
    main()
