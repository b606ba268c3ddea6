"""The preview mesh from the sandbox is untrusted: crafted files are refused, and through the real render process a
bad file or a dead renderer ends in a reported preview failure, never an exception in the design."""

from __future__ import annotations

import io
import signal
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ai_designer.core.errors import ExportError
from ai_designer.core.settings import Settings
from ai_designer.freecad.preview import _read_png
from ai_designer.freecad.preview_mesh import MAX_BYTES, load_preview_mesh, save_preview_mesh
from ai_designer.freecad.preview_pool import PreviewRenderer

# a 20 × 10 × 5 mm box: 8 corners, 12 outward triangles, its 12 edges as polylines
BOX_V = np.array([(x, y, z) for z in (0, 5) for y in (0, 10) for x in (0, 20)], dtype=float)
BOX_F = np.array([(0, 2, 1), (1, 2, 3), (4, 5, 6), (5, 7, 6), (0, 1, 4), (1, 5, 4), (2, 6, 3), (3, 6, 7),
                  (0, 4, 2), (2, 4, 6), (1, 3, 5), (3, 7, 5)])
BOX_EDGES = [[BOX_V[a].tolist(), BOX_V[b].tolist()] for a, b in
             ((0, 1), (2, 3), (4, 5), (6, 7), (0, 2), (1, 3), (4, 6), (5, 7), (0, 4), (1, 5), (2, 6), (3, 7))]


@pytest.fixture
def renderer(tmp_path: Path) -> Iterator[PreviewRenderer]:
    r = PreviewRenderer(Settings(AI_DESIGNER_HOME=str(tmp_path / "home")))  # type: ignore[call-arg]
    yield r
    r.close()


def _npz(path: Path, **arrays: object) -> Path:
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]
    return path


def test_a_saved_mesh_loads_back(tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.npz", BOX_V, BOX_F, BOX_EDGES)
    vertices, faces, lines = load_preview_mesh(tmp_path / "m.npz")
    assert np.array_equal(vertices, BOX_V) and np.array_equal(faces, BOX_F)
    assert len(lines) == 12 and all(line.shape == (2, 3) for line in lines)


GOOD = {"vertices": BOX_V, "faces": BOX_F, "line_points": np.zeros((0, 3)), "line_offsets": np.zeros(1, dtype=np.int64)}


@pytest.mark.parametrize(("change", "why"), [
    ({"faces": np.array([[0, 1, 99]])}, "does not exist"),
    ({"faces": np.array([[0, -1, 2]])}, "does not exist"),
    ({"vertices": np.full((8, 3), np.nan)}, "not finite"),
    ({"faces": BOX_F.astype(np.float64)}, "faces is float64"),
    ({"extra": np.zeros(3)}, "unexpected arrays"),
    ({"line_offsets": np.array([0, 5], dtype=np.int64)}, "inconsistent"),
    ({"vertices": np.array([object()] * 3, dtype=object)}, "unreadable"),  # a pickle: never loaded
])
def test_crafted_meshes_are_refused(tmp_path: Path, change: dict[str, object], why: str) -> None:
    path = _npz(tmp_path / "bad.npz", **{**GOOD, **change})
    with pytest.raises(ExportError, match=why):
        load_preview_mesh(path)


def test_a_mesh_that_unpacks_to_gigabytes_is_refused_before_loading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.npz"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("vertices.npy", "w", force_zip64=True) as member:
        for _ in range(MAX_BYTES // len(chunk) + 1):
            member.write(chunk)
    with pytest.raises(ExportError, match="unpacks to"):
        load_preview_mesh(path)
    assert path.stat().st_size < 4 * 1024 * 1024


def test_the_render_process_makes_a_png_of_the_part_with_its_edges(renderer: PreviewRenderer,
                                                                  tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.npz", BOX_V, BOX_F, BOX_EDGES)
    outcome = renderer.submit(tmp_path / "m.npz", {"png": tmp_path / "out" / "box.png",
                                                   "glb": tmp_path / "out" / "box.glb"}).wait(60)
    assert outcome.error is None and set(outcome.files) == {"png", "glb"}
    pixels = _read_png(Path(outcome.files["png"]))
    assert pixels.shape == (600, 800, 3)
    part = (pixels < 250).any(axis=2)
    assert 0.1 < part.mean() < 0.9
    assert (pixels.max(axis=2) < 90).sum() > 500  # the box's edges, dark
    assert Path(outcome.files["glb"]).read_bytes()[:4] == b"glTF"
    assert not (tmp_path / "m.npz").exists() and list(renderer.home.iterdir()) == [renderer.home / "render.log"]


def test_a_bad_mesh_or_a_dead_renderer_is_a_reported_failure(renderer: PreviewRenderer, tmp_path: Path) -> None:
    bad = _npz(tmp_path / "bad.npz", **{**GOOD, "faces": np.array([[0, 1, 99]])})
    outcome = renderer.submit(bad, {"png": tmp_path / "bad.png"}).wait(60)
    assert outcome.files == {} and outcome.error and outcome.error["code"] == "preview_failed"
    assert "does not exist" in outcome.error["message"] and not (tmp_path / "bad.png").exists()
    child = next(iter(renderer._children))
    child.proc.send_signal(signal.SIGSTOP)  # frozen, so it dies with the request in its pipe, not before
    save_preview_mesh(tmp_path / "m.npz", BOX_V, BOX_F, BOX_EDGES)
    pending = renderer.submit(tmp_path / "m.npz", {"png": tmp_path / "box.png"})
    child.proc.kill()
    dead = pending.wait(60)
    assert dead.error and dead.error["code"] == "preview_failed" and "died" in dead.error["message"]
    assert not (tmp_path / "box.png").exists()
    save_preview_mesh(tmp_path / "m2.npz", BOX_V, BOX_F, BOX_EDGES)
    again = renderer.submit(tmp_path / "m2.npz", {"png": tmp_path / "box.png"}).wait(60)  # a new process serves
    assert again.error is None and (tmp_path / "box.png").is_file()


def test_then_calls_back_once_with_the_outcome(renderer: PreviewRenderer, tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.npz", BOX_V, BOX_F, BOX_EDGES)
    pending = renderer.submit(tmp_path / "m.npz", {"png": tmp_path / "box.png"})
    seen = []
    pending.then(seen.append)
    waited = pending.wait(60)
    pending.then(seen.append)  # already done: called at once, with the same outcome
    for _ in range(500):  # the first call comes from the render thread, just after the result is set
        if len(seen) == 2:
            break
        time.sleep(0.01)
    assert seen == [waited, waited] and waited.files == {"png": str((tmp_path / "box.png").resolve())}
    assert io.BytesIO((tmp_path / "box.png").read_bytes()).read(8) == b"\x89PNG\r\n\x1a\n"
