import os
import json, math, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csg import build
from parts import P, inch
pi = math.pi
def hexA(af): return math.sqrt(3) / 2 * af * af
# hand-computed volumes (formula, not from the CSG code)
HAND = {
 "G104": inch(4)*inch(2)*inch(.25) - 2*pi*inch(.125)**2*inch(.25) - (inch(.75)*inch(.25) + pi*inch(.125)**2)*inch(.25),
 "G110": (120*30 + pi*15**2)*10 - 3*pi*4.25**2*10 - pi*(7**2-4.25**2)*4,
 "G117": (80+50+20)*40*10 - pi*25*30,
 "G121": 50**3 + pi*15**2*40,
 "G122": 40**3 + (2/3)*pi*20**3,
 "G123": pi*(30**2*5 + 22.5**2*10 + 15**2*15),
 "G124": 3*inch(3)*inch(.5)**2 - 2*inch(.5)**3,
 "G125": pi*400*30 + pi*400*25/3,
 "G126": 60**3 - (2/3)*pi*25**3,
 "G127": 2*pi*100*80 - (16/3)*10**3,
 "G128": inch(4)*inch(2)*inch(1) + pi*inch(.75)**2*inch(2)/2,
 "G129": pi*40/3*(25**2+25*10+10**2) - pi*25*40,
 "G131": pi*(40**2-10**2)*8 + pi*(18**2-10**2)*22,
 "G133": pi*16*(50+30+20*pi/2),
 "G134": pi*(inch(.375)**2-inch(.25)**2)*(inch(2)+inch(1.5)+inch(1.25)*pi/2),
 "G135": pi*(30**2-20**2)*10/2,
 "G136": pi*(36-3.25**2)*15,
 "G137": pi*(inch(.5)**2-inch(17/64)**2)*inch(1/16),
 "G138": (hexA(5.5) - pi*1.25**2)*20,
 "G139": 100*60*40 - 96*56*38,
 "G142": pi*(400-16)*12 - 2*pi*(20-4*3/(3*pi))*(pi*9/2),
 "G143": 150*100*6 - (4*pi*2.5**2 + pi*121 + 4*pi*1.6**2)*6,
 "G144": pi*(225*3 + 81*17) - pi*25*20,
 "G145": inch(4)*inch(2.5)*inch(.125) + (inch(3.75)*inch(2.25)-inch(3.625)*inch(2.125))*inch(.25),
}
refs = {}
for pid, p in P.items():
    if p["tree"] is None:
        refs[pid] = None; continue
    s = build(p["tree"])
    ok = s.isValid() and len(s.Solids) == 1 and s.isClosed() and s.Volume > 0
    bb = s.optimalBoundingBox()
    ext = sorted([round(bb.XLength, 3), round(bb.YLength, 3), round(bb.ZLength, 3)])
    r = {"volume": round(s.Volume, 4), "bbox": ext}
    line = "%s %-6s vol=%12.4f bbox=%s valid=%s" % (pid, p["cat"], s.Volume, ext, ok)
    if pid in HAND:
        rel = abs(HAND[pid] - s.Volume) / HAND[pid]
        line += "  hand=%.4f rel=%.2e %s" % (HAND[pid], rel, "OK" if rel < 1e-4 else "MISMATCH")
    print(line)
    if not ok: raise SystemExit("invalid " + pid)
    refs[pid] = r
json.dump({"refs": refs, "hand_checked": sorted(HAND)}, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'refs.json'), 'w'), indent=1)
