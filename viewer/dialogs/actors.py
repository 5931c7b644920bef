"""The actor manager: rename, merge, aliases (add, remove, split off), kind, affiliation and
colour, and the project's dictionary as a file (import, export).

Each button is one undoable command, applied at once (every pane reloads), so the dialog can
stay open while the analyst tidies up the actor list.  Adding or removing an alias, and
importing a dictionary, read every stored article again with the new dictionary
(``db.dictionary``): mentions, event actors and stance holders are relinked in place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import dictionary, edits
from db.queries import ActorRow
from ingest.records import ACTOR_KINDS
from services import relink
from viewer import colours
from viewer.actorfilter import swatch
from viewer.dbworker import ChangeOp, DbWorker, window_reader
from viewer.relinked import LinkScope
from viewer.undo import Editor

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DICTIONARY_FILES = "Actor dictionaries (*.json);;All files (*)"


def _label(actor: ActorRow) -> str:
    return f"{actor.name} ({actor.event_count})"


class ActorManagerDialog(QDialog):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Actors")
        self.setObjectName("actorManager")
        self.editor = editor
        self.state = editor.state
        self._actor_id: int | None = None
        self._listed: set[int] = set()  # the actors the list was built with

        self.search = QLineEdit()
        self.search.setToolTip("Type part of a name or an alias to narrow the list")
        self.search.setPlaceholderText("Search actors…")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setAccessibleName("Actors")
        self.list.setToolTip(
            "Choose an actor to edit its name, kind, affiliation, colour and aliases"
        )
        self.list.setModel(self.proxy)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(lambda cur, _p: self._choose(cur))
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)

        self.name = QLineEdit()
        self.name.setToolTip("The actor's canonical name, shown in lanes and lists")
        self.rename_button = QPushButton("Rename")
        self.rename_button.setToolTip(
            "Give the actor the name typed on the left (undo with Ctrl+Z)"
        )
        self.rename_button.clicked.connect(self._rename)
        self.kind = QComboBox()
        self.kind.setToolTip("Country, person, organization…: decides how the actor is grouped")
        self.kind.addItems(list(ACTOR_KINDS))
        self.kind.activated.connect(self._set_kind)
        self.affiliation = QComboBox()
        self.affiliation.setToolTip(
            "The country or organization this actor belongs to: ticking it in the Actors filter "
            "also shows this actor's events"
        )
        self.affiliation.activated.connect(self._set_affiliation)
        self.colour = QLineEdit()
        self.colour.setToolTip("The lane colour as #RRGGBB; empty picks one automatically")
        self.colour.setPlaceholderText("automatic")
        self.colour.setMaximumWidth(110)
        self.colour.editingFinished.connect(lambda: self._set_colour(self.colour.text()))
        self.colour_button = QPushButton("Choose…")
        self.colour_button.setToolTip("Pick the lane colour from a colour chooser")
        self.colour_button.clicked.connect(self._pick_colour)
        self.colour_swatch = QLabel()
        self.colour_swatch.setFixedSize(22, 22)

        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.rename_button)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_swatch)
        colour_row.addWidget(self.colour)
        colour_row.addWidget(self.colour_button)
        colour_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Name:", name_row)
        form.addRow("Kind:", self.kind)
        form.addRow("Affiliated with:", self.affiliation)
        form.addRow("Colour:", colour_row)

        self.aliases = QListWidget()
        self.aliases.setAccessibleName("Aliases")
        self.aliases.setToolTip("Other names of this actor found in articles (Türkiye, Ankara…)")
        self.aliases.setMaximumHeight(self.fontMetrics().height() * 6)
        self.aliases.currentRowChanged.connect(lambda _r: self._sync_alias_buttons())
        self.new_alias = QLineEdit()
        self.new_alias.setToolTip("Another name for this actor; Enter adds it")
        self.new_alias.setPlaceholderText("Another name, e.g. Türkiye or Ankara")
        self.new_alias.returnPressed.connect(self._add_alias)
        self.new_alias.textChanged.connect(lambda _t: self._sync_alias_buttons())
        self.add_alias_button = QPushButton("Add alias")
        self.add_alias_button.setToolTip(
            "Articles already imported are read again: every mention of this name "
            "is linked to this actor (undo removes it again)"
        )
        self.add_alias_button.clicked.connect(self._add_alias)
        self.remove_alias_button = QPushButton("Remove alias")
        self.remove_alias_button.setToolTip(
            "This name is not this actor: it is no longer linked to it in any article"
        )
        self.remove_alias_button.clicked.connect(self._remove_alias)
        self.split_button = QPushButton("Split off as a new actor")
        self.split_button.setToolTip(
            "The alias is somebody else: its mentions and the events "
            "that name only it move to a new actor"
        )
        self.split_button.clicked.connect(self._split)
        alias_box = QGroupBox("Also known as")
        al = QVBoxLayout(alias_box)
        al.addWidget(self.aliases)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_alias, 1)
        add_row.addWidget(self.add_alias_button)
        al.addLayout(add_row)
        alias_buttons = QHBoxLayout()
        alias_buttons.addStretch(1)
        alias_buttons.addWidget(self.remove_alias_button)
        alias_buttons.addWidget(self.split_button)
        al.addLayout(alias_buttons)

        self.merge_target = QComboBox()
        self.merge_target.setToolTip("The duplicate actor to fold into this one")
        self.merge_button = QPushButton("Merge")
        self.merge_button.setToolTip(
            "The chosen actor is the same as this one: all its events, "
            "mentions and stances move here, its name becomes an alias"
        )
        self.merge_button.clicked.connect(self._merge)
        merge_box = QGroupBox("Merge another actor into this one")
        ml = QHBoxLayout(merge_box)
        ml.addWidget(self.merge_target, 1)
        ml.addWidget(self.merge_button)

        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(alias_box)
        right.addWidget(merge_box)
        right.addWidget(self.summary)
        right.addStretch(1)
        self.editor_box = QWidget()
        self.editor_box.setLayout(right)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addWidget(self.editor_box, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.import_button = buttons.addButton(
            "Import dictionary…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setToolTip(
            "Add the actors, aliases, kinds, affiliations and colours of a dictionary file "
            "(the format of Export), then relink the imported articles"
        )
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = buttons.addButton(
            "Export dictionary…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setToolTip("Save this project's actors and aliases as a JSON file")
        self.export_button.clicked.connect(self._ask_export)
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        self.resize(800, 600)

        self._stale = True
        self.state.dataChanged.connect(self.rebuild)
        self.state.linksChanged.connect(self._links_changed)  # its own alias edits land here
        self.rebuild()

    # ------------------------------------------------------------------ showing
    def showEvent(self, event) -> None:
        if self._stale:
            self.rebuild()
        pool = DbWorker.of(self.editor).read_pool
        if pool is not None and not pool.started:
            pool.warm()  # aliases are added here: have the reading process ready by then
        super().showEvent(event)

    def _reader(self) -> dictionary.BatchReader | None:
        """How a relink started here reads the articles: in the worker's warm process."""
        return window_reader(self.editor)

    def _links_changed(self, scope: LinkScope) -> None:
        if not (scope.actor_ids or scope.aliases):
            return
        if not self.isVisible() or self._listed != {a.id for a in self.state.actors}:
            self.rebuild()
            return
        # The same actors (the list is by name): the changed rows in place, and the chosen
        # actor's editor if it is one of them (rebuilding both was ~30 ms at 400 actors).
        for r in range(self.model.rowCount()):
            item = self.model.item(r)
            actor = self.state.actor(item.data(ACTOR_ID_ROLE))
            if actor is not None and actor.id in scope.actor_ids:
                item.setText(_label(actor))
                item.setIcon(swatch(actor))
        if self._actor_id in scope.actor_ids:
            self._choose(self.list.currentIndex())

    def rebuild(self) -> None:
        # A closed dialog stays connected to every reload: it rebuilds when shown again.
        self._stale = not self.isVisible()
        if self._stale:
            return
        keep = self._actor_id
        # Cleared silently: the list's current-row signal would fill the editor for the
        # first row once per rebuild (every reload), before select_actor fills it again.
        selection = self.list.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            self.model.clear()
            for a in sorted(self.state.actors, key=lambda a: a.name.casefold()):
                item = QStandardItem(swatch(a), _label(a))
                item.setData(a.id, ACTOR_ID_ROLE)
                self.model.appendRow(item)
        finally:
            selection.blockSignals(blocked)
        self._listed = {a.id for a in self.state.actors}
        self.select_actor(
            keep
            if keep is not None and self.state.actor(keep)
            else (self.state.actors[0].id if self.state.actors else None)
        )

    def select_actor(self, actor_id: int | None) -> None:
        for r in range(self.model.rowCount()):
            if self.model.item(r).data(ACTOR_ID_ROLE) == actor_id:
                index = self.proxy.mapFromSource(self.model.index(r, 0))
                if self.list.currentIndex() == index:
                    self._choose(index)  # no current-row signal: fill the editor here
                else:
                    self.list.setCurrentIndex(index)  # its signal fills the editor
                return
        self._actor_id = None
        self.editor_box.setEnabled(False)

    def _choose(self, index) -> None:
        if not index.isValid():
            return
        actor = self.state.actor(index.data(ACTOR_ID_ROLE))
        if actor is None:
            return
        self._actor_id = actor.id
        self.editor_box.setEnabled(True)
        self.name.setText(actor.name)
        self.kind.setCurrentText(actor.kind)
        self.affiliation.clear()
        self.affiliation.addItem("— none —", None)
        self.merge_target.clear()
        for other in sorted(self.state.actors, key=lambda a: a.name.casefold()):
            if other.id != actor.id:
                self.affiliation.addItem(other.name, other.id)
                self.merge_target.addItem(swatch(other), other.name, other.id)
        self.affiliation.setCurrentIndex(max(0, self.affiliation.findData(actor.affiliation_id)))
        self.colour.setText(actor.colour)
        shown = colours.actor_colour(actor.id, actor.colour).name()
        self.colour_swatch.setStyleSheet(
            f"background: {shown}; border: 1px solid #555; border-radius: 3px;"
        )
        self._show_aliases()
        stances = self.state.stances_held(actor.id)
        self.summary.setText(f"{actor.event_count} event(s), {stances} stance(s)")

    def _show_aliases(self) -> None:
        self.aliases.clear()
        if self._actor_id is not None:
            self.aliases.addItems(edits.actor_aliases(self.state.project, self._actor_id))
        self._sync_alias_buttons()

    def _sync_alias_buttons(self) -> None:
        has = self.aliases.currentItem() is not None
        self.remove_alias_button.setEnabled(has)
        self.split_button.setEnabled(has)
        self.add_alias_button.setEnabled(bool(self.new_alias.text().strip()))

    def alias_names(self) -> list[str]:
        return [self.aliases.item(i).text() for i in range(self.aliases.count())]

    # ------------------------------------------------------------------ changes
    def _run(self, text: str, write: Callable[[], edits.Change]) -> edits.Change | None:
        return self.editor.run(text, write)

    def _relinking(
        self,
        text: str,
        write: Callable[[], edits.Change],
        then: Callable[[edits.Change | None], None] | None = None,
    ) -> ChangeOp:
        """A change that reads the articles naming the changed names again: it runs on the
        database worker (the window stays live), and its undo entry is pushed when it is done."""
        self.status.setText("Reading the articles that use this name again…")

        def done(change: edits.Change | None) -> None:
            self._show_aliases()  # at once: the lists' own rebuild comes a moment later
            if change is None:
                self.status.setText("")
            else:
                n = len([r for r in change.after.get("mentions", {}).values() if r])
                self.status.setText(
                    f"{text}: {n} mention(s) newly linked; Edit ▸ Undo (Ctrl+Z) takes it back."
                )
            if then is not None:
                then(change)

        return ChangeOp(self.editor, text, write, done).submit()

    def _add_alias(self) -> None:
        aid, alias = self._actor_id, " ".join(self.new_alias.text().split())
        actor = self.state.actor(aid) if aid is not None else None
        if actor is None or not alias:
            return
        project = self.state.project

        def cleared(change: edits.Change | None) -> None:
            if change is not None and self.new_alias.text().split() == alias.split():
                self.new_alias.clear()

        read = self._reader()
        self._relinking(
            f"Add alias {alias} to {actor.name}",
            lambda: relink.add_alias(project, aid, alias, read),
            cleared,
        )

    def _remove_alias(self) -> None:
        item, aid = self.aliases.currentItem(), self._actor_id
        actor = self.state.actor(aid) if aid is not None else None
        if item is None or actor is None:
            return
        alias, project, read = item.text(), self.state.project, self._reader()
        self._relinking(
            f"Remove alias {alias} of {actor.name}",
            lambda: relink.remove_alias(project, aid, alias, read),
        )

    def import_dictionary(self, path: str | Path) -> ChangeOp:
        project, read = self.state.project, self._reader()
        return self._relinking(
            f"Import dictionary {Path(path).name}",
            lambda: relink.import_dictionary(project, path, read),
        )

    def wait_idle(self, timeout_s: float = 60.0) -> bool:
        """Until the relinks started here are stored and on the undo stack (tests)."""
        return DbWorker.of(self.editor).wait_idle(timeout_s)

    def export_dictionary(self, path: str | Path) -> int:
        try:
            n = dictionary.export_dictionary(self.state.project, path)
        except OSError as err:
            self.status.setText(f"Could not write {path}: {err.strerror or err}")
            return 0
        self.status.setText(f"Exported {n} actor(s) to {path}")
        return n

    def _start_dir(self) -> str:
        path = self.state.project.path
        return str(path.parent) if path is not None else str(Path.home())

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a dictionary", self._start_dir(), DICTIONARY_FILES
        )
        if path:
            self.import_dictionary(path)

    def _ask_export(self) -> None:
        start = str(Path(self._start_dir()) / "actors.json")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the dictionary", start, DICTIONARY_FILES
        )
        if path:
            self.export_dictionary(path)

    def _rename(self) -> None:
        aid, new = self._actor_id, self.name.text().strip()
        actor = self.state.actor(aid) if aid is not None else None
        if actor is None or not new or new == actor.name:
            return
        self._run(
            f"Rename {actor.name} to {new}",
            lambda: edits.update_actor(self.state.project, aid, name=new),
        )

    def _set_kind(self) -> None:
        aid, kind = self._actor_id, self.kind.currentText()
        if aid is not None:
            self._run(
                f"Set kind to {kind}",
                lambda: edits.update_actor(self.state.project, aid, kind=kind),
            )

    def _set_affiliation(self) -> None:
        aid, target = self._actor_id, self.affiliation.currentData()
        if aid is not None:
            self._run(
                "Set affiliation",
                lambda: edits.update_actor(self.state.project, aid, affiliation_id=target),
            )

    def _set_colour(self, colour: str) -> None:
        aid = self._actor_id
        colour = colour.strip()
        actor = self.state.actor(aid) if aid is not None else None
        if actor is None or colour == actor.colour:
            return
        if colour and not QColor.isValidColorName(colour):
            self.colour.setText(actor.colour)
            return
        self._run(
            f"Colour of {actor.name}",
            lambda: edits.update_actor(self.state.project, aid, colour=colour),
        )

    def _pick_colour(self) -> None:
        actor = self.state.actor(self._actor_id) if self._actor_id is not None else None
        if actor is None:
            return
        chosen = QColorDialog.getColor(
            colours.actor_colour(actor.id, actor.colour), self, f"Colour of {actor.name}"
        )
        if chosen.isValid():
            self._set_colour(chosen.name())

    def _split(self) -> None:
        item = self.aliases.currentItem()
        aid = self._actor_id
        if item is None or aid is None:
            return
        alias = item.text()
        self._run(f"Split {alias} off", lambda: edits.split_alias(self.state.project, aid, alias))

    def _merge(self) -> None:
        aid, other = self._actor_id, self.merge_target.currentData()
        if aid is None or other is None:
            return
        name = self.merge_target.currentText()
        self._run(
            f"Merge {name} into {self.name.text()}",
            lambda: edits.merge_actors(self.state.project, aid, [other]),
        )
