"""Shaded isometric PNG preview of a mesh: a small software renderer on numpy alone (no GL, no display).

Why not OpenGL: pyrender on EGL cost ≈ 1.4 s per cold process (imports + context) and needed Mesa EGL on every
machine, for a picture that numpy rasterises in tens of milliseconds. The view matches FreeCAD's isometric view
(looking from +X, −Y, +Z with Z up), orthographic, fitted to the part's projected extents, on a white background.

How: back faces are culled (the mesh is a closed solid; a globally inverted mesh is flipped first), the front
triangles are scan-converted into row spans and pixels with vectorised numpy at ``SUPERSAMPLE``× the output size, and
a z-buffer (``np.minimum.at`` on a ``depth << bits | triangle`` key) keeps the nearest triangle per pixel — correct
for holes, pockets and open trays where a painter's sort of long sliver triangles is not. Each triangle is flat-shaded
(Lambert, a key and a fill light plus ambient), so CAD faces read as faces. The part's CAD edges (polylines from the
B-rep, or the mesh's crease edges when none are given) and its outline are drawn in a dark tone where the z-buffer
shows them. A box filter then averages each 2×2 block (antialiasing), and the PNG is written and read
back with ``zlib`` — importing Pillow's PNG plugins would cost more than the whole encode.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExportError

__all__ = ["render_png", "render_rgb", "DEFAULT_SIZE"]

DEFAULT_SIZE = (800, 600)
SUPERSAMPLE = 2  # fixed: the antialiasing box filter averages 2×2 blocks
_ROWS, _CHUNK, _BAND = 1 << 12, 1 << 14, 32  # triangle rows, pixels, image rows per batch: small temporaries
# (a cold process pays mostly for touching fresh memory, so the working set is kept to a few hundred KB)
MARGIN = 0.08  # share of the image left free on each side
CREASE_DEGREES = 30.0
_VIEW = (1.0, -1.0, 1.0)  # towards the viewer: FreeCAD's isometric view
_BASE_RGB = (0.78, 0.84, 0.94)
_EDGE_RGB = (40, 48, 62)
_AMBIENT, _KEY, _FILL = 0.36, 0.50, 0.24
_MAX_LIGHT = 1.25  # brightest shade the palette holds (ambient + both lights, clipped by the colour)
_LEVELS, _EDGE, _BACKGROUND = 252, 253, 255
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_LEVEL = 3  # zlib level: ≈ 5 ms and ≈ 60 KB for 800×600 (level 6: twice the time for 15 % less)  # palette indices: shades 0…252, edge colour, white


def _camera(np: Any) -> tuple[Any, Any, Any]:
    """(right, up, towards-viewer) unit vectors of the isometric view, Z up."""
    view = np.array(_VIEW) / np.linalg.norm(_VIEW)
    right = np.cross(-view, (0.0, 0.0, 1.0))
    right /= np.linalg.norm(right)
    up = np.cross(right, -view)
    return right, up, view


def _projector(np: Any, vertices: Any, width: int, height: int) -> Any:
    """Function mapping N×3 points to screen x, y in pixels (y down) and depth (larger = farther), fitted so that
    ``vertices`` fill the image less ``MARGIN`` on each side."""
    right, up, view = _camera(np)
    sx, sy = vertices @ right, vertices @ up
    lo_x, hi_x, lo_y, hi_y = sx.min(), sx.max(), sy.min(), sy.max()
    scale = min(width * (1 - 2 * MARGIN) / max(hi_x - lo_x, 1e-9), height * (1 - 2 * MARGIN) / max(hi_y - lo_y, 1e-9))
    mid_x, mid_y = (lo_x + hi_x) / 2.0, (lo_y + hi_y) / 2.0

    def project(points: Any) -> Any:
        px = width / 2.0 + (points @ right - mid_x) * scale
        py = height / 2.0 - (points @ up - mid_y) * scale
        return np.stack([px, py, -(points @ view) * scale], axis=1)

    return project


def _expand(np: Any, counts: Any) -> tuple[Any, Any]:
    """For ``counts[k]`` items of row k: (row index of each item, index of the item within its row)."""
    owner = np.repeat(np.arange(len(counts)), counts)
    return owner, np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)


def _batches(np: Any, counts: Any, size: int) -> Any:
    """Consecutive index ranges ``(lo, hi)`` of ``counts`` whose items add up to about ``size`` each."""
    ends = np.cumsum(counts)
    cuts = np.searchsorted(ends, np.arange(size, int(ends[-1]) if len(ends) else 0, size), side="right").tolist()
    return zip([0, *cuts], [*cuts, len(counts)], strict=True)


def _key_layout(np: Any, triangles: int) -> tuple[int, int, Any]:
    """(bits for the triangle id, depth levels, dtype) of a z-buffer key ``depth << bits | id``.

    int32 up to 16 k triangles (≥ 65 k depth levels: a 15 MB buffer instead of 30 MB at 1600×1200, and touching
    memory is what a cold render pays most for), int64 beyond. Ids ``0 … triangles-1`` never reach the empty id
    ``2**bits - 1``, and the empty key (the dtype's maximum) is above every real one."""
    bits = max(1, int(triangles).bit_length())
    dtype = np.int32 if bits <= 14 else np.int64
    return bits, (1 << ((30 if dtype is np.int32 else 62) - bits)) - 2, dtype


def _rasterise(np: Any, screen: Any, tris: Any, width: int, height: int, layout: tuple[int, int, Any]) -> Any:
    """Z-buffer of the triangles ``tris`` (K×3 vertex ids): per pixel ``quantised depth << bits | triangle``.

    Depth is quantised over ``screen``'s depth range into the levels of ``layout`` (see :func:`_key_layout`); an
    empty pixel holds the dtype's maximum. Work goes in batches of rows and of pixels so that numpy's temporaries stay small
    enough to be reused from the heap instead of being mapped (and page-faulted) afresh for every operation."""
    p = screen[tris]  # K×3×3
    x, y, z = p[..., 0], p[..., 1], p[..., 2]
    zmin, zmax = float(screen[:, 2].min()), float(screen[:, 2].max())
    z = (z - zmin) * (layout[1] / max(zmax - zmin, 1e-9))
    denom = (x[:, 1] - x[:, 0]) * (y[:, 2] - y[:, 0]) - (x[:, 2] - x[:, 0]) * (y[:, 1] - y[:, 0])
    flat = np.abs(denom) < 1e-3  # (nearly) edge-on: covers no pixel centre worth a depth
    denom = np.where(flat, 1.0, denom)
    gx = ((z[:, 1] - z[:, 0]) * (y[:, 2] - y[:, 0]) - (z[:, 2] - z[:, 0]) * (y[:, 1] - y[:, 0])) / denom
    gy = ((x[:, 1] - x[:, 0]) * (z[:, 2] - z[:, 0]) - (x[:, 2] - x[:, 0]) * (z[:, 1] - z[:, 0])) / denom
    # vertices by height: rows between the top and the bottom one are bounded by the long edge on one side and by
    # one of the two short edges on the other; an edge's x is computed from its upper end in every triangle that
    # shares it, so neighbours meet without cracks
    order = np.argsort(y, axis=1)
    xs, ys = np.take_along_axis(x, order, axis=1), np.take_along_axis(y, order, axis=1)
    x0, x1, x2, y0, y1, y2 = xs[:, 0], xs[:, 1], xs[:, 2], ys[:, 0], ys[:, 1], ys[:, 2]

    def slope(xa: Any, ya: Any, xb: Any, yb: Any) -> Any:
        return (xb - xa) / np.where(yb > ya, yb - ya, 1.0)

    table = np.stack([x0, y0, x1, y1, slope(x0, y0, x2, y2), slope(x0, y0, x1, y1), slope(x1, y1, x2, y2),
                      np.take_along_axis(z, order, axis=1)[:, 0], gx, gy], axis=1)
    row0 = np.clip(np.ceil(y0 - 0.5), 0, height).astype(np.int64)  # rows whose centre j + 0.5 is in [y0, y2)
    rows = np.where(flat, 0, np.clip(np.ceil(y2 - 0.5), 0, height).astype(np.int64) - row0)
    keys = np.full(width * height, np.iinfo(layout[2]).max, dtype=layout[2])
    for lo, hi in _batches(np, rows, _ROWS):
        _spans(np, keys, table[lo:hi], row0[lo:hi], rows[lo:hi], lo, width, layout)
    return keys


def _spans(np: Any, keys: Any, table: Any, row0: Any, rows: Any, first_id: int, width: int,
           layout: tuple[int, int, Any]) -> None:
    """Scan-convert a batch of triangles (``table`` rows from :func:`_rasterise`) into ``keys``."""
    tri, k = _expand(np, rows)
    x0, y0, x1, y1, s02, s01, s12, z0, gx, gy = table[tri].T
    row = row0[tri] + k
    yc = row + 0.5
    long = x0 + (yc - y0) * s02
    short = np.where(yc < y1, x0 + (yc - y0) * s01, x1 + (yc - y1) * s12)
    col0 = np.clip(np.ceil(np.minimum(long, short) - 0.5), 0, width).astype(np.int64)
    col1 = np.clip(np.ceil(np.maximum(long, short) - 0.5), 0, width).astype(np.int64)
    counts = np.maximum(col1 - col0, 0)
    start = z0 + gy * (yc - y0) + gx * (col0 + 0.5 - x0)  # depth at the span's first pixel centre
    pixel0 = row * width + col0
    tri += first_id
    for lo, hi in _batches(np, counts, _CHUNK):
        _fill(np, keys, counts[lo:hi], start[lo:hi], gx[lo:hi], pixel0[lo:hi], tri[lo:hi], layout)


def _fill(np: Any, keys: Any, counts: Any, start: Any, slope: Any, pixel0: Any, tri: Any,
          layout: tuple[int, int, Any]) -> None:
    """Depth-test the pixels of a batch of spans into ``keys`` (batches keep the temporaries small and reused)."""
    first = np.cumsum(counts) - counts  # fragment n of the span starting at fragment f is column col0 + (n - f)
    n = np.arange(int(counts.sum()), dtype=np.int64)
    depth = np.repeat(start - slope * first, counts)
    depth += np.repeat(slope, counts) * n
    bits, levels, dtype = layout
    np.clip(depth, 0, levels, out=depth)
    key = depth.astype(dtype)
    key <<= bits
    key |= np.repeat(tri.astype(dtype), counts)
    pixel = np.repeat(pixel0 - first, counts)
    pixel += n
    np.minimum.at(keys, pixel, key)


def _shade(np: Any, normals: Any) -> Any:
    """Palette index (0–``_LEVELS``) per unit normal: flat Lambert, ambient + key light (upper left) + fill (right)."""
    right, up, view = _camera(np)
    key = -0.5 * right + 0.6 * up + 0.8 * view
    fill = 0.6 * right - 0.2 * up + 0.8 * view
    key, fill = key / np.linalg.norm(key), fill / np.linalg.norm(fill)
    light = _AMBIENT + _KEY * np.clip(normals @ key, 0, None) + _FILL * np.clip(normals @ fill, 0, None)
    return np.clip(np.rint(light / _MAX_LIGHT * _LEVELS), 0, _LEVELS).astype(np.uint8)


def _palette() -> list[int]:
    """RGB palette: ``_LEVELS + 1`` shades of the base colour, then the edge colour and the white background."""
    shades = [tuple(min(255, round(c * 255 * _MAX_LIGHT * i / _LEVELS)) for c in _BASE_RGB) for i in range(_LEVELS + 1)]
    rows = shades + [_EDGE_RGB] * (_BACKGROUND - _LEVELS - 1) + [(255, 255, 255)]
    return [c for rgb in rows for c in rgb]


def _edges(np: Any, vertices: Any, faces: Any, normals: Any) -> Any:
    """Vertex pairs (E×2) of crease edges (and open borders); vertices are welded by position first."""
    scale = float(np.ptp(vertices, axis=0).max()) or 1.0
    _, weld = np.unique(np.round(vertices / (scale * 1e-7)).astype(np.int64), axis=0, return_inverse=True)
    weld = weld.reshape(-1)
    pairs = np.sort(weld[faces][:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    owner = np.repeat(np.arange(len(faces)), 3)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    pairs, owner = pairs[order], owner[order]
    new = np.ones(len(pairs), dtype=bool)
    new[1:] = np.any(pairs[1:] != pairs[:-1], axis=1)
    start = np.flatnonzero(new)
    count = np.diff(np.append(start, len(pairs)))
    two = start[count == 2]
    cos = np.einsum("ij,ij->i", normals[owner[two]], normals[owner[two + 1]])
    drawn = np.concatenate([two[cos < math.cos(math.radians(CREASE_DEGREES))], start[count != 2]])
    first = np.zeros(int(weld.max()) + 1, dtype=np.int64)
    first[weld] = np.arange(len(vertices))  # one original vertex per welded position (any of them will do)
    return first[pairs[drawn]]


def _polyline_segments(np: Any, lines: Any) -> tuple[Any, Any]:
    """(starts, ends) N×3 of the segments of the polylines ``lines`` (each a sequence of 3D points)."""
    chains = [np.asarray(line, dtype=np.float64).reshape(-1, 3) for line in lines]
    chains = [c for c in chains if len(c) >= 2]
    if not chains:
        return np.zeros((0, 3)), np.zeros((0, 3))
    return np.concatenate([c[:-1] for c in chains]), np.concatenate([c[1:] for c in chains])


def _draw_edges(np: Any, image: Any, screen: Any, a: Any, b: Any, keys: Any, layout: tuple[int, int, Any]) -> None:
    """Mark the pixels along the screen segments a→b that the z-buffer shows (3×3 neighbourhood, so outer edges
    stay drawn)."""
    if len(a) == 0:
        return
    height, width = image.shape
    zmin, zmax = float(screen[:, 2].min()), float(screen[:, 2].max())
    bits, levels, _ = layout
    per_unit = levels / max(zmax - zmin, 1e-9)
    steps = np.ceil(np.abs(b[:, :2] - a[:, :2]).max(axis=1)).astype(np.int64) + 1
    edge, k = _expand(np, steps)
    t = (k / np.maximum(steps[edge] - 1, 1))[:, None]
    pts = a[edge] + (b[edge] - a[edge]) * t
    ix = np.clip(pts[:, 0].astype(np.int64), 0, width - 1)
    iy = np.clip(pts[:, 1].astype(np.int64), 0, height - 1)
    seen = np.zeros(len(ix), dtype=np.int64)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            near = keys[np.clip(iy + dy, 0, height - 1) * width + np.clip(ix + dx, 0, width - 1)] >> bits
            np.maximum(seen, near, out=seen)
    depth = (pts[:, 2] - zmin) * per_unit
    visible = depth <= seen + (0.004 * (zmax - zmin) + 1.5) * per_unit
    ix, iy = ix[visible], iy[visible]
    for dy in (0, 1):
        for dx in (0, 1):
            image[np.clip(iy + dy, 0, height - 1), np.clip(ix + dx, 0, width - 1)] = _EDGE


def _outline(np: Any, image: Any) -> None:
    """Mark part pixels within two pixels of the background: the silhouette, occlusion-correct by construction."""
    bg = image == _BACKGROUND
    near = bg.copy()
    for d in (1, 2):
        near[:, d:] |= bg[:, :-d]
        near[:, :-d] |= bg[:, d:]
        near[d:, :] |= bg[:-d, :]
        near[:-d, :] |= bg[d:, :]
    image[near & ~bg] = _EDGE


def _pair_sums(np: Any, palette: Any) -> Any:
    """Table: two palette indices packed as one uint16 → the sum of their two RGB colours, the channels in 10-bit
    lanes of a uint32 (built once per palette, 256 KB)."""
    key = palette.tobytes()
    if _PAIR_SUMS.get("key") != key:
        lanes = palette.astype(np.uint32)
        packed = lanes[:, 0] | (lanes[:, 1] << 10) | (lanes[:, 2] << 20)
        pair = np.arange(1 << 16, dtype=np.uint32)
        _PAIR_SUMS.update(key=key, table=packed[pair & 0xFF] + packed[pair >> 8])
    return _PAIR_SUMS["table"]


_PAIR_SUMS: dict[str, Any] = {}


def _downsample(np: Any, image: Any, palette: Any) -> Any:
    """Average 2×2 palette-indexed pixels into one RGB pixel (the antialiasing step).

    Each two horizontally adjacent pixels are read as one uint16 and looked up in :func:`_pair_sums` (the sum of
    their colours, channels in 10-bit lanes of a uint32: a sum of four 8-bit values fits), so the box filter is one
    lookup per pixel pair and one add of two rows — half the lookups and adds of doing it per pixel; the byte order
    does not matter, a sum of two is the same either way round. Bands of rows keep the temporaries small."""
    sums = _pair_sums(np, palette)
    height, width = image.shape
    pairs = np.ascontiguousarray(image).view(np.uint16)
    rgb = np.empty((height // 2, width // 2, 3), dtype=np.uint8)
    for top in range(0, height, 2 * _BAND):
        band = sums[pairs[top:top + 2 * _BAND]]
        total = band[0::2] + band[1::2]
        total += 2 | 2 << 10 | 2 << 20  # round to nearest: +2 in each lane before dividing by 4
        out = rgb[top // 2:top // 2 + _BAND]
        for channel in range(3):
            out[..., channel] = (total >> (10 * channel + 2)) & 0xFF
    return rgb


def render_rgb(vertices: Any, faces: Any, size: tuple[int, int] = DEFAULT_SIZE, lines: Any = None) -> Any:
    """The preview as an ``size[1]`` × ``size[0]`` × 3 uint8 array (no file written).

    ``lines``: the part's CAD edges as polylines (sequences of 3D points), drawn where visible; without them the
    mesh's crease edges are drawn instead."""
    import numpy as np

    vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    faces = np.asarray(faces, dtype=np.int64).reshape(-1, 3)
    v0, v1, v2 = (vertices[faces[:, i]] for i in range(3))
    cross = np.cross(v1 - v0, v2 - v0)
    if float(np.einsum("ij,ij->", v0, cross)) < 0:  # inward-facing mesh: flip it rather than cull its front
        faces, cross = faces[:, ::-1], -cross
    length = np.linalg.norm(cross, axis=1)
    keep = length > 0
    faces, normals = faces[keep], cross[keep] / length[keep, None]
    front = np.flatnonzero(normals @ _camera(np)[2] > 0)
    if len(front) == 0:
        raise ExportError("cannot render a preview: the mesh has no face turned towards the viewer.")
    width, height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    project = _projector(np, vertices, width, height)
    screen = project(vertices)
    layout = _key_layout(np, len(front))
    bits = layout[0]
    keys = _rasterise(np, screen, faces[front], width, height, layout)
    lut = np.full(1 << bits, _BACKGROUND, dtype=np.uint8)
    lut[: len(front)] = _shade(np, normals[front])
    image = np.empty((height, width), dtype=np.uint8)
    ids = keys.reshape(height, width)
    masked = np.empty((_BAND, width), dtype=keys.dtype)
    for top in range(0, height, _BAND):  # bands into one reused buffer, looked up straight into the image
        band = ids[top:top + _BAND]
        np.bitwise_and(band, (1 << bits) - 1, out=masked[:len(band)])
        np.take(lut, masked[:len(band)], out=image[top:top + _BAND], mode="clip")  # ids < len(lut): clip is a no-op
    _outline(np, image)
    if lines is None:
        pairs = _edges(np, vertices, faces, normals)
        a, b = screen[pairs[:, 0]], screen[pairs[:, 1]]
    else:
        a, b = (project(p) for p in _polyline_segments(np, lines))
    _draw_edges(np, image, screen, a, b, keys, layout)
    return _downsample(np, image, np.array(_palette(), dtype=np.uint8).reshape(-1, 3))


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _write_png(path: Path, rgb: Any) -> None:
    """8-bit RGB PNG, no row filters (flat-shaded pictures compress well without them)."""
    import numpy as np

    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row starts with filter type 0
    rows[:, 1:] = rgb.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    Path(path).write_bytes(_PNG_SIGNATURE + _png_chunk(b"IHDR", header)
                           + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), _PNG_LEVEL)) + _png_chunk(b"IEND", b""))


def _read_png(path: Path) -> Any:
    """Pixels (H×W×3) of a PNG written by :func:`_write_png`, checking signature, chunk CRCs and length."""
    import numpy as np

    data = Path(path).read_bytes()
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(_PNG_SIGNATURE)
    chunks: dict[bytes, bytes] = {}
    while pos + 8 <= len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] != zlib.crc32(tag + body):
            raise ValueError(f"bad CRC in the {tag.decode(errors='replace')} chunk")
        chunks[tag] = chunks.get(tag, b"") + body
        pos += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, 1 + 3 * width)
    if rows[:, 0].any():
        raise ValueError("unexpected row filters")
    return rows[:, 1:].reshape(height, width, 3)


def _spread(pixels: Any) -> float:
    """Standard deviation of the bytes of ``pixels`` (what "not blank" is judged by) — the value of ``pixels.std()``,
    from integer sums (exact: a square of a byte fits in 16 bits) instead of a float64 copy of 1.4 M bytes."""
    import numpy as np

    n = int(pixels.size)
    squares = pixels.astype(np.uint16)
    squares *= squares
    total, total_sq = int(pixels.sum(dtype=np.uint64)), int(squares.sum(dtype=np.uint64))
    return math.sqrt((n * total_sq - total * total) / (n * n)) if n else 0.0


def render_png(arrays: tuple[Any, Any], path: Path, size: tuple[int, int] = DEFAULT_SIZE, lines: Any = None) -> None:
    """Render ``(vertices, faces)`` to ``path`` and check the file read back (right size, not blank); ``lines`` as
    for :func:`render_rgb`."""
    vertices, faces = arrays
    if len(faces) == 0:
        raise ExportError("cannot render a preview of an empty mesh.")
    _write_png(path, render_rgb(vertices, faces, size, lines))
    try:
        back = _read_png(path)
    except (OSError, ValueError, KeyError, zlib.error, struct.error) as exc:
        raise ExportError(f"the PNG preview {Path(path).name} did not read back ({exc}); retry, or leave png out "
                          "of the formats.") from exc
    if back.shape[:2] != (size[1], size[0]) or _spread(back) < 1.0:
        raise ExportError(f"the PNG preview {Path(path).name} came out blank or the wrong size "
                          f"({back.shape[1]}×{back.shape[0]}); check that the mesh is not degenerate, or leave png "
                          "out of the formats.")
