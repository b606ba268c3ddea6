"""The preview mesh file: what a FreeCAD worker hands over so that the PNG and GLB are made outside it.

The worker tessellates the part once (the STL uses the same mesh) and writes, in one flat little-endian file:
the magic ``AIDMESH1``, four uint64 counts (vertices N, faces M, edge points P, polylines L), then ``vertices``
(N×3 float64, mm), ``faces`` (M×3 int64 vertex ids), the B-rep edges' points (P×3 float64) and ``line_offsets``
(L+1 int64 offsets into those points). No container, no compression: writing it is one ``tobytes`` per array
(an ``.npz`` took 5–10 ms more per flange), and the size of a valid file follows from its counts exactly.

The file comes out of the sandbox, so it is untrusted: :func:`load_preview_mesh` reads no more than
:data:`MAX_BYTES`, refuses a file whose length does not match its counts, and checks that every coordinate is finite,
every face index in range and the polyline offsets ordered — a crafted file can make a render fail, never make it read
memory it should not or run code (nothing is unpickled; arrays are ``np.frombuffer`` views of checked bytes).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExportError

__all__ = ["save_preview_mesh", "load_preview_mesh", "PreviewMesh", "MESH_SUFFIX", "MAX_BYTES"]

MESH_SUFFIX = ".preview.mesh"
MAX_BYTES = 512 * 1024 * 1024  # ~20 M triangles: far past any part worth a preview; the renderer's memory stays bounded
_MAGIC = b"AIDMESH1"
_HEADER = struct.Struct("<8s4Q")
PreviewMesh = tuple[Any, Any, list[Any]]  # (vertices N×3, faces M×3, polylines: list of K×3 arrays)


def save_preview_mesh(path: Path, vertices: Any, faces: Any, lines: list[list[tuple[float, float, float]]]) -> None:
    """Write the mesh and edge polylines (runs in the FreeCAD worker)."""
    import numpy as np

    chains = [np.asarray(line, dtype="<f8").reshape(-1, 3) for line in lines]
    offsets = np.zeros(len(chains) + 1, dtype="<i8")
    np.cumsum([len(c) for c in chains], out=offsets[1:])
    points = np.concatenate(chains) if chains else np.zeros((0, 3), dtype="<f8")
    vertices = np.ascontiguousarray(vertices, dtype="<f8").reshape(-1, 3)
    faces = np.ascontiguousarray(faces, dtype="<i8").reshape(-1, 3)
    with open(path, "wb") as fh:
        fh.write(_HEADER.pack(_MAGIC, len(vertices), len(faces), len(points), len(chains)))
        for array in (vertices, faces, points, offsets):
            fh.write(array.tobytes())


def _refuse(path: Path, why: str) -> ExportError:
    return ExportError(f"the preview mesh {path.name} from the FreeCAD worker was refused: {why}. The model files "
                       "are fine; report this with the request id.", details={"format": "preview"})


def _read(path: Path) -> bytearray:
    try:
        with open(path, "rb") as fh:
            data = bytearray(fh.read(MAX_BYTES + 1))  # writable: the renderer and trimesh get ordinary arrays
    except OSError as exc:
        raise _refuse(path, f"unreadable ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise _refuse(path, f"it is larger than {MAX_BYTES} bytes")
    return data


def load_preview_mesh(path: Path) -> PreviewMesh:
    """Read and check a file written by :func:`save_preview_mesh` (the caller does not trust it)."""
    import numpy as np

    data = _read(path)
    if len(data) < _HEADER.size or data[:8] != _MAGIC:
        raise _refuse(path, "not a preview mesh file")
    _, n_vertices, n_faces, n_points, n_lines = _HEADER.unpack_from(data)
    sizes = (n_vertices * 24, n_faces * 24, n_points * 24, (n_lines + 1) * 8)
    if _HEADER.size + sum(sizes) != len(data):
        raise _refuse(path, f"{len(data)} bytes do not hold {n_vertices} vertices, {n_faces} faces, {n_points} edge "
                      f"points and {n_lines} polylines")
    arrays, at = [], _HEADER.size
    for size, dtype in zip(sizes, ("<f8", "<i8", "<f8", "<i8"), strict=True):
        arrays.append(np.frombuffer(data, dtype=dtype, count=size // 8, offset=at))
        at += size
    vertices, faces, points, offsets = (arrays[0].reshape(-1, 3), arrays[1].reshape(-1, 3), arrays[2].reshape(-1, 3),
                                        arrays[3])
    if not (np.isfinite(vertices).all() and np.isfinite(points).all()):
        raise _refuse(path, "a coordinate is not finite")
    if len(faces) and (faces.min() < 0 or faces.max() >= len(vertices)):
        raise _refuse(path, "a face refers to a vertex that does not exist")
    if offsets[0] != 0 or offsets[-1] != len(points) or (np.diff(offsets) < 0).any():
        raise _refuse(path, "the edge polylines are inconsistent")
    lines = [points[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]
    return vertices, faces, lines
