"""Parameters edited over REST: ``POST /api/v1/design/{id}/parameters`` rebuilds a version's plan with new ``Params``
values through the real engine and FreeCAD (no language model), on the local back end.

Also the things a page needs of the API: version links, the last good version of each design, readable features,
GLB/OBJ downloads and file names after the part.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from svc_helpers import make_settings, wait_preview, wait_status

from ai_designer.api.app import create_app

pytestmark = pytest.mark.timeout(240)

PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("params") / "home", "local")
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def plate(api: TestClient) -> str:
    created = api.post("/api/v1/design", json={"prompt": PLATE, "formats": ["step", "stl", "glb", "obj"]})
    assert created.status_code == 202, created.text
    assert created.json()["links"]["page"].endswith("/v/1")
    rid = str(created.json()["request_id"])
    assert wait_status(api.get, rid)["status"] == "succeeded"
    return rid


def _params(status: dict[str, Any]) -> dict[str, float]:
    return {p["name"]: p["value"] for p in status["parameters"]}


def test_parameters_are_listed_with_units_and_ranges(api: TestClient, plate: str) -> None:
    status = api.get(f"/api/v1/design/{plate}?version=1").json()
    assert _params(status) == {"plate_length": 90, "plate_width": 70, "plate_height": 8, "holes_diameter": 5.5,
                               "holes_spacing_x": 73, "holes_spacing_y": 53}
    length = status["parameters"][0]
    assert length["unit"] == "mm" and length["label"] == "length along X" and length["max"] > 90
    assert status["features"] == ["Box 90 × 70 × 8 mm",
                                  "4 × Ø5.5 mm holes, through, 2 x 2 grid, 73 x 53 mm pitch"]
    assert status["name"] == "plate"


def test_set_parameters_makes_a_new_version_without_a_model(api: TestClient, plate: str) -> None:
    res = api.post(f"/api/v1/design/{plate}/parameters", json={"values": {"plate_length": 120, "holes_diameter": 6},
                                                               "version": 1})
    assert res.status_code == 202, res.text
    version = res.json()["version"]
    done = wait_status(lambda url: api.get(url + f"?version={version}"), plate)
    assert done["status"] == "succeeded", done["error"]
    assert done["planner"] == "given" and done["llm"]["calls"] == 0
    assert done["geometry"]["bbox"] == pytest.approx([120, 70, 8], abs=0.01)
    assert done["validation"]["passed"] is True  # the intent was recomputed: 120 mm is what the plan asks for
    assert _params(done)["plate_length"] == 120 and _params(done)["holes_diameter"] == 6
    assert done["prompt"].startswith("set plate_length = 120 mm (was 90), holes_diameter = 6 mm (was 5.5)")

    step = api.get(f"/api/v1/design/{plate}/files/step?version={version}")
    assert step.status_code == 200
    assert f'filename="plate-v{version}.step"' in step.headers["content-disposition"]
    assert wait_preview(api.get, plate, version)["preview"]["status"] == "ready"
    assert api.get(f"/api/v1/design/{plate}/files/glb?version={version}").content[:4] == b"glTF"
    assert b"\nv " in api.get(f"/api/v1/design/{plate}/files/obj?version={version}").content[:4000]


@pytest.mark.parametrize(("values", "code", "words"), [
    ({"plate_lenght": 120}, "unknown_parameter", "this design has: plate_length"),
    ({"plate_length": "wide"}, "invalid_parameter", "'wide' is not a number"),
    ({"plate_height": 0}, "invalid_parameter", "plate_height must be more than 0 mm"),
    ({"holes_diameter": 200}, "invalid_parameter", "does not fit on the 90 x 70 mm top face"),
])
def test_bad_values_are_refused_before_a_version_is_made(api: TestClient, plate: str, values: dict[str, Any],
                                                         code: str, words: str) -> None:
    before = api.get(f"/api/v1/design/{plate}").json()["versions"]
    res = api.post(f"/api/v1/design/{plate}/parameters", json={"values": values, "version": 1})
    assert res.status_code == 422, res.text
    assert res.json()["error"]["code"] == code and words in res.json()["error"]["message"]
    assert api.get(f"/api/v1/design/{plate}").json()["versions"] == before


def test_a_failed_refine_keeps_the_last_good_version(api: TestClient, plate: str) -> None:
    res = api.post(f"/api/v1/design/{plate}/refine", json={"prompt": "add a dragon on top"})
    assert res.status_code == 202
    failed = wait_status(api.get, plate)
    assert failed["status"] == "rejected"
    error = failed["error"]
    assert "OPENAI_API_KEY" not in error["message"] and "OPENAI_API_KEY" in error["admin"]
    assert "make it 10 mm thick" in error["examples"]
    assert failed["latest_good_version"] == failed["version"] - 1
    listed = next(i for i in api.get("/api/v1/design").json()["items"] if i["request_id"] == plate)
    assert listed["status"] == "rejected" and listed["latest_good_version"] == failed["version"] - 1
    assert listed["latest_good_summary"].startswith("plate ")
    # refining goes on from any succeeded version; a failed one cannot be a base
    assert api.post(f"/api/v1/design/{plate}/parameters",
                    json={"values": {"plate_height": 9}, "version": failed["version"]}).status_code == 409
    again = api.post(f"/api/v1/design/{plate}/refine", json={"prompt": "make it 12 mm thick", "version": 1})
    assert again.status_code == 202
    done = wait_status(api.get, plate)
    assert done["status"] == "succeeded" and done["geometry"]["bbox"] == pytest.approx([90, 70, 12], abs=0.01)


def test_pages_are_served_for_design_links(api: TestClient, plate: str, tmp_path: Path) -> None:
    for path in (f"/d/{plate}", f"/d/{plate}/v/1"):
        page = api.get(path)
        assert page.status_code == 200 and "ai-designer" in page.text and "/ui/app.js" in page.text
    assert api.get("/ui/vendor/three/three.module.min.js").status_code == 200


def test_parameter_edit_on_each_back_end(client: TestClient, backend: str) -> None:
    """The edited plan travels in the job ticket, so a Celery worker on another machine builds it the same way."""
    created = client.post("/api/v1/design", json={"prompt": PLATE, "formats": ["step"]}).json()["request_id"]
    assert wait_status(client.get, created)["status"] == "succeeded"
    res = client.post(f"/api/v1/design/{created}/parameters", json={"values": {"plate_width": 60}})
    assert res.status_code == 202, res.text
    done = wait_status(client.get, created)
    assert done["version"] == 2 and done["status"] == "succeeded", done["error"]
    assert done["geometry"]["bbox"] == pytest.approx([90, 60, 8], abs=0.01)


def test_ready_tells_operators_about_the_language_model(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY", "OLLAMA_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    assert api.get("/ready").json()["checks"]["language_model"] == {"ok": True}  # anonymous: no detail
    model = api.app.state.service.health()["language_model"]  # what READY_DETAIL / authenticated callers see
    assert model["ok"] is True and model["configured"] is False and "OPENAI_API_KEY" in model["note"]
