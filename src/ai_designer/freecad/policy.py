"""Static sandbox policy: an AST allow-list for FreeCAD job scripts (LLM-written code is untrusted).

:func:`check` parses a script and refuses anything outside a small modelling subset of Python *before* it runs:

- imports only of :data:`ALLOWED_MODULES` (``math``, ``FreeCAD``/``App``, ``Part``, ``Sketcher``, ``PartDesign``,
  ``Draft``); no ``from x import *``;
- no dunder names or attributes (``__class__``, ``__globals__``, ``__builtins__`` …), no frame/generator internals
  (``gi_frame``, ``f_back`` …) — the classic ways out of a restricted namespace;
- no dangerous builtins (``exec``, ``eval``, ``open``, ``compile``, ``__import__``, ``getattr``, ``setattr``,
  ``globals``, ``vars`` …); no class definitions, ``async`` code or ``global`` rebinding of the namespace;
- no FreeCAD API that reads or writes files or changes the application (``saveAs``, ``openDocument``,
  ``Part.read``, ``exportStep``, ``Mesh.insert``, ``ParamGet``, ``ConfigSet``, font/texture loaders …), whatever
  object it is called on: exports are done by trusted code *after* the script (``export.py``); nor any setter of
  process-wide state that would leak into the next job of a warm worker (``Part.setStaticValue``,
  ``Part.exportUnits``, ``Units.setSchema``, ``Draft.setParam`` …);
- no document object types that load files (``Part::ImportStep``, ``Mesh::Import``, ``Points::…``, ``Image::…``) and
  no assignment to file-valued properties (``FileName``, ``File``, ``ImageFile``).

The runtime half (restricted builtins, module proxies, post-run scan of the document, OS limits) is ``sandbox.py``.
A refusal raises :class:`~ai_designer.core.errors.PolicyViolation` whose message says what was refused, on which line,
and why — that text goes back to the generator so it can rewrite the script.
"""

from __future__ import annotations

import ast
import hashlib
import re
import threading
from collections import OrderedDict

from ai_designer.core.errors import PolicyViolation

__all__ = ["ALLOWED_MODULES", "DENIED_ATTRIBUTES", "DENIED_NAMES", "check", "check_cached", "check_custom",
           "allowed_object_type"]

ALLOWED_MODULES = frozenset({"math", "FreeCAD", "App", "Part", "Sketcher", "PartDesign", "Draft"})

DENIED_NAMES = frozenset({
    "exec", "eval", "open", "compile", "__import__", "getattr", "setattr", "delattr", "globals", "locals",
    "vars", "dir", "input", "breakpoint", "help", "memoryview", "exit", "quit", "type", "object", "super",
    "classmethod", "staticmethod", "property", "reload", "__builtins__", "__loader__", "__spec__", "__build_class__",
    "os", "sys", "subprocess", "socket", "shutil", "ctypes", "importlib", "builtins", "io", "pathlib",
})

# Attribute names refused on *any* object. FreeCAD exposes file I/O on modules, documents, shapes and meshes; the
# names below cover the 0.20 API (found by walking dir() of FreeCAD, Part, Sketcher, PartDesign, Mesh, a document,
# a feature and a shape) plus generic escape hatches. ``insert``/``export``/``open`` are refused on the module
# proxies at run time instead (``list.insert`` is ordinary Python).
_FILE_APIS = {
    "save", "saveAs", "saveCopy", "load", "restore", "restoreContent", "restorePropertyContent", "dumpContent",
    "dumpPropertyContent", "read", "write", "writeInventor", "openDocument", "loadFile", "exportStep", "exportStl",
    "exportBrep", "exportIges", "exportBinary", "importBinary", "importBrep", "importStep", "importIges",
    "importDXF", "exportDXF", "importSVG", "exportSVG", "importOBJ", "exportOBJ", "importLinks", "exportGraphviz",
    "FileName", "File", "ImageFile", "FileIncluded", "getTempFileName", "mergeProject", "importFile", "exportFile",
    "makeWireString", "makeShapeString", "make_shapestring", "FontFile", "loadTexture", "load_texture",
    "loadSvgPatterns", "load_svg_patterns", "makeDrawingView", "make_drawing_view",
}
_APPLICATION_APIS = {
    "ParamGet", "saveParameter", "ConfigSet", "ConfigGet", "ConfigDump", "addImportType", "addExportType",
    "changeImportModule", "changeExportModule", "addDocumentObserver", "removeDocumentObserver", "newDocument",
    "closeDocument", "openDocument", "setActiveDocument", "Qt", "GuiUp", "Gui", "FreeCADGui", "runCommand",
    "doCommand", "addCommand", "loadMacro", "runMacro",
    # process-wide state that would leak into later jobs in the same warm worker (STEP units, unit schema, params)
    "setStaticValue", "exportUnits", "setParam", "set_param", "setSchema", "setLogLevel", "SetStatus",
}
_ESCAPES = {
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "ag_frame", "ag_code", "f_back", "f_globals",
    "f_locals", "f_builtins", "f_code", "tb_frame", "tb_next", "co_code", "func_globals", "format_map", "mro",
    "os", "sys", "subprocess", "system", "popen", "spawn", "fork", "kill", "socket", "ctypes", "builtins",
    "modules", "environ", "shutil", "importlib",
}
DENIED_ATTRIBUTES = frozenset(_FILE_APIS | _APPLICATION_APIS | _ESCAPES)

# FreeCAD document object types a script may create. Anything that loads a file on recompute (importers, meshes,
# point clouds, images) is outside the modelling subset.
_ALLOWED_TYPE_PREFIXES = ("Part::", "PartDesign::", "Sketcher::", "App::")
_ALLOWED_TYPES = frozenset({"Spreadsheet::Sheet"})  # the generator's parameter table
_DENIED_TYPE_WORDS = ("Import", "Inventor", "Mesh", "Points", "Image", "Material", "Web")

_FORMAT_DUNDER = re.compile(r"\{[^{}]*__")


def allowed_object_type(type_id: str) -> bool:
    """True when ``doc.addObject(type_id, …)`` is part of the modelling subset (``Part::Box``, ``PartDesign::Pad`` …)."""
    if type_id in _ALLOWED_TYPES:
        return True
    if not type_id.startswith(_ALLOWED_TYPE_PREFIXES):
        return False
    return not any(word in type_id for word in _DENIED_TYPE_WORDS)


def _where(node: ast.AST) -> str:
    return f"line {getattr(node, 'lineno', '?')}"


def _refuse(node: ast.AST, what: str, why: str) -> PolicyViolation:
    return PolicyViolation(
        f"refused {what} at {_where(node)}: {why}. Job scripts may only model geometry with math, FreeCAD/App, "
        "Part, Sketcher, PartDesign and Draft in the given `doc`; files are exported by the executor after the script.",
        details={"line": getattr(node, "lineno", None), "refused": what},
    )


class _Checker(ast.NodeVisitor):
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            root = alias.name.split(".")[0]
            if alias.name not in ALLOWED_MODULES:
                raise _refuse(node, f"`import {alias.name}`",
                              f"only {', '.join(sorted(ALLOWED_MODULES))} can be imported")
            if alias.asname and alias.asname.startswith("__"):
                raise _refuse(node, f"`import {root} as {alias.asname}`", "dunder names are not allowed")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or module not in ALLOWED_MODULES:
            raise _refuse(node, f"`from {'.' * node.level}{module} import …`",
                          f"only {', '.join(sorted(ALLOWED_MODULES))} can be imported")
        for alias in node.names:
            if alias.name == "*":
                raise _refuse(node, f"`from {module} import *`", "star imports hide what is used; name each one")
            if alias.name.startswith("_") or alias.name in DENIED_ATTRIBUTES or alias.name in {"insert", "export",
                                                                                                  "open"}:
                raise _refuse(node, f"`from {module} import {alias.name}`", "that name is not part of the modelling API")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("__") or node.id in DENIED_NAMES:
            raise _refuse(node, f"the name `{node.id}`", "it can execute code, touch files or escape the sandbox")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.generic_visit(node)  # inner problems first: `open(p).read()` is refused for `open`, not `.read`
        if node.attr.startswith("_"):
            raise _refuse(node, f"the attribute `.{node.attr}`", "private and dunder attributes are not allowed")
        if node.attr in DENIED_ATTRIBUTES:
            why = ("FreeCAD file and application APIs are not available to job scripts"
                   if node.attr in _FILE_APIS | _APPLICATION_APIS else "it reaches outside the sandbox")
            raise _refuse(node, f"the attribute `.{node.attr}`", why)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("addObject", "addProperty"):
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                raise _refuse(node, f"`{func.attr}` with a computed type name",
                              "object and property types must be written as literal strings so they can be checked")
            self._check_type(node, func.attr, first.value)
        self.generic_visit(node)

    def _check_type(self, node: ast.Call, method: str, type_id: str) -> None:
        if method == "addObject" and not allowed_object_type(type_id):
            raise _refuse(node, f"`addObject({type_id!r})`",
                          "only Part::, PartDesign::, Sketcher::, plain App:: modelling objects and "
                          "Spreadsheet::Sheet may be created (no importers, meshes or images)")
        if method == "addProperty" and any(word in type_id for word in ("File", "Path", "Link", "Python")):
            raise _refuse(node, f"`addProperty({type_id!r})`",
                          "file, path, link and Python-object properties make FreeCAD read files or run code")

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _FORMAT_DUNDER.search(node.value):
            raise _refuse(node, "a format string that reaches a dunder attribute", "it can leak interpreter internals")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        raise _refuse(node, f"the class `{node.name}`", "class definitions are not part of the modelling subset")

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        raise _refuse(node, "`async def`", "asynchronous code is not part of the modelling subset")

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if name.startswith("__"):
                raise _refuse(node, f"`global {name}`", "dunder names are not allowed")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.decorator_list:
            raise _refuse(node, f"decorators on `{node.name}`", "decorators are not part of the modelling subset")
        self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        if node.arg.startswith("__"):
            raise _refuse(node, f"the parameter `{node.arg}`", "dunder names are not allowed")

    def visit_Await(self, node: ast.Await) -> None:
        raise _refuse(node, "`await`", "asynchronous code is not part of the modelling subset")


# What code the compiler did not write (custom operations) may not touch: FreeCAD evaluates expression strings and
# spreadsheet formulas with its own engine, which follows attributes the AST check never sees.
_EXPRESSION_APIS = frozenset({"setExpression", "ExpressionEngine", "set", "setContents", "addProperty", "Proxy",
                              "addExtension", "setPropertyStatus", "setEditorMode", "LinkedObject", "evalExpression",
                              "recomputeFeature", "addDynamicProperty"})
_CUSTOM_DENIED_TYPE_WORDS = ("Python", "Link", "Spreadsheet", "Expression", "Document")


class _CustomChecker(_Checker):
    """The stricter rules for code the compiler did not write."""

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _EXPRESSION_APIS:
            raise _refuse(node, f"the attribute `.{node.attr}` in custom code",
                          "custom code may not write expressions, spreadsheet cells or dynamic properties — "
                          "FreeCAD evaluates those strings itself; compute the value in Python and assign it")
        super().visit_Attribute(node)

    def _check_type(self, node: ast.Call, method: str, type_id: str) -> None:
        super()._check_type(node, method, type_id)
        if any(word in type_id for word in _CUSTOM_DENIED_TYPE_WORDS):
            raise _refuse(node, f"`{method}({type_id!r})` in custom code",
                          "scripted, linked and spreadsheet objects are not available to custom code")


def check_custom(code: str) -> ast.Module:
    """:func:`check` plus the rules for untrusted code (a custom operation's body, LLM- or client-written)."""
    return check(code, checker=_CustomChecker)


def check(script: str, *, max_chars: int = 200_000, checker: type[_Checker] = _Checker) -> ast.Module:
    """Parse ``script`` and raise :class:`PolicyViolation` for anything outside the allow-list; returns the AST."""
    if len(script) > max_chars:
        raise PolicyViolation(f"refused the script: it has {len(script)} characters, the limit is {max_chars}. "
                              "Generate a shorter script (use loops and patterns instead of repeated code).")
    try:
        tree = ast.parse(script, filename="<design>", mode="exec")
    except (RecursionError, MemoryError):
        raise PolicyViolation("refused the script: it is nested too deeply to parse; flatten the expressions.") from None
    except SyntaxError as exc:
        raise PolicyViolation(f"refused the script: it is not valid Python (line {exc.lineno}: {exc.msg}). "
                              "Fix the syntax and retry.", details={"line": exc.lineno}) from None
    try:
        checker().visit(tree)
    except (RecursionError, MemoryError):
        raise PolicyViolation("refused the script: it is nested too deeply to check; flatten the expressions.") from None
    return tree


_PASSED: OrderedDict[bytes, None] = OrderedDict()
_PASSED_LOCK = threading.Lock()
_PASSED_MAX = 512


def check_cached(script: str) -> None:
    """:func:`check`, remembering the digests of scripts that passed: a service that builds the same plan again (a
    retry, an unchanged parameter set, a load test) pays for the walk once. Refusals are never cached."""
    digest = hashlib.sha256(script.encode()).digest()
    with _PASSED_LOCK:
        if digest in _PASSED:
            _PASSED.move_to_end(digest)
            return
    check(script)
    with _PASSED_LOCK:
        _PASSED[digest] = None
        while len(_PASSED) > _PASSED_MAX:
            _PASSED.popitem(last=False)
