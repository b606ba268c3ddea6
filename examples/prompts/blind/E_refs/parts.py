# Part data for set E (written before any prompt text).
# Each part is a small CSG tree. Units: mm. Angles: degrees.
# Primitives:
#   box      size [x,y,z], at = min corner
#   cyl      d, h, at = centre of base disc, dir = axis direction
#   cone     d1 (at base), d2 (at top), h, at, dir
#   sphere   d, at = centre
#   hemi     d, at = centre of flat face, dir = towards the dome
#   torus    R (centre-line radius), r (tube radius), at, dir = axis
#   prism    poly [[u,v]...] in plane "XY" (u=x,v=y, extruded +z from off)
#            "XZ" (u=x,v=z, extruded +y from off), "YZ" (u=y,v=z, extruded +x from off); h
#   rrect    size [x,y], r (corner radius), h, at = min corner (XY, extruded +z)
#   stadium  c1, c2 (arc centres, in plane), w (width), plane, off, h
#   revolve  profile [[r,z]...] (XZ plane, x=r), angle about Z
#   loft     sections: list of {rect:[w,l], z} (centred on Z axis), ruled
#   pipe     d, path: list of {"line":[p0,p1]} / {"arc":[p0,pm,p1]}
# Operations: union [..], cut [base, tools...], common [..],
#   fillet {r, edges, of}, chamfer {d, edges, of}, shell {t, open (face selector), of}
# Edge / face selectors: list of alternatives; each alternative is a dict of
#   on: {axis: value}  every point of the edge/face has that coordinate
#   par: "x"|"y"|"z"    straight edge parallel to that axis
#   circ: radius        circular edge of that radius
#   within: [[xmin,ymin,zmin],[xmax,ymax,zmax]]  edge bbox inside this box
import math

X, Y, Z = [1, 0, 0], [0, 1, 0], [0, 0, 1]
NX, NY, NZ = [-1, 0, 0], [0, -1, 0], [0, 0, -1]


def box(sx, sy, sz, at=(0, 0, 0)):
    return {"op": "box", "size": [sx, sy, sz], "at": list(at)}


def cyl(d, h, at=(0, 0, 0), dir=Z):
    return {"op": "cyl", "d": d, "h": h, "at": list(at), "dir": list(dir)}


def cone(d1, d2, h, at=(0, 0, 0), dir=Z):
    return {"op": "cone", "d1": d1, "d2": d2, "h": h, "at": list(at), "dir": list(dir)}


def sphere(d, at=(0, 0, 0)):
    return {"op": "sphere", "d": d, "at": list(at)}


def hemi(d, at=(0, 0, 0), dir=Z):
    return {"op": "hemi", "d": d, "at": list(at), "dir": list(dir)}


def torus(R, r, at=(0, 0, 0), dir=Z):
    return {"op": "torus", "R": R, "r": r, "at": list(at), "dir": list(dir)}


def prism(poly, h, plane="XY", off=0):
    return {"op": "prism", "poly": [list(p) for p in poly], "h": h, "plane": plane, "off": off}


def rrect(sx, sy, r, h, at=(0, 0, 0)):
    return {"op": "rrect", "size": [sx, sy], "r": r, "h": h, "at": list(at)}


def stadium(c1, c2, w, h, plane="XY", off=0):
    return {"op": "stadium", "c1": list(c1), "c2": list(c2), "w": w, "h": h, "plane": plane, "off": off}


def union(*a):
    return {"op": "union", "of": list(a)}


def cut(base, *tools):
    return {"op": "cut", "of": [base] + list(tools)}


def common(*a):
    return {"op": "common", "of": list(a)}


def fillet(r, edges, of):
    return {"op": "fillet", "r": r, "edges": edges, "of": of}


def chamfer(d, edges, of):
    return {"op": "chamfer", "d": d, "edges": edges, "of": of}


def shell(t, open_, of):
    return {"op": "shell", "t": t, "open": open_, "of": of}


def thru_z(d, x, y, z0=-1, h=None, top=None):
    """vertical through hole helper"""
    return cyl(d, h, (x, y, z0))


IN = 25.4
PARTS = {}

# ---------------------------------------------------------------- steps (24)
# E001 plate 120x80x10, 4x Ø8 through 10 from edges, R10 vertical corners
PARTS["E001"] = cut(
    fillet(10, [{"par": "z"}], box(120, 80, 10)),
    *[cyl(8, 12, (x, y, -1)) for x in (10, 110) for y in (10, 70)])

# E002 block 60x40x30, centred rectangular pocket, hole through pocket floor, chamfer top outer edges 3
PARTS["E002"] = chamfer(3, [{"on": {"z": 30, "y": 0}}, {"on": {"z": 30, "y": 40}},
                            {"on": {"z": 30, "x": 0}}, {"on": {"z": 30, "x": 60}}],
                        cut(box(60, 40, 30), box(40, 20, 13, (10, 10, 18)), cyl(10, 32, (30, 20, -1))))

# E003 disc, centre bore with counterbore, 6 holes on PCD 60, chamfer outer top edge 2
PARTS["E003"] = chamfer(2, [{"circ": 40, "on": {"z": 12}}],
                        cut(cyl(80, 12),
                            cyl(20, 14, (0, 0, -1)),
                            cyl(32, 5, (0, 0, 8)),
                            *[cyl(6, 14, (30 * math.cos(math.radians(a)), 30 * math.sin(math.radians(a)), -1))
                              for a in range(0, 360, 60)]))

# E004 L-bracket, holes in each leg, inside fillet R5
PARTS["E004"] = cut(
    fillet(5, [{"par": "x", "on": {"y": 42, "z": 8}}], union(box(80, 50, 8), box(80, 8, 50, (0, 42, 0)))),
    cyl(9, 10, (20, 21, -1)), cyl(9, 10, (60, 21, -1)),
    cyl(9, 10, (20, 41, 30), Y), cyl(9, 10, (60, 41, 30), Y))

# E005 stepped shaft Ø30x40 / Ø20x50 / Ø12x25, chamfer 3 on the Ø30 outer edge at the step, cross hole Ø5 25 from shoulder
PARTS["E005"] = cut(
    chamfer(3, [{"circ": 15, "on": {"z": 40}}],
            union(cyl(30, 40), cyl(20, 50, (0, 0, 40)), cyl(12, 25, (0, 0, 90)))),
    cyl(5, 30, (-15, 0, 65), X))

# E006 box shelled 2.5 open top, Ø12 hole in one 60x40 end wall centred
PARTS["E006"] = cut(shell(2.5, [{"on": {"z": 40}}], box(100, 60, 40)),
                    cyl(12, 5, (-1, 30, 20), X))

# E007 block 50x50x20, R8 vertical edges, centred through slot 30x10 along X, 2 blind holes Ø8x12
PARTS["E007"] = cut(fillet(8, [{"par": "z"}], box(50, 50, 20)),
                    stadium((15, 25), (35, 25), 10, 22, "XY", -1),
                    cyl(8, 13, (25, 8, 8)), cyl(8, 13, (25, 42, 8)))

# E008 base 90x40x15, Ø30 boss 25 high on top centre, Ø16 through, chamfer boss top 3; base corners R10
PARTS["E008"] = cut(
    chamfer(3, [{"circ": 15, "on": {"z": 40}}],
            union(fillet(10, [{"par": "z"}], box(90, 40, 15)), cyl(30, 25, (45, 20, 15)))),
    cyl(16, 42, (45, 20, -1)))

# E009 knob Ø40x18, top edge R5, top recess Ø20x2, bottom blind hole Ø8x14
PARTS["E009"] = cut(fillet(5, [{"circ": 20, "on": {"z": 18}}], cyl(40, 18)),
                    cyl(20, 3, (0, 0, 16)), cyl(8, 15, (0, 0, -1)))

# E010 block 70x30x25, chamfer vertical edges 4, 2 counterbored holes Ø6.6 / Ø11x6.5
PARTS["E010"] = cut(chamfer(4, [{"par": "z"}], box(70, 30, 25)),
                    *[cyl(6.6, 27, (x, 15, -1)) for x in (15, 55)],
                    *[cyl(11, 7.5, (x, 15, 18.5)) for x in (15, 55)])

# E011 tube OD50/ID40 overall 60 with flange Ø80x8 at the bottom, R5 fillet at joint, 4x Ø7 on PCD 66
PARTS["E011"] = cut(
    fillet(5, [{"circ": 25, "on": {"z": 8}}], union(cyl(80, 8), cyl(50, 60))),
    cyl(40, 62, (0, 0, -1)),
    *[cyl(7, 10, (33 * math.cos(math.radians(a)), 33 * math.sin(math.radians(a)), -1)) for a in (0, 90, 180, 270)])

# E012 block 80x40x30, 15 mm chamfer on one long top edge, 2 vertical through holes Ø8
PARTS["E012"] = cut(chamfer(15, [{"on": {"y": 0, "z": 30}}], box(80, 40, 30)),
                    cyl(8, 32, (20, 28, -1)), cyl(8, 32, (60, 28, -1)))

# E013 hex bar 30 A/F x 40 long, Ø12 through bore, Ø6 cross hole through two opposite flats at mid length
_hex = [[30 / math.sqrt(3) * math.cos(math.radians(a)), 30 / math.sqrt(3) * math.sin(math.radians(a))]
        for a in range(0, 360, 60)]
PARTS["E013"] = cut(prism(_hex, 40), cyl(12, 42, (0, 0, -1)), cyl(6, 34, (0, -17, 20), Y))

# E014 plate 100x100x6, 4x4 Ø5 grid pitch 20 centred, 10 mm chamfer on 4 vertical corners
PARTS["E014"] = cut(chamfer(10, [{"par": "z"}], box(100, 100, 6)),
                    *[cyl(5, 8, (x, y, -1)) for x in (20, 40, 60, 80) for y in (20, 40, 60, 80)])

# E015 base 60x60x10, post Ø24x50 on top centre, R6 fillet at post root, Ø10 through axis, 4x Ø6 at (±22,±22)
PARTS["E015"] = cut(
    fillet(6, [{"circ": 12, "on": {"z": 10}}], union(box(60, 60, 10, (-30, -30, 0)), cyl(24, 50, (0, 0, 10)))),
    cyl(10, 62, (0, 0, -1)),
    *[cyl(6, 12, (x, y, -1)) for x in (-22, 22) for y in (-22, 22)])

# E016 U-channel from 100x50x30: 30 wide x 20 deep channel along X, R5 inner bottom fillets, 3x Ø6 in web
PARTS["E016"] = cut(
    fillet(5, [{"par": "x", "on": {"z": 10, "y": 10}}, {"par": "x", "on": {"z": 10, "y": 40}}],
           cut(box(100, 50, 30), box(102, 30, 21, (-1, 10, 10)))),
    *[cyl(6, 12, (x, 25, -1)) for x in (20, 50, 80)])

# E017 cup: cylinder Ø60x40, R6 bottom outer edge, shell 3 open top, Ø10 hole in bottom centre
PARTS["E017"] = cut(shell(3, [{"on": {"z": 40}}], fillet(6, [{"circ": 30, "on": {"z": 0}}], cyl(60, 40))),
                    cyl(10, 5, (0, 0, -1)))

# E018 block 40x40x60 (tall), top edges chamfer 4, blind Ø12x30 from top centre, 2x Ø6 through front-to-back
PARTS["E018"] = cut(
    chamfer(4, [{"on": {"z": 60}}], box(40, 40, 60)),
    cyl(12, 31, (20, 20, 30)),
    cyl(6, 42, (20, -1, 15), Y), cyl(6, 42, (20, -1, 45), Y))

# E019 plate 80x40x8, R8 vertical edges, 2 countersunk holes Ø5.5 thru, 90° csk Ø11 at top
PARTS["E019"] = cut(fillet(8, [{"par": "z"}], box(80, 40, 8)),
                    *[cyl(5.5, 10, (x, 20, -1)) for x in (15, 65)],
                    *[cone(5.5, 12.5, 3.5, (x, 20, 5.25)) for x in (15, 65)])

# E020 disc Ø100x15, 4 pockets Ø20x5 on PCD 60 at 45°, centre Ø25 through, chamfer bottom outer edge 3
PARTS["E020"] = chamfer(3, [{"circ": 50, "on": {"z": 0}}],
                        cut(cyl(100, 15), cyl(25, 17, (0, 0, -1)),
                            *[cyl(20, 6, (30 * math.cos(math.radians(a)), 30 * math.sin(math.radians(a)), 10))
                              for a in (45, 135, 225, 315)]))

# E021 clevis: block 50x30x40, slot 14 wide 25 deep from top through Y, Ø10 pin hole along X at 10 below top, chamfer vertical edges 2
PARTS["E021"] = cut(chamfer(2, [{"par": "z"}], box(50, 30, 40)),
                    box(14, 32, 26, (18, -1, 15)),
                    cyl(10, 52, (-1, 15, 30), X))

# E022 bracket: base 60x40x6, wall 60x6x46 at back edge, centre gusset 6 thick with 30x30 legs, 2x Ø6.5 in base
PARTS["E022"] = cut(union(box(60, 40, 6), box(60, 6, 46, (0, 34, 0)),
                          prism([[34, 6], [34, 36], [4, 6]], 6, "YZ", 27)),
                    cyl(6.5, 8, (12, 17, -1)), cyl(6.5, 8, (48, 17, -1)))

# E023 block 60x60x20, R5 top edges, hemispherical pocket R15 at top centre, Ø6 through centre
PARTS["E023"] = cut(fillet(5, [{"on": {"z": 20}}], box(60, 60, 20)),
                    sphere(30, (30, 30, 20)), cyl(6, 22, (30, 30, -1)))

# E024 horizontal shaft Ø50x80 along X, D-flat 5 deep x 30 long at right end, Ø8 hole through the flat at 15 from end, chamfer left end 4
PARTS["E024"] = cut(chamfer(4, [{"circ": 25, "on": {"x": 0}}], cyl(50, 80, (0, 0, 0), X)),
                    box(31, 52, 10, (50, -26, 20)),
                    cyl(8, 52, (65, 0, -26)))

# ---------------------------------------------------------------- unions (12)
# E025 box 60x40x20 + Ø40x20 cylinder at end, Ø16 hole at cylinder centre, Ø10 hole 15 from square end
PARTS["E025"] = cut(union(box(60, 40, 20, (0, -20, 0)), cyl(40, 20, (60, 0, 0))),
                    cyl(16, 22, (60, 0, -1)), cyl(10, 22, (15, 0, -1)))

# E026 cylinder Ø30x60 + sphere Ø40 centred on top face
PARTS["E026"] = union(cyl(30, 60), sphere(40, (0, 0, 60)))

# E027 cylinder Ø40x20 + cone Ø40->Ø20 x30 on top, Ø10 axial through hole
PARTS["E027"] = cut(union(cyl(40, 20), cone(40, 20, 30, (0, 0, 20))), cyl(10, 52, (0, 0, -1)))

# E028 wheel: torus R30 r6 + two Ø12 spokes (X and Y, length 60) + Ø24 sphere hub
PARTS["E028"] = union(torus(30, 6), cyl(12, 60, (-30, 0, 0), X), cyl(12, 60, (0, -30, 0), Y), sphere(24))

# E029 plate 80x80x10 + hemisphere Ø60 dome up on top centre, Ø20 vertical through hole
PARTS["E029"] = cut(union(box(80, 80, 10, (-40, -40, 0)), hemi(60, (0, 0, 10))), cyl(20, 42, (0, 0, -1)))

# E030 bar 100x20x20 minus 3 spheres Ø16 centred on top face at x=20,50,80
PARTS["E030"] = cut(box(100, 20, 20), *[sphere(16, (x, 10, 20)) for x in (20, 50, 80)])

# E031 disc Ø50x10 + cone Ø50->point x25 on top, Ø8 blind hole 20 deep from bottom
PARTS["E031"] = cut(union(cyl(50, 10), cone(50, 0, 25, (0, 0, 10))), cyl(8, 21, (0, 0, -1)))

# E032 cube 50 intersected with sphere Ø65 at its centre
PARTS["E032"] = common(box(50, 50, 50, (-25, -25, -25)), sphere(65))

# E033 solid tee: Ø30x80 along X centred + Ø20 branch from axis up +Z 40; Ø16 bore along X, Ø10 bore down branch to main axis
PARTS["E033"] = cut(union(cyl(30, 80, (-40, 0, 0), X), cyl(20, 40, (0, 0, 0))),
                    cyl(16, 82, (-41, 0, 0), X), cyl(10, 41, (0, 0, 0)))

# E034 hairpin: half torus R20 r5 (y>=0) + two Ø10x30 legs from the ends along -Y
PARTS["E034"] = union(cut(torus(20, 5), box(60, 30, 20, (-30, -30, -10))),
                      cyl(10, 30, (20, 0, 0), NY), cyl(10, 30, (-20, 0, 0), NY))

# E035 spherical cap from Ø60 ball cut 10 above centre (cap height 20) + Ø20x15 cylinder under the flat face
PARTS["E035"] = union(cut(sphere(60), box(70, 70, 45, (-35, -35, -35))), cyl(20, 15, (0, 0, -5)))

# E036 bicone (two cones Ø50, each 20 high, base to base) minus Ø10 axial hole minus torus R25 r4 groove at equator
PARTS["E036"] = cut(union(cone(50, 0, 20, (0, 0, 0)), cone(50, 0, 20, (0, 0, 0), NZ)),
                    cyl(10, 42, (0, 0, -21)), torus(25, 4))

# ---------------------------------------------------------------- sweeps (6)
# E037 V-groove pulley by revolving a profile (r,z) 360°; bore Ø10
PARTS["E037"] = {"op": "revolve", "angle": 360,
                 "profile": [[5, 0], [30, 0], [30, 6], [24, 10], [30, 14], [30, 20], [5, 20]]}

# E038 rectangle r 30..40, z 0..20 revolved 180°
PARTS["E038"] = {"op": "revolve", "angle": 180, "profile": [[30, 0], [40, 0], [40, 20], [30, 20]]}

# E039 ruled loft: square 40x40 at z=0 to rectangle 20x60 at z=50 (the 20 along the same axis as one 40 side)
PARTS["E039"] = {"op": "loft", "ruled": True, "sections": [{"rect": [40, 40], "z": 0}, {"rect": [20, 60], "z": 50}]}

# E040 ruled loft: rect 60x30 at z0 to rect 30x15 at z40, Ø10 vertical through hole
PARTS["E040"] = cut({"op": "loft", "ruled": True, "sections": [{"rect": [60, 30], "z": 0}, {"rect": [30, 15], "z": 40}]},
                    cyl(10, 42, (0, 0, -1)))

# E041 Ø10 rod swept along: line 50 up Z, 90° arc R30 toward +X, line 40 along X
_c = 30 - 30 * math.cos(math.radians(45))
PARTS["E041"] = {"op": "pipe", "d": 10, "path": [
    {"line": [[0, 0, 0], [0, 0, 50]]},
    {"arc": [[0, 0, 50], [_c, 0, 50 + 30 * math.sin(math.radians(45))], [30, 0, 80]]},
    {"line": [[30, 0, 80], [70, 0, 80]]}]}

# E042 frame: outline of a 60x40 rectangle offset outward 5 (round corners), minus the rectangle, 8 thick
PARTS["E042"] = cut(rrect(70, 50, 5, 8, (-5, -5, 0)), box(60, 40, 10, (0, 0, -1)))

# ---------------------------------------------------------------- shop (12)
# E043 plate 4.00 x 3.00 x .250 in, 4X Ø.266 THRU on 3.250 x 2.250, 4X R.375 corners
PARTS["E043"] = cut(fillet(0.375 * IN, [{"par": "z"}], box(4 * IN, 3 * IN, 0.25 * IN)),
                    *[cyl(0.266 * IN, 0.25 * IN + 2, (2 * IN + sx * 1.625 * IN, 1.5 * IN + sy * 1.125 * IN, -1))
                      for sx in (-1, 1) for sy in (-1, 1)])

# E044 printed tray 120x80x25, 2 walls, 2 floor, open top, 2 full-height dividers 1.6 across the width, 3 equal bays
_bay = (116 - 2 * 1.6) / 3
PARTS["E044"] = union(shell(2, [{"on": {"z": 25}}], box(120, 80, 25)),
                      box(1.6, 78, 24, (2 + _bay, 1, 1)), box(1.6, 78, 24, (2 + 2 * _bay + 1.6, 1, 1)))

# E045 angle 2 x 2 x 1/4 in, 3 long, Ø.375 hole in each leg, 1.25 from heel, centred on length
PARTS["E045"] = cut(union(box(3 * IN, 2 * IN, 0.25 * IN), box(3 * IN, 0.25 * IN, 2 * IN)),
                    cyl(0.375 * IN, 0.25 * IN + 2, (1.5 * IN, 1.25 * IN, -1)),
                    cyl(0.375 * IN, 0.25 * IN + 2, (1.5 * IN, -1, 1.25 * IN), Y))

# E046 turned shaft OAL 120: Ø20x30 | Ø25x70 | Ø16x20; groove 3 wide to Ø21, 10 from the Ø20 shoulder; 1x45 both ends
PARTS["E046"] = cut(chamfer(1, [{"circ": 10, "on": {"z": 0}}, {"circ": 8, "on": {"z": 120}}],
                            union(cyl(20, 30), cyl(25, 70, (0, 0, 30)), cyl(16, 20, (0, 0, 100)))),
                    cut(cyl(30, 3, (0, 0, 40)), cyl(21, 5, (0, 0, 39))))

# E047 flange Ø120x15 + hub Ø60 (OAL 40), bore Ø40 THRU, C3 both bore ends, 6X Ø11 EQ SP on Ø95
PARTS["E047"] = cut(chamfer(3, [{"circ": 20}],
                            cut(union(cyl(120, 15), cyl(60, 40)), cyl(40, 42, (0, 0, -1)))),
                    *[cyl(11, 17, (47.5 * math.cos(math.radians(a)), 47.5 * math.sin(math.radians(a)), -1))
                      for a in range(0, 360, 60)])

# E048 washer OD 1.500, ID .750, .500 thick, .04x45 chamfer on OD both sides (inches)
PARTS["E048"] = chamfer(0.04 * IN, [{"circ": 0.75 * IN}],
                        cut(cyl(1.5 * IN, 0.5 * IN), cyl(0.75 * IN, 0.5 * IN + 2, (0, 0, -1))))

# E049 NEMA 17 plate 60x60x5, Ø22.5 centre, 4X Ø3.4 on 31 square, 4X R5 corners
PARTS["E049"] = cut(fillet(5, [{"par": "z"}], box(60, 60, 5, (-30, -30, 0))),
                    cyl(22.5, 7, (0, 0, -1)),
                    *[cyl(3.4, 7, (x, y, -1)) for x in (-15.5, 15.5) for y in (-15.5, 15.5)])

# E050 printed project box 80x50x30, 2 walls/floor, open top, 4 posts Ø7 at 5 from outside, tops 3 below rim, Ø2.5x10 holes
_posts = [(x, y) for x in (5, 75) for y in (5, 45)]
PARTS["E050"] = cut(union(shell(2, [{"on": {"z": 30}}], box(80, 50, 30)),
                          *[cyl(7, 26, (x, y, 1)) for x, y in _posts]),
                    *[cyl(2.5, 11, (x, y, 17)) for x, y in _posts])

# E051 vise jaw 4.00 x 1.00 x .50 in, 2X Ø.281 THRU, C'BORE Ø.438 x .28 DP, 2.750 apart, .10x45 on top front edge
PARTS["E051"] = cut(chamfer(0.10 * IN, [{"on": {"y": 0, "z": IN}}], box(4 * IN, 0.5 * IN, IN)),
                    *[cyl(0.281 * IN, 0.5 * IN + 2, (2 * IN + s * 1.375 * IN, -1, 0.5 * IN), Y) for s in (-1, 1)],
                    *[cyl(0.438 * IN, 0.28 * IN + 1, (2 * IN + s * 1.375 * IN, -1, 0.5 * IN), Y) for s in (-1, 1)])

# E052 bearing block 60x60x30, R6 vertical edges, Ø22x7 pocket top centre, Ø15 thru, 4X Ø5.5 on 48 square
PARTS["E052"] = cut(fillet(6, [{"par": "z"}], box(60, 60, 30, (-30, -30, 0))),
                    cyl(22, 8, (0, 0, 23)), cyl(15, 32, (0, 0, -1)),
                    *[cyl(5.5, 32, (x, y, -1)) for x in (-24, 24) for y in (-24, 24)])

# E053 shaft Ø20x60, 1.5x45 both ends, keyway 6 wide 3.5 deep 25 long round ends, 5 from the top end
PARTS["E053"] = cut(chamfer(1.5, [{"circ": 10}], cyl(20, 60)),
                    stadium((0, 33), (0, 52), 6, 10, "YZ", 6.5))

# E054 perforated plate 150x100x3, 7x5 Ø8 at 20 pitch centred, 4X R10 corners
PARTS["E054"] = cut(fillet(10, [{"par": "z"}], box(150, 100, 3)),
                    *[cyl(8, 5, (15 + 20 * i, 10 + 20 * j, -1)) for i in range(7) for j in range(5)])

# ---------------------------------------------------------------- refuse (6)
PARTS["E055"] = {"op": "none", "why": "plate thickness never given"}
PARTS["E056"] = {"op": "none", "why": "engraved text"}
PARTS["E057"] = {"op": "none", "why": "modelled helical thread"}
PARTS["E058"] = {"op": "none", "why": "ergonomic hand-fitting grip"}
PARTS["E059"] = {"op": "none", "why": "hinge assembly with moving leaves and pin"}
PARTS["E060"] = {"op": "none", "why": "decorative Voronoi pattern"}
