import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parts import P
from prompts import PROMPTS
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'G1.jsonl')
if os.path.exists(OUT):
    raise SystemExit('frozen: %s exists, not overwriting' % OUT)
refs = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'refs.json')))['refs']
assert sorted(P) == sorted(PROMPTS) == ['G%d' % i for i in range(101, 151)]
with open(OUT, 'w') as f:
    for pid in sorted(P):
        p = P[pid]
        build = p['tree'] is not None
        rec = {"id": pid, "category": p['cat'], "persona": p['persona'], "prompt": PROMPTS[pid],
               "expect": "build" if build else "refuse",
               "reference": refs[pid] if build else None,
               "part": {"desc": p['desc'], "tree": p['tree']} if build else None}
        f.write(json.dumps(rec, ensure_ascii=False) + '\n')
print('wrote', OUT)
