"""SQLite's quick reading of the event arrays (codes as digits, link pairs packed in one
number, event types listed from a sample of rows) gives exactly what the plain row-by-row
reading every other database uses gives, on the values that need the slower ways too."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from db import arrays
from db.generate import generate_project
from db.project import Project


def _same(a: arrays.EventArrays, b: arrays.EventArrays) -> list[str]:
    differ = []
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            same = x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
        elif hasattr(x, "ptr"):
            same = np.array_equal(x.ptr, y.ptr) and np.array_equal(x.values, y.values)
        else:
            same = x == y
        if not same:
            differ.append(f.name)
    return differ


def _row_by_row(project: Project, monkeypatch: pytest.MonkeyPatch) -> arrays.EventArrays:
    with monkeypatch.context() as m:
        m.setattr(arrays, "_sqlite_event_columns", arrays._row_event_columns)
        m.setattr(arrays, "_sqlite_pairs", arrays._row_pairs)
        m.setattr(arrays, "_own_connections", lambda _conn: False)
        return arrays.load_event_arrays(project)


def _both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[arrays.EventArrays, arrays.EventArrays, list[list[str]]]:
    """(SQLite's quick reading, the row reading, the type lists each table scan was given)."""
    scans: list[list[str]] = []
    real = arrays._scan_events
    monkeypatch.setattr(arrays, "_scan_events", lambda c, t: scans.append(t) or real(c, t))
    with Project.open(path, create=False) as project:
        quick = arrays.load_event_arrays(project)
        arrays.load_summaries(project, quick)  # read apart on SQLite, with the rows elsewhere
        plain = _row_by_row(project, monkeypatch)
    return quick, plain, scans


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    path = tmp_path / "awkward.stanceline"
    generate_project(path, events=400, actors=25, seed=5)
    with Project.open(path, create=False) as project, project.engine.begin() as conn:
        # A type used once, in the middle of the table (outside a small sample of its ends);
        # precisions of every kind; every review state; stars; a tag on an event.
        conn.execute(text("UPDATE events SET event_type = 'BLOCKADE' WHERE id = 200"))
        conn.execute(text("UPDATE events SET precision = NULL, earliest = NULL, latest = NULL"
                          " WHERE id % 7 = 0"))  # fmt: skip
        conn.execute(text("UPDATE events SET precision = 'season' WHERE id % 11 = 0"))
        conn.execute(text("UPDATE events SET review = 'rejected' WHERE id % 5 = 0"))
        conn.execute(text("UPDATE events SET review = 'confirmed' WHERE id % 5 = 1"))
        conn.execute(text("UPDATE events SET starred = 1 WHERE id % 3 = 0"))
    return path


def test_the_quick_scan_equals_the_row_reading(
    awkward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arrays, "TYPE_SAMPLE", 20)  # the rare type is not in the sample
    quick, plain, scans = _both_ways(awkward, monkeypatch)
    assert "BLOCKADE" not in scans[0] and "BLOCKADE" in scans[-1]  # missed, then listed
    assert _same(quick, plain) == []
    assert "BLOCKADE" in quick.types and quick.precision.min() == -1
    assert quick.precision.max() == arrays.OTHER_PRECISION and quick.review.max() == 2
    assert quick.starred.any() and len(quick.actors.values) and len(quick.sources.values)


def test_one_scan_when_the_sample_has_every_type(
    awkward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, plain, scans = _both_ways(awkward, monkeypatch)
    assert len(scans) == 1 and _same(quick, plain) == []


def test_links_that_cannot_be_packed_are_read_as_pairs(
    awkward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A negative id (a damaged or hand-edited file) cannot share a number with its event:
    the pairs are read as two columns and linked the general way."""
    with sqlite3.connect(awkward) as raw:  # no foreign keys checked: as a damaged file
        raw.execute("INSERT INTO event_actors (event_id, actor_id, role)"
                    " VALUES (3, -4, 'participant')")  # fmt: skip
    with Project.open(awkward, create=False) as project:
        got = arrays._sqlite_pairs(project.engine.connect(), *arrays._LINK_COLUMNS[0])
        assert isinstance(got, tuple) and -4 in got[1].tolist()
        quick = arrays.load_event_arrays(project)
        arrays.load_summaries(project, quick)  # read apart on SQLite, with the rows elsewhere
        plain = _row_by_row(project, monkeypatch)
    assert _same(quick, plain) == []


def test_iso_dates_are_read_as_the_calendar_counts_days() -> None:
    rng = np.random.default_rng(8)
    ordinals = rng.integers(date(1, 1, 1).toordinal(), date(9999, 12, 31).toordinal(), 3000)
    days = [date.fromordinal(int(o)) for o in ordinals] + [date(2000, 2, 29), date(1900, 3, 1)]
    text = "".join(d.isoformat() for d in days) + "0000-00-00"  # the last: no date
    got = arrays._iso_days(text.encode("ascii"), len(days) + 1)
    epoch = date(1970, 1, 1).toordinal()
    assert got[:-1].tolist() == [float(d.toordinal() - epoch) for d in days]
    assert np.isnan(got[-1])
