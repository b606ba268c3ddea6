"""A scripted stand-in for the engine, for API tests that are *not* about designing (errors, paging, queueing).

It emits the real progress sequence and writes a small file; ``slow`` in the prompt makes each stage last ~1 s
and honour the cancel event like the engine does. Every test about geometry uses the real engine instead.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from ai_designer.designer import ProgressEvent
from ai_designer.schemas.design_state import DesignResult, DesignStatus
from ai_designer.schemas.task_graph import Box, CADPlan

STAGES = ("queued", "planning", "generating", "executing", "validating")


class FakeDesigner:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.started = threading.Event()

    def design(self, prompt: str, *, out_dir: Any = None, formats: Any = None, current: Any = None,
               plan: Any = None, request_id: str | None = None, on_event: Any = None,
               cancel: threading.Event | None = None, previews: str = "wait") -> DesignResult:
        self.calls.append({"prompt": prompt, "current": current, "plan": plan, "formats": formats})
        self.started.set()
        rid = request_id or "x"
        for stage in STAGES:
            if on_event:
                on_event(ProgressEvent(request_id=rid, status=DesignStatus(stage)))
            for _ in range(20 if "slow" in prompt else 1):
                if cancel is not None and cancel.is_set():
                    return DesignResult(status=DesignStatus.cancelled, request_id=rid, prompt=prompt,
                                        error={"code": "cancelled", "message": "cancelled"})
                time.sleep(0.05)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "part.step").write_text(f"ISO-10303-21; {prompt}")
        box = CADPlan(name="cube", operations=[Box(id="cube", length=10, width=10, height=10)])
        return DesignResult(status=DesignStatus.succeeded, request_id=rid, prompt=prompt, plan=plan or box,
                            files={"step": str(out / "part.step")})

    class executor:  # noqa: N801 - mirrors Designer.executor
        @staticmethod
        def health() -> dict[str, Any]:
            return {"ok": True, "workers": 0}
