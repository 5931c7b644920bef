"""The main window: timeline over [event list | source], docks for actors, stances, annotation.

It builds the panes, wires each to ProjectState (never to each other), owns the menus and the
import jobs, and keeps its geometry, dock layout and splitter sizes in QSettings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from db.edits import Change
from db.importer import ImportReport
from db.project import Project, ProjectError
from viewer.actorfilter import ActorFilter, ThingFilter
from viewer.annotationpanel import AnnotationActions, AnnotationPanel
from viewer.dbworker import window_reader
from viewer.eventlist import EventListView, EventTableModel
from viewer.importworker import ImportJob, ImportProgress, PasteArticleDialog, summarise
from viewer.networkexport import install_network_export
from viewer.selection import MultiSelection
from viewer.sourcepane import SourcePane
from viewer.stancepanel import StancePanel
from viewer.state import ProjectState
from viewer.tagchips import TagChipsDelegate, TagPalette
from viewer.timeline.widget import TimelineWidget
from viewer.undo import Editor
from viewer.viewmemory import install_view_memory
from viewer.workflow import Workflow

if TYPE_CHECKING:
    from services.reread import RereadReport

PROJECT_FILTER = "Stanceline projects (*.stanceline);;All files (*)"
ARTICLE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"


def settings() -> QSettings:
    return QSettings("Stanceline", "Stanceline")


class MainWindow(QMainWindow):
    def __init__(self, project: Project, parent: QWidget | None = None,
                 persist_layout: bool = True) -> None:
        super().__init__(parent)
        self.project = project
        # Off for screenshots: they must look the same whatever the user last arranged.
        self.persist_layout = persist_layout
        self.state = ProjectState(project, self)
        self._jobs: list[ImportJob] = []
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.selection = MultiSelection(self)
        self.editor = Editor(self.state, self)
        self.actions = AnnotationActions(self.state, self, self.editor, self.selection)
        self.timeline = TimelineWidget()
        self.event_list = EventListView(self.state, self.actions, selection=self.selection)
        self.source_pane = SourcePane(self.state)
        self.actor_filter = ActorFilter(self.state)
        self.thing_filter = ThingFilter(self.state)
        self.stance_panel = StancePanel(self.state)
        # Tag colours wherever tags appear: the list's tag cells and the panel's chips.
        self.tag_palette = TagPalette(self.state, self)
        self.event_list.setItemDelegateForColumn(
            EventTableModel.TAGS, TagChipsDelegate(self.tag_palette, self.event_list))
        self.annotation_panel = AnnotationPanel(self.state, self.actions,
                                                palette=self.tag_palette)
        self.source_pane.editor = self.editor
        self.stance_panel.editor = self.editor
        # Editing, search, saved views and export: the analyst's workflow (its own module).
        self.workflow = Workflow(self)

        self.lower_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.lower_splitter.setObjectName("lowerSplitter")
        self.lower_splitter.addWidget(self.event_list)
        self.lower_splitter.addWidget(self.source_pane)
        self.lower_splitter.setStretchFactor(0, 5)
        self.lower_splitter.setStretchFactor(1, 4)
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical)
        self.centre_splitter.setObjectName("centreSplitter")
        self.centre_splitter.addWidget(self.timeline)
        self.centre_splitter.addWidget(self.lower_splitter)
        self.centre_splitter.setStretchFactor(0, 2)
        self.centre_splitter.setStretchFactor(1, 3)
        for sp in (self.lower_splitter, self.centre_splitter):
            sp.setChildrenCollapsible(False)
        self.setCentralWidget(self.centre_splitter)

        self.actors_dock = self._dock("Actors", self.actor_filter,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.things_dock = self._dock("Things", self.thing_filter,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.actors_dock, self.things_dock, Qt.Orientation.Vertical)
        self.annotation_dock = self._dock("Annotation", self.annotation_panel,
                                          Qt.DockWidgetArea.RightDockWidgetArea)
        self.stances_dock = self._dock("Stances", self.stance_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.counts_label = QLabel()
        self.import_progress = ImportProgress()
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.import_progress)

        self._build_menus()
        self.workflow.build_menus()
        install_network_export(self)  # File ▸ Export ▸ stance networks (GraphML, GEXF)
        self._fitted = False  # the view is framed once, on the project's first rows
        self._wire()
        self._default_layout()
        if persist_layout:
            self.restore_layout()
            install_view_memory(self)  # filters, zoom and selection per project (relaunch)
        self._project_changed()

    # ------------------------------------------------------------------ building
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")  # saveState keys docks by object name
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: object, shortcut: str | QKeySequence | None = None,
                tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self._action("&New project…", self.new_project_dialog,
                                    QKeySequence.StandardKey.New))
        file.addAction(self._action("&Open project…", self.open_project_dialog,
                                    QKeySequence.StandardKey.Open))
        self.open_team_action = self._action(
            "Open &team project (database URL)…", self.open_team_project_dialog, None,
            "A project shared by a team on PostgreSQL: postgresql+psycopg://user@host/db",
        )
        file.addAction(self.open_team_action)
        file.addSeparator()
        file.addAction(self._action("&Import files…", self.import_files_dialog, "Ctrl+I",
                                    "Import .txt, .md and .html articles"))
        file.addAction(self._action("Import &folder…", self.import_folder_dialog, "Ctrl+Shift+I",
                                    "Import every article in a folder and its subfolders"))
        file.addAction(self._action("&Paste article…", self.paste_article_dialog, "Ctrl+Shift+V"))
        self.reread_action = self._action(
            "Re-&read articles…", self.reread_articles_dialog, None,
            "Read every stored article again with the current extraction; annotations, "
            "corrections and hand-made events are kept")
        file.addAction(self.reread_action)
        file.addSeparator()
        self.export_menu = file.addMenu("&Export")
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit,
                                    "Close the window; every change is already saved"))

        view = bar.addMenu("&View")
        self.fit_action = self._action("&Fit all", self.timeline.fit_all, "Home",
                                       "Show every event on the timeline")
        view.addAction(self.fit_action)
        view.addAction(self._action("Zoom &in", lambda: self.timeline.zoom_by(1.5),
                                    QKeySequence.StandardKey.ZoomIn,
                                    "Show a shorter span of time on the timeline"))
        view.addAction(self._action("Zoom &out", lambda: self.timeline.zoom_by(1 / 1.5),
                                    QKeySequence.StandardKey.ZoomOut,
                                    "Show a longer span of time on the timeline"))
        view.addSeparator()
        for dock, label, tip in (
            (self.actors_dock, "&Actors", "Show or hide the actor filter"),
            (self.things_dock, "&Things", "Show or hide the things filter (S-400, F-35…)"),
            (self.stances_dock, "Stan&ces", "Show or hide the actors × issues stance table"),
            (self.annotation_dock, "A&nnotation",
             "Show or hide the review, tags and notes of the selected event"),
        ):
            toggle = dock.toggleViewAction()
            toggle.setText(label)
            toggle.setStatusTip(tip)
            view.addAction(toggle)
        view.addSeparator()
        self.saved_views_menu = view.addMenu("&Saved views")
        view.addSeparator()
        view.addAction(self._action("&Reset layout", self._reset_layout, None,
                                    "Put every pane back where it was at first start"))
        self.edit_menu = bar.addMenu("&Edit")
        bar.insertMenu(view.menuAction(), self.edit_menu)

        event = bar.addMenu("&Event")
        event.addAction(self.actions.star)
        event.addSeparator()
        for act in self.actions.review_actions.values():
            event.addAction(act)
        event.addSeparator()
        event.addAction(self.actions.add_note_action)
        self.event_menu = event

    def _wire(self) -> None:
        s = self.state
        self.timeline.eventClicked.connect(s.select)
        self.timeline.eventContextMenu.connect(self._timeline_menu)
        self.timeline.eventActivated.connect(self.open_event)
        self.timeline.eventsBoxed.connect(self.selection.set_ids)  # rubber band (Shift+drag)
        s.loadingChanged.connect(self.timeline.set_loading)
        s.loadingChanged.connect(self._update_status)
        self.timeline.set_loading(s.loading)  # a big project started loading in __init__
        # Fit the view once per project; later loads (the second loading step, an import) and
        # filters keep the analyst's zoom: Home fits all on demand.
        s.dataChanged.connect(lambda: self._refresh_timeline(fit=not self._fitted))
        s.filterChanged.connect(lambda: self._refresh_timeline(fit=False))
        s.eventChanged.connect(lambda _id: self._refresh_timeline(fit=False))
        s.selectionChanged.connect(self.timeline.set_selected)
        for sig in (s.dataChanged, s.filterChanged, s.eventChanged):
            sig.connect(self._update_status)
        self.editor.changed.connect(self._tags_may_have_changed)

    def _tags_may_have_changed(self, change: Change) -> None:
        """A tag's colour is not an event change: repaint the chips after a change to tags
        (not after every edit: reading the colours is a query on the GUI thread)."""
        if not change.touches("tags"):
            return
        self.tag_palette.refresh()
        self.event_list.viewport().update()
        self.annotation_panel.tag_chips.update()

    def open_event(self, event_id: int) -> None:
        """Enter on the timeline: select the event and bring its source into view."""
        self.state.select(event_id)
        self.source_pane.show()
        self.source_pane.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _timeline_menu(self, event_id: int, global_pos: QPoint) -> None:
        self.state.select(event_id)
        self.actions.exec_menu(event_id, global_pos)

    def _refresh_timeline(self, fit: bool = True) -> None:
        """Show the visible events; ``fit`` also frames them all (once per project)."""
        self.timeline.set_data(self.state.visible_events(), self.state.lanes())
        if fit and self.state.visible_count():
            self.timeline.fit_dense()  # where the events are; Home (fit_all) shows them all
            self._fitted = True
        self.timeline.set_selected(self.state.selected_id)

    def _update_status(self, *_: object) -> None:
        s = self.state
        if s.loading:
            self.counts_label.setText(f"Loading {s.project_name}…")
            return
        shown, total = s.visible_count(), len(s.arrays)
        events = f"{shown} of {total} events" if shown != total else f"{total} events"
        active = sum(1 for a in s.actors if a.event_count)
        parts = [events, f"{len(s.sources)} sources", f"{active} actors",
                 f"filter: {s.filter_label()}"]
        self.counts_label.setText(" · ".join(parts))

    def _project_changed(self) -> None:
        self.setWindowTitle(f"Stanceline — {self.state.project_name}")
        self._refresh_timeline()
        self._update_status()
        if self.project.path is not None:
            settings().setValue("lastProject", str(self.project.path))

    # ------------------------------------------------------------------ layout persistence
    def _default_layout(self) -> None:
        """Sizes for a first start (1600×1000 in mind); QSettings overrides them afterwards."""
        self.resize(1600, 1000)
        self.resizeDocks([self.actors_dock], [190], Qt.Orientation.Horizontal)
        self.resizeDocks([self.actors_dock, self.things_dock], [560, 340],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.annotation_dock, self.stances_dock], [420, 420],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.annotation_dock, self.stances_dock], [400, 500],
                         Qt.Orientation.Vertical)
        self.centre_splitter.setSizes([380, 540])
        self.lower_splitter.setSizes([640, 390])

    def _reset_layout(self) -> None:
        for dock, area in ((self.actors_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
                           (self.things_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
                           (self.annotation_dock, Qt.DockWidgetArea.RightDockWidgetArea),
                           (self.stances_dock, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        self.splitDockWidget(self.actors_dock, self.things_dock, Qt.Orientation.Vertical)
        self._default_layout()

    def save_layout(self) -> None:
        st = settings()
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        st.setValue("window/centreSplitter", self.centre_splitter.saveState())
        st.setValue("window/lowerSplitter", self.lower_splitter.saveState())
        st.setValue("window/stanceSplitter", self.stance_panel.splitter.saveState())
        st.setValue("window/eventColumns", self.event_list.horizontalHeader().saveState())

    def restore_layout(self) -> None:
        st = settings()
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/centreSplitter", self.centre_splitter.restoreState),
            ("window/lowerSplitter", self.lower_splitter.restoreState),
            ("window/stanceSplitter", self.stance_panel.splitter.restoreState),
            ("window/eventColumns", self.event_list.horizontalHeader().restoreState),
        ):
            value = st.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)

    def closeEvent(self, event: QCloseEvent) -> None:
        for job in self._jobs:
            job.cancel()  # the current article finishes (atomic), then the thread ends
        for job in list(self._jobs):
            job.wait()
        if self.persist_layout:
            self.save_layout()
        super().closeEvent(event)

    # ------------------------------------------------------------------ projects
    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", self._start_dir(),
                                              PROJECT_FILTER)
        if path:
            self.open_project(path, create=False)

    def open_team_project_dialog(self) -> None:
        """A shared project is a database URL, not a file: the same code, another engine."""
        url, ok = QInputDialog.getText(
            self,
            "Open team project",
            "Database URL of the shared project\n"
            "(for example postgresql+psycopg://analyst@db.example.org/stanceline):",
        )
        url = url.strip()
        if not ok or not url:
            return
        if "://" not in url:
            QMessageBox.warning(
                self, "Open team project",
                f"{url!r} is not a database URL; it should look like "
                "postgresql+psycopg://user@host/database.",
            )
            return
        self.open_project(url, create=True)  # an empty database gets the schema

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", self._start_dir(),
                                              PROJECT_FILTER)
        if not path:
            return
        if not path.endswith(".stanceline"):
            path += ".stanceline"
        if Path(path).exists():
            QMessageBox.warning(self, "New project", f"{path} already exists; use Open.")
            return
        self.open_project(path, create=True)

    def open_project(self, location: str, create: bool = False) -> bool:
        if self._jobs:
            QMessageBox.information(self, "Import running",
                                    "Wait for the import to finish (or cancel it) first.")
            return False
        try:
            project = Project.open(location, create=create)
        except ProjectError as err:
            QMessageBox.critical(self, "Cannot open project", str(err))
            return False
        old = self.project
        self.project = project
        self.editor.clear()  # the history belongs to the project it was made in
        self.selection.clear()
        self._fitted = False  # the new project's first rows frame the view
        self.state.set_project(project)
        old.close()
        self._project_changed()
        self.workflow.rebuild_saved_views()
        self.state.select(self.state.first_dated_event())
        return True

    def _start_dir(self) -> str:
        return str(self.project.path.parent) if self.project.path else str(Path.home())

    # ------------------------------------------------------------------ imports
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", self._import_dir(),
                                                ARTICLE_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles",
                                                  self._import_dir())
        if folder:
            self.import_paths([Path(folder)])

    def _import_dir(self) -> str:
        return str(settings().value("lastImportDir", str(Path.home())))

    def paste_article_dialog(self) -> None:
        dialog = PasteArticleDialog(self)
        if dialog.exec() and dialog.article_text().strip():
            self._start(ImportJob.pasted(self.project, dialog.article_text(),
                                         dialog.published(), self, window_reader(self.editor)))

    def import_paths(self, paths: Sequence[Path], published: date | None = None) -> ImportJob:
        if paths:
            settings().setValue("lastImportDir", str(Path(paths[0]).parent))
        job = ImportJob.paths(self.project, paths, published, self)
        self._start(job)
        return job

    def _start(self, job: ImportJob) -> None:
        self._jobs.append(job)
        self.import_progress.attach(job)
        job.finished.connect(lambda result, j=job: self._import_done(j, result))
        job.failed.connect(lambda message, j=job: self._import_failed(j, message))
        job.start()

    def _import_done(self, job: ImportJob, result: object) -> None:
        self._jobs.remove(job)
        had_events = bool(self.state.events)
        self.state.reload()
        if not had_events or self.state.selected_id is None:
            self.state.select(self.state.first_dated_event())
        headline, details = summarise(result)  # type: ignore[arg-type]
        self.statusBar().showMessage(headline, 10000)
        if details or not isinstance(result, ImportReport) or result.imported:
            from viewer.notification import notify  # a note in the corner, not an OK box

            notify(self, headline, details)

    def _import_failed(self, job: ImportJob, message: str) -> None:
        self._jobs.remove(job)
        self.state.reload()
        QMessageBox.warning(self, "Import failed", message)

    # ------------------------------------------------------------------ re-read
    def reread_articles_dialog(self) -> None:
        if self._jobs:
            QMessageBox.information(self, "Import running",
                                    "Wait for the import to finish (or cancel it) first.")
            return
        answer = QMessageBox.question(
            self, "Re-read articles",
            "Read every stored article again with the current extraction?\n\nEvents nobody "
            "has touched take the new reading; starred, reviewed, tagged, noted or edited "
            "events and the ones you made stay as they are. This cannot be undone.")
        if answer == QMessageBox.StandardButton.Yes:
            self.reread_articles()

    def reread_articles(self) -> ImportJob:
        """services.reread on the import worker, with the import's progress bar and Cancel."""
        from services.reread import reread

        job: ImportJob

        read = window_reader(self.editor)  # the reading process: no model in this one

        def task(worker: Any) -> RereadReport:
            return reread(self.project, progress=worker.progress.emit, cancel=job.cancelled,
                          read=read)

        job = ImportJob(task, self)
        self._jobs.append(job)
        bar = self.import_progress
        bar.attach(job)
        bar.label.setText("Re-reading…")
        # After the bar's own slot (connected in attach), so this wording wins.
        job.progress.connect(lambda _i, _n, name: bar.label.setText(
            f"Re-reading {name}" if name else "Finishing…"))
        job.finished.connect(lambda report, j=job: self._reread_done(j, report))
        job.failed.connect(lambda message, j=job: self._import_failed(j, message))
        job.start()
        return job

    def _reread_done(self, job: ImportJob, r: RereadReport) -> None:
        self._jobs.remove(job)
        self.editor.clear()  # undo records may name rows the re-read replaced
        self.state.reload()
        if self.state.selected_id is None:
            self.state.select(self.state.first_dated_event())
        headline = (f"Re-read {r.sources} article(s): {r.events_before} → {r.events_after} "
                    f"events, {r.kept} kept as annotated, corrected or made by hand")
        if r.cancelled:
            headline += " — cancelled"
        self.statusBar().showMessage(headline, 10000)
        if r.failed:
            QMessageBox.warning(self, "Re-read", headline + "\n\n" + "\n".join(
                f"• source {sid}: {why}" for sid, why in r.failed[:15]))

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
