"""Hostile custom-operation code: each entry tries to leave the sandbox. ``{canary}`` is a host path the code tries
to create or read; ``{secret_file}`` a host file standing for the store. Every entry either is refused (policy,
plan compiler) or runs and achieves nothing: the tests check the host, the outputs and the next build.

Grouped by the door it knocks on; the first group is the attack that broke the first sandbox.
"""

from __future__ import annotations

EXPRESSIONS = [
    "s = doc.addObject('Spreadsheet::Sheet', 'S')\ns.set('A1', '=Box._app.__loader__.__init__.__globals__[<<__builtins__>>]')\nshape = base",
    "b = doc.addObject('Part::Box', 'Box')\nb.setExpression('Length', 'Box._app.__loader__')\nshape = base",
    "b = doc.addObject('Part::Box', 'B')\nb.setExpression('Height', 'B.Shape.__class__.__init__.__globals__')\nshape = base",
    "b = doc.addObject('Part::Box', 'B')\nb.ExpressionEngine\nshape = base",
    "b = doc.addObject('Part::Box', 'B')\nf = b.setExpression\nf('Length', '=B._part.export')\nshape = base",
    "b = doc.addObject('Part::Box', 'B')\nb.evalExpression('B._app')\nshape = base",
    "s = doc.addObject('Spreadsheet::Sheet', 'S')\ns.setContents('A1', '=<<__builtins__>>')\nshape = base",
    "o = doc.addObject('Part::Box', 'B')\no.set = 1\nshape = base",
    "t = 'Spread' + 'sheet::Sheet'\ns = doc.addObject(t, 'S')\nshape = base",
    "b = doc.addObject('Part::Box', 'B')\nb.setExpression('Placement', 'B.Shape.exportStep(\"{canary}\")')\nshape = base",
]
SPREADSHEETS = [
    "s = doc.addObject('Spreadsheet::Sheet', 'S')\nshape = base",
    "s = doc.Objects[0]\ns.set('B9', '=open(\"{canary}\")')\nshape = base",
    "s = doc.getObject('Params')\nshape = base if s is None else base",
    "d = doc\nd.addObject('Spreadsheet::' + 'Sheet', 'X')\nshape = base",
    "s = doc.addObject('Spreadsheet::Sheet', 'S')\ns.setAlias('A1', '__class__')\nshape = base",
]
FEATURE_PYTHON = [
    "o = doc.addObject('Part::FeaturePython', 'F')\nshape = base",
    "o = doc.addObject('App::FeaturePython', 'F')\no.Proxy = print\nshape = base",
    "o = doc.addObject('Part::Part2DObjectPython', 'F')\nshape = base",
    "class P:\n    def execute(self, obj):\n        pass\nshape = base",
    "o = doc.addObject('Part::Box', 'B')\no.Proxy = 1\nshape = base",
]
FILE_PROPERTIES = [
    "b = doc.addObject('Part::Box', 'b')\nb.addProperty('App::PropertyFileIncluded', 'Data')\nb.Data = '/proc/1/environ'\nshape = base",
    "b = doc.addObject('Part::Box', 'b')\nb.addProperty('App::PropertyFile', 'Data')\nb.Data = '{canary}'\nshape = base",
    "b = doc.addObject('Part::Box', 'b')\nb.addProperty('App::PropertyPath', 'P')\nshape = base",
    "t = 'App::Property' + 'FileIncluded'\nb = doc.addObject('Part::Box', 'b')\nb.addProperty(t, 'D')\nshape = base",
    "m = doc.addObject('Mesh::' + 'Export', 'm')\nshape = base",
    "m = doc.addObject('Part::ImportStep', 'm')\nm.FileName = '{secret_file}'\nshape = base",
]
LINKS = [
    "l = doc.addObject('App::Link', 'L')\nshape = base",
    "l = doc.addObject('App::LinkGroup', 'L')\nshape = base",
    "l = doc.addObject('App::DocumentObjectGroupPython', 'G')\nshape = base",
    "n = doc.FileName\nshape = base",
]
IMPORTERS_EXPORTERS = [
    "base.exportStep('{canary}')\nshape = base",
    "base.exportBrep('{canary}')\nshape = base",
    "base.exportStl('{canary}')\nshape = base",
    "doc.saveAs('{canary}')\nshape = base",
    "shape = Part.read('{secret_file}')",
    "Part.insert('{secret_file}', doc.Name)\nshape = base",
    "import Mesh\nm = Mesh.Mesh()\nm.write('{canary}')\nshape = base",
    "e = Part.export\ne([], '{canary}')\nshape = base",
    "x = doc\nx.saveCopy('{canary}')\nshape = base",
    "d = FreeCAD.openDocument('{secret_file}')\nshape = base",
]
SIDE_DOORS = [
    "import Draft\nw = Draft.make_shapestring('x', '{secret_file}', 5)\nshape = base",
    "import Draft\nDraft.os.system('touch {canary}')\nshape = base",
    "import Draft\nu = Draft.utils\nu.os.system('touch {canary}')\nshape = base",
    "import Sketcher\ns = Sketcher.Sketch()\ns.exportDXF('{canary}')\nshape = base",
    "import PartDesign\nPartDesign.os.system('touch {canary}')\nshape = base",
    "p = FreeCAD.ParamGet('User parameter:BaseApp')\nshape = base",
]
PICKLING = [
    "import pickle\nshape = base",
    "c = doc.dumpContent()\nshape = base",
    "base.restoreContent(b'')\nshape = base",
]
UNICODE = [
    "ｅｘｅｃ('open(\"{canary}\", \"w\")')\nshape = base",
    "x = ().__ｃｌａｓｓ__\nshape = base",
    "__ｉｍｐｏｒｔ__('os').system('touch {canary}')\nshape = base",
    "ｏｐｅｎ('{canary}', 'w')\nshape = base",
]
DEEP = [
    "x = " + "(" * 400 + "1" + ")" * 400 + "\nshape = base",
    "x = " + "[" * 300 + "]" * 300 + "\nshape = base",
    "x = " + " + ".join(["1"] * 20000) + "\nshape = base",
]
CLASSICS = [
    "c = ().__class__.__base__.__subclasses__()\nshape = base",
    "g = (i for i in ()).gi_frame.f_back.f_globals\nshape = base",
    "t = '{{0.__class__}}'.format(1)\nshape = base",
    "f = getattr(base, 'exportStep')\nf('{canary}')\nshape = base",
    "v = vars()\nshape = base",
    "g = globals()\nshape = base",
    "b = (lambda: 0).__globals__['__builtins__']\nshape = base",
    "try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__.tb_frame\nshape = base",
    "import os\nos.system('touch {canary}')\nshape = base",
    "o = open\no('{canary}', 'w')\nshape = base",
]
RESOURCES = [
    "while True:\n    pass",
    "x = []\nwhile True:\n    x.append(' ' * 10000000)",
    "n = 10 ** 10 ** 8\nshape = base",
]

CORPUS: list[str] = (EXPRESSIONS + SPREADSHEETS + FEATURE_PYTHON + FILE_PROPERTIES + LINKS + IMPORTERS_EXPORTERS
                     + SIDE_DOORS + PICKLING + UNICODE + DEEP + CLASSICS + RESOURCES)


def plan_for(code: str, canary: str, secret_file: str) -> dict[str, object]:
    """A plan whose second operation is the hostile code (it may read the first's shape as ``base``)."""
    body = code.replace("{canary}", canary).replace("{secret_file}", secret_file)
    return {"name": "hostile", "operations": [
        {"op": "box", "id": "base", "length": 10, "width": 10, "height": 10},
        {"op": "custom", "id": "attack", "description": "hostile code", "code": body, "inputs": ["base"]}]}
