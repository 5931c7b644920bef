"""A new stance from a passage, and a holder's stance on an issue over time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.queries import StanceRow
from ingest.records import POLARITIES, DateSpan
from viewer import colours
from viewer.dialogs.common import DateEntry
from viewer.state import ProjectState


@dataclass
class StanceDraft:
    holder: str = ""
    polarity: str = "for"
    target: str = ""
    date: DateSpan | None = None
    evidence: str = ""


class NewStanceDialog(QDialog):
    def __init__(self, state: ProjectState, draft: StanceDraft, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New stance from selection")
        self.holder = QComboBox()
        self.holder.setToolTip("Who holds the stance: pick an actor or type a new name")
        self.holder.setEditable(True)
        self.holder.addItems(sorted((a.name for a in state.actors), key=str.casefold))
        self.holder.setCurrentText(draft.holder)
        self.polarity = QComboBox()
        self.polarity.setToolTip("For, against or mixed")
        self.polarity.addItems(list(POLARITIES))
        self.polarity.setCurrentText(draft.polarity)
        self.target = QComboBox()
        self.target.setToolTip(
            "The issue the stance is about; reuse an existing one to compare holders"
        )
        self.target.setEditable(True)
        targets = sorted({s.target for s in state.stances if s.target}, key=str.casefold)
        self.target.addItems(targets)
        self.target.setCurrentText(draft.target)
        self.target.lineEdit().setPlaceholderText("the issue, e.g. buying the S-400")
        self.date = DateEntry()
        d = draft.date
        self.date.set_span(
            d.value if d else None,
            d.earliest if d else None,
            d.latest if d else None,
            d.precision if d else None,
        )
        quote = QLabel(draft.evidence)
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setStyleSheet(f"background: {colours.EVIDENCE_BG}; color: black; padding: 6px;")
        form = QFormLayout()
        form.addRow("Holder:", self.holder)
        form.addRow("Polarity:", self.polarity)
        form.addRow("On:", self.target)
        form.addRow("Date:", self.date)
        form.addRow("Evidence:", quote)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def target_key(self, state: ProjectState) -> str:
        """An existing issue's key when the target text is one of its phrasings."""
        text = self.target.currentText().strip()
        return next((s.target_key for s in state.stances if s.target == text), "")


# ---------------------------------------------------------------------- history
POLARITY_Y = {"for": 1, "neutral": 0, "against": -1}


def stance_day(stance: StanceRow, published: date | None) -> date | None:
    """When it was said: its own date, else the article's publication date."""
    value = stance.date_value or ""
    for size in (10, 7, 4):
        try:
            parts = [int(p) for p in value[:size].split("-")]
            return date(
                parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
            )
        except (ValueError, IndexError):
            continue
    return published


def issue_label(stances: list[StanceRow], target_key: str) -> str:
    """The readable issue of a key: its most frequent stored issue label, else wording."""
    on = [s for s in stances if s.target_key == target_key]
    issues = Counter(s.issue for s in on if s.issue)
    if issues:
        return min(issues, key=lambda t: (-issues[t], len(t), t))
    return next((s.target for s in on if s.target), target_key)


def history(
    state: ProjectState, holder_id: int, target_key: str
) -> list[tuple[date | None, StanceRow]]:
    """The holder's statements on one issue, oldest first (undated last).

    The issue is the key's together with its stored issue label: a stance the extraction
    filed under another key but named the same issue ("S-400 transfer to Ukraine") belongs to
    the same line of statements, so a change of position shows."""
    own = [s for s in state.stances if s.holder_id == holder_id]
    labels = {s.issue.casefold() for s in own if s.target_key == target_key and s.issue}
    rows = [s for s in own
            if s.target_key == target_key or (s.issue and s.issue.casefold() in labels)]
    dated = []
    for s in rows:
        src = state.source(s.source_id)
        dated.append((stance_day(s, src[3] if src else None), s))
    dated.sort(key=lambda p: (p[0] is None, p[0] or date.min, p[1].id))
    return dated


def position_changes(points: list[tuple[date | None, StanceRow]]) -> list[int]:
    """Indices of the statements that turn the holder's position round: for after against or
    against after for (a neutral statement in between neither breaks nor makes a change)."""
    changes, last = [], None
    for i, (_d, s) in enumerate(points):
        if s.polarity == "neutral":
            continue
        if last is not None and s.polarity != last:
            changes.append(i)
        last = s.polarity
    return changes


def changed_position(points: list[tuple[date | None, StanceRow]]) -> bool:
    return bool(position_changes(points))


# The chart paints on a fixed white background, so its muted text is the light scheme's grey
# whatever the window's scheme (the dark scheme's light grey was 2.4:1 on white).
CHART_BACKGROUND = "#FFFFFF"
CHART_MUTED = colours.SCHEMES["light"].muted_text


class HistoryChart(QWidget):
    """for / neutral / against on the y axis, time on the x axis, one dot per statement."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[date | None, StanceRow]] = []
        self.setMinimumHeight(150)

    def sizeHint(self) -> QSize:
        return QSize(520, 170)

    def set_points(self, points: list[tuple[date | None, StanceRow]]) -> None:
        self.points = [p for p in points if p[0] is not None]
        self.update()

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(CHART_BACKGROUND))
        left, right, top, bottom = 70.0, self.width() - 24.0, 16.0, self.height() - 30.0
        ys = {k: top + (1 - v) * (bottom - top) / 2 for k, v in POLARITY_Y.items()}
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        p.setFont(small)
        for kind, y in ys.items():
            p.setPen(QPen(QColor("#E2E2E2"), 1))
            p.drawLine(QPointF(left, y), QPointF(right, y))
            p.setPen(QColor(colours.POLARITY[kind]))
            p.drawText(
                QRectF(0, y - 9, left - 8, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                kind,
            )
        if not self.points:
            p.setPen(QColor(CHART_MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated statements")
            return
        days = [d.toordinal() for d, _s in self.points if d is not None]
        lo, hi = min(days), max(days)
        if hi == lo:
            lo, hi = lo - 30, hi + 30

        def x_of(d: date) -> float:
            return left + (d.toordinal() - lo) / (hi - lo) * (right - left)

        pts = [(QPointF(x_of(d), ys[s.polarity]), s) for d, s in self.points if d is not None]
        p.setPen(QPen(QColor(CHART_MUTED), 1, Qt.PenStyle.DotLine))
        for i in position_changes(self.points):  # where the position turned: a marked line
            x = pts[i][0].x()
            p.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            mid = (ys["for"] + ys["neutral"]) / 2  # between the rows: no dot sits there
            p.drawText(QRectF(x + 4, mid - 9, 90, 18), Qt.AlignmentFlag.AlignVCenter, "changed")
        p.setPen(QPen(QColor("#9A9A9A"), 1.5, Qt.PenStyle.DashLine))
        for (a, _), (b, _) in pairwise(pts):
            p.drawLine(a, b)
        for pt, s in pts:
            p.setPen(QPen(QColor("#333333"), 1))
            p.setBrush(QColor(colours.POLARITY[s.polarity]))
            p.drawEllipse(pt, 6, 6)
        p.setPen(QColor(CHART_MUTED))
        first, last = self.points[0][0], self.points[-1][0]
        assert first is not None and last is not None
        p.drawText(
            QRectF(left - 40, bottom + 6, 80, 18), Qt.AlignmentFlag.AlignCenter, f"{first:%b %Y}"
        )
        if last != first:
            p.drawText(
                QRectF(right - 100, bottom + 6, 100 + 16, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{last:%b %Y}",
            )


class StanceHistoryDialog(QDialog):
    """Pick a holder and an issue: what they said about it, in time order."""

    def __init__(
        self,
        state: ProjectState,
        holder_id: int | None = None,
        target_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stance history")
        self._state = state
        self._entry: dict[str, str] = {}  # target key → the key of its issue's combo entry
        self.holder = QComboBox()
        holders = sorted(
            {(s.holder, s.holder_id) for s in state.stances}, key=lambda h: h[0].casefold()
        )
        for name, hid in holders:
            self.holder.addItem(name, hid)
        self.target = QComboBox()
        self.chart = HistoryChart()
        self.holder.setToolTip("Whose stance to follow over time")
        self.target.setToolTip("The issue to follow")
        self.verdict = QLabel()
        self.verdict.setStyleSheet("font-weight: bold;")
        self.statements = QListWidget()
        self.statements.setAccessibleName("Statements")
        self.statements.setToolTip(
            "The statements behind the chart, oldest first, each with its evidence"
        )
        self.statements.setWordWrap(True)
        self.statements.setAlternatingRowColors(True)
        form = QFormLayout()
        form.addRow("Holder:", self.holder)
        form.addRow("Issue:", self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.chart)
        lay.addWidget(self.verdict)
        lay.addWidget(self.statements, 1)
        lay.addWidget(buttons)
        self.holder.currentIndexChanged.connect(self._holder_changed)
        self.target.currentIndexChanged.connect(self._show)
        if holder_id is not None:
            self.holder.setCurrentIndex(max(0, self.holder.findData(holder_id)))
        self._holder_changed()
        if target_key is not None:
            entry = self._entry.get(target_key, target_key)
            self.target.setCurrentIndex(max(0, self.target.findData(entry)))
        self.resize(640, 520)

    def _holder_changed(self) -> None:
        hid = self.holder.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        own = [s for s in self._state.stances if s.holder_id == hid]
        keys: dict[str, str] = {}
        shown: dict[str, str] = {}  # one entry per issue label (history() joins their keys)
        self._entry = {}
        for key in dict.fromkeys(s.target_key for s in own):
            label = issue_label(own, key)
            entry = shown.setdefault(label.casefold(), key)
            self._entry[key] = entry
            if entry == key:
                keys[key] = label
        for key, label in sorted(keys.items(), key=lambda k: k[1].casefold()):
            self.target.addItem(label, key)
        self.target.blockSignals(False)
        self._show()

    def _show(self) -> None:
        hid, key = self.holder.currentData(), self.target.currentData()
        points = history(self._state, hid, key) if hid is not None and key is not None else []
        self.chart.set_points(points)
        self.statements.clear()
        changes = set(position_changes(points))
        for i, (day, s) in enumerate(points):
            when = f"{day:%d %b %Y}" if day else "undated"
            said = " · ".join(p for p in (
                f"said by {s.speaker}" if s.speaker and s.speaker != s.holder else "",
                f"in {s.medium}" if s.medium else "") if p)
            turned = f"position changed to {s.polarity}" if i in changes else s.polarity
            head = " · ".join(p for p in (when, turned, said) if p)
            item = QListWidgetItem(f"{head}\n“{' '.join(s.evidence_text.split())}”")
            item.setForeground(QColor(colours.POLARITY[s.polarity]).darker(130))
            if i in changes:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.statements.addItem(item)
        if not points:
            self.verdict.setText("")
        elif changed_position(points):
            self.verdict.setText(f"{self.holder.currentText()} changed position on this issue.")
        else:
            self.verdict.setText(f"{self.holder.currentText()} kept the same position.")
