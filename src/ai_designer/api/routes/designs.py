"""Design endpoints under ``/api/v1/design``: create, status, list, refine, cancel, delete, download.

    curl -s -X POST localhost:8000/api/v1/design -H 'content-type: application/json' \\
         -d '{"prompt": "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"}'
    curl -s localhost:8000/api/v1/design/<request_id>
    curl -sO -J localhost:8000/api/v1/design/<request_id>/files/step
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response, status
from fastapi.responses import FileResponse, RedirectResponse, StreamingResponse

from ai_designer.api.deps import CallerDep, ServiceDep, SettingsDep
from ai_designer.core.errors import PlanError
from ai_designer.explain import explain
from ai_designer.jobs.service import file_url, public_result
from ai_designer.jobs.store import VersionRecord
from ai_designer.schemas.api_schemas import (
    DesignCreateRequest,
    DesignListResponse,
    DesignParametersRequest,
    DesignRefineRequest,
    DesignResponse,
    DesignStatusResponse,
    ErrorResponse,
    VersionSummary,
)
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["router", "status_response"]

router = APIRouter(prefix="/api/v1/design", tags=["designs"],
                   responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})

Format = Literal["fcstd", "step", "stl", "obj", "glb", "png"]
DesignId = Annotated[str, Path(min_length=1, max_length=64, description="The request_id returned by create")]

CONTENT_TYPES = {"step": "model/step", "stl": "model/stl", "obj": "model/obj", "glb": "model/gltf-binary",
                 "png": "image/png", "fcstd": "application/x-extension-fcstd"}
_EXTENSIONS = {"step": "step", "stl": "stl", "obj": "obj", "glb": "glb", "png": "png", "fcstd": "FCStd"}


def _ts(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def _links(record: VersionRecord) -> dict[str, str]:
    base = f"/api/v1/design/{record.design_id}"
    return {"self": base, "events": f"/api/v1/ws/design/{record.design_id}", "refine": f"{base}/refine",
            "parameters": f"{base}/parameters", "cancel": f"{base}/cancel", "page": page_url(record)}


def page_url(record: VersionRecord) -> str:
    """The browser page of this version (shareable; reload restores it)."""
    return f"/d/{record.design_id}/v/{record.version}"


def _accepted(record: VersionRecord) -> DesignResponse:
    created = _ts(record.created_at)
    assert created is not None
    return DesignResponse(request_id=record.design_id, version=record.version, status=record.status,
                          created_at=created, links=_links(record))


def _plan_views(record: VersionRecord, editable: bool) -> dict[str, Any]:
    """The readable feature list and (for the single-design view) the editable parameters of a built plan."""
    plan = (record.result or {}).get("plan")
    if not plan:
        return {}
    from ai_designer.parameters import list_parameters
    from ai_designer.plan_text import describe_plan
    from ai_designer.schemas.task_graph import CADPlan

    model = CADPlan.model_validate(plan)
    views: dict[str, Any] = {"name": model.name, "features": describe_plan(model)}
    if editable and record.status is DesignStatus.succeeded:
        views["parameters"] = [p.as_dict() for p in list_parameters(model)]
    return views


def _summary(record: VersionRecord) -> str:
    """``plate 90 × 70 × 8 mm``: what a list of designs shows of a good version."""
    result = record.result or {}
    name = (result.get("plan") or {}).get("name") or "part"
    bbox = (result.get("geometry") or {}).get("bbox") or []
    return f"{name} {' × '.join(f'{v:g}' for v in bbox)} mm" if bbox else name


def status_response(record: VersionRecord, history: list[VersionRecord] | None = None) -> DesignStatusResponse:
    """One version; with ``history`` (the single-design view) also its editable parameters and version list."""
    result = public_result(record) if record.finished else {}
    full = record.result or {}
    created = _ts(record.created_at)
    assert created is not None
    good = [v.version for v in history or [] if v.status is DesignStatus.succeeded]
    return DesignStatusResponse(
        **_plan_views(record, editable=history is not None), latest_good_version=good[-1] if good else None,
        request_id=record.design_id, version=record.version, versions=record.latest_version, status=record.status,
        prompt=record.prompt, iteration=record.iteration, message=record.message, planner=full.get("planner"),
        planner_reason=full.get("planner_reason"),
        routing={"mode": full.get("routing", "auto"), "model": full.get("planner_model")} if full else {},
        plan=result.get("plan", []), assumptions=full.get("assumptions", []),
        ignored=full.get("ignored", []), geometry=result.get("geometry"),
        validation=result.get("validation") or {},
        files={fmt: file_url(record.design_id, record.version, fmt) for fmt in record.files},
        preview=result.get("preview"), iterations=int(full.get("iterations", record.iteration)), llm=result.get("llm") or {},
        timings=result.get("timings") or {},
        error=explain(record.error, record.prompt) if record.status is not DesignStatus.succeeded else None,
        created_at=created, started_at=_ts(record.started_at), finished_at=_ts(record.finished_at),
        history=[VersionSummary(version=v.version, prompt=v.prompt, status=v.status, created_at=created_at,
                                finished_at=_ts(v.finished_at))
                 for v in history or [] if (created_at := _ts(v.created_at)) is not None])


def _check_prompt(prompt: str, has_plan: bool, limit: int) -> str:
    prompt = prompt.strip()
    if not prompt and not has_plan:
        raise PlanError("the prompt is empty: describe the part, e.g. \"a 40 mm cube with 2 mm fillets\"")
    if len(prompt) > limit:
        raise PlanError(f"the prompt is {len(prompt)} characters; the limit is {limit} (MAX_PROMPT_CHARS): "
                        "shorten it")
    return prompt


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=DesignResponse,
             responses={200: {"model": DesignResponse, "description": "Idempotent replay of an earlier request"},
                        409: {"model": ErrorResponse}, 413: {"model": ErrorResponse}})
def create_design(body: DesignCreateRequest, service: ServiceDep, settings: SettingsDep, caller: CallerDep,
                  response: Response,
                  idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> DesignResponse:
    """Queue a design; follow it over the WebSocket in ``links.events`` or poll ``links.self``.

    ``Idempotency-Key`` is scoped to the caller (API key / token subject), so two clients cannot collide."""
    prompt = _check_prompt(body.prompt, body.plan is not None, settings.max_prompt_chars)
    plan = body.plan.model_dump(mode="json") if body.plan is not None else None
    scoped_key = f"{caller or 'anonymous'}:{idempotency_key}" if idempotency_key else None
    record, created = service.create(prompt=prompt, formats=body.formats, plan=plan, idempotency_key=scoped_key,
                                     principal=caller, options=body.run_options())
    if not created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/v1/design/{record.design_id}"
    return _accepted(record)


@router.get("", response_model=DesignListResponse)
def list_designs(service: ServiceDep, caller: CallerDep, limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                 status_filter: Annotated[DesignStatus | None, Query(alias="status")] = None) -> DesignListResponse:
    """Newest first; each item is the latest version of a design."""
    records, total = service.list(limit=limit, offset=offset, principal=caller,
                                  status=status_filter.value if status_filter else None)
    next_offset = offset + len(records) if offset + len(records) < total else None
    items = []
    for record in records:
        item = status_response(record)
        good = service.latest_good(record.design_id) if record.status is not DesignStatus.succeeded else record
        if good is not None:
            item.latest_good_version, item.latest_good_summary = good.version, _summary(good)
        items.append(item)
    return DesignListResponse(items=items, total=total, limit=limit, offset=offset, next_offset=next_offset)


@router.get("/{design_id}", response_model=DesignStatusResponse)
def get_design(design_id: DesignId, service: ServiceDep, caller: CallerDep,
               version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> DesignStatusResponse:
    """Status, plan summary with assumptions, validation, geometry, files, timings and LLM usage."""
    return status_response(service.get(design_id, version, principal=caller), service.history(design_id))


@router.post("/{design_id}/refine", status_code=status.HTTP_202_ACCEPTED, response_model=DesignResponse,
             responses={409: {"model": ErrorResponse}})
def refine_design(design_id: DesignId, body: DesignRefineRequest, service: ServiceDep, settings: SettingsDep,
                  caller: CallerDep) -> DesignResponse:
    """Make version N+1 from the latest successful version's plan and a follow-up prompt."""
    prompt = _check_prompt(body.prompt, False, settings.max_prompt_chars)
    return _accepted(service.refine(design_id, prompt=prompt, formats=body.formats, principal=caller,
                                    base_version=body.version, options=body.run_options()))


@router.post("/{design_id}/parameters", status_code=status.HTTP_202_ACCEPTED, response_model=DesignResponse,
             responses={409: {"model": ErrorResponse}})
def set_parameters(design_id: DesignId, body: DesignParametersRequest, service: ServiceDep,
                   caller: CallerDep) -> DesignResponse:
    """Make version N+1 by rebuilding a succeeded version's plan with new ``Params`` values (no language model).

    ``{"values": {"plate_length": 120}}``; the names are the ``parameters`` of ``GET /api/v1/design/{id}``. An
    unknown name or a value that makes no valid part is a 422 that says which, and no version is made."""
    return _accepted(service.set_parameters(design_id, dict(body.values), base_version=body.version,
                                            formats=body.formats, principal=caller))


@router.post("/{design_id}/cancel", status_code=status.HTTP_202_ACCEPTED, response_model=DesignResponse,
             responses={409: {"model": ErrorResponse}})
def cancel_design(design_id: DesignId, service: ServiceDep, caller: CallerDep) -> DesignResponse:
    """Stop the latest version: queued jobs end at once, running ones at the engine's next step."""
    return _accepted(service.cancel(design_id, principal=caller))


@router.delete("/{design_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def delete_design(design_id: DesignId, service: ServiceDep, caller: CallerDep) -> Response:
    """Cancel it if running, then remove every version and its files."""
    service.delete(design_id, principal=caller)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{design_id}/files/{fmt}", response_class=FileResponse,
            responses={200: {"content": {t: {} for t in CONTENT_TYPES.values()}},
                       307: {"description": "FILES_REDIRECT_SECONDS > 0: a presigned URL of the object store"},
                       503: {"model": ErrorResponse}})
def download_file(design_id: DesignId, fmt: Format, service: ServiceDep, caller: CallerDep,
                  version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> Response:
    """Download one format of a version (default: the latest); only format names are accepted, never paths.

    From a directory the file is sent as is; from S3 it is streamed through, or (FILES_REDIRECT_SECONDS > 0) the
    answer is a 307 to a short-lived presigned URL."""
    record, got = service.download(design_id, fmt, version, principal=caller, content_type=CONTENT_TYPES[fmt],
                                   filename="{stem}-v{version}." + _EXTENSIONS[fmt])
    filename = f"{PurePosixPath(record.files[fmt]).stem or 'part'}-v{record.version}.{_EXTENSIONS[fmt]}"
    if got.url:
        return RedirectResponse(got.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT,
                                headers={"Cache-Control": "no-store"})
    if got.chunks is not None:
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if got.size is not None:
            headers["Content-Length"] = str(got.size)
        return StreamingResponse(got.chunks, media_type=CONTENT_TYPES[fmt], headers=headers)
    assert got.path is not None
    return FileResponse(got.path, media_type=CONTENT_TYPES[fmt], filename=filename)
