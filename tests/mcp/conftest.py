"""MCP tests: the SDK's own client against ``ai-designer mcp`` (stdio subprocess) and against uvicorn (HTTP).

Helpers for real processes come from ``tests/api/svc_helpers.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
