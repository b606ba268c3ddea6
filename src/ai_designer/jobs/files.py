"""Where design files live: a directory (default) or an S3-compatible object store (``FILES_URL=s3://bucket/prefix``).

Jobs always write into a local scratch directory, ``AI_DESIGNER_HOME/designs/<id>/v<N>/``. When a version finishes,
:meth:`FileStore.save` publishes those files to the configured store; with S3 the scratch copy is then removed, so an
API host keeps no state on its disk and any host can serve any design. Keys are ``<prefix>/<id>/v<N>/<file name>``.

S3 goes through boto3 (AWS S3, MinIO, Ceph, R2 …): endpoint, keys and region come from ``AWS_ENDPOINT_URL``,
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and ``AWS_DEFAULT_REGION`` (or boto3's usual chain: instance
roles, ``~/.aws``). Downloads stream through the API, or redirect to a presigned URL when
``FILES_REDIRECT_SECONDS`` > 0. An unreachable store raises :class:`~ai_designer.core.errors.StorageUnavailable`
(503 at the API), never a bare 500.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ai_designer.core.errors import ConfigError, NotFoundError, StorageUnavailable
from ai_designer.core.settings import Settings

__all__ = ["FileStore", "LocalFiles", "S3Files", "Download", "make_file_store"]

_CHUNK = 1024 * 1024


@dataclass
class Download:
    """One way to hand a file to a client: a local ``path``, a presigned ``url``, or a stream of ``chunks``."""

    path: Path | None = None
    url: str | None = None
    chunks: Iterator[bytes] | None = None
    size: int | None = None


class FileStore(Protocol):
    kind: str

    def save(self, design_id: str, version: int, scratch: Path, names: dict[str, str]) -> None: ...

    def download(self, design_id: str, version: int, name: str, *, filename: str, content_type: str) -> Download: ...

    def fetch(self, design_id: str, version: int, name: str, target: Path) -> Path: ...

    def delete_design(self, design_id: str) -> None: ...

    def delete_version(self, design_id: str, version: int) -> None: ...

    def health(self) -> dict[str, Any]: ...


def make_file_store(settings: Settings) -> FileStore:
    """``FILES_URL``: unset or a directory → :class:`LocalFiles`; ``s3://bucket[/prefix]`` → :class:`S3Files`."""
    url = (settings.files_url or "").strip()
    if url.startswith("s3://"):
        bucket, _, prefix = url[5:].partition("/")
        if not bucket:
            raise ConfigError(f"FILES_URL={url!r} names no bucket: use s3://bucket/prefix")
        return S3Files(settings, bucket, prefix.strip("/"))
    if "://" in url and not url.startswith("file://"):
        raise ConfigError(f"FILES_URL={url!r} is not supported: use a directory or s3://bucket/prefix")
    root = Path(url.removeprefix("file://")).expanduser() if url else settings.designs_dir
    return LocalFiles(root, settings.designs_dir)


class LocalFiles:
    """Files on a filesystem: the scratch directory itself by default, or another directory (e.g. a mount)."""

    kind = "local"

    def __init__(self, root: Path, scratch_root: Path) -> None:
        self.root, self.scratch_root = root, scratch_root

    def _dir(self, design_id: str, version: int) -> Path:
        return self.root / design_id / f"v{version}"

    def save(self, design_id: str, version: int, scratch: Path, names: dict[str, str]) -> None:
        target = self._dir(design_id, version)
        if target.resolve() == scratch.resolve():
            return
        target.mkdir(parents=True, exist_ok=True)
        for name in names.values():
            shutil.copyfile(scratch / name, target / name)
        shutil.rmtree(scratch, ignore_errors=True)

    def path(self, design_id: str, version: int, name: str) -> Path:
        base = self._dir(design_id, version).resolve()
        path = (base / name).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            raise NotFoundError(f"the file {name} of design {design_id} v{version} is missing on disk")
        return path

    def download(self, design_id: str, version: int, name: str, *, filename: str, content_type: str) -> Download:
        return Download(path=self.path(design_id, version, name))

    def fetch(self, design_id: str, version: int, name: str, target: Path) -> Path:
        return self.path(design_id, version, name)

    def delete_design(self, design_id: str) -> None:
        shutil.rmtree(self.root / design_id, ignore_errors=True)

    def delete_version(self, design_id: str, version: int) -> None:
        shutil.rmtree(self._dir(design_id, version), ignore_errors=True)

    def health(self) -> dict[str, Any]:
        return {"ok": True, "kind": self.kind, "root": str(self.root)}


def _missing(exc: Exception) -> bool:
    """Whether boto3 says the object does not exist (``NoSuchKey`` on GET, a bare 404 on HEAD)."""
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404")


class S3Files:
    """Files in an S3-compatible bucket through one thread-safe boto3 client."""

    kind = "s3"

    def __init__(self, settings: Settings, bucket: str, prefix: str) -> None:
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.redirect_seconds = settings.files_redirect_seconds
        self.client = boto3.client(
            "s3", endpoint_url=settings.aws_endpoint_url, region_name=settings.aws_default_region,
            aws_access_key_id=settings.aws_access_key_id, aws_secret_access_key=settings.aws_secret_access_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=3, read_timeout=30,
                          signature_version="s3v4"))

    def key(self, design_id: str, version: int | None = None, name: str = "") -> str:
        parts = [self.prefix, design_id] if self.prefix else [design_id]
        if version is not None:
            parts += [f"v{version}", name]
        return "/".join(parts)

    def _unavailable(self, exc: Exception, doing: str) -> StorageUnavailable:
        return StorageUnavailable(f"the object store (s3://{self.bucket}) could not {doing} ({type(exc).__name__}: "
                                  f"{exc}); retry in a moment, and check AWS_ENDPOINT_URL and the keys if it lasts",
                                  details={"retry_after": 5})

    def save(self, design_id: str, version: int, scratch: Path, names: dict[str, str]) -> None:
        try:
            for name in names.values():
                self.client.upload_file(str(scratch / name), self.bucket, self.key(design_id, version, name))
        except Exception as exc:
            raise self._unavailable(exc, "store the files") from exc
        shutil.rmtree(scratch, ignore_errors=True)
        with contextlib.suppress(OSError):  # the design's scratch folder, when no other version is in it
            scratch.parent.rmdir()

    def download(self, design_id: str, version: int, name: str, *, filename: str, content_type: str) -> Download:
        key = self.key(design_id, version, name)
        try:
            if self.redirect_seconds:
                self.client.head_object(Bucket=self.bucket, Key=key)  # a missing file is a 404 here, not later
                url = self.client.generate_presigned_url("get_object", ExpiresIn=self.redirect_seconds, Params={
                    "Bucket": self.bucket, "Key": key, "ResponseContentType": content_type,
                    "ResponseContentDisposition": f'attachment; filename="{filename}"'})
                return Download(url=url)
            obj = self.client.get_object(Bucket=self.bucket, Key=key)
        except Exception as exc:
            if _missing(exc):
                raise NotFoundError(f"the file {name} of design {design_id} v{version} is missing in the object "
                                    "store (deleted by a retention rule?)") from exc
            raise self._unavailable(exc, "read the file") from exc
        return Download(chunks=obj["Body"].iter_chunks(_CHUNK), size=int(obj["ContentLength"]))

    def fetch(self, design_id: str, version: int, name: str, target: Path) -> Path:
        """A local copy (kept as a cache in the scratch directory) for code that needs a path, e.g. MCP tools."""
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            self.client.download_file(self.bucket, self.key(design_id, version, name), str(partial))
        except Exception as exc:
            partial.unlink(missing_ok=True)
            if _missing(exc):
                raise NotFoundError(f"the file {name} of design {design_id} v{version} is missing in the object "
                                    "store") from exc
            raise self._unavailable(exc, "read the file") from exc
        partial.replace(target)
        return target

    def _delete_prefix(self, prefix: str) -> None:
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            for page in pages:
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
        except Exception as exc:
            raise self._unavailable(exc, "delete the files") from exc

    def delete_design(self, design_id: str) -> None:
        self._delete_prefix(self.key(design_id) + "/")

    def delete_version(self, design_id: str, version: int) -> None:
        self._delete_prefix(self.key(design_id, version, ""))

    def health(self) -> dict[str, Any]:
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return {"ok": True, "kind": self.kind, "bucket": self.bucket}
        except Exception as exc:
            return {"ok": False, "kind": self.kind, "bucket": self.bucket, "error": f"{type(exc).__name__}: {exc}"}
