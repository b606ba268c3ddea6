"""Running designs as jobs: one interface, two back ends.

* :mod:`~ai_designer.jobs.service` — :class:`DesignService`, what the API calls (create, refine, cancel, delete …);
* :mod:`~ai_designer.jobs.store` — the durable store of designs and versions (SQLite or PostgreSQL); its tables are
  in :mod:`~ai_designer.jobs.schema`, its prebuilt SQL in :mod:`~ai_designer.jobs.statements`, the stored version
  (:class:`VersionRecord`) in :mod:`~ai_designer.jobs.records`;
* :mod:`~ai_designer.jobs.local` — embedded back end (threads over the warm FreeCAD pool);
* :mod:`~ai_designer.jobs.celery_backend` / :mod:`~ai_designer.jobs.celery_app` / :mod:`~ai_designer.jobs.worker`
  — scale-out back end on Celery workers over Redis;
* :mod:`~ai_designer.jobs.events` — progress events (in-process hub, Redis pub/sub relay).

Nothing is imported here, so ``import ai_designer.jobs`` stays free.
"""
