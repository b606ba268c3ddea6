"""The preview mesh file: what a FreeCAD worker hands over so that the PNG and GLB are made outside it.

The worker tessellates the part once (the STL uses the same mesh) and writes ``vertices`` (N×3 float64, mm),
``faces`` (M×3 int64 vertex ids) and the B-rep edges as polylines (``line_points`` P×3 float64 and
``line_offsets``: L+1 int64 offsets into them) in one uncompressed ``.npz``. The file comes out of the sandbox, so it
is untrusted: :func:`load_preview_mesh` reads it with ``allow_pickle=False`` (no code, only arrays), refuses anything
but those four arrays with those dtypes and shapes, bounds their sizes, and checks that every vertex is finite and
every index in range — a crafted file can make a render fail, never make it read memory it should not or run code.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExportError

__all__ = ["save_preview_mesh", "load_preview_mesh", "PreviewMesh", "MESH_SUFFIX", "MAX_FACES", "MAX_POINTS"]

MESH_SUFFIX = ".preview.npz"
MAX_FACES = 8_000_000  # ~20× a 24-tooth gear's mesh; beyond it a preview is not worth the memory
MAX_POINTS = 8_000_000
MAX_BYTES = 512 * 1024 * 1024  # unpacked size of all arrays: a small deflated member must not unpack to gigabytes
_KEYS = {"vertices", "faces", "line_points", "line_offsets"}
PreviewMesh = tuple[Any, Any, list[Any]]  # (vertices N×3, faces M×3, polylines: list of K×3 arrays)


def save_preview_mesh(path: Path, vertices: Any, faces: Any, lines: list[list[tuple[float, float, float]]]) -> None:
    """Write the mesh and edge polylines (runs in the FreeCAD worker)."""
    import numpy as np

    chains = [np.asarray(line, dtype=np.float64).reshape(-1, 3) for line in lines]
    counts = [len(c) for c in chains]
    offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
    points = np.concatenate(chains) if chains else np.zeros((0, 3))
    with open(path, "wb") as fh:
        np.savez(fh, vertices=np.asarray(vertices, dtype=np.float64).reshape(-1, 3),
                 faces=np.asarray(faces, dtype=np.int64).reshape(-1, 3), line_points=points, line_offsets=offsets)


def _refuse(path: Path, why: str) -> ExportError:
    return ExportError(f"the preview mesh {path.name} from the FreeCAD worker was refused: {why}. The model files "
                       "are fine; report this with the request id.", details={"format": "preview"})


def load_preview_mesh(path: Path) -> PreviewMesh:
    """Read and check a file written by :func:`save_preview_mesh` (the caller does not trust it)."""
    import numpy as np

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_BYTES:
            raise _refuse(path, f"it unpacks to {unpacked} bytes (limit {MAX_BYTES})")
        with np.load(path, allow_pickle=False) as data:
            if set(data.files) != _KEYS:
                raise _refuse(path, f"unexpected arrays {sorted(data.files)}")
            arrays = {key: data[key] for key in _KEYS}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise _refuse(path, f"unreadable ({type(exc).__name__}: {exc})") from exc
    vertices, faces = arrays["vertices"], arrays["faces"]
    points, offsets = arrays["line_points"], arrays["line_offsets"]
    for key, array, dtype, width in (("vertices", vertices, np.float64, 3), ("faces", faces, np.int64, 3),
                                     ("line_points", points, np.float64, 3), ("line_offsets", offsets, np.int64, 0)):
        if array.dtype != dtype or array.ndim != (2 if width else 1) or (width and array.shape[1] != width):
            raise _refuse(path, f"{key} is {array.dtype} {array.shape}")
    if len(faces) > MAX_FACES or len(vertices) > MAX_POINTS or len(points) > MAX_POINTS or len(offsets) > MAX_POINTS:
        raise _refuse(path, f"{len(faces)} faces / {len(vertices)} vertices / {len(points)} edge points is over the "
                      f"preview limit ({MAX_FACES} / {MAX_POINTS})")
    if not (np.isfinite(vertices).all() and np.isfinite(points).all()):
        raise _refuse(path, "a coordinate is not finite")
    if len(faces) and (faces.min() < 0 or faces.max() >= len(vertices)):
        raise _refuse(path, "a face refers to a vertex that does not exist")
    if len(offsets) == 0 or offsets[0] != 0 or offsets[-1] != len(points) or (np.diff(offsets) < 0).any():
        raise _refuse(path, "the edge polylines are inconsistent")
    lines = [points[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]
    return vertices, faces, lines
