"""Tiny CSG interpreter: part dict -> Part.Shape (FreeCAD 0.20 Part API)."""
import sys, math
sys.path.append('/usr/lib/freecad-python3/lib')
import FreeCAD, Part
V = FreeCAD.Vector

def vec(p): return V(*[float(c) for c in p])

def _place(shape, n):
    if 'rot' in n:   # [[axis], deg] about origin
        ax, deg = n['rot']
        shape.rotate(V(0, 0, 0), vec(ax), float(deg))
    if 'move' in n:
        shape.translate(vec(n['move']))
    return shape

def select_edges(shape, sel):
    out = []
    tol = 1e-4
    for e in shape.Edges:
        c = e.Curve
        if 'dir' in sel:
            if not isinstance(c, Part.Line): continue
            d = (e.Vertexes[-1].Point - e.Vertexes[0].Point)
            d.normalize()
            ax = {'x': V(1,0,0), 'y': V(0,1,0), 'z': V(0,0,1)}[sel['dir']]
            if abs(abs(d.dot(ax)) - 1) > 1e-6: continue
        if 'circle_r' in sel:
            if not isinstance(c, Part.Circle) or abs(c.Radius - sel['circle_r']) > 1e-6: continue
        if 'box' in sel:
            b = e.BoundBox
            x0, y0, z0, x1, y1, z1 = sel['box']
            if not (b.XMin >= x0-tol and b.YMin >= y0-tol and b.ZMin >= z0-tol and
                    b.XMax <= x1+tol and b.YMax <= y1+tol and b.ZMax <= z1+tol): continue
        out.append(e)
    return out

def build(n):
    op = n['op']
    if op == 'box':
        s = Part.makeBox(*[float(v) for v in n['size']])
        s.translate(vec(n.get('at', [0, 0, 0])))
    elif op == 'cyl':
        s = Part.makeCylinder(float(n['r']), float(n['h']), vec(n.get('at', [0,0,0])), vec(n.get('dir', [0,0,1])))
    elif op == 'cone':
        s = Part.makeCone(float(n['r1']), float(n['r2']), float(n['h']), vec(n.get('at', [0,0,0])), vec(n.get('dir', [0,0,1])))
    elif op == 'sphere':
        s = Part.makeSphere(float(n['r']), vec(n.get('at', [0,0,0])))
    elif op == 'torus':
        s = Part.makeTorus(float(n['R']), float(n['r']), vec(n.get('at', [0,0,0])), vec(n.get('dir', [0,0,1])))
    elif op == 'prism':   # polygon in XY, extruded +Z by h, then rot/move
        pts = [V(p[0], p[1], 0) for p in n['pts']]
        w = Part.makePolygon(pts + [pts[0]])
        s = Part.Face(w).extrude(V(0, 0, float(n['h'])))
    elif op == 'revolve':  # profile pts (r, z) in XZ plane, revolved about Z
        pts = [V(p[0], 0, p[1]) for p in n['pts']]
        w = Part.makePolygon(pts + [pts[0]])
        s = Part.Face(w).revolve(V(0,0,0), V(0,0,1), float(n.get('angle', 360)))
    elif op == 'loft':
        wires = []
        for sec in n['sections']:
            z = float(sec['z'])
            if sec['shape'] == 'rect':
                a, b = sec['w']/2.0, sec['d']/2.0
                p = [V(-a,-b,z), V(a,-b,z), V(a,b,z), V(-a,b,z)]
                wires.append(Part.makePolygon(p + [p[0]]))
            elif sec['shape'] == 'circle':
                wires.append(Part.Wire(Part.makeCircle(float(sec['r']), V(0,0,z))))
        s = Part.makeLoft(wires, True, bool(n.get('ruled', True)))
    elif op == 'sweep':   # circle radius r along path of lines/arcs (3D points)
        edges = []
        for seg in n['path']:
            if 'line' in seg:
                edges.append(Part.makeLine(vec(seg['line'][0]), vec(seg['line'][1])))
            else:
                a, m, b = seg['arc']
                edges.append(Part.Arc(vec(a), vec(m), vec(b)).toShape())
        path = Part.Wire(edges)
        e0 = edges[0]
        start = e0.valueAt(e0.FirstParameter)
        tan = e0.tangentAt(e0.FirstParameter)
        def solid(r):
            prof = Part.Wire(Part.makeCircle(float(r), start, tan))
            ps = Part.BRepOffsetAPI.MakePipeShell(path)
            ps.setFrenetMode(True)
            ps.add(prof)
            ps.build(); ps.makeSolid()
            return ps.shape()
        s = solid(n['r'])
        if n.get('r_in'):
            s = s.cut(solid(n['r_in']))
    elif op == 'fuse':
        parts = [build(c) for c in n['of']]
        s = parts[0]
        for p in parts[1:]:
            s = s.fuse(p)
        s = s.removeSplitter()
    elif op == 'cut':
        s = build(n['base'])
        for t in n['tools']:
            s = s.cut(build(t))
        s = s.removeSplitter()
    elif op in ('fillet', 'chamfer'):
        base = build(n['of'])
        edges = []
        for sel in n['edges']:
            edges += select_edges(base, sel)
        if len(edges) != n['n_edges']:
            raise RuntimeError('%s: selected %d edges, expected %d' % (op, len(edges), n['n_edges']))
        if op == 'fillet':
            s = base.makeFillet(float(n['r']), edges)
        else:
            s = base.makeChamfer(float(n['d']), edges)
    else:
        raise ValueError(op)
    if op not in ('box', 'cyl', 'cone', 'sphere', 'torus'):
        s = _place(s, n)
    else:
        s = _place(s, n)
    return s
