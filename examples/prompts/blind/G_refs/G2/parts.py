"""G2 parts as CSG data. Units mm. Coordinates: X right, Y back, Z up.
Node ops:
 box{size,at(min corner)}  cyl{r,h,at(base centre),dir}  cone{r1,r2,h,at,dir}  sphere{r,at}  torus{R,r,at,dir}
 prism{pts(2D),h,plane XY|XZ|YZ,off}  (XY: pts=(x,y) extrude +Z from z=off; XZ: pts=(x,z) extrude +Y from y=off;
                                        YZ: pts=(y,z) extrude +X from x=off)
 revolve{pts=(r,z) closed polygon, angle deg about Z, starting at +X toward +Y}
 loft{sections:[{rect:[w,d],z} | {circle:r,z}]} centred on Z axis, solid ruled=False
 sweep{r, path:[["line",p0,p1] | ["arc",p0,pmid,p1]]} solid circular profile
 offset2d{rect:[w,d] centred at origin, d, h}  rectangle wire offset outward with arc joins, extruded +Z
 fuse{children} cut{base,tools} common{children}
 fillet/chamfer{child,r,edges:[selector...]} selector: {kind: line|circle, dir: X|Y|Z, radius, box:[[min],[max]]}
"""
import math

def box(sx, sy, sz, at=(0, 0, 0)): return {"op": "box", "size": [sx, sy, sz], "at": list(at)}
def cyl(r, h, at=(0, 0, 0), d="Z"): return {"op": "cyl", "r": r, "h": h, "at": list(at), "dir": d}
def cone(r1, r2, h, at=(0, 0, 0), d="Z"): return {"op": "cone", "r1": r1, "r2": r2, "h": h, "at": list(at), "dir": d}
def sphere(r, at=(0, 0, 0)): return {"op": "sphere", "r": r, "at": list(at)}
def torus(R, r, at=(0, 0, 0), d="Z"): return {"op": "torus", "R": R, "r": r, "at": list(at), "dir": d}
def prism(pts, h, plane="XY", off=0): return {"op": "prism", "pts": [list(p) for p in pts], "h": h, "plane": plane, "off": off}
def fuse(*c): return {"op": "fuse", "children": list(c)}
def cut(base, *t): return {"op": "cut", "base": base, "tools": list(t)}
def common(*c): return {"op": "common", "children": list(c)}
def fillet(c, r, *sel): return {"op": "fillet", "child": c, "r": r, "edges": list(sel)}
def chamfer(c, r, *sel): return {"op": "chamfer", "child": c, "r": r, "edges": list(sel)}
def sel(kind=None, d=None, radius=None, bx=None):
    s = {}
    if kind: s["kind"] = kind
    if d: s["dir"] = d
    if radius is not None: s["radius"] = radius
    if bx: s["box"] = bx
    return s
def hexagon(flats, cx=0, cy=0):
    R = flats / math.sqrt(3)
    return [[round(cx + R * math.cos(math.radians(60 * i)), 9), round(cy + R * math.sin(math.radians(60 * i)), 9)] for i in range(6)]
BIG = 1e4
def zone(x=(-BIG, BIG), y=(-BIG, BIG), z=(-BIG, BIG)):
    return [[x[0], y[0], z[0]], [x[1], y[1], z[1]]]

P = {}
# ---------------- steps ----------------
P["G201"] = cut(fillet(box(80, 50, 12), 6, sel("line", "Z")),
                cyl(5, 14, (40, 25, -1)),
                *[cyl(2.5, 14, (x, y, -1)) for x in (8, 72) for y in (8, 42)])
P["G202"] = cut(box(60, 40, 20), box(30, 20, 9, (15, 10, 12)), cyl(3, 22, (30, 20, -1)))
P["G203"] = cut(cyl(25, 30), cyl(10, 19, (0, 0, 12)), box(60, 6, 11, (-30, -3, 20)))
P["G204"] = cut(box(100, 30, 25), cyl(6, 102, (-1, 15, 12.5), "X"), box(102, 8, 9, (-1, 22, 17)))
P["G205"] = cut(prism([(0, 0), (60, 0), (60, 8), (8, 8), (8, 50), (0, 50)], 40, "XZ", 0),
                cyl(3, 10, (40, 10, -1)), cyl(3, 10, (40, 30, -1)), cyl(4, 10, (-1, 20, 35), "X"))
P["G206"] = cut(chamfer(fuse(cyl(20, 10), cyl(10, 15, (0, 0, 10))), 2, sel("circle", radius=10, bx=zone(z=(24.9, 25.1)))),
                cyl(4, 27, (0, 0, -1)))
P["G207"] = cut(chamfer(box(120, 20, 20), 3, sel(bx=zone(x=(-0.1, 0.1))), sel(bx=zone(x=(119.9, 120.1)))),
                *[cyl(3, 22, (x, 10, -1)) for x in (20, 40, 60, 80, 100)])
P["G208"] = cut(fillet(cyl(15, 20), 3, sel("circle", bx=zone(z=(19.9, 20.1)))), cyl(3, 13, (0, 0, -1)))
P["G209"] = cut(fuse(cyl(30, 8), prism(hexagon(30), 12, "XY", 8)), cyl(8, 22, (0, 0, -1)))
P["G210"] = cut(box(40, 40, 40), cyl(10, 42, (-1, 20, 20), "X"), cyl(10, 42, (20, -1, 20), "Y"), cyl(10, 42, (20, 20, -1), "Z"))
P["G211"] = cut(fillet(box(100, 60, 5), 10, sel("line", "Z")), box(60, 30, 7, (20, 15, -1)),
                *[cyl(2, 7, (x, y, -1)) for x in (6, 94) for y in (6, 54)])
P["G212"] = cut(cyl(12.5, 40), cyl(7.5, 42, (0, 0, -1)), cyl(2.5, 14, (0, 0, 20), "X"))
P["G213"] = cut(fuse(box(70, 30, 10), cyl(12, 15, (20, 15, 10)), cyl(12, 15, (50, 15, 10))),
                cyl(5, 27, (20, 15, -1)), cyl(5, 27, (50, 15, -1)))
P["G214"] = cut(chamfer(cyl(40, 6), 1.5, sel("circle", radius=40, bx=zone(z=(5.9, 6.1)))), cyl(15, 8, (0, 0, -1)),
                *[cyl(4, 8, (30 * math.cos(math.radians(a)), 30 * math.sin(math.radians(a)), -1)) for a in range(0, 360, 60)])
P["G215"] = cut(box(60, 40, 30), box(50, 30, 26, (5, 5, 5)), cyl(5, 7, (30, -1, 15), "Y"))
P["G216"] = cut(prism([(0, 0), (80, 0), (80, 30), (60, 30)], 40, "XZ", 0), cyl(4, 32, (70, 20, -1)))
P["G217"] = cut(box(50, 50, 10), cyl(20, 7, (25, 25, 4)), *[cyl(2.5, 12, (25 + a, 25 + b, -1)) for a in (-18, 18) for b in (-18, 18)])
P["G218"] = cut(fillet(box(150, 25, 10), 5, sel("line", "Z")),
                box(32, 8, 12, (59, 8.5, -1)), cyl(4, 12, (59, 12.5, -1)), cyl(4, 12, (91, 12.5, -1)),
                cyl(4, 12, (15, 12.5, -1)), cyl(4, 12, (135, 12.5, -1)))
P["G219"] = cut(chamfer(fuse(cyl(10, 70, (0, 0, 0), "X"), cyl(7, 30, (70, 0, 0), "X")), 2,
                        sel("circle", radius=10, bx=zone(x=(-0.1, 0.1))), sel("circle", radius=7, bx=zone(x=(99.9, 100.1)))),
                cyl(2.5, 22, (15, 0, -11)))
P["G220"] = cut(chamfer(box(12, 40, 60, (-6, 0, 0)), 5, sel("line", "X", bx=zone(z=(59.9, 60.1)))), cyl(5, 14, (-7, 20, 45), "X"))
# ---------------- unions ----------------
P["G221"] = fuse(box(50, 50, 10), cyl(10, 30, (25, 25, 10)), sphere(10, (25, 25, 40)))
P["G222"] = fuse(box(100, 20, 10), box(20, 10, 60, (40, 5, 10)))
P["G223"] = cut(fuse(cyl(15, 80, (-40, 0, 0), "X"), cyl(15, 80, (0, -40, 0), "Y")), cyl(5, 32, (0, 0, -16)))
P["G224"] = common(box(30, 30, 30, (-15, -15, -15)), sphere(18))
P["G225"] = cut(fuse(cyl(20, 20), cone(20, 10, 30, (0, 0, 20))), cyl(4, 52, (0, 0, -1)))
P["G226"] = cut(fuse(cyl(10, 80, (-40, 0, 0), "X"), cyl(10, 40, (0, 0, 0))), cyl(7, 82, (-41, 0, 0), "X"), cyl(7, 41, (0, 0, 0)))
P["G227"] = cut(box(60, 40, 20), cyl(10, 42, (60, -1, 20), "Y"), cyl(5, 22, (20, 20, -1)))
P["G228"] = fuse(torus(30, 5), cyl(5, 60, (-30, 0, 0), "X"), cyl(5, 60, (0, -30, 0), "Y"))
P["G229"] = cut(fuse(box(80, 40, 10), cyl(20, 10, (0, 20, 0)), cyl(20, 10, (80, 20, 0))), cyl(5, 12, (0, 20, -1)), cyl(5, 12, (80, 20, -1)))
P["G230"] = cut(sphere(20), cyl(4, 42, (0, 0, -21)), box(50, 50, 10, (-25, -25, 15)), box(50, 50, 10, (-25, -25, -25)))
# ---------------- sweeps ----------------
P["G231"] = {"op": "revolve", "pts": [[10, 0], [30, 0], [30, 6], [16, 6], [16, 30], [10, 30]], "angle": 360}
P["G232"] = {"op": "revolve", "pts": [[20, 0], [30, 0], [30, 10], [20, 10]], "angle": 180}
P["G233"] = {"op": "loft", "sections": [{"rect": [40, 40], "z": 0}, {"circle": 10, "z": 30}]}
_m = (20 - 20 * math.cos(math.radians(45)), 0, 30 + 20 * math.sin(math.radians(45)))
P["G234"] = {"op": "sweep", "r": 5, "path": [["line", [0, 0, 0], [0, 0, 30]], ["arc", [0, 0, 30], list(_m), [20, 0, 50]],
                                             ["line", [20, 0, 50], [50, 0, 50]]]}
P["G235"] = cut({"op": "offset2d", "rect": [40, 20], "d": 5, "h": 8}, box(40, 20, 10, (-20, -10, -1)))
# ---------------- shop ----------------
P["G236"] = cut(fuse(cyl(50, 12), cyl(25, 20, (0, 0, 12))), cyl(15, 34, (0, 0, -1)),
                *[cyl(5, 14, (37.5 * math.cos(math.radians(a)), 37.5 * math.sin(math.radians(a)), -1)) for a in (45, 135, 225, 315)])
P["G237"] = chamfer(cut(fuse(cyl(10, 25), cyl(14, 4)), cyl(6, 27, (0, 0, -1))), 1, sel("circle", radius=6))
P["G238"] = cut(prism([(0, 0), (50, 0), (50, 5), (5, 5), (5, 50), (0, 50)], 40, "XZ", 0),
                cyl(3, 7, (30, 10, -1)), cyl(3, 7, (30, 30, -1)), cyl(3, 7, (-1, 10, 30), "X"), cyl(3, 7, (-1, 30, 30), "X"))
P["G239"] = cut(box(100, 60, 40), box(95, 55, 38, (2.5, 2.5, 3)), cyl(6, 4.5, (-1, 30, 15), "X"))
P["G240"] = cut(cyl(20, 12), cyl(10, 14, (0, 0, -1)), box(22, 2, 14, (0, -1, -1)), cyl(2, 44, (15, -22, 6), "Y"))
P["G241"] = cut(box(200, 20, 5), *[cyl(2.75, 7, (12.5 + 25 * k, 10, -1)) for k in range(8)])
P["G242"] = cut(box(40, 30, 25), cyl(3.4, 16, (20, 15, 10)), cyl(2.75, 32, (10, -1, 8), "Y"), cyl(2.75, 32, (30, -1, 8), "Y"))
P["G243"] = cut(box(60, 20, 40), cyl(11, 22, (30, -1, 25), "Y"), cyl(3, 42, (8, 10, -1)), cyl(3, 42, (52, 10, -1)))
P["G244"] = fuse(box(100, 60, 3), cut(box(95, 55, 4, (2.5, 2.5, -4)), box(91, 51, 6, (4.5, 4.5, -5))))
P["G245"] = cut(prism(hexagon(10), 20, "XY", 0), cyl(1.6, 22, (0, 0, -1)))

PI = math.pi
S3 = math.sqrt(3)
# hand-computed volume formulas (mm^3)
HAND = {
    "G201": 80*50*12 - (4 - PI)*36*12 - PI*25*12 - 4*PI*6.25*12,
    "G202": 60*40*20 - 30*20*8 - PI*9*12,
    "G204": 100*30*25 - PI*36*100 - 8*8*100,
    "G205": (60*8 + 8*42)*40 - 2*PI*9*8 - PI*16*8,
    "G206": PI*400*10 + PI*100*15 - 0.5*4*2*PI*(10 - 2/3) - PI*16*25,
    "G209": PI*900*8 + S3/2*900*12 - PI*64*20,
    "G211": 5*(6000 - (4 - PI)*100 - 1800 - 4*PI*4),
    "G213": 70*30*10 + 2*PI*144*15 - 2*PI*25*25,
    "G215": 60*40*30 - 50*30*25 - PI*25*5,
    "G216": (0.5*60*30 + 20*30)*40 - PI*16*30,
    "G217": 50*50*10 - PI*400*6 - 4*PI*6.25*10,
    "G218": 150*25*10 - (4 - PI)*25*10 - (32*8 + PI*16)*10 - 2*PI*16*10,
    "G220": 12*40*60 - 2*12.5*12 - PI*25*12,
    "G221": 50*50*10 + PI*100*30 + 2/3*PI*1000,
    "G222": 100*20*10 + 20*10*60,
    "G225": PI*400*20 + PI*30/3*(400 + 200 + 100) - PI*16*50,
    "G227": 60*40*20 - PI*100/4*40 - PI*25*20,
    "G229": 80*40*10 + PI*400*10 - 2*PI*25*10,
    "G231": PI*((900 - 100)*6 + (256 - 100)*24),
    "G232": PI/2*(900 - 400)*10,
    "G234": PI*25*(60 + 10*PI),
    "G235": (2*5*(40 + 20) + PI*25)*8,
    "G236": PI*2500*12 + PI*625*20 - PI*225*32 - 4*PI*25*12,
    "G237": PI*100*25 + PI*(196 - 100)*4 - PI*36*25 - 2*2*PI*(6 + 1/3)*0.5,
    "G238": (50*5 + 5*45)*40 - 4*PI*9*5,
    "G239": 100*60*40 - 95*55*37 - PI*36*2.5,
    "G241": 200*20*5 - 8*PI*2.75**2*5,
    "G242": 40*30*25 - PI*3.4**2*15 - 2*PI*2.75**2*30,
    "G243": 60*20*40 - PI*121*20 - 2*PI*9*40,
    "G244": 100*60*3 + (95*55 - 91*51)*4,
    "G245": S3/2*100*20 - PI*1.6**2*20,
}
REFUSE = ["G246", "G247", "G248", "G249", "G250"]
