"""The browser UI in real Chromium (Debian's, driven by Playwright) against a real uvicorn + the real engine.

Each state a user sees is saved as a screenshot in the test's tmp dir (set ``AI_DESIGNER_SCREENSHOTS=DIR`` to keep
copies) so a person can look at it: the result, a version page after reload, a parameter rebuild, a failed refine
beside the last good model, an error with its examples, and the phone layout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from svc_helpers import REPO, RenderFreezer, UvicornServer, child_env, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader"]
PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    srv = UvicornServer(tmp_path_factory.mktemp("ui") / "home", JOB_BACKEND="local").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def _page(browser: Any, **context: Any) -> Any:
    ctx = browser.new_context(accept_downloads=True, **context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = _page(browser, viewport={"width": 1200, "height": 1000})
    yield page
    page.context.close()


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    shot = tmp_path / f"ui-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000
    keep = os.environ.get("AI_DESIGNER_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def _step_bbox(path: Path, tmp_path: Path) -> list[float]:
    """Read the STEP back with real FreeCAD in a child process: its exact sorted extents."""
    code = ("import json, sys; from pathlib import Path; from ai_designer.freecad.locate import import_freecad;"
            "import_freecad(Path(sys.argv[2])); import Part; s = Part.read(sys.argv[1]); b = s.BoundBox;"
            "print(json.dumps([b.XLength, b.YLength, b.ZLength]))")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "fc")], env=child_env(),
                         capture_output=True, text=True, timeout=120, check=True, cwd=REPO)
    return [round(v, 3) for v in json.loads(out.stdout.strip().splitlines()[-1])]


def _download(page: Any, fmt: str, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.click(f"#downloads a[data-format={fmt}]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    return saved


def test_versions_links_parameters_and_a_failed_refine(server: UvicornServer, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(server.url + "/")
    expect(page).to_have_title("ai-designer")
    page.fill("#prompt", PLATE)
    page.press("#prompt", "Control+Enter")  # keyboard submit
    expect(page.locator("#result")).to_be_visible(timeout=120_000)
    expect(page).to_have_url(re.compile(r"/d/[0-9a-f]+/v/1$"))
    design_url = page.url
    assert "90 × 70 × 8" in page.locator("#geometry").inner_text()
    assert page.locator("#plan li").first.inner_text() == "Box 90 × 70 × 8 mm"
    expect(page.locator("#downloads a[data-format=png]")).to_be_visible(timeout=60_000)  # after the model files
    assert set(page.locator("#downloads a").all_inner_texts()) == {"FCSTD", "STEP", "STL", "GLB", "OBJ", "PNG"}
    assert _download(page, "glb", tmp_path).read_bytes()[:4] == b"glTF"
    step = _download(page, "step", tmp_path)
    assert step.name == "plate-v1.step" and step.read_bytes().startswith(b"ISO-10303-21")
    page.wait_for_function("document.querySelector('#viewer canvas') && "
                           "document.getElementById('preview').naturalWidth > 0")
    _shot(page, tmp_path, "result")

    page.fill("#refine-prompt", "make it 10 mm thick")
    page.press("#refine-prompt", "Control+Enter")
    expect(page).to_have_url(re.compile(r"/v/2$"), timeout=120_000)
    expect(page.locator("#geometry")).to_contain_text("90 × 70 × 10")

    page.click("#versions a[data-version='1']")  # back to version 1, then reload: the URL keeps it
    expect(page).to_have_url(design_url)
    expect(page.locator("#geometry")).to_contain_text("90 × 70 × 8")
    page.reload()
    expect(page.locator("#geometry")).to_contain_text("90 × 70 × 8", timeout=30_000)
    expect(page.locator("#versions a.current")).to_have_text("v1")
    _shot(page, tmp_path, "version-1-after-reload")

    page.fill("#params input[name=plate_length]", "120")  # a rebuild of version 1's plan: no language model
    page.click("#rebuild")
    expect(page).to_have_url(re.compile(r"/v/3$"), timeout=120_000)
    expect(page.locator("#geometry")).to_contain_text("120 × 70 × 8")
    assert _step_bbox(_download(page, "step", tmp_path), tmp_path) == [120.0, 70.0, 8.0]
    assert page.locator("#params input[name=plate_length]").input_value() == "120"
    _shot(page, tmp_path, "parameter-rebuild")

    page.select_option("#compare", "1")  # v3 against v1: sizes side by side, v1 see-through in the viewer
    expect(page.locator("#compare-table")).to_contain_text("120 × 70 × 8")
    expect(page.locator("#compare-table")).to_contain_text("90 × 70 × 8")
    page.wait_for_function("window.aiDesigner.viewer.ghostMesh !== null && window.aiDesigner.viewer.ghostMesh "
                           "!== undefined")
    _shot(page, tmp_path, "compare")
    target = "window.aiDesigner.viewer.controls.target.toArray()"
    page.locator("#viewer").scroll_into_view_if_needed()
    box = page.locator("#viewer").bounding_box()
    assert box is not None
    before = page.evaluate(target)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down(button="right")  # pan
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 40, steps=5)
    page.mouse.up(button="right")
    assert page.evaluate(target) != before
    page.click("#reset")
    assert page.evaluate(target) == pytest.approx([0, 0, 4], abs=1e-6)  # framed on the part again
    page.select_option("#compare", "")

    page.fill("#refine-prompt", "add a dragon on top")
    page.click("#refine-form button")
    expect(page).to_have_url(re.compile(r"/v/4$"), timeout=120_000)
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice-text")).to_contain_text("Version 4")
    expect(page.locator("#notice-text")).to_contain_text("showing version 3")
    expect(page.locator("#geometry")).to_contain_text("120 × 70 × 8")  # the last good model stays
    expect(page.locator("#refine-prompt")).to_be_enabled()
    expect(page.locator("#versions a[data-version='4']")).to_have_class(re.compile("rejected"))
    visible = page.locator("body").inner_text()
    assert "OPENAI_API_KEY" not in visible and "AGENT_PLANNER" not in visible, visible
    expect(page.locator("#recent li").first).to_contain_text("v3")
    expect(page.locator("#recent li").first).to_contain_text("latest change rejected")
    _shot(page, tmp_path, "failed-refine-keeps-model")
    assert page.errors == []


def test_the_preview_arrives_after_the_model(server: UvicornServer, page: Any, tmp_path: Path) -> None:
    """The design shows as soon as its model files are verified; the PNG follows on ``preview_ready``. The render
    processes are frozen until the page shows the model, so the order is certain, not timed."""
    from playwright.sync_api import expect

    assert server.proc is not None
    page.goto(server.url + "/")
    with RenderFreezer([server.proc.pid]) as freezer:
        page.fill("#prompt", "a 60 x 40 x 12 mm block with a 10 mm hole through the middle")
        page.click("#submit")
        expect(page.locator("#result")).to_be_visible(timeout=120_000)
        expect(page.locator("#geometry")).to_contain_text("60 × 40 × 12")
        expect(page.locator("#preview-caption")).to_have_text("Preview — rendering…")
        assert "PNG" not in page.locator("#downloads a").all_inner_texts()
        assert page.evaluate("document.getElementById('preview').getAttribute('src')") is None
        assert "STEP" in page.locator("#downloads a").all_inner_texts()
        _shot(page, tmp_path, "preview-pending")
        freezer.thaw()
        expect(page.locator("#downloads a[data-format=png]")).to_be_visible(timeout=60_000)
    expect(page.locator("#preview-caption")).to_have_text("Preview")
    page.wait_for_function("document.getElementById('preview').naturalWidth === 800")
    png = _download(page, "png", tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _shot(page, tmp_path, "preview-arrived")
    assert page.errors == []


def test_errors_for_people(server: UvicornServer, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(server.url + "/")
    page.fill("#prompt", "   ")
    page.click("#submit")
    expect(page.locator("#problem-text")).to_have_text("Describe the part first, with its sizes in mm.")

    page.fill("#prompt", "a bracket")
    page.click("#submit")
    expect(page.locator("#problem-text")).to_contain_text("leg lengths", timeout=60_000)
    assert "did not understand" not in page.locator("#problem-text").inner_text()
    expect(page.locator("#problem-admin-box")).to_be_attached()
    assert "OPENAI_API_KEY" not in page.locator("body").inner_text()
    _shot(page, tmp_path, "error-with-examples")
    page.click("#problem-examples button")  # the corrected example builds
    expect(page.locator("#result")).to_be_visible(timeout=120_000)
    expect(page.locator("#problem")).to_be_hidden()
    assert page.errors == []


def test_phone_width(server: UvicornServer, browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    created = httpx.post(server.url + "/api/v1/design", json={"prompt": PLATE, "formats": ["stl", "png", "step"]})
    design = created.json()["request_id"]
    wait_until(lambda: httpx.get(f"{server.url}/api/v1/design/{design}").json()["status"] == "succeeded", 120,
               "the design")
    page = _page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                 has_touch=True)
    try:
        page.goto(f"{server.url}/d/{design}")
        expect(page.locator("#geometry")).to_contain_text("90 × 70 × 8", timeout=30_000)
        page.wait_for_function("document.querySelector('#viewer canvas')")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        refine = page.locator("#refine-prompt").bounding_box()
        viewer = page.locator("#viewer").bounding_box()
        assert refine is not None and viewer is not None
        assert refine["width"] > 200, refine
        assert 0 <= refine["y"] - (viewer["y"] + viewer["height"]) < 150, (refine, viewer)  # right under the model
        assert page.locator("#viewer canvas").evaluate("c => getComputedStyle(c).touchAction") == "none"
        page.locator("#viewer").scroll_into_view_if_needed()
        viewer = page.locator("#viewer").bounding_box()
        assert viewer is not None
        before = page.evaluate("window.aiDesigner.viewer.camera.position.length()")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.synthesizePinchGesture", {"x": viewer["x"] + viewer["width"] / 2,
                                                  "y": viewer["y"] + viewer["height"] / 2, "scaleFactor": 2.0,
                                                  "gestureSourceType": "touch"})
        assert page.evaluate("window.visualViewport.scale") == 1  # the page did not zoom…
        after = page.evaluate("window.aiDesigner.viewer.camera.position.length()")
        assert after < before * 0.9, (before, after)  # …the model did
        page.click("#fit")
        assert page.evaluate("window.aiDesigner.viewer.camera.position.length()") == pytest.approx(before, rel=0.02)
        _shot(page, tmp_path, "phone")
        assert page.errors == []
    finally:
        page.context.close()


def test_cancel_from_the_browser(server: UvicornServer, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(server.url + "/")
    page.fill("#prompt", "a spur gear with 240 teeth, module 1, 10 mm thick")
    page.click("#submit")
    expect(page.locator("#progress li", has_text="executing")).to_be_visible(timeout=60_000)
    page.click("#cancel")
    expect(page.locator("#progress li.cancelled")).to_be_visible(timeout=30_000)
    expect(page.locator("#problem-text")).to_contain_text("cancelled")
    expect(page.locator("#submit")).to_be_enabled()
    assert page.errors == []
