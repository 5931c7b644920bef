"""Accessibility and first-use help: tooltips on every control, keyboard paths, empty states.

The window is built as viewer/app.py builds it (safety, help and preferences installed), then
every visible interactive control is walked: a control nobody explains, or a menu entry nobody
can reach without a mouse, is listed in the failure message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTextEdit,
    QWidget,
)

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer.help import install_help
from viewer.mainwindow import MainWindow
from viewer.preferences import install_preferences
from viewer.safety import install_safety
from viewer.timeline.widget import TimelineWidget

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QSlider)
# Big views and text areas explain themselves by an accessible name (a tooltip over a whole
# list would pop up everywhere); either is enough for them.
VIEWS = (QAbstractItemView, QTextEdit, QPlainTextEdit, TimelineWidget)


def _app_window(qtbot, opened: Project) -> MainWindow:
    w = MainWindow(opened, persist_layout=False)
    qtbot.addWidget(w)
    hook = install_safety(w)
    install_help(w)
    install_preferences(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    w._a11y_hook = hook  # type: ignore[attr-defined]
    return w


def _close(w: MainWindow) -> None:
    w._a11y_hook.uninstall()  # type: ignore[attr-defined]
    w.close()


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = _app_window(qtbot, project)
    w.state.select(w.state.first_dated_event())
    yield w
    _close(w)


@pytest.fixture
def empty_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    with Project.open(tmp_path / "empty.stanceline", create=True) as p:
        w = _app_window(qtbot, p)
        yield w
        _close(w)


def _describe(w: QWidget) -> str:
    name = w.objectName() or ""
    text = w.text() if isinstance(w, (QAbstractButton, QLineEdit)) else ""
    hint = w.placeholderText() if isinstance(w, QLineEdit) else ""
    owner = w.parentWidget()
    while owner is not None and type(owner).__module__.startswith("PySide6"):
        owner = owner.parentWidget()
    where = type(owner).__name__ if owner is not None else "-"
    return f"{type(w).__name__}({name!r} {text or hint!r}) in {where}"


def unexplained(root: QWidget) -> list[str]:
    """Visible interactive controls under ``root`` with neither a tooltip nor (views) a name."""
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or (not w.isEnabled() and isinstance(w, QAbstractButton)):
            continue
        # Qt's own parts (a dock's float/close buttons, a line edit's clear button, a combo's
        # popup, a scroll bar) are explained by Qt's accessibility layer, not by us.
        if w.objectName().startswith("qt_") or type(w).__name__.startswith("QDockWidget"):
            continue
        parent = w.parentWidget()
        if isinstance(parent, QLineEdit) and isinstance(w, QAbstractButton):
            continue  # the line edit's clear button
        if isinstance(parent, QComboBox) and isinstance(w, QLineEdit):
            continue  # an editable combo's text field: the combo carries the tooltip
        if (
            isinstance(parent, QDialogButtonBox)
            and isinstance(w, QPushButton)
            and parent.standardButton(w) != QDialogButtonBox.StandardButton.NoButton
        ):
            continue  # OK / Cancel / Close: Enter and Esc, and the text says it all
        if isinstance(w, CONTROLS) and not w.toolTip().strip():
            if (
                isinstance(w, QAbstractButton)
                and parent is not None
                and (
                    type(parent).__name__ in ("QDockWidget", "QTabBar", "QToolBar")
                    or isinstance(parent, QAbstractItemView)
                )
            ):
                continue  # Qt furniture: dock title buttons, tab scrollers, corner buttons
            out.append(_describe(w))
        elif (
            isinstance(w, VIEWS)
            and not isinstance(w, QHeaderView)
            and not (w.toolTip().strip() or w.accessibleName().strip())
        ):
            out.append(_describe(w))
    return out


def test_every_visible_control_of_the_window_is_explained(window: MainWindow) -> None:
    missing = unexplained(window)
    assert not missing, "controls without a tooltip / accessible name:\n" + "\n".join(missing)


def test_the_check_catches_an_unexplained_control(window: MainWindow) -> None:
    stray = QLineEdit(window.actor_filter)
    stray.show()
    assert any("QLineEdit" in m for m in unexplained(window))


def _menu_actions(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
    for act in menu.actions():
        if act.isSeparator():
            continue
        sub = act.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub, f"{path} ▸ {sub.title().replace('&', '')}")
        else:
            yield path, act


def _default_tip(text: str) -> str:
    """Qt's tooltip for an action nobody gave one: its text without & and "..."."""
    return text.replace("&", "").replace("...", "")


def unreachable_actions(window: MainWindow) -> list[str]:
    out = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        if "&" not in top.text():
            out.append(f"menu {top.text()!r}: no mnemonic")
        for path, act in _menu_actions(menu, top.text().replace("&", "")):
            text = act.text()
            problems = []
            if not text.strip():
                problems.append("no text")
            if act.shortcut().isEmpty() and "&" not in text:
                problems.append("no shortcut or mnemonic")
            tip = act.statusTip().strip() or (
                act.toolTip().strip() if act.toolTip() != _default_tip(text) else ""
            )
            if not tip:
                problems.append("no status tip / tooltip")
            if problems:
                out.append(f"{path} ▸ {text!r}: {', '.join(problems)}")
    return out


def test_every_menu_action_is_reachable_by_keyboard_and_explained(window: MainWindow) -> None:
    missing = unreachable_actions(window)
    assert not missing, "menu actions:\n" + "\n".join(missing)


def test_the_action_check_catches_a_bare_action(window: MainWindow) -> None:
    window.event_menu.addAction(QAction("Frobnicate", window))
    assert any("Frobnicate" in m for m in unreachable_actions(window))


# ---------------------------------------------------------------------------- dialogs
def _dialogs(window: MainWindow) -> dict[str, Callable[[], QDialog | None]]:
    wf = window.workflow
    return {
        "event editor": lambda: wf.edit_event(window.state.selected_id),
        "actor manager": wf.open_actor_manager,
        "bulk annotate": lambda: (wf.select_all_action.trigger(), wf.bulk_annotate())[1],
        "search": wf.open_search,
        "export": lambda: wf.open_export("csv"),
        "tags": wf.open_tag_editor,
        "history": wf.open_history,
        "stance history": wf.open_stance_history,
        "preferences": window.preferences.open,  # type: ignore[attr-defined]
        "shortcuts sheet": window.help_actions.show_shortcuts,
    }


@pytest.mark.parametrize(
    "name",
    [
        "event editor",
        "actor manager",
        "bulk annotate",
        "search",
        "export",
        "tags",
        "history",
        "stance history",
        "preferences",
        "shortcuts sheet",
    ],
)
def test_every_control_of_each_dialog_is_explained(qtbot, window: MainWindow, name: str) -> None:
    dialog = _dialogs(window)[name]()
    assert isinstance(dialog, QDialog), name
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    missing = unexplained(dialog)
    dialog.close()
    assert not missing, f"{name}: controls without a tooltip / accessible name:\n" + "\n".join(
        missing
    )


# ---------------------------------------------------------------------------- empty states
def _shown_texts(pane: QWidget) -> list[str]:
    """Texts a pane shows: its visible labels, and the placeholder it paints (if any)."""
    texts = [lab.text() for lab in pane.findChildren(QLabel) if lab.isVisible() and lab.text()]
    painted = getattr(pane, "empty_text", None)
    if callable(painted):
        painted = painted()
    if painted:
        texts.append(str(painted))
    return texts


def test_an_empty_project_tells_the_user_what_to_do(empty_window: MainWindow) -> None:
    w = empty_window
    panes = {
        "timeline": w.timeline,
        "event list": w.event_list,
        "source pane": w.source_pane,
        "stance panel": w.stance_panel,
        "actors filter": w.actor_filter,
        "things filter": w.thing_filter,
    }
    silent = []
    for name, pane in panes.items():
        texts = " ".join(_shown_texts(pane))
        # Says what to do: names the way in (the Import command or dropping files).
        if "Import" not in texts and "import" not in texts:
            silent.append(f"{name}: {texts!r}")
    assert not silent, "empty panes that do not say what to do:\n" + "\n".join(silent)
    # The painted hint names the real menu entry, so the user can find it.
    file_menu = w.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    entries = {a.text().replace("&", "") for a in file_menu.actions()}
    assert "Import files…" in entries
    assert "Import files…" in w.timeline.empty_text


# ---------------------------------------------------------------------------- keyboard
def _focus_chain(start: QWidget, forward: bool, steps: int) -> list[QWidget]:
    seen = []
    for _ in range(steps):
        start.window().focusNextPrevChild(forward)
        QApplication.processEvents()
        focus = QApplication.focusWidget()
        if focus is not None:
            seen.append(focus)
    return seen


def _pane_of(w: QWidget | None, panes: dict[str, QWidget]) -> str | None:
    while w is not None:
        for name, pane in panes.items():
            if w is pane:
                return name
        w = w.parentWidget()
    return None


def test_f6_and_tab_move_focus_through_the_main_panes(qtbot, window: MainWindow) -> None:
    panes = {
        "timeline": window.timeline,
        "event list": window.event_list,
        "source": window.source_pane,
        "actors": window.actor_filter,
        "things": window.thing_filter,
        "stances": window.stance_panel,
        "annotation": window.annotation_panel,
    }
    # Tab / Shift+Tab leave an ordinary pane: from the event list, Tab reaches another pane.
    window.event_list.setFocus()
    qtbot.waitUntil(lambda: window.event_list.hasFocus())
    forward = {_pane_of(f, panes) for f in _focus_chain(window.event_list, True, 12)}
    backward = {_pane_of(f, panes) for f in _focus_chain(window.event_list, False, 12)}
    assert len(forward - {None}) >= 2 and len(backward - {None}) >= 2
    # The timeline keeps Tab for "next event"; F6 / Shift+F6 cycle the panes from anywhere.
    window.timeline.setFocus()
    qtbot.waitUntil(lambda: window.timeline.hasFocus())
    visited = []
    for _ in range(len(panes)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(_pane_of(QApplication.focusWidget(), panes))
    assert set(visited) == set(panes), visited
    assert visited[-1] == "timeline"  # the cycle comes back round
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _pane_of(QApplication.focusWidget(), panes) == visited[-2]


def test_the_timeline_is_driven_from_the_keyboard(qtbot, window: MainWindow) -> None:
    tl = window.timeline
    assert tl.focusPolicy() & Qt.FocusPolicy.TabFocus
    tl.setFocus()
    qtbot.waitUntil(tl.hasFocus)
    first = window.state.selected_id
    assert first is not None
    qtbot.keyClick(tl, Qt.Key.Key_Tab)
    second = window.state.selected_id
    assert second is not None and second != first
    assert tl.hasFocus()  # Tab stepped to the next event, focus stayed
    qtbot.keyClick(tl, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.state.selected_id == first
    # The screen reader hears the selected event.
    assert tl.accessibleName() == "Event timeline"
    row = window.state.event(first)
    assert row is not None and row.summary in tl.accessibleDescription()
    before = tl._scale.days_per_px  # the zoom + and - change
    qtbot.keyClick(tl, Qt.Key.Key_Plus)
    assert tl._scale.days_per_px < before
    qtbot.keyClick(tl, Qt.Key.Key_Minus)
    qtbot.keyClick(tl, Qt.Key.Key_Minus)
    assert tl._scale.days_per_px > before
    start = tl._scale.start
    qtbot.keyClick(tl, Qt.Key.Key_Right)
    assert tl._scale.start != start
    qtbot.keyClick(tl, Qt.Key.Key_Home)
    # Enter opens the selected event's source and moves the focus there.
    qtbot.keyClick(tl, Qt.Key.Key_Return)
    assert window.source_pane.text.hasFocus()


def test_f1_opens_the_shortcut_sheet(qtbot, window: MainWindow) -> None:
    window.event_list.setFocus()
    qtbot.keyClick(window.event_list, Qt.Key.Key_F1)
    sheets = [
        d
        for d in window.findChildren(QDialog)
        if type(d).__name__ == "ShortcutSheet" and d.isVisible()
    ]
    assert sheets
    assert window.help_actions.shortcuts_action.shortcut() == QKeySequence("F1")
    for s in sheets:
        s.close()


def test_the_actor_filter_is_ticked_from_the_keyboard(qtbot, window: MainWindow) -> None:
    view = window.actor_filter.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.state.actor_filter  # what the tooltip promises: Space ticks
