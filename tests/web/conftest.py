"""The browser tests share the service helpers and fixtures of ``tests/api`` (real redis-server, Celery worker, uvicorn)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from svc_helpers import api_settings, backend, celery_worker, client, svc_redis  # noqa: E402,F401
