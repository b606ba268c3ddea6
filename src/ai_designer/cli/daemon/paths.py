"""Where a daemon's socket lives, and which environment it may serve.

A daemon answers only for the environment it was started in: the same interpreter and package, the same working
directory, the same environment variables (minus terminal noise) and the same ``.env`` / YAML config contents. That
identity is hashed into the socket's name (``d-<fingerprint>.sock``), so a shell with another ``AI_DESIGNER_HOME``, key
or config never talks to a daemon whose settings differ from its own — it finds no socket and builds in-process (or
starts a daemon of its own with ``AI_DESIGNER_DAEMON=auto``).

The directory is ``$XDG_RUNTIME_DIR/ai-designer`` (a per-user tmpfs that the login manager creates 0700), else a
private ``<tmp>/ai-designer-<uid>``; either is created 0700 and refused when it is not a real directory owned by this
user with no group/other access. Sockets are bound 0600. Standard library only: the CLI's warm path imports this.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DaemonUnavailable", "DaemonPaths", "runtime_dir", "fingerprint", "paths_for_this_process", "IGNORED_ENV"]

#: Variables that differ between terminals of the same user without changing what a design does (they only change
#: how the CLI prints, which the CLI does itself), and the daemon switch itself.
IGNORED_ENV = frozenset({
    "_", "PWD", "OLDPWD", "SHLVL", "TERM", "COLUMNS", "LINES", "PS1", "PS2", "PROMPT_COMMAND", "TMUX", "TMUX_PANE",
    "STY", "WINDOW", "WINDOWID", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "GPG_TTY", "DISPLAY",
    "WAYLAND_DISPLAY", "XAUTHORITY", "COLORTERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "TERM_SESSION_ID",
    "VTE_VERSION", "LS_COLORS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "HISTFILE", "HISTSIZE",
    "PYTEST_CURRENT_TEST",
})
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux


class DaemonUnavailable(OSError):
    """No daemon can be used here (unsafe or unusable runtime directory, path too long, no answer)."""


@dataclass(frozen=True)
class DaemonPaths:
    """The files of one daemon: its socket, the lock it holds while alive, and its log."""

    directory: Path
    key: str

    @property
    def socket(self) -> Path:
        return self.directory / f"d-{self.key}.sock"

    @property
    def lock(self) -> Path:
        return self.directory / f"d-{self.key}.lock"

    @property
    def log(self) -> Path:
        return self.directory / f"d-{self.key}.log"


def _check_private(path: Path) -> None:
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise DaemonUnavailable(f"{path} must be a directory owned by this user with mode 0700 (it is "
                                f"{stat.filemode(info.st_mode)}, uid {info.st_uid}); remove it or fix its mode")


def runtime_dir(environ: dict[str, str] | None = None) -> Path:
    """The private directory for sockets: ``$XDG_RUNTIME_DIR/ai-designer``, else ``<tmp>/ai-designer-<uid>``."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_RUNTIME_DIR", "")
    if xdg and os.path.isabs(xdg) and os.path.isdir(xdg):
        target = Path(xdg) / "ai-designer"
    else:
        target = Path(env.get("TMPDIR") or "/tmp") / f"ai-designer-{os.geteuid()}"
    try:
        os.mkdir(target, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise DaemonUnavailable(f"cannot create {target}: {exc.strerror}") from exc
    _check_private(target)
    return target


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def fingerprint(environ: dict[str, str], cwd: str) -> str:
    """What the daemon's settings and code depend on, hashed: a different value means a different daemon."""
    import ai_designer

    config = environ.get("AI_DESIGNER_CONFIG") or "config/config.yaml"
    identity = {
        "python": sys.executable, "package": os.path.dirname(ai_designer.__file__),
        "version": ai_designer.__version__, "cwd": cwd,
        "env": sorted((k, v) for k, v in environ.items()
                      if k not in IGNORED_ENV and not k.startswith("AI_DESIGNER_DAEMON")),
        "files": [_file_digest(Path(cwd) / ".env"), _file_digest(Path(cwd) / config)],
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:20]


def paths_for_this_process() -> DaemonPaths:
    """The daemon files for this process's environment and working directory."""
    directory = runtime_dir()
    paths = DaemonPaths(directory, fingerprint(dict(os.environ), os.getcwd()))
    if len(str(paths.socket).encode()) > _MAX_SOCKET_PATH:
        raise DaemonUnavailable(f"the socket path {paths.socket} is too long for a Unix socket; set XDG_RUNTIME_DIR "
                                "to a shorter directory")
    return paths
