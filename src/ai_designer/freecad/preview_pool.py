"""PNG previews and GLB files, made after a design succeeded by render processes beside the FreeCAD workers.

Why here and not in the FreeCAD worker: a preview needs only the mesh, and rendering it cost up to a third of a job
(0.1 s of a 0.3 s flange) while the worker — and so the next design — waited. The worker now writes the preview mesh
(``preview_mesh.py``); the design is ``succeeded`` as soon as its model files are verified, and the picture follows
from here, on another core.

    renderer = get_renderer()                         # process-wide, closed at exit
    pending = renderer.submit(mesh_file, {"png": Path("out/part.png")})
    outcome = pending.wait()                          # or pending.then(callback)
    outcome.files, outcome.error

Each render process is ``python -m ai_designer.freecad.preview_pool`` with a scrubbed environment (no secrets) and
``JOB_MEMORY_MB`` as its address-space limit; it reads one JSON request per line on stdin and answers one line on
stdout. It loads the mesh with :func:`~ai_designer.freecad.preview_mesh.load_preview_mesh` (the file comes from the
sandbox and is checked), renders the PNG (``preview.py``: numpy, no GL) and converts the GLB (trimesh), and reads
both back as before: the PNG must have its size and not be blank, the GLB must reload with every face. A render that
fails, crashes or outlives ``PREVIEW_TIMEOUT_SECONDS`` ends in ``outcome.error`` (``preview_failed``) — never in a
failed design; the process is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ai_designer.core.errors import ExportError
from ai_designer.core.settings import Settings, get_settings

__all__ = ["PreviewRenderer", "PendingPreview", "PreviewOutcome", "get_renderer", "close_renderer"]


@dataclass
class PreviewOutcome:
    """What became of a preview: the files written (``{format: path}``) or why not (``error``)."""

    files: dict[str, str] = field(default_factory=dict)
    error: dict[str, str] | None = None
    seconds: float = 0.0


class PendingPreview:
    """A preview being made. Its files are rendered into a private staging folder and moved to their final paths
    once, by whoever asks first (:meth:`wait`, or the thread that finished the render for :meth:`then`)."""

    def __init__(self, future: Future[dict[str, str]], staging: Path, targets: dict[str, Path]) -> None:
        self.formats = sorted(targets)
        self._future, self._staging, self._targets = future, staging, targets
        self._lock = threading.Lock()
        self._outcome: PreviewOutcome | None = None
        self._t0 = time.perf_counter()

    def _settle(self) -> PreviewOutcome:
        with self._lock:
            if self._outcome is None:
                self._outcome = self._move()
            return self._outcome

    def _move(self) -> PreviewOutcome:
        seconds = time.perf_counter() - self._t0
        try:
            rendered = self._future.result(timeout=0)
            files = {}
            for fmt, final in self._targets.items():
                final.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(rendered[fmt], final)
                files[fmt] = str(final.resolve())
            return PreviewOutcome(files=files, seconds=seconds)
        except Exception as exc:  # noqa: BLE001 - a preview failure is reported, never raised into the design
            message = exc.message if isinstance(exc, ExportError) else f"{type(exc).__name__}: {exc}"
            return PreviewOutcome(error={"code": "preview_failed", "message": (
                f"the preview ({', '.join(self.formats)}) could not be made: {message}. The model files are "
                "complete; download them, or build again for a preview.")}, seconds=seconds)
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def done(self) -> bool:
        return self._future.done()

    def wait(self, timeout: float | None = None) -> PreviewOutcome:
        """Block until the preview is made (or failed); ``timeout`` seconds at most (then it is reported failed)."""
        with contextlib.suppress(Exception):
            self._future.exception(timeout=timeout)
        return self._settle()

    def then(self, callback: Callable[[PreviewOutcome], None]) -> None:
        """Call ``callback(outcome)`` once the preview is made: at once in this thread if it already is, else from
        the render thread. The callback's own errors are its business (they are not raised here)."""
        def run(_: Future[dict[str, str]]) -> None:
            callback(self._settle())

        self._future.add_done_callback(run)


class _Child:
    """One render process and its pipes."""

    def __init__(self, settings: Settings, home: Path) -> None:
        from ai_designer.freecad.sandbox import scrubbed_env

        package_root = str(Path(__file__).resolve().parents[2])
        env = scrubbed_env(os.environ, home=str(home), tmp=str(home))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        with open(home / "render.log", "ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "ai_designer.freecad.preview_pool", str(settings.job_memory_mb)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, cwd=str(home),
                start_new_session=True)

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(json.dumps(request).encode() + b"\n")
        stdin.flush()
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            raise ExportError(f"rendering took longer than {timeout:g} s (PREVIEW_TIMEOUT_SECONDS)")
        line = stdout.readline()
        if not line:
            raise ExportError(f"the render process died (exit {self.proc.wait(timeout=5)}); it was replaced")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()


class PreviewRenderer:
    """``PREVIEW_WORKERS`` render processes, each owned by one thread of a small pool (started on first use)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._threads = ThreadPoolExecutor(max_workers=self.settings.preview_workers,
                                           thread_name_prefix="ai-designer-preview")
        self._local = threading.local()
        self._children: set[_Child] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.home = Path(self.settings.workers_dir) / f"previews-{os.getpid()}-{id(self) & 0xFFFF:x}"

    def _start_home(self) -> None:
        """Create this process's folder, first removing those of processes that are gone (killed, not closed)."""
        if self.home.is_dir():
            return
        from ai_designer.freecad.worker_handle import is_alive

        for old in self.home.parent.glob("previews-*"):
            pid = old.name.split("-")[1]
            if pid.isdigit() and not is_alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
        self.home.mkdir(parents=True, exist_ok=True)

    def _child(self) -> _Child:
        child: _Child | None = getattr(self._local, "child", None)
        if child is None or child.proc.poll() is not None:
            if child is not None:
                self._drop(child)
            self._start_home()
            child = _Child(self.settings, self.home)
            with self._lock:
                self._children.add(child)
            self._local.child = child
        return child

    def _drop(self, child: _Child) -> None:
        child.kill()
        with self._lock:
            self._children.discard(child)
        self._local.child = None

    def _render(self, mesh: str, targets: dict[str, str]) -> dict[str, str]:
        child = self._child()
        try:
            answer = child.ask({"mesh": mesh, "targets": targets}, self.settings.preview_timeout_seconds)
        except (OSError, ValueError, ExportError):
            self._drop(child)
            raise
        if not answer.get("ok"):
            raise ExportError(str(answer.get("message") or "the render process gave no reason"))
        return targets

    def warm(self) -> None:
        """Start a render process now (its imports overlap the FreeCAD build), unless one runs already."""
        if not self._closed and not self._children:
            self._threads.submit(self._child)

    def submit(self, mesh: str | Path, targets: dict[str, Path]) -> PendingPreview:
        """Render ``targets`` (``{"png"|"glb": final path}``) from ``mesh``; the mesh file is consumed."""
        self._start_home()
        staging = Path(tempfile.mkdtemp(prefix="render-", dir=self.home))
        staged_mesh = staging / "part.preview.mesh"
        shutil.move(str(mesh), staged_mesh)
        staged = {fmt: str(staging / f"preview{Path(path).suffix}") for fmt, path in targets.items()}
        if self._closed:
            future: Future[dict[str, str]] = Future()
            future.set_exception(ExportError("the preview renderer was closed"))
        else:
            future = self._threads.submit(self._render, str(staged_mesh), staged)
        return PendingPreview(future, staging, targets)

    def close(self) -> None:
        self._closed = True
        self._threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            children, self._children = list(self._children), set()
        for child in children:
            child.kill()
        shutil.rmtree(self.home, ignore_errors=True)


_shared: PreviewRenderer | None = None
_shared_lock = threading.Lock()


def get_renderer(settings: Settings | None = None) -> PreviewRenderer:
    """The process-wide renderer (processes start lazily); closed automatically at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = PreviewRenderer(settings)
            atexit.register(close_renderer)
        return _shared


def close_renderer() -> None:
    """Wait for the previews in flight, then stop the render processes (idempotent)."""
    global _shared
    with _shared_lock:
        renderer, _shared = _shared, None
    if renderer is not None:
        renderer.close()


# --- the render process -------------------------------------------------------------------------------------------
def _render_request(request: dict[str, Any]) -> None:
    """Make the files of one request (raises ExportError with the reason)."""
    from ai_designer.freecad.preview import render_png
    from ai_designer.freecad.preview_mesh import load_preview_mesh

    vertices, faces, lines = load_preview_mesh(Path(request["mesh"]))
    targets = {fmt: Path(path) for fmt, path in request["targets"].items()}
    if "glb" in targets:
        _glb(vertices, faces, targets["glb"])
    if "png" in targets:
        render_png((vertices, faces), targets["png"], lines=lines)


def _glb(vertices: Any, faces: Any, path: Path) -> None:
    """FreeCAD 0.20 cannot write glTF: trimesh converts the mesh, and the file must reload with every face."""
    import trimesh

    trimesh.Trimesh(vertices=vertices, faces=faces, process=False).export(file_obj=str(path), file_type="glb")
    back: Any = trimesh.load(str(path), force="mesh")
    if len(back.faces) != len(faces):
        raise ExportError(f"the GLB file {path.name} did not read back: {len(back.faces)} faces instead of "
                          f"{len(faces)}", details={"format": "glb"})


def _serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    import numpy  # noqa: F401 - imported before the first request, while the design is still building

    import ai_designer.freecad.preview  # noqa: F401

    for line in stdin:
        try:
            _render_request(json.loads(line))
            answer: dict[str, Any] = {"ok": True}
        except ExportError as exc:
            answer = {"ok": False, "message": exc.message}
        except Exception as exc:  # noqa: BLE001 - any failure is this request's, the process serves on
            answer = {"ok": False, "message": f"{type(exc).__name__}: {exc}"}
        stdout.write(json.dumps(answer).encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    import resource

    limit = int(sys.argv[1]) * 1024 * 1024 if len(sys.argv) > 1 else resource.RLIM_INFINITY
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _serve(sys.stdin.buffer, sys.stdout.buffer)
