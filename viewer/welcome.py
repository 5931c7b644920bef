"""The first-run welcome: a card over the demo project and a three-step tour of the panes.

``install_welcome(window)`` adds Help ▸ Welcome tour and, the first time Stanceline starts for
this user (QSettings ``welcome/shown``), shows the welcome card.  The tour dims the window and
outlines one pane at a time — timeline, source, stances — with a card beside it that says what
the pane shows and how to use it.  "Import your articles…" on the cards triggers the window's
own File ▸ Import files… action.

Keyboard: Enter / → next, ← back, Esc closes.  The card is a child widget of the window (not a
dialog), so the window underneath stays visible and keeps its layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeyEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.colours import OKABE_ITO

SHOWN_KEY = "welcome/shown"
CALLOUT = QColor(OKABE_ITO["orange"])
CARD_WIDTH = 460


@dataclass(frozen=True)
class Step:
    title: str
    text: str  # rich text (a few <b>, <br>)
    target: str  # attribute of the window: the pane to outline ("" for none)


INTRO = Step(
    "Welcome to Stanceline",
    "This is a <b>demo project</b>: five news articles about one story, already read by "
    "Stanceline. It found the <b>events</b> with their dates, the <b>actors</b> (countries, "
    "organisations, people) and who is <b>for or against</b> what — each with the sentence it "
    "came from.<br><br>Take a one-minute tour of the three panes, or start with your own "
    "articles.",
    "",
)
STEPS: tuple[Step, ...] = (
    Step(
        "1 · The timeline",
        "What happened when. One <b>lane per actor</b>; each mark is an event, a bar is an "
        "event known only to the month or year.<br><br><b>Wheel</b> to zoom, <b>drag</b> to "
        "move in time, <b>Home</b> to see everything. <b>Click</b> an event to read where it "
        "came from.",
        "timeline",
    ),
    Step(
        "2 · The source",
        "The article behind the selected event, with the <b>evidence sentence highlighted</b>. "
        "Dates, actors and things are underlined.<br><br>When several articles report the same "
        "event, pick one from the list at the top. If an article's publication date is wrong, "
        "correct it here: its relative dates (\u201clast month\u201d) follow.",
        "source_pane",
    ),
    Step(
        "3 · Stances",
        "Who is <b>for</b> (blue) or <b>against</b> (orange) what, with counts. Click a cell to "
        "read the sentences behind it and select their events.<br><br>The <b>Actors</b> list "
        "on the left filters everything: tick the actors you follow.",
        "stances_dock",
    ),
)


def was_shown() -> bool:
    return bool(QSettings("Stanceline", "Stanceline").value(SHOWN_KEY, False, type=bool))


def mark_shown(shown: bool = True) -> None:
    QSettings("Stanceline", "Stanceline").setValue(SHOWN_KEY, shown)


def find_import_action(window: QMainWindow) -> QAction | None:
    """The window's File ▸ Import files… (the first import action in the menus)."""
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu())
            elif action.text().replace("&", "").lower().startswith("import"):
                found.append(action)

    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            walk(top.menu())
    files = [a for a in found if "file" in a.text().lower()]
    return (files or found or [None])[0]


class Spotlight(QWidget):
    """Dims the window except the target rectangle, which gets an orange outline."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hole = QRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRect(self.rect().toRectF())
        if not self.hole.isNull():
            inner = QPainterPath()
            inner.addRoundedRect(self.hole.adjusted(-4, -4, 4, 4).toRectF(), 6, 6)
            path = path.subtracted(inner)
        p.fillPath(path, QColor(0, 0, 0, 110))
        if not self.hole.isNull():
            p.setPen(QPen(CALLOUT, 3))
            p.drawRoundedRect(self.hole.adjusted(-4, -4, 4, 4), 6, 6)
        p.end()


class WelcomeCard(QFrame):
    """The card with the text and the buttons; ``step`` is -1 for the welcome, then 0..2."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.step = -1
        self.setObjectName("welcomeCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#welcomeCard { background: palette(window); border-radius: 8px;"
            f" border: 2px solid {CALLOUT.name()}; }}"
        )
        self.setFixedWidth(CARD_WIDTH)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Welcome tour")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.setToolTip("Previous step (←)")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the tour (Esc); Help ▸ Welcome tour brings it back")
        self.import_button = QPushButton("Import your articles…")
        self.import_button.setToolTip("Choose .txt, .html or .md files to read (Ctrl+I)")
        self.next_button = QPushButton("Take the tour")
        self.next_button.setDefault(True)
        self.next_button.setToolTip("Next step (Enter or →)")
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.import_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.counter = QLabel()
        self.counter.setEnabled(False)
        layout.addWidget(self.counter)


class WelcomeTour(QObject):
    """Owns the spotlight and the card, moves them with the window, walks the steps."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.spotlight = Spotlight(window)
        self.card = WelcomeCard(window)
        self.card.next_button.clicked.connect(self.next)
        self.card.back_button.clicked.connect(self.back)
        self.card.close_button.clicked.connect(self.close)
        self.card.import_button.clicked.connect(self.import_articles)
        self.card.installEventFilter(self)
        window.installEventFilter(self)
        self.spotlight.hide()
        self.card.hide()

    # ---- showing
    @property
    def step(self) -> int:
        return self.card.step

    def is_open(self) -> bool:
        return self.card.isVisible()

    def start(self, step: int = -1) -> None:
        mark_shown()  # once shown, never again by itself (quitting with it open included)
        self.go(step)
        self.spotlight.show()
        self.card.show()
        self.spotlight.raise_()
        self.card.raise_()
        self.card.setFocus(Qt.FocusReason.OtherFocusReason)

    def go(self, step: int) -> None:
        step = max(-1, min(step, len(STEPS) - 1))
        self.card.step = step
        s = INTRO if step < 0 else STEPS[step]
        c = self.card
        c.title.setText(s.title)
        c.text.setText(s.text)
        c.back_button.setVisible(step >= 0)
        last = step == len(STEPS) - 1
        c.import_button.setVisible(step < 0 or last)  # offered at the start and the end
        c.next_button.setText("Take the tour" if step < 0 else "Done" if last else "Next")
        c.counter.setText("" if step < 0 else f"Step {step + 1} of {len(STEPS)}")
        c.setAccessibleDescription(f"{s.title}. {c.text.text()}")
        self.place()

    def target_rect(self) -> QRect:
        """The outlined pane, in window coordinates (empty for the intro or a hidden pane)."""
        if self.step < 0:
            return QRect()
        widget = getattr(self.window, STEPS[self.step].target, None)
        if not isinstance(widget, QWidget) or not widget.isVisible():
            return QRect()
        top_left = widget.mapTo(self.window, QPoint(0, 0))
        return QRect(top_left, widget.size())

    def place(self) -> None:
        """Spotlight over the whole window; the card beside the pane, inside the window."""
        win = self.window.rect()
        self.spotlight.setGeometry(win)
        hole = self.target_rect()
        self.spotlight.hole = hole
        self.spotlight.update()
        # Word-wrapped labels: the height follows from the fixed width, not from sizeHint().
        self.card.setFixedHeight(self.card.layout().totalHeightForWidth(CARD_WIDTH))
        size = self.card.size()
        if hole.isNull():
            pos = QPoint((win.width() - size.width()) // 2, (win.height() - size.height()) // 3)
        else:
            pos = _beside(hole, size, win)
        self.card.move(pos)

    # ---- steps
    def next(self) -> None:
        if self.step >= len(STEPS) - 1:
            self.close()
        else:
            self.go(self.step + 1)

    def back(self) -> None:
        self.go(self.step - 1)

    def close(self) -> None:
        self.card.hide()
        self.spotlight.hide()

    def import_articles(self) -> None:
        self.close()
        action = find_import_action(self.window)
        if action is not None:
            # After the card is gone: the file dialog is modal and should not sit under it.
            QTimer.singleShot(0, action.trigger)

    # ---- events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            if self.is_open():
                self.place()
        elif watched is self.card and event.type() == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next()
        elif key == Qt.Key.Key_Left and self.step >= 0:
            self.back()
        else:
            return False
        return True


def _beside(hole: QRect, size: Any, win: QRect) -> QPoint:
    """Right of the pane if it fits, else left, else below, else over its top-left corner."""
    gap = 16
    y = max(8, min(hole.top(), win.height() - size.height() - 8))
    if hole.right() + gap + size.width() <= win.width() - 8:
        return QPoint(hole.right() + gap, y)
    if hole.left() - gap - size.width() >= 8:
        return QPoint(hole.left() - gap - size.width(), y)
    x = max(8, min(hole.left() + 24, win.width() - size.width() - 8))
    if hole.bottom() + gap + size.height() <= win.height() - 8:
        return QPoint(x, hole.bottom() + gap)
    return QPoint(x, max(8, hole.top() + 24))


def install_welcome(window: QMainWindow, first_run: bool | None = None) -> WelcomeTour:
    """Help ▸ Welcome tour, and the welcome card now if this user has not seen it yet."""
    existing = getattr(window, "welcome", None)
    if isinstance(existing, WelcomeTour):
        return existing
    tour = WelcomeTour(window)
    window.welcome = tour  # type: ignore[attr-defined]
    from viewer.help import help_menu

    action = QAction("&Welcome tour", window)
    action.setStatusTip("The three panes explained, on the project you have open")
    action.triggered.connect(lambda: tour.start(0))
    menu = help_menu(window)
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    tour.action = action  # type: ignore[attr-defined]
    if first_run if first_run is not None else not was_shown():
        # After the window has its final geometry (shown, docks laid out).
        QTimer.singleShot(0, tour.start)
    return tour
