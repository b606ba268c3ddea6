"""Run-time and OS-level containment for job scripts (the static half is ``policy.py``).

In the script's namespace (:func:`exec_script`):
- the script is checked by :func:`policy.check` first (every path that runs a script goes through here);
- ``__builtins__`` is a small allow-list (no ``open``, ``exec``, ``__import__`` …); ``import`` goes through a guard
  that only hands out :data:`policy.ALLOWED_MODULES`;
- modules (``FreeCAD``/``App``, ``Part``, ``cad`` …) are wrapped in read-only proxies that refuse private names, file
  and application APIs (``Part.insert``, ``Part.export``, ``FreeCAD.open`` …) and modules outside the allow-list
  (``Draft.os``, ``cad.sys``) — so aliasing a module does not get around the static check;
- after the script, the document is scanned: object types that load files and non-empty file properties are refused
  before anything is recomputed again or exported; ``print`` output is captured (bounded) for the job log.

In the worker process (:func:`scrubbed_env`, :func:`isolate_network`, :func:`apply_process_limits`,
:func:`set_job_limits`): only an allow-list of environment variables survives (no API keys, tokens, Redis URLs),
``unshare(CLONE_NEWNET)`` removes network access when the process may do so (root / CAP_SYS_ADMIN; otherwise the
fallback is reported), and resource limits cap address space, CPU time, file size and open files.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import os
import re
import resource
import signal
import sys
import types
from collections.abc import Mapping
from typing import Any

from ai_designer.core.errors import PolicyViolation
from ai_designer.freecad import policy

__all__ = ["exec_script", "exec_unchecked", "scan_document", "safe_builtins", "scrubbed_env", "isolate_network",
           "apply_process_limits", "set_job_limits", "OUTPUT_KEY"]

OUTPUT_KEY = "__output__"  # where captured print() output lands in the namespace (unreachable for the script)
_MAX_OUTPUT = 20_000

_SAFE_BUILTIN_NAMES = (
    "abs", "all", "any", "bool", "dict", "divmod", "enumerate", "filter", "float", "frozenset", "int", "isinstance",
    "hasattr", "len", "list", "map", "max", "min", "pow", "range", "repr", "reversed", "round", "set", "slice",
    "sorted", "str", "sum", "tuple", "zip", "True", "False", "None", "Exception", "ValueError", "TypeError",
    "KeyError", "IndexError", "RuntimeError", "ZeroDivisionError", "ArithmeticError", "AssertionError",
    "NotImplementedError", "StopIteration", "AttributeError", "LookupError", "OverflowError", "iter", "next",
    "callable", "chr", "ord", "format", "hash", "id", "bytes", "complex", "NameError",
)
# Modules whose attributes a script may follow from an allowed module (FreeCAD's own C submodules).
_FREECAD_SUBMODULES = frozenset({"Base", "Units", "Console", "BRepFeat", "BRepOffsetAPI", "ChFi2d", "Geom2d",
                                 "GeomPlate", "HLRBRep", "ShapeUpgrade"})
_MODULE_ONLY_DENIED = frozenset({"insert", "export", "open", "show_file", "importer", "exporter"})
_FILE_PROPERTY_TYPES = ("App::PropertyFile", "App::PropertyFileIncluded", "App::PropertyPath")


class ModuleProxy:
    """Read-only view of a module for untrusted code: refuses denied names, wraps allowed sub-modules."""

    __slots__ = ("_module", "_label")

    def __init__(self, module: Any, label: str) -> None:
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name: str) -> Any:
        label = object.__getattribute__(self, "_label")
        if name.startswith("_") or name in policy.DENIED_ATTRIBUTES or name in _MODULE_ONLY_DENIED:
            raise PolicyViolation(f"refused `{label}.{name}`: FreeCAD file/application APIs and private names are "
                                  "not available to job scripts; exports are done by the executor after the script.")
        value = getattr(object.__getattribute__(self, "_module"), name)
        if isinstance(value, types.ModuleType):
            return _wrap_module(value, f"{label}.{name}")
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        label = object.__getattribute__(self, "_label")
        raise PolicyViolation(f"refused assigning `{label}.{name}`: modules are read-only in job scripts.")

    def __dir__(self) -> list[str]:
        return [n for n in dir(object.__getattribute__(self, "_module")) if not n.startswith("_")]

    def __repr__(self) -> str:
        return f"<module {object.__getattribute__(self, '_label')} (sandboxed)>"


def _wrap_module(module: types.ModuleType, label: str) -> ModuleProxy:
    name = getattr(module, "__name__", "")
    root = name.split(".")[0]
    if root not in policy.ALLOWED_MODULES and name not in _FREECAD_SUBMODULES and root not in _FREECAD_SUBMODULES:
        raise PolicyViolation(f"refused `{label}`: the module `{name}` is not available to job scripts.")
    return ModuleProxy(module, label)


def _is_freecad_module(name: str) -> bool:
    """True for FreeCAD's own compiled/workbench modules (``Mesh``, ``PartDesign`` …), never for the stdlib."""
    import importlib.util
    import sys

    FreeCAD = sys.modules.get("FreeCAD")  # noqa: N806 - FreeCAD's own module name
    if FreeCAD is None:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    origin = getattr(spec, "origin", None) or ""
    roots = [os.path.dirname(os.path.realpath(str(FreeCAD.__file__))), os.path.realpath(str(FreeCAD.getHomePath()))]
    roots += [os.path.realpath(p) for p in getattr(FreeCAD, "__ModDirs__", [])]
    real = os.path.realpath(origin) if origin else ""
    return bool(real) and any(real.startswith(r.rstrip("/") + "/") for r in roots if r and r != "/")


def _guarded_import(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:  # noqa: A002
    """``import`` for the script frame. Script import statements were already checked by the policy; FreeCAD's C++
    also imports through this frame's builtins (``doc.addObject('PartDesign::Body')`` loads ``PartDesign``), so
    FreeCAD's own modules are handed out unwrapped to it, and everything else is refused."""
    if not level and name in policy.ALLOWED_MODULES:
        real = "FreeCAD" if name == "App" else name
        return ModuleProxy(__import__(real, None, None, (), 0), name)
    if not level and _is_freecad_module(name):
        return __import__(name, globals, locals, fromlist, 0)
    raise PolicyViolation(f"refused `import {name}`: only {', '.join(sorted(policy.ALLOWED_MODULES))} can be "
                          "imported by job scripts.")


def safe_builtins(output: list[str]) -> dict[str, Any]:
    """The builtins a job script sees; ``print`` appends to ``output`` (bounded) instead of the worker's stdout."""
    table = {n: getattr(builtins, n) for n in _SAFE_BUILTIN_NAMES}

    def _print(*args: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
        if sum(len(s) for s in output) < _MAX_OUTPUT:
            output.append(sep.join(str(a) for a in args) + end)

    table["print"] = _print
    table["__import__"] = _guarded_import
    return table


_DYNAMIC = 21  # ``App::Property::PropDynamic`` in getPropertyStatus: added by addProperty, may differ per object
_STATIC_TYPES: dict[tuple[str, str], str] = {}  # (object type, static property) → property type, per worker


def _property_type(obj: Any, type_id: str, prop: str) -> str | None:
    """The type of ``obj.prop``. A static property (declared by the C++ class) has the same type on every object of
    that class, and no dynamic property can take its name, so its type is looked up once per worker; dynamic
    properties (``addProperty``) are asked every time."""
    known = _STATIC_TYPES.get((type_id, prop))
    if known is not None:
        return known
    try:
        ptype = str(obj.getTypeIdOfProperty(prop))
        dynamic = _DYNAMIC in obj.getPropertyStatus(prop)
    except Exception:  # noqa: BLE001 - a property that cannot be typed cannot be a file property
        return None
    if not dynamic:
        _STATIC_TYPES[(type_id, prop)] = ptype
    return ptype


def scan_document(doc: Any) -> None:
    """Refuse object types outside the modelling subset and file-valued properties (they read files on recompute)."""
    for obj in doc.Objects:
        type_id = str(obj.TypeId)
        if not policy.allowed_object_type(type_id):
            raise PolicyViolation(f"refused the document object {obj.Name} of type {type_id}: only Part::, "
                                  "PartDesign::, Sketcher:: and plain App:: modelling objects may be created.")
        for prop in obj.PropertiesList:
            ptype = _property_type(obj, type_id, prop)
            value: Any = getattr(obj, prop, None) if ptype in _FILE_PROPERTY_TYPES else None
            if value:
                raise PolicyViolation(f"refused {obj.Name}.{prop} ({ptype}): job scripts may not point document "
                                      "objects at files.")


def exec_script(code: str, ns: dict[str, Any], *, checked: bool = False) -> None:
    """Check ``code`` with the static policy, then run it in ``ns`` with restricted builtins and proxied modules.

    ``checked``: the pool already ran the same check on this exact script in the parent (the walk is not repeated;
    the OS wall, not this check, is the boundary)."""
    # checked: compiled straight from the source (parsing to an AST and compiling that costs twice as much)
    source: Any = code if checked else policy.check(code)
    output: list[str] = []
    for key, value in list(ns.items()):
        if isinstance(value, types.ModuleType):
            ns[key] = ModuleProxy(value, key)
    ns["__builtins__"] = safe_builtins(output)
    ns[OUTPUT_KEY] = output
    exec(compile(source, "<design>", "exec"), ns)  # noqa: S102 - checked by policy.check, restricted builtins
    doc = ns.get("doc")
    if doc is not None:
        scan_document(doc)


def exec_unchecked(code: str, ns: dict[str, Any]) -> None:
    """Run ``code`` with Python's real builtins and no policy — for the containment tests only, which prove that
    the operating-system wall (``confine.py``) holds by itself. The pool uses it only when built with
    ``static_policy=False``, which nothing outside the tests does."""
    ns[OUTPUT_KEY] = []
    exec(compile(code, "<design>", "exec"), ns)  # noqa: S102 - deliberately unchecked (containment tests)


# --- OS level (worker processes) -------------------------------------------------------------------------------

_ENV_KEEP = frozenset({"PATH", "LANG", "LANGUAGE", "TZ", "PYTHONPATH", "PYTHONHASHSEED", "LD_LIBRARY_PATH",
                       "QT_QPA_PLATFORM", "OMP_NUM_THREADS", "CASROOT", "MMGT_OPT"})
_ENV_KEEP_PREFIXES = ("LC_", "FREECAD_", "CSF_")
_SECRET_WORDS = re.compile(r"KEY|SECRET|TOKEN|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|DSN|REDIS|DATABASE", re.I)


def scrubbed_env(environ: Mapping[str, str], *, home: str, tmp: str) -> dict[str, str]:
    """Only what FreeCAD and Python need; anything that looks like a secret is dropped even if allowed.
    One BLAS thread: the preview's numpy work is small, and a thread pool per worker would only compete for cores."""
    env = {k: v for k, v in environ.items()
           if (k in _ENV_KEEP or k.startswith(_ENV_KEEP_PREFIXES)) and not _SECRET_WORDS.search(k)}
    env.update({"HOME": home, "TMPDIR": tmp, "OPENBLAS_NUM_THREADS": "1", "QT_QPA_PLATFORM": "offscreen",
                "PYTHONDONTWRITEBYTECODE": "1"})
    env.setdefault("PATH", "/usr/bin:/bin")
    return env


_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def _unshare(flags: int) -> int:
    """``unshare(2)`` through libc; returns 0 or the errno."""
    libc = ctypes.CDLL(None, use_errno=True)
    return 0 if libc.unshare(flags) == 0 else ctypes.get_errno()


def _map_identity(uid: int, gid: int) -> None:
    """Inside a fresh user namespace, keep the same uid/gid so files written outside keep their owner."""
    with open("/proc/self/setgroups", "w") as fh:
        fh.write("deny")
    with open("/proc/self/uid_map", "w") as fh:
        fh.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as fh:
        fh.write(f"{gid} {gid} 1")


def isolate_network() -> str:
    """Move this process into a new, empty network namespace. Returns a status line for ``health()``.

    As root (or with CAP_SYS_ADMIN) a plain ``unshare(CLONE_NEWNET)``; otherwise an unprivileged user namespace
    first, where the kernel allows it (often blocked in containers by seccomp or by AppArmor on recent Ubuntu)."""
    if not sys.platform.startswith("linux"):
        return f"not isolated: network namespaces need Linux (this is {sys.platform})"
    err = _unshare(_CLONE_NEWNET)
    if err == 0:
        return "isolated (empty network namespace)"
    uid, gid = os.getuid(), os.getgid()
    user_err = _unshare(_CLONE_NEWUSER | _CLONE_NEWNET)
    if user_err == 0:
        with contextlib.suppress(OSError):  # unmapped ids show as the overflow id; files still work
            _map_identity(uid, gid)
        return "isolated (empty network namespace inside an unprivileged user namespace)"
    return (f"not isolated: unshare(CLONE_NEWNET) failed ({os.strerror(err)}) and an unprivileged user namespace "
            f"was refused ({os.strerror(user_err)}); run as root / with CAP_SYS_ADMIN, or allow user namespaces")


def apply_process_limits(*, max_file_mb: int = 1024, max_open_files: int = 256) -> list[str]:
    """Per-worker limits that never change: no core dumps, bounded file size and descriptors."""
    applied = []
    for name, limit in (("RLIMIT_CORE", 0), ("RLIMIT_FSIZE", max_file_mb * 1024 * 1024),
                        ("RLIMIT_NOFILE", max_open_files)):
        res = getattr(resource, name)
        try:
            _, hard = resource.getrlimit(res)
            value = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            resource.setrlimit(res, (value, hard))
            applied.append(name)
        except (ValueError, OSError):
            continue
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails with EFBIG instead of killing the worker
    return applied


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def set_job_limits(*, memory_mb: int | None, cpu_seconds: float | None) -> None:
    """Soft limits for one job: address space, and CPU time as a back-stop to the parent's wall-clock timeout.

    ``memory_mb`` is what the job may *add* to the warm worker's address space (FreeCAD, OCC
    already map 0.7–1.3 GiB of virtual memory before any job), so the same setting means the same budget whatever
    the worker has preloaded."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = resource.RLIM_INFINITY if not memory_mb else _address_space_bytes() + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY and soft != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    if cpu_seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        budget = int(used.ru_utime + used.ru_stime + cpu_seconds) + 2
        if cpu_hard != resource.RLIM_INFINITY:
            budget = min(budget, cpu_hard)
        resource.setrlimit(resource.RLIMIT_CPU, (budget, cpu_hard))
    else:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_hard, cpu_hard))
