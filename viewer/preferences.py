"""Edit ▸ Preferences…: the user's choices, stored with QSettings, and the readers for them.

One place names every setting (``KEYS``) and reads it with its default, so the modules that
use a setting call a function here instead of repeating key strings:

* ``lane_mode()``        timeline lanes at start: "actor" | "source" | "type"
* ``date_format()`` and ``format_day(d)``   how a day is written in lists
* ``backup_period()``    how often the automatic backup runs (None: never)
* ``author()``           the name notes are signed with (the key viewer/annotationpanel.py reads)
* ``theme()``            "system" | "light" | "dark" (viewer/theme.py applies it)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

KEYS = {
    "lane_mode": "timeline/laneMode",
    "date_format": "display/dateFormat",
    "backup_minutes": "backup/periodMinutes",
    "author": "author",  # read by viewer/annotationpanel.note_author()
    "theme": "appearance/theme",  # read by viewer/theme.chosen_theme()
    "welcome": "welcome/shown",  # viewer/welcome.py
    "lane_height": "timeline/laneHeight",  # the timeline's lane menu, Ctrl+wheel, [ and ]
}

LANE_MODES: dict[str, str] = {
    "actor": "By actor (who did it)",
    "source": "By source (which article said it)",
    "type": "By event type (agreement, sanction, …)",
}
# strftime patterns; "analyst" is the default the event list has always used.
DATE_FORMATS: dict[str, tuple[str, str]] = {
    "analyst": ("%-d %b %Y", "12 Jul 2019"),
    "long": ("%-d %B %Y", "12 July 2019"),
    "iso": ("%Y-%m-%d", "2019-07-12"),
    "dmy": ("%d/%m/%Y", "12/07/2019"),
    "mdy": ("%m/%d/%Y", "07/12/2019"),
}
BACKUP_CHOICES: dict[int, str] = {
    10: "Every 10 minutes",
    30: "Every 30 minutes",
    60: "Every hour",
    240: "Every 4 hours",
    0: "Never (not recommended)",
}
DEFAULT_BACKUP_MINUTES = 30  # = db.backup.PERIOD
THEMES: dict[str, str] = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def settings() -> QSettings:
    return QSettings("Stanceline", "Stanceline")


def _choice(key: str, allowed: Any, default: Any) -> Any:
    value = settings().value(KEYS[key], default)
    if isinstance(default, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
    return value if value in allowed else default


def lane_mode() -> str:
    return _choice("lane_mode", LANE_MODES, "actor")


def date_format() -> str:
    return _choice("date_format", DATE_FORMATS, "analyst")


def format_day(day: date, fmt: str | None = None) -> str:
    """A day in the user's chosen format (no platform-specific strftime flags)."""
    pattern = DATE_FORMATS[fmt or date_format()][0]
    # "%-d" (no leading zero) is glibc/macOS only; do it by hand so Windows works too.
    return day.strftime(pattern.replace("%-d", str(day.day)))


def backup_minutes() -> int:
    return _choice("backup_minutes", BACKUP_CHOICES, DEFAULT_BACKUP_MINUTES)


def backup_period() -> timedelta | None:
    """How old the newest automatic backup may get; None when the user turned them off."""
    minutes = backup_minutes()
    return timedelta(minutes=minutes) if minutes else None


def author() -> str:
    value = settings().value(KEYS["author"], "")
    return value.strip() if isinstance(value, str) else ""


def theme() -> str:
    return _choice("theme", THEMES, "system")


def lane_height() -> int:
    """The timeline's lane height (px), compact unless the user chose otherwise."""
    from viewer.timeline import geometry as g

    try:
        value = int(settings().value(KEYS["lane_height"], g.LANE_HEIGHT_DEFAULT))
    except (TypeError, ValueError):
        return g.LANE_HEIGHT_DEFAULT
    return min(max(value, g.LANE_HEIGHT_MIN), g.LANE_HEIGHT_MAX)


def set_lane_height(height: int) -> None:
    settings().setValue(KEYS["lane_height"], int(height))


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.lanes = self._combo(
            LANE_MODES, lane_mode(), "How the timeline groups events when a project opens"
        )
        form.addRow("Timeline &lanes:", self.lanes)
        self.lane_height = self._lane_height_combo()
        form.addRow("Lane &height:", self.lane_height)
        self.dates = self._combo(
            {k: example for k, (_p, example) in DATE_FORMATS.items()},
            date_format(),
            "How a day is written in the event list",
        )
        form.addRow("&Dates:", self.dates)
        self.backups = self._combo(
            BACKUP_CHOICES,
            backup_minutes(),
            "How often a copy of the project is kept while you work "
            "(File ▸ Restore backup… brings one back)",
        )
        form.addRow("Automatic &backup:", self.backups)
        self.author = QLineEdit(author())
        self.author.setPlaceholderText("Your name, e.g. Ayşe Demir")
        self.author.setToolTip("Notes you add are signed with this name")
        form.addRow("&Sign notes as:", self.author)
        self.theme = self._combo(THEMES, theme(), "Light or dark; applies at once")
        form.addRow("&Appearance:", self.theme)
        self.welcome = QCheckBox("Show the welcome tour at the next start")
        self.welcome.setToolTip("The short tour of the three panes, shown once on the first start")
        self.welcome.setChecked(not bool(settings().value(KEYS["welcome"], False, type=bool)))
        form.addRow("", self.welcome)
        for label_widget in (
            form.labelForField(w)
            for w in (
                self.lanes, self.lane_height, self.dates, self.backups, self.author, self.theme
            )
        ):
            if isinstance(label_widget, QLabel):
                label_widget.buddy().setAccessibleName(
                    label_widget.text().replace("&", "").rstrip(":")
                )
        layout.addLayout(form)
        note = QLabel("Settings are saved for your user account on this computer.")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _combo(choices: dict[Any, str], current: Any, tip: str) -> QComboBox:
        box = QComboBox()
        for value, label in choices.items():
            box.addItem(label, value)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.setToolTip(tip)
        return box

    def _lane_height_combo(self) -> QComboBox:
        from viewer.timeline.geometry import LANE_HEIGHT_PRESETS

        current = lane_height()
        choices = {px: f"{name} ({px} px)" for name, px in LANE_HEIGHT_PRESETS.items()}
        if current not in choices:  # set with Ctrl+wheel or [ ]: keep it on offer
            choices[current] = f"As set on the timeline ({current} px)"
        return self._combo(
            choices, current, "How tall each timeline lane is (also Ctrl+wheel, [ and ])"
        )

    def save(self) -> None:
        st = settings()
        st.setValue(KEYS["lane_mode"], self.lanes.currentData())
        st.setValue(KEYS["lane_height"], int(self.lane_height.currentData()))
        st.setValue(KEYS["date_format"], self.dates.currentData())
        st.setValue(KEYS["backup_minutes"], int(self.backups.currentData()))
        st.setValue(KEYS["author"], self.author.text().strip())
        st.setValue(KEYS["theme"], self.theme.currentData())
        st.setValue(KEYS["welcome"], not self.welcome.isChecked())
        st.sync()


def apply_to_window(window: Any) -> None:
    """What can change in a running window: the lane mode, the theme, the lists' dates."""
    timeline = getattr(window, "timeline", None)
    if timeline is not None and timeline.lane_mode() != lane_mode():
        timeline.set_lane_mode(lane_mode())
    if timeline is not None:
        timeline.set_lane_height(lane_height(), remember=False)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        from viewer.theme import apply_theme

        apply_theme(app)
    event_list = getattr(window, "event_list", None)
    if event_list is not None:
        event_list.source_model.refresh_day_format()


def _edit_menu(window: QMainWindow) -> QMenu:
    menu = getattr(window, "edit_menu", None)
    if isinstance(menu, QMenu):
        return menu
    for action in window.menuBar().actions():
        if action.text().replace("&", "").strip().lower() == "edit" and action.menu():
            return action.menu()
    return window.menuBar().addMenu("&Edit")


class PreferencesHook:
    """Edit ▸ Preferences… on a window (kept on ``window.preferences``)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.action = QAction("&Preferences…", window)
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS: app menu
        # Ctrl+, everywhere (Linux and Windows have no standard key, and KDE's is
        # Ctrl+Shift+,), plus the platform's own; on macOS both are Cmd+,.
        keys = [QKeySequence("Ctrl+,")]
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
                 if k not in keys]
        self.action.setShortcuts(keys)
        self.action.setStatusTip("Lanes, date format, backups, your name for notes, appearance")
        self.action.triggered.connect(self.open)
        menu = _edit_menu(window)
        menu.addSeparator()
        menu.addAction(self.action)
        # On the window too: a shortcut that lives only in a menu is dead while the menu bar
        # is hidden or exported to the desktop's global menu.
        window.addAction(self.action)

    def open(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.window)
        dialog.accepted.connect(lambda: self.accepted(dialog))
        dialog.open()  # window-modal, does not block the event loop (tests drive it)
        return dialog

    def accepted(self, dialog: PreferencesDialog) -> None:
        dialog.save()
        apply_to_window(self.window)


def install_preferences(window: QMainWindow) -> PreferencesHook:
    """Add Edit ▸ Preferences… and apply the stored lane mode to the window (once)."""
    existing = getattr(window, "preferences", None)
    if isinstance(existing, PreferencesHook):
        return existing
    hook = PreferencesHook(window)
    window.preferences = hook  # type: ignore[attr-defined]
    timeline = getattr(window, "timeline", None)
    if timeline is not None and lane_mode() != timeline.lane_mode():
        timeline.set_lane_mode(lane_mode())
    return hook
