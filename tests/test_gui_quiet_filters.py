"""A filter change repaints what it changed: the tick of the actor list's row (not the whole
list, not a list that changed height under a rewrapped hint), and the event list's rows
without a Python style in between (issue 14: the filter step at 1,000,000 events)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, open_window
from viewer.theme import ThemeStyle, apply_theme


class _Painted(QObject):
    """The regions a widget was asked to paint."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def _settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(20)
    QApplication.processEvents()


def test_ticking_an_actor_repaints_its_row_only(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    view = w.actor_filter.view
    _settle(qtbot)
    painted = _Painted(view.viewport())
    row_height = view.sizeHintForRow(0)
    assert view.viewport().height() > 6 * row_height  # a whole-list repaint would show
    actors = [a.id for a in w.state.actors if a.event_count]
    for chosen in ([actors[0]], [actors[1]], actors[:3], []):
        painted.rects.clear()
        w.state.set_actor_filter(chosen)
        _settle(qtbot)
        assert painted.rects, "the changed tick was not repainted"
        assert max(r.height() for r in painted.rects) <= 3 * row_height  # among the first 3
    close_window(w)


def test_the_hint_keeps_the_list_height_whatever_it_says(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    panel = w.actor_filter
    panel.parentWidget().resize(190, panel.height())  # narrow: the two hints wrap differently
    _settle(qtbot)
    heights = set()
    for chosen in ([w.state.actors[0].id], [], [w.state.actors[1].id], []):
        w.state.set_actor_filter(chosen)
        _settle(qtbot)
        heights.add(panel.view.height())
        fm = panel.hint.fontMetrics()
        assert panel.hint.height() >= fm.boundingRect(  # the text is never cut
            panel.hint.contentsRect().adjusted(0, 0, 0, 10_000), 0x1000, panel.hint.text()
        ).height()
    assert len(heights) == 1
    close_window(w)


def test_the_event_list_paints_through_its_own_fusion(qtbot, project_file: Path) -> None:  # noqa: F811
    app = QApplication.instance()
    apply_theme(app, "light")  # as the application starts: Fusion as ThemeStyle
    w = open_window(qtbot, project_file)
    assert isinstance(app.style(), ThemeStyle)
    lst = w.event_list
    assert not isinstance(lst.style(), ThemeStyle) and lst.style().name().lower() == "fusion"
    assert lst.style().parent() is lst  # it ends with the list, not with the application's
    assert isinstance(lst.verticalScrollBar().style(), ThemeStyle)  # flat scroll bars stay
    scheme = app.property("stancelineScheme")
    apply_theme(app, "dark" if scheme == "light" else "light")  # replaces the app's style
    try:
        lst.viewport().repaint()  # the list's own style is still there
        assert lst.style().name().lower() == "fusion"
    finally:
        apply_theme(app, scheme)
    close_window(w)
