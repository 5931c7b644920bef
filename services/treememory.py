"""The memory a process and its worker processes hold together, sampled while work runs.

An import's memory is the window's process plus every reading process: ``ru_maxrss`` gives
each one's own peak, and their sum counts the shared libraries once per process.  The
proportional set size (PSS, Linux) splits each shared page among the processes that map it,
so the sum over the tree is what the machine really gives the work.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_PROC = Path("/proc")


def _children() -> dict[int, list[int]]:
    """Every process's children, from one pass over ``/proc/*/stat`` (no psutil needed)."""
    found: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended while we looked
            continue
        # "pid (command) state ppid ...": the command may hold spaces and parentheses
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1:
            found.setdefault(int(fields[1]), []).append(int(entry.name))
    return found


def _field_mb(path: Path, key: str) -> float | None:
    """The ``key:`` line of a /proc file (kB) in MB; None where the file or line is missing."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _own_mb(pid: int) -> float:
    """``pid``'s PSS (its share of shared pages), else its RSS, in MB; 0 once it has ended."""
    proc = _PROC / str(pid)
    pss = _field_mb(proc / "smaps_rollup", "Pss:")
    if pss is None:
        pss = _field_mb(proc / "status", "VmRSS:")
    return pss or 0.0


def tree_mb(root: int | None = None) -> float | None:
    """Memory of ``root`` (this process) and all its descendants now; None off Linux."""
    if not _PROC.is_dir():
        return None
    children = _children()
    tree = [os.getpid() if root is None else root]
    for pid in tree:  # grows while walked: breadth first
        tree.extend(children.get(pid, ()))
    return sum(_own_mb(pid) for pid in tree)


class TreeMemory:
    """``with TreeMemory() as m: work()`` then ``m.peak_mb``: the largest ``tree_mb`` seen,
    sampled every ``interval`` seconds on a thread of its own (None off Linux)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            now = tree_mb()
            if now is None:
                return
            self.peak_mb = now if self.peak_mb is None else max(self.peak_mb, now)
            if self._stop.wait(self.interval):
                return
