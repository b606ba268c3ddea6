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
sizes before anything is inflated), and the XML is scanned as text, never parsed (no entity expansion to abuse)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["FcstdRefused", "check_fcstd"]

_MAX_MEMBERS = 10_000
_MAX_TOTAL = 2 << 30  # declared uncompressed bytes of the whole archive
_MAX_DOCUMENT = 64 << 20  # Document.xml
_OBJECT_TYPE = re.compile(r'<Object\s+type="([^"]*)"')
_ALLOWED_TYPE = re.compile(r"(?:Part|PartDesign|Sketcher|Spreadsheet|App)::[A-Za-z0-9]+")
_EXPRESSION = re.compile(r'\b(?:expression|content)="([^"]*)"')
_EXTERNAL_LINK = re.compile(r'<XLink\b[^>]*\bfile="([^"]+)"')
_PYTHON = re.compile(r"<Python\b[^>]*>")
_DRAFT_PROXY = re.compile(r'<Python value="[A-Za-z0-9+/=]*" encoded="yes" module="draftobjects\.[a-z_]+" '
                          r'class="[A-Za-z_]+"\s*/>')


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
    _check_document(data.decode("utf-8", errors="replace"))


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


def _check_document(xml: str) -> None:
    if "<!DOCTYPE" in xml or "<!ENTITY" in xml:
        raise FcstdRefused("Document.xml declares a DTD or entities")
    for kind in _OBJECT_TYPE.findall(xml):
        if not _ALLOWED_TYPE.fullmatch(kind):
            raise FcstdRefused(f"it holds a {kind!r} object (only Part, PartDesign, Sketcher, Spreadsheet and App ones "
                               "are generated)")
    for stored in _PYTHON.findall(xml):
        if not _DRAFT_PROXY.fullmatch(stored):
            raise FcstdRefused(f"it stores a Python object FreeCAD would import on opening: {stored[:120]!r}")
    for text in _EXPRESSION.findall(xml):
        if "__" in text or re.search(r"\._app\b", text):
            raise FcstdRefused(f"an expression reaches Python internals: {text[:80]!r}")
    link = _EXTERNAL_LINK.search(xml)
    if link is not None:
        raise FcstdRefused(f"it links the external file {link.group(1)[:80]!r}")
