"""The software preview renderer on real FreeCAD parts: what is hidden stays hidden, what is visible is drawn.

Parts are built with FreeCAD's Part API in this process and tessellated by the same code the workers use; pixels
are checked at the projections of known 3D points (faces seen through holes, a tray's floor, hidden box edges).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from ai_designer.core.errors import ExportError
from ai_designer.freecad import preview

SIZE = (800, 600)


def _part(shape: Any) -> tuple[tuple[Any, Any], list[Any]]:
    from ai_designer.freecad.export import edge_polylines, mesh_arrays, tessellate

    return mesh_arrays(tessellate(shape)), edge_polylines(shape)


def _render(shape: Any, path: Path, size: tuple[int, int] = SIZE) -> tuple[np.ndarray, Any]:
    arrays, lines = _part(shape)
    preview.render_png(arrays, path, size, lines=lines)
    with Image.open(path) as image:
        assert image.size == size
        pixels = np.asarray(image.convert("RGB")).astype(int)
    project = preview._projector(np, arrays[0], size[0], size[1])  # the renderer's own camera, at output size
    return pixels, project


def _at(pixels: np.ndarray, project: Any, point: tuple[float, float, float], radius: int = 1) -> np.ndarray:
    """The pixels around the projection of ``point`` (a (2r+1)² × 3 block)."""
    x, y, _ = project(np.array([point], dtype=float))[0]
    col, row = int(x), int(y)
    return pixels[row - radius:row + radius + 1, col - radius:col + radius + 1].reshape(-1, 3)


def _shade_of(normal: tuple[float, float, float]) -> np.ndarray:
    index = int(preview._shade(np, np.array([normal], dtype=float))[0])
    return np.array(preview._palette()[3 * index:3 * index + 3])


def _is_white(block: np.ndarray) -> bool:
    return bool((block >= 250).all())


def _is_edge(block: np.ndarray) -> np.ndarray:
    return (np.abs(block - np.array(preview._EDGE_RGB)) < 40).all(axis=1)


def test_plate_with_four_holes(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part
    from FreeCAD import Vector

    plate = Part.makeBox(90, 70, 8)
    for x, y in ((8, 8), (82, 8), (8, 62), (82, 62)):
        plate = plate.cut(Part.makeCylinder(2.75, 8, Vector(x, y, 0)))
    pixels, project = _render(plate, tmp_path / "plate.png")
    top = _shade_of((0, 0, 1))
    assert np.abs(_at(pixels, project, (45, 35, 8), 2) - top).max() <= 3  # the top face, in its shade
    for x, y in ((8, 8), (82, 8), (8, 62), (82, 62)):
        # a 5.5 mm hole through 8 mm cannot be seen through at 54.7° from vertical: at its centre the far wall
        # shows, darker than the top face around it
        hole = _at(pixels, project, (x, y, 8), 0)[0]
        assert not _is_white(hole[None]) and hole.sum() < top.sum() - 30, (x, y, hole)
    background = (pixels.min(axis=2) >= 250).mean()
    assert 0.2 < background < 0.9


def test_flange_bore_is_seen_through(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part
    from FreeCAD import Vector

    flange = Part.makeCylinder(60, 12).cut(Part.makeCylinder(20, 12))
    for k in range(8):
        a = 2 * math.pi * k / 8
        flange = flange.cut(Part.makeCylinder(4.5, 12, Vector(45 * math.cos(a), 45 * math.sin(a), 0)))
    flange = flange.makeFillet(2, [e for e in flange.Edges if e.BoundBox.ZMin > 11.9 and e.BoundBox.XLength > 100])
    assert flange.isValid()
    pixels, project = _render(flange, tmp_path / "flange.png")
    assert _is_white(_at(pixels, project, (0, 0, 6), 3))  # 40 mm bore through 12 mm: the background shows
    assert not _is_white(_at(pixels, project, (-14.1, 14.1, 8), 0))  # … while its far wall shows above the opening
    assert not _is_white(_at(pixels, project, (52, 0, 12), 2))  # the ring between the holes and the rim
    assert _is_edge(_at(pixels, project, (0, -20, 12), 1)).any()  # the bore's near rim is drawn as an edge


def test_open_tray_shows_its_floor_and_hides_its_back_edges(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part
    from FreeCAD import Vector

    tray = Part.makeBox(100, 60, 30).cut(Part.makeBox(94, 54, 27, Vector(3, 3, 3)))
    pixels, project = _render(tray, tmp_path / "tray.png")
    top = _shade_of((0, 0, 1))
    assert np.abs(_at(pixels, project, (40, 40, 3), 2) - top).max() <= 3  # the floor, seen over the near walls
    assert np.abs(_at(pixels, project, (50, 1.5, 30), 0) - top).max() <= 3  # the rim of the front wall
    # behind the outer back wall (normal +y, culled) the inner back wall (normal −y) is what shows
    assert np.abs(_at(pixels, project, (50, 60, 15), 2) - _shade_of((0, -1, 0))).max() <= 3


def test_box_hides_its_back_edges(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part

    pixels, project = _render(Part.makeBox(100, 60, 30), tmp_path / "box.png")
    # the three edges that meet at the hidden corner (0, 60, 0) lie behind the box: faces there, no edge pixels
    for point in ((0, 60, 15), (50, 60, 0), (0, 20, 0)):
        block = _at(pixels, project, point, 2)
        assert not _is_white(block) and not _is_edge(block).any(), point
    assert _is_edge(_at(pixels, project, (100, 0, 15), 1)).any()  # the near vertical edge is drawn


def test_gear_renders_with_its_teeth(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part
    from FreeCAD import Vector

    teeth, root, tip = 24, 22.0, 26.0
    points = []
    for k in range(teeth):
        a = 2 * math.pi * k / teeth
        for da, r in ((-0.09, root), (-0.04, tip), (0.04, tip), (0.09, root)):
            points.append(Vector(r * math.cos(a + da), r * math.sin(a + da), 0))
    face = Part.Face(Part.makePolygon([*points, points[0]]))
    gear = face.extrude(Vector(0, 0, 10)).cut(Part.makeCylinder(4, 10))
    assert gear.isValid()
    pixels, project = _render(gear, tmp_path / "gear.png")
    back = 2 * math.pi * 9 / teeth  # a tooth on the far side (135°): behind it and its gaps there is only background
    gap = back + math.pi / teeth
    assert not _is_white(_at(pixels, project, (25.5 * math.cos(back), 25.5 * math.sin(back), 10), 0))
    assert _is_white(_at(pixels, project, (25.5 * math.cos(gap), 25.5 * math.sin(gap), 10), 0))
    assert not _is_white(_at(pixels, project, (0, 0, 5), 0))  # an 8 mm bore through 10 mm shows its wall
    assert _is_edge(pixels.reshape(-1, 3)).mean() > 0.005  # the teeth's edges are drawn


def test_size_contract_and_errors(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part

    arrays, _ = _part(Part.makeBox(10, 20, 30))
    preview.render_png(arrays, tmp_path / "small.png", (320, 200))  # mesh creases stand in for the CAD edges
    with Image.open(tmp_path / "small.png") as image:
        assert image.size == (320, 200)
        assert np.asarray(image.convert("L")).std() > 10
    with pytest.raises(ExportError, match="empty mesh"):
        preview.render_png((np.zeros((0, 3)), np.zeros((0, 3), dtype=int)), tmp_path / "empty.png")
    vertices = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=float)
    with pytest.raises(ExportError, match="towards the viewer"):
        preview.render_png((vertices, np.array([[0, 2, 1]])), tmp_path / "away.png")  # one face, facing down


def test_many_triangles_use_wide_keys(tmp_path: Path) -> None:
    """Past 16 k front triangles the z-buffer keys widen to int64; a fine UV sphere still renders as a disc."""
    rings, segments = 160, 320
    theta = np.linspace(0, np.pi, rings + 1)[:, None]
    phi = np.linspace(0, 2 * np.pi, segments, endpoint=False)[None, :]
    vertices = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi),
                         np.cos(theta) * np.ones_like(phi)], axis=-1).reshape(-1, 3) * 10.0
    i, j = np.meshgrid(np.arange(rings), np.arange(segments), indexing="ij")
    a, b = i * segments + j, i * segments + (j + 1) % segments
    c, d = a + segments, b + segments
    faces = np.concatenate([np.stack([a, c, b], -1).reshape(-1, 3), np.stack([b, c, d], -1).reshape(-1, 3)])
    assert preview._key_layout(np, len(faces) // 2)[2] is np.int64
    preview.render_png((vertices, faces), tmp_path / "sphere.png", (400, 400))
    with Image.open(tmp_path / "sphere.png") as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    part = pixels.min(axis=2) < 250
    assert part.mean() == pytest.approx(math.pi * (0.42**2), abs=0.02)  # a disc filling the fit (margin 8 %)
    assert part[200, 200] and not part[5, 5]


def test_render_path_needs_no_gl_and_no_pillow(tmp_path: Path) -> None:
    """A fresh interpreter renders with numpy alone: no pyrender/OpenGL/EGL, not even Pillow."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from pathlib import Path\n"
        "from ai_designer.freecad.preview import render_png\n"
        "v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)\n"
        "f = np.array([[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])\n"
        f"render_png((v, f), Path({str(tmp_path / 'tet.png')!r}), (200, 150))\n"
        "print(sorted(m for m in ('pyrender', 'OpenGL', 'PIL', 'trimesh') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    with Image.open(tmp_path / "tet.png") as image:
        assert image.size == (200, 150)
