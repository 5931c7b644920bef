"""The event arrays of a project file: the links are read on a second connection in a thread
of their own while the events are scanned, and the result is the same as one after the other."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np
import pytest

from db import arrays
from db.project import Project
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)


def _same(a: arrays.EventArrays, b: arrays.EventArrays) -> bool:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            same = np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
        elif hasattr(x, "ptr"):
            same = np.array_equal(x.ptr, y.ptr) and np.array_equal(x.values, y.values)
        else:
            same = x == y
        if not same:
            return False
    return True


def test_links_are_read_beside_the_events_with_the_same_result(
    project_file: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    readers: set[int] = set()
    real = arrays._sqlite_pairs

    def recorded(conn, a, b):
        readers.add(threading.get_ident())
        return real(conn, a, b)

    monkeypatch.setattr(arrays, "_sqlite_pairs", recorded)
    with Project.open(project_file, create=False) as project:
        side = arrays.load_event_arrays(project)
        assert readers and threading.get_ident() not in readers  # another thread read them
        monkeypatch.setattr(arrays, "_own_connections", lambda _conn: False)
        readers.clear()
        inline = arrays.load_event_arrays(project)
        assert readers == {threading.get_ident()}
    assert len(side.ids) and len(side.actors.values) and _same(side, inline)


def test_a_failure_in_the_link_reader_reaches_the_caller(
    project_file: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    def broken(conn, a, b):
        raise OSError("disk I/O error")

    monkeypatch.setattr(arrays, "_sqlite_pairs", broken)
    with Project.open(project_file, create=False) as project, pytest.raises(OSError):
        arrays.load_event_arrays(project)


def test_links_grouped_by_id_in_the_reader_equal_links_sorted_by_position() -> None:
    """The reader thread groups each link table by event id while the events are scanned;
    moved to the events' positions afterwards, the links are those sorted by position (pairs
    of ids with no event dropped, duplicates once, values ascending)."""
    rng = np.random.default_rng(4)
    for trial in range(600):
        n = int(rng.integers(0, 40))
        ids = np.sort(rng.choice(200, n, replace=False)).astype(np.int64)
        start = rng.integers(0, 9, n).astype(float)
        order = arrays.date_order(start, start + 1, ids)
        pos_of_id = np.full(int(ids.max()) + 1 if n else 0, -1, dtype=np.int64)
        pos_of_id[ids[order]] = np.arange(n)
        m = int(rng.integers(0, 80))
        eids = rng.integers(0, 230, m)  # some ids past the last event's
        if trial % 2:
            eids = np.sort(eids)  # as a table written event by event gives them
        values = rng.integers(0, 50, m)
        want = arrays._links(eids, values, pos_of_id, n)
        grouped = arrays._by_event_id(eids, values)
        assert grouped is not None
        got = arrays._links_at(grouped, ids[order])
        assert got.ptr.tolist() == want.ptr.tolist()
        assert got.values.tolist() == want.values.tolist()
    assert arrays._by_event_id(np.array([-1, 2]), np.array([1, 1])) is None  # the general way
