"""Writer H: parts as data (CSG trees). Sizes in mm (inch parts converted, 1 in = 25.4 mm)."""
import math
IN = 25.4
def box(sx, sy, sz, at=(0,0,0)): return {'op':'box','size':[sx,sy,sz],'at':list(at)}
def cyl(d, h, at=(0,0,0), dir=(0,0,1)): return {'op':'cyl','r':d/2,'h':h,'at':list(at),'dir':list(dir)}
def cone(d1, d2, h, at=(0,0,0), dir=(0,0,1)): return {'op':'cone','r1':d1/2,'r2':d2/2,'h':h,'at':list(at),'dir':list(dir)}
def fuse(*c): return {'op':'fuse','children':list(c)}
def cut(b, *t): return {'op':'cut','base':b,'tools':list(t)}
def fillet(s, r, **sel): return {'op':'fillet','shape':s,'r':r,'edges':sel}
def chamfer(s, d, **sel): return {'op':'chamfer','shape':s,'d':d,'edges':sel}
def hexpts(af, cx=0, cy=0):
    R = af/math.sqrt(3)
    return [[cx+R*math.cos(math.radians(60*i)), cy+R*math.sin(math.radians(60*i))] for i in range(6)]
pi = math.pi
P = []   # (id, category, persona, part or None, hand-volume or None)
def add(i, cat, persona, part, hand=None): P.append((i, cat, persona, part, hand))

# ---------------- steps ----------------
add('H001','steps','machinist',
    cut(chamfer(box(80,50,20),3,axis='Z',count=4),
        *[cyl(8,22,(x,y,-1)) for x,y in ((10,10),(70,10),(10,40),(70,40))],
        box(40,20,7,(20,15,14))),
    80*50*20 - 4*4.5*20 - 4*pi*16*20 - 40*20*6)
add('H002','steps','cad',
    cut(fuse(box(60,40,10,(-30,-20,0)), cyl(30,25,(0,0,10))), cyl(16,37,(0,0,-1))),
    24000 + pi*225*25 - pi*64*35)
add('H003','steps','hobbyist',
    cut(fuse(fillet(box(100,60,3),6,axis='Z',count=4),
             *[cyl(7,8,(x,y,3)) for x,y in ((8,8),(92,8),(8,52),(92,52))]),
        *[cyl(2.8,13,(x,y,-1)) for x,y in ((8,8),(92,8),(8,52),(92,52))]),
    (6000-(4-pi)*36)*3 + 4*pi*3.5**2*8 - 4*pi*1.4**2*11)
add('H004','steps','inches',
    cut(chamfer(box(3*IN,2*IN,1*IN),IN/8,type='line',z=1*IN,count=4),
        cyl(0.5*IN,1.2*IN,(1.5*IN,1*IN,-0.1*IN)),
        cyl(0.875*IN,0.35*IN,(1.5*IN,1*IN,0.75*IN))))
add('H005','steps','engineer',
    cut(fuse(cyl(30,80), cyl(20,40,(0,0,80))),
        cyl(6,40,(-20,0,40),(1,0,0)), cyl(10,21,(0,0,100))))
add('H006','steps','chatty',
    cut(cyl(40,30), cyl(22,32,(0,0,-1)), box(11,6,32,(10,-3,-1)), cyl(5,44,(15.5,-22,15),(0,1,0))))
add('H007','steps','beginner',
    fillet(cut(box(50,30,20), box(44,24,18,(3,3,3))),5,axis='Z',x=[0,50],y=[0,30],count=4),
    (1500-(4-pi)*25)*20 - 44*24*17)
add('H008','steps','cad',
    cut(fillet({'op':'prism','plane':'XZ','pts':[[0,0],[50,0],[50,5],[5,5],[5,40],[0,40]],'h':30,'offset':0},
               5,axis='Y',x=5,z=5,count=1),
        cyl(6,7,(30,7.5,-1)), cyl(6,7,(30,22.5,-1)),
        cyl(6,7,(-1,7.5,25),(1,0,0)), cyl(6,7,(-1,22.5,25),(1,0,0))),
    30*(250+175) + (1-pi/4)*25*30 - 4*pi*9*5)
add('H009','steps','machinist',
    cut(fuse(cyl(100,12), cyl(50,20,(0,0,12))), cyl(25,34,(0,0,-1)),
        *[cyl(9,14,(37.5*math.cos(math.radians(a)),37.5*math.sin(math.radians(a)),-1)) for a in range(0,360,60)]),
    pi*2500*12 + pi*625*20 - pi*156.25*32 - 6*pi*20.25*12)
add('H010','steps','inches',
    cut(box(4*IN,2.5*IN,0.375*IN),
        box(1.5*IN,0.5*IN,0.5*IN,(1.25*IN,1.0*IN,-0.05*IN)),
        cyl(0.5*IN,0.5*IN,(1.25*IN,1.25*IN,-0.05*IN)), cyl(0.5*IN,0.5*IN,(2.75*IN,1.25*IN,-0.05*IN)),
        cyl(0.25*IN,0.5*IN,(0.5*IN,1.25*IN,-0.05*IN)), cyl(0.25*IN,0.5*IN,(3.5*IN,1.25*IN,-0.05*IN))),
    (4*2.5*0.375 - (1.5*0.5+pi*0.0625)*0.375 - 2*pi*0.015625*0.375)*IN**3)
add('H011','steps','engineer',
    cut(box(40,40,40), cyl(20,42,(-1,20,20),(1,0,0)), cyl(20,42,(20,-1,20),(0,1,0)), cyl(10,16,(20,20,25))))
add('H012','steps','chatty',
    cut(fuse(fillet(cyl(40,15),3,type='circle',z=15,count=1), cyl(20,10,(0,0,15))), cyl(8,27,(0,0,-1))))
add('H013','steps','beginner',
    cut(cyl(60,10), *[cyl(6,12,(x,y,-1)) for x,y in ((20,0),(-20,0),(0,20),(0,-20))], box(12,12,12,(-6,-6,-1))),
    pi*900*10 - 4*pi*9*10 - 144*10)
add('H014','steps','hobbyist',
    cut(fuse(box(60,80,5), box(60,5,50,(0,75,5)), box(60,5,5,(0,0,5))), box(15,7,6,(22.5,-1,5))),
    60*80*5 + 60*5*50 + 45*5*5)
add('H015','steps','inches',
    cut(cyl(2*IN,0.25*IN), cyl(0.5*IN,0.3*IN,(0,0,-0.025*IN)),
        *[cyl(0.25*IN,0.3*IN,(0.75*IN*math.cos(math.radians(a)),0.75*IN*math.sin(math.radians(a)),-0.025*IN)) for a in (0,90,180,270)]),
    pi*(25.4**2-6.35**2)*6.35 - 4*pi*3.175**2*6.35)
add('H016','steps','engineer',
    cut(fillet(box(120,80,10,(-60,-40,0)),10,axis='Z',count=4), cyl(40,12,(0,0,-1)),
        *[cyl(10,12,(x,y,-1)) for x in (-50,50) for y in (-30,30)]),
    (9600-(4-pi)*100)*10 - pi*400*10 - 4*pi*25*10)
add('H017','steps','machinist',
    cut(fuse(box(40,40,75), cyl(30,25,(20,20,75))), cyl(12,41,(20,20,60)), cyl(8,42,(-1,20,20),(1,0,0))),
    40*40*75 + pi*225*25 - pi*36*40 - pi*16*40)
add('H018','steps','cad',
    cut(fuse({'op':'prism','plane':'XY','pts':hexpts(30),'h':12,'offset':0}, cyl(24,4,(0,0,12))), cyl(16,18,(0,0,-1))),
    (math.sqrt(3)/2*900)*12 + pi*144*4 - pi*64*16)
add('H019','steps','chatty',
    cut(box(60,20,20), box(62,10,13,(-1,5,8)), cyl(4,10,(10,10,-1)), cyl(4,10,(50,10,-1))),
    60*20*20 - 60*10*12 - 2*pi*4*8)
add('H020','steps','beginner',
    cut(fillet(box(30,30,30),3), cyl(10,32,(15,15,-1))),
    24**3 + 6*576*3 + 3*pi*9*24 + 4/3*pi*27 - pi*25*30)
add('H021','steps','hobbyist',
    cut(fuse(box(50,50,3,(-25,-25,0)), cyl(20,30,(0,0,3))), cyl(16,31,(0,0,3))),
    7500 + pi*100*30 - pi*64*30)
add('H022','steps','inches',
    cut(fillet(box(6*IN,1*IN,0.5*IN),0.25*IN,axis='Z',count=4),
        cyl(0.25*IN,0.6*IN,(0.5*IN,0.5*IN,-0.05*IN)), cyl(0.25*IN,0.6*IN,(5.5*IN,0.5*IN,-0.05*IN)),
        cyl(0.5*IN,0.6*IN,(3*IN,0.5*IN,-0.05*IN))),
    ((6-(4-pi)*0.0625)*0.5 - (2*pi*0.015625 + pi*0.0625)*0.5)*IN**3)
add('H023','steps','engineer',
    cut(fuse(cyl(50,100), cyl(90,8)), cyl(42,102,(0,0,-1)),
        *[cyl(8,10,(x,y,-1)) for x,y in ((35,0),(-35,0),(0,35),(0,-35))]),
    pi*625*100 + pi*(2025-625)*8 - pi*441*100 - 4*pi*16*8)
add('H024','steps','machinist',
    cut(chamfer(box(60,40,30),15,axis='X',y=40,z=30,count=1),
        cyl(8,32,(15,12,-1)), cyl(8,32,(45,12,-1)), box(10,42,6,(25,-1,-1))),
    60*40*30 - 0.5*225*60 - 2*pi*16*30 - 10*5*40)

# ---------------- unions ----------------
add('H025','unions','engineer', fuse(box(40,40,20), {'op':'sphere','r':15,'at':[20,20,20]}),
    32000 + 2/3*pi*3375)
add('H026','unions','cad', fuse(cyl(30,60,(-30,0,0),(1,0,0)), cyl(20,40,(0,-20,0),(0,1,0))))
add('H027','unions','machinist', cut(box(100,50,30), cyl(40,52,(50,-1,30),(0,1,0))),
    150000 - pi*400*50/2)
add('H028','unions','beginner', cut(fuse(cyl(50,20), cone(50,20,40,(0,0,20))), cyl(10,62,(0,0,-1))),
    pi*625*20 + pi*40/3*(625+100+250) - pi*25*60)
add('H029','unions','chatty', fuse({'op':'torus','R':30,'r':5,'at':[0,0,0],'dir':[0,0,1]},
    cyl(10,60,(-30,0,0),(1,0,0)), cyl(20,10,(0,0,-5))))
add('H030','unions','engineer', cut(box(60,60,60), {'op':'sphere','r':40,'at':[60,60,60]}),
    216000 - 4/3*pi*64000/8)
add('H031','unions','hobbyist', cut(fuse(box(80,20,10), box(20,60,10,(60,0,0))), cyl(8,12,(10,10,-1)), cyl(8,12,(70,50,-1))),
    2400*10 - 2*pi*16*10)
_strip = 2*(10*math.sqrt(800) + 900*math.asin(1/3))
add('H032','unions','inches' if False else 'cad', cut(cyl(60,20), box(62,20,11,(-31,-10,10))),
    pi*900*20 - _strip*10)
add('H033','unions','chatty', cut(fuse(cyl(50,30), cut({'op':'sphere','r':25,'at':[0,0,30]}, box(60,60,30,(-30,-30,0)))),
    cyl(10,52,(0,-26,15),(0,1,0))))
add('H034','unions','machinist', cut(fuse(box(50,30,20), cyl(30,20,(50,15,0))), cyl(12,22,(50,15,-1))),
    30000 + pi*225*10 - pi*36*20)
add('H035','unions','cad', cut(box(40,40,40,(-20,-20,0)), cone(0,30,15,(0,0,25)), cyl(10,42,(0,0,-1))),
    64000 - pi*(25*40 + (15**3-5**3)/3 - 250))
add('H036','unions','engineer', {'op':'common','children':[cyl(40,60,(-30,0,0),(1,0,0)), cyl(40,60,(0,-30,0),(0,1,0))]},
    16*8000/3)

# ---------------- sweeps ----------------
add('H037','sweeps','cad', {'op':'revolve','pts':[[10,0],[30,0],[30,5],[15,5],[15,35],[30,35],[30,40],[10,40]],'angle':360},
    pi*800*5*2 + pi*125*30)
add('H038','sweeps','engineer', {'op':'revolve','pts':[[30,0],[50,0],[50,10],[30,10]],'angle':90},
    pi/4*1600*10)
add('H039','sweeps','hobbyist', {'op':'loft','sections':[{'rect':[40,40],'z':0},{'circle':15,'z':50}],'ruled':True})
_c = 30/math.sqrt(2)
add('H040','sweeps','machinist', {'op':'sweep','r':5,'start_dir':[0,0,1],'path':[
    {'line':[[0,0,0],[0,0,50]]}, {'arc':[[0,0,50],[30-_c,0,50+_c],[30,0,80]]}, {'line':[[30,0,80],[70,0,80]]}]},
    pi*25*(50+15*pi+40))
add('H041','sweeps','cad', {'op':'offset2d','pts':[[0,0],[40,0],[40,20],[0,20]],'d':5,'h':10},
    (1500-(4-pi)*25)*10)
add('H042','sweeps','chatty', {'op':'thickness','shape':cyl(50,40),'t':3},
    pi*625*40 - pi*22**2*37)

# ---------------- shop ----------------
add('H043','shop','machinist', cut(fuse(cyl(22,20), cyl(32,4)), cyl(16,22,(0,0,-1))),
    pi*(121-64)*20 + pi*(256-121)*4)
add('H044','shop','machinist', cut(box(150,12,25), *[cyl(10,14,(x,-1,12.5),(0,1,0)) for x in (37.5,75,112.5)]),
    150*25*12 - 3*pi*25*12)
add('H045','shop','hobbyist', cut(box(50,25,20), cyl(3,22,(12.5,12.5,-1)), cyl(5,22,(25,12.5,-1)), cyl(8,22,(37.5,12.5,-1))),
    25000 - pi*(2.25+6.25+16)*20)
add('H046','shop','hobbyist', cut({'op':'prism','plane':'XZ','pts':[[0,0],[20,0],[20,5],[15,5],[15,11],[5,11],[5,5],[0,5]],'h':30,'offset':0},
    cyl(6,13,(10,15,-1))),
    160*30 - pi*9*11)
add('H047','shop','machinist', cut(box(50,50,2), box(26,13,4,(25,18.5,-1)), cyl(13,4,(25,25,-1))),
    5000 - (13*25 + pi*42.25/2)*2)
add('H048','shop','hobbyist', cut({'op':'prism','plane':'XY','pts':hexpts(8),'h':20,'offset':0}, cyl(3.2,22,(0,0,-1))),
    (math.sqrt(3)/2*64)*20 - pi*2.56*20)
add('H049','shop','inches', cut(box(6*IN,0.75*IN,1.5*IN),
    *[cyl(0.344*IN,0.85*IN,(x*IN,-0.05*IN,0.75*IN),(0,1,0)) for x in (1,5)],
    *[cyl(0.53*IN,0.38*IN,(x*IN,-0.05*IN,0.75*IN),(0,1,0)) for x in (1,5)]),
    (6*1.5*0.75 - 2*pi*(0.172**2*(0.75-0.33) + 0.265**2*0.33))*IN**3)
add('H050','shop','hobbyist', cut(fuse(cyl(25,30), cone(25,19,10,(0,0,30)), cyl(19,30,(0,0,40))), cyl(15,72,(0,0,-1))),
    pi*(156.25*30 + 90.25*30 + 10/3*(156.25+90.25+12.5*9.5)) - pi*56.25*70)
add('H051','shop','machinist', fuse(box(100,80,12), box(100,12,80,(0,68,0)),
    {'op':'prism','plane':'YZ','pts':[[68,12],[68,62],[18,12]],'h':10,'offset':0},
    {'op':'prism','plane':'YZ','pts':[[68,12],[68,62],[18,12]],'h':10,'offset':90}),
    100*80*12 + 100*12*68 + 2*10*0.5*50*50)
add('H052','shop','hobbyist', cut(box(40,40,5,(-20,-20,0)), cyl(38,7,(0,0,-1)),
    *[cyl(3.4,7,(x,y,-1)) for x in (-16,16) for y in (-16,16)]),
    8000 - pi*361*5 - 4*pi*2.89*5)
add('H053','shop','machinist', cut(fuse(cyl(25,50), cyl(20,30,(0,0,50)), cyl(12,20,(0,0,80))), cyl(5,27,(-13.5,0,25),(1,0,0))))
add('H054','shop','hobbyist', cut(fuse(box(40,5,60), cyl(10,30,(20,0,45),(0,-1,0))),
    *[cyl(4,7,(20,-1,z),(0,1,0)) for z in (10,30)], *[cone(8,4,2,(20,0,z),(0,1,0)) for z in (10,30)]),
    12000 + pi*25*30 - 2*(pi*4*3 + pi*2/3*(16+4+8)))

# ---------------- refuse ----------------
for i, per in (('H055','machinist'),('H056','hobbyist'),('H057','beginner'),('H058','chatty'),('H059','engineer'),('H060','inches')):
    add(i,'refuse',per,None)
