"""Shaded isometric PNG preview of a mesh, rendered headless (pyrender on EGL, no display, no FreeCAD GUI).

Called inside a warm worker by ``export.py`` only when ``png`` is requested: importing pyrender costs ≈ 1 s once per
worker, a render 0.05–0.3 s. The view matches FreeCAD's isometric view (looking from +X, −Y, +Z with Z up), with an
orthographic camera fitted to the part's bounding sphere, flat shading (CAD faces, not smoothed blobs) and a white
background. ``PYOPENGL_PLATFORM`` must be ``egl`` before pyrender is imported; the worker environment sets it.

If EGL is missing on a machine, Debian needs ``libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1 libopengl0`` (they come
with ``freecad-python3``); the error raised then says so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExportError

__all__ = ["render_png", "DEFAULT_SIZE"]

DEFAULT_SIZE = (800, 600)
_EGL_PACKAGES = "libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1 libopengl0"
_RENDERERS: dict[tuple[int, int], Any] = {}  # one offscreen GL context per size, kept for the worker's lifetime


def _look_at(eye: Any, target: Any, up: Any) -> Any:
    import numpy as np

    forward = target - eye
    forward = forward / np.linalg.norm(forward)
    right = np.cross(forward, up)
    right = right / np.linalg.norm(right)
    true_up = np.cross(right, forward)
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = right, true_up, -forward, eye
    return pose


def _renderer(size: tuple[int, int]) -> Any:
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
    try:
        import pyrender

        if size not in _RENDERERS:
            _RENDERERS[size] = pyrender.OffscreenRenderer(viewport_width=size[0], viewport_height=size[1])
    except Exception as exc:  # noqa: BLE001 - missing GL libraries surface as many exception types
        raise ExportError(
            f"the PNG preview needs pyrender with EGL ({type(exc).__name__}: {exc}). Install pyrender into the "
            f"environment and, on Debian/Ubuntu, `apt-get install {_EGL_PACKAGES}`; or leave png out of the "
            "formats.") from exc
    return _RENDERERS[size]


def render_png(arrays: tuple[Any, Any], path: Path, size: tuple[int, int] = DEFAULT_SIZE) -> None:
    """Render ``(vertices, faces)`` to ``path`` and check the image (right size, not blank)."""
    import numpy as np
    import trimesh
    from PIL import Image

    vertices, faces = arrays
    if len(faces) == 0:
        raise ExportError("cannot render a preview of an empty mesh.")
    renderer = _renderer(size)
    import pyrender

    tm = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
    material = pyrender.MetallicRoughnessMaterial(baseColorFactor=(0.56, 0.64, 0.76, 1.0), metallicFactor=0.1,
                                                  roughnessFactor=0.7)
    scene = pyrender.Scene(bg_color=(1.0, 1.0, 1.0, 1.0), ambient_light=(0.25, 0.25, 0.25))
    scene.add(pyrender.Mesh.from_trimesh(tm, material=material, smooth=False))
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    center = (lo + hi) / 2.0
    radius = max(float(np.linalg.norm(hi - lo)) / 2.0, 1e-3)
    direction = np.array([1.0, -1.0, 1.0]) / np.sqrt(3.0)
    eye = center + direction * radius * 4.0
    pose = _look_at(eye, center, np.array([0.0, 0.0, 1.0]))
    aspect = size[0] / size[1]
    camera = pyrender.OrthographicCamera(xmag=radius * 1.05 * aspect, ymag=radius * 1.05, znear=radius * 0.5,
                                         zfar=radius * 8.0)
    scene.add(camera, pose=pose)
    scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=2.5), pose=pose)
    key = _look_at(center + np.array([0.3, -1.0, 0.8]) * radius * 4.0, center, np.array([0.0, 0.0, 1.0]))
    scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=1.5), pose=key)
    color, _ = renderer.render(scene)
    image = Image.fromarray(color)
    image.save(path, format="PNG")
    with Image.open(path) as back:
        pixels = np.asarray(back.convert("L"))
        if back.size != size or float(pixels.std()) < 1.0:
            raise ExportError(f"the PNG preview {path.name} came out blank or the wrong size ({back.size}); "
                              "check the EGL/Mesa installation or leave png out of the formats.")
