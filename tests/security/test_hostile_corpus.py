"""The hostile corpus (``hostile_corpus.py``, 69 scripts) through the three doors a plan with code comes in by: the
executor, ``ai-designer design --plan``, and ``POST /api/v1/design`` (with ALLOW_CLIENT_CODE on). Policy on, OS wall
on. An escape is: a canary file created on the host, a secret or the store's content in any output or answer, or a
pool that no longer builds an exact part. The count of escapes must be 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile_corpus import CORPUS, plan_for

from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.freecad.codegen import compile_plan
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec
from ai_designer.schemas.task_graph import CADPlan

pytestmark = pytest.mark.slow

SECRET = "sk-hostile-canary-0123456789"  # pragma: allowlist secret
STORE_TEXT = "other users' designs: STORE-CANARY"
PLATE = {"name": "plate", "operations": [{"op": "box", "id": "plate", "length": 40, "width": 30, "height": 5}]}


@pytest.fixture(scope="module")
def arena(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    canary_dir, store = root / "canaries", root / "store" / "designs.sqlite"
    canary_dir.mkdir()
    store.parent.mkdir()
    store.write_text(STORE_TEXT)
    mp = pytest.MonkeyPatch()
    mp.setenv("OPENAI_API_KEY", SECRET)
    mp.setenv("JWT_SECRET_KEY", SECRET)
    yield {"root": root, "canaries": canary_dir, "store": store}
    mp.undo()


def _plans(arena: dict[str, Path]) -> list[dict[str, object]]:
    return [plan_for(code, str(arena["canaries"] / f"c{i}"), str(arena["store"])) for i, code in enumerate(CORPUS)]


def _assert_no_escape(arena: dict[str, Path], outputs: Path, answers: list[str]) -> None:
    assert sorted(p.name for p in arena["canaries"].iterdir()) == []
    assert arena["store"].read_text() == STORE_TEXT
    for path in (p for p in outputs.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert SECRET.encode() not in data and b"STORE-CANARY" not in data, path
    for answer in answers:
        assert SECRET not in answer and "STORE-CANARY" not in answer


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60


def test_through_the_executor(arena: dict[str, Path]) -> None:
    settings = Settings(AI_DESIGNER_HOME=str(arena["root"] / "exec"))  # type: ignore[call-arg]
    pool = WorkerPool(settings, workers=1)
    answers, outputs = [], arena["root"] / "exec-out"
    try:
        for i, plan in enumerate(_plans(arena)):
            try:
                script = compile_plan(CADPlan.model_validate(plan))
            except (AIDesignerError, ValueError) as exc:
                answers.append(str(exc))
                continue
            result = pool.run(JobSpec(script=script, out_dir=str(outputs / str(i)), untrusted=True,
                                      timeout_seconds=3, formats=["fcstd", "step", "stl"]))
            answers.append(result.model_dump_json())
        _assert_no_escape(arena, outputs, answers)
        after = pool.run(JobSpec(script=compile_plan(CADPlan.model_validate(PLATE)), out_dir=str(outputs / "after")))
        assert after.ok and after.geometry and abs(after.geometry.volume - 6000) < 1e-6
    finally:
        pool.close()


def test_through_the_cli(arena: dict[str, Path]) -> None:
    work = arena["root"] / "cli"
    env = {**os.environ, "AI_DESIGNER_HOME": str(work / "home"), "JOB_TIMEOUT_SECONDS": "3"}

    def one(item: tuple[int, dict[str, object]]) -> str:
        i, plan = item
        path = work / f"plan{i}.json"
        path.write_text(json.dumps(plan))
        done = subprocess.run([sys.executable, "-m", "ai_designer", "design", "hostile", "--plan", str(path),
                               "--out", str(work / "out" / str(i)), "--json"],
                              capture_output=True, text=True, env=env, timeout=120, check=False)
        return done.stdout + done.stderr

    work.mkdir()
    with ThreadPoolExecutor(4) as threads:
        answers = list(threads.map(one, enumerate(_plans(arena))))
    _assert_no_escape(arena, work / "out", answers)
    assert sum('"status": "rejected"' in a or '"status": "failed"' in a for a in answers) >= len(CORPUS) - 12
    final = one((999, PLATE))
    assert json.loads(final.strip().splitlines()[-1])["geometry"]["volume"] == pytest.approx(6000)


def test_through_the_rest_api(arena: dict[str, Path]) -> None:
    from ai_designer.api.app import create_app

    settings = Settings(AI_DESIGNER_HOME=str(arena["root"] / "api"), ALLOW_CLIENT_CODE=True,  # type: ignore[call-arg]
                        JOB_TIMEOUT_SECONDS=3, JOB_BACKEND="local")
    answers: list[str] = []
    with TestClient(create_app(settings)) as client:
        ids = []
        for plan in _plans(arena):
            created = client.post("/api/v1/design", json={"prompt": "hostile", "plan": plan})
            answers.append(created.text)
            if created.status_code == 202:
                ids.append(created.json()["request_id"])
        for design_id in ids:
            answers.append(_finished(client, design_id))
            for fmt in ("fcstd", "step", "stl"):
                answers.append(client.get(f"/api/v1/design/{design_id}/files/{fmt}").text)
        final_id = client.post("/api/v1/design", json={"prompt": "plate", "plan": PLATE}).json()["request_id"]
        final = json.loads(_finished(client, final_id))
        assert final["status"] == "succeeded" and final["geometry"]["volume"] == pytest.approx(6000)
    _assert_no_escape(arena, arena["root"] / "api", answers)


def _finished(client: TestClient, design_id: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = client.get(f"/api/v1/design/{design_id}")
        if answer.json()["status"] in ("succeeded", "failed", "rejected", "cancelled"):
            return answer.text
        time.sleep(0.05)
    raise AssertionError(f"design {design_id} did not finish")
