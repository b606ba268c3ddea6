"""Static policy and run-time guards, without FreeCAD: what a job script may and may not say."""

from __future__ import annotations

import math

import pytest

from ai_designer.core.errors import PolicyViolation
from ai_designer.freecad import policy
from ai_designer.freecad.sandbox import ModuleProxy, safe_builtins, scrubbed_env

GOOD = """
import math
import FreeCAD as App
from FreeCAD import Vector
import Part
box = doc.addObject("Part::Box", "Plate")
box.Length = 2 * math.pi
pts = [Vector(0, 0, 0)]
pts.insert(0, Vector(1, 0, 0))
sheet = doc.addObject("Spreadsheet::Sheet", "Params")
body = doc.addObject("PartDesign::Body", "Body")
shape = Part.makeBox(10, 10, 10).cut(Part.makeCylinder(2, 10))
total = sum(i * 2 for i in range(4)) if hasattr(box, "Length") else 0
def ring(n):
    return [math.cos(2 * math.pi * k / n) for k in range(n)]
result = box
"""


def test_a_normal_modelling_script_passes() -> None:
    policy.check(GOOD)


@pytest.mark.parametrize("script, refused", [
    ("import os\nos.system('id')", "import os"),
    ("import subprocess", "import subprocess"),
    ("from os import system", "from os import"),
    ("import Mesh", "import Mesh"),
    ("import Import", "import Import"),
    ("open('/etc/passwd').read()", "`open`"),
    ("__import__('os').system('id')", "`__import__`"),
    ("eval('1+1')", "`eval`"),
    ("exec('x=1')", "`exec`"),
    ("compile('1', 'f', 'eval')", "`compile`"),
    ("getattr(doc, 'saveAs')('/tmp/x')", "`getattr`"),
    ("globals()['x'] = 1", "`globals`"),
    ("vars()", "`vars`"),
    ("().__class__.__bases__[0].__subclasses__()", "`.__class__`"),
    ("(lambda: 0).__globals__", "`.__globals__`"),
    ("g = (i for i in [1])\nf = g.gi_frame.f_back", "`.gi_frame`"),
    ("'{0.__class__}'.format(1)", "format string"),
    ("type(doc)", "`type`"),
    ("class X:\n    pass", "class"),
    ("Part.read('/etc/passwd')", "`.read`"),
    ("App.openDocument('/etc/passwd')", "`.openDocument`"),
    ("doc.saveAs('/tmp/x.FCStd')", "`.saveAs`"),
    ("doc.save()", "`.save`"),
    ("Part.makeBox(1, 1, 1).exportStep('/tmp/x.step')", "`.exportStep`"),
    ("Part.makeBox(1, 1, 1).exportBrep('/tmp/x.brep')", "`.exportBrep`"),
    ("s = Part.Shape()\ns.importBrep('/etc/passwd')", "`.importBrep`"),
    ("App.loadFile('/etc/passwd')", "`.loadFile`"),
    ("App.ParamGet('User parameter:BaseApp')", "`.ParamGet`"),
    ("App.ConfigSet('AppTempPath', '/')", "`.ConfigSet`"),
    ("doc.addObject('Mesh::Import', 'm')", "addObject('Mesh::Import')"),
    ("doc.addObject('Part::ImportStep', 's')", "addObject('Part::ImportStep')"),
    ("o = doc.addObject('Part::Feature', 'f')\no.FileName = '/etc/passwd'", "`.FileName`"),
    ("from Part import insert", "import insert"),
    ("from FreeCAD import *", "import *"),
    ("x = Part._private", "`._private`"),
    ("import Draft\nDraft.os.getcwd()", "`.os`"),
    ("Part.setStaticValue('write.step.unit', 'M')", "`.setStaticValue`"),
    ("Part.exportUnits('M')", "`.exportUnits`"),
    ("App.Units.setSchema(1)", "`.setSchema`"),
    ("import Draft\nDraft.setParam('x', 1)", "`.setParam`"),
    ("w = Part.makeWireString('x', '/etc', 'passwd', 1)", "`.makeWireString`"),
    ("async def f():\n    pass", "async"),
    ("x = 1 +", "not valid Python"),
])
def test_refusals_name_what_and_where(script: str, refused: str) -> None:
    with pytest.raises(PolicyViolation) as info:
        policy.check(script)
    assert refused in info.value.message
    assert info.value.code == "policy_violation"


def test_overlong_scripts_are_refused() -> None:
    with pytest.raises(PolicyViolation, match="limit"):
        policy.check("x = 1\n" * 50_000)


def test_object_types() -> None:
    for ok in ("Part::Box", "PartDesign::Pad", "Sketcher::SketchObject", "App::Origin", "Spreadsheet::Sheet",
               "Part::FeaturePython"):
        assert policy.allowed_object_type(ok), ok
    for bad in ("Mesh::Import", "Mesh::Feature", "Points::Feature", "Image::ImagePlane", "Part::ImportStep",
                "App::InventorObject", "Fem::FemMeshObject"):
        assert not policy.allowed_object_type(bad), bad


def test_module_proxy_refuses_private_and_file_names() -> None:
    proxy = ModuleProxy(math, "math")
    assert proxy.pi == math.pi and proxy.cos(0) == 1.0
    for name in ("__loader__", "_private", "insert", "export", "open", "read", "saveAs"):
        with pytest.raises(PolicyViolation):
            getattr(proxy, name)
    with pytest.raises(PolicyViolation):
        proxy.pi = 3  # type: ignore[misc]


def test_restricted_builtins_capture_print_and_guard_import() -> None:
    output: list[str] = []
    table = safe_builtins(output)
    assert "open" not in table and "exec" not in table and "eval" not in table and "getattr" not in table
    table["print"]("hello", 2)
    assert output == ["hello 2\n"]
    with pytest.raises(PolicyViolation):
        table["__import__"]("os")
    assert isinstance(table["__import__"]("math"), ModuleProxy)


def test_environment_keeps_only_what_freecad_needs() -> None:
    fake = {
        "OPENAI_API_KEY": "sk-x",  # pragma: allowlist secret
        "AWS_SECRET_ACCESS_KEY": "a",  # pragma: allowlist secret
        "GITHUB_TOKEN": "t", "REDIS_URL": "redis://x",
        "JWT_SECRET_KEY": "j",  # pragma: allowlist secret
        "FREECAD_API_KEY": "sneaky",  # pragma: allowlist secret
        "DATABASE_URL": "postgres://", "RANDOM_OTHER": "x",
    }
    env = scrubbed_env({"PATH": "/usr/bin", "LANG": "C.UTF-8", "FREECAD_PATH": "/opt", "LD_LIBRARY_PATH": "/l",
                        "HOME": "/srv/app", **fake}, home="/w", tmp="/w/tmp")
    assert env["PATH"] == "/usr/bin" and env["FREECAD_PATH"] == "/opt" and env["LD_LIBRARY_PATH"] == "/l"
    assert env["HOME"] == "/w" and env["TMPDIR"] == "/w/tmp" and env["OPENBLAS_NUM_THREADS"] == "1"
    for gone in ("OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "REDIS_URL", "JWT_SECRET_KEY",
                 "FREECAD_API_KEY", "DATABASE_URL", "RANDOM_OTHER"):
        assert gone not in env


def test_check_cached_remembers_passes_not_refusals() -> None:
    from ai_designer.freecad import policy as pol

    ok = "b = doc.addObject('Part::Box', 'B')\nresult = b  # cached-pass test\n"
    pol.check_cached(ok)
    digest = __import__("hashlib").sha256(ok.encode()).digest()
    assert digest in pol._PASSED  # noqa: SLF001 - the cache itself is under test
    bad = "import os  # cached-refusal test\n"
    for _ in range(2):
        with pytest.raises(PolicyViolation):
            pol.check_cached(bad)
    assert __import__("hashlib").sha256(bad.encode()).digest() not in pol._PASSED  # noqa: SLF001
