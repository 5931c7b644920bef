"""Undo/redo: every change the analyst makes is a ``ChangeCommand`` on one ``QUndoStack``.

A command holds a ``db.edits.Change`` (the rows before and after) and only puts rows back:
undo never re-runs the logic of the write.  ``Editor.run`` does the write first, so a write that
fails (a name already taken…) reports its message and leaves the stack untouched.  Every change
is committed as it is made: there is no "Save".  The stack lives until the project is closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from db import edits
from db.edits import Change
from db.project import Project
from db.sync import ConflictError
from services.redate import Redated
from viewer.relinked import LinkScope, PatchedLinks, link_scope, patch_links
from viewer.state import ProjectState

Background = Callable[
    [Callable[[], object], Callable[[object], None], Callable[[BaseException], None]], None
]

# Refreshing event by event is cheaper than a reload only for a handful of events.
REFRESH_ONE_BY_ONE = 30


def prepare(state: ProjectState, change: Change) -> object | None:
    """What showing ``change`` needs that can be worked out before the GUI thread gets it (on
    the database worker, right after the write): an alias's new actor links."""
    links = link_scope(change)  # reading the rows a relink changed: ~20 ms at 1M
    if links is not None and links.event_ids and state.arrays is not None:
        return patch_links(state.project, links, state.arrays) or links
    return links


def refresh(state: ProjectState, change: Change, prepared: object | None = None) -> None:
    """Show a change everywhere: re-read the touched events, or everything."""
    if isinstance(change.result, Redated):  # a publication date: that article's rows only
        state.refresh_dates(change.result)
        return
    patched = prepared if isinstance(prepared, PatchedLinks) else None
    if patched is not None:
        links: LinkScope | None = patched.scope
    else:
        links = prepared if isinstance(prepared, LinkScope) else link_scope(change)
    if links is not None:  # an alias: the relinked rows only
        state.refresh_links(links, patched)
        return
    ids = change.event_ids
    if change.annotation_only and len(ids) <= REFRESH_ONE_BY_ONE:
        for event_id in sorted(ids):
            if state.event(event_id) is not None:
                state.refresh_event(event_id)
    else:
        state.reload()


class ChangeCommand(QUndoCommand):
    def __init__(
        self, text: str, editor: Editor, change: Change, prepared: object | None = None
    ) -> None:
        super().__init__(text)
        self._editor = editor
        self.change = change
        self._prepared = prepared  # see ``prepare``: for the first showing only
        self._first = True  # the write already happened: the stack's first redo is a no-op

    def redo(self) -> None:
        prepared, self._prepared = self._prepared, None
        if self._first:
            self._first = False
            self._editor.fresh = True  # the push that follows is a change, not a redo
            self._editor.applied(self.change, prepared)
        else:
            self._editor.replay(self.change, edits.redo)

    def undo(self) -> None:
        self._editor.replay(self.change, edits.undo)


class Editor(QObject):
    """The one way the viewer writes: ``run("Star 3 events", lambda: edits.set_star(...))``."""

    changed = Signal(object)  # the Change just done, undone or redone (after the refresh)
    failed = Signal(str)
    message = Signal(str)  # "Undone: Star event", for the status bar

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.stack = QUndoStack(self)
        # Runs (work, on_done, on_failed) off the GUI thread; set by viewer.dbworker, None in
        # tests that undo synchronously.
        self.background: Background | None = None
        self._parent = parent
        self._macro_depth = 0
        # Say what undo and redo did: the stack's index moves down (undo) or up (redo); a new
        # change (ChangeCommand's first redo sets ``fresh``) or a clear says nothing.
        self._index = 0
        self.fresh = False
        self.stack.indexChanged.connect(self._index_changed)
        bar = getattr(parent, "statusBar", None)
        if callable(bar):
            self.message.connect(lambda text: bar().showMessage(text, 6000))

    def run(self, text: str, write: Callable[[], Change]) -> Change | None:
        try:
            change = write()
        except ConflictError as err:  # someone else changed it first: show theirs, say so
            self.state.reload()
            self.failed.emit(str(err))
            if self._parent is not None and self._macro_depth == 0:
                QMessageBox.warning(self._parent, text, str(err))
            return None
        except (ValueError, KeyError) as err:
            message = str(err.args[0]) if err.args else str(err)
            self.failed.emit(message)
            if self._parent is not None and self._macro_depth == 0:
                QMessageBox.warning(self._parent, text, message)
            return None
        if change.empty:
            return change
        self.stack.push(ChangeCommand(text, self, change))
        return change

    def begin(self, text: str) -> None:
        """Group the following ``run`` calls into one undo step (until ``end``)."""
        self._macro_depth += 1
        self.stack.beginMacro(text)

    def end(self) -> None:
        self._macro_depth -= 1
        if self._macro_depth == 0:
            self.fresh = True  # the outermost end puts the group on the stack: a change
        self.stack.endMacro()

    def replay(self, change: Change, put: Callable[[Project, Change], None]) -> None:
        """Put a change's rows back (``edits.undo``) or again (``edits.redo``), then show it.
        With a database worker (``background``, the running application) the write and the
        heavy part of showing it run there: an alias's undo at a million events held the
        window ~0.5 s.  The serial worker keeps undo, redo and new writes in order."""
        state = self.state
        project = state.project
        if self.background is None:
            put(project, change)
            self.applied(change)
            return

        def work() -> object | None:
            put(project, change)
            return prepare(state, change)

        def failed(err: BaseException) -> None:
            state.reload()  # what the database holds now, whatever went wrong
            self.failed.emit(f"{type(err).__name__}: {err}")

        self.background(work, lambda prepared: self.applied(change, prepared), failed)

    def applied(self, change: Change, prepared: object | None = None) -> None:
        refresh(self.state, change, prepared)
        self.changed.emit(change)

    def clear(self) -> None:
        """A new project starts with an empty history."""
        self.fresh = True
        self.stack.clear()
        self.fresh, self._index = False, self.stack.index()

    def _index_changed(self, index: int) -> None:
        before, self._index = self._index, index
        if self.fresh or self._macro_depth:
            self.fresh = False
            return
        if index < before:
            self.message.emit(f"Undone: {self.stack.text(index)} (Ctrl+Shift+Z redoes it)")
        elif index > before:
            self.message.emit(f"Redone: {self.stack.text(index - 1)}")
