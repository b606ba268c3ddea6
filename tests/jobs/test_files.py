"""Design files in an S3-compatible object store (moto's server mode over real HTTP on loopback), and through the API
with the PostgreSQL store: a finished version's files are in the bucket and nowhere on the API host's disk, downloads
stream or redirect to a presigned URL, deleting a design deletes its objects, an unreachable store is a clear 503."""

from __future__ import annotations

from pathlib import Path

import boto3
import httpx
import pytest
from fastapi.testclient import TestClient
from s3_helpers import S3_KEYS, new_bucket
from svc_helpers import free_port, make_settings, wait_preview, wait_status

from ai_designer.core.errors import NotFoundError, StorageUnavailable
from ai_designer.jobs.files import S3Files, make_file_store

PLATE = {"name": "plate", "operations": [{"op": "box", "id": "plate", "length": 40, "width": 30, "height": 5}]}


def _settings(home: Path, endpoint: str, bucket: str, **values: object) -> object:
    return make_settings(home, "local", FILES_URL=f"s3://{bucket}/team-a", AWS_ENDPOINT_URL=endpoint, **S3_KEYS,
                         **values)


def _objects(endpoint: str, bucket: str) -> list[str]:
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_s3_files_round_trip(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    files = make_file_store(_settings(tmp_path, s3_endpoint, s3_bucket))  # type: ignore[arg-type]
    assert isinstance(files, S3Files) and files.health()["ok"]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    payload = bytes(range(256)) * 5000  # 1.28 MB: more than one streamed chunk
    (scratch / "part.step").write_bytes(payload)
    files.save("d1", 2, scratch, {"step": "part.step"})
    assert not scratch.exists()  # published, scratch copy gone
    assert _objects(s3_endpoint, s3_bucket) == ["team-a/d1/v2/part.step"]

    got = files.download("d1", 2, "part.step", filename="plate-v2.step", content_type="model/step")
    assert got.size == len(payload) and got.chunks is not None
    assert b"".join(got.chunks) == payload
    local = files.fetch("d1", 2, "part.step", tmp_path / "cache" / "part.step")
    assert local.read_bytes() == payload

    files.redirect_seconds = 60
    url = files.download("d1", 2, "part.step", filename="plate-v2.step", content_type="model/step").url
    assert url and "X-Amz-Expires=60" in url
    answer = httpx.get(url)
    assert answer.status_code == 200 and answer.content == payload
    assert 'filename="plate-v2.step"' in answer.headers["content-disposition"]

    with pytest.raises(NotFoundError, match="missing in the object store"):
        files.download("d1", 3, "part.step", filename="x", content_type="model/step")
    files.delete_design("d1")
    assert _objects(s3_endpoint, s3_bucket) == []


def test_unreachable_object_store_is_a_clear_error(tmp_path: Path) -> None:
    files = make_file_store(_settings(tmp_path, f"http://127.0.0.1:{free_port()}", "gone"))  # type: ignore[arg-type]
    health = files.health()
    assert health["ok"] is False and "error" in health
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "part.step").write_text("x")
    with pytest.raises(StorageUnavailable, match="could not store the files.*retry"):
        files.save("d1", 1, scratch, {"step": "part.step"})
    assert (scratch / "part.step").is_file()  # nothing lost: the scratch copy stays for a retry


def test_api_keeps_files_only_in_the_bucket(tmp_path: Path, s3_endpoint: str, s3_bucket: str, pg_url: str) -> None:
    from ai_designer.api.app import create_app

    settings = _settings(tmp_path / "api", s3_endpoint, s3_bucket, DATABASE_URL=pg_url)
    with TestClient(create_app(settings)) as api:  # type: ignore[arg-type]
        created = api.post("/api/v1/design", json={"prompt": "a plate", "plan": PLATE, "formats": ["step", "stl"]})
        rid = created.json()["request_id"]
        done = wait_status(api.get, rid, timeout=120)
        assert done["status"] == "succeeded", done
        assert done["geometry"]["volume"] == pytest.approx(40 * 30 * 5, rel=1e-6)
        assert _objects(s3_endpoint, s3_bucket) == [f"team-a/{rid}/v1/plate.step", f"team-a/{rid}/v1/plate.stl"]
        assert not (tmp_path / "api" / "designs" / rid).exists()  # no file state on the API host

        step = api.get(f"/api/v1/design/{rid}/files/step")
        assert step.status_code == 200 and step.content.startswith(b"ISO-10303-21")
        assert step.headers["content-length"] == str(len(step.content))
        assert 'filename="plate-v1.step"' in step.headers["content-disposition"]
        ready = api.get("/ready")
        assert ready.status_code == 200, ready.json()

        api.app.state.service.files.redirect_seconds = 30  # type: ignore[attr-defined]
        moved = api.get(f"/api/v1/design/{rid}/files/stl", follow_redirects=False)
        assert moved.status_code == 307 and "X-Amz-Signature" in moved.headers["location"]
        stl = httpx.get(moved.headers["location"])
        api.app.state.service.files.redirect_seconds = 0  # type: ignore[attr-defined]
        streamed = api.get(f"/api/v1/design/{rid}/files/stl")
        assert stl.status_code == 200 and len(stl.content) > 84 and stl.content == streamed.content

        assert api.delete(f"/api/v1/design/{rid}").status_code == 204
        assert _objects(s3_endpoint, s3_bucket) == []


def test_the_preview_goes_to_the_bucket_after_the_model(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    """The model files are published when the design succeeds (and the scratch folder removed); the PNG made
    afterwards is published the same way, and the API host again keeps nothing on disk."""
    from ai_designer.api.app import create_app

    with TestClient(create_app(_settings(tmp_path / "api", s3_endpoint, s3_bucket))) as api:  # type: ignore[arg-type]
        rid = api.post("/api/v1/design", json={"prompt": "a plate", "plan": PLATE, "formats": ["step", "png"]}
                       ).json()["request_id"]
        assert wait_status(api.get, rid, timeout=120)["status"] == "succeeded"
        done = wait_preview(api.get, rid)
        assert done["preview"]["status"] == "ready", done["preview"]
        assert _objects(s3_endpoint, s3_bucket) == [f"team-a/{rid}/v1/plate.png", f"team-a/{rid}/v1/plate.step"]
        assert not (tmp_path / "api" / "designs" / rid).exists()
        png = api.get(f"/api/v1/design/{rid}/files/png")
        assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_object_store_outage_is_a_clear_503_and_loses_nothing(tmp_path: Path) -> None:
    """Its own S3 server, stopped and started again on the same port (moto keeps the objects in this process)."""
    from moto.server import ThreadedMotoServer

    from ai_designer.api.app import create_app

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    bucket = new_bucket(endpoint)
    try:
        with TestClient(create_app(_settings(tmp_path / "api", endpoint, bucket))) as api:  # type: ignore[arg-type]
            rid = api.post("/api/v1/design", json={"prompt": "a plate", "plan": PLATE, "formats": ["step"]}).json()[
                "request_id"]
            assert wait_status(api.get, rid, timeout=120)["status"] == "succeeded"
            server.stop()
            down = api.get(f"/api/v1/design/{rid}/files/step")
            assert down.status_code == 503 and down.json()["error"]["code"] == "storage_unavailable"
            assert "retry" in down.json()["error"]["message"] and down.headers["retry-after"] == "5"
            refused = api.delete(f"/api/v1/design/{rid}")
            assert refused.status_code == 503  # nothing half-deleted: the design is still there
            assert api.get(f"/api/v1/design/{rid}").json()["status"] == "succeeded"
            ready = api.get("/ready")
            assert ready.status_code == 503 and ready.json()["checks"]["files"]["ok"] is False

            server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            server.start()
            back = api.get(f"/api/v1/design/{rid}/files/step")
            assert back.status_code == 200 and back.content.startswith(b"ISO-10303-21")
            assert api.delete(f"/api/v1/design/{rid}").status_code == 204
            assert _objects(endpoint, bucket) == []
    finally:
        server.stop()


def test_a_celery_worker_uploads_results_itself(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    """With an object store the worker hands over only file names (no bytes through Redis); if the store is away,
    it falls back to handing the bytes over."""
    from ai_designer.jobs.celery_app import _files_for_api

    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / "plate.step").write_text("ISO-10303-21;")
    (workdir / "plate.stl").write_text("solid plate")
    files = {"step": str(workdir / "plate.step"), "stl": str(workdir / "plate.stl")}
    settings = _settings(tmp_path / "home", s3_endpoint, s3_bucket)
    handed = _files_for_api(settings, "d1", 2, files, workdir)  # type: ignore[arg-type]
    assert handed == {"stored": {"step": "plate.step", "stl": "plate.stl"}}
    assert sorted(_objects(s3_endpoint, s3_bucket)) == ["team-a/d1/v2/plate.step", "team-a/d1/v2/plate.stl"]

    again = tmp_path / "again"
    again.mkdir()
    (again / "plate.step").write_text("ISO-10303-21;")
    away = _settings(tmp_path / "home2", f"http://127.0.0.1:{free_port()}", s3_bucket)
    fallback = _files_for_api(away, "d1", 3, {"step": str(again / "plate.step")}, again)  # type: ignore[arg-type]
    assert set(fallback) == {"files"} and set(fallback["files"]) == {"step"}
