"""The parent's check of an FCStd before it is handed out (``freecad/fcstd_guard.py``): the worker that wrote it is
not trusted, and FreeCAD runs code from some of what a document may hold when a user opens it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ai_designer.freecad.fcstd_guard import FcstdRefused, check_fcstd

PLAIN = """<?xml version='1.0' encoding='utf-8'?>
<Document SchemaVersion="4" ProgramVersion="0.20.2" FileVersion="1">
    <Objects Count="3">
        <Object type="Spreadsheet::Sheet" name="Params" id="1" />
        <Object type="Part::Box" name="plate" id="2" />
        <Object type="PartDesign::Body" name="fillet" id="3" />
    </Objects>
    <ObjectData Count="2">
        <Object name="Params"><Properties Count="1">
            <Property name="cells" type="Spreadsheet::PropertySheet" status="67108864">
                <Cells Count="2"><Cell address="A1" content="plate_length" /><Cell address="B1" content="90" /></Cells>
            </Property></Properties></Object>
        <Object name="plate"><Properties Count="1">
            <Property name="ExpressionEngine" type="App::PropertyExpressionEngine" status="67108864">
                <ExpressionEngine count="1"><Expression path="Length" expression="Params.plate_length / 2"/>
                </ExpressionEngine></Property></Properties></Object>
    </ObjectData>
</Document>
"""


def _fcstd(tmp_path: Path, xml: str, extra: dict[str, bytes] | None = None) -> Path:
    path = tmp_path / "part.FCStd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Document.xml", xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def test_a_plain_parametric_model_passes(tmp_path: Path) -> None:
    check_fcstd(_fcstd(tmp_path, PLAIN, {"PartShape.brp": b"DBRep_DrawableShape"}))


def test_draft_objects_with_freecads_own_proxies_pass(tmp_path: Path) -> None:
    xml = PLAIN.replace('<Object type="Part::Box" name="plate" id="2" />',
                        '<Object type="Part::Part2DObjectPython" name="Wire" id="2" />').replace(
        "</ObjectData>", '<Object name="Wire"><Properties Count="1"><Property name="Proxy" '
        'type="App::PropertyPythonObject" status="1"><Python value="IldpcmUi" encoded="yes" '
        'module="draftobjects.wire" class="Wire"/></Property></Properties></Object></ObjectData>')
    check_fcstd(_fcstd(tmp_path, xml))


@pytest.mark.parametrize("attributes", [
    'module="evil" class="Payload"',
    'module="draftobjects.wire" class="Wire" module="os"',
    'module="draftobjects.wire.os" class="Wire"',
    'class="Wire" module="evil"',
])
def test_any_other_stored_python_object_is_refused(tmp_path: Path, attributes: str) -> None:
    xml = PLAIN.replace("</ObjectData>", '<Object name="X"><Properties Count="1"><Property name="Proxy" '
                        'type="App::PropertyPythonObject" status="1"><Python value="e30=" encoded="yes" '
                        f'{attributes}/></Property></Properties></Object></ObjectData>')
    with pytest.raises(FcstdRefused, match="Python object|duplicate attribute"):
        check_fcstd(_fcstd(tmp_path, xml))


@pytest.mark.parametrize(("old", "new", "why"), [
    ('type="Part::Box"', 'type="Mesh::Feature"', "object"),
    ('type="Part::Box"', 'type="Image::ImagePlane"', "object"),
    ('expression="Params.plate_length / 2"',
     'expression="plate._app.__loader__.__init__.__globals__[&lt;&lt;__builtins__&gt;&gt;]"', "Python internals"),
    ('content="90"', 'content="=Params._app.Name"', "Python internals"),
    ("</Document>", '<XLinks count="1"><XLink file="/elsewhere/on/the/users/disk.txt" stamp="" name="x"/></XLinks></Document>',
     "external file"),
    ("<?xml version='1.0' encoding='utf-8'?>", "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'x'>]>", "DTD"),
])
def test_what_freecad_would_run_or_open_is_refused(tmp_path: Path, old: str, new: str, why: str) -> None:
    with pytest.raises(FcstdRefused, match=why):
        check_fcstd(_fcstd(tmp_path, PLAIN.replace(old, new)))


@pytest.mark.parametrize(("old", "new", "why"), [
    ('content="90"', "content='=Params._app.Name'", "Python internals"),
    ('expression="Params.plate_length / 2"', 'expression="plate.&#95;&#95;class&#95;&#95;"', "Python internals"),
    ('content="90"', 'content="=Params.&#x5F;app.Name"', "Python internals"),
    ('type="Part::Box"', "type='Mesh::Feature'", "object"),
    ('type="Part::Box"', 'type="Image&#58;&#58;ImagePlane"', "object"),
    ("</Document>", "<XLinks count='1'><XLink file='/elsewhere/on/the/users/disk.txt' name='x'/></XLinks></Document>",
     "external file"),
    ('<Cell address="A1"', '<p:Cell xmlns:p="urn:x" address="A1"', "namespace"),
    ('<Cell address="A1" content="plate_length"', '<Cell address="A1" p:content="=a.__class__" xmlns:p="urn:x"',
     "namespace"),
])
def test_what_freecad_reads_is_checked_not_how_it_is_spelled(tmp_path: Path, old: str, new: str, why: str) -> None:
    """FreeCAD parses Document.xml: single quotes and character references reach it as the text they stand for.
    Until round 7 the guard scanned for ``content="`` and passed every line here."""
    assert old in PLAIN
    with pytest.raises(FcstdRefused, match=why):
        check_fcstd(_fcstd(tmp_path, PLAIN.replace(old, new)))


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/abs/path", "C:/windows/x", "a/../../b"])
def test_members_outside_the_archive_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(FcstdRefused, match="outside the archive"):
        check_fcstd(_fcstd(tmp_path, PLAIN, {name: b"x"}))


def test_not_an_archive_or_no_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.FCStd").write_bytes(b"not a zip")
    with pytest.raises(FcstdRefused, match="not a readable"):
        check_fcstd(tmp_path / "a.FCStd")
    path = tmp_path / "b.FCStd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Other.xml", "<x/>")
    with pytest.raises(FcstdRefused, match="not a readable"):
        check_fcstd(path)


def test_a_double_underscore_inside_a_generated_name_passes(tmp_path: Path) -> None:
    """Operation ids may hold "__" inside them ("a__b"): the cell aliases and expressions made from them are not a
    walk into Python internals, which always starts a name with "_" (``._app``, ``.__class__``, ``<<__builtins__>>``)."""
    xml = PLAIN.replace('expression="Params.plate_length / 2"', 'expression="Params.a__b_length / 2"').replace(
        'content="plate_length"', 'content="a__b_length"')
    check_fcstd(_fcstd(tmp_path, xml))
    for walk in ("Params. _app", "Params.a[&lt;&lt;_x&gt;&gt;]", "Params.__class__"):
        with pytest.raises(FcstdRefused, match="Python internals"):
            check_fcstd(_fcstd(tmp_path, PLAIN.replace('expression="Params.plate_length / 2"',
                                                       f'expression="{walk}"')))
