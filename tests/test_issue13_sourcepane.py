"""Issue 13, item 1: the source pane keeps its marks after a text filter and after an import.

The bug: ``QTextEdit.setPlainText`` gives the whole new article the character format under the
old text cursor; with the cursor on an actor (an evidence sentence opening with "Turkey", a
search match) every later article came out underlined, the actor and date colours lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from db import queries
from ingest.records import ActorMention, Event, EventActor, Extraction, Span
from tests.test_db_support import patch_module
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer import colours
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator[MainWindow]:  # noqa: F811
    yield from open_window(qtbot, project_file)


def wrong_marks(w: MainWindow) -> list[str]:
    """Characters of the shown article whose underline disagrees with the stored mentions."""
    pane = w.source_pane
    detail = queries.source_detail(w.project, pane.source_id)
    expected: dict[int, str] = {}
    for m in detail.mentions:
        for i in range(m.start, m.end):
            expected[i] = m.kind
    cursor = QTextCursor(pane.text.document())
    wrong = []
    for i, ch in enumerate(detail.text):
        if ch.isspace():
            continue
        cursor.setPosition(i + 1)  # the format of the character before the position
        fmt = cursor.charFormat()
        kind = expected.get(i)
        if kind is None and fmt.fontUnderline():
            wrong.append(f"{i} {ch!r} underlined outside any mention")
        elif kind == "actor" and fmt.underlineColor() != QColor(colours.ACTOR_LINE):
            wrong.append(f"{i} {ch!r} lost the actor colour")
        elif kind == "timex" and fmt.background().color() != QColor(colours.TIMEX_BG):
            wrong.append(f"{i} {ch!r} lost the date colour")
    return wrong


def every_source_marked(w: MainWindow) -> dict[int, list[str]]:
    """Select one event of each source in turn; what is wrong with each article's marks."""
    out: dict[int, list[str]] = {}
    for event in w.state.events:
        w.state.select(event.id)
        out.setdefault(w.source_pane.source_id, wrong_marks(w)[:3])
    return out


def opening_with_an_actor(w: MainWindow) -> int:
    """An event whose evidence starts the article with a mention ("Turkey has signed…")."""
    return next(e.id for e in w.state.events
                if e.summary == "Turkey signs S-400 purchase agreement with Russia")


def test_marks_survive_typing_in_the_text_filter(window: MainWindow, qtbot) -> None:
    w = window
    w.state.select(opening_with_an_actor(w))
    assert wrong_marks(w) == []
    box = w.workflow.search_box
    box.setFocus()
    qtbot.keyClicks(box, "Russia")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert w.state.event_filter.text == "Russia"
    assert w.source_pane.search_ranges()  # the match is highlighted in the article
    marks = every_source_marked(w)
    assert len(marks) == 4
    assert all(v == [] for v in marks.values()), marks
    box.clear()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    marks = every_source_marked(w)
    assert all(v == [] for v in marks.values()), marks


def fake_extract(text: str, dct, gazetteer=None) -> Extraction:
    """One event and one actor mention: what the window needs to show a new article."""
    end = text.index(".") + 1
    return Extraction(dct=dct, sentences=[Span(0, end)],
                      actor_mentions=[ActorMention(0, 6, "Turkey", "Turkey", "country")],
                      events=[Event("e1", text[:end], Span(0, end), None, "statement",
                                    [EventActor("Turkey", "agent")])])


def test_marks_survive_an_import(window: MainWindow, qtbot, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    w = window
    w.state.select(opening_with_an_actor(w))
    patch_module(monkeypatch, "ingest.pipeline", extract=fake_extract)
    new = tmp_path / "new.txt"
    new.write_text("Turkey protested on Friday. Officials said little else.", encoding="utf-8")
    job = w.import_paths([new])
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not w._jobs)
    assert wrong_marks(w) == []  # the article shown when the import finished
    marks = every_source_marked(w)
    assert len(marks) == 5
    assert all(v == [] for v in marks.values()), marks
