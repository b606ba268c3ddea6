"""CPU seconds of whole process trees, read from ``/proc`` (Linux), for benchmarks on a shared machine.

Why CPU and not wall time: on the project's 2 shared cores the wall figures of the same run swing by ±50 % with the
other tenants' load, while the CPU a piece of work needs moves far less. Why ``/proc`` and not a profiler: nothing is
attached, so nothing is slowed down; the counters are the kernel's.

A tree's figure is every live process's ``utime + stime`` plus ``cutime + cstime`` (the CPU of children it has
already reaped: a recycled FreeCAD worker's CPU is thereby still counted, through its warden and the zygote). A
process that exits *and* is reaped between two readings by a parent outside the tree is lost — none of the trees
measured here has such a parent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[str, list[int]] | None:
    """(command name, [utime, stime, cutime, cstime] in ticks) of ``pid``, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text.rsplit(")", 1)[1].split()
    return name, [int(fields[i]) for i in (11, 12, 13, 14)]


def children(pid: int) -> list[int]:
    """Direct children of every thread of ``pid``."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            out += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
        except OSError:
            continue
    return out


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children(current)
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def tree_cpu(roots: Iterable[int], classify: Callable[[int], str]) -> dict[str, float]:
    """CPU seconds so far of the trees under ``roots``, summed per ``classify(pid)`` label (the root's own threads
    included; below the root, reaped children too)."""
    totals: dict[str, float] = {}
    for root in roots:
        for pid in descendants(root):
            stat = _stat(pid)
            if stat is None:
                continue
            label = classify(pid)
            ticks = stat[1] if pid != root else stat[1][:2]  # a root's reaped children are not part of the run
            totals[label] = totals.get(label, 0.0) + sum(ticks) / TICK
    return totals


def own_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` alone (all its threads, not its children)."""
    stat = _stat(pid)
    return (stat[1][0] + stat[1][1]) / TICK if stat else 0.0


def delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after.get(k, 0.0) - before.get(k, 0.0) for k in set(before) | set(after)}


def tree_exact(root: int) -> float:
    """CPU seconds so far of every live thread under ``root`` (``root`` included), from ``schedstat``: nanosecond
    resolution, where ``stat``'s counters move in 10 ms ticks — too coarse for one job. Reaped children are not
    counted: use it across work that starts and ends no process."""
    total = 0
    for pid in descendants(root):
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
    return total / 1e9
