"""The browser UI in real Chromium (Debian's, driven by Playwright) against a real uvicorn + the real engine.

The test saves a screenshot of the finished page (``ui-result.png`` in the test's tmp dir; set
``AI_DESIGNER_SCREENSHOTS=DIR`` to keep a copy) so a person can look at what a user sees.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from svc_helpers import UvicornServer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[UvicornServer]:
    srv = UvicornServer(tmp_path / "home", JOB_BACKEND="local").start()
    yield srv
    srv.stop()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 1100})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def _keep(shot: Path) -> None:
    keep = os.environ.get("AI_DESIGNER_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def test_design_in_the_browser(server: UvicornServer, page: object, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server.url + "/")
    expect(page).to_have_title("ai-designer")
    page.fill("#prompt", "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes")
    page.click("#submit")
    expect(page.locator("#result")).to_be_visible(timeout=120_000)

    steps = page.locator("#progress li").all_inner_texts()
    assert steps[-1].startswith("succeeded") and any(s.startswith("executing") for s in steps), steps
    geometry = page.locator("#geometry").inner_text()
    assert "49,639" in geometry and "90 × 70 × 8" in geometry, geometry
    assert set(page.locator("#downloads a").all_inner_texts()) == {"FCSTD", "STEP", "STL", "PNG"}
    expect(page.locator("#preview")).to_have_attribute("src", re.compile("^blob:"))
    page.wait_for_function("document.getElementById('preview').naturalWidth > 0")

    with page.expect_download() as download:
        page.click("#downloads a[data-format=step]")
    saved = tmp_path / "download.step"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"ISO-10303-21")

    shot = tmp_path / "ui-result.png"
    page.screenshot(path=str(shot), full_page=True)
    _keep(shot)
    assert shot.stat().st_size > 10_000

    page.fill("#refine-prompt", "make it 10 mm thick")
    page.click("#refine-form button")
    expect(page.locator("#version")).to_have_text("version 2 of 2", timeout=120_000)
    assert "90 × 70 × 10" in page.locator("#geometry").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]


def test_errors_are_shown(server: UvicornServer, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server.url + "/")
    page.fill("#prompt", "a plate -5 mm thick")
    page.click("#submit")
    expect(page.locator("#message.error")).not_to_be_empty(timeout=60_000)
    assert page.locator("#result").is_hidden()


def test_cancel_from_the_browser(server: UvicornServer, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server.url + "/")
    page.fill("#prompt", "a spur gear with 240 teeth, module 1, 10 mm thick")
    page.click("#submit")
    expect(page.locator("#progress li", has_text="executing")).to_be_visible(timeout=60_000)
    page.click("#cancel")
    expect(page.locator("#progress li.cancelled")).to_be_visible(timeout=30_000)
    expect(page.locator("#message.error")).to_contain_text("cancelled")
    expect(page.locator("#submit")).to_be_enabled()
    assert page.errors == []  # type: ignore[attr-defined]
