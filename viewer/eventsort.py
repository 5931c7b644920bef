"""Sort orders of the event table as numpy permutations of all events.

One permutation per (column, direction), computed once per data load and cached, with its
inverse (each position's rank): the table sorts only the visible positions by rank, so neither
a filter change nor a click on a header walks the events in Python.  Ties keep the state's
order (by date), as a stable sort would, in both directions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from db.queries import EventArrays, Links
from viewer.state import ProjectState

# What each sort key compares, so that the order matches what the column shows:
#   star     starred first            date     undated last, earlier first, coarser first
#   summary  casefolded text          actors   the alphabetically first actor (none first)
#   type     type name                review   unreviewed, confirmed, rejected ("" ✓ ✗)
#   tags     the first tag (none first)  notes  number of notes


class SortKeys:
    def __init__(self, state: ProjectState) -> None:
        self._state = state
        self._arrays: EventArrays | None = None
        self._perms: dict[tuple[str, bool], np.ndarray] = {}
        self._ranks: dict[tuple[str, bool], np.ndarray] = {}
        self._identity: set[tuple[str, bool]] = set()  # orders the events are kept in already

    def forget(self, *keys: str) -> None:
        """Drop cached orders of columns whose values changed (after an annotation)."""
        self._perms = {k: v for k, v in self._perms.items() if k[0] not in keys}
        self._ranks = {k: v for k, v in self._ranks.items() if k[0] not in keys}

    def permutation(self, key: str, descending: bool = False) -> np.ndarray:
        """All event positions in the order of ``key`` (ties by position)."""
        arrays = self._state.arrays
        if arrays is not self._arrays:
            old, self._arrays = self._arrays, arrays
            # A relink patches only the actor links: the other orders still hold.
            kept = {k for k, _ in self._perms
                    if old is not None and _shares(old, arrays, ("ids", *READS[k]))}  # fmt: skip
            self._perms = {k: v for k, v in self._perms.items() if k[0] in kept}
            self._ranks = {k: v for k, v in self._ranks.items() if k[0] in kept}
            self._identity &= set(self._perms)
        cached = self._perms.get((key, descending))
        if cached is None:
            columns = KEYS[key](self._state)  # lexsort convention: the last is the primary
            if descending:
                columns = tuple(-c for c in columns)
            if _in_order(columns):  # the events are kept by date: ascending dates are
                cached = np.arange(len(arrays))  # already in order (~60 ms of lexsort at 1M)
                self._identity.add((key, descending))
            else:
                cached = np.lexsort((np.arange(len(arrays)), *columns))
            self._perms[(key, descending)] = cached
        return cached

    def in_order(self, key: str, descending: bool = False) -> bool:
        """Whether the events are kept in this order: position == rank."""
        self.permutation(key, descending)
        return (key, descending) in self._identity

    def rank(self, key: str, descending: bool = False) -> np.ndarray:
        """Per event position, its place in ``permutation(key, descending)``."""
        perm = self.permutation(key, descending)
        cached = self._ranks.get((key, descending))
        if cached is None and (key, descending) in self._identity:
            cached = self._ranks[(key, descending)] = perm  # its own inverse
        if cached is None:
            cached = np.empty(len(perm), dtype=np.int64)
            cached[perm] = np.arange(len(perm))
            self._ranks[(key, descending)] = cached
        return cached


def _in_order(columns: tuple[np.ndarray, ...]) -> bool:
    """Whether positions 0..n-1 are sorted by ``columns`` already (lexsort's convention: the
    last column first; ties stay in position order), in one vectorised pass per column."""
    undecided: np.ndarray | bool = True  # pairs (i, i+1) equal on the columns so far
    for c in reversed(columns):
        if c.dtype.kind == "f" and np.isnan(c).any():  # lexsort puts NaN last: sort
            return False
        a, b = c[:-1], c[1:]
        if np.any(undecided & (a > b)):
            return False
        undecided = undecided & (a == b)
    return True


def _date(state: ProjectState) -> tuple[np.ndarray, ...]:
    a = state.arrays
    undated = np.isnan(a.start)
    start = np.where(undated, np.inf, a.start)
    end = np.where(undated, 0.0, a.end)
    return (-end, start)  # start first, then the longer span (the coarser date) first


def _star(state: ProjectState) -> tuple[np.ndarray, ...]:
    return ((~state.arrays.starred).astype(np.int8),)


def _review(state: ProjectState) -> tuple[np.ndarray, ...]:
    return (state.arrays.review.astype(np.int8),)


def _notes(state: ProjectState) -> tuple[np.ndarray, ...]:
    return (state.arrays.note_count.astype(np.int64),)


def _type(state: ProjectState) -> tuple[np.ndarray, ...]:
    a = state.arrays
    rank = _name_ranks(dict(enumerate(a.types)), len(a.types))
    return (rank[a.event_type.astype(np.int64)] if len(a.types) else a.event_type,)


def _actors(state: ProjectState) -> tuple[np.ndarray, ...]:
    names = {x.id: x.name for x in state.actors}
    return (_first_linked(state.arrays.actors, names),)


def _tags(state: ProjectState) -> tuple[np.ndarray, ...]:
    return (_first_linked(state.arrays.tags, state.arrays.tag_names),)


def _summary(state: ProjectState) -> tuple[np.ndarray, ...]:
    """Rank of each casefolded summary (equal texts share a rank): one Python sort, cached."""
    state.ensure_summaries()
    a = state.arrays
    lines = a.summaries.split("\n")
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum([len(s) + 1 for s in lines[:-1]], out=starts[1:])
    line_of = np.searchsorted(starts, a.summary_start)
    folded = [s.casefold() for s in lines]
    order = sorted(range(len(folded)), key=folded.__getitem__)
    rank = np.empty(len(folded), dtype=np.int64)
    current, previous = -1, None
    for i in order:
        if folded[i] != previous:
            current, previous = current + 1, folded[i]
        rank[i] = current
    return (rank[line_of],)


def _name_ranks(names: dict[int, str], size: int) -> np.ndarray:
    """id → rank of its casefolded name (ids without a name sort last)."""
    rank = np.full(max(size, max(names, default=-1) + 1), len(names), dtype=np.int64)
    for r, i in enumerate(sorted(names, key=lambda i: (names[i].casefold(), names[i]))):
        rank[i] = r
    return rank


def _first_linked(links: Links, names: dict[int, str]) -> np.ndarray:
    """Per event, the name rank of its alphabetically first linked value; -1 for none."""
    n = len(links.ptr) - 1
    out = np.full(n, -1, dtype=np.int64)
    if not len(links.values):
        return out
    rank = _name_ranks(names, int(links.values.max()) + 1)
    has = np.diff(links.ptr) > 0
    # Empty events own no values, so the starts of the others delimit exactly their values.
    out[has] = np.minimum.reduceat(rank[links.values], links.ptr[:-1][has])
    return out


KEYS: dict[str, Callable[[ProjectState], tuple[np.ndarray, ...]]] = {
    "star": _star,
    "date": _date,
    "summary": _summary,
    "actors": _actors,
    "type": _type,
    "review": _review,
    "tags": _tags,
    "notes": _notes,
}

# The columns of ``EventArrays`` each key reads (besides the positions, ``ids``).
READS: dict[str, tuple[str, ...]] = {
    "star": ("starred",),
    "date": ("start", "end"),
    "summary": ("summaries", "summary_start"),
    "actors": ("actors",),
    "type": ("event_type", "types"),
    "review": ("review",),
    "tags": ("tags", "tag_names"),
    "notes": ("note_count",),
}


def _shares(old: EventArrays, new: EventArrays, columns: tuple[str, ...]) -> bool:
    return all(getattr(old, c) is getattr(new, c) for c in columns)
