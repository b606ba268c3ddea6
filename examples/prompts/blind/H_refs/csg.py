"""Interpreter for the CSG dicts in parts.py -> Part shape (FreeCAD Part API only)."""
import sys, math
sys.path.append('/usr/lib/freecad-python3/lib')
import FreeCAD, Part
V = FreeCAD.Vector
TOL = 1e-6

def _v(p): return V(*[float(c) for c in p])

def _prism(pts, plane, h, offset):
    if plane == 'XY':
        P = [V(a, b, offset) for a, b in pts]; d = V(0, 0, h)
    elif plane == 'XZ':
        P = [V(a, offset, b) for a, b in pts]; d = V(0, h, 0)
    elif plane == 'YZ':
        P = [V(offset, a, b) for a, b in pts]; d = V(h, 0, 0)
    w = Part.makePolygon(P + [P[0]])
    return Part.Face(w).extrude(d)

def _sel_edges(shape, sel):
    out = []
    for e in shape.Edges:
        bb = e.BoundBox
        ok = True
        t = sel.get('type')
        if t == 'line' and not isinstance(e.Curve, Part.Line): ok = False
        if t == 'circle' and not isinstance(e.Curve, Part.Circle): ok = False
        if 'axis' in sel:
            if not isinstance(e.Curve, Part.Line): ok = False
            else:
                d = e.Vertexes[1].Point - e.Vertexes[0].Point; d.normalize()
                a = {'X': V(1,0,0), 'Y': V(0,1,0), 'Z': V(0,0,1)}[sel['axis']]
                if abs(abs(d.dot(a)) - 1) > 1e-6: ok = False
        for k, lo, hi in (('x', bb.XMin, bb.XMax), ('y', bb.YMin, bb.YMax), ('z', bb.ZMin, bb.ZMax)):
            if k in sel:
                vals = sel[k] if isinstance(sel[k], list) else [sel[k]]
                if abs(hi - lo) > 1e-5 or not any(abs(lo - v) < 1e-5 for v in vals): ok = False
        if 'r' in sel:
            if not isinstance(e.Curve, Part.Circle) or abs(e.Curve.Radius - sel['r']) > 1e-6: ok = False
        if ok: out.append(e)
    if 'count' in sel:
        assert len(out) == sel['count'], ('edge count', len(out), sel)
    assert out, ('no edges', sel)
    return out

def build(n):
    op = n['op']
    if op == 'box':
        return Part.makeBox(*n['size'], _v(n.get('at', (0,0,0))))
    if op == 'cyl':
        return Part.makeCylinder(n['r'], n['h'], _v(n.get('at', (0,0,0))), _v(n.get('dir', (0,0,1))))
    if op == 'cone':
        return Part.makeCone(n['r1'], n['r2'], n['h'], _v(n.get('at', (0,0,0))), _v(n.get('dir', (0,0,1))))
    if op == 'sphere':
        return Part.makeSphere(n['r'], _v(n.get('at', (0,0,0))))
    if op == 'torus':
        return Part.makeTorus(n['R'], n['r'], _v(n.get('at', (0,0,0))), _v(n.get('dir', (0,0,1))))
    if op == 'prism':
        return _prism(n['pts'], n.get('plane', 'XY'), n['h'], n.get('offset', 0))
    if op == 'revolve':
        P = [V(r, 0, z) for r, z in n['pts']]
        f = Part.Face(Part.makePolygon(P + [P[0]]))
        s = f.revolve(V(0,0,0), V(0,0,1), n['angle'])
        return s.translate(_v(n['at'])) if 'at' in n else s
    if op == 'loft':
        wires = []
        for s in n['sections']:
            z = s['z']
            if 'rect' in s:
                w, d = s['rect']
                P = [V(-w/2,-d/2,z), V(w/2,-d/2,z), V(w/2,d/2,z), V(-w/2,d/2,z)]
                wires.append(Part.makePolygon(P + [P[0]]))
            else:
                wires.append(Part.Wire(Part.makeCircle(s['circle'], V(0,0,z))))
        return Part.makeLoft(wires, True, n.get('ruled', True))
    if op == 'sweep':
        edges = []
        for seg in n['path']:
            if 'line' in seg:
                edges.append(Part.makeLine(_v(seg['line'][0]), _v(seg['line'][1])))
            else:
                a, m, b = seg['arc']
                edges.append(Part.Arc(_v(a), _v(m), _v(b)).toShape())
        path = Part.Wire(edges)
        prof = Part.Wire(Part.makeCircle(n['r'], _v(n['path'][0]['line'][0]), _v(n['start_dir'])))
        ps = Part.BRepOffsetAPI.MakePipeShell(path)
        ps.setFrenetMode(True)
        ps.add(prof)
        ps.build(); ps.makeSolid()
        return ps.shape()
    if op == 'offset2d':
        P = [V(a, b, 0) for a, b in n['pts']]
        w = Part.makePolygon(P + [P[0]])
        w2 = w.makeOffset2D(n['d'], 0)   # join=0 -> arcs at corners
        return Part.Face(w2).extrude(V(0, 0, n['h']))
    if op == 'thickness':
        s = build(n['shape'])
        zt = s.BoundBox.ZMax
        faces = [f for f in s.Faces if abs(f.CenterOfMass.z - zt) < 1e-6 and abs(f.BoundBox.ZMax - f.BoundBox.ZMin) < 1e-6]
        return s.makeThickness(faces, -n['t'], 1e-3)
    if op == 'fuse':
        ch = [build(c) for c in n['children']]
        r = ch[0]
        for c in ch[1:]: r = r.fuse(c)
        return r.removeSplitter()
    if op == 'cut':
        r = build(n['base'])
        for t in n['tools']: r = r.cut(build(t))
        return r.removeSplitter()
    if op == 'common':
        ch = [build(c) for c in n['children']]
        r = ch[0]
        for c in ch[1:]: r = r.common(c)
        return r.removeSplitter()
    if op == 'fillet':
        s = build(n['shape'])
        return s.makeFillet(n['r'], _sel_edges(s, n['edges']))
    if op == 'chamfer':
        s = build(n['shape'])
        return s.makeChamfer(n['d'], _sel_edges(s, n['edges']))
    raise ValueError(op)
