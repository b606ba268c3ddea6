"""Join prompts (written after the parts) with parts.py and refs.json into F.jsonl."""
import json
import os
import sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from parts import PARTS

P = {}
def w(id_, persona, prompt):
    P[id_] = (persona, prompt)

w("F001", "machinist", "Take a plate 70 by 50, 8 thick. Round the four vertical corner edges R12. Then drill four 8 mm holes all the way through, each one 12 mm in from both of the edges at its corner.")
w("F002", "cad-sketch", "Sketch a 100 x 60 rectangle on the XY plane and extrude it 30 mm up. Chamfer the four edges around the top face 4 mm. On the top face sketch a 60 x 30 rectangle centred on the face, long side along the 100 mm direction, and pocket it 12 mm deep. In the middle of the pocket floor put a 10 mm diameter hole going through the rest of the block.")
w("F003", "llm", "Create a flanged hub. First, make a disc 80 mm in diameter and 12 mm thick. Next, add a cylindrical boss 45 mm in diameter and 10 mm tall, centred on top of the disc. Then bore a 30 mm diameter hole through the centre of both the boss and the disc. Finally, drill six 8 mm through holes in the disc, equally spaced on a 60 mm pitch circle.")
w("F004", "chatty", "This is a wall bracket for holding up a small shelf. It's an L shape 80 mm wide: the base is 50 mm deep and 10 mm thick, and along the back edge of the base a 10 mm thick upright rises so the whole thing stands 60 mm tall. Put a 10 mm radius fillet in the inside corner where the upright meets the base. The base gets two 9 mm holes straight through it, 20 mm back from the front edge and 20 mm in from each side; the upright gets two 9 mm holes through its thickness, 40 mm above the bottom and also 20 mm in from each side.")
w("F005", "machinist", "Shaft, dia 25 x 100 long. Turn one end down to dia 18 for a length of 20. On the dia 25 part mill a flat-bottomed keyway 8 wide, 4 deep measured from the top of the dia 25, 30 long with square ends, starting 25 from the shoulder.")
w("F006", "cad-sketch", "Box 100 x 70, 40 high. Shell it with 2.5 mm walls, removing the top face, so it is an open box with a 2.5 mm floor. Then on one of the two 70 mm wide end walls cut a round hole of 20 mm diameter through that wall only, centred on the wall: 35 from either side and 20 up from the bottom.")
w("F007", "llm", "Create a clamp bar. First, make a rectangular block 90 mm long, 40 mm wide and 20 mm high. Next, chamfer the four vertical corner edges at 5 mm. Then add two counterbored through holes from the top face, on the centreline of the width and 20 mm from each end: 6.6 mm diameter through, with an 11 mm diameter counterbore 6.5 mm deep.")
w("F008", "cad-sketch", "Start from a 60 mm circle on the XY plane and pad it 10 mm. Fillet the top circular edge R3. On the top face sketch an obround slot centred on the disc centre, long axis along X, 30 mm between the centres of its end arcs and 10 mm wide, and cut it through all. Add two 5 mm through holes on the Y axis, 20 mm either side of the centre.")
w("F009", "machinist", "Block 80 long, 40 wide, 40 high. Mill a step off one long top edge: take out 20 wide by 20 deep along the full 80 length, so the end view is an L. Drill a dia 10 hole horizontally through the thickness of the tall section (across its 20), at the middle of the length and 30 up from the bottom. Then drill two dia 8 holes straight down through the low step, 20 in from each end, centred in the step's 20 width.")
w("F010", "chatty", "This is a sleeve that slides over a 30 mm rod and gets turned with a spanner. It's a tube 80 mm long, 40 mm outside diameter with a 30 mm bore. Mill two parallel flats on opposite sides along the whole length so it measures 34 mm across the flats. Then drill a single 8 mm cross hole halfway along, straight through square to the flats, through both walls.")
w("F011", "hobbyist", "Making a knob for my printer enclosure door. The base is a cylinder 40 mm across and 15 mm tall with its top outer edge rounded over with a 4 mm radius. On top of that sits a 20 mm diameter stem, 10 mm tall, so 25 mm overall. From the underside a 6 mm hole goes up 18 mm into it for the shaft, not all the way through.")
w("F012", "cad-sketch", "Sketch a 120 x 80 rectangle and extrude it 6. On the bottom face sketch a 100 x 60 rectangle centred on it and pocket 3 mm deep. Then four 4.5 mm through holes, one at each corner, 6 mm in from both edges.")
w("F013", "llm", "Create a square spacer plate. First, make a block 60 mm x 60 mm, 15 mm thick. Next, cut a 20 mm diameter hole through the centre. Then add four countersunk through holes at the corners of a 40 mm x 40 mm square centred on the plate: each is 5.5 mm diameter through, with a 90 degree countersink opening to 11 mm diameter at the top face.")
w("F014", "machinist", "Bearing block, 80 wide, 60 deep, 50 high. Bore dia 35 straight through from front to back (through the 60), centred across the 80, centre 25 up from the base. Counterbore that from the front face dia 42, 8 deep. Two dia 9 mounting holes straight down through the full 50, 12 in from the left and right ends, centred front to back.")
w("F015", "cad-sketch", "Make a block 100 along X, 50 along Y, 30 high. Chamfer the two long top edges (the outer top edges running along X) 3 mm. Then cut a channel along the full length: 30 wide, centred in Y, 20 deep from the top. In the floor of the channel put three 6 mm through holes on the centreline at 20, 50 and 80 mm from one end.")
w("F016", "hobbyist", "I want a little pen cup for my desk: a cylinder 50 mm across and 40 mm tall, hollowed out from the top so the side wall is 3 mm and the bottom is 3 mm thick, with a 10 mm drain hole in the middle of the bottom.")
w("F017", "drawing-notes", "ANGLE BRACKET. Base plate 60 x 40 x 6. Upright plate 6 thk x 40 wide, flush with one 40 mm end of the base, overall height 60 from underside of base. Triangular gusset 6 thk centred on the 40 width in the inside corner, legs 30 along the base top and 30 up the upright face. Base: 2X dia 6.5 THRU, 40 from outer face of upright, 10 from each side edge. Upright: 2X dia 6.5 THRU, 40 above underside of base, 10 from each side edge.")
w("F018", "cad-sketch", "Sketch a 100 x 80 rectangle on XY and extrude 10. On the top face sketch a centred 60 x 40 rectangle and cut through all to make a window. Fillet the four vertical edges of the window R10. Add four 6 mm through holes at the corners, 10 mm from each outer edge.")
w("F019", "llm", "Create a base with a hollow post. First, make a square plate 80 mm x 80 mm x 10 mm. Next, add a cylinder 30 mm in diameter and 30 mm tall, centred on the top face. Then drill a 16 mm hole vertically through the cylinder and the plate along the cylinder axis. Finally, drill a 6 mm cross hole horizontally through the post, 25 mm above the underside of the plate, passing through both walls of the post.")
w("F020", "machinist", "Hex spacer, 24 across the flats, 10 thick. On one face a round collar dia 20 x 5 high, concentric. Dia 12 bore straight through the lot.")
w("F021", "cad-sketch", "On the XZ plane sketch a profile: from the origin 60 along X, up 10, then a straight line back to the point 30 above the origin, and close it. Extrude it 40 along Y to make a ramp. Then put a 10 mm vertical hole through the ramp at X = 15, in the middle of the 40 width, all the way from the sloped top to the bottom.")
w("F022", "chatty", "This is a parts tray for sorting screws on the bench. Outside it's 150 by 100 and 25 tall. Pocket out the inside leaving 5 mm walls all round and a 5 mm floor, and round the four inside vertical corners of the pocket with a 10 mm radius so screws can be scooped out easily.")
w("F023", "machinist", "Clevis from 40 x 40 square bar, 60 long, standing on end. Slot the top end 16 wide by 40 deep straight across, leaving two 12 thick prongs. Cross drill dia 10 through both prongs, 15 down from the top, centred. Bottom end: dia 8.5 drill 15 deep on centre, blind.")
w("F024", "llm", "Create an adjustable mounting plate. First, make a plate 100 mm x 60 mm x 8 mm. Next, chamfer the four vertical corner edges by 6 mm. Then cut two through slots, each 8 mm wide and 28 mm long overall with fully rounded ends, running parallel to the 100 mm side, centred along the length of the plate, with their centrelines 15 mm in from each long edge.")

w("F025", "plain", "A 50 x 50 x 20 block with a cylinder of 30 mm diameter and 25 mm height standing on the centre of its top face, and a 10 mm hole down the common axis through both.")
w("F026", "plain", "A vertical cylinder 40 mm in diameter and 60 tall, capped on its top end with a hemisphere of the same diameter, dome up, for 80 mm overall. A horizontal 20 mm hole passes right through the cylinder, square to its axis, 30 mm above its bottom face.")
w("F027", "plain", "Model a simple wheel centred on the origin: a torus lying in the XY plane with a 30 mm centre-line radius and a 10 mm tube diameter; two spokes, each a 10 mm diameter cylinder 60 mm long centred on the origin, one along X and one along Y; and a hub, a 16 mm diameter cylinder 10 mm tall on the Z axis, running from z = -5 to z = 5. Join everything into one solid.")
w("F028", "plain", "Start with a cylinder 40 mm in diameter and 20 tall. Put a cone on top of it, 40 mm diameter at its base tapering to 10 mm at the top, 40 tall. Then run a 6 mm hole right through along the axis, 60 long in total.")
w("F029", "plain", "A sphere of 50 mm diameter centred on the origin, with everything below z = -15 cut off flat. Join a vertical 20 mm diameter cylinder on the Z axis running from z = 15 up to z = 40.")
w("F030", "plain", "A plus-shaped block: two bars 80 x 20 x 20 crossing at right angles, both centred on the origin, one along X and one along Y, plus a cylinder of 30 mm diameter and 20 mm height on the Z axis, also centred at the origin. Merge them all.")
w("F031", "plain", "Dome cover: a disc 80 mm in diameter and 5 thick; on top of it, centred, a hemisphere of radius 30, hollowed by removing a concentric hemisphere of radius 25 whose flat face sits on the disc's top face, so the disc stays solid underneath.")
w("F032", "plain", "A box 60 along X, 40 along Y, 20 along Z with a corner at the origin. Union a cylinder of 40 mm diameter whose axis runs along Y from y = 0 to y = 40 at x = 30, z = 20, so its upper half rises above the box as a rounded top. Then cut a 10 mm hole along that same axis all the way through.")
w("F033", "plain", "Along the X axis: a sphere of 30 mm diameter centred on the origin; a cone frustum from x = 0, diameter 30, to x = 50, diameter 16; and a 16 mm diameter cylinder from x = 50 to x = 70. Fuse them into one solid.")
w("F034", "plain", "A 40 mm cube centred on the origin, with a 50 mm diameter sphere, also centred on the origin, subtracted from it.")
w("F035", "plain", "A base block 60 long in X, 20 in Y and 10 high, centred on the origin in X and Y with its bottom at z = 0. Standing on it, a ring: a torus with its axis along Y, centred at (0, 0, 30), with a 20 mm centre-line radius and a 12 mm tube diameter, fused with the block (it sinks into the block a little).")
w("F036", "plain", "A vertical cylinder 30 mm in diameter and 50 tall, bottom face at z = 0, with a hemisphere of radius 15 attached to the bottom face, dome pointing down. Cut two 10 mm cross holes straight through the cylinder: one along X at z = 15 and one along Y at z = 35.")

w("F037", "cad-sketch", "V-belt pulley by revolving: in the XZ plane sketch the half cross-section and revolve it 360 degrees about the Z axis. Points as (radius, height): (5,0), (30,0), (30,3), (24,8), (30,13), (30,16), (5,16), closed. That gives a 60 mm pulley, 16 wide, with a 10 mm bore and a V groove 6 deep in the rim.")
w("F038", "cad-sketch", "Sketch a 10 x 10 square in the XZ plane spanning x = 20 to 30 and z = 0 to 10, and revolve it about the Z axis through 180 degrees only, giving a half ring.")
w("F039", "plain", "Loft from a 40 x 40 square on the XY plane to a circle of 20 mm diameter 50 mm above it, both centred on the Z axis, as a closed solid with straight (ruled) sides.")
w("F040", "plain", "Sweep a 10 mm diameter circle along a path to make a bent solid rod: straight up from the origin 30 mm along Z, then a 90 degree arc of 25 mm radius bending toward +X that ends running horizontally at (25, 0, 55), then straight on 20 mm along +X to (45, 0, 55).")
w("F041", "plain", "Loft between a 60 x 40 rectangle at z = 0 and a 30 x 20 rectangle at z = 40, both centred on the Z axis with their long sides along X.")
w("F042", "cad-sketch", "Take a 60 x 30 rectangle, offset its outline outward by 5 mm with rounded corners, and extrude the band between the original rectangle and the offset outline 8 mm tall: a frame with sharp inner corners and R5 outer corners.")

w("F043", "inches", "Plate 4.00 x 3.00 x .250 thick, aluminum. 4X dia .266 THRU, one at each corner, located .375 from both edges.")
w("F044", "drawing-notes", "FLANGE, dia 100 x 12 THK. Dia 52 x 4 LG spigot on back face, concentric. Dia 40 THRU (through flange and spigot). 6X dia 9 THRU EQ SP on dia 80 B.C. All dims mm.")
w("F045", "hobbyist", "Printing a storage tray: outside 120 x 80, 30 tall, 2 mm walls, 1.6 mm floor, open top. Add a 2 mm divider across the middle, parallel to the short 80 mm sides, splitting it into two equal compartments, full height.")
w("F046", "hobbyist", "Need an L bracket to print: 40 mm wide, 5 mm thick, one leg 50 mm long lying flat and the other standing 35 mm tall (both measured to the outside of the corner). Two 5.5 mm screw holes in each leg, 10 mm in from each side edge: on the flat leg they sit 30 mm from the outer face of the upright, on the upright they're 22 mm up from the bottom.")
w("F047", "machinist", "Turned shaft, 120 overall. From the left end: dia 15 x 25 long, then dia 20 out to 105 from the left end, then dia 12 for the last 15. Groove in the dia 20: 3 wide, down to dia 16, starting 10 from the dia 15 shoulder.")
w("F048", "inches", "Shaft dia 1.000 x 4.00 long. Turn dia .750 x 1.00 long on one end. Drill a dia .250 cross hole THRU, square to the axis and through the centre, located .50 from the opposite (dia 1.000) end.")
w("F049", "inches", "Spacer: 1.25 OD x 1.50 long, .500 dia thru hole, .875 dia c'bore .25 deep on one end.")
w("F050", "hobbyist", "Project box for an Arduino, printing it in PETG: outside 80 x 60 x 35 high, 2 mm walls and 2 mm floor, open top for a lid. In each corner a 7 mm diameter screw post from the floor up to the top rim, centred 6 mm in from both outside faces, each with a 2.5 mm pilot hole 20 mm deep from the top.")
w("F051", "drawing-notes", "PLATE 100 x 50 x 12. 4X R10 CORNERS. 2X dia 6.6 THRU, C'BORE dia 11 x 6.8 DP, at 20 from each end on the 50 centreline. Dia 10 THRU at centre. BREAK TOP AND BOTTOM OUTSIDE EDGES 0.5 x 45.")
w("F052", "machinist", "V-block drill jig from a 150 x 50 x 25 block. Cut a 90 degree V groove in the top face along the full 150 length, centred on the 50 width, 10 deep (20 wide at the top). Drill three dia 8 holes top to bottom through the block, 10 in from one long side, at 25, 75 and 125 from one end.")
w("F053", "hobbyist", "Grip knob for a 6 mm shaft: a 40 mm diameter puck, 15 mm tall, with 8 round finger scallops around the edge, each cut by a vertical 8 mm diameter cylinder whose axis sits 22 mm from the centre, evenly spaced with one of them on the +X axis. A 6 mm hole 12 mm deep goes up from the bottom centre, blind.")
w("F054", "drawing-notes", "U-BRACKET, model as one solid: 60 long x 30 wide, all material 3 thk, legs at both ends 30 high overall. Base: 2X dia 5 THRU at 20 and 40 from one end, on the centreline. Each leg: 1X dia 8 THRU, centred on the 30 width, 18 above the bottom.")

w("F055", "plain", "Make a 100 x 60 x 5 aluminium mounting plate with a mounting hole near each corner.")
w("F056", "chatty", "This is a name tag for my workshop door: an 80 x 30 x 5 plate with the word WORKSHOP engraved 1 mm deep across the top face in a bold sans-serif font.")
w("F057", "machinist", "M10 x 1.5 hex bolt, 40 long under the head, 17 AF head 6.4 high. Model the real helical thread along the full shank, not a cosmetic one.")
w("F058", "hobbyist", "Can you design an ergonomic bike handlebar grip, about 120 mm long, shaped to fit the fingers of my right hand?")
w("F059", "llm", "Create a working hinge. First, make two leaves 40 x 30 x 3 mm. Next, join them with a 4 mm pin through knuckles so the leaves can swing open and closed. Finally, model it so the leaves actually rotate about the pin.")
w("F060", "chatty", "This is a lid for a jewellery box: a disc 90 mm across and 4 mm thick with a delicate floral filigree pattern raised 1 mm on top, like Victorian ironwork.")

def main():
    refs = json.load(open(os.path.join(HERE, "refs.json")))
    assert set(P) == {p["id"] for p in PARTS}
    with open(os.path.join(HERE, "F.jsonl"), "w") as f:
        for p in PARTS:
            persona, prompt = P[p["id"]]
            r = refs[p["id"]]
            exp = "refuse" if p["category"] == "refuse" else "build"
            f.write(json.dumps({"id": p["id"], "category": p["category"], "persona": persona, "prompt": prompt,
                                "expect": exp,
                                "reference": None if r is None else {"volume": r["volume"], "bbox": r["bbox"]},
                                "part": p["part"]}) + "\n")
    print("wrote", len(PARTS))

if __name__ == "__main__":
    main()
