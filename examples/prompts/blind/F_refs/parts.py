"""Part data for blind set F (written before any prompt).

Each entry: id, category, part (CSG tree, JSON-compatible). Units mm, Z up.
Node ops:
  box      size [dx,dy,dz], at = min corner
  cyl      d, h, at = base centre, dir = axis
  cone     d1 (at base), d2 (at top), h, at, dir
  sphere   d, at = centre
  hemi     d, at = centre of flat face, dir = direction of the dome
  torus    R (centre-line radius), r (tube radius), at, dir = axis
  prism    poly [[u,v]...], plane xy|xz|yz, h, off: polygon on plane, extruded +normal
           (xy: (x,y) extruded +z; xz: (x,z) extruded +y; yz: (y,z) extruded +x) from off
  slot     len (centre-to-centre), w, h, at = centre of base, axis x|y (long direction); extruded +z
  revolve  profile [[r,z]...] in XZ plane, revolved about Z by angle (deg) starting at +X toward +Y
  loft     sections [{"rect":[w,h],"z":z} | {"circle":d,"z":z}] centred on Z, ruled
  sweep    d (circle), path [{"line":[p0,p1]} | {"arc":[p0,pm,p1]}]
  offset   poly (xy), d (outward offset, rounded), h: extruded offset face
  union/cut/common  of [nodes] (cut: first minus the rest)
  fillet   r, edges [selector], of node;  chamfer  d, edges, of
  selector: {"line":"x|y|z"} or {"circle":true}, optional "in":[[xmin,ymin,zmin],[xmax,ymax,zmax]]
"""
import math

IN = 25.4


def box(size, at=(0, 0, 0)):
    return {"op": "box", "size": list(size), "at": list(at)}


def cyl(d, h, at=(0, 0, 0), dir=(0, 0, 1)):
    return {"op": "cyl", "d": d, "h": h, "at": list(at), "dir": list(dir)}


def cone(d1, d2, h, at=(0, 0, 0), dir=(0, 0, 1)):
    return {"op": "cone", "d1": d1, "d2": d2, "h": h, "at": list(at), "dir": list(dir)}


def sphere(d, at=(0, 0, 0)):
    return {"op": "sphere", "d": d, "at": list(at)}


def hemi(d, at=(0, 0, 0), dir=(0, 0, 1)):
    return {"op": "hemi", "d": d, "at": list(at), "dir": list(dir)}


def torus(R, r, at=(0, 0, 0), dir=(0, 0, 1)):
    return {"op": "torus", "R": R, "r": r, "at": list(at), "dir": list(dir)}


def prism(poly, plane, h, off=0):
    return {"op": "prism", "poly": [list(p) for p in poly], "plane": plane, "h": h, "off": off}


def slot(length, w, h, at, axis="x"):
    return {"op": "slot", "len": length, "w": w, "h": h, "at": list(at), "axis": axis}


def union(*n):
    return {"op": "union", "of": list(n)}


def cut(*n):
    return {"op": "cut", "of": list(n)}


def fillet(r, edges, of):
    return {"op": "fillet", "r": r, "edges": edges, "of": of}


def chamfer(d, edges, of):
    return {"op": "chamfer", "d": d, "edges": edges, "of": of}


def sel(line=None, circle=False, lo=None, hi=None):
    s = {}
    if line:
        s["line"] = line
    if circle:
        s["circle"] = True
    if lo is not None:
        s["in"] = [list(lo), list(hi)]
    return s


def polar(n, pcd, start_deg, make):
    out = []
    for i in range(n):
        a = math.radians(start_deg + 360.0 * i / n)
        out.append(make(round(pcd / 2 * math.cos(a), 9), round(pcd / 2 * math.sin(a), 9)))
    return out


def cbore_z(x, y, top, d, cd, depth):
    """vertical counterbored through hole from the top face at z=top (part bottom at z=0)."""
    return [cyl(d, top + 2, (x, y, -1)), cyl(cd, depth + 1, (x, y, top - depth))]


B = 1e3  # generous selection bound
PARTS = []


def P(id_, cat, part):
    PARTS.append({"id": id_, "category": cat, "part": part})


# ---------------- steps ----------------
P("F001", "steps", cut(
    fillet(12, [sel("z")], box([70, 50, 8])),
    *[cyl(8, 10, (x, y, -1)) for x in (12, 58) for y in (12, 38)]))

P("F002", "steps", cut(
    chamfer(4, [sel("x", lo=(-1, -1, 29.9), hi=(101, 61, 30.1)), sel("y", lo=(-1, -1, 29.9), hi=(101, 61, 30.1))],
            box([100, 60, 30])),
    box([60, 30, 13], (20, 15, 18)),
    cyl(10, 32, (50, 30, -1))))

P("F003", "steps", cut(
    union(cyl(80, 12), cyl(45, 10, (0, 0, 12))),
    cyl(30, 24, (0, 0, -1)),
    *polar(6, 60, 0, lambda x, y: cyl(8, 14, (x, y, -1)))))

P("F004", "steps", cut(
    fillet(10, [sel("x", lo=(-1, 39.9, 9.9), hi=(81, 40.1, 10.1))],
           union(box([80, 50, 10]), box([80, 10, 60], (0, 40, 0)))),
    cyl(9, 12, (20, 20, -1)), cyl(9, 12, (60, 20, -1)),
    cyl(9, 12, (20, 39, 40), (0, 1, 0)), cyl(9, 12, (60, 39, 40), (0, 1, 0))))

P("F005", "steps", cut(
    union(cyl(18, 20, (0, 0, 0), (1, 0, 0)), cyl(25, 80, (20, 0, 0), (1, 0, 0))),
    box([30, 8, 5], (45, -4, 8.5))))

P("F006", "steps", cut(
    box([100, 70, 40]),
    box([95, 65, 40], (2.5, 2.5, 2.5)),
    cyl(20, 5, (-1, 35, 20), (1, 0, 0))))

P("F007", "steps", cut(
    chamfer(5, [sel("z")], box([90, 40, 20])),
    *cbore_z(20, 20, 20, 6.6, 11, 6.5), *cbore_z(70, 20, 20, 6.6, 11, 6.5)))

P("F008", "steps", cut(
    fillet(3, [sel(circle=True, lo=(-B, -B, 9.9), hi=(B, B, 10.1))], cyl(60, 10)),
    slot(30, 10, 12, (0, 0, -1), "x"),
    cyl(5, 12, (0, 20, -1)), cyl(5, 12, (0, -20, -1))))

P("F009", "steps", cut(
    box([80, 40, 40]),
    box([82, 21, 21], (-1, -1, 20)),
    cyl(10, 22, (40, 19, 30), (0, 1, 0)),
    cyl(8, 22, (20, 10, -1)), cyl(8, 22, (60, 10, -1))))

P("F010", "steps", cut(
    cyl(40, 80),
    cyl(30, 82, (0, 0, -1)),
    box([10, 50, 82], (17, -25, -1)), box([10, 50, 82], (-27, -25, -1)),
    cyl(8, 50, (-25, 0, 40), (1, 0, 0))))

P("F011", "steps", cut(
    union(fillet(4, [sel(circle=True, lo=(-B, -B, 14.9), hi=(B, B, 15.1))], cyl(40, 15)),
          cyl(20, 10, (0, 0, 15))),
    cyl(6, 19, (0, 0, -1))))

P("F012", "steps", cut(
    box([120, 80, 6]),
    box([100, 60, 4], (10, 10, -1)),
    *[cyl(4.5, 8, (x, y, -1)) for x in (6, 114) for y in (6, 74)]))

P("F013", "steps", cut(
    box([60, 60, 15], (-30, -30, 0)),
    cyl(20, 17, (0, 0, -1)),
    *[cyl(5.5, 17, (x, y, -1)) for x in (-20, 20) for y in (-20, 20)],
    *[cone(5.5, 12.0, 3.25, (x, y, 12.25)) for x in (-20, 20) for y in (-20, 20)]))

P("F014", "steps", cut(
    box([80, 60, 50]),
    cyl(35, 62, (40, -1, 25), (0, 1, 0)),
    cyl(42, 9, (40, -1, 25), (0, 1, 0)),
    cyl(9, 52, (12, 30, -1)), cyl(9, 52, (68, 30, -1))))

P("F015", "steps", cut(
    chamfer(3, [sel("x", lo=(-1, -0.1, 29.9), hi=(101, 0.1, 30.1)), sel("x", lo=(-1, 49.9, 29.9), hi=(101, 50.1, 30.1))],
            box([100, 50, 30])),
    box([102, 30, 21], (-1, 10, 10)),
    *[cyl(6, 12, (x, 25, -1)) for x in (20, 50, 80)]))

P("F016", "steps", cut(
    cyl(50, 40),
    cyl(44, 38, (0, 0, 3)),
    cyl(10, 5, (0, 0, -1))))

P("F017", "steps", cut(
    union(box([60, 40, 6]), box([6, 40, 54], (0, 0, 6)),
          prism([(6, 6), (36, 6), (6, 36)], "xz", 6, 17)),
    cyl(6.5, 8, (40, 10, -1)), cyl(6.5, 8, (40, 30, -1)),
    cyl(6.5, 8, (-1, 10, 40), (1, 0, 0)), cyl(6.5, 8, (-1, 30, 40), (1, 0, 0))))

P("F018", "steps", cut(
    fillet(10, [sel("z", lo=(19, 19, -1), hi=(81, 61, 11))],
           cut(box([100, 80, 10]), box([60, 40, 12], (20, 20, -1)))),
    *[cyl(6, 12, (x, y, -1)) for x in (10, 90) for y in (10, 70)]))

P("F019", "steps", cut(
    union(box([80, 80, 10], (-40, -40, 0)), cyl(30, 30, (0, 0, 10))),
    cyl(16, 42, (0, 0, -1)),
    cyl(6, 34, (-17, 0, 25), (1, 0, 0))))

_hexr = 24 / math.sqrt(3)
P("F020", "steps", cut(
    union(prism([(round(_hexr * math.cos(math.radians(60 * i)), 9), round(_hexr * math.sin(math.radians(60 * i)), 9))
                 for i in range(6)], "xy", 10),
          cyl(20, 5, (0, 0, 10))),
    cyl(12, 17, (0, 0, -1))))

P("F021", "steps", cut(
    prism([(0, 0), (60, 0), (60, 10), (0, 30)], "xz", 40),
    cyl(10, 40, (15, 20, -1))))

P("F022", "steps", fillet(10, [sel("z", lo=(4, 4, 4), hi=(146, 96, 26))],
                          cut(box([150, 100, 25]), box([140, 90, 21], (5, 5, 5)))))

P("F023", "steps", cut(
    box([40, 40, 60], (-20, -20, 0)),
    box([16, 42, 41], (-8, -21, 20)),
    cyl(10, 42, (-21, 0, 45), (1, 0, 0)),
    cyl(8.5, 16, (0, 0, -1))))

P("F024", "steps", cut(
    chamfer(6, [sel("z")], box([100, 60, 8])),
    slot(20, 8, 10, (50, 15, -1), "x"), slot(20, 8, 10, (50, 45, -1), "x")))

# ---------------- unions ----------------
P("F025", "unions", cut(
    union(box([50, 50, 20], (-25, -25, 0)), cyl(30, 25, (0, 0, 20))),
    cyl(10, 47, (0, 0, -1))))

P("F026", "unions", cut(
    union(cyl(40, 60), hemi(40, (0, 0, 60))),
    cyl(20, 42, (-21, 0, 30), (1, 0, 0))))

P("F027", "unions", union(
    torus(30, 5),
    cyl(10, 60, (-30, 0, 0), (1, 0, 0)),
    cyl(10, 60, (0, -30, 0), (0, 1, 0)),
    cyl(16, 10, (0, 0, -5))))

P("F028", "unions", cut(
    union(cyl(40, 20), cone(40, 10, 40, (0, 0, 20))),
    cyl(6, 62, (0, 0, -1))))

P("F029", "unions", union(
    cut(sphere(50), box([60, 60, 20], (-30, -30, -35))),
    cyl(20, 25, (0, 0, 15))))

P("F030", "unions", union(
    box([80, 20, 20], (-40, -10, -10)),
    box([20, 80, 20], (-10, -40, -10)),
    cyl(30, 20, (0, 0, -10))))

P("F031", "unions", cut(
    union(cyl(80, 5), hemi(60, (0, 0, 5))),
    hemi(50, (0, 0, 5))))

P("F032", "unions", cut(
    union(box([60, 40, 20]), cyl(40, 40, (30, 0, 20), (0, 1, 0))),
    cyl(10, 42, (30, -1, 20), (0, 1, 0))))

P("F033", "unions", union(
    sphere(30),
    cone(30, 16, 50, (0, 0, 0), (1, 0, 0)),
    cyl(16, 20, (50, 0, 0), (1, 0, 0))))

P("F034", "unions", cut(
    box([40, 40, 40], (-20, -20, -20)),
    sphere(50)))

P("F035", "unions", union(
    box([60, 20, 10], (-30, -10, 0)),
    torus(20, 6, (0, 0, 30), (0, 1, 0))))

P("F036", "unions", cut(
    union(cyl(30, 50), hemi(30, (0, 0, 0), (0, 0, -1))),
    cyl(10, 32, (-16, 0, 15), (1, 0, 0)),
    cyl(10, 32, (0, -16, 35), (0, 1, 0))))

# ---------------- sweeps ----------------
P("F037", "sweeps", {"op": "revolve", "angle": 360,
                     "profile": [[5, 0], [30, 0], [30, 3], [24, 8], [30, 13], [30, 16], [5, 16]]})

P("F038", "sweeps", {"op": "revolve", "angle": 180,
                     "profile": [[20, 0], [30, 0], [30, 10], [20, 10]]})

P("F039", "sweeps", {"op": "loft", "sections": [{"rect": [40, 40], "z": 0}, {"circle": 20, "z": 50}]})

_c = 25 * math.cos(math.radians(45))
P("F040", "sweeps", {"op": "sweep", "d": 10, "path": [
    {"line": [[0, 0, 0], [0, 0, 30]]},
    {"arc": [[0, 0, 30], [round(25 - _c, 9), 0, round(30 + _c, 9)], [25, 0, 55]]},
    {"line": [[25, 0, 55], [45, 0, 55]]}]})

P("F041", "sweeps", {"op": "loft", "sections": [{"rect": [60, 40], "z": 0}, {"rect": [30, 20], "z": 40}]})

P("F042", "sweeps", cut(
    {"op": "offset", "poly": [[0, 0], [60, 0], [60, 30], [0, 30]], "d": 5, "h": 8},
    prism([(0, 0), (60, 0), (60, 30), (0, 30)], "xy", 10, -1)))

# ---------------- shop ----------------
P("F043", "shop", cut(
    box([4 * IN, 3 * IN, 0.25 * IN]),
    *[cyl(0.266 * IN, 0.25 * IN + 2, (x * IN, y * IN, -1)) for x in (0.375, 3.625) for y in (0.375, 2.625)]))

P("F044", "shop", cut(
    union(cyl(100, 12), cyl(52, 4, (0, 0, -4))),
    cyl(40, 18, (0, 0, -5)),
    *polar(6, 80, 0, lambda x, y: cyl(9, 14, (x, y, -1)))))

P("F045", "shop", union(
    cut(box([120, 80, 30]), box([116, 76, 30], (2, 2, 1.6))),
    box([2, 76, 28.4], (59, 2, 1.6))))

P("F046", "shop", cut(
    union(box([50, 40, 5]), box([5, 40, 35])),
    cyl(5.5, 7, (30, 10, -1)), cyl(5.5, 7, (30, 30, -1)),
    cyl(5.5, 7, (-1, 10, 22), (1, 0, 0)), cyl(5.5, 7, (-1, 30, 22), (1, 0, 0))))

P("F047", "shop", {"op": "revolve", "angle": 360, "profile": [
    [0, 0], [7.5, 0], [7.5, 25], [10, 25], [10, 35], [8, 35], [8, 38], [10, 38], [10, 105], [6, 105], [6, 120], [0, 120]]})

P("F048", "shop", cut(
    union(cyl(0.75 * IN, 1.0 * IN, (0, 0, 0), (1, 0, 0)), cyl(1.0 * IN, 3.0 * IN, (1.0 * IN, 0, 0), (1, 0, 0))),
    cyl(0.25 * IN, 1.0 * IN + 2, (3.5 * IN, -0.5 * IN - 1, 0), (0, 1, 0))))

P("F049", "shop", cut(
    cyl(1.25 * IN, 1.5 * IN),
    cyl(0.5 * IN, 1.5 * IN + 2, (0, 0, -1)),
    cyl(0.875 * IN, 0.25 * IN + 1, (0, 0, 1.25 * IN))))

P("F050", "shop", cut(
    union(cut(box([80, 60, 35]), box([76, 56, 35], (2, 2, 2))),
          *[cyl(7, 33, (x, y, 2)) for x in (6, 74) for y in (6, 54)]),
    *[cyl(2.5, 21, (x, y, 15)) for x in (6, 74) for y in (6, 54)]))

P("F051", "shop", cut(
    chamfer(0.5, [sel("x"), sel("y"), sel(circle=True)],
            fillet(10, [sel("z")], box([100, 50, 12]))),
    *cbore_z(20, 25, 12, 6.6, 11, 6.8), *cbore_z(80, 25, 12, 6.6, 11, 6.8),
    cyl(10, 14, (50, 25, -1))))

P("F052", "shop", cut(
    box([150, 50, 25]),
    prism([(15, 25), (25, 15), (35, 25), (35, 26), (15, 26)], "yz", 152, -1),
    *[cyl(8, 27, (x, 10, -1)) for x in (25, 75, 125)]))

P("F053", "shop", cut(
    cyl(40, 15),
    *polar(8, 44, 0, lambda x, y: cyl(8, 17, (x, y, -1))),
    cyl(6, 13, (0, 0, -1))))

P("F054", "shop", cut(
    box([60, 30, 30]),
    box([54, 32, 28], (3, -1, 3)),
    cyl(8, 62, (-1, 15, 18), (1, 0, 0)),
    cyl(5, 5, (20, 15, -1)), cyl(5, 5, (40, 15, -1))))

# ---------------- refuse ----------------
for i, why in enumerate([
        "missing size: plate with four corner holes, hole diameter and inset not given",
        "engraved text (logo lettering) cannot be built exactly",
        "real helical thread M10x1.5 on a bolt",
        "organic shape: ergonomic hand grip shaped to fingers",
        "moving assembly: hinge with two leaves rotating on a pin",
        "decorative pattern: floral/filigree relief on a lid"]):
    P("F%03d" % (55 + i), "refuse", {"op": "none", "why": why})

if __name__ == "__main__":
    import collections
    print(len(PARTS), collections.Counter(p["category"] for p in PARTS))
