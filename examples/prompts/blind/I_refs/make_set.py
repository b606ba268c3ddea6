"""Assemble blind set I: prompts.json + parts.json + refs.json -> ../I.jsonl (run build_refs.py first)."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
parts = json.load(open(os.path.join(HERE, "parts.json")))
prompts = json.load(open(os.path.join(HERE, "prompts.json")))
refs = json.load(open(os.path.join(HERE, "refs.json")))
with open(os.path.join(HERE, "..", "I.jsonl"), "w") as f:
    for p in parts:
        row = {"id": p["id"], "category": p["category"], "prompt": prompts[p["id"]], "expect": p["expect"]}
        if p["expect"] == "build":
            row["reference"] = refs[p["id"]]
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
