"""The pool moves the files a worker reports; the worker is untrusted, so what it reports is checked.

``deliver`` is the trust boundary between a sandboxed worker and the files the API hands out: these tests play a
hostile worker that reports paths outside its job directory, symlinks and hard links planted inside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ai_designer.freecad.worker_handle import _copy_out, deliver
from ai_designer.schemas.execution import JobResult


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    job, out, secret = tmp_path / "worker-0" / "job", tmp_path / "out", tmp_path / "secret.txt"
    job.mkdir(parents=True)
    secret.write_text("API_KEY=sk-live")
    return job, out, secret


def _result(**files: str) -> JobResult:
    return JobResult(ok=True, files=files)


def test_plain_files_in_the_job_directory_are_moved(dirs: tuple[Path, Path, Path]) -> None:
    job, out, _ = dirs
    (job / "part.step").write_text("ISO-10303-21;")
    (job / "part.glb").write_bytes(b"glTF")
    result = deliver(JobResult(ok=True, files={"step": str(job / "part.step")}, preview_mesh=str(job / "part.glb")),
                     out, job)
    assert result.ok and result.files == {"step": str(out / "part.step")}
    assert (out / "part.step").read_text() == "ISO-10303-21;" and result.preview_mesh == str(out / "part.glb")
    assert not (job / "part.step").exists()


@pytest.mark.parametrize("reported", ["{secret}", "{job}/../../secret.txt", "{job}/sub/../../../secret.txt"])
def test_a_path_outside_the_job_directory_is_refused_and_left_in_place(dirs: tuple[Path, Path, Path],
                                                                       reported: str) -> None:
    job, out, secret = dirs
    result = deliver(_result(stl=reported.format(secret=secret, job=job)), out, job)
    assert not result.ok and result.error and result.error["code"] == "export_failed"
    assert "not a file in its job directory" in result.error["message"]
    assert secret.read_text() == "API_KEY=sk-live" and result.files == {}


def test_a_symlink_planted_in_the_job_directory_is_deleted_not_handed_out(dirs: tuple[Path, Path, Path]) -> None:
    job, out, secret = dirs
    (job / "part.step").write_text("ISO-10303-21;")
    os.symlink(secret, job / "part.stl")
    result = deliver(_result(step=str(job / "part.step"), stl=str(job / "part.stl")), out, job)
    assert not result.ok and "link, not a plain file" in result.error["message"]  # type: ignore[index]
    assert result.files == {} and not list(out.iterdir())  # the good file moved first is withdrawn too
    assert secret.read_text() == "API_KEY=sk-live"


def test_a_file_reached_through_a_symlinked_directory_is_refused(dirs: tuple[Path, Path, Path]) -> None:
    job, out, secret = dirs
    os.symlink(secret.parent, job / "up")
    result = deliver(_result(stl=str(job / "up" / "secret.txt")), out, job)
    assert not result.ok and secret.exists()


def test_a_hard_link_to_another_file_is_refused(dirs: tuple[Path, Path, Path]) -> None:
    job, out, secret = dirs
    os.link(secret, job / "part.stl")
    result = deliver(_result(stl=str(job / "part.stl")), out, job)
    assert not result.ok and not (out / "part.stl").exists()
    assert secret.read_text() == "API_KEY=sk-live"


def test_a_job_directory_swapped_for_a_symlink_is_refused(dirs: tuple[Path, Path, Path]) -> None:
    """The worker owns its directory, so a hostile script can replace ``job`` itself with a link to a directory of
    the service's: what it reports is then "directly inside the job directory" by name and by resolved path alike.
    The pool must not follow it."""
    job, out, secret = dirs
    job.rmdir()
    os.symlink(secret.parent, job)
    result = deliver(_result(stl=str(job / "secret.txt")), out, job)
    assert not result.ok and result.error and result.error["code"] == "export_failed"
    assert secret.read_text() == "API_KEY=sk-live"
    assert not list(out.iterdir())


def test_the_copy_across_filesystems_refuses_links_too(dirs: tuple[Path, Path, Path]) -> None:
    """When ``out_dir`` is on another filesystem the file is copied, by name in the opened directories: a planted
    symlink is not followed and a hard link is refused, as for a rename."""
    job, out, secret = dirs
    out.mkdir()
    (job / "part.step").write_text("ISO-10303-21;")
    os.symlink(secret, job / "part.stl")
    os.link(secret, job / "part.obj")
    job_fd, out_fd = os.open(job, os.O_RDONLY | os.O_DIRECTORY), os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _copy_out("part.step", job_fd, out_fd)
        with pytest.raises(OSError):
            _copy_out("part.stl", job_fd, out_fd)
        with pytest.raises(ValueError, match="not a plain file"):
            _copy_out("part.obj", job_fd, out_fd)
    finally:
        os.close(job_fd)
        os.close(out_fd)
    assert (out / "part.step").read_text() == "ISO-10303-21;" and not (job / "part.step").exists()
    assert sorted(p.name for p in out.iterdir()) == ["part.step"] and secret.read_text() == "API_KEY=sk-live"
