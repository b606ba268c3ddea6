"""The OS wall on its own: hostile Python runs in a real worker with the static policy switched OFF (real builtins,
no proxies), and the operating system alone must hold (``freecad/confine.py``, docs/security.md).

Each script tries something and reports what it saw by raising ``RuntimeError('SEEN ' + json)``; the test reads the
job's error message and also checks the host side (files, processes, the next job's geometry).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobResult, JobSpec

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/ns/pid"), reason="needs Linux namespaces")

BOX = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'
REPORT = "\nraise RuntimeError('SEEN ' + json.dumps(seen))\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wallhome")


@pytest.fixture(scope="module")
def secret_file(home: Path) -> Path:
    """Stands for the store and the API's files: readable by the pool's user, invisible to a job."""
    path = home / "store" / "designs.sqlite"
    path.parent.mkdir(parents=True)
    path.write_text("other users' designs")
    return path


@pytest.fixture(scope="module")
def raw_pool(home: Path) -> Iterator[WorkerPool]:
    mp = pytest.MonkeyPatch()
    mp.setenv("JWT_SECRET_KEY", "jwt-should-never-be-seen")  # pragma: allowlist secret
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(home), JOB_TIMEOUT_SECONDS=30),  # type: ignore[call-arg]
                      workers=1, static_policy=False)
    assert pool.run(JobSpec(script=BOX, out_dir=str(home / "warm"))).ok
    mp.undo()
    yield pool
    pool.close()


def _seen(pool: WorkerPool, tmp_path: Path, body: str, **kw: object) -> dict[str, object]:
    script = "import json, os\nseen = {}\n" + body + REPORT
    result = pool.run(JobSpec(script=script, out_dir=str(tmp_path / "out"), **kw))  # type: ignore[arg-type]
    assert not result.ok and result.error, result
    message = result.error["message"]
    assert "SEEN " in message, message
    return json.loads(message.split("SEEN ", 1)[1])


def _attempt(name: str, code: str) -> str:
    """A line that runs ``code`` and records the exception type name (or 'ok') under ``name``."""
    return (f"try:\n    {code}\n    seen[{name!r}] = 'ok'\n"
            f"except BaseException as e:\n    seen[{name!r}] = type(e).__name__\n")


def test_writes_outside_the_job_directory_fail(raw_pool: WorkerPool, tmp_path: Path, secret_file: Path) -> None:
    outside = tmp_path / "outside.txt"
    body = "".join([
        _attempt("etc", "open('/etc/ai-designer-pwned', 'w').write('x')"),
        _attempt("usr", "open('/usr/lib/pwned', 'w').write('x')"),
        _attempt("host_tmp", f"open({str(outside)!r}, 'w').write('x')"),
        _attempt("store", f"open({str(secret_file)!r}, 'a').write('x')"),
        _attempt("private_tmp", "open('/tmp/scratch', 'w').write('x')"),
        _attempt("job_dir", "open('scratch.txt', 'w').write('x')"),
    ])
    seen = _seen(raw_pool, tmp_path, body)
    assert seen["etc"] in ("OSError", "PermissionError") and seen["usr"] in ("OSError", "PermissionError")
    assert seen["host_tmp"] == "FileNotFoundError" and seen["store"] == "FileNotFoundError"
    assert seen["private_tmp"] == "ok" and seen["job_dir"] == "ok"  # its own scratch space works
    assert not outside.exists() and not Path("/etc/ai-designer-pwned").exists()
    assert secret_file.read_text() == "other users' designs"


def test_other_processes_files_and_secrets_are_invisible(raw_pool: WorkerPool, tmp_path: Path,
                                                         secret_file: Path) -> None:
    api = os.getpid()
    body = (
        "seen['procs'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "seen['pid'] = os.getpid()\n"
        + _attempt("api_environ", f"open('/proc/{api}/environ').read()")
        + _attempt("store", f"open({str(secret_file)!r}).read()")
        + "seen['root'] = os.listdir('/root') if os.path.isdir('/root') else []\n"
        + "seen['env'] = ' '.join(os.environ)\n"
        + "seen['self_env'] = open('/proc/self/environ', 'rb').read().decode(errors='replace') "
          "if os.access('/proc/self/environ', os.R_OK) else ''\n"
    )
    seen = _seen(raw_pool, tmp_path, body)
    assert seen["procs"] == [1] and seen["pid"] == 1  # alone in its PID namespace
    assert seen["api_environ"] == "FileNotFoundError" and seen["store"] == "FileNotFoundError"
    # /root shows at most the ancestors of the read-only Python installation (pyenv lives there on some hosts)
    bound = {Path(p).parts[2] for p in (sys.prefix, sys.base_prefix) if Path(p).is_relative_to("/root")}
    assert set(seen["root"]) <= bound, seen["root"]  # type: ignore[arg-type]
    assert "JWT_SECRET_KEY" not in str(seen["env"]) and "jwt-should-never-be-seen" not in str(seen["self_env"])


def test_no_exec_no_fork_no_sockets_no_privileges(raw_pool: WorkerPool, tmp_path: Path) -> None:
    body = "".join([
        _attempt("execv", "os.execv('/bin/sh', ['sh', '-c', 'true'])"),
        _attempt("subprocess", "__import__('subprocess').run(['true'])"),
        _attempt("system", "assert os.system('true') == 0"),
        _attempt("fork", "os.fork()"),
        _attempt("inet", "__import__('socket').socket()"),
        _attempt("unix", "__import__('socket').socket(__import__('socket').AF_UNIX)"),
        _attempt("setuid", "os.setuid(0)"),
        _attempt("setsid", "os.setsid()"),
        _attempt("unshare", "assert __import__('ctypes').CDLL(None).unshare(0x10000000) == 0"),
        _attempt("thread", "t = __import__('threading').Thread(target=lambda: None); t.start(); t.join()"),
    ])
    seen = _seen(raw_pool, tmp_path, body)
    for name in ("execv", "subprocess", "fork", "inet", "unix", "setuid", "setsid"):
        assert seen[name] == "PermissionError", (name, seen[name])
    assert seen["unshare"] == "AssertionError"
    assert seen["system"] == "AssertionError"  # os.system cannot start a shell
    assert seen["thread"] == "ok"  # FreeCAD/OCC threads keep working


def test_a_killed_job_leaves_no_process_behind(raw_pool: WorkerPool, tmp_path: Path) -> None:
    warden = _box(raw_pool, tmp_path, BOX).worker_pid
    inner = Path(f"/proc/{warden}/task/{warden}/children").read_text().split()
    assert len(inner) == 1
    result = raw_pool.run(JobSpec(script="while True:\n    pass\n", out_dir=str(tmp_path / "out"),
                                  timeout_seconds=1))
    assert result.error and result.error["code"] == "timeout"
    assert raw_pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "out2"))).ok
    assert not _running(int(inner[0])) and not _running(warden or 0)


def test_pollution_never_reaches_the_next_job(raw_pool: WorkerPool, tmp_path: Path) -> None:
    body = ("import builtins, math\nmath.pi = 3.0\nPart.makeBox = None\nbuiltins.divmod = None\n"
            "seen['done'] = True\n")
    assert _seen(raw_pool, tmp_path, body)["done"]
    after = _box(raw_pool, tmp_path, "import math\nassert math.pi > 3.14 and divmod(7, 2) == (3, 1)\n"
                 "assert abs(Part.makeBox(1, 1, 1).Volume - 1) < 1e-9\n" + BOX)
    assert after.ok and after.geometry and abs(after.geometry.volume - 6000) < 1e-6, after.error
    assert raw_pool.health()["restart_reasons"].get("polluted", 0) >= 1


def test_untrusted_jobs_get_a_fresh_worker(raw_pool: WorkerPool, tmp_path: Path) -> None:
    first = _box(raw_pool, tmp_path, BOX, untrusted=True)
    second = _box(raw_pool, tmp_path, BOX)
    assert first.ok and second.ok and first.worker_pid != second.worker_pid
    assert raw_pool.health()["restart_reasons"].get("untrusted_code", 0) >= 1


def test_freecad_expression_engine_escape_is_contained(raw_pool: WorkerPool, tmp_path: Path, home: Path) -> None:
    """The attack that broke the first sandbox: a spreadsheet formula reaching the real builtins. Here the
    policy is off as well, so the formula runs — and the OS wall is all that stands."""
    marker = home / "expression-escape.txt"
    body = (
        "sheet = doc.addObject('Spreadsheet::Sheet', 'S')\nbox = doc.addObject('Part::Box', 'Box')\n"
        "sheet.set('A1', '=Box._app.__loader__.__init__.__globals__[<<__builtins__>>]')\n"
        "doc.recompute()\n"
        "b = sheet.get('A1')\n"
        "seen['builtins'] = isinstance(b, dict)\n"
        + _attempt("write", f"b['open']({str(marker)!r}, 'w').write('pwned')")
        + _attempt("shell", "assert b['__import__']('os').system('true') == 0")
    )
    seen = _seen(raw_pool, tmp_path, body)
    assert seen["write"] in ("FileNotFoundError", "PermissionError", "KeyError", "TypeError")
    assert seen["shell"] != "ok"
    assert not marker.exists()


def _box(pool: WorkerPool, tmp_path: Path, script: str, **kw: object) -> JobResult:
    return pool.run(JobSpec(script=script, out_dir=str(tmp_path / "box"), **kw))  # type: ignore[arg-type]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_job_directory_swapped_for_a_link_hands_nothing_out(raw_pool: WorkerPool, tmp_path: Path,
                                                              secret_file: Path) -> None:
    """A worker owns its directory: code that escapes the policy can replace its job directory with a link to a
    directory of the service's (the link's text is read by the pool, outside the worker's view) and report a file
    "in" it. The pool opens the job directory without following links, so the file stays where it is."""
    body = ("import ai_designer.freecad.export as E\n"
            "def swap(*a, **k):\n"
            "    jd = os.getcwd()\n"
            "    os.chdir('..')\n"
            "    os.rename(jd, jd + '_gone')\n"
            f"    os.symlink({str(secret_file.parent)!r}, jd)\n"
            f"    return {{'stl': jd + '/' + {secret_file.name!r}}}\n"
            "E.export_all = swap\n")
    out = tmp_path / "out"
    result = raw_pool.run(JobSpec(script="import os\n" + body + BOX, out_dir=str(out)))
    assert not result.ok and result.error and result.error["code"] == "export_failed", result
    assert secret_file.read_text() == "other users' designs"
    assert not out.exists() or not list(out.iterdir())
    assert raw_pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "next"))).ok  # the pool serves the next job


def test_a_model_file_freecad_would_run_code_from_is_withheld(raw_pool: WorkerPool, tmp_path: Path) -> None:
    """Code that escaped the policy can put a scripted object in the FCStd (FreeCAD imports its module and class
    when a user opens the file) or the formula that broke the first sandbox. The pool reads the FCStd before handing
    anything out: the design fails and none of its files arrive."""
    scripted = ("class Payload:\n    def __init__(self, obj):\n        obj.Proxy = self\n"
                "    def execute(self, obj):\n        pass\n"
                "Payload(doc.addObject('App::FeaturePython', 'Payload'))\n")
    formula = ("sheet = doc.addObject('Spreadsheet::Sheet', 'S')\n"
               "sheet.set('A1', '=Box._app.__loader__.__init__.__globals__[<<__builtins__>>]')\n")
    for name, body in (("scripted", scripted), ("formula", formula)):
        out = tmp_path / name
        result = raw_pool.run(JobSpec(script=BOX + body, out_dir=str(out), formats=["fcstd", "step", "stl"]))
        assert not result.ok and result.error and result.error["code"] == "export_failed", result
        assert "FCStd the worker wrote was refused" in result.error["message"]
        assert result.files == {} and (not out.exists() or not list(out.iterdir()))
    assert raw_pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "next"), formats=["fcstd"])).ok


@pytest.mark.parametrize("fake", ["conn.send_bytes(b'[]')", "conn.send_bytes(b'{\"result\": {\"ok\": \"maybe\"}}')",
                                  "conn.send_bytes(b'{\"result\": 7, \"rss_mb\": \"x\"}')",
                                  "os.write(conn.fileno(), (1 << 30).to_bytes(4, 'big') + b'x' * 64)"])
def test_a_forged_answer_costs_the_worker_not_the_pool(raw_pool: WorkerPool, tmp_path: Path, fake: str) -> None:
    """Code that escaped the policy can write on the worker's connection: a malformed answer, or a frame that
    claims a gigabyte. The pool treats either as a crash — the worker is replaced, the parent allocates nothing
    large and keeps the slot (the next job runs)."""
    import threading

    body = ("import gc\nconn = next(o for o in gc.get_objects() if type(o).__name__ == 'Connection' "
            f"and not o.closed)\n{fake}\nimport time\ntime.sleep(5)\n")
    result = raw_pool.run(JobSpec(script="import os\n" + body + BOX, out_dir=str(tmp_path / "forged")))
    assert not result.ok and result.error and result.error["code"] == "worker_crashed", result
    done: list[JobResult] = []
    runner = threading.Thread(target=lambda: done.append(raw_pool.run(JobSpec(script=BOX,
                                                                              out_dir=str(tmp_path / "next")))))
    runner.start()
    runner.join(60)
    assert done and done[0].ok, "the pool lost its worker slot"


def test_a_jobs_leftovers_never_reach_the_next_job(raw_pool: WorkerPool, tmp_path: Path) -> None:
    """The job directory is emptied before each job: a file, a sub-directory or a link one job leaves behind is gone
    when the next job starts (the directory is only kept as it is when it is already empty)."""
    plant = ("open('left.txt', 'w').write('x')\nos.mkdir('sub')\nopen('sub/deep.txt', 'w').write('x')\n"
             "os.symlink('/etc', 'link')\nseen['planted'] = sorted(os.listdir('.'))\n")
    assert _seen(raw_pool, tmp_path, plant)["planted"] == ["left.txt", "link", "sub"]
    assert _seen(raw_pool, tmp_path, "seen['found'] = os.listdir('.')\n")["found"] == []
