"""Annotating the selected event: star, review state, tags, notes.

``AnnotationActions`` is the one place the annotation rules live (save through ``db.edits``
on the undo stack); the panel, the Event menu and the context menus of the timeline and the
event list all go through it.

Concurrent editors: the version of each event (``db.sync.event_version``) is read when the
panel shows it, and every write passes it on, so a write on an event somebody else changed
meanwhile is refused (``viewer.dialogs.conflict``) instead of overwriting their change.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, QPoint, QSettings, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import edits, queries
from db.edits import Change, Versions
from db.sync import ConflictError, event_version
from viewer import colours
from viewer.dialogs.conflict import Guarded, show_conflict
from viewer.eventlist import event_date_text
from viewer.selection import MultiSelection
from viewer.state import ProjectState
from viewer.tagchips import TagChips, TagPalette
from viewer.undo import Editor

REVIEW_LABELS = {"unreviewed": "Unreviewed", "confirmed": "Confirmed", "rejected": "Rejected"}


def note_author() -> str:
    """The name notes are signed with: Settings ▸ author if set, else the login name."""
    chosen = QSettings("Stanceline", "Stanceline").value("author", "")
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        return ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def parse_tags(text: str) -> list[str]:
    """ "a, b ,,a" → ["a", "b"]: trimmed, empty dropped, duplicates (any case) dropped."""
    seen: set[str] = set()
    tags: list[str] = []
    for raw in text.split(","):
        tag = raw.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


class AnnotationActions(QObject):
    """Star / review / note actions on an event (the selected one unless told otherwise).

    An action on an event that is part of the multi-selection applies to all of it, as one
    undoable command.  Every write goes through the ``Editor`` (undo stack).
    """

    conflicted = Signal(str)  # the message shown when a write lost to another writer

    def __init__(
        self,
        state: ProjectState,
        parent: QWidget | None = None,
        editor: Editor | None = None,
        selection: MultiSelection | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        # Event id → its version as last shown to the user (see the module docstring).
        self.versions: dict[int, datetime | None] = {}
        self.conflict_box: QMessageBox | None = None
        self._dialog_parent = parent
        self.editor = editor if editor is not None else Editor(state, parent)
        self.selection = selection if selection is not None else MultiSelection(self)
        # More context-menu entries, added by the main window: builder(menu, event_id).
        self.menu_builders: list = []
        self.star = QAction("Star", self, checkable=True, shortcut=QKeySequence("S"))
        self.star.setToolTip("Mark this event as important")
        self.review = QActionGroup(self)
        self.review_actions: dict[str, QAction] = {}
        for review, label, key, tip in (
            ("confirmed", "Confirm", "C", "The selected event is right as extracted"),
            ("rejected", "Reject", "R", "The selected event is wrong: hide it from exports"),
            ("unreviewed", "Mark unreviewed", "U", "Clear the review of the selected event"),
        ):
            act = QAction(label, self, checkable=True, shortcut=QKeySequence(key))
            act.setStatusTip(tip)
            act.setData(review)
            self.review.addAction(act)
            self.review_actions[review] = act
        self.add_note_action = QAction("Add note…", self, shortcut=QKeySequence("N"))
        self.add_note_action.setStatusTip("Write a note on the selected event")
        # Single-key shortcuts are safe: text fields claim plain keys (ShortcutOverride) first.

        self.star.triggered.connect(lambda on: self.set_star(self._state.selected_id, on))
        for review, act in self.review_actions.items():
            act.triggered.connect(
                lambda _=False, r=review: self.set_review(self._state.selected_id, r)
            )
        self.add_note_action.triggered.connect(lambda: self.ask_note(self._state.selected_id))
        state.selectionChanged.connect(self._sync)
        state.eventChanged.connect(lambda _id: self._sync(self._state.selected_id))
        state.dataChanged.connect(lambda: self._sync(self._state.selected_id))
        self._sync(state.selected_id)

    def all_actions(self) -> list[QAction]:
        return [self.star, *self.review_actions.values(), self.add_note_action]

    def _sync(self, event_id: int | None) -> None:
        row = self._state.event(event_id)
        for act in self.all_actions():
            act.setEnabled(row is not None)
        if row is not None:
            self.star.setChecked(row.starred)
            self.review_actions[row.review].setChecked(True)

    # ------------------------------------------------------------------ versions
    def remember(self, event_id: int) -> None:
        """The user is shown this event now: later writes expect this version of it."""
        self.versions[event_id] = event_version(self._state.project, event_id)

    def write(self, text: str, ids: list[int], write: Callable[[Versions], Change]) -> bool:
        """Run ``write(expected versions)`` on the undo stack; a conflict is reported and
        the view reloaded.  Returns whether the change was saved."""
        expected = {i: self.versions.pop(i, None) for i in ids}  # re-read when shown again
        guarded = Guarded(lambda: write(expected))
        self.editor.run(text, guarded)
        if guarded.error is not None:
            self.report_conflict(guarded.error)
            return False
        return True

    def report_conflict(self, err: ConflictError) -> None:
        self.conflict_box = show_conflict(self._dialog_parent, self._state, err)
        self.conflicted.emit(self.conflict_box.text())

    # ------------------------------------------------------------------ the rules
    def targets(self, event_id: int | None) -> list[int]:
        return self.selection.targets(event_id)

    def set_star(self, event_id: int | None, starred: bool) -> None:
        ids = self.targets(event_id)
        if not ids:
            return
        verb = "Star" if starred else "Unstar"
        self.write(
            f"{verb} {_plural(len(ids), 'event')}",
            ids,
            lambda v: edits.set_star(self._state.project, ids, starred, v),
        )

    def toggle_star(self, event_id: int | None) -> None:
        row = self._state.event(event_id)
        if row is not None:
            self.set_star(row.id, not row.starred)

    def set_review(self, event_id: int | None, review: str) -> None:
        ids = self.targets(event_id)
        if not ids:
            return
        label = {"confirmed": "Confirm", "rejected": "Reject"}.get(review, "Unreview")
        self.write(
            f"{label} {_plural(len(ids), 'event')}",
            ids,
            lambda v: edits.set_review(self._state.project, ids, review, v),
        )

    def set_tags(self, event_id: int | None, tags: Iterable[str]) -> None:
        if event_id is None:
            return
        names = list(tags)
        self.write(
            "Set tags",
            [event_id],
            lambda v: edits.set_tags(self._state.project, event_id, names, v[event_id]),
        )

    def add_tags(self, event_id: int | None, tags: Iterable[str]) -> None:
        ids, names = self.targets(event_id), list(tags)
        if ids and names:
            self.write(
                f"Tag {_plural(len(ids), 'event')} {', '.join(names)}",
                ids,
                lambda v: edits.add_tags(self._state.project, ids, names, v),
            )

    def add_note(self, event_id: int | None, text: str) -> bool:
        """Returns whether the note was saved (a conflict keeps it for the user to redo)."""
        text = text.strip()
        ids = self.targets(event_id)
        if not ids or not text:
            return False
        author = note_author()
        return self.write(
            f"Note on {_plural(len(ids), 'event')}",
            ids,
            lambda v: edits.add_note(self._state.project, ids, text, author, v),
        )

    def delete_note(self, event_id: int, note_id: int) -> None:
        self.editor.run("Delete note", lambda: edits.delete_note(self._state.project, note_id))

    def ask_note(self, event_id: int | None) -> None:
        if event_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self._dialog_parent, "Add note", "Note on this event:"
        )
        if ok:
            self.add_note(event_id, text)

    # ------------------------------------------------------------------ menus
    def build_menu(self, event_id: int, parent: QWidget | None = None) -> QMenu:
        """A context menu acting on ``event_id`` (which need not be the selected event)."""
        row = self._state.event(event_id)
        menu = QMenu(parent)
        if row is None:
            return menu
        star = menu.addAction("Unstar" if row.starred else "Star")
        star.triggered.connect(lambda: self.set_star(event_id, not row.starred))
        menu.addSeparator()
        for review, act in self.review_actions.items():
            item = menu.addAction(act.text())
            item.setCheckable(True)
            item.setChecked(row.review == review)
            item.triggered.connect(lambda _=False, r=review: self.set_review(event_id, r))
        menu.addSeparator()
        menu.addAction("Add note…").triggered.connect(lambda: self.ask_note(event_id))
        for build in self.menu_builders:
            build(menu, event_id)
        return menu

    def exec_menu(self, event_id: int, global_pos: QPoint) -> None:
        self.build_menu(event_id, self._dialog_parent).exec(global_pos)


class AnnotationPanel(QWidget):
    """Shows and edits the annotations of the selected event; every change is saved at once."""

    noteAdded = Signal(int)

    def __init__(
        self,
        state: ProjectState,
        actions: AnnotationActions,
        parent: QWidget | None = None,
        palette: TagPalette | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._actions = actions
        self.palette = palette if palette is not None else TagPalette(state, self)
        self._event_id: int | None = None
        # Unsaved note text per event: a draft stays with the event it was written for, so
        # "Add note" never attaches it to whichever event is selected later.
        self._drafts: dict[int, str] = {}
        self._drafts_project = state.project

        self._stack = QStackedWidget(self)
        empty = QLabel(
            "Select an event in the timeline or the list to review it, tag it and write notes."
        )
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setStyleSheet(f"color: {colours.MUTED_TEXT}; padding: 12px;")
        self._stack.addWidget(empty)
        self._stack.addWidget(self._build_editor())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        state.selectionChanged.connect(self._show)
        state.eventChanged.connect(self._event_changed)
        state.dataChanged.connect(lambda: self._show(self._state.selected_id))
        actions.conflicted.connect(self._discard_tag_edit)
        self._show(state.selected_id)

    def _discard_tag_edit(self, _message: str) -> None:
        """After a conflict the tags shown are theirs, not what was being typed."""
        row = self._state.event(self._event_id)
        self.tags_edit.setText(", ".join(row.tags) if row else "")

    # ------------------------------------------------------------------ building
    def _build_editor(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 8, 8, 8)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # extracted text is data
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.star_button = QToolButton()
        self.star_button.setCheckable(True)
        self.star_button.setToolTip("Star this event (S)")
        self.star_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.star_button.clicked.connect(lambda on: self._actions.set_star(self._event_id, on))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.star_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date_label = QLabel()
        self.actors_label = QLabel()
        self.actors_label.setWordWrap(True)
        self.actors_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Date:", self.date_label)
        form.addRow("Actors:", self.actors_label)

        self.review_group = QButtonGroup(self)
        self.review_group.setExclusive(True)
        self.review_buttons: dict[str, QPushButton] = {}
        review_row = QHBoxLayout()
        review_row.setSpacing(0)
        for review, label in REVIEW_LABELS.items():
            b = QPushButton(label)
            b.setCheckable(True)
            b.setToolTip(
                {
                    "unreviewed": "Not checked yet (U)",
                    "confirmed": "The article supports this event (C)",
                    "rejected": "Wrongly extracted or not an event (R)",
                }[review]
            )
            fill = QColor(colours.REVIEW[review])  # white read 3.3:1 on the grey of old
            b.setStyleSheet(
                f"QPushButton:checked {{ background: {fill.name()};"
                f" color: {colours.text_on(fill).name()}; font-weight: bold; }}"
            )
            b.clicked.connect(lambda _=False, r=review: self._actions.set_review(self._event_id, r))
            self.review_group.addButton(b)
            self.review_buttons[review] = b
            review_row.addWidget(b)
        review_row.addStretch(1)
        form.addRow("Review:", review_row)

        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("comma-separated, e.g. sanctions, S-400")
        self.tags_edit.setToolTip("Tags of this event, separated by commas; Enter saves them")
        self._tag_model = QStringListModel(self)
        completer = QCompleter(self._tag_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        self.tags_edit.editingFinished.connect(self._save_tags)
        self.tag_chips = TagChips(self.palette)
        tags_box = QVBoxLayout()
        tags_box.setSpacing(3)
        tags_box.addWidget(self.tag_chips)
        tags_box.addWidget(self.tags_edit)
        form.addRow("Tags:", tags_box)
        lay.addLayout(form)

        notes_title = QLabel("Notes")
        notes_title.setStyleSheet("font-weight: bold; margin-top: 6px;")
        lay.addWidget(notes_title)
        self.notes_list = QListWidget()
        self.notes_list.setWordWrap(True)
        self.notes_list.setAccessibleName("Notes on this event")
        self.notes_list.setToolTip("Notes on this event; right-click a note to edit or delete it")
        # Ignored: take what is left over rather than ask for a tall default and force scrolling.
        self.notes_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.notes_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notes_list.customContextMenuRequested.connect(self._note_menu)
        self.notes_list.setMinimumHeight(self.fontMetrics().height() * 4)
        lay.addWidget(self.notes_list, 1)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Write a note on this event…")
        self.note_edit.setAccessibleName("New note")
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 4)
        lay.addWidget(self.note_edit)
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.setToolTip("Save the note written above on this event")
        self.add_note_button.clicked.connect(self._add_note)
        note_row = QHBoxLayout()
        note_row.addStretch(1)
        note_row.addWidget(self.add_note_button)
        lay.addLayout(note_row)
        return scroll

    # ------------------------------------------------------------------ showing
    def _event_changed(self, event_id: int) -> None:
        if event_id == self._event_id:
            self._show(event_id)

    def _show(self, event_id: int | None) -> None:
        row = self._state.event(event_id)
        if row is not None and self._event_id != event_id:
            self._save_tags()  # a tag edit in progress belongs to the previous event
        new_id = row.id if row else None
        if new_id != self._event_id or self._drafts_project is not self._state.project:
            self._switch_draft(new_id)
        self._event_id = new_id
        if row is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        self._actions.remember(row.id)  # the version this user now sees
        notes, actor_roles = queries.event_notes_and_actors(self._state.project, row.id)
        self.summary.setText(row.summary)
        self.date_label.setText(
            f"{event_date_text(row)}   ({row.date_value})" if row.date_value else "undated"
        )
        actors = [f"{name} ({role})" if role else name for _id, name, role in actor_roles]
        self.actors_label.setText(", ".join(actors) or "—")
        self.star_button.setChecked(row.starred)
        self.star_button.setText("★ Starred" if row.starred else "☆ Star")
        self.review_buttons[row.review].setChecked(True)
        if not self.tags_edit.hasFocus() or self.tags_edit.text() == "":
            self.tags_edit.setText(", ".join(row.tags))
        self.tag_chips.set_tags(row.tags)
        self._tag_model.setStringList(self._state.all_tags())
        self.notes_list.clear()
        for note in notes:
            who = note.author or "someone"
            item = QListWidgetItem(f"{note.text}\n— {who}, {note.created:%d %b %Y %H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.notes_list.addItem(item)
        if not notes:
            item = QListWidgetItem("No notes yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.notes_list.addItem(item)

    def _switch_draft(self, new_id: int | None) -> None:
        """Keep the note being written with its event; show the new event's own draft."""
        if self._drafts_project is not self._state.project:  # another project: other ids
            self._drafts.clear()
            self._drafts_project = self._state.project
        elif self._event_id is not None:
            text = self.note_edit.toPlainText()
            if text.strip():
                self._drafts[self._event_id] = text
            else:
                self._drafts.pop(self._event_id, None)
        self.note_edit.setPlainText(self._drafts.get(new_id, "") if new_id is not None else "")

    def draft(self, event_id: int) -> str:
        """The unsaved note text of an event (the one shown for the selected event)."""
        if event_id == self._event_id:
            return self.note_edit.toPlainText()
        return self._drafts.get(event_id, "")

    # ------------------------------------------------------------------ editing
    def _save_tags(self) -> None:
        row = self._state.event(self._event_id)
        if row is None:
            return
        tags = parse_tags(self.tags_edit.text())
        if tuple(tags) != tuple(row.tags):
            self._actions.set_tags(row.id, tags)

    def _add_note(self) -> None:
        if self._event_id is None or not self.note_edit.toPlainText().strip():
            return
        if self._actions.add_note(self._event_id, self.note_edit.toPlainText()):
            self.note_edit.clear()  # kept after a conflict: the user may add it again
            self._drafts.pop(self._event_id, None)
            self.noteAdded.emit(self._event_id)

    def _note_menu(self, pos: QPoint) -> None:
        item = self.notes_list.itemAt(pos)
        note_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if note_id is None or self._event_id is None:
            return
        menu = QMenu(self)
        event_id = self._event_id
        menu.addAction("Delete note").triggered.connect(
            lambda: self._actions.delete_note(event_id, note_id)
        )
        menu.exec(self.notes_list.viewport().mapToGlobal(pos))
