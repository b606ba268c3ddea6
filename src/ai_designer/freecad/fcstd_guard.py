"""The trusted parent's check of an FCStd a worker wrote, before it is handed to a user.

The worker is not trusted (code that escaped the policy can write any bytes), and an FCStd is a program of sorts for
the FreeCAD that opens it: a scripted object stores a Python module and class that FreeCAD imports and restores on
opening, an external link names another file on the opener's disk, and an expression can walk Python attributes (the
formula that broke the first sandbox read the real builtins through ``_app.__loader__``). The generator writes Part,
PartDesign, Sketcher, Spreadsheet and App objects with arithmetic expressions (checked over the example parts); a
model's own code may also use Draft, whose objects are scripted with FreeCAD's ``draftobjects`` classes. Anything
else — another module to import, an external file, an expression reaching Python internals — is refused, not handed
out as a validated model.

Only the archive's directory and ``Document.xml`` are read, with size caps (a zip bomb is refused by its declared
sizes before anything is inflated). The XML is parsed (expat, no DTD allowed, so nothing to expand) because FreeCAD
parses it: until round 7 it was scanned as text for ``content="…"``, and ``content='…'`` or ``&#95;&#95;`` carried
the formula that reaches the real builtins past the scan into the FreeCAD that opened the file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

__all__ = ["FcstdRefused", "check_fcstd"]

_MAX_MEMBERS = 10_000
_MAX_TOTAL = 2 << 30  # declared uncompressed bytes of the whole archive
_MAX_DOCUMENT = 64 << 20  # Document.xml
_ALLOWED_TYPE = re.compile(r"(?:Part|PartDesign|Sketcher|Spreadsheet|App)::[A-Za-z0-9]+")


class FcstdRefused(ValueError):
    """The FCStd holds something ai-designer never generates; the message says what."""


def check_fcstd(path: Path) -> None:
    """Raise :class:`FcstdRefused` when the archive at ``path`` is not a plain parametric model."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_members(infos)
            info = zf.getinfo("Document.xml")
            if info.file_size > _MAX_DOCUMENT:
                raise FcstdRefused(f"Document.xml declares {info.file_size} bytes (at most {_MAX_DOCUMENT})")
            with zf.open(info) as fh:
                data = fh.read(_MAX_DOCUMENT + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError) as exc:
        raise FcstdRefused(f"it is not a readable FreeCAD archive ({exc})") from exc
    if len(data) > _MAX_DOCUMENT:
        raise FcstdRefused("Document.xml is larger than it declares")
    _check_document(data)


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > _MAX_MEMBERS:
        raise FcstdRefused(f"the archive holds {len(infos)} members")
    if sum(i.file_size for i in infos) > _MAX_TOTAL:
        raise FcstdRefused("the archive declares more than 2 GiB of content")
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise FcstdRefused(f"member {name!r} is encrypted")
        if name.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", name) or ":" in name:
            raise FcstdRefused(f"member {name!r} names a path outside the archive")


def _check_document(data: bytes) -> None:
    """Read ``Document.xml`` as FreeCAD's XML reader will: attribute values decoded (``&#95;`` is ``_``), either
    quote style, namespaced names refused (FreeCAD compares local names; it never writes a prefix). A DTD stops the
    parse before anything is declared; no entity but XML's five exists without one."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_: object) -> None:
        raise FcstdRefused("Document.xml declares a DTD or entities")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = _check_element
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise FcstdRefused(f"Document.xml is not well-formed XML ({exc})") from exc


#: an attribute or a key that starts with "_" ("._app", ".__loader__", "[<<__builtins__>>]"): the way a formula walks
#: from a document object into Python's internals. Names the generator writes never start with "_" (an operation id
#: may hold "__" inside it: "Params.a__b_length" is fine).
_PRIVATE = re.compile(r"\.\s*_|<<\s*_")


def _check_element(name: str, attributes: dict[str, str]) -> None:
    if ":" in name or any(":" in key for key in attributes):
        raise FcstdRefused(f"Document.xml uses an XML namespace ({name!r})")
    kind = attributes.get("type")
    if name == "Object" and kind is not None and not _ALLOWED_TYPE.fullmatch(kind):
        raise FcstdRefused(f"it holds a {kind!r} object (only Part, PartDesign, Sketcher, Spreadsheet and App ones "
                           "are generated)")
    if name == "Python" and not _draft_proxy(attributes):
        shown = " ".join(f'{k}="{v[:40]}"' for k, v in attributes.items())
        raise FcstdRefused(f"it stores a Python object FreeCAD would import on opening: <Python {shown[:120]}>")
    for key in ("expression", "content"):
        text = attributes.get(key, "")
        if _PRIVATE.search(text):
            raise FcstdRefused(f"an expression reaches Python internals: {text[:80]!r}")
    if name == "XLink" and attributes.get("file"):
        raise FcstdRefused(f"it links the external file {attributes['file'][:80]!r}")


def _draft_proxy(attributes: dict[str, str]) -> bool:
    """FreeCAD's own Draft classes, stored as Draft stores them (JSON state, base64-encoded)."""
    return (set(attributes) == {"value", "encoded", "module", "class"} and attributes["encoded"] == "yes"
            and re.fullmatch(r"[A-Za-z0-9+/=]*", attributes["value"]) is not None
            and re.fullmatch(r"draftobjects\.[a-z_]+", attributes["module"]) is not None
            and re.fullmatch(r"[A-Za-z_]+", attributes["class"]) is not None)
