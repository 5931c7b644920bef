"""The timeline's keys as QActions, and the mouse gestures the shortcut sheet lists with them.

Help ▸ Keyboard shortcuts reads these actions (``TimelineWidget.shortcut_actions``), so a key
added here shows up there with nothing copied by hand.  The actions are not added to the widget
as shortcuts: Home is also the window's View ▸ Fit all, and two live shortcuts on one key would
cancel each other out (Qt's "ambiguous shortcut").  The widget's ``keyPressEvent`` triggers the
action whose key was pressed instead, which also works in a window that is not active.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class KeyCommand:
    name: str  # the handler's key in ``build_actions``
    text: str  # what the shortcut sheet and menus say
    keys: tuple[str, ...]  # QKeySequence strings; the first is the one shown first
    tip: str = ""


COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand("zoom_in", "Zoom in", ("+", "="), "Show a shorter span of time"),
    KeyCommand("zoom_out", "Zoom out", ("-", "_"), "Show a longer span of time"),
    KeyCommand("earlier", "Move back in time", ("Left",)),
    KeyCommand("later", "Move forward in time", ("Right",)),
    KeyCommand("lanes_up", "Scroll the lanes up", ("Up",)),
    KeyCommand("lanes_down", "Scroll the lanes down", ("Down",)),
    KeyCommand("fit_all", "Fit all events", ("Home",), "Show every event, however far apart"),
    KeyCommand("next_event", "Select the next event in time", ("Tab",)),
    KeyCommand("previous_event", "Select the previous event in time", ("Shift+Tab",)),
    KeyCommand("open_event", "Open the selected event's article", ("Return", "Enter")),
    KeyCommand("taller_lanes", "Taller lanes", ("]",), "More room per lane: labels in bars"),
    KeyCommand("shorter_lanes", "Shorter lanes", ("[",), "More lanes on screen"),
)

# Gestures are not actions; listed with the keys so the sheet is complete.
MOUSE_GESTURES: tuple[tuple[str, str], ...] = (
    ("Mouse wheel", "Zoom around the pointer"),
    ("Shift+wheel", "Scroll the lanes"),
    ("Ctrl+wheel", "Taller / shorter lanes"),
    ("Drag", "Move back / forward in time"),
    ("Shift+drag", "Select the events in a box"),
    ("Click a lane name", "Collapse / expand the lane"),
    ("Double-click", "Open an event; zoom into a group of events"),
    ("Right-click", "Star, review, note, edit the event"),
)

# Symbols typed with Shift on some layouts ("+" is Shift+= on US keyboards) match without it.
_SHIFT_FREE = {
    Qt.Key.Key_Plus,
    Qt.Key.Key_Equal,
    Qt.Key.Key_Minus,
    Qt.Key.Key_Underscore,
    Qt.Key.Key_BracketLeft,
    Qt.Key.Key_BracketRight,
}


def build_actions(
    parent: QObject, handlers: Mapping[str, Callable[[], object]]
) -> dict[str, QAction]:
    """One QAction per command, its ``triggered`` connected to ``handlers[name]``."""
    actions: dict[str, QAction] = {}
    for cmd in COMMANDS:
        act = QAction(cmd.text, parent)
        act.setShortcuts([QKeySequence(k) for k in cmd.keys])
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        if cmd.tip:
            act.setStatusTip(cmd.tip)
        handler = handlers[cmd.name]
        act.triggered.connect(lambda _checked=False, h=handler: h())
        actions[cmd.name] = act
    return actions


def normalise(key: int, modifiers: Qt.KeyboardModifier) -> tuple[int, Qt.KeyboardModifier]:
    """A key event as the combination an action's shortcut names."""
    mods = modifiers & ~Qt.KeyboardModifier.KeypadModifier
    if key == Qt.Key.Key_Backtab:  # Shift+Tab arrives as Backtab (with or without Shift)
        return int(Qt.Key.Key_Tab), Qt.KeyboardModifier.ShiftModifier
    if key in _SHIFT_FREE:
        mods &= ~Qt.KeyboardModifier.ShiftModifier
    return key, mods


def action_for(
    actions: Mapping[str, QAction], key: int, modifiers: Qt.KeyboardModifier
) -> QAction | None:
    """The enabled action one of whose keys is ``key`` with ``modifiers``."""
    key, mods = normalise(key, modifiers)
    for act in actions.values():
        if not act.isEnabled():
            continue
        for seq in act.shortcuts():
            if seq.count() != 1:
                continue
            combo = seq[0]
            if int(combo.key()) == int(key) and combo.keyboardModifiers() == mods:
                return act
    return None
