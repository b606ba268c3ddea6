"""Build reference solids for set F from parts.py with FreeCAD's Part API; write refs.json."""
import json, math, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.append(os.environ.get("FREECAD_LIB", "/usr/lib/freecad-python3/lib"))
import FreeCAD  # noqa: E402
import Part  # noqa: E402
from FreeCAD import Vector as V  # noqa: E402
from parts import PARTS  # noqa: E402

TOL = 1e-3

pi = math.pi
# Hand-computed volumes (independent of the CSG tree), checked against the built solids.
HAND = {
    "F001": 70 * 50 * 8 - 4 * (1 - pi / 4) * 144 * 8 - 4 * pi * 16 * 8,
    "F003": pi * (1600 * 12 + 22.5 ** 2 * 10 - 225 * 22 - 6 * 16 * 12),
    "F004": 80 * 50 * 10 + 80 * 10 * 50 + (1 - pi / 4) * 100 * 80 - 4 * pi * 4.5 ** 2 * 10,
    "F006": 100 * 70 * 40 - 95 * 65 * 37.5 - pi * 100 * 2.5,
    "F007": 90 * 40 * 20 - 4 * 12.5 * 20 - 2 * (pi * 3.3 ** 2 * 20 + pi * (5.5 ** 2 - 3.3 ** 2) * 6.5),
    "F009": 80 * 40 * 40 - 80 * 20 * 20 - pi * 25 * 20 - 2 * pi * 16 * 20,
    "F012": 120 * 80 * 6 - 100 * 60 * 3 - 4 * pi * 2.25 ** 2 * 6,
    "F014": 80 * 60 * 50 - pi * 17.5 ** 2 * 60 - pi * (21 ** 2 - 17.5 ** 2) * 8 - 2 * pi * 4.5 ** 2 * 50,
    "F015": 100 * 50 * 30 - 100 * 30 * 20 - 2 * 4.5 * 100 - 3 * pi * 9 * 10,
    "F016": pi * (625 * 40 - 484 * 37 - 25 * 3),
    "F018": 100 * 80 * 10 - 60 * 40 * 10 + 4 * (1 - pi / 4) * 100 * 10 - 4 * pi * 9 * 10,
    "F020": math.sqrt(3) / 2 * 24 ** 2 * 10 + pi * 100 * 5 - pi * 36 * 15,
    "F021": 60 * (10 + 30) / 2 * 40 - pi * 25 * 25,
    "F022": 150 * 100 * 25 - 140 * 90 * 20 + 4 * (1 - pi / 4) * 100 * 20,
    "F023": 40 * 40 * 60 - 16 * 40 * 40 - 2 * 12 * pi * 25 - pi * 4.25 ** 2 * 15,
    "F024": 100 * 60 * 8 - 4 * 18 * 8 - 2 * (20 * 8 + pi * 16) * 8,
    "F025": 50 * 50 * 20 + pi * 225 * 25 - pi * 25 * 45,
    "F031": pi * 1600 * 5 + 2 / 3 * pi * (30 ** 3 - 25 ** 3),
    "F032": 60 * 40 * 20 + pi * 400 * 40 / 2 - pi * 25 * 40,
    "F034": 40 ** 3 - (4 / 3 * pi * 25 ** 3 - 6 * pi * 25 * (3 * 25 - 5) / 3),
    "F038": pi / 2 * (30 ** 2 - 20 ** 2) * 10,
    "F040": pi * 25 * (30 + pi * 25 / 2 + 20),
    "F041": 40 / 3 * (2400 + 600 + math.sqrt(2400 * 600)),
    "F042": (2 * 5 * (60 + 30) + pi * 25) * 8,
    "F045": 120 * 80 * 30 - 116 * 76 * 28.4 + 2 * 76 * 28.4,
    "F047": pi * (7.5 ** 2 * 25 + 100 * 80 + 36 * 15 - (100 - 64) * 3),
    "F054": 60 * 30 * 30 - 54 * 30 * 27 - 2 * pi * 16 * 3 - 2 * pi * 6.25 * 3,
}


def vec(p):
    return V(*[float(c) for c in p])


def polyface(pts3):
    pts = [vec(p) for p in pts3]
    return Part.Face(Part.makePolygon(pts + [pts[0]]))


def edge_ok(e, s):
    c = e.Curve
    if "line" in s:
        if not isinstance(c, (Part.Line, Part.LineSegment)):
            return False
        d = e.Vertexes[-1].Point - e.Vertexes[0].Point
        ax = {"x": V(1, 0, 0), "y": V(0, 1, 0), "z": V(0, 0, 1)}[s["line"]]
        if d.Length < TOL or abs(abs(d.normalize().dot(ax)) - 1) > 1e-6:
            return False
    if s.get("circle") and not isinstance(c, Part.Circle):
        return False
    if "in" in s:
        lo, hi = s["in"]
        bb = e.BoundBox
        if not (bb.XMin >= lo[0] - TOL and bb.YMin >= lo[1] - TOL and bb.ZMin >= lo[2] - TOL and
                bb.XMax <= hi[0] + TOL and bb.YMax <= hi[1] + TOL and bb.ZMax <= hi[2] + TOL):
            return False
    return True


def pick(shape, sels):
    es = [e for e in shape.Edges if any(edge_ok(e, s) for s in sels)]
    if not es:
        raise ValueError("selector matched no edges: %r" % sels)
    return es


def build(n):
    op = n["op"]
    if op == "box":
        return Part.makeBox(*[float(v) for v in n["size"]], vec(n["at"]))
    if op == "cyl":
        return Part.makeCylinder(n["d"] / 2, n["h"], vec(n["at"]), vec(n["dir"]))
    if op == "cone":
        return Part.makeCone(n["d1"] / 2, n["d2"] / 2, n["h"], vec(n["at"]), vec(n["dir"]))
    if op == "sphere":
        return Part.makeSphere(n["d"] / 2, vec(n["at"]))
    if op == "hemi":
        return Part.makeSphere(n["d"] / 2, vec(n["at"]), vec(n["dir"]), 0, 90, 360)
    if op == "torus":
        return Part.makeTorus(n["R"], n["r"], vec(n["at"]), vec(n["dir"]))
    if op == "prism":
        pl, o = n["plane"], n["off"]
        if pl == "xy":
            pts, d = [(u, v, o) for u, v in n["poly"]], V(0, 0, n["h"])
        elif pl == "xz":
            pts, d = [(u, o, v) for u, v in n["poly"]], V(0, n["h"], 0)
        else:
            pts, d = [(o, u, v) for u, v in n["poly"]], V(n["h"], 0, 0)
        return polyface(pts).extrude(d)
    if op == "slot":
        L, w, (x, y, z) = n["len"], n["w"], n["at"]
        core = Part.makeBox(L, w, n["h"], V(x - L / 2, y - w / 2, z)) if n["axis"] == "x" else \
            Part.makeBox(w, L, n["h"], V(x - w / 2, y - L / 2, z))
        dx, dy = (L / 2, 0) if n["axis"] == "x" else (0, L / 2)
        s = core.fuse([Part.makeCylinder(w / 2, n["h"], V(x + dx, y + dy, z)),
                       Part.makeCylinder(w / 2, n["h"], V(x - dx, y - dy, z))])
        return s.removeSplitter()
    if op == "revolve":
        f = polyface([(r, 0, z) for r, z in n["profile"]])
        return f.revolve(V(0, 0, 0), V(0, 0, 1), n["angle"])
    if op == "loft":
        ws = []
        for s in n["sections"]:
            z = s["z"]
            if "rect" in s:
                w, h = s["rect"]
                # start the polygon at +X mid-side so sections line up with circle seam
                ws.append(Part.makePolygon([V(w / 2, 0, z), V(w / 2, h / 2, z), V(-w / 2, h / 2, z), V(-w / 2, -h / 2, z),
                                            V(w / 2, -h / 2, z), V(w / 2, 0, z)]))
            else:
                ws.append(Part.Wire(Part.makeCircle(s["circle"] / 2, V(0, 0, z))))
        return Part.makeLoft(ws, True, True)
    if op == "sweep":
        edges = []
        for seg in n["path"]:
            if "line" in seg:
                edges.append(Part.LineSegment(vec(seg["line"][0]), vec(seg["line"][1])).toShape())
            else:
                edges.append(Part.Arc(*[vec(p) for p in seg["arc"]]).toShape())
        path = Part.Wire(edges)
        e0 = edges[0]
        t = e0.tangentAt(e0.FirstParameter)
        prof = Part.Wire(Part.makeCircle(n["d"] / 2, e0.valueAt(e0.FirstParameter), t))
        ps = Part.BRepOffsetAPI.MakePipeShell(path)
        ps.setFrenetMode(True)
        ps.add(prof)
        ps.build()
        ps.makeSolid()
        return ps.shape()
    if op == "offset":
        f = polyface([(u, v, 0) for u, v in n["poly"]])
        return f.makeOffset2D(n["d"], join=0).extrude(V(0, 0, n["h"]))
    if op == "union":
        parts = [build(c) for c in n["of"]]
        return parts[0].fuse(parts[1:]).removeSplitter()
    if op == "cut":
        parts = [build(c) for c in n["of"]]
        return parts[0].cut(parts[1:]).removeSplitter()
    if op == "common":
        parts = [build(c) for c in n["of"]]
        s = parts[0]
        for p in parts[1:]:
            s = s.common(p)
        return s.removeSplitter()
    if op == "fillet":
        s = build(n["of"])
        return s.makeFillet(n["r"], pick(s, n["edges"]))
    if op == "chamfer":
        s = build(n["of"])
        return s.makeChamfer(n["d"], pick(s, n["edges"]))
    raise ValueError(op)


def main():
    refs = {}
    ok = True
    for p in PARTS:
        if p["category"] == "refuse":
            refs[p["id"]] = None
            continue
        s = build(p["part"])
        if s.ShapeType == "Compound" and len(s.Solids) == 1:
            s = s.Solids[0]
        nsol = len(s.Solids)
        bb = s.optimalBoundingBox()
        ext = sorted([bb.XLength, bb.YLength, bb.ZLength])
        good = s.isValid() and nsol == 1 and s.Volume > 0 and s.Solids[0].isClosed()
        ok &= good
        refs[p["id"]] = {"volume": round(s.Volume, 3), "bbox": [round(e, 3) for e in ext],
                         "valid": s.isValid(), "solids": nsol, "faces": len(s.Faces)}
        if p["id"] in HAND:
            rel = abs(HAND[p["id"]] - s.Volume) / s.Volume
            refs[p["id"]]["hand_volume"] = round(HAND[p["id"]], 3)
            good &= rel < 1e-6
        print(p["id"], "OK " if good else "BAD", refs[p["id"]])
    with open(os.path.join(HERE, "refs.json"), "w") as f:
        json.dump(refs, f, indent=1)
    print("hand-checked:", sum(1 for r in refs.values() if r and "hand_volume" in r))
    print("all good" if ok else "SOME BAD")


if __name__ == "__main__":
    main()
