import json, os, sys
sys.path.insert(0, '.')
from parts import P
from prompts import PROMPTS
OUT = 'writer_H.jsonl'
assert not os.path.exists(OUT), 'frozen: JSONL already written'
refs = json.load(open('refs.json'))
assert len(P) == 60 and set(PROMPTS) == {p[0] for p in P}
with open(OUT, 'w') as f:
    for i, cat, per, part, hand in P:
        r = refs[i]
        rec = {'id': i, 'category': cat, 'persona': per, 'prompt': PROMPTS[i],
               'expect': 'refuse' if cat == 'refuse' else 'build',
               'reference': None if r is None else {'volume': r['volume'], 'bbox': r['bbox']},
               'part': part}
        f.write(json.dumps(rec) + '\n')
print('wrote', OUT)
