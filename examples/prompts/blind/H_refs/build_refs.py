import json, sys
sys.path.insert(0, '.')
from parts import P
import csg
refs = {}; bad = 0
for i, cat, per, part, hand in P:
    if part is None:
        refs[i] = None; continue
    try:
        s = csg.build(part)
        ok = s.isValid() and len(s.Solids) == 1 and s.Volume > 0 and s.Solids[0].isClosed()
        try:
            bb = s.optimalBoundingBox()
        except Exception:
            bb = s.BoundBox
        ext = sorted([round(bb.XLength,3), round(bb.YLength,3), round(bb.ZLength,3)])
        v = round(s.Volume, 4)
        note = ''
        if hand is not None:
            rel = abs(v-hand)/hand
            note = 'hand %.4f rel %.2e %s' % (hand, rel, 'OK' if rel < 1e-4 else 'MISMATCH')
        print(i, cat, 'valid' if ok else 'INVALID', v, ext, len(s.Faces), note)
        if not ok or 'MISMATCH' in note: bad += 1
        refs[i] = {'volume': v, 'bbox': ext, 'hand_checked': hand is not None, 'hand_volume': None if hand is None else round(hand,4)}
    except Exception as e:
        print(i, 'ERROR', repr(e)); bad += 1
json.dump(refs, open('refs.json','w'), indent=1)
print('bad', bad, 'hand', sum(1 for r in refs.values() if r and r['hand_checked']))
