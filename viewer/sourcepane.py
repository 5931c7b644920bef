"""The source article with the evidence highlighted and mentions marked.

Imported text is data, never markup: it goes in with ``setPlainText`` and is decorated with
character formats on ranges; links are not followed and no resource is ever loaded.
Offsets from the db are Python string indices; QTextDocument counts UTF-16 code units, so
``Utf16Map`` converts (they differ only when the text has characters beyond the BMP).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from db import annotations, queries
from db.queries import EventRoles, EvidenceRow, SourceDetail
from services import redate
from viewer import colours
from viewer.dbworker import window_reader
from viewer.eventlist import format_date
from viewer.publication import (
    NO_DATE,
    PublishedDateDialog,
    TypedDateEdit,
    date_hints,
    origin_text,
)
from viewer.state import ProjectState


class Utf16Map:
    """Python string index → QTextDocument position."""

    def __init__(self, text: str) -> None:
        # Indices of characters that take two UTF-16 units; usually none.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1) if self._wide else index

    def to_python(self, position: int) -> int:
        """QTextDocument position → Python string index (the inverse of calling the map)."""
        index = position
        while self._wide and self(index) > position:
            index -= 1
        return index


class ArticleView(QTextBrowser):
    """Read-only article text that never follows a link nor loads a resource."""

    # Extra context-menu entries for a selected passage: builder(menu) (set by SourcePane).
    menu_builder: Any = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(16)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

    def build_context_menu(self) -> QMenu:
        menu = self.createStandardContextMenu()
        if self.menu_builder is not None:
            self.menu_builder(menu)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def loadResource(self, _type: int, _name: QUrl | str) -> Any:
        return None  # imported articles must not make the app fetch or read anything

    def event(self, e: QEvent) -> bool:
        # Char-format tooltips (the canonical actor, the date value) under the mouse.
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            cursor = self.cursorForPosition(self.viewport().mapFromGlobal(e.globalPos()))
            tip = cursor.charFormat().toolTip()
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


MENTION_STYLE: dict[str, tuple[str, str | None, QTextCharFormat.UnderlineStyle]] = {
    # kind: (underline colour, background or None, underline style)
    "timex": (colours.TIMEX_LINE, colours.TIMEX_BG, QTextCharFormat.UnderlineStyle.SingleUnderline),
    "actor": (colours.ACTOR_LINE, None, QTextCharFormat.UnderlineStyle.SingleUnderline),
    "thing": (colours.THING_LINE, None, QTextCharFormat.UnderlineStyle.DashUnderline),
}
MENTION_TIP = {"timex": "Date: {}", "actor": "Actor: {}", "thing": "Thing: {}"}


def timex_text(value: str) -> str:
    """A TimeML value for people: "2022-02-24" → "24 Feb 2022 (2022-02-24)"."""
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            when = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return f"{format_date(value, when, precision)} ({value})"
    return value or "not placed on the calendar"


def source_label(outlet: str, title: str, published: date | None) -> str:
    """"Outlet — title (date)" for the source chooser."""
    parts = [p for p in (outlet, title or "untitled") if p]
    when = f" ({published:%d %b %Y})" if published else " (date unknown)"
    return " — ".join(parts) + when


def said_line(ev: EvidenceRow) -> str:
    """Who this source says said it and the medium it cites, only the parts it gives:
    "Said by Fahrettin Altun · in the Wall Street Journal"."""
    parts = [f"Said by {ev.speaker}" if ev.speaker else "",
             f"in {ev.medium}" if ev.medium else ""]
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def roles_line(roles: EventRoles | None) -> str:
    """The event's PLOVER type and mode and who did it to whom, in words:
    "Reject (verbal) · Turkey → United States"."""
    if roles is None:
        return ""
    kind = {"OTHER": "Other action", "": ""}.get(roles.event_type,
                                                 roles.event_type.capitalize())
    if kind and roles.mode:
        kind += f" ({roles.mode})"
    source, target = ", ".join(roles.named("source")), ", ".join(roles.named("target"))
    if source and target:
        who = f"{source} → {target}"
    else:
        who = f"by {source}" if source else f"towards {target}" if target else ""
    return " · ".join(p for p in (kind, who) if p)


DETAIL_CACHE = 16  # articles kept (text and mentions) for instant re-display


class SourcePane(QWidget):
    # (source id, start, end) of the selected passage, Python indices into the article.
    newEventRequested = Signal(int, int, int)
    newStanceRequested = Signal(int, int, int)

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._source: SourceDetail | None = None
        # Recently shown articles (text + mentions), so going back and forth costs no query;
        # dropped whenever the data is reloaded or a date is edited.
        self._details: OrderedDict[int, SourceDetail] = OrderedDict()
        self._files: dict[int, tuple[str, str]] = {}  # source id → (origin, fmt)
        self._evidence: list[EvidenceRow] = []
        self._roles: EventRoles | None = None  # the selected event's type, mode and actors
        self._span: tuple[int, int] | None = None  # the highlighted evidence, Python indices
        self._map = Utf16Map("")
        self._updating = False

        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(16)
        self.chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chooser.currentIndexChanged.connect(self._choose_source)
        self.chooser_label = QLabel("Reported by:")

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()  # outlet · URL, as plain text: a URL is shown, never followed
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.meta.setWordWrap(True)
        # Where the claim came from (per source: speaker, cited medium) and what the event
        # is (PLOVER type and mode, source → target): plain text, shown with the evidence.
        self.attribution = QLabel()
        self.attribution.setObjectName("attribution")
        self.attribution.setAccessibleName("Who said it and where")
        self.attribution.setTextFormat(Qt.TextFormat.PlainText)
        self.attribution.setWordWrap(True)
        self.attribution.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attribution.setToolTip(
            "Who this source says made the claim, the medium it cites, and the event's "
            "PLOVER type and mode with who did it to whom")

        self.published_edit = TypedDateEdit()
        self.published_edit.setToolTip(
            "Publication date: relative dates such as “last Tuesday” are resolved against it")
        self.published_edit.editingFinished.connect(self._date_edited)
        weekend = QTextCharFormat()  # Qt's own red is 4.1:1 on a dark base
        weekend.setForeground(QColor(colours.WEEKEND_TEXT))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.published_edit.calendarWidget().setWeekdayTextFormat(day, weekend)
        self.published_known = QCheckBox("known")
        self.published_known.setToolTip("Untick when the publication date is not known")
        self.published_known.toggled.connect(self._known_toggled)
        self.published_from = QLabel()  # where the date came from (dateline, metadata…)
        self.published_from.setTextFormat(Qt.TextFormat.PlainText)
        self.published_from.setWordWrap(True)
        self.published_from.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.date_dialog: PublishedDateDialog | None = None  # open while "known" asks

        self.text = ArticleView()
        self.text.setAccessibleName("Source article")
        self.text.menu_builder = self._passage_menu
        self.editor: Any = None  # viewer.undo.Editor, set by the main window

        header = QWidget()
        hl = QVBoxLayout(header)
        hl.setContentsMargins(8, 6, 8, 4)
        hl.setSpacing(3)
        row0 = QHBoxLayout()
        row0.addWidget(self.chooser_label)
        row0.addWidget(self.chooser, 1)
        hl.addLayout(row0)
        hl.addWidget(self.title)
        hl.addWidget(self.meta)
        hl.addWidget(self.attribution)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel("Published:"))
        row1.addWidget(self.published_edit)
        row1.addWidget(self.published_known)
        row1.addStretch(1)
        hl.addLayout(row1)
        hl.addWidget(self.published_from)

        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(0)
        pl.addWidget(header)
        pl.addWidget(self.text, 1)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {colours.MUTED_TEXT}; font-size: 11pt; padding: 24px;")
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty)
        self._stack.addWidget(page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._stack)

        state.selectionChanged.connect(self.show_event)
        state.dataChanged.connect(self._data_changed)
        state.filterChanged.connect(self._filter_changed)
        state.sourceChanged.connect(self._source_changed)
        self._needle = ""  # the text filter, highlighted wherever it occurs in the article
        self.show_event(state.selected_id)

    def _data_changed(self) -> None:
        # Rows were reloaded (an import, an undo…): the article's dates may have changed too.
        shown = self._source.id if self._source else None
        self._source = None
        self._details.clear()
        self._files.clear()
        self.show_event(self._state.selected_id)
        if self._source is None and shown is not None and self._state.source(shown):
            self.show_source(shown, None)

    def _source_changed(self, source_id: int) -> None:
        """Its publication date was changed (or the change undone): its date field, its date
        marks and the chooser's date are read again; the rest of the pane stays."""
        self._details.pop(source_id, None)
        if self._source is None or self._source.id != source_id:
            return
        self._source = queries.source_detail(self._state.project, source_id)
        self._details[source_id] = self._source
        self._render_source()
        self._highlight()
        for i, ev in enumerate(self._evidence):
            if ev.source_id == source_id:
                self._evidence[i] = replace(ev, published=self._source.published)
                self.chooser.setItemText(i, source_label(ev.outlet, ev.source_title,
                                                         self._source.published))

    def _filter_changed(self) -> None:
        needle = self._state.event_filter.text
        if needle != self._needle:
            self._needle = needle
            if self._source is not None:
                self._highlight()

    def search_ranges(self) -> list[tuple[int, int]]:
        """Where the text filter occurs in the shown article (Python indices)."""
        if not self._needle or self._source is None:
            return []
        text, needle = self._source.text.casefold(), self._needle.casefold()
        if len(text) != len(self._source.text):  # casefold changed lengths (ß → ss)
            text, needle = self._source.text.lower(), self._needle.lower()
        out, i = [], text.find(needle)
        while i >= 0 and needle:
            out.append((i, i + len(needle)))
            i = text.find(needle, i + len(needle))
        return out

    # ------------------------------------------------------------------ what to show
    def show_event(self, event_id: int | None) -> None:
        """Show the sources of an event (its first one), or the first source of the project."""
        evidence: list[EvidenceRow] = []
        self._roles = None
        if event_id is not None and self._state.arrays.position_of(event_id) is not None:
            evidence = list(queries.event_evidence(self._state.project, event_id))
            self._roles = queries.event_roles(self._state.project, event_id)
        self._evidence = evidence
        self._updating = True
        try:
            self.chooser.clear()
            for ev in evidence:
                self.chooser.addItem(source_label(ev.outlet, ev.source_title, ev.published))
        finally:
            self._updating = False
        several = len(evidence) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)
        self.chooser_label.setText(f"Reported by {len(evidence)} sources:")
        if evidence:
            keep = next((i for i, ev in enumerate(evidence)
                         if self._source and ev.source_id == self._source.id), 0)
            self.chooser.setCurrentIndex(keep)
            self._choose_source(keep)
        elif self._state.sources:
            # Nothing selected: show the first article so the pane is never a blank box.
            self._show_attribution(None)
            self.show_source(self._state.sources[0][0], None)
        else:
            self._source = None
            self.empty.setText(
                "No articles yet.\n\nUse File ▸ Import files… (Ctrl+I), paste an article "
                "(Ctrl+Shift+V) or drop files and folders on this window.")
            self._stack.setCurrentIndex(0)

    def _choose_source(self, index: int) -> None:
        if self._updating or not 0 <= index < len(self._evidence):
            return
        ev = self._evidence[index]
        self.show_source(ev.source_id, (ev.start, ev.end))
        self._show_attribution(ev)

    def _show_attribution(self, ev: EvidenceRow | None) -> None:
        """The attribution line of the chosen source's report (hidden without an event)."""
        lines = [said_line(ev), roles_line(self._roles)] if ev is not None else []
        text = "\n".join(line for line in lines if line)
        self.attribution.setText(text)
        self.attribution.setVisible(bool(text))

    def attribution_text(self) -> str:
        """What the attribution line says ("" when hidden): tests and the screenshot read it."""
        return self.attribution.text() if not self.attribution.isHidden() else ""

    def show_source(self, source_id: int, span: tuple[int, int] | None) -> None:
        if self._source is None or self._source.id != source_id:
            self._source = self._details.get(source_id)
            if self._source is None:
                self._source = queries.source_detail(self._state.project, source_id)
                self._details[source_id] = self._source
                while len(self._details) > DETAIL_CACHE:
                    self._details.popitem(last=False)
            self._details.move_to_end(source_id)
            self._render_source()
        self._span = span
        self._highlight()
        self._stack.setCurrentIndex(1)

    @property
    def source_id(self) -> int | None:
        return self._source.id if self._source else None

    # ------------------------------------------------------------------ drawing
    def _render_source(self) -> None:
        src = self._source
        assert src is not None
        self.title.setText(src.title or "Untitled article")
        self.meta.setText("  ·  ".join(p for p in (src.outlet, src.url) if p) or "unknown outlet")
        origin, fmt = self._file(src.id)
        self._updating = True
        try:
            known = src.published_known and src.published is not None
            self.published_known.setChecked(known)
            self.published_edit.setEnabled(known)
            # Without a date, the field (and its calendar) opens at the article's own dates,
            # never at today: the dateline, the file's date, the dates the text names.
            hints = [] if known else date_hints(src, origin)
            self.published_edit.setDate(QDate(src.published) if known
                                        else QDate(hints[0].day) if hints else NO_DATE)
            self.published_from.setText(origin_text(src, fmt))
        finally:
            self._updating = False

        # Through the document, not QTextEdit.setPlainText: that gives the whole new text the
        # format under the old cursor (an actor the evidence opens with, a search match), so
        # every sentence came out underlined and the actor and date colours were lost.
        doc = self.text.document()
        doc.setPlainText(src.text)
        self.text.setTextCursor(QTextCursor(doc))
        self._map = Utf16Map(src.text)
        cursor = QTextCursor(doc)
        for m in src.mentions:
            style = MENTION_STYLE.get(m.kind)
            if style is None:
                continue
            line, background, underline = style
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(underline)
            fmt.setUnderlineColor(QColor(line))
            if background:
                fmt.setBackground(QColor(background))
                fmt.setForeground(QColor(colours.TIMEX_FG))
            label = timex_text(m.label) if m.kind == "timex" else m.label
            fmt.setToolTip(MENTION_TIP[m.kind].format(label))
            cursor.setPosition(self._map(m.start))
            cursor.setPosition(self._map(m.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def _mark(self, a: int, b: int, background: str, foreground: str,
              bold: bool = False) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(self.text.document())
        sel.cursor.setPosition(self._map(a))
        sel.cursor.setPosition(self._map(b), QTextCursor.MoveMode.KeepAnchor)
        sel.format.setBackground(QColor(background))
        sel.format.setForeground(QColor(foreground))
        if bold:
            sel.format.setFontWeight(700)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        return sel

    def _highlight(self) -> None:
        """Mark the evidence sentence and the search matches (extra selections: they change
        without re-rendering).  The evidence comes first (``evidence_range`` reads it)."""
        hits = [self._mark(a, b, colours.SEARCH_HIT_BG, colours.SEARCH_HIT_FG, bold=True)
                for a, b in self.search_ranges()]
        if self._span is None:
            self.text.setExtraSelections(hits)
            if hits:  # no evidence to centre: bring the first match into view
                self.text.setTextCursor(QTextCursor(hits[0].cursor))
                self.text.ensureCursorVisible()
            else:
                self.text.verticalScrollBar().setValue(0)
            return
        start = self._map(self._span[0])
        sel = self._mark(*self._span, colours.EVIDENCE_BG, colours.EVIDENCE_FG)
        self.text.setExtraSelections([sel, *hits])
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        self.text.setTextCursor(cursor)
        self.centre_evidence()
        # The layout may not be final before the widget is shown or resized: centre again later.
        QTimer.singleShot(0, self.centre_evidence)

    def centre_evidence(self) -> None:
        if self._span is None:
            return
        doc = self.text.document()
        start, end = (self._map(i) for i in self._span)
        layout = doc.documentLayout()
        top_block, bottom_block = doc.findBlock(start), doc.findBlock(max(start, end - 1))
        top = layout.blockBoundingRect(top_block).top() + _line_y(top_block, start)
        bottom_rect = layout.blockBoundingRect(bottom_block)
        bottom = bottom_rect.top() + _line_y(bottom_block, max(start, end - 1), bottom=True)
        middle = (top + bottom) / 2
        bar = self.text.verticalScrollBar()
        bar.setValue(round(middle - self.text.viewport().height() / 2))

    # ------------------------------------------------------------------ passages
    def selected_passage(self) -> tuple[int, int] | None:
        """The selected text as Python indices into the article, or None."""
        cursor = self.text.textCursor()
        if self._source is None or not cursor.hasSelection():
            return None
        start = self._map.to_python(cursor.selectionStart())
        end = self._map.to_python(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_passage(self, start: int, end: int) -> None:
        """Select article text by Python indices (as a drag with the mouse would)."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map(start))
        cursor.setPosition(self._map(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def _passage_menu(self, menu: QMenu) -> None:
        passage = self.selected_passage()
        menu.addSeparator()
        new_event = menu.addAction("New event from selection…")
        new_stance = menu.addAction("New stance from selection…")
        for act in (new_event, new_stance):
            act.setEnabled(passage is not None)
        if passage is None or self._source is None:
            return
        sid, (a, b) = self._source.id, passage
        new_event.triggered.connect(lambda: self.newEventRequested.emit(sid, a, b))
        new_stance.triggered.connect(lambda: self.newStanceRequested.emit(sid, a, b))

    def source_text(self) -> str:
        return self._source.text if self._source else ""

    def source_published(self) -> date | None:
        return self._source.published if self._source else None

    def evidence_range(self) -> tuple[int, int] | None:
        """The highlighted span as document positions (for tests and the screenshot)."""
        sels = self.text.extraSelections()
        if not sels or self._span is None:
            return None
        return sels[0].cursor.selectionStart(), sels[0].cursor.selectionEnd()

    # ------------------------------------------------------------------ publication date
    def _file(self, source_id: int) -> tuple[str, str]:
        if source_id not in self._files:
            self._files[source_id] = queries.source_file(self._state.project, source_id)
        return self._files[source_id]

    def _known_toggled(self, known: bool) -> None:
        src = self._source
        if self._updating or src is None:
            self.published_edit.setEnabled(known)
            return
        if known and not (src.published_known and src.published is not None):
            self._ask_date(src)  # never resolve against today: the analyst says which day
            return
        self.published_edit.setEnabled(known)
        self._save_published()

    def _ask_date(self, src: SourceDetail) -> None:
        dialog = PublishedDateDialog(src.title, date_hints(src, self._file(src.id)[0]), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda code: self._date_answered(dialog, code))
        self.date_dialog = dialog
        dialog.open()

    def _date_answered(self, dialog: PublishedDateDialog, code: int) -> None:
        self.date_dialog = None
        chosen = dialog.chosen() if code == QDialog.DialogCode.Accepted else None
        self._updating = True
        try:
            if chosen is None:  # cancelled: still not known
                self.published_known.setChecked(False)
                return
            self.published_edit.setDate(QDate(chosen))
            self.published_edit.setEnabled(True)
        finally:
            self._updating = False
        self._save_published()

    def _date_edited(self) -> None:
        if not self._updating and self.published_known.isChecked():
            self._save_published()

    def _save_published(self) -> None:
        src = self._source
        if src is None:
            return
        new = self.published_edit.date().toPython() if self.published_known.isChecked() else None
        if new == (src.published if src.published_known else None):
            return
        try:
            if self.editor is not None:  # undoable, through the main window's stack
                project, read = self._state.project, window_reader(self.editor)
                self.editor.run("Publication date",
                                lambda: redate.set_published(project, src.id, new, read))
                return  # the command's refresh re-reads this article's rows (sourceChanged)
            else:
                annotations.set_published(self._state.project, src.id, new)
        except Exception as err:  # re-extraction failed: say so, show what is stored
            QMessageBox.warning(self, "Publication date not changed",
                                f"The dates of this article could not be re-read:\n{err}")
            self._source = None
            self._details.clear()
            self.show_source(src.id, self._span)
            return
        self._source = None  # re-read: its dates (and the events') were re-resolved
        self._details.clear()
        self._files.clear()
        self._state.reload()
        if self._source is None:  # reload kept the selection: show the same article again
            self.show_source(src.id, self._span)


def _line_y(block: Any, position: int, bottom: bool = False) -> float:
    """Y of the line holding ``position`` inside its block (0 if the block is not laid out)."""
    bl = block.layout()
    if bl is None or bl.lineCount() == 0:
        return 0.0
    line = bl.lineForTextPosition(position - block.position())
    if not line.isValid():
        return 0.0
    return line.y() + (line.height() if bottom else 0.0)


