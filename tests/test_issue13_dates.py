"""Issue 13, item 2: publication dates from datelines, bylines, HTML metadata and front matter;
where the date came from; "known" asks for the date instead of taking today; a typed year."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from db import queries
from ingest.reader import file_date, find_dateline, read_path, read_text
from ingest.records import Event, EventActor, Extraction, Span
from tests.test_db_support import patch_module
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer.mainwindow import MainWindow

DATELINE_ARTICLE = ("Turkey protests at sanctions\n\n"
                    "ANKARA, March 3, 2024 - Turkey protested on Friday against new sanctions. "
                    "Officials said little else.")


# ------------------------------------------------------------------ reader (no Qt)
@pytest.mark.parametrize("text, day, kind", [
    ("ANKARA, March 3, 2024 - Turkey said on Friday", date(2024, 3, 3), "dateline"),
    ("Headline\nISTANBUL, 3 March 2024 — text", date(2024, 3, 3), "dateline"),
    ("WASHINGTON, D.C., Sept. 9, 2019 (AP) — text", date(2019, 9, 9), "dateline"),
    ("Headline\nPublished: 3 Mar 2024, 10:00 GMT\n\nText", date(2024, 3, 3), "published line"),
    ("Headline\nBy Jane Doe | March 3rd, 2024\n\nText", date(2024, 3, 3), "byline"),
])
def test_dates_in_the_opening_lines(text: str, day: date, kind: str) -> None:
    found = find_dateline(text)
    assert found is not None and (found.day, found.kind) == (day, kind)


def test_a_reuters_dateline_has_no_year() -> None:
    found = find_dateline("March 3 (Reuters) - Turkey said on Friday it would retaliate.")
    assert found is not None and found.day is None and found.month_day == (3, 3)
    assert found.words == "March 3 (Reuters)"


@pytest.mark.parametrize("text", [
    "Turkey said on March 3, 2024 that it would buy more jets.",  # a date in a sentence
    "ANKARA, Feb. 30, 2024 - no such day",
    "ANKARA - Turkey said on Friday it would retaliate.",
])
def test_no_date_where_none_is_stated(text: str) -> None:
    found = find_dateline(text)
    assert found is None or found.day is None


def test_plain_text_with_a_dateline_gets_its_date(tmp_path: Path) -> None:
    path = tmp_path / "ankara.txt"
    path.write_text(DATELINE_ARTICLE, encoding="utf-8")
    article = read_path(path)
    assert article.published == date(2024, 3, 3)
    assert article.text.startswith("Turkey protests")  # the text itself is unchanged


def test_html_metadata_read_by_htmldate_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_a, **_k):
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2024-03-03T10:00:00Z", "url": "https://example.org/a"}</script>'
            '<title>Turkey protests</title></head><body><article><p>Turkey protested on Friday '
            'against new sanctions, officials told reporters in the capital.</p><p>They said '
            'little else about the measures or what would follow.</p></article></body></html>')
    assert read_text(page, fmt="html").published == date(2024, 3, 3)


def test_markdown_front_matter() -> None:
    article = read_text("---\ntitle: Turkey protests\ndate: 2024-03-03\n---\n\nTurkey protested "
                        "on Friday.", fmt="md")
    assert article.published == date(2024, 3, 3)


def test_file_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    os.utime(path, (0, datetime(2023, 5, 6, 12).timestamp()))
    assert file_date(str(path)) == date(2023, 5, 6)
    assert file_date("pasted") is None and file_date(str(tmp_path / "gone.txt")) is None


# ------------------------------------------------------------------ the window
@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator[MainWindow]:  # noqa: F811
    yield from open_window(qtbot, project_file)


dcts: list[date | None] = []


def fake_extract(text: str, dct, gazetteer=None) -> Extraction:
    """One event; records the publication date the import resolved relative dates against."""
    dcts.append(dct)
    end = text.index(".") + 1
    return Extraction(dct=dct, sentences=[Span(0, end)],
                      events=[Event("e1", "Turkey protests", Span(0, end), None, "statement",
                                    [EventActor("Turkey", "agent")])])


def import_file(qtbot, w: MainWindow, path: Path) -> int:
    """Import one file through the window; the id of its source."""
    before = {sid for sid, *_ in queries.list_sources(w.project)}
    job = w.import_paths([path])
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not w._jobs)
    (new,) = {sid for sid, *_ in queries.list_sources(w.project)} - before
    return new


def show(w: MainWindow, source_id: int) -> None:
    event = next(e for e in w.state.events if source_id in e.source_ids)
    w.state.select(event.id)
    assert w.source_pane.source_id == source_id


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    dcts.clear()
    patch_module(monkeypatch, "ingest.pipeline", extract=fake_extract)


def test_dateline_import_is_dated_and_says_so(window: MainWindow, qtbot, tmp_path: Path,
                                              stubbed: None) -> None:
    path = tmp_path / "ankara.txt"
    path.write_text(DATELINE_ARTICLE, encoding="utf-8")
    sid = import_file(qtbot, window, path)
    assert dcts == [date(2024, 3, 3)]  # "on Friday" is placed from the dateline's day
    detail = queries.source_detail(window.project, sid)
    assert (detail.published, detail.published_known) == (date(2024, 3, 3), True)
    show(window, sid)
    pane = window.source_pane
    assert pane.published_known.isChecked()
    assert pane.published_edit.text() == "3 Mar 2024"
    assert pane.published_from.text() == "From the dateline: “ANKARA, March 3, 2024”"


def test_known_asks_for_the_date_offering_the_file_date(window: MainWindow, qtbot,
                                                        tmp_path: Path, stubbed: None) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Turkey protested on Friday against new sanctions. Officials said little.",
                    encoding="utf-8")
    os.utime(path, (0, datetime(2024, 3, 4, 9).timestamp()))
    sid = import_file(qtbot, window, path)
    assert dcts == [None]
    show(window, sid)
    pane = window.source_pane
    assert not pane.published_known.isChecked()
    assert pane.published_from.text().startswith("Not stated in the article")
    # The field (and its calendar) sits at the file's date, not at today.
    assert pane.published_edit.date().toPython() == date(2024, 3, 4)
    assert pane.published_edit.calendarWidget().yearShown() == 2024

    qtbot.mouseClick(pane.published_known, Qt.MouseButton.LeftButton)
    dialog = pane.date_dialog
    assert dialog is not None and dialog.isVisible()
    assert [b.text() for b in dialog.hint_buttons] == [
        "04 Mar 2024 — the date of the file it was imported from"]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not pane.published_known.isChecked()  # cancelled: still unknown, nothing saved
    assert not queries.source_detail(window.project, sid).published_known

    qtbot.mouseClick(pane.published_known, Qt.MouseButton.LeftButton)
    dialog = pane.date_dialog
    assert dialog is not None
    dialog.date_edit.setFocus()
    qtbot.keyClicks(dialog.date_edit, "1")  # the day section is selected: 1 Mar 2024
    qtbot.mouseClick(dialog.hint_buttons[0], Qt.MouseButton.LeftButton)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    detail = queries.source_detail(window.project, sid)
    assert (detail.published, detail.published_known) == (date(2024, 3, 4), True)
    assert window.source_pane.published_known.isChecked()


def test_typing_a_year_into_the_date_field(window: MainWindow, qtbot) -> None:
    pane = window.source_pane
    sid = pane.source_id
    edit = pane.published_edit
    assert pane.published_known.isChecked() and edit.text().endswith(" 2017")
    line = edit.lineEdit()
    line.setCursorPosition(len(edit.text()) - 2)  # to find where the year is drawn
    x = line.cursorRect().center().x()
    line.setCursorPosition(0)
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(x, line.height() // 2))
    qtbot.wait(20)  # the click selects the year once it has placed the cursor
    assert line.selectedText() == "2017"
    qtbot.keyClicks(edit, "2018")
    assert edit.text().endswith(" 2018")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert queries.source_detail(window.project, sid).published.year == 2018
