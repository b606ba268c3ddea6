"""``GET /metrics``: Prometheus text exposition (merged over worker processes in multiprocess mode)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ai_designer.core import metrics

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
def get_metrics() -> Response:
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)
