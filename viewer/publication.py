"""An article's publication date in the source pane: where it came from, what to offer when
the analyst says it is known, and a date field that takes a typed year.

Relative dates ("on Friday") are placed from the publication date, so Stanceline never takes
one from the clock: ticking "known" asks, offering what the article and its file say.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.queries import SourceDetail
from ingest.reader import file_date, find_dateline

NO_DATE = QDate(1800, 1, 1)  # the field's minimum, shown as "choose a date"
FORMAT_ORIGIN = {
    "html": "the page's metadata",
    "md": "the front matter",
    "txt": "the file's header",
}


class TypedDateEdit(QDateEdit):
    """A date field where a click selects the part under it (day, month or year), so typing
    "2024" replaces the year: Qt put the digits beside the old ones and refused the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("choose a date")
        self.lineEdit().installEventFilter(self)  # clicks land on the line edit, not here

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.lineEdit() and event.type() == QEvent.Type.MouseButtonRelease
                and self.isEnabled()):
            # After the click has placed the cursor: select the part it is in.
            QTimer.singleShot(0, self._select_part)
        return super().eventFilter(watched, event)

    def _select_part(self) -> None:
        if self.lineEdit().selectedText() == "":  # a drag selected something: keep it
            self.setSelectedSection(self.currentSection())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:  # a click selects on release
            self.setSelectedSection(self.currentSection())

    def chosen(self) -> date | None:
        return None if self.date() == NO_DATE else self.date().toPython()


@dataclass(frozen=True)
class DateHint:
    day: date
    why: str  # "the dateline “ANKARA, March 3, 2024”"


def named_days(source: SourceDetail) -> list[date]:
    """Full dates the article names (its date marks), oldest first."""
    days = set()
    for m in source.mentions:
        if m.kind == "timex" and len(m.label) == 10:
            try:
                days.add(date.fromisoformat(m.label))
            except ValueError:
                continue
    return sorted(days)


def date_hints(source: SourceDetail, origin: str) -> list[DateHint]:
    """What to offer for the publication date, best first: the article's own dateline, the
    file's date, the latest date the article names.  Never today."""
    hints: list[DateHint] = []
    found = find_dateline(source.text)
    filed = file_date(origin)
    named = named_days(source)
    if found is not None and found.day is not None:
        hints.append(DateHint(found.day, f"the {found.kind} “{found.words}”"))
    elif found is not None and found.month_day is not None:
        # "March 3 (Reuters) -": the year from the file, else from the dates named.
        year = filed.year if filed else named[-1].year if named else None
        if year is not None:
            with contextlib.suppress(ValueError):
                hints.append(DateHint(date(year, *found.month_day),
                                      f"the dateline “{found.words}”, in {year}"))
    if filed is not None:
        hints.append(DateHint(filed, "the date of the file it was imported from"))
    if named:
        hints.append(DateHint(named[-1], "the latest date the article names"))
    seen: set[date] = set()
    return [h for h in hints if not (h.day in seen or seen.add(h.day))]


def origin_text(source: SourceDetail, fmt: str) -> str:
    """Where the stored publication date came from, for the line under the date field."""
    if not source.published_known or source.published is None:
        return "Not stated in the article: tick “known” to give it."
    found = find_dateline(source.text)
    if found is not None and found.day == source.published:
        return f"From the {found.kind}: “{found.words}”"
    return f"From {FORMAT_ORIGIN.get(fmt, 'the file')}, or set by hand"


class PublishedDateDialog(QDialog):
    """Asks for the publication date, offering the hints; nothing is saved on Cancel."""

    def __init__(self, title: str, hints: list[DateHint], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publication date")
        lay = QVBoxLayout(self)
        intro = QLabel(
            f"When was “{title or 'this article'}” published?\n"
            "Dates such as “on Friday” or “last week” are placed from this day.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(intro)
        self.hint_buttons: list[QPushButton] = []
        for hint in hints:
            button = QPushButton(f"{hint.day:%d %b %Y} — {hint.why}")
            button.setToolTip("Use this date")
            button.clicked.connect(lambda _=False, d=hint.day: self.date_edit.setDate(QDate(d)))
            self.hint_buttons.append(button)
            lay.addWidget(button)
        if not hints:
            lay.addWidget(QLabel("Neither the article nor its file states a date."))
        self.date_edit = TypedDateEdit()
        self.date_edit.setAccessibleName("Publication date")
        self.date_edit.setDate(QDate(hints[0].day) if hints else NO_DATE)
        lay.addWidget(self.date_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.date_edit.dateChanged.connect(self._allow_ok)
        self._allow_ok()

    def _allow_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.date_edit.chosen() is not None)

    def chosen(self) -> date | None:
        return self.date_edit.chosen()
