import sys, json, math
sys.path.append('/usr/lib/freecad-python3/lib')
import FreeCAD, Part
from FreeCAD import Vector as V
import parts

DIRS = {"X": V(1, 0, 0), "Y": V(0, 1, 0), "Z": V(0, 0, 1)}
TOL = 1e-6
NSEL = []

def edge_match(e, s):
    c = e.Curve
    k = s.get("kind")
    if k == "line" and not isinstance(c, (Part.Line, Part.LineSegment)): return False
    if k == "circle" and not isinstance(c, Part.Circle): return False
    if "dir" in s:
        d = DIRS[s["dir"]]
        if k == "line":
            t = e.Vertexes[-1].Point - e.Vertexes[0].Point
            if t.Length < TOL or abs(abs(t.normalize().dot(d)) - 1) > 1e-7: return False
    if "radius" in s:
        if not isinstance(c, Part.Circle) or abs(c.Radius - s["radius"]) > 1e-6: return False
    if "box" in s:
        (x0, y0, z0), (x1, y1, z1) = s["box"]
        b = e.BoundBox
        if not (b.XMin >= x0 - TOL and b.XMax <= x1 + TOL and b.YMin >= y0 - TOL and b.YMax <= y1 + TOL
                and b.ZMin >= z0 - TOL and b.ZMax <= z1 + TOL): return False
    return True

def pick(shape, sels):
    es = [e for e in shape.Edges if any(edge_match(e, s) for s in sels)]
    return es

def poly_face(pts3):
    w = Part.makePolygon([V(*p) for p in pts3] + [V(*pts3[0])])
    return Part.Face(w)

def build(n):
    op = n["op"]
    if op == "box":
        return Part.makeBox(*n["size"], V(*n["at"]))
    if op == "cyl":
        return Part.makeCylinder(n["r"], n["h"], V(*n["at"]), DIRS[n["dir"]])
    if op == "cone":
        return Part.makeCone(n["r1"], n["r2"], n["h"], V(*n["at"]), DIRS[n["dir"]])
    if op == "sphere":
        return Part.makeSphere(n["r"], V(*n["at"]))
    if op == "torus":
        return Part.makeTorus(n["R"], n["r"], V(*n["at"]), DIRS[n["dir"]])
    if op == "prism":
        o = n["off"]; pl = n["plane"]
        if pl == "XY": p3 = [(a, b, o) for a, b in n["pts"]]; d = V(0, 0, n["h"])
        elif pl == "XZ": p3 = [(a, o, b) for a, b in n["pts"]]; d = V(0, n["h"], 0)
        elif pl == "YZ": p3 = [(o, a, b) for a, b in n["pts"]]; d = V(n["h"], 0, 0)
        return poly_face(p3).extrude(d)
    if op == "revolve":
        f = poly_face([(r, 0, z) for r, z in n["pts"]])
        return f.revolve(V(0, 0, 0), V(0, 0, 1), n["angle"])
    if op == "loft":
        ws = []
        for s in n["sections"]:
            z = s["z"]
            if "rect" in s:
                w, d = s["rect"]
                ws.append(Part.makePolygon([V(-w/2, -d/2, z), V(w/2, -d/2, z), V(w/2, d/2, z), V(-w/2, d/2, z), V(-w/2, -d/2, z)]))
            else:
                ws.append(Part.Wire(Part.makeCircle(s["circle"], V(0, 0, z))))
        return Part.makeLoft(ws, True, False)
    if op == "sweep":
        es = []
        for seg in n["path"]:
            if seg[0] == "line": es.append(Part.LineSegment(V(*seg[1]), V(*seg[2])).toShape())
            else: es.append(Part.Arc(V(*seg[1]), V(*seg[2]), V(*seg[3])).toShape())
        path = Part.Wire(es)
        p0 = es[0].Vertexes[0].Point
        t0 = es[0].tangentAt(es[0].FirstParameter)
        prof = Part.Wire(Part.makeCircle(n["r"], p0, t0))
        return path.makePipeShell([prof], True, True)
    if op == "offset2d":
        w, d = n["rect"]
        wire = Part.makePolygon([V(-w/2, -d/2, 0), V(w/2, -d/2, 0), V(w/2, d/2, 0), V(-w/2, d/2, 0), V(-w/2, -d/2, 0)])
        ow = wire.makeOffset2D(n["d"], 0, False, False, False)
        return Part.Face(ow).extrude(V(0, 0, n["h"]))
    if op == "fuse":
        ch = [build(c) for c in n["children"]]
        r = ch[0].fuse(ch[1:]) if len(ch) > 1 else ch[0]
        return r.removeSplitter()
    if op == "cut":
        b = build(n["base"])
        for t in n["tools"]:
            b = b.cut(build(t))
        return b.removeSplitter()
    if op == "common":
        ch = [build(c) for c in n["children"]]
        r = ch[0]
        for c in ch[1:]: r = r.common(c)
        return r.removeSplitter()
    if op in ("fillet", "chamfer"):
        b = build(n["child"])
        es = pick(b, n["edges"])
        assert es, "no edges selected"
        r = b.makeFillet(n["r"], es) if op == "fillet" else b.makeChamfer(n["r"], es)
        NSEL.append((op, len(es)))
        return r
    raise ValueError(op)

def solid_of(s):
    if s.ShapeType == "Solid": return s
    assert len(s.Solids) == 1, f"{len(s.Solids)} solids"
    return s.Solids[0]

if __name__ == "__main__":
    refs = {}
    bad = []
    for pid in sorted(parts.P):
        NSEL.clear()
        sh = build(parts.P[pid])
        so = solid_of(sh)
        ok = so.isValid() and so.isClosed() and so.Volume > 0 and len(sh.Solids) == 1
        bb = so.optimalBoundingBox()
        ext = sorted([round(bb.XLength, 3), round(bb.YLength, 3), round(bb.ZLength, 3)])
        vol = round(so.Volume, 4)
        refs[pid] = {"volume": vol, "bbox": ext}
        h = parts.HAND.get(pid)
        hs = ""
        if h is not None:
            rel = abs(vol - h) / h
            hs = f"hand={h:.4f} rel={rel:.2e}"
            if rel > 1e-6: bad.append((pid, "hand mismatch", rel))
        if not ok: bad.append((pid, "invalid"))
        print(pid, vol, ext, "ok" if ok else "BAD", hs, NSEL if NSEL else "")
    json.dump(refs, open("refs.json", "w"), indent=1)
    print("problems:", bad)
