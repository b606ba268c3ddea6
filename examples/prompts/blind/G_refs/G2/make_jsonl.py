import json, os, sys
import parts
from prompts import PROMPTS
refs = json.load(open("refs.json"))
out = "G2_prompts.jsonl"
if os.path.exists(out) and "--force" not in sys.argv:
    sys.exit(out + " exists: frozen, not overwriting")
with open(out, "w") as f:
    for pid in sorted(PROMPTS):
        cat, persona, prompt = PROMPTS[pid]
        ref = None if cat == "refuse" else refs[pid]
        part = None if cat == "refuse" else parts.P[pid]
        rec = {"id": pid, "category": cat, "persona": persona, "prompt": prompt,
               "expect": "refuse" if cat == "refuse" else "build", "reference": ref, "part": part}
        f.write(json.dumps(rec) + "\n")
print("wrote", out)
