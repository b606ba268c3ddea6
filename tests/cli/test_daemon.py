"""The CLI daemon (docs/cli-daemon.md), through the real console script and a real daemon process with real FreeCAD.

What is compared between the daemon path and the in-process path, and why that is all that can be: the STL bytes
are identical; the STEP bytes are identical except the ``FILE_NAME`` header's timestamp; an FCStd archive has the
same members, its ``.brp`` shapes are byte-identical, and its ``Document.xml`` is identical once the creation and
modification times, the document UUID and FreeCAD's process-wide object counter (``id="…"``) are masked and the
entries of each ``<ObjectDeps>`` list are sorted (FreeCAD writes them in an order that varies from run to run) —
those differ between any two runs, in-process ones included. The zip entries' own dates differ too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_designer.cli.daemon.paths import DaemonUnavailable, runtime_dir

PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm holes 6 mm from the edges"
FORMATS = "fcstd,step,stl"


class Shell:
    """One user's shell: a fixed environment and working directory, so in-process runs and daemon runs see the same
    settings (the daemon serves only its own environment)."""

    def __init__(self, home: Path, cwd: Path, runtime: Path) -> None:
        self.cwd = cwd
        self.env = {k: v for k, v in os.environ.items()
                    if not k.endswith("_API_KEY") and not k.startswith(("AI_DESIGNER_DAEMON", "PYTEST_"))}
        self.env.update({"AI_DESIGNER_HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)})

    def run(self, *args: str, python: tuple[str, ...] = (), **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *python, "-m", "ai_designer", *args], capture_output=True, text=True,
                              cwd=self.cwd, env={**self.env, **extra}, timeout=240)

    def status(self) -> dict[str, Any]:
        return dict(json.loads(self.run("daemon", "status", "--json").stdout))

    def socket_dir(self) -> Path:
        return Path(self.env["XDG_RUNTIME_DIR"]) / "ai-designer"


@pytest.fixture
def shell(tmp_path: Path, _isolated_home: Path) -> Iterator[Shell]:
    runtime = Path(tempfile.mkdtemp(prefix="aid-", dir="/tmp"))  # short: a socket path has at most 108 bytes
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    sh = Shell(_isolated_home, cwd, runtime)
    yield sh
    sh.run("daemon", "stop", "--all")
    shutil.rmtree(runtime, ignore_errors=True)


def _json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.stdout.strip(), proc.stderr
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _comparable(data: dict[str, Any], out: Path) -> dict[str, Any]:
    """The JSON line without what differs between any two runs (request id, timings) and with paths relative."""
    data = {k: v for k, v in data.items() if k not in ("request_id", "timings")}
    data["files"] = {fmt: str(Path(p).relative_to(out.resolve())) for fmt, p in data["files"].items()}
    return data


_VOLATILE_XML = [re.compile(rb'<String value="\d{4}-\d\d-\d\dT[\d:]+Z"/>'), re.compile(rb'<Uuid value="[^"]+"/>'),
                 re.compile(rb' id="\d+"')]


_DEPS = re.compile(rb"(<ObjectDeps [^>]*>)(.*?)(</ObjectDeps>)", re.S)


def _sorted_deps(match: re.Match[bytes]) -> bytes:
    lines = sorted(line.strip() for line in match.group(2).splitlines() if line.strip())
    return match.group(1) + b"".join(lines) + match.group(3)


def _fcstd_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["Document.xml"]
    for pattern in _VOLATILE_XML:
        xml = pattern.sub(b"<masked/>", xml)
    members["Document.xml"] = _DEPS.sub(_sorted_deps, xml)
    return members


def _step_body(path: Path) -> bytes:
    return re.sub(rb"FILE_NAME\('([^']*)','[^']*'", rb"FILE_NAME('\1','<time>'", path.read_bytes())


def _assert_same_models(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a["files"].keys() == b["files"].keys() == {"fcstd", "step", "stl"}
    fa, fb = ({k: Path(v) for k, v in d["files"].items()} for d in (a, b))
    assert fa["stl"].read_bytes() == fb["stl"].read_bytes()
    assert _step_body(fa["step"]) == _step_body(fb["step"])
    assert _fcstd_members(fa["fcstd"]) == _fcstd_members(fb["fcstd"])


def test_daemon_gives_the_same_models_output_and_exit_code(shell: Shell, tmp_path: Path) -> None:
    inproc = shell.run("design", PLATE, "--out", str(tmp_path / "a"), "--json", "--format", FORMATS,
                       AI_DESIGNER_DAEMON="off")
    started = shell.run("daemon", "start", "--json")
    assert started.returncode == 0, started.stderr
    via = shell.run("design", PLATE, "--out", str(tmp_path / "b"), "--json", "--format", FORMATS)
    assert inproc.returncode == via.returncode == 0, via.stderr
    a, b = _json(inproc), _json(via)
    assert _comparable(a, tmp_path / "a") == _comparable(b, tmp_path / "b")
    assert b["geometry"]["volume"] == pytest.approx(90 * 70 * 8 - 4 * 3.141592653589793 * 2.75**2 * 8, rel=1e-6)
    _assert_same_models(a, b)
    assert shell.status()["designs"] == 1  # it was the daemon that built b

    traced = shell.run("design", PLATE, "--out", str(tmp_path / "t"), "--json", "--format", FORMATS,
                       python=("-X", "importtime"))
    imported = {line.rsplit("|", 1)[1].strip() for line in traced.stderr.splitlines() if line.startswith("import")}
    assert traced.returncode == 0 and "ai_designer.cli.daemon.client" in imported
    heavy = {"ai_designer.designer", "ai_designer.core.settings", "pydantic_settings", "rich", "lark", "FreeCAD"}
    assert not heavy & imported, "the warm path must not import the engine, the settings class, rich or FreeCAD"

    off = shell.run("design", PLATE, "--out", str(tmp_path / "c"), "--json", "--format", "step",
                    AI_DESIGNER_DAEMON="off")
    assert off.returncode == 0 and shell.status()["designs"] == 2  # off: in-process although one runs


def _human(proc: subprocess.CompletedProcess[str], out: Path) -> str:
    text = proc.stdout.replace(str(out.resolve()), "<out>")
    return re.sub(r"request \w+ · (.*) · \d+ ms", r"request <id> · \1 · <ms>", text)


def test_sessions_rejections_and_human_output_match(shell: Shell, tmp_path: Path) -> None:
    assert shell.run("daemon", "start").returncode == 0
    results: dict[str, list[Any]] = {"off": [], "use": []}
    errors: list[str] = []  # what a failed human-output run said (a one-off exit 1 with no output was seen once)
    for mode in ("off", "use"):
        session, out = f"s-{mode}", tmp_path / mode
        for i, prompt in enumerate(("a 80 x 50 x 6 mm plate", "make it 10 mm thick")):
            proc = shell.run("design", prompt, "--out", str(out / str(i)), "--json", "--session", session,
                             "--format", "step", AI_DESIGNER_DAEMON=mode)
            results[mode].append((proc.returncode, _comparable(_json(proc), out / str(i))))
        rejected = shell.run("design", "something beautiful", "--out", str(out / "r"), "--json",
                             AI_DESIGNER_DAEMON=mode)
        results[mode].append((rejected.returncode, _comparable(_json(rejected), out / "r")))
        no_session = shell.run("design", "--set", "plate_length=120", "--out", str(out / "n"), "--json",
                               AI_DESIGNER_DAEMON=mode)
        results[mode].append((no_session.returncode, _json(no_session)))
        human = shell.run("design", "a 40 x 30 x 20 mm block", "--out", str(out / "h"), "--format", "step",
                          AI_DESIGNER_DAEMON=mode, COLUMNS="300")  # no wrapping of the varying first line
        results[mode].append((human.returncode, _human(human, out / "h")))
        errors.append(human.stderr[-2000:])
    assert results["off"] == results["use"], errors
    codes = [code for code, _ in results["use"]]
    assert codes == [0, 0, 3, 3, 0]
    assert results["use"][1][1]["geometry"]["bbox"] == pytest.approx([80, 50, 10])
    assert "40.000 × 30.000 × 20.000 mm" in results["use"][4][1]
    assert shell.status()["designs"] == 5


def _gone(pid: int) -> bool:
    """Exited (a zombie nobody reaped yet counts: the daemon was adopted by whatever reaps orphans here)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _pool_processes(daemon_pid: int) -> list[int]:
    """The FreeCAD zygote and workers of the daemon's pool (their command line names the pool directory)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"pool-{daemon_pid}-".encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if not _gone(pid)]


def _wait(predicate: Any, what: str, limit: float = 120.0) -> None:
    """Wait for a state change (a liveness bound, not a speed assertion)."""
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, f"still waiting for: {what}"
        time.sleep(0.1)


def test_stale_socket_of_a_killed_daemon_is_detected_and_replaced(shell: Shell, tmp_path: Path) -> None:
    assert shell.run("daemon", "start").returncode == 0
    first = shell.status()
    os.kill(first["pid"], signal.SIGKILL)
    sock = Path(first["socket"])
    _wait(lambda: _gone(first["pid"]), "the killed daemon to die")
    assert sock.exists()  # what a SIGKILL leaves behind
    _wait(lambda: not _pool_processes(first["pid"]), "the killed daemon's FreeCAD processes to exit")

    inproc = shell.run("design", "a 20 mm cube", "--out", str(tmp_path / "u"), "--json", "--format", "step")
    assert inproc.returncode == 0 and _json(inproc)["status"] == "succeeded"  # use: not hung on the dead socket

    auto = shell.run("design", "a 20 mm cube", "--out", str(tmp_path / "a"), "--json", "--format", "step",
                     AI_DESIGNER_DAEMON="auto")
    assert auto.returncode == 0, auto.stderr
    second = shell.status()
    assert second["running"] and second["pid"] != first["pid"] and second["designs"] == 1
    assert stat.S_ISSOCK(sock.stat().st_mode)


def test_status_stop_and_idle_exit(shell: Shell) -> None:
    assert shell.run("daemon", "status").returncode == 1
    started = shell.run("daemon", "start", "--json", AI_DESIGNER_DAEMON_IDLE_MINUTES="0.02")  # 1.2 s
    info = json.loads(started.stdout)
    assert started.returncode == 0 and info["running"] and info["idle_exit_seconds"] == pytest.approx(1.2)
    pid, sock = info["pid"], Path(info["socket"])
    _wait(lambda: not sock.exists(), "the idle daemon to exit")
    _wait(lambda: _gone(pid), "the idle daemon's process to end")
    assert not _pool_processes(pid)
    assert shell.run("daemon", "status").returncode == 1

    assert shell.run("daemon", "start").returncode == 0
    pid = shell.status()["pid"]
    stopped = json.loads(shell.run("daemon", "stop", "--json").stdout)
    assert stopped == {"stopped": [pid]}
    assert _gone(pid) and not sock.exists() and not _pool_processes(pid)
    assert json.loads(shell.run("daemon", "stop", "--json").stdout) == {"stopped": []}


def _connect_as(uid: int, path: Path) -> str:
    """Try to connect to ``path`` from a child process running as ``uid``; the error name or ``connected``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read)
        outcome = b"connected"
        try:
            os.setgid(uid)
            os.setuid(uid)
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(path))
        except OSError as exc:
            outcome = type(exc).__name__.encode()
        os.write(write, outcome)
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as fh:
        return fh.read().decode()


def test_socket_is_private_to_this_user(shell: Shell) -> None:
    assert shell.run("daemon", "start").returncode == 0
    sock = Path(shell.status()["socket"])
    assert stat.S_IMODE(sock.stat().st_mode) == 0o600 and sock.stat().st_uid == os.geteuid()
    assert stat.S_IMODE(sock.parent.stat().st_mode) == 0o700
    if os.geteuid() != 0:
        pytest.skip("switching to another user needs root; the modes above are what keeps other users out")
    assert _connect_as(65534, sock) == "PermissionError"


def test_private_fallback_directory(tmp_path: Path) -> None:
    directory = runtime_dir({"TMPDIR": str(tmp_path)})  # no XDG_RUNTIME_DIR
    assert directory == tmp_path / f"ai-designer-{os.geteuid()}"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    directory.chmod(0o755)
    with pytest.raises(DaemonUnavailable, match="0700"):
        runtime_dir({"TMPDIR": str(tmp_path)})
