"""The panes that must scale to a million events, checked against brute force on a few hundred.

Event list: rows for a filter, sort orders (numpy permutations) against Python sorts of the
rows, selection list ↔ state.  Stance panel: counts (numpy) against a count of StanceRows.
Benchmark: the JSON has every key and measures the whole window.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db.generate import generate_project
from tests.test_gui_support import isolated_settings, open_window  # noqa: F401  (fixture)
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel, event_date_text
from viewer.mainwindow import MainWindow


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "g.stanceline"
    generate_project(path, events=400, actors=60, seed=5)
    return path


@pytest.fixture
def window(qtbot, project_path: Path) -> Iterator[MainWindow]:
    yield from open_window(qtbot, project_path)


def listed_ids(w: MainWindow) -> list[int]:
    model = w.event_list.model()
    return [model.index(r, 0).data(EVENT_ID_ROLE) for r in range(model.rowCount())]


def date_key(e):  # the order the Date column promises: undated last, then coarser first
    if e.earliest is None:
        return (1, 0, 0)
    return (0, e.earliest.toordinal(), -(e.latest or e.earliest).toordinal())


def test_list_shows_exactly_the_filtered_events(window: MainWindow) -> None:
    state = window.state
    busy = [a.id for a in state.actors if a.event_count][:2]
    for ids in ([busy[0]], busy, []):
        state.set_actor_filter(ids)
        want = set(state.visible_ids().tolist())
        got = listed_ids(window)
        assert len(got) == len(set(got)) == len(want)
        assert set(got) == want
    assert len(listed_ids(window)) == len(state.arrays)


@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_date_and_summary_matches_brute_force(window: MainWindow, descending) -> None:
    state = window.state
    state.set_actor_filter([a.id for a in state.actors if a.event_count][:3])
    rows = list(state.visible_events())  # in the state's order: ties keep it (stable sorts)
    assert len(rows) > 50
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    view, model = window.event_list, window.event_list.model()

    view.sortByColumn(EventTableModel.DATE, order)
    # A stable descending sort keeps ties in their original order, as Qt's proxy did.
    keys = [date_key(e) for e in rows]
    want = sorted(range(len(rows)), key=keys.__getitem__, reverse=False)
    if descending:
        want = sorted(range(len(rows)), key=lambda i: tuple(-k for k in keys[i]))
    assert listed_ids(window) == [rows[i].id for i in want]
    shown = [model.index(r, EventTableModel.DATE).data() for r in range(len(rows))]
    assert shown == [event_date_text(rows[i]) for i in want]

    view.sortByColumn(EventTableModel.SUMMARY, order)
    ranks = {s: k for k, s in enumerate(sorted({e.summary.casefold() for e in rows}))}
    sign = -1 if descending else 1
    want = sorted(range(len(rows)), key=lambda i: sign * ranks[rows[i].summary.casefold()])
    assert listed_ids(window) == [rows[i].id for i in want]
    texts = [model.index(r, EventTableModel.SUMMARY).data() for r in range(len(rows))]
    assert texts == [rows[i].summary for i in want]


def test_star_and_actor_columns_follow_the_rows(window: MainWindow) -> None:
    model = window.event_list.model()
    state = window.state
    for r in range(0, model.rowCount(), 37):
        e = state.event(model.index(r, 0).data(EVENT_ID_ROLE))
        assert model.index(r, EventTableModel.STAR).data() == ("★" if e.starred else "")
        names = model.index(r, EventTableModel.ACTORS).data().split(", ")
        assert sorted(names) == sorted(state.actor_names(e.actor_ids))


def test_selection_list_and_state_agree(window: MainWindow) -> None:
    state, view = window.state, window.event_list
    view.sortByColumn(EventTableModel.SUMMARY, Qt.SortOrder.AscendingOrder)
    ids = listed_ids(window)
    view.selectRow(17)
    assert state.selected_id == ids[17]
    state.select(ids[203])
    assert view.currentIndex().row() == 203
    assert view.currentIndex().data(EVENT_ID_ROLE) == ids[203]
    # The selection survives a re-sort and a filter that keeps it.
    view.sortByColumn(EventTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().data(EVENT_ID_ROLE) == ids[203]
    event = state.event(ids[203])
    state.set_actor_filter([event.actor_ids[0]])
    assert view.currentIndex().data(EVENT_ID_ROLE) == ids[203]
    view.select_all_visible()
    assert window.selection.ids == set(state.visible_ids().tolist())


def brute_counts(state, holders: frozenset[int] | None) -> Counter:
    return Counter(
        (s.holder_id, s.target_key, s.polarity)
        for s in state.stances
        if holders is None or s.holder_id in holders
    )


def leaf_rows(m) -> list[int]:
    """Rows that count one holder's own statements (not a country's folded total)."""
    return [r for r, row in enumerate(m.rows) if row.depth or not row.members]


def panel_counts(w: MainWindow) -> Counter:
    m = w.stance_panel.model
    m.unfolded = {row.actor_id for row in m.rows if row.members}
    w.stance_panel.refilter()
    out: Counter = Counter()
    for r in leaf_rows(m):
        hid = m.holders[r][0]
        for c, (key, _) in enumerate(m.targets):
            cell = m.cell(m.index(r, c))
            if cell is not None:
                for pol, n in zip(
                    ("for", "against", "neutral"),
                    (cell.n_for, cell.n_against, cell.n_neutral),
                    strict=True,
                ):
                    if n:
                        out[(hid, key, pol)] = n
    return out


def test_stance_counts_equal_brute_force_under_filters(window: MainWindow) -> None:
    state, panel = window.state, window.stance_panel
    assert state.stances
    panel.show_all.setChecked(True)
    busy = [a.id for a in state.actors if a.event_count]
    for ids in ([], [busy[0]], busy[:4], [busy[-1]]):
        state.set_actor_filter(ids)
        want = brute_counts(state, state.passing_actors())
        assert panel_counts(window) == +want
        # Every stance is in exactly one cell, evidence lists included.
        m = panel.model
        listed = sum(
            len(m.stances_in(m.index(r, c)))
            for r in leaf_rows(m)
            for c in range(m.columnCount())
        )
        assert listed == sum(want.values())


def test_stance_panel_caps_rows_with_an_others_row(window: MainWindow, monkeypatch) -> None:
    from viewer import stancepanel

    monkeypatch.setattr(stancepanel, "TOP_HOLDERS", 2)
    state, panel = window.state, window.stance_panel
    panel.show_all.setChecked(False)
    state.set_actor_filter([])
    panel.refilter()
    m = panel.model
    assert len({s.holder_id for s in state.stances}) > 2
    assert len(m.holders) == 2 and m.rowCount() == 3
    assert m.headerData(2, Qt.Orientation.Vertical).startswith("Others (")
    assert panel.show_all.isVisible()
    total = sum(
        len(m.stances_in(m.index(r, c)))
        for r in range(m.rowCount())
        for c in range(m.columnCount())
    )
    assert total == len(state.stances)


def test_bench_json_has_every_key(monkeypatch, tmp_path: Path, project_path: Path) -> None:
    from viewer import bench

    small = tmp_path / "small.stanceline"
    generate_project(small, events=120, actors=20, seed=2)
    monkeypatch.setattr(bench, "cached_project", lambda events, **_: small)
    out = bench.run_bench(400, project=str(project_path))
    for key in (
        "events",
        "open_ms",
        "first_frame_ms",
        "frame_ms_p50",
        "frame_ms_p95",
        "filter_ms_p95",
        "select_ms_p95",
        "peak_rss_mb",
        "frame_ms_p95_1k",
        "frame_ratio",
        "stall_ms_open_actors",
        "stall_ms_alias",
        "stall_ms_published",
        "first_frame_ms_cold",
    ):
        assert isinstance(out[key], int | float), key
    assert "event_list_detached" not in out
    assert out["events"] == 400
    json.dumps(out)
