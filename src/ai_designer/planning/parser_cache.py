"""The constructed Earley parser, kept in the cache directory so that a cold process does not build it again.

Building ``Lark(grammar, parser="earley")`` for our grammar costs ≈ 1–2 s of pure Python (the grammar's own parse
and compile, then the FIRST/FOLLOW analysis and the prediction table of every rule), and Lark's own cache covers only
LALR parsers. A one-shot CLI process paid it on every run. Unpickling the finished object costs ≈ 0.05 s.

Why a pickle is acceptable here, and what keeps it from being a way in:

* the file is only ever read from the user's own cache directory (``$AI_DESIGNER_HOME/cache``), which no sandboxed
  worker can see (its file-system view holds only its own job directory, docs/security.md). Whoever can write there
  can already rewrite the user's designs and settings;
* it is read only if it is a regular file owned by this user and not writable by group or others, in a directory
  with the same properties — a file planted by another local user is ignored and rebuilt;
* the unpickler resolves only the classes and functions defined in Lark's parser modules (not what those modules
  import, such as ``os``), a few built-in containers and our pre-lexed token source (:data:`_ALLOWED`), and the only
  module it hands out is ``re``: a tampered file can at worst build wrong Lark objects, not call ``os.system``;
* the file is keyed by the grammar text, Lark's version, Python's version and :data:`_FORMAT`, written to a
  scratch file and renamed into place (a reader never sees half a file), and anything unreadable, foreign or
  damaged is rebuilt, never an error.

``Rule`` objects cache their hash, which for string names differs between processes (hash randomisation): they are
pickled as a call to ``Rule(...)`` so that every loaded rule hashes as one built in the loading process.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lark
from lark.grammar import Rule

__all__ = ["load_or_build"]

_FORMAT = 1  # bump when what is pickled changes meaning (the Lark options, the lexer class)

_LARK_MODULES = frozenset({"lark.common", "lark.grammar", "lark.lark", "lark.lexer", "lark.parse_tree_builder",
                           "lark.parser_frontends", "lark.tree", "lark.utils"})  # and lark.parsers.*
_ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"), ("builtins", "list"),
    ("builtins", "tuple"), ("builtins", "object"), ("copyreg", "_reconstructor"), ("copyreg", "__newobj__"),
    ("collections", "OrderedDict"), ("collections", "deque"), ("functools", "partial"),
    ("ai_designer.planning.grammar", "_Prelexed"),
}


class _Pickler(pickle.Pickler):
    """Modules become a name (Lark keeps the ``re`` module in its lexer configuration); rules are rebuilt on load."""

    def persistent_id(self, obj: Any) -> str | None:
        if isinstance(obj, type(sys)):
            if obj.__name__ != "re":
                raise pickle.PicklingError(f"module {obj.__name__} in the parser")
            return "module:re"
        return None

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Rule:
            return Rule, (obj.origin, obj.expansion, obj.order, obj.alias, obj.options)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    """Resolves only the classes a Lark Earley parser is made of (see the module docstring)."""

    def find_class(self, module: str, name: str) -> Any:
        if "." not in name:
            if (module, name) in _ALLOWED:
                return super().find_class(module, name)
            if module in _LARK_MODULES or module.startswith("lark.parsers."):
                found = super().find_class(module, name)
                if getattr(found, "__module__", None) == module:  # Lark's own class or function, not an import
                    return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parser")

    def persistent_load(self, pid: Any) -> Any:
        if pid != "module:re":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        import re

        return re


def _private(path: Path) -> bool:
    """A regular file (not a link) and its directory, both owned by this user and writable by nobody else."""
    for item, kind in ((path.parent, stat.S_ISDIR), (path, stat.S_ISREG)):
        info = os.lstat(item)
        if not kind(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def cache_path(cache_dir: Path, grammar: str) -> Path:
    """The file that holds the parser of this grammar for this Lark and this Python."""
    key = f"{_FORMAT}\0{lark.__version__}\0{sys.version_info[:2]}\0{grammar}"
    return cache_dir / f"grammar-earley-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


def _load(path: Path, grammar: str) -> lark.Lark | None:
    try:
        if not _private(path):
            return None
        data = path.read_bytes()
        collecting = gc.isenabled()
        gc.disable()  # ≈ 10⁵ long-lived objects: the cycle collector would walk them ~90 times while they are made
        try:
            loaded = _Unpickler(io.BytesIO(data)).load()
        finally:
            if collecting:
                gc.enable()
    except Exception:  # noqa: BLE001 - a damaged cache of any kind is rebuilt, never an error
        return None
    return loaded if isinstance(loaded, lark.Lark) and getattr(loaded, "source_grammar", None) == grammar else None


def _without_grammar(parser: lark.Lark) -> lark.Lark:
    """The parser without the loaded grammar's syntax trees, which Lark uses only while constructing (a third of
    the file and of its load time)."""
    clone = lark.Lark.__new__(lark.Lark)
    clone.__dict__.update(vars(parser), grammar=None)
    return clone


def _store(path: Path, parser: lark.Lark) -> None:
    try:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(_without_grammar(parser))
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.unlink(missing_ok=True)  # left by a killed process that had this pid
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except Exception:  # noqa: BLE001 - unpicklable (another Lark) or a read-only cache: the next process builds
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(buffer.getvalue())
        scratch.replace(path)
    except OSError:
        scratch.unlink(missing_ok=True)


def load_or_build(cache_dir: Path, grammar: str, build: Callable[[], lark.Lark]) -> lark.Lark:
    """The parser read from ``cache_dir``, or built by ``build()`` and stored there for the next process."""
    path = cache_path(cache_dir, grammar)
    parser = _load(path, grammar)
    if parser is None:
        parser = build()
        _store(path, parser)
    return parser
