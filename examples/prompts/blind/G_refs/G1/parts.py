"""Parts as data (G101-G150). Units mm. Written before the prompts."""
import math
IN = 25.4
def inch(x): return round(x * IN, 6)

def hexagon(af):   # flats perpendicular to X, centred at origin
    r = af / 2 / math.cos(math.radians(30))
    return [[round(r*math.cos(math.radians(30+60*i)), 6), round(r*math.sin(math.radians(30+60*i)), 6)] for i in range(6)]

def zc(r, x, y, z0, h):   # vertical cylinder
    return {"op": "cyl", "r": r, "h": h, "at": [x, y, z0], "dir": [0, 0, 1]}

def stadium(x0, x1, y, w, z0, h):   # slot along X, overall x0..x1, width w
    r = w / 2
    return {"op": "fuse", "of": [
        {"op": "box", "size": [x1 - x0 - w, w, h], "at": [x0 + r, y - r, z0]},
        zc(r, x0 + r, y, z0, h), zc(r, x1 - r, y, z0, h)]}

P = {}
# ---------------- steps ----------------
P["G101"] = {"cat": "steps", "persona": "machinist", "desc": "80x50x20 block, 4 vertical edges C2, centre Ø10 thru, C'bore Ø18 x 6 from top",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 2, "n_edges": 4, "edges": [{"dir": "z"}],
                                 "of": {"op": "box", "size": [80, 50, 20]}},
           "tools": [zc(5, 40, 25, 0, 20), zc(9, 40, 25, 14, 6)]}}
P["G102"] = {"cat": "steps", "persona": "engineer", "desc": "plate 120x60x8, R8 vertical corners, 4x Ø6.6 thru at 10 from edges, centre pocket 40x20 dp3",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 8, "n_edges": 4, "edges": [{"dir": "z"}],
                                 "of": {"op": "box", "size": [120, 60, 8]}},
           "tools": [zc(3.3, 10, 10, 0, 8), zc(3.3, 110, 10, 0, 8), zc(3.3, 10, 50, 0, 8), zc(3.3, 110, 50, 0, 8),
                     {"op": "box", "size": [40, 20, 3], "at": [40, 20, 5]}]}}
P["G103"] = {"cat": "steps", "persona": "hobbyist", "desc": "shaft Ø20x60 + Ø12x25 on top, C1 on top end edge, cross hole Ø4 along X at z=10",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 1, "n_edges": 1, "edges": [{"circle_r": 6, "box": [-7, -7, 84, 7, 7, 86]}],
                                 "of": {"op": "fuse", "of": [zc(10, 0, 0, 0, 60), zc(6, 0, 0, 60, 25)]}},
           "tools": [{"op": "cyl", "r": 2, "h": 30, "at": [-15, 0, 10], "dir": [1, 0, 0]}]}}
P["G104"] = {"cat": "steps", "persona": "inches", "desc": "plate 4x2x1/4in, 2 holes 1/4 at 1/2 from ends on centreline, centre slot 1in overall x 1/4 wide thru",
  "tree": {"op": "cut", "base": {"op": "box", "size": [inch(4), inch(2), inch(0.25)]},
           "tools": [zc(inch(0.125), inch(0.5), inch(1), 0, inch(0.25)), zc(inch(0.125), inch(3.5), inch(1), 0, inch(0.25)),
                     stadium(inch(1.5), inch(2.5), inch(1), inch(0.25), 0, inch(0.25))]}}
P["G105"] = {"cat": "steps", "persona": "machinist", "desc": "L: base 60x40x10, upright 60x10 at back to 50 total height, inside fillet R5, 2x Ø8 thru base at x15,45 y15",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 5, "n_edges": 1, "edges": [{"dir": "x", "box": [-1, 29.9, 9.9, 61, 30.1, 10.1]}],
                                 "of": {"op": "fuse", "of": [{"op": "box", "size": [60, 40, 10]}, {"op": "box", "size": [60, 10, 50], "at": [0, 30, 0]}]}},
           "tools": [zc(4, 15, 15, 0, 10), zc(4, 45, 15, 0, 10)]}}
P["G106"] = {"cat": "steps", "persona": "engineer", "desc": "disc Ø80x12, Ø30 thru, 6x Ø8 thru on PCD60, C1 top outer edge",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 1, "n_edges": 1, "edges": [{"circle_r": 40, "box": [-41, -41, 11.9, 41, 41, 12.1]}],
                                 "of": zc(40, 0, 0, 0, 12)},
           "tools": [zc(15, 0, 0, 0, 12)] + [zc(4, round(30*math.cos(math.radians(60*i)), 6), round(30*math.sin(math.radians(60*i)), 6), 0, 12) for i in range(6)]}}
P["G107"] = {"cat": "steps", "persona": "hobbyist", "desc": "block 70x40x25, top slot 10 wide 8 deep full length along X centred, 2x Ø6 holes along Y at x15,55 z8, R3 on 2 top long outer edges",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 3, "n_edges": 2, "edges": [{"dir": "x", "box": [-1, -0.1, 24.9, 71, 0.1, 25.1]}, {"dir": "x", "box": [-1, 39.9, 24.9, 71, 40.1, 25.1]}],
                                 "of": {"op": "box", "size": [70, 40, 25]}},
           "tools": [{"op": "box", "size": [70, 10, 8], "at": [0, 15, 17]},
                     {"op": "cyl", "r": 3, "h": 40, "at": [15, 0, 8], "dir": [0, 1, 0]}, {"op": "cyl", "r": 3, "h": 40, "at": [55, 0, 8], "dir": [0, 1, 0]}]}}
P["G108"] = {"cat": "steps", "persona": "inches", "desc": "base 3x3x1/2in, boss Ø1.5 x 0.75 on centre, Ø0.75 thru all, 1/16 chamfer on boss top outer edge",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": inch(1/16), "n_edges": 1, "edges": [{"circle_r": inch(0.75), "box": [-50, -50, inch(1.25)-0.1, 200, 200, inch(1.25)+0.1]}],
                                 "of": {"op": "fuse", "of": [{"op": "box", "size": [inch(3), inch(3), inch(0.5)]}, zc(inch(0.75), inch(1.5), inch(1.5), inch(0.5), inch(0.75))]}},
           "tools": [zc(inch(0.375), inch(1.5), inch(1.5), 0, inch(1.25))]}}
P["G109"] = {"cat": "steps", "persona": "machinist", "desc": "hex 24AF x 40 long (Z), Ø12.5 thru along axis, Ø6 cross hole through flats at mid length",
  "tree": {"op": "cut", "base": {"op": "prism", "pts": hexagon(24), "h": 40},
           "tools": [zc(6.25, 0, 0, 0, 40), {"op": "cyl", "r": 3, "h": 30, "at": [-15, 0, 20], "dir": [1, 0, 0]}]}}
P["G110"] = {"cat": "steps", "persona": "engineer", "desc": "flat bar 150x30x10 full-round ends R15, 3x Ø8.5 thru at pitch 50 centred, middle C'bore Ø14 dp4",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [{"op": "box", "size": [120, 30, 10], "at": [-60, -15, 0]}, zc(15, -60, 0, 0, 10), zc(15, 60, 0, 0, 10)]},
           "tools": [zc(4.25, -50, 0, 0, 10), zc(4.25, 0, 0, 0, 10), zc(4.25, 50, 0, 0, 10), zc(7, 0, 0, 6, 4)]}}
P["G111"] = {"cat": "steps", "persona": "hobbyist", "desc": "60x60x20 block, R5 vertical edges, centred round pocket Ø40 dp12, 4x Ø4 thru at 8 from edges",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 5, "n_edges": 4, "edges": [{"dir": "z"}], "of": {"op": "box", "size": [60, 60, 20]}},
           "tools": [zc(20, 30, 30, 8, 12), zc(2, 8, 8, 0, 20), zc(2, 52, 8, 0, 20), zc(2, 8, 52, 0, 20), zc(2, 52, 52, 0, 20)]}}
P["G112"] = {"cat": "steps", "persona": "inches", "desc": "shaft Ø1in x 4in along Z, keyway 1/4 wide 1/8 deep (from top of shaft) 1.5 long from top end",
  "tree": {"op": "cut", "base": zc(inch(0.5), 0, 0, 0, inch(4)),
           "tools": [{"op": "box", "size": [inch(0.25), inch(0.25), inch(1.5)], "at": [inch(0.375), -inch(0.125), inch(2.5)]}]}}
P["G113"] = {"cat": "steps", "persona": "machinist", "desc": "plate 90x40x8, 2 slots 20 overall x 8 wide along X thru, centred at x20,x70 y20, C1 on 4 top outer edges",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 1, "n_edges": 4, "edges": [{"box": [-1, -1, 7.9, 91, 41, 8.1]}], "of": {"op": "box", "size": [90, 40, 8]}},
           "tools": [stadium(10, 30, 20, 8, 0, 8), stadium(60, 80, 20, 8, 0, 8)]}}
P["G114"] = {"cat": "steps", "persona": "engineer", "desc": "Ø50x30 cyl, Ø20 dp18 blind from top, 4x Ø5.5 thru on Ø38 BC, C2 top outer edge",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 2, "n_edges": 1, "edges": [{"circle_r": 25, "box": [-26, -26, 29.9, 26, 26, 30.1]}], "of": zc(25, 0, 0, 0, 30)},
           "tools": [zc(10, 0, 0, 12, 18), zc(2.75, 19, 0, 0, 30), zc(2.75, -19, 0, 0, 30), zc(2.75, 0, 19, 0, 30), zc(2.75, 0, -19, 0, 30)]}}
P["G115"] = {"cat": "steps", "persona": "hobbyist", "desc": "block 50x30x15, boss Ø20x10 on top centre, C1 boss top edge, Ø8 blind hole 15 deep from boss top",
  "tree": {"op": "cut", "base": {"op": "chamfer", "d": 1, "n_edges": 1, "edges": [{"circle_r": 10, "box": [0, 0, 24.9, 50, 30, 25.1]}],
                                 "of": {"op": "fuse", "of": [{"op": "box", "size": [50, 30, 15]}, zc(10, 25, 15, 15, 10)]}},
           "tools": [zc(4, 25, 15, 10, 15)]}}
P["G116"] = {"cat": "steps", "persona": "inches", "desc": "plate 3x2x3/8in, R1/4 vertical corners, 4 holes Ø0.2 at 3/8 from each edge",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": inch(0.25), "n_edges": 4, "edges": [{"dir": "z"}], "of": {"op": "box", "size": [inch(3), inch(2), inch(0.375)]}},
           "tools": [zc(inch(0.1), x, y, 0, inch(0.375)) for x in (inch(0.375), inch(2.625)) for y in (inch(0.375), inch(1.625))]}}
P["G117"] = {"cat": "steps", "persona": "machinist", "desc": "staircase 80x40x10 + 50x40x10 + 20x40x10 flush at x=0, Ø10 thru the 30-tall part at x10 y20",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [{"op": "box", "size": [80, 40, 10]}, {"op": "box", "size": [50, 40, 10], "at": [0, 0, 10]}, {"op": "box", "size": [20, 40, 10], "at": [0, 0, 20]}]},
           "tools": [zc(5, 10, 20, 0, 30)]}}
P["G118"] = {"cat": "steps", "persona": "engineer", "desc": "tube OD40 ID30 L50 (Z), 2x Ø8 cross holes along X thru both walls at 12 from each end",
  "tree": {"op": "cut", "base": zc(20, 0, 0, 0, 50),
           "tools": [zc(15, 0, 0, 0, 50), {"op": "cyl", "r": 4, "h": 50, "at": [-25, 0, 12], "dir": [1, 0, 0]}, {"op": "cyl", "r": 4, "h": 50, "at": [-25, 0, 38], "dir": [1, 0, 0]}]}}
P["G119"] = {"cat": "steps", "persona": "hobbyist", "desc": "plate 100x70x5, R10 outer corners, centred window 60x30 thru, 4x Ø3.4 at 6 from edges",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 10, "n_edges": 4, "edges": [{"dir": "z"}], "of": {"op": "box", "size": [100, 70, 5]}},
           "tools": [{"op": "box", "size": [60, 30, 5], "at": [20, 20, 0]}] + [zc(1.7, x, y, 0, 5) for x in (6, 94) for y in (6, 64)]}}
P["G120"] = {"cat": "steps", "persona": "inches", "desc": "disc Ø3 x 0.5in, hub Ø1.25 adds 0.75 height, bore Ø0.5 thru, 4x Ø0.25 on 2.25 BC",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [zc(inch(1.5), 0, 0, 0, inch(0.5)), zc(inch(0.625), 0, 0, inch(0.5), inch(0.75))]},
           "tools": [zc(inch(0.25), 0, 0, 0, inch(1.25))] + [zc(inch(0.125), x, y, 0, inch(0.5)) for (x, y) in ((inch(1.125), 0), (-inch(1.125), 0), (0, inch(1.125)), (0, -inch(1.125)))]}}
# ---------------- unions ----------------
P["G121"] = {"cat": "unions", "persona": "hobbyist", "desc": "cube 50 with cylinder Ø30 h40 centred on top",
  "tree": {"op": "fuse", "of": [{"op": "box", "size": [50, 50, 50]}, zc(15, 25, 25, 50, 40)]}}
P["G122"] = {"cat": "unions", "persona": "engineer", "desc": "cube 40 + sphere Ø40 centred on top face centre",
  "tree": {"op": "fuse", "of": [{"op": "box", "size": [40, 40, 40]}, {"op": "sphere", "r": 20, "at": [20, 20, 40]}]}}
P["G123"] = {"cat": "unions", "persona": "machinist", "desc": "stacked coaxial discs Ø60x5, Ø45x10, Ø30x15",
  "tree": {"op": "fuse", "of": [zc(30, 0, 0, 0, 5), zc(22.5, 0, 0, 5, 10), zc(15, 0, 0, 15, 15)]}}
P["G124"] = {"cat": "unions", "persona": "inches", "desc": "3 square bars 3in x 1/2 x 1/2 along X,Y,Z centred at a common point",
  "tree": {"op": "fuse", "of": [{"op": "box", "size": [inch(3), inch(0.5), inch(0.5)], "at": [-inch(1.5), -inch(0.25), -inch(0.25)]},
                                {"op": "box", "size": [inch(0.5), inch(3), inch(0.5)], "at": [-inch(0.25), -inch(1.5), -inch(0.25)]},
                                {"op": "box", "size": [inch(0.5), inch(0.5), inch(3)], "at": [-inch(0.25), -inch(0.25), -inch(1.5)]}]}}
P["G125"] = {"cat": "unions", "persona": "hobbyist", "desc": "cylinder Ø40 h30 with cone Ø40 -> point h25 on top",
  "tree": {"op": "fuse", "of": [zc(20, 0, 0, 0, 30), {"op": "cone", "r1": 20, "r2": 0, "h": 25, "at": [0, 0, 30]}]}}
P["G126"] = {"cat": "unions", "persona": "engineer", "desc": "cube 60, sphere Ø50 cut, centre at top face centre",
  "tree": {"op": "cut", "base": {"op": "box", "size": [60, 60, 60]}, "tools": [{"op": "sphere", "r": 25, "at": [30, 30, 60]}]}}
P["G127"] = {"cat": "unions", "persona": "machinist", "desc": "Ø20x80 along X fused with Ø20x80 along Z, crossing at centres (plus)",
  "tree": {"op": "fuse", "of": [{"op": "cyl", "r": 10, "h": 80, "at": [-40, 0, 0], "dir": [1, 0, 0]}, zc(10, 0, 0, -40, 80)]}}
P["G128"] = {"cat": "unions", "persona": "inches", "desc": "block 4x2x1in, cylinder Ø1.5 along Y full 2in depth, axis on top face centre line (half buried)",
  "tree": {"op": "fuse", "of": [{"op": "box", "size": [inch(4), inch(2), inch(1)]},
                                {"op": "cyl", "r": inch(0.75), "h": inch(2), "at": [inch(2), 0, inch(1)], "dir": [0, 1, 0]}]}}
P["G129"] = {"cat": "unions", "persona": "machinist", "desc": "frustum Ø50 bottom Ø20 top h40, Ø10 hole on axis thru",
  "tree": {"op": "cut", "base": {"op": "cone", "r1": 25, "r2": 10, "h": 40}, "tools": [zc(5, 0, 0, 0, 40)]}}
P["G130"] = {"cat": "unions", "persona": "hobbyist", "desc": "disc Ø70x6 with torus R28 r5 lying flat, tube centre in top face plane",
  "tree": {"op": "fuse", "of": [zc(35, 0, 0, 0, 6), {"op": "torus", "R": 28, "r": 5, "at": [0, 0, 6]}]}}
# ---------------- sweeps ----------------
P["G131"] = {"cat": "sweeps", "persona": "engineer", "desc": "revolve L profile: r10..40 z0..8, r10..18 up to z30, 360",
  "tree": {"op": "revolve", "angle": 360, "pts": [[10, 0], [40, 0], [40, 8], [18, 8], [18, 30], [10, 30]]}}
P["G132"] = {"cat": "sweeps", "persona": "hobbyist", "desc": "ruled loft square 40x40 at z0 to circle Ø20 at z50, centred",
  "tree": {"op": "loft", "ruled": True, "sections": [{"shape": "rect", "w": 40, "d": 40, "z": 0}, {"shape": "circle", "r": 10, "z": 50}]}}
P["G133"] = {"cat": "sweeps", "persona": "machinist", "desc": "Ø8 rod swept: 50 along X, R20 90deg bend, 30 along Y",
  "tree": {"op": "sweep", "r": 4, "path": [{"line": [[0, 0, 0], [50, 0, 0]]},
                                          {"arc": [[50, 0, 0], [50 + 20*math.sin(math.pi/4), 20 - 20*math.cos(math.pi/4), 0], [70, 20, 0]]},
                                          {"line": [[70, 20, 0], [70, 50, 0]]}]}}
P["G134"] = {"cat": "sweeps", "persona": "inches", "desc": "tube OD 3/4 ID 1/2, legs 2in and 1.5in straight, 90deg bend CL radius 1.25in",
  "tree": {"op": "sweep", "r": inch(0.375), "r_in": inch(0.25), "path": [
      {"line": [[0, 0, 0], [0, 0, inch(2)]]},
      {"arc": [[0, 0, inch(2)], [inch(1.25) - inch(1.25)*math.cos(math.pi/4), 0, inch(2) + inch(1.25)*math.sin(math.pi/4)], [inch(1.25), 0, inch(3.25)]]},
      {"line": [[inch(1.25), 0, inch(3.25)], [inch(2.75), 0, inch(3.25)]]}]}}
P["G135"] = {"cat": "sweeps", "persona": "machinist", "desc": "rectangle r20..30 z0..10 revolved 180deg about Z",
  "tree": {"op": "revolve", "angle": 180, "pts": [[20, 0], [30, 0], [30, 10], [20, 10]]}}
# ---------------- shop ----------------
P["G136"] = {"cat": "shop", "persona": "hobbyist", "desc": "spacer OD12 ID6.5 L15",
  "tree": {"op": "cut", "base": zc(6, 0, 0, 0, 15), "tools": [zc(3.25, 0, 0, 0, 15)]}}
P["G137"] = {"cat": "shop", "persona": "inches", "desc": "washer OD1in ID17/32 thick 1/16",
  "tree": {"op": "cut", "base": zc(inch(0.5), 0, 0, 0, inch(1/16)), "tools": [zc(inch(17/64), 0, 0, 0, inch(1/16))]}}
P["G138"] = {"cat": "shop", "persona": "machinist", "desc": "hex standoff 5.5AF x 20, Ø2.5 thru",
  "tree": {"op": "cut", "base": {"op": "prism", "pts": hexagon(5.5), "h": 20}, "tools": [zc(1.25, 0, 0, 0, 20)]}}
P["G139"] = {"cat": "shop", "persona": "hobbyist", "desc": "open-top box outer 100x60x40, walls 2, floor 2",
  "tree": {"op": "cut", "base": {"op": "box", "size": [100, 60, 40]}, "tools": [{"op": "box", "size": [96, 56, 38], "at": [2, 2, 2]}]}}
P["G140"] = {"cat": "shop", "persona": "engineer", "desc": "L-bracket 4 thk, 30 wide (Y); horiz leg 50 (X), vert leg 40 (Z) outside dims; 2x Ø5 in each leg",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [{"op": "box", "size": [50, 30, 4]}, {"op": "box", "size": [4, 30, 40]}]},
           "tools": [zc(2.5, 30, 8, 0, 4), zc(2.5, 30, 22, 0, 4),
                     {"op": "cyl", "r": 2.5, "h": 4, "at": [0, 8, 25], "dir": [1, 0, 0]}, {"op": "cyl", "r": 2.5, "h": 4, "at": [0, 22, 25], "dir": [1, 0, 0]}]}}
P["G141"] = {"cat": "shop", "persona": "hobbyist", "desc": "knob Ø30x15, R3 top edge, Ø6 blind hole 10 deep from bottom",
  "tree": {"op": "cut", "base": {"op": "fillet", "r": 3, "n_edges": 1, "edges": [{"circle_r": 15, "box": [-16, -16, 14.9, 16, 16, 15.1]}], "of": zc(15, 0, 0, 0, 15)},
           "tools": [zc(3, 0, 0, 0, 10)]}}
P["G142"] = {"cat": "shop", "persona": "machinist", "desc": "pulley Ø40x12, semicircular groove R3 centred on width, bore Ø8",
  "tree": {"op": "cut", "base": zc(20, 0, 0, 0, 12), "tools": [{"op": "torus", "R": 20, "r": 3, "at": [0, 0, 6]}, zc(4, 0, 0, 0, 12)]}}
P["G143"] = {"cat": "shop", "persona": "hobbyist", "desc": "NEMA17 mounting plate 150x100x6, 4x Ø5 at 8 from edges, centre Ø22 thru, 4x Ø3.2 on 31 square",
  "tree": {"op": "cut", "base": {"op": "box", "size": [150, 100, 6]},
           "tools": [zc(2.5, x, y, 0, 6) for x in (8, 142) for y in (8, 92)] + [zc(11, 75, 50, 0, 6)] +
                    [zc(1.6, 75 + dx, 50 + dy, 0, 6) for dx in (-15.5, 15.5) for dy in (-15.5, 15.5)]}}
P["G144"] = {"cat": "shop", "persona": "engineer", "desc": "flanged bushing: flange Ø30x3, body Ø18, overall 20, bore Ø10 thru",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [zc(15, 0, 0, 0, 3), zc(9, 0, 0, 3, 17)]}, "tools": [zc(5, 0, 0, 0, 20)]}}
P["G145"] = {"cat": "shop", "persona": "inches", "desc": "lid 4x2.5x1/8in plate, centred rectangular lip under it 3.75x2.25 outside, 1/16 wall, 1/4 tall",
  "tree": {"op": "cut", "base": {"op": "fuse", "of": [{"op": "box", "size": [inch(4), inch(2.5), inch(0.125)], "at": [-inch(2), -inch(1.25), 0]},
                                                     {"op": "box", "size": [inch(3.75), inch(2.25), inch(0.25)], "at": [-inch(1.875), -inch(1.125), -inch(0.25)]}]},
           "tools": [{"op": "box", "size": [inch(3.625), inch(2.125), inch(0.25)], "at": [-inch(1.8125), -inch(1.0625), -inch(0.25)]}]}}
# ---------------- refuse ----------------
P["G146"] = {"cat": "refuse", "persona": "hobbyist", "desc": "phone stand shaped like a sitting cat (organic)", "tree": None}
P["G147"] = {"cat": "refuse", "persona": "machinist", "desc": "M8x40 hex bolt with real threads", "tree": None}
P["G148"] = {"cat": "refuse", "persona": "engineer", "desc": "plate with holes, thickness missing", "tree": None}
P["G149"] = {"cat": "refuse", "persona": "inches", "desc": "knurled thumb knob", "tree": None}
P["G150"] = {"cat": "refuse", "persona": "hobbyist", "desc": "keychain tag with name engraved", "tree": None}
