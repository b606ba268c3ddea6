"""The CI secret scan (scripts/secret_scan.sh, detect-secrets) passes a clean repo and fails on a planted key.

CI runs the script itself on this repository (scripts/test.sh), so it is not repeated here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "secret_scan.sh"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(cwd / "scripts" / "secret_scan.sh"), *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def temp_repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "scripts" / "secret_scan.sh")
    (repo / "app.py").write_text('GREETING = "hello"\n')
    git = ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    assert _run(repo, "--update").returncode == 0
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=repo, check=True)
    return repo


def test_clean_repo_passes(temp_repo: Path) -> None:
    result = _run(temp_repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_planted_key_fails_the_scan(temp_repo: Path) -> None:
    fake_aws = "AKIA" + "Q3EGTNZ7XKPLMB4V"  # built at run time so this file itself holds no key
    (temp_repo / "settings_local.py").write_text(f'AWS_ACCESS_KEY_ID = "{fake_aws}"\n')
    subprocess.run(["git", "add", "settings_local.py"], cwd=temp_repo, check=True)
    result = _run(temp_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "settings_local.py" in result.stdout + result.stderr
    assert "not in .secrets.baseline" in result.stderr


def test_untracked_private_key_also_fails(temp_repo: Path) -> None:
    header = "-----BEGIN RSA " + "PRIVATE KEY-----"
    (temp_repo / "deploy.pem").write_text(f"{header}\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\n")
    assert _run(temp_repo).returncode == 1



def test_moved_baselined_finding_still_passes_and_baseline_is_untouched(temp_repo: Path) -> None:
    fake = "hunter2" * 3
    (temp_repo / "conf.py").write_text(f'password = "{fake}"\n')
    subprocess.run(["git", "add", "conf.py"], cwd=temp_repo, check=True)
    assert _run(temp_repo).returncode == 1
    assert _run(temp_repo, "--update").returncode == 0  # audited into the baseline
    assert _run(temp_repo).returncode == 0
    baseline = (temp_repo / ".secrets.baseline").read_text()
    (temp_repo / "conf.py").write_text(f'# a comment\n# another\npassword = "{fake}"\n')
    result = _run(temp_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (temp_repo / ".secrets.baseline").read_text() == baseline
