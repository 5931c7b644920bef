"""The stance panel: holders × issues, evidence on click, selection through the state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401  (fixtures)
from viewer.mainwindow import MainWindow
from viewer.stancepanel import StancePanel


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def unfold_all(panel: StancePanel) -> None:
    """Show every official on a row of its own (they start folded under their country)."""
    panel.model.unfolded = {r.actor_id for r in panel.model.rows if r.members}
    panel.refilter()


def cell_index(panel: StancePanel, holder: str, target_key: str):
    """The cell of ``holder``'s own statements (not its country's folded total)."""
    m = panel.model
    unfold_all(panel)
    row = next(i for i, r in enumerate(m.rows) if r.name == holder and (r.depth or not r.members))
    col = [t[0] for t in m.targets].index(target_key)
    return m.index(row, col)


def test_cells_say_polarity_in_words(window: MainWindow) -> None:
    panel = window.stance_panel
    m = panel.model
    us = cell_index(panel, "United States", "s400-purchase")
    assert us.data() == "against 2"
    assert cell_index(panel, "Recep Tayyip Erdoğan", "s400-purchase").data() == "for 2"
    assert cell_index(panel, "Mevlüt Çavuşoğlu", "caatsa").data() == "against 1"
    assert "2 against" in us.data(Qt.ItemDataRole.ToolTipRole)
    assert us.data(Qt.ItemDataRole.BackgroundRole) is not None
    labels = [m.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
              .split("\n")[0] for c in range(m.columnCount())]
    assert "Turkey buying the S-400" in labels or "buying the S-400" in labels


def test_click_lists_evidence_and_selects_its_event(window: MainWindow, qtbot) -> None:
    panel = window.stance_panel
    index = cell_index(panel, "United States", "s400-purchase")
    rect = panel.table.visualRect(index)
    panel.table.scrollTo(index)
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.evidence.count() == 2
    texts = [panel.evidence.item(i).text() for i in range(2)]
    assert any("cannot be integrated with NATO" in t for t in texts)
    assert all(t.startswith("United States · against") for t in texts)
    item = panel.evidence.item(0)
    panel.evidence.setCurrentItem(item)
    event_id = item.data(Qt.ItemDataRole.UserRole)
    assert event_id is not None and window.state.selected_id == event_id
    # ... and so the source pane shows that sentence.
    start, end = window.source_pane.evidence_range()
    sentence = window.source_pane.text.toPlainText()[start:end]
    assert sentence.split()[:3] == item.text().split("“")[1].split()[:3]


def test_panel_follows_actor_filter_with_affiliation(window: MainWindow) -> None:
    state = window.state
    turkey = next(a.id for a in state.actors if a.name == "Turkey")
    state.set_actor_filter([turkey])
    panel = window.stance_panel
    # Officials are folded under their country; unfolded, each has a row.
    assert [h[1] for h in panel.model.holders] == ["Turkey"]
    unfold_all(panel)
    holders = {h[1] for h in panel.model.holders}
    assert holders == {"Turkey", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"}
    state.set_actor_filter([])
    panel.model.unfolded.clear()
    panel.refilter()
    # Turkey (with 2 officials), the United States (with Pompeo), NATO, Russia, Greece.
    assert len(panel.model.holders) == 5


def test_painted_cells_show_their_polarity_colour_and_the_selection(window: MainWindow,
                                                                     qtbot) -> None:
    """The grid's delegate paints from one model call: what it paints is what data() says."""
    panel = window.stance_panel
    index = cell_index(panel, "United States", "s400-purchase")
    panel.table.scrollTo(index)
    rect = panel.table.visualRect(index)
    image = panel.table.viewport().grab().toImage()
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    assert image.pixelColor(rect.left() + 4, rect.top() + 4).name() == background.name()
    # Text in the cell: some pixel differs from the background.
    row = [image.pixelColor(x, rect.center().y()).name()
           for x in range(rect.left() + 2, rect.right() - 2)]
    assert set(row) - {background.name()}

    panel.table.setCurrentIndex(index)
    qtbot.wait(10)
    image = panel.table.viewport().grab().toImage()
    frame = image.pixelColor(rect.left() + 1, rect.center().y()).name()
    assert frame != background.name(), "a selected cell is framed"
    assert image.pixelColor(rect.left() + 6, rect.top() + 6).name() == background.name(), \
        "and keeps its polarity colour"
