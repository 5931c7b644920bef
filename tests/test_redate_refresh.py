"""A publication date change refreshes only that article's rows in the window (issue 14).

The full reload (every event read again, every lane laid out again) is what made a date change
stall the window; after the change the arrays must still equal a fresh load, and the list,
the timeline, the source pane and the stances must show the new dates, after undo too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from db import queries
from db.arrays import EventArrays, Links, date_order, load_event_arrays
from db.project import Project
from ingest.records import DateSpan, Extraction
from services import redate
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    project,
    project_file,
    s400_articles,
    spy_event_reads,
)
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel
from viewer.mainwindow import MainWindow
from viewer.redated import with_dates

NEW_DAY = date(2030, 1, 1)


def fake_extract(text: str, dct: date | None, gazetteer: object = None) -> Extraction:
    """The article as it was imported, every event and stance dated on ``dct`` (none without)."""
    x = next(x for a, x in s400_articles() if a.text == text)
    when = DateSpan(dct.isoformat(), dct, dct, "day") if dct is not None else None
    return replace(x, dct=dct, timexes=[],
                   events=[replace(e, date=when, timex=None) for e in x.events],
                   stances=[replace(s, date=when) for s in x.stances])


@pytest.fixture
def window(qtbot, project: Project, monkeypatch) -> Iterator[MainWindow]:  # noqa: F811
    monkeypatch.setattr(redate, "extract", fake_extract)
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def same_arrays(a: EventArrays, b: EventArrays) -> bool:
    return (np.array_equal(a.ids, b.ids) and np.array_equal(a.start, b.start, equal_nan=True)
            and np.array_equal(a.end, b.end, equal_nan=True)
            and np.array_equal(a.precision, b.precision)
            and all(np.array_equal(getattr(a, k).ptr, getattr(b, k).ptr)
                    and np.array_equal(getattr(a, k).values, getattr(b, k).values)
                    for k in ("actors", "things", "sources", "tags")))


def test_a_date_change_reads_only_that_article(window: MainWindow, monkeypatch) -> None:
    state, pane = window.state, window.source_pane
    state.select(state.first_dated_event())
    source_id = pane.source_id
    assert source_id is not None
    mine = {e for e in state.arrays.ids.tolist() if source_id in
            state.arrays.sources.of(state.arrays.position_of(e)).tolist()}
    reloads: list[int] = []
    monkeypatch.setattr(state, "reload", lambda *a, **k: reloads.append(1))
    full_reads, read_ids = spy_event_reads(monkeypatch)

    pane.published_edit.setDate(NEW_DAY)
    pane.published_edit.editingFinished.emit()

    assert queries.source_detail(state.project, source_id).published == NEW_DAY
    assert not reloads and not full_reads
    assert read_ids and set(read_ids[0]) <= mine  # the first read: that article's events
    assert same_arrays(state.arrays, load_event_arrays(state.project))
    # What the panes show: the list's dates, the timeline's days, the pane's own date field.
    model = window.event_list.model()
    shown = {model.index(r, 0).data(EVENT_ID_ROLE): model.index(r, EventTableModel.DATE).data()
             for r in range(model.rowCount())}
    moved = [e for e in mine if shown.get(e) == "1 Jan 2030"]
    assert moved, shown
    day = float(NEW_DAY.toordinal() - date(1970, 1, 1).toordinal())
    assert day in window.timeline._data.starts.tolist()
    assert pane.published_edit.date().toPython() == NEW_DAY
    assert state.source(source_id)[3] == NEW_DAY
    assert any(s.date_value == NEW_DAY.isoformat() for s in state.stances
               if s.source_id == source_id)

    window.editor.stack.undo()
    assert not reloads
    assert same_arrays(state.arrays, load_event_arrays(state.project))
    assert pane.published_edit.date().toPython() != NEW_DAY
    assert day not in window.timeline._data.starts.tolist()


def test_moved_events_land_where_a_full_sort_puts_them() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        ids = rng.permutation(3 * n)[:n].astype(np.int64)
        start = rng.integers(0, 20, n).astype(float)
        start[rng.random(n) < 0.2] = np.nan
        end = np.where(np.isnan(start), start + 1, start + rng.integers(1, 4, n))
        order = date_order(start, end, ids)
        lengths = rng.integers(0, 3, n)
        ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        links = Links(ptr, rng.integers(0, 9, int(ptr[-1])).astype(np.int64))
        z = np.zeros(n)
        arrays = EventArrays(ids[order], start[order], end[order], z.astype(np.int8),
                             z.astype(np.int16), (), z.astype(np.int8), z.astype(bool),
                             np.arange(n, dtype=np.int32), links, links, links, links, {}, "",
                             np.arange(n), np.arange(n) + 1)  # fmt: skip
        if rng.random() < 0.7:
            links.by_value()  # built before the move: moved with the rows
        k = int(rng.integers(1, n + 1))
        pick = rng.choice(arrays.ids, k, replace=False)
        new_start = rng.integers(0, 20, k).astype(float)
        new_start[rng.random(k) < 0.3] = np.nan
        new_end = np.where(np.isnan(new_start), new_start + 1, new_start + 2)
        got = with_dates(arrays, pick, new_start, new_end, np.ones(k, dtype=np.int8))
        s, e = arrays.start.copy(), arrays.end.copy()
        at = arrays.positions_of(pick)
        s[at], e[at] = new_start, new_end
        want = date_order(s, e, arrays.ids)
        assert np.array_equal(got.ids, arrays.ids[want])
        assert np.array_equal(got.start, s[want], equal_nan=True)
        assert np.array_equal(got.note_count, arrays.note_count[want])
        assert all(np.array_equal(got.actors.of(i), links.of(int(want[i]))) for i in range(n))
        assert got is not arrays  # caches keyed on the arrays' identity must not survive
        rebuilt = Links(got.actors.ptr, got.actors.values).by_value()
        for have, fresh in zip(got.actors.by_value(), rebuilt, strict=True):
            assert have.tolist() == fresh.tolist()
