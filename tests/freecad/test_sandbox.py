"""The sandbox end to end in real worker processes: refusals, FreeCAD's own file APIs, OS-level containment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec

BOX = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory outside every job directory: nothing may appear here."""
    return tmp_path_factory.mktemp("outside")


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    home = tmp_path_factory.mktemp("sandboxhome")
    mp = pytest.MonkeyPatch()
    secrets = {
        "OPENAI_API_KEY": "sk-test-should-not-leak",  # pragma: allowlist secret
        "MY_SERVICE_TOKEN": "tok",
        "REDIS_URL": "redis://secret@localhost:1/0",  # pragma: allowlist secret
        "AWS_SECRET_ACCESS_KEY": "aws",  # pragma: allowlist secret
    }
    for name, value in secrets.items():
        mp.setenv(name, value)
    p = WorkerPool(Settings(AI_DESIGNER_HOME=str(home), JOB_TIMEOUT_SECONDS=30), workers=1)  # type: ignore[call-arg]
    assert p.run(JobSpec(script=BOX, out_dir=str(home / "warm"))).ok
    mp.undo()
    yield p
    p.close()


def _run(pool: WorkerPool, tmp_path: Path, script: str):  # noqa: ANN202 - JobResult
    return pool.run(JobSpec(script=script, out_dir=str(tmp_path / "out")))


@pytest.mark.parametrize("script", [
    "import os\nos.system('touch {leak}')",
    "import subprocess\nsubprocess.run(['touch', '{leak}'])",
    "f = open('/etc/passwd')",
    "os = __import__('os')",
    "c = ().__class__.__base__.__subclasses__()",
    "b = (lambda: 0).__globals__['__builtins__']",
    "t = '{{0.__class__}}'.format(1)",
])
def test_python_escapes_are_policy_violations(pool: WorkerPool, tmp_path: Path, outside: Path, script: str) -> None:
    leak = outside / "leak.txt"
    result = _run(pool, tmp_path, script.format(leak=leak))
    assert not result.ok and result.error and result.error["code"] == "policy_violation", result.error
    assert "refused" in result.error["message"]
    assert not leak.exists()


@pytest.mark.parametrize("script", [
    "s = Part.read('/etc/passwd')",
    "d = FreeCAD.openDocument('/etc/passwd')",
    "import Mesh\nm = Mesh.read('/etc/passwd')",
    "Part.insert('/etc/passwd', doc.Name)",
    "p = Part\np.insert('/etc/passwd', doc.Name)",
    "f = App.open\nf('/etc/passwd')",
    "e = Part.export\ne([], '{target}.step')",
    "doc.saveAs('{target}.FCStd')",
    "x = doc\nx.saveCopy('{target}.FCStd')",
    "Part.makeBox(1, 1, 1).exportStep('{target}.step')",
    "Part.makeBox(1, 1, 1).exportStl('{target}.stl')",
    "t = 'Mesh::' + 'Import'\nm = doc.addObject(t, 'm')",
    "t = 'Part::Import' + 'Step'\nm = doc.addObject(t, 'm')",
    "b = doc.addObject('Part::Box', 'b')\nb.addProperty('App::PropertyFileIncluded', 'Data')\nb.Data = '/etc/passwd'",
    "b = doc.addObject('Part::Box', 'b')\nb.addProperty('App::PropertyFile', 'Data')\nb.Data = '{target}.txt'",
    BOX + "result.Document.saveAs('{target}.FCStd')",
])
def test_freecad_file_apis_are_refused(pool: WorkerPool, tmp_path: Path, outside: Path, script: str) -> None:
    target = outside / "stolen"
    result = _run(pool, tmp_path, script.format(target=target))
    assert not result.ok and result.error and result.error["code"] == "policy_violation", result.error
    assert not result.files
    assert sorted(p.name for p in outside.iterdir()) == []


def test_print_output_reaches_the_log(pool: WorkerPool, tmp_path: Path) -> None:
    result = _run(pool, tmp_path, "print('volume will be', 10 * 20 * 30)\n" + BOX)
    assert result.ok and "volume will be 6000" in result.log


def _worker_pid(pool: WorkerPool, tmp_path: Path) -> int:
    """The process that runs the jobs: the only child of the warden the pool knows (``confine.py``)."""
    result = _run(pool, tmp_path, BOX)
    assert result.ok and result.worker_pid
    children = Path(f"/proc/{result.worker_pid}/task/{result.worker_pid}/children").read_text().split()
    assert len(children) == 1
    return int(children[0])


def test_worker_environment_has_no_secrets(pool: WorkerPool, tmp_path: Path) -> None:
    pid = _worker_pid(pool, tmp_path)
    environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    names = {e.split("=", 1)[0] for e in environ if e}
    assert "PATH" in names
    for secret in ("OPENAI_API_KEY", "MY_SERVICE_TOKEN", "REDIS_URL", "AWS_SECRET_ACCESS_KEY"):
        assert secret not in names
    assert not any("sk-test-should-not-leak" in e for e in environ)


def test_worker_limits_and_private_directory(pool: WorkerPool, tmp_path: Path) -> None:
    pid = _worker_pid(pool, tmp_path)
    limits = Path(f"/proc/{pid}/limits").read_text()
    open_files = next(line for line in limits.splitlines() if line.startswith("Max open files")).split()
    core = next(line for line in limits.splitlines() if line.startswith("Max core file size")).split()
    file_size = next(line for line in limits.splitlines() if line.startswith("Max file size")).split()
    assert open_files[3] == "256" and core[4] == "0" and file_size[3] == str(1024 * 1024 * 1024)
    cwd = Path(os.readlink(f"/proc/{pid}/cwd"))  # the worker's own view keeps the host path of its directory
    assert cwd.is_relative_to(pool.base_dir)


def test_worker_runs_in_its_own_namespaces(pool: WorkerPool, tmp_path: Path) -> None:
    pid = _worker_pid(pool, tmp_path)
    for ns in ("net", "mnt", "pid", "ipc", "uts"):
        assert os.readlink(f"/proc/{pid}/ns/{ns}") != os.readlink(f"/proc/self/ns/{ns}"), ns
    assert Path(f"/proc/{pid}/net/dev").read_text().count(":") == 1  # only a (down) loopback
    status = {k: v.split() for k, v in (line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())}
    assert status["Uid"][0] != "0" and status["CapEff"] == ["0000000000000000"]
    assert status["NoNewPrivs"] == ["1"] and status["Seccomp"] == ["2"]


def test_unprivileged_processes_still_lose_the_network() -> None:
    """Without root, ``isolate_network`` falls back to a user namespace (or says why it could not)."""
    from ai_designer.freecad.sandbox import isolate_network

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            status = isolate_network()
            interfaces = Path("/proc/self/net/dev").read_text().count(":")
            os.write(write, f"{interfaces}|{status}".encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    os.close(write)
    interfaces, status = os.read(read, 4096).decode().split("|", 1)
    os.close(read)
    if status.startswith("isolated"):
        assert interfaces == "1"
    else:
        assert "not isolated" in status and "user namespace" in status



def test_file_property_is_refused_on_an_object_whose_type_was_scanned_before(freecad_inprocess: object) -> None:
    """The scan remembers the types of a class's static properties; a property added to one object of that class
    (``addProperty``, which the static policy refuses in scripts but FreeCAD code paths could still reach) is dynamic
    and is still looked at — also on an object of a class scanned before."""
    import FreeCAD

    from ai_designer.core.errors import PolicyViolation
    from ai_designer.freecad import sandbox

    doc = FreeCAD.newDocument("scan")
    try:
        a = doc.addObject("Part::Box", "a")
        a.addProperty("App::PropertyString", "Data")
        a.Data = "text"
        sandbox.scan_document(doc)  # Part::Box's static properties are now remembered, ``a.Data`` is not
        b = doc.addObject("Part::Box", "b")
        b.addProperty("App::PropertyFile", "Data")
        sandbox.scan_document(doc)  # an empty file property is harmless
        b.Data = "/etc/passwd"
        with pytest.raises(PolicyViolation, match=r"b\.Data"):
            sandbox.scan_document(doc)
    finally:
        FreeCAD.closeDocument(doc.Name)
