"""The engine: one entry point the CLI, the API, Celery tasks and Python users share.

    >>> from ai_designer import Designer
    >>> with Designer() as d:                                    # doctest: +SKIP
    ...     r = d.design("a 100 x 60 x 20 mm block with a 12 mm hole through the middle", out_dir="out")
    ...     r.status, r.geometry.bbox
    ('succeeded', (100.0, 60.0, 20.0))

``design`` never raises for a user's mistake: a prompt that cannot be planned comes back ``rejected``, a build that
fails or misses the intent comes back ``failed``, each with ``error = {"code", "message"}``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from pydantic import BaseModel, Field

from ai_designer.agents.contracts import DesignRequest, Generator, Planner, Routing, RunOptions, Validator
from ai_designer.agents.generator import GeneratorAgent
from ai_designer.agents.orchestrator import Orchestrator
from ai_designer.agents.planner import PlannerAgent
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.core import metrics
from ai_designer.core.errors import AIDesignerError, NotFoundError, PlanError
from ai_designer.core.settings import Settings, get_settings
from ai_designer.freecad.executor import Executor, FakeExecutor, get_executor
from ai_designer.freecad.preview_pool import PendingPreview, PreviewOutcome, get_renderer
from ai_designer.schemas.design_state import DesignResult, DesignStatus, PreviewState
from ai_designer.schemas.execution import normalise_format
from ai_designer.schemas.task_graph import CADPlan
from ai_designer.sessions import SessionStore

__all__ = ["Designer", "ProgressEvent", "DEFAULT_FORMATS", "parse_formats", "pending_preview", "apply_preview"]

DEFAULT_FORMATS = ("fcstd", "step", "stl", "png")
PREVIEW_FORMATS = ("glb", "png")  # made after the model files, outside the FreeCAD worker (freecad/preview_pool.py)
_UNDO_WORDS = {"undo", "undo that", "undo last", "undo the last change", "revert", "go back"}


class ProgressEvent(BaseModel):
    request_id: str
    status: DesignStatus
    iteration: int = 0
    message: str = ""
    data: dict[str, Any] = Field(default_factory=dict)


def pending_preview(result: DesignResult) -> PendingPreview | None:
    """The preview still being made for a result of ``design(..., previews="defer")`` (None when there is none)."""
    pending: PendingPreview | None = result._pending_preview
    return pending


def apply_preview(result: DesignResult, outcome: PreviewOutcome) -> None:
    """Record a finished preview in ``result``: its files join ``files``; a failure is reported in
    ``preview.error`` and the design stays succeeded."""
    formats = result.preview.formats if result.preview else sorted(outcome.files)
    result.files.update(outcome.files)
    result.preview = PreviewState(status="failed" if outcome.error else "ready", formats=formats,
                                  error=outcome.error, seconds=round(outcome.seconds, 4))
    result._pending_preview = None


def parse_formats(formats: Sequence[str] | str | None) -> list[str]:
    """Normalise a format list ("step,stl" or ["STEP", "stl"]); unknown names are a :class:`PlanError`."""
    if formats is None:
        return list(DEFAULT_FORMATS)
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for item in items:
        if not item.strip():
            continue
        try:
            fmt = normalise_format(item)
        except ValueError as exc:
            raise PlanError(str(exc)) from exc
        if fmt not in out:
            out.append(fmt)
    return out or list(DEFAULT_FORMATS)


class Designer:
    """Runs designs with a shared warm executor. Thread-safe: many ``design`` calls may run at once."""

    def __init__(self, settings: Settings | None = None, executor: Executor | None = None, *,
                 planner: Planner | None = None, generator: Generator | None = None,
                 validator: Validator | None = None) -> None:
        self.settings = settings or get_settings()
        self._executor = executor
        self._planner, self._generator, self._validator = planner, generator, validator
        self.sessions = SessionStore(self.settings.sessions_dir)
        self._lock = threading.Lock()

    # --- lazily built parts (the warm FreeCAD pool starts on the first design) ---------------------------------
    @property
    def executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                self._executor = get_executor(self.settings)
            return self._executor

    def _agents(self) -> tuple[Planner, Generator, Validator]:
        with self._lock:
            if self._planner is None:
                self._planner = PlannerAgent(settings=self.settings)
            if self._generator is None:
                self._generator = GeneratorAgent(settings=self.settings)
            if self._validator is None:
                self._validator = ValidatorAgent(settings=self.settings)
            return self._planner, self._generator, self._validator

    # --- public API --------------------------------------------------------------------------------------------
    def design(self, prompt: str, *, out_dir: str | Path | None = None, formats: Sequence[str] | str | None = None,
               current: CADPlan | None = None, plan: CADPlan | None = None, request_id: str | None = None,
               on_event: Callable[[ProgressEvent], None] | None = None,
               cancel: threading.Event | None = None, model: str | None = None,
               routing: Routing = "auto", previews: Literal["wait", "defer"] = "wait") -> DesignResult:
        """Design one part. ``model`` (a litellm model string or a configured alias) replaces the agents'
        configured models for this run; ``routing`` is ``auto`` (offline planner first, a model when it cannot
        make a valid part), ``offline`` (never call a model) or ``llm`` (skip the offline planner).

        A PNG or GLB is made after the model files, by a render process (``freecad/preview_pool.py``). ``previews``:
        ``wait`` returns with it in ``files`` (``preview.status`` ready, or failed with the reason — the design
        stays succeeded); ``defer`` returns as soon as the model files are verified, with ``preview.status``
        pending — then :func:`pending_preview` gives the render to wait for or follow, and :func:`apply_preview`
        records its outcome."""
        request_id = request_id or uuid.uuid4().hex[:16]
        start = time.perf_counter()
        wanted = self._preview_formats(formats)
        if wanted and not isinstance(self._executor, FakeExecutor):
            get_renderer(self.settings).warm()  # the render process starts while FreeCAD builds

        def emit(status: DesignStatus, iteration: int, message: str, data: dict[str, Any]) -> None:
            if on_event is not None:
                on_event(ProgressEvent(request_id=request_id, status=status, iteration=iteration, message=message,
                                       data=data))

        with metrics.active_design():
            result = self._run(prompt, request_id, out_dir, formats, current, plan, emit, cancel,
                               RunOptions(routing=routing, model=model or None))
            self._start_preview(result, wanted)
            pending = pending_preview(result)
            if pending is not None and previews == "wait":
                apply_preview(result, pending.wait(self.settings.preview_timeout_seconds))
        result.timings["total"] = time.perf_counter() - start
        metrics.record_design(result.status.value, result.timings["total"])
        emit(result.status, result.iterations, result.error["message"] if result.error else "done",
             {"result": result.public()})
        return result

    def _run(self, prompt: str, request_id: str, out_dir: str | Path | None, formats: Sequence[str] | str | None,
             current: CADPlan | None, plan: CADPlan | None, emit: Any, cancel: threading.Event | None,
             options: RunOptions) -> DesignResult:
        try:
            prompt = prompt.strip()
            if not prompt and plan is None:
                raise PlanError("the prompt is empty: describe the part, e.g. \"a 40 mm cube with 2 mm fillets\"")
            if len(prompt) > self.settings.max_prompt_chars:
                raise PlanError(f"the prompt is {len(prompt)} characters; the limit is "
                                f"{self.settings.max_prompt_chars} (MAX_PROMPT_CHARS)")
            fmts = parse_formats(formats)
            target = Path(out_dir) if out_dir is not None else self.settings.designs_dir / request_id
            target.mkdir(parents=True, exist_ok=True)
            emit(DesignStatus.queued, 0, "accepted", {})
            planner, generator, validator = self._agents()
            orchestrator = Orchestrator(self.settings, self.executor, planner, generator, validator)
            return orchestrator.run(DesignRequest(prompt=prompt, request_id=request_id, out_dir=target.resolve(),
                                                  formats=fmts, current=current, plan=plan, options=options,
                                                  emit=emit, cancel=cancel))
        except AIDesignerError as exc:
            return DesignResult(status=DesignStatus(exc.outcome), request_id=request_id, prompt=prompt, error=exc.to_dict(),
                                routing=options.routing)

    @staticmethod
    def _preview_formats(formats: Sequence[str] | str | None) -> list[str]:
        try:
            return [fmt for fmt in parse_formats(formats) if fmt in PREVIEW_FORMATS]
        except PlanError:
            return []  # the run itself reports the bad format

    def _start_preview(self, result: DesignResult, wanted: list[str]) -> None:
        """Hand the worker's preview mesh of a succeeded design to the renderer; the files go beside the model."""
        mesh = result._preview_mesh
        result._preview_mesh = None
        if mesh is None:
            return
        if result.status is not DesignStatus.succeeded or not wanted:
            Path(mesh).unlink(missing_ok=True)
            return
        from ai_designer.freecad.export import SUFFIXES
        from ai_designer.freecad.preview_mesh import MESH_SUFFIX

        stem = Path(mesh).name.removesuffix(MESH_SUFFIX)
        targets = {fmt: Path(mesh).parent / f"{stem}{SUFFIXES[fmt]}" for fmt in wanted}
        result.preview = PreviewState(status="pending", formats=sorted(wanted))
        try:
            result._pending_preview = get_renderer(self.settings).submit(mesh, targets)
        except OSError as exc:  # the model is built and verified: a preview that cannot start is reported only
            Path(mesh).unlink(missing_ok=True)
            apply_preview(result, PreviewOutcome(error={"code": "preview_failed", "message": (
                f"the preview could not be started ({exc}); the model files are complete.")}))

    def design_in_session(self, prompt: str, session: str, **kwargs: Any) -> DesignResult:
        """Edit the session's current design with ``prompt`` ("make it 10 mm thick"); ``undo`` steps back."""
        if prompt.strip().lower().rstrip(".!") in _UNDO_WORDS:
            return self.undo(session, **{k: v for k, v in kwargs.items() if k in ("out_dir", "formats")})
        state = self.sessions.load(session)
        result = self.design(prompt, current=state.current, **kwargs)
        if result.status is DesignStatus.succeeded and result.plan is not None:
            self.sessions.push(session, prompt, result.plan, result.files)
        return result

    def set_parameters_in_session(self, session: str, values: dict[str, Any], **kwargs: Any) -> DesignResult:
        """Rebuild the session's current design with new ``Params`` values (``{"plate_length": 120}``): the same plan
        and validation, no language model. An unknown name or a bad value comes back ``rejected`` saying which."""
        from ai_designer.parameters import describe_change, set_parameters

        current = self.sessions.load(session).current
        try:
            if current is None:
                raise NotFoundError(f"session {session!r} has no design yet: describe a part first")
            plan = set_parameters(current, values)
            prompt = describe_change(current, values)
        except AIDesignerError as exc:
            return DesignResult(status=DesignStatus.rejected, request_id=uuid.uuid4().hex[:16],
                                prompt="set parameters", error=exc.to_dict())
        result = self.design(prompt, plan=plan, **kwargs)
        if result.status is DesignStatus.succeeded and result.plan is not None:
            self.sessions.push(session, prompt, result.plan, result.files)
        return result

    def undo(self, session: str, *, out_dir: str | Path | None = None,
             formats: Sequence[str] | str | None = None) -> DesignResult:
        """Drop the session's last version and rebuild the one before it (so its files are current again)."""
        try:
            state = self.sessions.undo(session)
        except NotFoundError as exc:
            return DesignResult(status=DesignStatus.rejected, request_id=uuid.uuid4().hex[:16], prompt="undo",
                                error=exc.to_dict())
        if state.current is None:
            return DesignResult(status=DesignStatus.rejected, request_id=uuid.uuid4().hex[:16], prompt="undo",
                                error={"code": "empty_session",
                                       "message": f"session {session!r} is now empty; describe a new part"})
        entry = state.history[-1]
        result = self.design(entry.prompt, plan=entry.plan, out_dir=out_dir, formats=formats)
        if result.status is DesignStatus.succeeded:
            entry.files = result.files
            self.sessions.save(state)
        return result

    def close(self) -> None:
        """Release nothing shared: the warm pool is process-wide and closed at interpreter exit."""

    def __enter__(self) -> Designer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
