"""Plan each hobby case and compare the plan's intent with the expected solid (no FreeCAD build)."""
import json, math, sys
from ai_designer.planning import plan_offline
from ai_designer.core.errors import AIDesignerError

NS = {"pi": math.pi, "sqrt": math.sqrt}
rows = [json.loads(l) for l in open(sys.argv[1])]
tally = {"right": 0, "refused": 0, "wrong": 0, "miss": 0}
for r in rows:
    e = r["expect"]
    try:
        p = plan_offline(r["prompt"])
    except AIDesignerError as x:
        if e == "reject":
            tally["right"] += 1
        else:
            tally["refused"] += 1
            print(f"REFUSED {r['id']}: {r['prompt']}\n     {x.message[:200]}")
        continue
    if e == "reject":
        tally["wrong"] += 1
        print(f"BUILT-NOT-REFUSED {r['id']}: {r['prompt']}\n     {p.summary()} {p.assumptions}")
        continue
    vol = p.intent.volume; bb = p.intent.bbox
    ok = vol is not None and abs(vol - eval(e["volume"], NS)) <= 0.02 * abs(eval(e["volume"], NS))
    ok = ok and bb is not None and all(abs(a - b) <= 0.5 for a, b in zip(bb, e["bbox"]))
    if "holes" in e: ok = ok and p.intent.holes == e["holes"]
    if ok:
        tally["right"] += 1
        if "-v" in sys.argv: print(f"ok {r['id']} {p.assumptions}")
    else:
        tally["wrong"] += 1
        print(f"WRONG {r['id']}: {r['prompt']}\n     got vol={vol} bb={bb} holes={p.intent.holes}; want {e}\n     {p.summary()}")
print(tally)
