"""The Earley parser is read from the cache directory by a cold process instead of being built (≈ 1–2 s): what is read
back must parse exactly as a built parser does — also in another process, whose string hashes differ — and a damaged,
foreign or hostile cache file is rebuilt, never trusted and never an error."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from ai_designer.planning import grammar, parser_cache
from ai_designer.planning.lexer import lex

pytestmark = pytest.mark.unit

PROMPTS = ("a 40 x 30 x 20 mm block", "a 90 x 70 x 8 mm plate with a 10 mm hole in the middle",
           "a 60 mm diameter disc 5 mm thick with a 20 mm bore")


def _fresh() -> None:
    grammar._parser.cache_clear()
    grammar._filters.cache_clear()
    grammar._shape.cache_clear()


def _clauses() -> list[str]:
    return [repr(grammar.parse_clauses(*lex(p))) for p in PROMPTS]


def _cache_file(home: Path) -> Path:
    files = list((home / "cache").glob("grammar-earley-*.pickle"))
    assert len(files) == 1
    return files[0]


def _no_build(*args: object, **kwargs: object) -> None:
    raise AssertionError("the parser was built although a usable cache file exists")


@pytest.fixture(scope="module")
def built_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes, list[str]]:
    """One parser built and stored for the module (building costs seconds): the file's name and bytes, and what the
    built parser makes of :data:`PROMPTS`."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AI_DESIGNER_HOME", str(home))
        from ai_designer.core.settings import get_settings

        get_settings.cache_clear()
        _fresh()
        clauses = _clauses()
        path = _cache_file(home)
        get_settings.cache_clear()
    _fresh()
    return path.name, path.read_bytes(), clauses


def _seed(home: Path, built_file: tuple[str, bytes, list[str]]) -> Path:
    path = home / "cache" / built_file[0]
    path.parent.mkdir(parents=True)
    path.write_bytes(built_file[1])
    path.chmod(0o600)
    return path


def test_a_stored_parser_is_read_back_instead_of_built(_isolated_home: Path, built_file,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert any(c != "None" for c in built_file[2])
    _seed(_isolated_home, built_file)
    _fresh()
    monkeypatch.setattr(grammar, "Lark", _no_build)
    assert _clauses() == built_file[2]


def test_another_process_reads_the_cache_and_parses_alike(_isolated_home: Path, built_file) -> None:
    """Rules cache their hash, and string hashes differ between processes: a loaded parser must still work."""
    _seed(_isolated_home, built_file)
    code = ("import sys; from ai_designer.planning import grammar; from ai_designer.planning.lexer import lex\n"
            "grammar.Lark = None  # a build would fail\n"
            f"print(repr([repr(grammar.parse_clauses(*lex(p))) for p in {PROMPTS!r}]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "AI_DESIGNER_HOME": str(_isolated_home)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(built_file[2])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign_global", "import_in_lark", "group_writable",
                                    "other_grammar"])
def test_a_damaged_or_untrusted_cache_file_is_refused(_isolated_home: Path, built_file, damage: str) -> None:
    path = _seed(_isolated_home, built_file)
    text = grammar.grammar_text()
    assert parser_cache._load(path, text) is not None
    if damage == "garbage":
        path.write_bytes(b"not a pickle")
    elif damage == "truncated":
        path.write_bytes(built_file[1][: len(built_file[1]) // 2])
    elif damage == "foreign_global":  # a pickle that would call os.system if it were trusted
        path.write_bytes(pickle.dumps(os.system))
    elif damage == "import_in_lark":  # a module Lark imports, reached through Lark's namespace
        path.write_bytes(b"clark.lark\nos\n.")
    elif damage == "group_writable":
        path.chmod(0o666)
    else:  # a valid parser of another grammar under this grammar's name
        path.unlink()
        parser_cache._store(path, grammar.Lark('start: "a"', parser="earley"))
        assert path.exists()
    assert parser_cache._load(path, text) is None


def test_a_corrupt_cache_file_is_rebuilt_and_replaced(_isolated_home: Path, built_file) -> None:
    path = _seed(_isolated_home, built_file)
    path.write_bytes(b"\x80\x05garbage")
    _fresh()
    assert _clauses() == built_file[2]
    assert parser_cache._load(path, grammar.grammar_text()) is not None  # rewritten
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list(path.parent.glob("*.tmp"))  # written to a scratch file and renamed


def test_an_unusable_cache_directory_only_costs_the_build(_isolated_home: Path) -> None:
    _isolated_home.mkdir(parents=True)
    (_isolated_home / "cache").write_text("a file where the directory should be")
    _fresh()
    assert any(c != "None" for c in _clauses())


def test_concurrent_first_prompts_read_the_parser_once(_isolated_home: Path, built_file,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The service's job threads plan their first prompts at the same moment: one of them reads (or builds) the
    parser and the others wait for it — each used to make its own (eight builds of seconds each on a fresh cache)."""
    import threading

    _seed(_isolated_home, built_file)
    _fresh()
    loads: list[int] = []
    real = parser_cache.load_or_build

    def counted(*args: object, **kwargs: object) -> object:
        loads.append(threading.get_ident())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parser_cache, "load_or_build", counted)
    start = threading.Barrier(6)
    results: list[list[str]] = []

    def plan() -> None:
        start.wait()
        results.append(_clauses())

    threads = [threading.Thread(target=plan) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(loads) == 1
    assert results == [built_file[2]] * 6


def test_a_failed_build_raises_to_its_caller_and_is_tried_again() -> None:
    from ai_designer.planning.build_once import BuildOnce

    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first build fails")
        return 42

    once = BuildOnce(build)
    with pytest.raises(RuntimeError):
        once()
    assert once() == 42 and once() == 42 and len(calls) == 2
