"""The analyst's workflow in the main window: undo/redo and history, editing events (edit,
delete, merge, split, new from a passage), new stances, bulk annotation, the actor and tag
managers, stance history, search, saved views and export.

Kept out of ``mainwindow.py`` so that one builds the window and this one says what the
analyst can do to the project.  Every change goes through ``window.editor`` (one undo stack).
Dialogs are opened with ``open()``; the last one is ``self.dialog`` (tests and screenshots
fill it in and press its buttons).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from db import edits, queries
from db.sync import ConflictError, event_version
from viewer.dbworker import window_reader
from viewer.dialogs.actors import ActorManagerDialog
from viewer.dialogs.bulk import BulkAnnotateDialog
from viewer.dialogs.conflict import Guarded
from viewer.dialogs.eventeditor import (
    DELETE,
    EventEditorDialog,
    draft_from_event,
    draft_from_passage,
)
from viewer.dialogs.export import FORMATS, MENU_ENTRIES, ExportDialog
from viewer.dialogs.history import HistoryDialog
from viewer.dialogs.search import SearchDialog
from viewer.dialogs.split import SplitEventDialog
from viewer.dialogs.stances import NewStanceDialog, StanceDraft, StanceHistoryDialog
from viewer.dialogs.tags import TagEditorDialog
from viewer.search import Hit
from viewer.state import EventFilter

if TYPE_CHECKING:
    from viewer.mainwindow import MainWindow


def _first_focusable(pane: QWidget) -> QWidget:
    """The pane itself if it takes the focus, else its first control in Tab order."""
    if pane.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return pane
    w = pane.nextInFocusChain()
    while w is not pane and w is not None:
        if (
            pane.isAncestorOf(w)
            and w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return w
        w = w.nextInFocusChain()
    return pane


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Workflow:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.state = window.state
        self.editor = window.editor
        self.dialog: QDialog | None = None
        # The search box at the right of the menu bar: it filters the timeline and the list
        # (the state's text filter) as the analyst types; the Search dialog shares it.
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setToolTip(
            "Show only events whose summary contains these words (timeline and list); "
            "Ctrl+F searches notes and article text too"
        )
        self.search_box.setAccessibleName("Filter events by text")
        self.search_box.setPlaceholderText("Filter events by text…  (Ctrl+F: search all)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setFixedWidth(340)  # a menu-bar corner widget gets no more than asked
        self._search_timer = QTimer(window)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # typing pauses before a million-event scan
        self._search_timer.timeout.connect(lambda: self.set_search_text(self.search_box.text()))
        self.search_box.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(lambda: self.set_search_text(self.search_box.text()))
        w = window
        self.undo_action = self.editor.stack.createUndoAction(w, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setStatusTip(
            "Take back the last change (edits, merges, imports of aliases)"
        )
        self.redo_action = self.editor.stack.createRedoAction(w, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setStatusTip("Make the change Undo took back again")
        self.edit_event_action = self._act(
            "&Edit event…",
            self.edit_selected,
            "Ctrl+E",
            "Change the selected event's summary, date, type, actors and things",
        )
        self.delete_action = self._act(
            "&Delete event",
            self.delete_selected,
            "Del",
            "Delete the selected event; its article stays (Ctrl+Z undoes)",
        )
        self.merge_action = self._act(
            "&Merge selected events",
            self.merge_selected,
            "Ctrl+M",
            "The selected events are one event reported several times: keep one, with all "
            "their evidence",
        )
        self.split_action = self._act(
            "S&plit event…",
            self.split_selected,
            None,
            "The selected event mixes several: move some of its passages to a new event",
        )
        self.bulk_action = self._act(
            "&Annotate selected…",
            self.bulk_annotate,
            "Ctrl+B",
            "Star, review, tag or add a note to all the selected events at once",
        )
        self.select_all_action = self._act(
            "Select &all in current filter",
            w.event_list.select_all_visible,
            "Ctrl+A",
            "Select every event the filters show (to annotate or export them)",
        )
        self.search_action = self._act(
            "&Search…",
            self.open_search,
            "Ctrl+F",
            "Find words in event summaries, notes and the text of every article",
        )
        self.actors_action = self._act(
            "&Actors…",
            self.open_actor_manager,
            "Ctrl+Shift+A",
            "Rename, merge and colour actors; add aliases (Türkiye = Turkey = Ankara)",
        )
        self.tags_action = self._act(
            "&Tags…", self.open_tag_editor, None, "Give tags their colours"
        )
        self.history_action = self._act(
            "&History…",
            self.open_history,
            "Ctrl+H",
            "Every change made since opening; go back to any step",
        )
        self.stance_history_action = self._act(
            "Stance &history…",
            self.open_stance_history,
            None,
            "How one actor's stance on one issue changed over time",
        )
        self.save_view_action = self._act(
            "&Save current view…",
            self.ask_save_view,
            None,
            "Keep the current filters and zoom under a name, to come back to them",
        )
        self.actions_needing_event = (self.edit_event_action, self.delete_action, self.split_action)
        # Keyboard users move between panes with F6 (the timeline keeps Tab for its events).
        self.next_pane_action = self._act(
            "Ne&xt pane",
            lambda: self.focus_pane(1),
            "F6",
            "Move the keyboard focus to the next pane (timeline, list, article, docks)",
        )
        self.previous_pane_action = self._act(
            "Pre&vious pane",
            lambda: self.focus_pane(-1),
            "Shift+F6",
            "Move the keyboard focus to the previous pane",
        )

        window.actions.menu_builders.append(self._event_menu)
        window.source_pane.newEventRequested.connect(self.new_event_from_passage)
        window.source_pane.newStanceRequested.connect(self.new_stance_from_passage)
        window.stance_panel.historyRequested.connect(self.open_stance_history)
        self.state.selectionChanged.connect(lambda _id: self._sync())
        window.selection.changed.connect(self._sync)
        # Only a change to the saved views reads them again (not every edit: a query on the
        # GUI thread in the turn that shows the edit).
        self.editor.changed.connect(
            lambda c: self.rebuild_saved_views() if c.touches("saved_views") else None
        )
        self.state.filterChanged.connect(self._text_filter_changed)

    def _act(self, text: str, slot: Any, shortcut: str | None = None, tip: str = "") -> QAction:
        act = QAction(text, self.w)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.triggered.connect(lambda _=False: slot())
        return act

    def build_menus(self) -> None:
        w = self.w
        edit = w.edit_menu
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addAction(self.history_action)
        edit.addSeparator()
        edit.addAction(self.select_all_action)
        edit.addAction(self.bulk_action)
        edit.addSeparator()
        edit.addAction(self.search_action)
        edit.addSeparator()
        edit.addAction(self.actors_action)
        edit.addAction(self.tags_action)
        ev = w.event_menu
        ev.addSeparator()
        for act in (
            self.edit_event_action,
            self.delete_action,
            self.merge_action,
            self.split_action,
        ):
            ev.addAction(act)
        for key, _label, _suffix in FORMATS:
            text, tip = MENU_ENTRIES[key]
            act = w.export_menu.addAction(text)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _=False, k=key: self.open_export(k))
        view_menu = w.saved_views_menu.parentWidget()
        if isinstance(view_menu, QMenu):
            view_menu.insertAction(w.saved_views_menu.menuAction(), self.stance_history_action)
            view_menu.insertActions(
                w.saved_views_menu.menuAction(),
                [self.next_pane_action, self.previous_pane_action],
            )
        # QMenuBar sizes a corner widget by its sizeHint: a layout makes that the box's width.
        self.search_corner = corner = QWidget(w.menuBar())  # owned by the bar, kept alive
        lay = QHBoxLayout(corner)
        lay.setContentsMargins(0, 1, 6, 1)
        lay.addWidget(self.search_box)
        w.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.rebuild_saved_views()
        self._sync()

    # ------------------------------------------------------------------ keyboard
    def panes(self) -> list[QWidget]:
        """The panes F6 cycles through, in reading order; closed docks are skipped."""
        w = self.w
        order = [
            w.timeline,
            w.event_list,
            w.source_pane,
            w.annotation_panel,
            w.stance_panel,
            w.actor_filter,
            w.thing_filter,
        ]
        return [p for p in order if p.isVisible()]

    def focus_pane(self, step: int) -> QWidget | None:
        """Focus the pane ``step`` places after (before) the one holding the focus."""
        panes = self.panes()
        if not panes:
            return None
        focus = QApplication.focusWidget()
        here = next((i for i, p in enumerate(panes) if focus is p or p.isAncestorOf(focus)), -1)
        pane = panes[(here + step) % len(panes)] if here >= 0 else panes[0 if step > 0 else -1]
        target = _first_focusable(pane)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return pane

    def _sync(self) -> None:
        has = self.state.selected_id is not None
        for act in self.actions_needing_event:
            act.setEnabled(has)
        self.merge_action.setEnabled(len(self.w.selection) > 1)
        self.bulk_action.setEnabled(len(self.w.selection) > 0)

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.close()
        self.dialog = dialog
        dialog.open()
        return dialog

    def _event_menu(self, menu: QMenu, event_id: int) -> None:
        """Entries added to every event context menu (timeline and list)."""
        menu.addSeparator()
        menu.addAction("Edit event…").triggered.connect(lambda: self.edit_event(event_id))
        n = len(self.w.selection)
        if n > 1 and event_id in self.w.selection:
            menu.addAction(f"Annotate {n} selected events…").triggered.connect(self.bulk_annotate)
            menu.addAction(f"Merge {n} selected events").triggered.connect(self.merge_selected)
        menu.addAction("Split event…").triggered.connect(lambda: self.split_event(event_id))
        menu.addAction("Delete event").triggered.connect(lambda: self.delete_events([event_id]))

    # ------------------------------------------------------------------ events
    def edit_selected(self) -> None:
        if self.state.selected_id is not None:
            self.edit_event(self.state.selected_id)

    def edit_event(self, event_id: int) -> EventEditorDialog:
        version = event_version(self.state.project, event_id)  # as the dialog shows it
        dlg = EventEditorDialog(
            self.state,
            draft_from_event(self.state, event_id),
            "Edit event",
            can_delete=True,
            parent=self.w,
        )
        dlg.version = version
        dlg.finished.connect(lambda code: self._event_edited(dlg, event_id, code))
        self._open(dlg)
        return dlg

    def _new_actors(self, dlg: EventEditorDialog) -> dict[str, int] | None:
        """Create the actors typed in the dialog that the project does not have yet."""
        ids: dict[str, int] = {}
        for actor_id, name, _role in dlg.actor_entries():
            if actor_id is None and name not in ids:
                change = self.editor.run(
                    f"New actor {name}", lambda n=name: edits.create_actor(self.state.project, n)
                )
                if change is None:
                    return None
                ids[name] = change.result
        return ids

    def _event_edited(self, dlg: EventEditorDialog, event_id: int, code: int) -> None:
        if code == DELETE:
            self.delete_events([event_id])
            return
        if code != QDialog.DialogCode.Accepted:
            return
        project = self.state.project
        version = dlg.version
        # Checked before anything is written (new actors…); the write checks again, atomically.
        stale = self._changed_since({event_id: version})
        if stale is not None:
            self.report_conflict(stale)
            return
        guarded: Guarded | None = None
        self.editor.begin("Edit event")
        try:
            new_actors = self._new_actors(dlg)
            if new_actors is None:
                return
            edit = dlg.edit(new_actors)
            guarded = Guarded(lambda: edits.edit_event(project, event_id, edit, version))
            self.editor.run("Edit event", guarded)
            review = dlg.review.currentData()
            row = self.state.event(event_id)
            if guarded.error is None and row is not None and row.review != review:
                self.editor.run("Review", lambda: edits.set_review(project, [event_id], review))
        finally:
            self.editor.end()
        if guarded is not None and guarded.error is not None:
            self.report_conflict(guarded.error)

    def _changed_since(self, versions: Mapping[int, datetime | None]) -> ConflictError | None:
        """A conflict if one of these events is no longer at the version the user saw."""
        for event_id, seen in versions.items():
            now = event_version(self.state.project, event_id)
            if seen is not None and now != seen:
                return ConflictError(event_id, now)
        return None

    def report_conflict(self, err: ConflictError) -> None:
        self.w.actions.report_conflict(err)

    def delete_selected(self) -> None:
        ids = self.w.actions.targets(self.state.selected_id)
        if ids:
            self.delete_events(ids)

    def delete_events(self, ids: list[int]) -> None:
        project = self.state.project
        self.editor.run(
            f"Delete {_plural(len(ids), 'event')}", lambda: edits.delete_events(project, ids)
        )

    def merge_selected(self) -> None:
        ids = sorted(self.w.selection.ids)
        if len(ids) < 2:
            return
        keep = self.state.selected_id if self.state.selected_id in ids else ids[0]
        project = self.state.project
        self.editor.run(
            f"Merge {_plural(len(ids), 'event')}", lambda: edits.merge_events(project, keep, ids)
        )
        self.state.select(keep)

    def split_selected(self) -> None:
        if self.state.selected_id is not None:
            self.split_event(self.state.selected_id)

    def split_event(self, event_id: int) -> SplitEventDialog:
        dlg = SplitEventDialog(self.state, event_id, self.w)

        def done(code: int) -> None:
            chosen = dlg.chosen()
            if code == QDialog.DialogCode.Accepted and chosen:
                project = self.state.project
                self.editor.run("Split event", lambda: edits.split_event(project, event_id, chosen))

        dlg.finished.connect(done)
        self._open(dlg)
        return dlg

    # ------------------------------------------------------------------ from a passage
    def _passage(self, source_id: int, start: int, end: int) -> tuple[str, date | None]:
        pane = self.w.source_pane
        return pane.source_text()[start:end], pane.source_published()

    def new_event_from_passage(self, source_id: int, start: int, end: int) -> EventEditorDialog:
        text, published = self._passage(source_id, start, end)
        draft = draft_from_passage(self.state, text, published, window_reader(self.editor))
        dlg = EventEditorDialog(self.state, draft, "New event from selection", parent=self.w)

        def done(code: int) -> None:
            if code != QDialog.DialogCode.Accepted:
                return
            project = self.state.project
            self.editor.begin("New event")
            try:
                new_actors = self._new_actors(dlg)
                if new_actors is None:
                    return
                edit = dlg.edit(new_actors)
                span = dlg.date_span()
                change = self.editor.run(
                    "New event",
                    lambda: edits.create_event(
                        project,
                        source_id,
                        start,
                        end,
                        edit.summary or "",
                        span,
                        edit.event_type or "other",
                        list(edit.actors or ()),
                        list(edit.things or ()),
                        review=dlg.review.currentData(),
                    ),
                )
            finally:
                self.editor.end()
            if change is not None:
                self.state.select(change.result)

        dlg.finished.connect(done)
        self._open(dlg)
        return dlg

    def new_stance_from_passage(self, source_id: int, start: int, end: int) -> NewStanceDialog:
        text, published = self._passage(source_id, start, end)
        event = draft_from_passage(self.state, text, published, window_reader(self.editor))
        holder = event.actors[0][1] if event.actors else ""
        draft = StanceDraft(holder, "for", "", event.date, " ".join(text.split()))
        dlg = NewStanceDialog(self.state, draft, self.w)

        def done(code: int) -> None:
            if code != QDialog.DialogCode.Accepted:
                return
            name = dlg.holder.currentText().strip()
            target = dlg.target.currentText().strip()
            if not name or not target:
                return
            project = self.state.project
            self.editor.begin("New stance")
            try:
                actor = next((a for a in self.state.actors if a.name == name), None)
                holder_id = actor.id if actor else None
                if holder_id is None:
                    made = self.editor.run(
                        f"New actor {name}", lambda: edits.create_actor(project, name)
                    )
                    if made is None:
                        return
                    holder_id = made.result
                key = dlg.target_key(self.state)
                polarity = dlg.polarity.currentText()
                span = dlg.date.span()
                self.editor.run(
                    "New stance",
                    lambda: edits.create_stance(
                        project, source_id, start, end, holder_id, polarity, target, key, span
                    ),
                )
            finally:
                self.editor.end()

        dlg.finished.connect(done)
        self._open(dlg)
        return dlg

    # ------------------------------------------------------------------ bulk
    def bulk_annotate(self) -> BulkAnnotateDialog | None:
        ids = sorted(self.w.selection.ids) or (
            [self.state.selected_id] if self.state.selected_id is not None else []
        )
        if not ids:
            return None
        dlg = BulkAnnotateDialog(self.state, ids, self.w)
        # The events' versions as the dialog opened: their annotations are what it shows.
        versions = {i: event_version(self.state.project, i) for i in ids}
        dlg.accepted.connect(lambda: self.apply_bulk(ids, dlg.choices(), versions))
        self._open(dlg)
        return dlg

    def apply_bulk(
        self, ids: list[int], choices: dict[str, Any], versions: edits.Versions = None
    ) -> None:
        """Everything chosen, on every event, as ONE undo step.  The first write checks the
        versions the dialog was opened with (the later ones follow it in the same step)."""
        from viewer.annotationpanel import note_author

        project = self.state.project
        writes: list[tuple[str, Any]] = []
        if choices["star"]:
            on = choices["star"] == "star"
            writes.append(("Star", lambda v: edits.set_star(project, ids, on, v)))
        if choices["review"]:
            review = choices["review"]
            writes.append(("Review", lambda v: edits.set_review(project, ids, review, v)))
        if choices["tags"]:
            tags = choices["tags"]
            writes.append(("Tags", lambda v: edits.add_tags(project, ids, tags, v)))
        if choices["note"]:
            text, author = choices["note"], note_author()
            writes.append(("Note", lambda v: edits.add_note(project, ids, text, author, v)))
        if not writes:
            return
        stale = self._changed_since(versions or {})
        if stale is not None:  # checked before the undo step opens: it would stay empty
            self.report_conflict(stale)
            return
        (first_text, first), rest = writes[0], writes[1:]
        guarded = Guarded(lambda: first(versions))
        self.editor.begin(f"Annotate {_plural(len(ids), 'event')}")
        try:
            self.editor.run(first_text, guarded)
            if guarded.error is None:
                for text, write in rest:
                    self.editor.run(text, lambda w=write: w(None))
        finally:
            self.editor.end()
        if guarded.error is not None:
            self.report_conflict(guarded.error)

    # ------------------------------------------------------------------ managers
    def open_actor_manager(self) -> ActorManagerDialog:
        return self._open(ActorManagerDialog(self.editor, self.w))  # type: ignore[return-value]

    def open_tag_editor(self) -> TagEditorDialog:
        return self._open(TagEditorDialog(self.editor, self.w))  # type: ignore[return-value]

    def open_history(self) -> HistoryDialog:
        return self._open(HistoryDialog(self.editor.stack, self.w))  # type: ignore[return-value]

    def open_stance_history(
        self, holder_id: int | None = None, target_key: str | None = None
    ) -> StanceHistoryDialog:
        dlg = StanceHistoryDialog(self.state, holder_id, target_key, self.w)
        return self._open(dlg)  # type: ignore[return-value]

    # ------------------------------------------------------------------ search
    @property
    def search_text(self) -> str:
        return self.state.event_filter.text

    def set_search_text(self, text: str) -> None:
        """Filter the timeline and the event list to events whose summary holds ``text``
        (the state's text filter); the source pane highlights it in the article."""
        text = text.strip()
        if text != self.state.event_filter.text:
            self.state.set_filter(self.state.event_filter.replace(text=text))

    def _text_filter_changed(self) -> None:
        text = self.state.event_filter.text
        if self.search_box.text().strip() != text and not self._search_timer.isActive():
            self.search_box.setText(text)

    def open_search(self) -> SearchDialog:
        dlg = SearchDialog(self.state, self.w)
        dlg.hitActivated.connect(self.show_hit)
        dlg.searched.connect(self.set_search_text)
        text = self.search_box.text().strip() or self.search_text
        if text:
            dlg.query.setText(text)
            dlg.run()
        self._open(dlg)
        return dlg

    def show_hit(self, hit: Hit) -> None:
        if hit.event_id is not None:
            self.state.select(hit.event_id)
        elif hit.source_id is not None:
            a = hit.offset + hit.start
            self.w.source_pane.show_source(hit.source_id, (a, a + hit.end - hit.start))

    # ------------------------------------------------------------------ saved views
    def capture_view(self) -> dict[str, Any]:
        """The whole filter state, by names (ids differ between a project and its restored
        bundle): actors, things, tags, types, review states, star, dates, text, speaker, zoom."""
        f = self.state.event_filter
        start, end = self.w.timeline.visible_range()
        things = dict(queries.list_things(self.state.project))
        tags = self.state.arrays.tag_names
        return {
            "actors": sorted(self.state.actor_names(f.actors), key=str.casefold),
            "things": sorted((things[i] for i in f.things if i in things), key=str.casefold),
            "tags": sorted((tags[i] for i in f.tags if i in tags), key=str.casefold),
            "types": sorted(f.types),
            "review": sorted(f.review),
            "starred": f.starred,
            "date_from": f.date_from.isoformat() if f.date_from else None,
            "date_to": f.date_to.isoformat() if f.date_to else None,
            "text": f.text,
            "speaker": f.speaker,
            "zoom": [start.isoformat(), end.isoformat()],
        }

    def restore_view(self, view: dict[str, Any]) -> None:
        """Apply a saved view; names the project no longer has are skipped."""

        def ids(names: Any, known: Iterable[tuple[int, str]]) -> frozenset[int]:
            wanted = {str(n).casefold() for n in names or ()}
            return frozenset(i for i, n in known if n.casefold() in wanted)

        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if isinstance(value, str) and value else None

        self.state.set_filter(
            EventFilter(
                actors=ids(view.get("actors"), ((a.id, a.name) for a in self.state.actors)),
                things=ids(view.get("things"), queries.list_things(self.state.project)),
                tags=ids(view.get("tags"), self.state.arrays.tag_names.items()),
                types=frozenset(view.get("types") or ()),
                review=frozenset(view.get("review") or ()),
                starred=bool(view.get("starred")),
                date_from=day(view.get("date_from")),
                date_to=day(view.get("date_to")),
                text=str(view.get("text") or ""),
                speaker=str(view.get("speaker") or ""),
            )
        )
        self.search_box.setText(self.search_text)
        zoom = view.get("zoom")
        if zoom:
            self.w.timeline.set_visible_range(
                date.fromisoformat(zoom[0]), date.fromisoformat(zoom[1])
            )

    def save_view(self, name: str) -> None:
        view, project = self.capture_view(), self.state.project
        self.editor.run(f"Save view {name}", lambda: edits.save_view(project, name, view))

    def ask_save_view(self) -> None:
        name, ok = QInputDialog.getText(self.w, "Save view", "Name of this view:")
        if ok and name.strip():
            self.save_view(name.strip())

    def rebuild_saved_views(self) -> None:
        menu = self.w.saved_views_menu
        menu.clear()
        menu.addAction(self.save_view_action)
        views = edits.saved_views(self.state.project)
        if views:
            menu.addSeparator()
        for view in views:
            menu.addAction(view.name).triggered.connect(
                lambda _=False, v=view.state: self.restore_view(v)
            )
        if views:
            menu.addSeparator()
            delete = menu.addMenu("Delete saved view")
            project = self.state.project
            for view in views:
                delete.addAction(view.name).triggered.connect(
                    lambda _=False, n=view.name: self.editor.run(
                        f"Delete view {n}", lambda: edits.delete_view(project, n)
                    )
                )

    # ------------------------------------------------------------------ export
    def open_export(self, fmt: str) -> ExportDialog:
        start = self.state.project.path.parent if self.state.project.path else Path.home()
        filtered = self.state.visible_count() != len(self.state.arrays)
        dlg = ExportDialog(fmt, start, filtered, self.w)
        dlg.accepted.connect(lambda: self.export(*dlg.chosen()))
        self._open(dlg)
        return dlg

    def export(self, fmt: str, out: Path, only_filter: bool) -> bool:
        try:
            if fmt in ("png", "svg"):
                from viewer.export_image import render_widget

                render_widget(self.w.timeline, fmt, out)
            else:
                from db.export import export_project

                ids = set(self.state.visible_ids().tolist()) if only_filter else None
                actors = (
                    self.state.actor_names(self.state.actor_filter)
                    if only_filter and fmt in ("stances", "statements")
                    else []
                )
                if export_project(self.state.project, fmt, out, actors=actors, event_ids=ids) != 0:
                    raise OSError("the export failed")
        except OSError as err:
            QMessageBox.warning(self.w, "Export failed", str(err))
            return False
        self.w.statusBar().showMessage(f"Exported to {out}", 8000)
        return True
