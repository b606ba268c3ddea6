"""The preview mesh from the sandbox is untrusted: crafted files are refused, and through the real render process a
bad file or a dead renderer ends in a reported preview failure, never an exception in the design."""

from __future__ import annotations

import io
import signal
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ai_designer.core.errors import ExportError
from ai_designer.core.settings import Settings
from ai_designer.freecad import preview_mesh
from ai_designer.freecad.preview import _read_png
from ai_designer.freecad.preview_mesh import load_preview_mesh, save_preview_mesh
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


def _craft(path: Path, vertices: object = BOX_V, faces: object = BOX_F, points: object = None,
           offsets: object = None, counts: tuple[int, ...] | None = None, magic: bytes = b"AIDMESH1") -> Path:
    """A preview mesh file written by hand, with whatever lies the test wants in it."""
    v, f = np.asarray(vertices, dtype="<f8"), np.asarray(faces, dtype="<i8")
    p = np.zeros((0, 3)) if points is None else np.asarray(points, dtype="<f8")
    o = np.zeros(1, dtype="<i8") if offsets is None else np.asarray(offsets, dtype="<i8")
    header = struct.pack("<8s4Q", magic, *(counts or (len(v), len(f), len(p), len(o) - 1)))
    path.write_bytes(header + v.tobytes() + f.tobytes() + p.tobytes() + o.tobytes())
    return path


def test_a_saved_mesh_loads_back(tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.mesh", BOX_V, BOX_F, BOX_EDGES)
    vertices, faces, lines = load_preview_mesh(tmp_path / "m.mesh")
    assert np.array_equal(vertices, BOX_V) and np.array_equal(faces, BOX_F)
    assert len(lines) == 12 and all(line.shape == (2, 3) for line in lines)
    assert load_preview_mesh(_craft(tmp_path / "hand.mesh"))[1].shape == (12, 3)  # the crafting itself is right


@pytest.mark.parametrize(("change", "why"), [
    ({"faces": [[0, 1, 99]]}, "does not exist"),
    ({"faces": [[0, -1, 2]]}, "does not exist"),
    ({"vertices": np.full((8, 3), np.nan)}, "not finite"),
    ({"points": [[0, 0, np.inf], [1, 1, 1]], "offsets": [0, 2]}, "not finite"),
    ({"points": [[0, 0, 0], [1, 1, 1]], "offsets": [0, 5]}, "inconsistent"),
    ({"points": [[0, 0, 0], [1, 1, 1]], "offsets": [0, 2, 1, 2]}, "inconsistent"),
    ({"counts": (8, 12, 0, 1)}, "do not hold"),  # one polyline announced, none written
    ({"counts": (1 << 40, 12, 0, 0)}, "do not hold"),  # a huge count in a small file: nothing is allocated
    ({"magic": b"PK\x03\x04xxxx"}, "not a preview mesh"),
])
def test_crafted_meshes_are_refused(tmp_path: Path, change: dict[str, Any], why: str) -> None:
    with pytest.raises(ExportError, match=why):
        load_preview_mesh(_craft(tmp_path / "bad.mesh", **change))


def test_a_truncated_or_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _craft(tmp_path / "cut.mesh")
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(ExportError, match="do not hold"):
        load_preview_mesh(path)
    monkeypatch.setattr(preview_mesh, "MAX_BYTES", 100)  # the reader stops at the limit, whatever the file says
    with pytest.raises(ExportError, match="larger than 100 bytes"):
        load_preview_mesh(_craft(tmp_path / "big.mesh"))


def test_the_render_process_makes_a_png_of_the_part_with_its_edges(renderer: PreviewRenderer,
                                                                  tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.mesh", BOX_V, BOX_F, BOX_EDGES)
    outcome = renderer.submit(tmp_path / "m.mesh", {"png": tmp_path / "out" / "box.png",
                                                   "glb": tmp_path / "out" / "box.glb"}).wait(60)
    assert outcome.error is None and set(outcome.files) == {"png", "glb"}
    pixels = _read_png(Path(outcome.files["png"]))
    assert pixels.shape == (600, 800, 3)
    part = (pixels < 250).any(axis=2)
    assert 0.1 < part.mean() < 0.9
    assert (pixels.max(axis=2) < 90).sum() > 500  # the box's edges, dark
    assert Path(outcome.files["glb"]).read_bytes()[:4] == b"glTF"
    assert not (tmp_path / "m.mesh").exists() and list(renderer.home.iterdir()) == [renderer.home / "render.log"]


def test_a_bad_mesh_or_a_dead_renderer_is_a_reported_failure(renderer: PreviewRenderer, tmp_path: Path) -> None:
    bad = _craft(tmp_path / "bad.mesh", faces=[[0, 1, 99]])
    outcome = renderer.submit(bad, {"png": tmp_path / "bad.png"}).wait(60)
    assert outcome.files == {} and outcome.error and outcome.error["code"] == "preview_failed"
    assert "does not exist" in outcome.error["message"] and not (tmp_path / "bad.png").exists()
    child = next(iter(renderer._children))
    child.proc.send_signal(signal.SIGSTOP)  # frozen, so it dies with the request in its pipe, not before
    save_preview_mesh(tmp_path / "m.mesh", BOX_V, BOX_F, BOX_EDGES)
    pending = renderer.submit(tmp_path / "m.mesh", {"png": tmp_path / "box.png"})
    child.proc.kill()
    dead = pending.wait(60)
    assert dead.error and dead.error["code"] == "preview_failed" and "died" in dead.error["message"]
    assert not (tmp_path / "box.png").exists()
    save_preview_mesh(tmp_path / "m2.mesh", BOX_V, BOX_F, BOX_EDGES)
    again = renderer.submit(tmp_path / "m2.mesh", {"png": tmp_path / "box.png"}).wait(60)  # a new process serves
    assert again.error is None and (tmp_path / "box.png").is_file()


def test_then_calls_back_once_with_the_outcome(renderer: PreviewRenderer, tmp_path: Path) -> None:
    save_preview_mesh(tmp_path / "m.mesh", BOX_V, BOX_F, BOX_EDGES)
    pending = renderer.submit(tmp_path / "m.mesh", {"png": tmp_path / "box.png"})
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
