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
