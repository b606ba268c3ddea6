"""The same wall when the service itself is not root (the production image's uid 1000): the workers then build it
inside an unprivileged *user* namespace. The test runs a whole pool as ``nobody`` in a subprocess — with Debian's
``/usr/bin/python3`` (the venv's interpreter may live under root's home) and the venv's packages on the path — and
runs hostile code with the static policy off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

DEBIAN_PYTHON = "/usr/bin/python3"
SCRIPT = r'''
import json, sys
from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec
home, outside = sys.argv[1], sys.argv[2]
BOX = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'
HOSTILE = """import json, os
seen = {}
for name, code in [("write", "open(%r, 'w')"), ("exec", "os.execv('/bin/true', ['true'])"), ("fork", "os.fork()"),
                   ("socket", "__import__('socket').socket()"), ("procs", "seen['n'] = os.listdir('/proc')")]:
    try:
        exec(code)
        seen[name] = 'ok'
    except BaseException as e:
        seen[name] = type(e).__name__
raise RuntimeError('SEEN ' + json.dumps(seen))
""" % (outside + "/pwned",)
pool = WorkerPool(Settings(AI_DESIGNER_HOME=home), workers=1, static_policy=False)
try:
    box = pool.run(JobSpec(script=BOX, out_dir=home + "/out"))
    hostile = pool.run(JobSpec(script=HOSTILE, out_dir=home + "/out2"))
    print(json.dumps({"volume": box.geometry.volume if box.geometry else None, "error": box.error,
                      "seen": json.loads(hostile.error["message"].split("SEEN ", 1)[1]) if "SEEN " in hostile.error["message"] else hostile.error,
                      "wall": pool.health()["containment"]["wall"]}))
finally:
    pool.close()
'''


def _usable() -> str | None:
    if os.geteuid() != 0:
        return "needs root to start a process as nobody"
    if not Path(DEBIAN_PYTHON).exists():
        return "needs Debian's /usr/bin/python3"
    probe = subprocess.run([DEBIAN_PYTHON, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                           text=True, check=False).stdout.strip()
    return None if probe == str(sys.version_info[:2]) else f"Debian's python is {probe}, the venv's {sys.version_info[:2]}"


@pytest.mark.skipif(_usable() is not None, reason=str(_usable()))
def test_wall_holds_for_an_unprivileged_service() -> None:
    with tempfile.TemporaryDirectory(prefix="ai-designer-nobody-") as tmp:  # pytest's tmp dirs are root-only
        _check_as_nobody(Path(tmp))


def _check_as_nobody(tmp_path: Path) -> None:
    tmp_path.chmod(0o777)
    home, outside = tmp_path / "home", tmp_path / "outside"
    outside.mkdir(mode=0o777)
    outside.chmod(0o777)  # writable for nobody outside the sandbox: only the wall can stop the write
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": f"{src}:{sysconfig.get_paths()['purelib']}"}
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", DEBIAN_PYTHON, "-c", SCRIPT,
                           str(home), str(outside)], capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["volume"] == pytest.approx(6000), report
    assert "user" in report["wall"]["namespaces"] and report["wall"]["uid"] == 65534
    seen = report["seen"]
    assert seen["write"] in ("FileNotFoundError", "PermissionError") and not (outside / "pwned").exists()
    assert seen["exec"] == seen["fork"] == seen["socket"] == "PermissionError"
    assert [p for p in seen["n"] if p.isdigit()] == ["1"]  # alone in its PID namespace
