"""Issue 13, item 8: one filter state, applied to every pane.

With a text filter the event list showed one event while the annotation and source panes
still showed a filtered-out event and the stance panel ignored the filter.  The pure part
(``viewer.filtering``) is tested without a display; the panes through the real window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from db import queries
from db.project import Project
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project,
    project_file,
)
from viewer.filtering import (
    EventFilter,
    StanceColumns,
    expand_affiliates,
    filter_mask,
    stance_mask,
)


# ---------------------------------------------------------------------- pure, no Qt
def test_expand_affiliates_is_transitive() -> None:
    aff = {1: None, 2: 1, 3: 2, 4: None, 5: 4}
    assert expand_affiliates([1], aff) == {1, 2, 3}
    assert expand_affiliates([], aff) == frozenset()
    assert expand_affiliates([5], aff) == {5}


def test_stance_mask_follows_events_and_holders(project: Project) -> None:  # noqa: F811
    arrays = queries.load_event_arrays(project)
    queries.load_summaries(project, arrays)
    stances = queries.list_stances(project)
    cols = StanceColumns.of(stances)
    f = EventFilter(text="CAATSA")
    mask = stance_mask(cols, f, None, None, arrays)
    events = filter_mask(arrays, f)
    passing = {int(i) for i in arrays.ids[events]}
    for s, ok in zip(stances, mask.tolist(), strict=True):
        if s.event_id is not None:
            assert ok == (s.event_id in passing), s
        else:  # unlinked: judged on its own words
            assert ok == ("caatsa" in (s.evidence_text + s.target).casefold()), s
    assert mask.any() and not mask.all()
    # No filter: every stance; a holder filter alone: those holders' stances.
    assert stance_mask(cols, EventFilter(), None, None, arrays).all()
    us = next(s.holder_id for s in stances if s.holder == "United States")
    only_us = stance_mask(cols, EventFilter(actors=frozenset({us})), frozenset({us}), None,
                          arrays)
    assert np.array_equal(only_us, cols.holder == us)
    # A filter an unlinked stance cannot be judged on drops it.
    starred = stance_mask(cols, EventFilter(starred=True), None, None, arrays)
    assert not starred[cols.event < 0].any()


# ---------------------------------------------------------------------- the window
@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:  # noqa: F811
    yield from open_window(qtbot, project_file)


def _row_of(w, summary: str) -> int:
    return next(r.id for r in w.state.events if r.summary == summary)


def test_text_filter_reaches_every_pane(qtbot, window) -> None:
    w = window
    f35 = _row_of(w, "U.S. removes Turkey from F-35 programme")
    w.state.select(f35)
    assert w.annotation_panel.summary.text() == "U.S. removes Turkey from F-35 programme"
    stances_before = w.stance_panel.model.largest_count()
    assert stances_before >= 2

    # The user types in the filter box, as a user would.
    box = w.workflow.search_box
    box.setFocus()
    qtbot.keyClicks(box, "CAATSA")
    qtbot.waitUntil(lambda: w.state.event_filter.text == "CAATSA", timeout=3000)

    # The list has the one matching event ...
    model = w.event_list.source_model
    assert model.rowCount() == 1
    shown = model.event_at(0)
    assert "CAATSA" in shown.summary
    # ... the filtered-out event is no longer selected, and no pane shows it.
    assert w.state.selected_id != f35
    assert w.state.selected_id in (None, shown.id)
    assert w.annotation_panel.summary.text() != "U.S. removes Turkey from F-35 programme"
    if w.state.selected_id is not None:
        assert w.annotation_panel.summary.text() == shown.summary
        assert w.source_pane.title.text() == "Washington sanctions Turkish defence agency"
    # The stance panel counts only stances the filter lets through.
    holders = {name for _id, name in w.stance_panel.model.holders}
    stances = w.state.visible_stances()
    assert stances and len(stances) < len(w.state.stances)
    assert all(
        s.event_id == shown.id or (s.event_id is None and "CAATSA" in s.evidence_text)
        for s in stances
    )
    assert holders <= {"United States", "Turkey", "Mevlüt Çavuşoğlu"}, holders
    assert "Greece" not in holders  # Greece's stance is on another event
    # The picture on screen says so too.
    shots = Path("/tmp/stanceline-issue13-shots")
    shots.mkdir(parents=True, exist_ok=True)
    assert w.grab().save(str(shots / "text_filter_window.png"))

    # Clearing the filter lets it be selected again.
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: w.state.event_filter.text == "", timeout=3000)
    w.state.select(f35)
    assert w.state.selected_id == f35
    assert w.event_list.currentIndex().data(Qt.ItemDataRole.DisplayRole) is not None


def test_actor_filter_hides_selected_event_from_detail_panes(window) -> None:
    w = window
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    f35 = _row_of(w, "U.S. removes Turkey from F-35 programme")
    w.state.select(f35)
    w.state.set_actor_filter([greece])
    assert w.state.selected_id != f35
    sel = w.state.event(w.state.selected_id)
    assert sel is None or greece in sel.actor_ids
    assert w.annotation_panel.summary.text() != "U.S. removes Turkey from F-35 programme"


def test_stance_panel_follows_an_annotation_under_a_filter(qtbot, window) -> None:
    """A star given while "starred only" is on brings that event's stances into the grid."""
    from db import annotations

    w = window
    f35 = _row_of(w, "U.S. removes Turkey from F-35 programme")
    caatsa = _row_of(w, "U.S. imposes CAATSA sanctions on Turkey")
    w.state.select(f35)
    w.annotation_panel.star_button.click()  # the user stars the F-35 event
    qtbot.waitUntil(lambda: w.state.event(f35).starred, timeout=3000)
    us = next(a.id for a in w.state.actors if a.name == "United States")
    w.state.set_filter(w.state.event_filter.replace(starred=True, actors=frozenset({us})))
    keys = {k for k, _l in w.stance_panel.model.targets}
    assert keys == {"f35"}
    annotations.set_star(w.project, caatsa, True)  # starred elsewhere (another pane, a teammate)
    w.state.refresh_event(caatsa)
    keys = {k for k, _l in w.stance_panel.model.targets}
    assert keys == {"f35", "caatsa"}
