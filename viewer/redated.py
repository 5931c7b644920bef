"""New dates for a few events, without re-reading the million others.  No Qt.

A publication date change re-resolves one article's events: their start, end and precision
change and, since ``EventArrays`` are kept in ``date_order``, their positions too.  Re-reading
every event for that costs a full load; here the moved events are taken out, sorted among
themselves and put back by binary search (their neighbours keep their relative order), and
every per-position column is permuted only over the window that actually moved.

The result is a *new* ``EventArrays``: the caches keyed on the arrays' identity (lanes, sort
orders, filter masks, the id → position index) must not survive a reordering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from db.arrays import OTHER_PRECISION, PRECISION_CODES, EventArrays, Links, date_order

_EPOCH_ORD = date(1970, 1, 1).toordinal()
# Past this many moved events one full sort is as quick as the binary searches.
FULL_SORT_FROM = 2_000


def day_columns(
    earliest: Sequence[date | None], latest: Sequence[date | None], precision: Sequence[str | None]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start, end, precision code) as ``db.arrays.load_event_arrays`` computes them: float
    days since 1970, ``end`` exclusive and at least a day after ``start``, NaN when undated."""
    n = len(earliest)
    start = np.array([np.nan if d is None else d.toordinal() - _EPOCH_ORD for d in earliest],
                     dtype=np.float64).reshape(n)  # fmt: skip
    last = np.array([np.nan if d is None else d.toordinal() - _EPOCH_ORD for d in latest],
                    dtype=np.float64).reshape(n)  # fmt: skip
    end = np.where(np.isnan(last), start + 1.0, np.maximum(last + 1.0, start + 1.0))
    codes = np.array([PRECISION_CODES.get(p, OTHER_PRECISION) for p in precision],
                     dtype=np.int8).reshape(n)  # fmt: skip
    return start, end, codes


def with_dates(
    arrays: EventArrays,
    ids: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    precision: np.ndarray,
) -> EventArrays:
    """``arrays`` with these events' dates replaced, in ``date_order`` again (a new object).
    Ids the arrays do not hold are ignored."""
    ids = np.asarray(ids, dtype=np.int64)
    pos = arrays.positions_of(ids)
    known = pos >= 0
    pos, start, end, precision = pos[known], start[known], end[known], precision[known]
    if len(pos) >= FULL_SORT_FROM:
        return _sorted_again(arrays, pos, start, end, precision)
    by_date = date_order(start, end, arrays.ids[pos])
    pos, start, end, precision = pos[by_date], start[by_date], end[by_date], precision[by_date]
    slots = _slots(arrays, pos, start, end)
    runs = _runs(_window_perm(len(arrays), pos, slots))

    def permuted(column: np.ndarray) -> np.ndarray:
        out = column.copy()
        for at, old, length in runs:
            out[at : at + length] = column[old : old + length]
        return out

    def dated(column: np.ndarray, new: np.ndarray) -> np.ndarray:
        out = permuted(column)
        out[slots] = new
        return out

    return replace(
        arrays,
        ids=permuted(arrays.ids),
        start=dated(arrays.start, start),
        end=dated(arrays.end, end),
        precision=dated(arrays.precision, precision),
        event_type=permuted(arrays.event_type),
        review=permuted(arrays.review),
        starred=permuted(arrays.starred),
        note_count=permuted(arrays.note_count),
        actors=_permuted_links(arrays.actors, runs),
        things=_permuted_links(arrays.things, runs),
        sources=_permuted_links(arrays.sources, runs),
        tags=_permuted_links(arrays.tags, runs),
        summary_start=permuted(arrays.summary_start),
        summary_end=permuted(arrays.summary_end),
    )


def _slots(arrays: EventArrays, pos: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The final position of each moved event (``pos`` sorted by their new dates).

    Each is found by binary search among the *old* arrays (still in order: start, then the
    longer first, then id; NaN sorts last in numpy's searchsorted as in its sorts), less the
    moved events that were before that place."""
    old_start, old_end, old_ids = arrays.start, arrays.end, arrays.ids
    gone = np.sort(pos)
    slots = np.empty(len(pos), dtype=np.int64)
    for j, (p, s, e) in enumerate(zip(pos.tolist(), start.tolist(), end.tolist(), strict=True)):
        a = int(np.searchsorted(old_start, s, side="left"))
        b = int(np.searchsorted(old_start, s, side="right"))
        longer = -old_end[a:b]  # ascending within one start
        a, b = a + int(np.searchsorted(longer, -e, side="left")), a + int(
            np.searchsorted(longer, -e, side="right"))
        at = a + int(np.searchsorted(old_ids[a:b], old_ids[p], side="left"))
        slots[j] = at - int(np.searchsorted(gone, at, side="left")) + j
    return slots


def _window_perm(n: int, pos: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """Old position of each new position (identity outside the span of ``pos`` and ``slots``)."""
    perm = np.arange(n, dtype=np.int64)
    if not len(pos):
        return perm
    lo = min(int(pos.min()), int(slots.min()))
    hi = max(int(pos.max()), int(slots.max())) + 1
    taken = np.zeros(hi - lo, dtype=bool)
    taken[slots - lo] = True
    stays = np.ones(hi - lo, dtype=bool)
    stays[pos - lo] = False
    window = perm[lo:hi]
    window[~taken] = np.flatnonzero(stays) + lo  # the others keep their relative order
    window[taken] = pos
    return perm


def _sorted_again(
    arrays: EventArrays, pos: np.ndarray, start: np.ndarray, end: np.ndarray, prec: np.ndarray
) -> EventArrays:
    """Many moved events: set the dates and sort everything once."""
    new_start, new_end, new_prec = arrays.start.copy(), arrays.end.copy(), arrays.precision.copy()
    new_start[pos], new_end[pos], new_prec[pos] = start, end, prec
    runs = _runs(date_order(new_start, new_end, arrays.ids))

    def permuted(column: np.ndarray) -> np.ndarray:
        out = column.copy()
        for at, old, length in runs:
            out[at : at + length] = column[old : old + length]
        return out

    return replace(
        arrays, ids=permuted(arrays.ids), start=permuted(new_start), end=permuted(new_end),
        precision=permuted(new_prec), event_type=permuted(arrays.event_type),
        review=permuted(arrays.review), starred=permuted(arrays.starred),
        note_count=permuted(arrays.note_count),
        actors=_permuted_links(arrays.actors, runs), things=_permuted_links(arrays.things, runs),
        sources=_permuted_links(arrays.sources, runs), tags=_permuted_links(arrays.tags, runs),
        summary_start=permuted(arrays.summary_start), summary_end=permuted(arrays.summary_end),
    )  # fmt: skip


def _runs(perm: np.ndarray) -> list[tuple[int, int, int]]:
    """The moved window of ``perm`` as runs (new position, old position, length) of
    consecutive old positions: at most two per moved event, so columns are copied a slice at
    a time (memcpy) rather than gathered element by element."""
    moved = np.flatnonzero(perm != np.arange(len(perm)))
    if not len(moved):
        return []
    lo, hi = int(moved[0]), int(moved[-1]) + 1
    window = perm[lo:hi]
    breaks = np.flatnonzero(np.diff(window) != 1) + 1
    firsts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((firsts, [hi - lo])))
    return [(lo + f, int(window[f]), int(n))
            for f, n in zip(firsts.tolist(), lengths.tolist(), strict=True)]


def _permuted_links(links: Links, runs: list[tuple[int, int, int]]) -> Links:
    """The CSR with its rows moved run by run; rows outside the runs are copied as they are."""
    old_ptr, old_values = links.ptr, links.values
    ptr, values = old_ptr.copy(), old_values.copy()
    for at, old, length in runs:  # in order of ``at``: each run starts where the last ended
        first, last = int(old_ptr[old]), int(old_ptr[old + length])
        shift = int(ptr[at]) - first
        ptr[at + 1 : at + length + 1] = old_ptr[old + 1 : old + length + 1] + shift
        values[first + shift : last + shift] = old_values[first:last]
    out = Links(ptr, values)
    index = links.__dict__.get("_by_value")
    # The lanes read it at once: move it too, unless most rows moved (then a fresh sort of
    # every link, ~70 ms at a million events, is as quick).
    window = runs[-1][0] + runs[-1][2] - runs[0][0] if runs else 0
    if index is not None and 0 < window <= len(ptr) // 4:
        out.__dict__["_by_value"] = _moved_index(index, runs)
    return out


def _moved_index(
    index: tuple[np.ndarray, np.ndarray], runs: list[tuple[int, int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """``Links.by_value`` (values sorted, their owners ascending per value) after the rows
    moved by ``runs``.  The window maps onto itself, so entries owned outside it keep their
    places, and so do the window's entries as a set: only they are sorted again, by value
    and new owner (the values column is unchanged)."""
    values, owners = index
    lo, hi = runs[0][0], runs[-1][0] + runs[-1][2]
    new_of_old = np.empty(hi - lo, dtype=np.int64)
    for at, old, length in runs:
        new_of_old[old - lo : old - lo + length] = np.arange(at, at + length)
    inside = np.flatnonzero((owners >= lo) & (owners < hi))
    moved = new_of_old[owners[inside] - lo]
    owners = owners.copy()
    owners[inside] = moved[np.lexsort((moved, values[inside]))]
    return values, owners
