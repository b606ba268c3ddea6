"""These tests use the service helpers of ``tests/api/svc_helpers.py`` (real redis-server, Celery worker, uvicorn)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
