"""Edit an event (or write a new one from a passage): summary, date, type, actors and their
roles, things, review.  The evidence is shown, never edited: the article stays as it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.dictionary import BatchReader
from db.edits import EventEdit
from ingest.gazetteer import Gazetteer
from ingest.records import EVENT_TYPES, ROLES, DateSpan
from viewer import colours
from viewer.dialogs.common import DateEntry
from viewer.state import ProjectState

ACTOR_ROLE = Qt.ItemDataRole.UserRole + 1  # (actor id or None, name, role)
DELETE = 2  # done() code of "Delete event"


@dataclass
class EventDraft:
    """What the dialog starts from (an existing event, or what ingest read in a passage)."""

    summary: str = ""
    event_type: str = "other"
    date: DateSpan | None = None
    qualifier: str = ""
    actors: list[tuple[int | None, str, str]] = field(default_factory=list)  # id, name, role
    things: list[str] = field(default_factory=list)
    review: str = "confirmed"
    evidence: str = ""  # the quoted passage(s), read-only


class EventEditorDialog(QDialog):
    def __init__(
        self,
        state: ProjectState,
        draft: EventDraft,
        title: str,
        can_delete: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("eventEditor")
        self._state = state
        self.draft = draft

        self.summary = QLineEdit(draft.summary)
        self.summary.setToolTip(
            "A one-line summary: it labels the event on the timeline and in the list"
        )
        self.summary.setPlaceholderText("What happened, in a line")
        self.event_type = QComboBox()
        self.event_type.setToolTip("What kind of event this is (agreement, sanction, statement…)")
        self.event_type.addItems(list(EVENT_TYPES))
        self.event_type.setCurrentText(draft.event_type)
        self.date = DateEntry()
        d = draft.date
        self.date.set_span(
            d.value if d else None,
            d.earliest if d else None,
            d.latest if d else None,
            d.precision if d else None,
            draft.qualifier,
        )
        self.review = QComboBox()
        self.review.setToolTip(
            "Confirmed or rejected events are marked on the timeline; rejected ones fade"
        )
        for key, label in (
            ("unreviewed", "Unreviewed"),
            ("confirmed", "Confirmed"),
            ("rejected", "Rejected"),
        ):
            self.review.addItem(label, key)
        self.review.setCurrentIndex(self.review.findData(draft.review))

        self.actors = QListWidget()
        self.actors.setAccessibleName("Actors of the event")
        self.actors.setToolTip("Who took part, with their role; select one and Remove to drop it")
        self.actors.setMaximumHeight(self.fontMetrics().height() * 7)
        for actor_id, name, role in draft.actors:
            self._add_actor_item(actor_id, name, role)
        self.actor_choice = QComboBox()
        self.actor_choice.setToolTip("An actor to add: pick one or type a new name")
        self.actor_choice.setEditable(True)
        self.actor_choice.addItems(sorted((a.name for a in state.actors), key=str.casefold))
        self.actor_choice.setCurrentText("")
        self.actor_choice.lineEdit().setPlaceholderText("actor (a new name creates one)")
        self.role_choice = QComboBox()
        self.role_choice.setToolTip(
            "The actor's role: agent (did it), patient (had it done to), speaker…"
        )
        self.role_choice.addItems(list(ROLES))
        self.add_actor_button = QPushButton("Add")
        self.add_actor_button.setToolTip("Add the chosen actor with the chosen role")
        self.add_actor_button.clicked.connect(self._add_actor)
        self.remove_actor_button = QPushButton("Remove")
        self.remove_actor_button.setToolTip("Remove the selected actor from this event")
        self.remove_actor_button.clicked.connect(self._remove_actor)
        actor_row = QHBoxLayout()
        actor_row.addWidget(self.actor_choice, 1)
        actor_row.addWidget(self.role_choice)
        actor_row.addWidget(self.add_actor_button)
        actor_row.addWidget(self.remove_actor_button)

        self.things = QLineEdit(", ".join(draft.things))
        self.things.setToolTip(
            "Weapon systems, aircraft, laws… the event is about, separated by commas"
        )
        self.things.setPlaceholderText("comma-separated, e.g. S-400, F-35")
        names = [name for _id, name in _things(state)]
        completer = QCompleter(QStringListModel(names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.things.setCompleter(completer)

        self.evidence = QLabel(draft.evidence or "—")
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence.setStyleSheet(
            f"background: {colours.EVIDENCE_BG}; color: black; padding: 6px; border-radius: 3px;"
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Summary:", self.summary)
        form.addRow("Date:", self.date)
        form.addRow("Type:", self.event_type)
        form.addRow("Actors:", self.actors)
        form.addRow("", actor_row)
        form.addRow("Things:", self.things)
        form.addRow("Review:", self.review)
        form.addRow("Evidence:", self.evidence)
        hint = QLabel(
            "The article and its evidence are never changed; your date is kept "
            "even if the publication date is corrected later."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {colours.MUTED_TEXT};")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.delete_button: QPushButton | None = None
        if can_delete:
            self.delete_button = self.buttons.addButton(
                "Delete event", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.delete_button.setToolTip("Delete this event (the article stays; undo with Ctrl+Z)")
            self.delete_button.clicked.connect(lambda: self.done(DELETE))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    # ------------------------------------------------------------------ actors
    def _add_actor_item(self, actor_id: int | None, name: str, role: str) -> None:
        label = f"{name} — {role}" + ("" if actor_id is not None else "  (new actor)")
        item = QListWidgetItem(label)
        item.setData(ACTOR_ROLE, (actor_id, name, role))
        self.actors.addItem(item)

    def _add_actor(self) -> None:
        name = self.actor_choice.currentText().strip()
        if not name:
            return
        actor = next((a for a in self._state.actors if a.name.casefold() == name.casefold()), None)
        role = self.role_choice.currentText()
        if any(
            self.actors.item(i).data(ACTOR_ROLE)[1:] == (actor.name if actor else name, role)
            for i in range(self.actors.count())
        ):
            return
        self._add_actor_item(actor.id if actor else None, actor.name if actor else name, role)
        self.actor_choice.setCurrentText("")

    def _remove_actor(self) -> None:
        for item in self.actors.selectedItems():
            self.actors.takeItem(self.actors.row(item))

    # ------------------------------------------------------------------ result
    def actor_entries(self) -> list[tuple[int | None, str, str]]:
        return [self.actors.item(i).data(ACTOR_ROLE) for i in range(self.actors.count())]

    def thing_names(self) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in self.things.text().split(",") if t.strip()))

    def date_span(self) -> DateSpan | None:
        return self.date.span()

    def edit(self, actor_ids: dict[str, int]) -> EventEdit:
        """The changes as an EventEdit; ``actor_ids`` maps names of newly created actors."""
        span = self.date_span()
        return EventEdit(
            summary=self.summary.text(),
            event_type=self.event_type.currentText(),
            date=span,
            clear_date=span is None,
            qualifier=self.date.qualifier_key() if span is not None else "",
            actors=[
                (aid if aid is not None else actor_ids[name], role)
                for aid, name, role in self.actor_entries()
            ],
            things=self.thing_names(),
        )


def _things(state: ProjectState) -> list[tuple[int, str]]:
    from db import queries

    return queries.list_things(state.project)


def draft_from_event(state: ProjectState, event_id: int) -> EventDraft:
    """An existing event as the dialog's starting point."""
    from db import queries
    from db.edits import event_date, event_evidence

    detail = queries.event_detail(state.project, event_id)
    row = detail.row
    span, qualifier = event_date(state.project, event_id)
    quotes = [
        f"“{quote}” — {where}" for _i, where, quote in event_evidence(state.project, event_id)
    ]
    return EventDraft(
        row.summary,
        row.event_type,
        span,
        qualifier,
        [(i, n, r) for i, n, r in detail.actors],
        list(detail.things),
        row.review,
        "\n".join(quotes),
    )


def draft_from_passage(
    state: ProjectState, text: str, published: date | None, read: BatchReader | None = None
) -> EventDraft:
    """Run the extraction on the passage (by ``read``, the window's reading process, or in
    this process): its first placed date, its actors and things."""
    if read is not None:
        x = next(iter(read([(text, published)], Gazetteer.default())))
    else:
        from services.lazyread import extract

        x = extract(text, published)
    span = next((t.date for t in x.timexes if t.date is not None and t.date.resolved), None)
    known = {a.name: a.id for a in state.actors}
    actors: list[tuple[int | None, str, str]] = []
    for mention in x.actor_mentions:
        entry = (known.get(mention.actor), mention.actor, "participant")
        if all(a[1] != mention.actor for a in actors):
            actors.append(entry)
    if x.events and x.events[0].actors:  # the extraction's roles where it found an event
        roles = {a.name: a.role for a in x.events[0].actors}
        actors = [(i, n, roles.get(n, r)) for i, n, r in actors]
    things = list(dict.fromkeys(t.thing for t in x.thing_mentions))
    summary = x.events[0].summary if x.events else " ".join(text.split())[:120]
    etype = x.events[0].event_type if x.events else "other"
    return EventDraft(summary, etype, span, "", actors, things, "confirmed", " ".join(text.split()))
