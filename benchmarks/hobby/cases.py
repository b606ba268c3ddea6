"""Hobbyist prompts as data: (id, prompt, expected solid by formula or 'reject'), written to hobby.jsonl.

The parts were written first (shape and sizes), then said in varied voices; the expected solid is what the words
say, whether or not the planner reads them yet (``run.py`` shows the gaps).
"""

import json
from pathlib import Path

R = "reject"
C = []


def add(prompt: str, expect: object) -> None:
    C.append((f"H{len(C) + 1:03d}", prompt, expect))



# spacers / washers (cylinder with a bore)
add("I need a spacer, 20 mm across, 10 tall, with a 5 mm hole through the middle.", {"bbox": [20, 20, 10], "volume": "pi*(10**2-2.5**2)*10"})
add("make me a washer 30 mm diameter and 2 mm thick with an 8.5 mm hole in the centre", {"bbox": [30, 30, 2], "volume": "pi*(15**2-4.25**2)*2"})
add("spacer for my printer, outer diameter 12, inner diameter 6.2, length 15", {"bbox": [12, 12, 15], "volume": "pi*(6**2-3.1**2)*15"})
add("Could you make a round spacer about 25 mm wide and 8 mm high with a hole for an M5 screw through it?", {"bbox": [25, 25, 8], "volume": "pi*(12.5**2-2.75**2)*8", "holes": 1})
add("a cylinder 16 mm diameter, 12 high, with a 4 mm hole down the middle, it's a spacer", {"bbox": [16, 16, 12], "volume": "pi*(8**2-2**2)*12", "holes": 1})
add("washer, 20 od, 10 id, 1.5 thick", {"bbox": [20, 20, 1.5], "volume": "pi*(10**2-5**2)*1.5"})
# feet / coasters / discs
add("I want a round foot for my table, 40 mm diameter and 15 mm tall.", {"bbox": [40, 40, 15], "volume": "pi*20**2*15"})
add("A coaster 90 mm across and 5 mm thick.", R)  # no body named: round or square is not said
add("make a disc 60 mm in diameter, 3 mm thick", {"bbox": [60, 60, 3], "volume": "pi*30**2*3"})
add("simple coaster, 100 by 100, 4 mm thick, square", R)  # no body named
add("Rubber-ish foot, cylinder 25 mm diameter and 10 mm high, with a 4 mm hole through the middle for a screw.", {"bbox": [25, 25, 10], "volume": "pi*(12.5**2-2**2)*10", "holes": 1})
# plates with holes
add("A plate 60 by 40 by 3 with a hole for an M3 screw in each corner, 5 mm from the edges.", {"bbox": [60, 40, 3], "volume": "60*40*3 - 4*pi*1.7**2*3", "holes": 4})
add("mounting plate 80 x 50, 4 mm thick, four M4 clearance holes 6 mm in from each corner", {"bbox": [80, 50, 4], "volume": "80*50*4 - 4*pi*2.25**2*4", "holes": 4})
add("I need a flat plate, 100 mm long, 30 mm wide and 5 mm thick, with two 5 mm holes 10 mm from each end.", {"bbox": [100, 30, 5], "volume": "100*30*5 - 2*pi*2.5**2*5", "holes": 2})
add("Plate 50x50x2, 6 mm hole in the middle.", {"bbox": [50, 50, 2], "volume": "50*50*2 - pi*3**2*2", "holes": 1})
add("make it a plate 70 by 40 and 3 mm thick with a 10 mm hole in the center", {"bbox": [70, 40, 3], "volume": "70*40*3 - pi*5**2*3", "holes": 1})
add("a 120 x 20 x 4 strip with three 4 mm holes, evenly spaced, 20 mm apart, centred", R)
add("Base plate, 90 by 60, 5 thick, with holes for M3 screws in each corner 4 mm from the edges", {"bbox": [90, 60, 5], "volume": "90*60*5 - 4*pi*1.7**2*5", "holes": 4})
add("Plate 60 by 40 by 3 with a hole in each corner.", R)
# blocks / risers
add("I need a block 40 by 20 by 10.", {"bbox": [40, 20, 10], "volume": "40*20*10"})
add("make a little riser block, 50 long, 30 wide, 15 tall", {"bbox": [50, 30, 15], "volume": "50*30*15"})
add("a small block 30 x 30 and 12 mm high, with a 6 mm hole through the centre", {"bbox": [30, 30, 12], "volume": "30*30*12 - pi*3**2*12", "holes": 1})
add("Hey, can you make me a block that is 25 mm wide, 40 mm long and 8 mm thick?", {"bbox": [40, 25, 8], "volume": "40*25*8"})
add("block about 50 x 20 x 10", {"bbox": [50, 20, 10], "volume": "50*20*10"})
add("I need a cube, roughly 30 mm.", {"bbox": [30, 30, 30], "volume": "30**3"})
# boxes / trays
add("Print me a small box, 60 x 40 x 30, open top, walls 2 mm, floor 1.5 mm.", {"bbox": [60, 40, 30], "volume": "60*40*30 - 56*36*28.5"})
add("A tray 100 by 80 by 20 high, open top, with 2 mm walls and a 2 mm floor.", {"bbox": [100, 80, 20], "volume": "100*80*20 - 96*76*18"})
add("open box 50x50x50, walls 3, floor 3", {"bbox": [50, 50, 50], "volume": "50**3 - 44*44*47"})
add("a box 80 x 60 x 40 with a lid", R)
add("Small parts tray, outside 120 x 90, 25 tall, 2 mm walls, open top, floor 2.", {"bbox": [120, 90, 25], "volume": "120*90*25 - 116*86*23"})
add("box 60 x 40 x 30 with 2 mm walls", R)
# knobs
add("A knob, 30 mm diameter, 15 mm tall, with a 6 mm hole 10 mm deep in the bottom for the shaft.", {"bbox": [30, 30, 15], "volume": "pi*15**2*15 - pi*3**2*10"})
add("knob for a potentiometer: cylinder 20 mm across, 12 high, 6 mm hole 8 deep in the bottom", {"bbox": [20, 20, 12], "volume": "pi*10**2*12 - pi*3**2*8"})
add("a knurled knob 25 mm diameter", R)
# brackets
add("An L bracket, both legs 40 mm long, 20 mm wide, 3 mm thick.", {"bbox": [40, 20, 40], "volume": "(40*3 + 37*3)*20"})
add("a bracket that I can screw to a wall", R)
# cable clips, hooks, lids, name tags, anchors
add("a cable clip for 6 mm cable", R)
add("Can you make a clip that snaps onto a 20 mm tube?", R)
add("I need a hook for my coat.", R)
add("a lid for a 60 x 40 box", R)
add("name tag 60 x 20 x 2 with my name on it", R)
add("a wall anchor for a 5 mm screw", R)
add("a hook 40 mm tall", R)
# adapters / stacks
add("An adapter: a 30 mm diameter cylinder 10 tall with a 20 mm diameter cylinder 15 tall on top, and an 8 mm hole all the way through.", {"bbox": [30, 30, 25], "volume": "pi*15**2*10 + pi*10**2*15 - pi*4**2*25", "holes": 1})
add("hose adapter from 25 mm to 19 mm", R)
add("shelf pin: a 5 mm rod 16 long with a 10 mm disc 2 thick on one end", {"bbox": [10, 10, 18], "volume": "pi*2.5**2*16 + pi*5**2*2"})
add("I need a shelf pin, 6 mm diameter and 20 mm long.", {"bbox": [6, 6, 20], "volume": "pi*3**2*20"})
# standoffs
add("PCB standoff, 6 mm diameter, 10 mm tall, with an M3 hole through it", {"bbox": [6, 6, 10], "volume": "pi*(3**2-1.7**2)*10"})
add("four standoffs for my PCB", R)
add("a tube 20 mm outside diameter, 16 inside, 50 long", {"bbox": [20, 20, 50], "volume": "pi*(10**2-8**2)*50"})
# chatty run-ons
add("ok so I need a plate, 80 by 40, make it 3 mm thick, and put a 5 mm hole in the middle", {"bbox": [80, 40, 3], "volume": "80*40*3 - pi*2.5**2*3", "holes": 1})
add("Just a simple plate please. 100 x 50. Make it 4 mm thick.", {"bbox": [100, 50, 4], "volume": "100*50*4"})
add("cylinder, 30 tall, 20 wide, hole 6 mm through the middle", {"bbox": [20, 20, 30], "volume": "pi*(10**2-3**2)*30", "holes": 1})
add("I'd like a round base about 80 mm across and about 6 mm thick.", {"bbox": [80, 80, 6], "volume": "pi*40**2*6"})
add("Make a square plate 50 mm on a side and 5 mm thick with a 20 mm hole in the middle.", {"bbox": [50, 50, 5], "volume": "50*50*5 - pi*10**2*5", "holes": 1})
add("a spacer 20 mm across and 10 tall with a hole", R)
add("a plate 80 x 40 x 3 with some holes for screws", R)
add("a 40 x 40 x 5 plate with rounded corners, 5 mm radius", {"bbox": [40, 40, 5], "volume": "40*40*5 - (4-pi)*5**2*5"})
add("Tag 50 x 20 x 2 with a 4 mm hole 5 mm from one end for a keyring.", R)
add("Small plate 30 by 20, 2 mm thick, with a 3 mm hole 5 mm from each end", {"bbox": [30, 20, 2], "volume": "30*20*2 - 2*pi*1.5**2*2", "holes": 2})
add("I need a spacer that's 10 mm thick, 30 mm diameter, no hole.", {"bbox": [30, 30, 10], "volume": "pi*15**2*10"})
add("make a ring, outer diameter 40, inner diameter 30, 5 mm high", {"bbox": [40, 40, 5], "volume": "pi*(20**2-15**2)*5"})

add("a block 30 by 20, make it 10 tall", {"bbox": [30, 20, 10], "volume": "30*20*10"})
add("Make a plate. 100 x 50. Make it 4 mm thick.", {"bbox": [100, 50, 4], "volume": "100*50*4"})
add("a disc 60 across, make it 3 thick, and put a 10 mm hole in the middle", {"bbox": [60, 60, 3], "volume": "pi*(30**2-5**2)*3", "holes": 1})
add("Plate 120 by 60. It should be 5 mm thick.", {"bbox": [120, 60, 5], "volume": "120*60*5"})
add("a cylinder 25 mm diameter, make it 40 tall and put a 6 mm hole through the middle", {"bbox": [25, 25, 40], "volume": "pi*(12.5**2-3**2)*40", "holes": 1})
add("a plate 80 by 40 by 2, make it 3 mm thick", R)
add("a plate 80 by 40, make it 3 mm thick and 5 mm thick", R)
add("a plate 80 by 40, make it 3 mm thick and 5 mm tall", R)
add("a plate 80 by 40, make it 3 mm thick, make it 4 mm thick", R)
add("a plate 80 by 40, make it 50 mm wide", R)
add("a plate 80 by 40, with a 5 mm hole in the middle, make it 3 mm thick", R)
add("a box 100 x 50 x 10. 100 x 50.", R)
add("a small box, 60 x 40 x 30, open top, walls 2 mm", {"bbox": [60, 40, 30], "volume": "60*40*30 - 56*36*28"})
add("Box, 80 x 50 x 25, open on top, walls 1.5 mm and floor 2 mm.", {"bbox": [80, 50, 25], "volume": "80*50*25 - 77*47*23"})
add("a box, 60 x 40 x 30, walls 2 mm, floor 1.5 mm", R)
add("a box, 60 x 40 x 30, with a 5 mm hole, walls 2 mm, floor 1.5 mm, open top", R)
add("a cylinder 60 x 40 x 30, open top, walls 2, floor 2", R)
add("Knob for a potentiometer: cylinder 18 mm across and 14 high, with a 6 mm hole 9 deep in the bottom", {"bbox": [18, 18, 14], "volume": "pi*9**2*14 - pi*3**2*9"})
add("Little plate, 70 by 35, make it roughly 2.5 mm thick, and put a 4 mm hole in the middle", {"bbox": [70, 35, 2.5], "volume": "70*35*2.5 - pi*2**2*2.5", "holes": 1})
add("a plate 80 by 40, make it overall 3 mm thick", R)

rows = [json.dumps({"id": i, "category": "hobby", "prompt": p, "expect": e}) for i, p, e in C]
(Path(__file__).parent / "hobby.jsonl").write_text("\n".join(rows) + "\n")
print(len(C))
