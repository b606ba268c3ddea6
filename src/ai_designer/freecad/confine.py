"""The operating-system wall around a FreeCAD worker: namespaces, a private file system, no privileges, seccomp.

Why: a job script is untrusted (LLM- or client-written), and so is every string FreeCAD evaluates — expressions,
spreadsheet formulas, file properties. The static policy (``policy.py``) and the runtime proxies (``sandbox.py``)
cannot enumerate FreeCAD's C++ surface, so they are only a first filter that gives good error messages. The wall
is this module: whatever the script manages to call, the process it runs in

- lives in its own mount, PID, network, IPC and UTS namespaces (plus a user namespace when the pool is not root);
- sees a file system built for it: read-only binds of ``/usr``, the Python installation, the package and
  FreeCAD's user directory, a few files of ``/etc``, ``/dev/{null,zero,full,random,urandom}``, its own ``/proc``,
  a private ``/tmp`` — and one writable directory, its own worker directory. The store, other workers' jobs, the
  API's ``/proc/<pid>/environ`` and the rest of the machine do not exist in that view;
- runs as ``nobody`` (uid/gid 65534) with no capabilities when the pool runs as root (in its own user namespace
  otherwise), with ``PR_SET_NO_NEW_PRIVS``;
- is under a seccomp filter (libseccomp through ``pyseccomp``): no ``execve``/``execveat``, no ``fork`` (clone
  without ``CLONE_THREAD``; ``clone3`` answers ENOSYS so glibc threads fall back to ``clone``), no new sockets or
  ``connect``/``bind``, no ``ptrace``/``process_vm_*``, no ``mount``/``unshare``/``setns``/``setsid``/``setpgid``,
  no keyrings, ``bpf``, ``perf_event_open``, ``userfaultfd``, ``io_uring`` or module loading;
- is PID 1 of its namespace with ``PR_SET_PDEATHSIG``: when the pool kills its *warden* (the small parent left
  outside the PID namespace), the worker dies and the kernel kills everything left in the namespace.

Process layout: zygote → fork → **warden** (unshares the namespaces, then forks and waits) → **worker** (PID 1:
builds its view, drops privileges, loads seccomp, then serves jobs). ``confine_warden`` and ``confine_worker`` are
the two halves; ``report`` says what was applied (shown in ``/ready`` for authenticated callers and the pool's health).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import platform
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["Confinement", "confine_warden", "confine_worker", "WallError"]

NOBODY = 65534

_CLONE_NEWNS, _CLONE_NEWUTS, _CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
_CLONE_NEWUSER, _CLONE_NEWPID, _CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
_CLONE_THREAD = 0x00010000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
_MNT_DETACH = 0x2
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_DUMPABLE = 1, 38, 4
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "ppc64le": 203, "s390x": 217}

_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf",
              "fonts", "mime.types")
_DEV_FILES = ("null", "zero", "full", "random", "urandom")
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/opt")

_DENIED_SYSCALLS = (
    "execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "setsid", "setpgid", "mount_setattr",
    "move_mount", "open_tree", "fsopen", "fsmount", "fspick", "socket", "socketpair", "connect", "bind", "listen",
    "accept", "accept4", "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "kexec_load", "kexec_file_load", "init_module",
    "finit_module", "delete_module", "open_by_handle_at", "name_to_handle_at", "iopl", "ioperm", "swapon",
    "swapoff", "reboot", "acct", "settimeofday", "clock_settime", "syslog", "quotactl", "personality", "kcmp",
    "lookup_dcookie", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups",
)


class WallError(OSError):
    """A step of the wall could not be applied (the worker refuses to start rather than run unconfined)."""


class Confinement:
    """What one worker is allowed to see, decided by the trusted zygote before it forks."""

    def __init__(self, worker_dir: Path, *, readable: Iterable[str], private_tmpfs: Iterable[str] = ()) -> None:
        self.worker_dir = Path(worker_dir)
        self.readable = _covering(readable)
        self.private_tmpfs = [str(p) for p in private_tmpfs]
        self.root = os.geteuid() == 0
        self.applied: list[str] = []

    @classmethod
    def for_this_process(cls, worker_dir: Path, freecad_home: Path) -> Confinement:
        """The read-only view a warm FreeCAD worker needs: the system, Python, the package, FreeCAD's user dir."""
        readable = {str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        readable |= {str(Path(p).resolve()) for p in sys.path if p and Path(p).is_dir()}
        readable.add(str(freecad_home))
        readable |= {p for p in _SYSTEM_DIRS if os.path.isdir(p) and not os.path.islink(p)}
        return cls(worker_dir, readable=readable, private_tmpfs=[str(freecad_home / "tmp")])

    def report(self) -> dict[str, Any]:
        return {"namespaces": ["mount", "pid", "net", "ipc", "uts"] + ([] if self.root else ["user"]),
                "uid": os.getuid(), "filesystem": "private view: read-only system, writable worker dir only",
                "seccomp": "no exec/fork/socket/ptrace/mount", "no_new_privs": True, "applied": list(self.applied)}


def _covering(paths: Iterable[str]) -> list[str]:
    """Drop paths inside another listed path; shortest first (parents are mounted before children)."""
    out: list[str] = []
    for p in sorted({os.path.normpath(p) for p in paths if p and p != "/"}, key=len):
        if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
            out.append(p)
    return out


_libc: Any = None


def _c() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise WallError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = [s.encode() if s is not None else None for s in (source, target, fstype, data)]
    _check(_c().mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3]), f"mount {target}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


# --- warden: the namespaces -----------------------------------------------------------------------------------------

def confine_warden(conf: Confinement) -> None:
    """In the warden (single-threaded, just forked): new namespaces. Its next child becomes PID 1 of the new one."""
    flags = _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS
    uid, gid = os.geteuid(), os.getegid()
    if conf.root:
        conf.worker_dir.mkdir(parents=True, exist_ok=True)
        os.chown(conf.worker_dir, NOBODY, NOBODY)
        _check(_c().unshare(flags), "unshare")
    else:
        _check(_c().unshare(flags | _CLONE_NEWUSER), "unshare (user namespace; the kernel or a container profile "
               "may forbid unprivileged user namespaces)")
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
        _write("/proc/self/gid_map", f"{gid} {gid} 1\n")
    conf.applied.append("namespaces")


# --- worker: the view, the privileges, the filter ---------------------------------------------------------------------

def confine_worker(conf: Confinement) -> None:
    """In the worker (PID 1 of the new namespaces): build the view, drop privileges, load seccomp. Raises
    :class:`WallError` if any step fails — the caller must then exit instead of serving jobs."""
    _build_view(conf)
    conf.applied.append("filesystem")
    _drop_privileges(conf)
    conf.applied.append("unprivileged")
    # after the credential change, which clears it: the worker dies with its warden
    _check(_c().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PDEATHSIG)")
    _check(_c().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
    _check(_c().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(DUMPABLE)")
    _load_seccomp()
    conf.applied.append("seccomp")


def _build_view(conf: Confinement) -> None:
    """bubblewrap's recipe: a tmpfs as the new root, binds into it, pivot, detach the old root."""
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    base = "/tmp"
    _mount("tmpfs", base, "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=0755,size=1m")
    os.chdir(base)
    for name in ("newroot", "oldroot"):
        os.mkdir(name, 0o755)
    _mount("tmpfs", "newroot", "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=0755,size=8m")
    _pivot_root(base, "oldroot")
    os.chdir("/")
    _tmpfs("/newroot/tmp", "size=64m,mode=1777")  # first: binds below /tmp (test homes) land inside it
    for path in conf.readable:
        _bind("/oldroot" + path, "/newroot" + path, writable=False)
    for link in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink("/oldroot" + link) and not os.path.lexists("/newroot" + link):
            os.symlink(os.readlink("/oldroot" + link), "/newroot" + link)
    for name in _ETC_FILES:
        if os.path.exists("/oldroot/etc/" + name):
            _bind("/oldroot/etc/" + name, "/newroot/etc/" + name, writable=False)
    for name in _DEV_FILES:
        _bind("/oldroot/dev/" + name, "/newroot/dev/" + name, writable=True, device=True)
    worker = str(conf.worker_dir)
    _bind("/oldroot" + worker, "/newroot" + worker, writable=True)
    for path in conf.private_tmpfs:
        _tmpfs("/newroot" + path, "size=256m,mode=0700")
    os.makedirs("/newroot/proc", exist_ok=True)
    _mount("proc", "/newroot/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    _mount(None, "/newroot", None, _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
    os.chdir("/newroot")
    _pivot_root(".", ".")
    _check(_c().umount2(b".", _MNT_DETACH), "umount old root")
    os.chdir("/")


def _pivot_root(new: str, old: str) -> None:
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise WallError(errno.ENOSYS, f"pivot_root: unknown syscall number on {platform.machine()}")
    _check(_c().syscall(number, new.encode(), old.encode()), "pivot_root")


def _bind(src: str, dest: str, *, writable: bool, device: bool = False) -> None:
    """Bind ``src`` at ``dest`` (creating the mount point); read-only unless ``writable``."""
    if os.path.isdir(src):
        os.makedirs(dest, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if not os.path.exists(dest):
            with open(dest, "w"):
                pass
    _mount(src, dest, None, _MS_BIND)
    flags = _MS_REMOUNT | _MS_BIND | _MS_NOSUID | (0 if device else _MS_NODEV) | (0 if writable else _MS_RDONLY)
    try:
        _mount(None, dest, None, flags)
    except WallError:
        if writable:  # a writable bind keeps the source's flags; only read-only ones must succeed
            return
        _mount(None, dest, None, flags | _locked_flags(src))


def _locked_flags(path: str) -> int:
    """Mount flags a user namespace may not clear on remount (the source mount's noexec etc.)."""
    st = os.statvfs(path)
    return (_MS_NOEXEC if st.f_flag & os.ST_NOEXEC else 0) | (_MS_NOSUID if st.f_flag & os.ST_NOSUID else 0) | (
        _MS_NODEV if st.f_flag & os.ST_NODEV else 0)


def _tmpfs(dest: str, options: str) -> None:
    os.makedirs(dest, exist_ok=True)
    _mount("tmpfs", dest, "tmpfs", _MS_NOSUID | _MS_NODEV, options)
    if os.geteuid() == 0 and os.path.basename(dest) != "tmp":
        os.chown(dest, NOBODY, NOBODY)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_privileges(conf: Confinement) -> None:
    """Root → nobody (the kernel clears every capability); in a user namespace, clear the capabilities explicitly."""
    if conf.root:
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(_c().capset(ctypes.byref(header), data), "capset")
    if os.geteuid() == 0:
        raise WallError(errno.EPERM, "the worker still runs as root")


def _load_seccomp() -> None:
    try:
        import pyseccomp as seccomp
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise WallError(errno.ENOSYS, f"seccomp: pyseccomp is not installed ({exc})") from exc
    deny = seccomp.ERRNO(errno.EPERM)
    filt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in _DENIED_SYSCALLS:
        with contextlib.suppress(ValueError, RuntimeError):  # a syscall this architecture does not have
            filt.add_rule(deny, name)
    filt.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, _CLONE_THREAD, 0))
    filt.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    try:
        filt.load()
    except (OSError, RuntimeError) as exc:
        raise WallError(errno.EPERM, f"seccomp: could not load the filter ({exc})") from exc
