"""Many threads, mixed outcomes: good jobs keep succeeding while others time out, crash the policy or ask for PNGs."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec

BOX = 'b = doc.addObject("Part::Box", "b")\nb.Length = {n}\nresult = b\n'
SCRIPTS = {
    "box": (BOX, None, ["fcstd", "step", "stl"]),
    "busy": ("n = 0\nwhile True:\n    n += 1\n", 0.5, ["step"]),
    "policy": ("import os\nos.system('true')\n", None, ["step"]),
    "png": (BOX, None, ["png"]),
}
EXPECTED = {"box": None, "busy": "timeout", "policy": "policy_violation", "png": None}


def test_mixed_load_from_threads(tmp_path: Path) -> None:
    settings = Settings(AI_DESIGNER_HOME=str(tmp_path / "home"), WORKER_MAX_JOBS=7)  # type: ignore[call-arg]
    pool = WorkerPool(settings, workers=2)
    kinds = (["box"] * 5 + ["busy", "policy", "png"]) * 5

    def one(i: int) -> tuple[str, str | None, float | None]:
        script, timeout, formats = SCRIPTS[kinds[i]]
        result = pool.run(JobSpec(script=script.format(n=10 + i), out_dir=str(tmp_path / str(i)), formats=formats,
                                  timeout_seconds=timeout))
        length = result.geometry.bbox[0] if result.geometry else None
        return kinds[i], (result.error or {}).get("code"), length

    try:
        with ThreadPoolExecutor(max_workers=6) as threads:
            outcomes = list(threads.map(one, range(len(kinds))))
        for i, (kind, code, length) in enumerate(outcomes):
            assert code == EXPECTED[kind], (i, kind, code)
            if code is None:
                assert length == 10 + i  # each result belongs to its own job
        health = pool.health()
        assert health["alive"] == 2 and health["restart_reasons"]["timeout"] == kinds.count("busy")
        assert os.listdir(pool.base_dir / "zygote" / "tmp") == []  # no FreeCAD temp dirs left by killed workers
    finally:
        pool.close()
    assert not pool.base_dir.exists()
