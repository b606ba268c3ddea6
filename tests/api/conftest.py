"""Service fixtures (defined in ``svc_helpers.py``): the API over each job back end, real Redis, a real worker."""

from svc_helpers import api_settings, backend, celery_worker, client, svc_redis  # noqa: F401
