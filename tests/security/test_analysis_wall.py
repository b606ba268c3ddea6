"""MCP ``analyze_fcstd`` opens the document behind the workers' wall (``mcp/analysis.py``, ``freecad/file_tasks.py``).

A document may be anyone's, and opening it runs FreeCAD's restore and recompute on what it holds. Until round 8 a
child FreeCAD opened it where it lay, outside the wall: with the server's file-system view and no memory limit. It now
runs as a task of the process's pool (here a real pool whose workers run with the static policy off, as in
``test_containment.py``), on a copy in a worker's own directory, under the job's limits, in a worker discarded after.
"""

from __future__ import annotations

import math
import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from mcp.server.mcpserver.exceptions import ToolError
from sec_helpers import readers_replaced

from ai_designer.core.settings import Settings
from ai_designer.freecad import executor
from ai_designer.freecad.codegen import compile_plan
from ai_designer.freecad.pool import WorkerPool
from ai_designer.mcp.analysis import analyze_source
from ai_designer.mcp.models import AnalysisOutput
from ai_designer.planning.planner import plan_offline
from ai_designer.schemas.execution import JobSpec

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/ns/pid"), reason="needs Linux namespaces")

PLATE = "a 90 x 70 x 8 mm plate with a 10 mm hole in the middle"
PLATE_VOLUME = 90 * 70 * 8 - math.pi * 25 * 8
# a document holding one link to an object of another document, by absolute path (FreeCAD opens that file too)
LINKER = """<?xml version='1.0' encoding='utf-8'?>
<Document SchemaVersion="4" ProgramVersion="0.20R" FileVersion="1">
    <Properties Count="0" TransientCount="0">
    </Properties>
    <Objects Count="1" Dependencies="1">
        <ObjectDeps Name="Link" Count="0"/>
        <Object type="App::Link" name="Link" id="1" />
    </Objects>
    <ObjectData Count="1">
        <Object name="Link" Extensions="True">
            <Extensions Count="1">
                <Extension type="App::LinkExtension" name="LinkExtension">
                </Extension>
            </Extensions>
            <Properties Count="1" TransientCount="0">
                <Property name="LinkedObject" type="App::PropertyXLink" status="256">
                    <XLink file="{target}" stamp="" name="Box"/>
                </Property>
            </Properties>
        </Object>
    </ObjectData>
</Document>
"""


SECRETS = {name: f"fake-{secrets.token_hex(8)}" for name in ("JWT_SECRET_KEY", "OPENAI_API_KEY", "REDIS_URL",
                                                                 "DATABASE_URL", "AUTH_API_KEYS")}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("analysis")


@pytest.fixture(scope="module")
def raw_pool(home: Path) -> Iterator[WorkerPool]:
    """A real pool with the static policy off, as this process's executor (``analyze_fcstd`` uses that)."""
    env, mp = pytest.MonkeyPatch(), pytest.MonkeyPatch()
    for name, value in SECRETS.items():  # in the server's environment when its pool starts
        env.setenv(name, value)
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=home, JOB_TIMEOUT_SECONDS=60), workers=1, static_policy=False)
    pool.prestart().join()
    env.undo()
    mp.setattr(executor, "_shared", pool)
    yield pool
    mp.undo()
    pool.close()


def _analyze(pool: WorkerPool, source: Path) -> AnalysisOutput:
    async def call() -> AnalysisOutput:
        return await analyze_source(None, pool.settings, str(source), principal=None,  # type: ignore[arg-type]
                                    local_files=True)

    return anyio.run(call)


def _build(pool: WorkerPool, script: str, out: Path) -> Path:
    result = pool.run(JobSpec(script=script, out_dir=str(out), formats=["fcstd"]))
    assert result.ok, result.error
    return Path(result.files["fcstd"])


def test_a_document_is_analysed_by_a_worker_behind_the_wall(raw_pool: WorkerPool, tmp_path: Path) -> None:
    document = _build(raw_pool, compile_plan(plan_offline(PLATE)), tmp_path / "plate")
    original = document.read_bytes()
    before = readers_replaced(raw_pool)
    info = _analyze(raw_pool, document)
    assert info.geometry and math.isclose(info.geometry["volume"], PLATE_VOLUME, rel_tol=1e-6)
    assert info.geometry["bbox"] == pytest.approx([90, 70, 8], abs=1e-6) and info.geometry["solids"] == 1
    assert 90.0 in info.parameters.values() and info.parameter_details and info.objects
    assert info.extra["path"] == str(document) and document.read_bytes() == original
    assert readers_replaced(raw_pool) == before + 1  # that worker is gone


def test_a_document_cannot_pull_in_a_file_of_the_server(raw_pool: WorkerPool, tmp_path: Path) -> None:
    """A document may link to an object of another document by path, and FreeCAD opens that file with it: the
    child outside the wall opened any file of the server's — another user's design in the store — and the analysis
    answered with that design's geometry. Behind the wall the store does not exist."""
    store = _build(raw_pool, "b = doc.addObject('Part::Box', 'Box')\nb.Length, b.Width, b.Height = 11, 22, 33\n"
                   "result = b\n", tmp_path / "store")
    linker = tmp_path / "upload" / "linker.FCStd"
    linker.parent.mkdir()
    with zipfile.ZipFile(linker, "w") as zf:
        zf.writestr("Document.xml", LINKER.format(target=store))
    info = _analyze(raw_pool, linker)
    assert [o["type"] for o in info.objects] == ["App::Link"]  # the document itself was read
    assert info.geometry is None, info.geometry  # 11 x 22 x 33 mm, 7986 mm³: the store's design
    assert store.is_file()


def test_a_file_that_is_no_document_is_refused_before_any_worker(raw_pool: WorkerPool, tmp_path: Path) -> None:
    fake = tmp_path / "notes.FCStd"
    fake.write_text("not a zip")
    with pytest.raises(ToolError, match="invalid_file"):
        _analyze(raw_pool, fake)


def test_the_analysis_worker_holds_no_secret_of_the_server(raw_pool: WorkerPool, tmp_path: Path) -> None:
    """The environment the analysis child had (no keys, JWT secret, Redis or database URLs) is the workers' own:
    every worker, the analysing one included, is forked from the zygote, started with the scrubbed environment."""
    _analyze(raw_pool, _build(raw_pool, "b = doc.addObject('Part::Box', 'B')\nresult = b\n", tmp_path / "b"))
    environ = Path(f"/proc/{raw_pool.health()['zygote_pid']}/environ").read_bytes().decode(errors="replace")
    assert not any(name + "=" in environ or value in environ for name, value in SECRETS.items())
