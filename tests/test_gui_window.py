"""The main window on a real project: events listed, filter, selection, source highlight."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from db import queries
from db.project import Project
from ingest.records import Extraction
from tests.test_db_support import patch_module
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401  (fixtures)
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel, format_date
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def event_ids_in_list(w: MainWindow) -> list[int]:
    model = w.event_list.model()
    return [model.index(r, 0).data(EVENT_ID_ROLE) for r in range(model.rowCount())]


def test_window_lists_every_event(window: MainWindow, project: Project) -> None:  # noqa: F811
    assert window.windowTitle() == "Stanceline — s400"
    assert window.event_list.model().rowCount() == len(queries.list_events(project)) == 14
    assert "14 events · 4 sources · 8 actors · filter: all actors" in window.counts_label.text()
    # Sorted by date, undated last.
    dates = [window.event_list.model().index(r, EventTableModel.DATE).data()
             for r in range(14)]
    assert dates[:3] == ["2016", "12 Sep 2017", "12 Jul 2019"]
    assert dates[-1] == "undated"


def test_actor_filter_narrows_timeline_and_list(window: MainWindow, monkeypatch) -> None:
    calls: list[tuple[list, list]] = []
    real = window.timeline.set_data
    monkeypatch.setattr(window.timeline, "set_data",
                        lambda ev, lanes: (calls.append((list(ev), list(lanes))), real(ev, lanes)))
    af = window.actor_filter
    rows = {af.model.item(r).text().split(" (")[0]: af.model.item(r)
            for r in range(af.model.rowCount())}
    rows["Greece"].setCheckState(Qt.CheckState.Checked)  # as a click on the checkbox does
    assert window.event_list.model().rowCount() == 1
    events, lanes = calls[-1]
    assert [e.summary for e in events] == ["Greece welcomes sanctions"]
    assert [a.name for a in lanes] == ["Greece"]
    assert "filter: Greece" in window.counts_label.text()

    # Turkey includes its officials (Erdoğan's and Çavuşoğlu's events) through affiliation.
    rows["Greece"].setCheckState(Qt.CheckState.Unchecked)
    rows["Turkey"].setCheckState(Qt.CheckState.Checked)
    summaries = {e.summary for e in calls[-1][0]}
    assert "Çavuşoğlu: Turkey will not step back" in summaries
    assert "Greece welcomes sanctions" not in summaries
    assert window.event_list.model().rowCount() == len(summaries) == 8

    af.clear_button.click()
    assert window.event_list.model().rowCount() == 14
    assert rows["Turkey"].checkState() == Qt.CheckState.Unchecked


def test_search_box_filters_actor_list(window: MainWindow) -> None:
    window.actor_filter.search.setText("pom")
    assert window.actor_filter.proxy.rowCount() == 1


def test_selecting_a_row_highlights_its_sentence(window: MainWindow, qtbot) -> None:
    state = window.state
    ids = event_ids_in_list(window)
    target = next(i for i in ids if state.event(i).summary.startswith("U.S. removes Turkey"))
    window.event_list.selectRow(ids.index(target))
    assert state.selected_id == target
    detail = queries.event_detail(state.project, target)
    ev = detail.evidence[0]
    src = queries.source_detail(state.project, ev.source_id)
    pane = window.source_pane
    assert pane.text.toPlainText() == src.text  # the whole article, as plain text
    assert pane.evidence_range() == (ev.start, ev.end)
    selections = pane.text.extraSelections()
    cursor = QTextCursor(selections[0].cursor)
    assert cursor.selectedText() == src.text[ev.start:ev.end]
    assert cursor.selectedText().startswith("On 17 July 2019 the United States removed")
    assert pane.title.text() == "First S-400 parts land near Ankara"
    assert pane.published_edit.date().toPython() == date(2019, 7, 13)
    # The sentence is scrolled into view.
    qtbot.wait(10)
    rect = pane.text.cursorRect(cursor)
    assert pane.text.viewport().rect().intersects(rect)
    # The timeline follows the selection.
    assert window.timeline.selected() == target


def test_event_with_two_sources_offers_both(window: MainWindow) -> None:
    state = window.state
    merged = next(e for e in state.events if len(e.source_ids) == 2)
    state.select(merged.id)
    pane = window.source_pane
    assert pane.chooser.isVisibleTo(window) and pane.chooser.count() == 2
    assert "Daily Ledger — First S-400 parts land near Ankara (13 Jul 2019)" in [
        pane.chooser.itemText(i) for i in range(2)]
    pane.chooser.setCurrentIndex(1)
    assert pane.source_id == merged.source_ids[1]
    start, end = pane.evidence_range()
    assert pane.text.toPlainText()[start:end].startswith("The dispute dates back")


def test_mentions_are_marked_with_tooltips(window: MainWindow) -> None:
    window.state.select(window.state.first_dated_event())
    pane = window.source_pane
    text = pane.text.toPlainText()
    cursor = pane.text.textCursor()
    cursor.setPosition(text.index("Russia") + 2)
    assert cursor.charFormat().toolTip() == "Actor: Russia"
    cursor.setPosition(text.index("2016") + 1)
    assert cursor.charFormat().toolTip() == "Date: 2016 (2016)"


def test_source_pane_never_loads_resources(window: MainWindow) -> None:
    view = window.source_pane.text
    assert not view.openLinks() and not view.openExternalLinks()
    assert view.loadResource(2, QUrl("https://example.org/x.png")) is None


def test_publication_date_change_redates(window: MainWindow, monkeypatch) -> None:
    # Re-resolving runs the extraction again; a stand-in keeps this a GUI test.
    patch_module(monkeypatch, "ingest.pipeline",
                 extract=lambda text, dct, gazetteer=None: Extraction(dct=dct))
    pane = window.source_pane
    state = window.state
    state.select(state.first_dated_event())
    source_id = pane.source_id
    pane.published_known.setChecked(False)  # saved at once
    src = queries.source_detail(state.project, source_id)
    assert src.published is None or not src.published_known
    pane.published_known.setChecked(True)
    pane.published_edit.setDate(date(2017, 9, 14))
    pane.published_edit.editingFinished.emit()
    assert queries.source_detail(state.project, source_id).published == date(2017, 9, 14)


def test_drop_files_starts_an_import(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    started: list[list[Path]] = []
    monkeypatch.setattr(window, "import_paths", lambda paths: started.append(list(paths)))
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert started == [[f]]


def test_layout_is_saved_and_restored(qtbot, project_file: Path) -> None:  # noqa: F811
    with Project.open(project_file, create=False) as p:
        w = MainWindow(p)
        qtbot.addWidget(w)
        w.show()
        w.centre_splitter.setSizes([200, 700])
        w.stances_dock.hide()
        sizes = w.centre_splitter.sizes()
        w.close()
    with Project.open(project_file, create=False) as p:
        w2 = MainWindow(p)
        qtbot.addWidget(w2)
        w2.show()
        QApplication.processEvents()
        # The offscreen screen may clamp the restored geometry: compare proportions.
        restored = w2.centre_splitter.sizes()
        assert restored[0] / sum(restored) == pytest.approx(sizes[0] / sum(sizes), abs=0.02)
        assert not w2.stances_dock.isVisible()
        w2.close()


@pytest.mark.parametrize(
    ("value", "earliest", "precision", "text"),
    [
        ("2017", date(2017, 1, 1), "year", "2017"),
        ("2020-12", date(2020, 12, 1), "month", "Dec 2020"),
        ("2022-03-23", date(2022, 3, 23), "day", "23 Mar 2022"),
        ("2021-Q3", date(2021, 7, 1), "quarter", "Q3 2021"),
        ("2021-SU", date(2021, 6, 1), "season", "Summer 2021"),
        ("201", date(2010, 1, 1), "decade", "2010s"),
        ("XXXX-02-24", None, None, "undated"),
    ],
)
def test_format_date(value: str, earliest: date | None, precision: str | None, text: str) -> None:
    assert format_date(value, earliest, precision) == text


