"""``TimelineWidget``: events in one lane per actor, painted straight from numpy arrays.

The widget is the glue.  What is drawn where comes from ``frame.build_frame`` (pure), how it
looks from ``painters.TimelinePainter``, what is under the pointer from ``hittest.hit_test``
(pure, reading the same frame), mouse gestures are ``interactions`` objects, keys are
``keys`` QActions.  The widget keeps the view (``TimeScale``, vertical scroll, lane height),
the layout caches and the selection, and rebuilds the frame when one of them changes.

Coordinates: the time axis runs from the gutter's right edge; ``TimeScale`` x = 0 is there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QContextMenuEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPaintEngine,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar, QToolButton, QToolTip, QWidget

from viewer import preferences
from viewer.colours import actor_colour
from viewer.timeline import keys as tkeys
from viewer.timeline.frame import (
    Frame,
    build_frame,
    event_box,
    events_in_box,
    lane_at_y,
    lanes_fully_visible,
    scroll_key,
)
from viewer.timeline.geometry import (  # noqa: F401  (re-exported: tests and callers)
    AXIS_H,
    GUTTER,
    HEADER_H,
    LANE_HEIGHT_MAX,
    LANE_HEIGHT_MIN,
    LANE_HEIGHT_PRESETS,
    LANE_HEIGHT_STEP,
    MARKER_R,
    OVERVIEW_H,
    SHELF_H,
    Box,
    LaneMetrics,
    OverviewAxis,
    Viewport,
    dense_range,
    overview_range,
)
from viewer.timeline.hittest import Hit, hit_test
from viewer.timeline.interactions import BandSelect, OverviewDrag, PanDrag
from viewer.timeline.lanecache import LaneLayouts, source_specs
from viewer.timeline.layout import (
    LANE_MODES,
    Lane,
    LaneData,
    LaneSpec,
    arrays_from_rows,
    same_lane_columns,
)
from viewer.timeline.painters import Ring, Scene, TimelinePainter, qrect
from viewer.timeline.painters import density_image as _density_image  # noqa: F401
from viewer.timeline.scale import TimeScale, date_to_days, days_to_date
from viewer.timeline.ticks import format_event_date
from viewer.timeline.tooltips import hit_tooltip, lane_tooltip

WHEEL_FACTOR = 1.25  # per 120 units of angleDelta (one notch)
KEY_PAN_FRACTION = 0.125
EMPTY_TEXT = "No events yet — File ▸ Import files… (Ctrl+I) or drop files here"
LOADING_TEXT = "Loading events…"
DEFAULT_TOP_N = 30  # actor lanes before "Others"
TOP_N_CHOICES = (10, 30, 100, None)

Gesture = PanDrag | BandSelect | OverviewDrag


SWAP_WAIT_S = 0.25  # the longest a relinked layout waits for its lanes (then it shows anyway)

class TimelineWidget(QWidget):
    eventClicked = Signal(int)
    eventContextMenu = Signal(int, QPoint)  # event id, global position
    eventActivated = Signal(int)  # Enter on the selected event: open it
    viewChanged = Signal(float, float)  # visible start/end, days since 1970-01-01
    # Shift+drag drew a box: the ids (np.ndarray) of the events in it, for the multi-selection
    # (MainWindow: ``timeline.eventsBoxed.connect(selection.set_ids)``).
    eventsBoxed = Signal(object)
    laneHeightChanged = Signal(int)

    shortcut_group = "Timeline"  # Help's shortcut sheet lists ``shortcut_actions`` under it

    def __init__(self, parent: QWidget | None = None, lane_height: int | None = None) -> None:
        super().__init__(parent)
        self._data: LaneData | None = None
        self._arrays: object | None = None  # EventArrays
        self._positions = np.zeros(0, dtype=np.int64)
        self._actor_specs: list[LaneSpec] = []
        self._source_names: dict[int, str] = {}
        self._lane_mode = "actor"
        self._top_n: int | None = DEFAULT_TOP_N
        self._collapsed: frozenset[int] = frozenset()
        self._layouts = LaneLayouts()
        height = preferences.lane_height() if lane_height is None else lane_height
        self._lane_height = int(min(max(height, LANE_HEIGHT_MIN), LANE_HEIGHT_MAX))
        self._metrics = LaneMetrics.for_height(self._lane_height)
        self._painter = TimelinePainter(self.font())
        self._actions = tkeys.build_actions(self, self._key_handlers())
        self._lane_button = self._make_lane_button()
        self._scale = TimeScale(width=max(self.width() - GUTTER, 1))
        self._selected: int | None = None
        # Follow resizes with the last fit ("all" or "dense") until the user moves the view.
        self._fit_mode: str | None = "all"
        self._frame: Frame | None = None
        self._last_frame: tuple[LaneData | None, tuple, Frame | None] = (None, (), None)
        # Everything but the selection, focus frame and rubber band, painted once per frame:
        # a repaint for a selection (or an expose) only blits it and draws the overlay.
        self._base: QImage | None = None
        self._base_frame: Frame | None = None
        self._gesture: Gesture | None = None  # the mouse interaction under way, if any
        self._ctx_from_mouse = False
        self._loading = False
        self._incoming: tuple[LaneData, float] | None = None  # see _relayout(when_built)
        self._swap_timer = QTimer(self)
        self._swap_timer.setInterval(2)
        self._swap_timer.timeout.connect(self._swap_when_built)
        self._vbar = QScrollBar(Qt.Orientation.Vertical, self)
        self._vbar.hide()
        self._vbar.valueChanged.connect(self._invalidate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # hover cursor and tooltips
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Event timeline")
        self.setAccessibleDescription("No event selected")
        self.setMinimumSize(360, 160)

    # ---- public API ---------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(1000, 420)

    def set_data(self, events: Sequence, lanes: Sequence) -> None:
        """Lay out ``events`` in one lane per ``lanes`` entry (ActorRow-like).

        ``events`` is a sequence of EventRow-likes, or the state's lazy ``EventRows`` whose
        ``arrays``/``positions`` are used directly (no row is built: a million events are
        laid out with numpy alone).
        """
        arrays = getattr(events, "arrays", None)
        positions = getattr(events, "positions", None)
        if arrays is None or positions is None:
            arrays = arrays_from_rows(events)
            positions = np.arange(len(arrays))
        self.set_arrays(arrays, positions, lanes)

    def set_arrays(
        self,
        arrays: object,
        positions: np.ndarray,
        lanes: Sequence,
        sources: Mapping[int, str] | None = None,
    ) -> None:
        """The fast path: ``EventArrays``, the visible positions, and the actor lanes."""
        # Other actor links on the same events (a relink): show the new lanes once the builder
        # thread has built the big ones, not in a repaint that builds them all at once.
        relinked = (
            self._data is not None
            and self._arrays is not None
            and arrays is not self._arrays
            and same_lane_columns(self._arrays, arrays)
        )
        self._arrays, self._positions = arrays, np.asarray(positions, dtype=np.int64)
        self._actor_specs = [
            LaneSpec(ln.id, ln.name, actor_colour(ln.id, getattr(ln, "colour", "")).name())
            for ln in lanes
        ]
        if sources is not None:
            self._source_names = dict(sources)
        self._relayout(when_built=relinked)

    def set_source_names(self, names: Mapping[int, str]) -> None:
        """Labels for lanes by source (id → "Outlet: title")."""
        self._source_names = dict(names)
        if self._lane_mode == "source":
            self._relayout()

    def lane_mode(self) -> str:
        return self._lane_mode

    def set_lane_mode(self, mode: str, top_n: int | None = -1) -> None:
        """Lanes by "actor", "source" or "type"; ``top_n`` lanes then "Others" (None: all)."""
        assert mode in LANE_MODES, mode
        self._lane_mode = mode
        if top_n != -1:
            self._top_n = top_n
        self._relayout()

    def toggle_collapsed(self, lane_index: int) -> None:
        if self._data is None or not 0 <= lane_index < len(self._data.lanes):
            return
        key = self._data.lanes[lane_index].id
        self._collapsed = self._collapsed ^ {key}
        self._relayout()

    def lane_height(self) -> int:
        """Height (px) of a lane with a full stack of bars: the user's choice."""
        return self._lane_height

    def set_lane_height(self, height: int, remember: bool = True) -> None:
        """Taller lanes carry labels inside bars; shorter ones fit more lanes on screen.

        ``remember`` keeps the choice for the next start (QSettings).
        """
        height = int(min(max(height, LANE_HEIGHT_MIN), LANE_HEIGHT_MAX))
        if remember:
            preferences.set_lane_height(height)
        if height == self._lane_height:
            return
        self._lane_height = height
        self._metrics = LaneMetrics.for_height(height)
        for name, act in self._height_actions.items():
            act.setChecked(LANE_HEIGHT_PRESETS[name] == height)
        self._update_vbar()
        self._invalidate()
        self.laneHeightChanged.emit(height)

    def lanes_visible(self) -> int:
        """Lanes shown whole between the axis and the shelf (or the bottom)."""
        if self._data is None:
            return 0
        return lanes_fully_visible(self._data, self._viewport(), self._metrics)

    def shortcut_actions(self) -> list[QAction]:
        """The timeline's keys, for Help's shortcut sheet and menus."""
        return list(self._actions.values())

    def action(self, name: str) -> QAction:
        """One key action by its ``keys.COMMANDS`` name ("fit_all", "taller_lanes", …)."""
        return self._actions[name]

    def mouse_gestures(self) -> tuple[tuple[str, str], ...]:
        return tkeys.MOUSE_GESTURES

    def set_selected(self, event_id: int | None) -> None:
        """Highlight ``event_id`` in all its lanes; scroll (never zoom) to it if off-screen."""
        if event_id == self._selected:
            return
        self._set_selected_silently(event_id)
        if event_id is not None and self._data is not None and self._reveal(event_id):
            self._invalidate()
        else:
            self.update()  # the frame stands: only the selection overlay changes

    def selected(self) -> int | None:
        return self._selected

    def fit_all(self) -> None:
        """Show every dated event, however far apart (Home)."""
        self._fit_mode = "all"
        self._fit(emit=True)

    def fit_dense(self) -> None:
        """Show where the events are: the 2nd–98th percentile of dated events (first view)."""
        self._fit_mode = "dense"
        self._fit(emit=True)

    def zoom_by(self, factor: float, around_x: float | None = None) -> None:
        """Zoom in (factor > 1) or out around widget x ``around_x`` (default: the centre)."""
        self._fit_mode = None
        self._scale.zoom(factor, None if around_x is None else around_x - GUTTER)
        self._view_moved()

    def visible_range(self) -> tuple[date, date]:
        """First and last date (inclusive) at least partly on screen."""
        return days_to_date(self._scale.start), days_to_date(self._scale.end - 1e-9)

    def set_visible_range(self, start: date, end: date) -> None:
        """Show ``start``..``end`` inclusive edge to edge (within the zoom limits)."""
        self._fit_mode = None
        self._scale.fit(date_to_days(start), date_to_days(end) + 1.0, margin=0.0)
        self._view_moved()

    def visible_days(self) -> tuple[float, float]:
        return self._scale.start, self._scale.end

    def event_at(self, pos: QPoint | QPointF) -> int | None:
        """The event under ``pos`` (widget coords); for a merged marker, its first event."""
        hit = self._hit(QPointF(pos))
        return hit.ids[0] if hit else None

    def event_rect(self, event_id: int, lane_pos: int = 0) -> QRectF | None:
        """Where ``event_id`` is drawn in its ``lane_pos``-th lane (marker or bar), or None.

        Geometry for tests and for callers that anchor popups; it may lie off-screen.
        """
        if self._data is None:
            return None
        box = event_box(
            self._data, self._scale, self._viewport(), self._metrics, event_id, lane_pos
        )
        if box is None:
            for chip, eid in self._ensure_frame().chips:
                if eid == event_id:
                    return qrect(chip)
            return None
        return qrect(box)

    def events_in_rect(self, rect: QRectF) -> np.ndarray:
        """Ids (ascending, each once) of the dated events drawn in ``rect`` (widget coords):
        every event of a lane the box touches whose days overlap the box's days."""
        if self._data is None:
            return np.zeros(0, dtype=np.int64)
        box = Box(rect.left(), rect.top(), rect.width(), rect.height())
        return events_in_box(self._data, self._scale, self._viewport(), self._metrics, box)

    def zoom_to_selection(self) -> None:
        """Show the selected event with a month or so around it (its whole span if longer)."""
        if self._selected is None or self._arrays is None:
            return
        pos = self._arrays.position_of(self._selected)  # type: ignore[attr-defined]
        if pos is None or np.isnan(self._arrays.start[pos]):  # type: ignore[attr-defined]
            return
        s = float(self._arrays.start[pos])  # type: ignore[attr-defined]
        e = float(self._arrays.end[pos])  # type: ignore[attr-defined]
        pad = max((e - s) * 0.25, 15.0)
        self._fit_mode = None
        self._scale.fit(s - pad, e + pad, margin=0.0)
        self._view_moved()

    def step_event(self, direction: int) -> int | None:
        """Select the next (1) / previous (-1) dated event in time; pan to it if off-screen.

        From no selection, start at the left edge of the view.  Emits ``eventClicked``.
        """
        if self._data is None or not len(self._data.order_ids):
            return None
        ids = self._data.order_ids
        k: int | None = None
        if self._selected is not None:
            hits = np.flatnonzero(ids == self._selected)
            if len(hits):
                k = int(hits[0]) + direction
        if k is None:
            k = int(np.searchsorted(self._data.starts, self._scale.start))
            k = k if direction > 0 else k - 1
        k = min(max(k, 0), len(ids) - 1)
        event_id = int(ids[k])
        self.set_selected(event_id)
        self.eventClicked.emit(event_id)
        return event_id

    def set_loading(self, loading: bool) -> None:
        """Say "Loading events…" instead of "No events yet" while a big project loads."""
        self._loading = loading
        self.update()

    @property
    def empty_text(self) -> str:
        """The hint painted over an empty timeline (read by tests and the accessibility check)."""
        return LOADING_TEXT if self._loading else EMPTY_TEXT

    # ---- layout (lanes from the arrays, cached per filter) ------------------------------

    def _lane_specs(self) -> list[LaneSpec]:
        if self._lane_mode == "actor":
            return self._actor_specs
        if self._lane_mode == "source" and self._arrays is not None:
            return source_specs(self._arrays, self._positions, self._source_names)
        return []

    def _relayout(self, when_built: bool = False) -> None:
        """Lay the lanes out again; ``when_built``: keep showing the current layout until the
        new one's lanes on screen are built (``Lane.build_soon``; at most ``SWAP_WAIT_S``), so the
        repaint that shows it is as quick as a pan and the window answers meanwhile."""
        if self._arrays is None:
            return
        data = self._layouts.lanes(
            self._arrays,
            self._positions,
            self._lane_specs(),
            self._lane_mode,
            self._top_n,
            self._collapsed,
        )
        self._incoming = None
        if when_built:
            for lane in self._on_screen(data.lanes):
                lane.build_soon()
        if when_built and any(lane.building for lane in data.lanes):
            self._incoming = (data, time.monotonic() + SWAP_WAIT_S)
            self._swap_timer.start()
            return
        self._swap_timer.stop()
        self._show_layout(data)

    def _on_screen(self, lanes: list[Lane]) -> list[Lane]:
        """The lanes that can show at the current scroll: from the lane at the top of the view
        now, as many as fit at the smallest lane height."""
        m = self._metrics
        smallest = max(min(m.collapsed, m.marker_row + m.padding), 1)
        first = 0
        if self._data is not None and self._vbar.value() > 0:
            tops = m.tops(self._data.lanes)
            first = max(int(np.searchsorted(tops, self._vbar.value(), side="right")) - 1, 0)
        return lanes[first : first + self.height() // smallest + 1]

    def _swap_when_built(self) -> None:
        if self._incoming is None:
            self._swap_timer.stop()
            return
        data, deadline = self._incoming
        if any(lane.building for lane in data.lanes) and time.monotonic() < deadline:
            return
        self._incoming = None
        self._swap_timer.stop()
        self._show_layout(data)

    def _show_layout(self, data: LaneData) -> None:
        first = self._data is None or self._data.day_range is None
        self._data = data
        if self._selected is not None and self._selected not in self._data.events:
            self._set_selected_silently(None)
        self._update_vbar()
        self._update_lane_button()
        if first:
            self._fit_mode = "all"
            self._fit(emit=False)
        self._invalidate()
        self._emit_view()

    # ---- lane controls (a button in the overview's gutter corner) ------------------------

    def _make_lane_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setAutoRaise(True)
        button.setToolTip("Lanes: by actor, source or type; how many; how tall; fit and zoom")
        menu = QMenu(button)
        modes = QActionGroup(menu)
        self._mode_actions = {}
        for mode, label in (
            ("actor", "Lanes by &actor"),
            ("source", "Lanes by &source"),
            ("type", "Lanes by event &type"),
        ):
            act = menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(mode == self._lane_mode)
            modes.addAction(act)
            act.triggered.connect(lambda _=False, m=mode: self.set_lane_mode(m))
            self._mode_actions[mode] = act
        menu.addSeparator()
        tops = QActionGroup(menu)
        self._top_actions = {}
        for n in TOP_N_CHOICES:
            act = menu.addAction(f"Top {n} + others" if n else "All lanes")
            act.setCheckable(True)
            act.setChecked(n == self._top_n)
            tops.addAction(act)
            act.triggered.connect(lambda _=False, k=n: self.set_lane_mode(self._lane_mode, k))
            self._top_actions[n] = act
        menu.addSeparator()
        heights = menu.addMenu("Lane &height")
        group = QActionGroup(heights)
        self._height_actions: dict[str, QAction] = {}
        for name, px in LANE_HEIGHT_PRESETS.items():
            act = heights.addAction(name)
            act.setCheckable(True)
            act.setChecked(px == self._lane_height)
            group.addAction(act)
            act.triggered.connect(lambda _=False, h=px: self.set_lane_height(h))
            self._height_actions[name] = act
        heights.addSeparator()
        heights.addAction(self._actions["taller_lanes"])
        heights.addAction(self._actions["shorter_lanes"])
        menu.addSeparator()
        menu.addAction(self._actions["fit_all"])
        menu.addAction("&Zoom to selection", self.zoom_to_selection)
        menu.addAction("E&xpand all lanes", self._expand_all)
        button.setMenu(menu)
        button.setGeometry(6, 2, GUTTER - 12, OVERVIEW_H - 4)
        return button

    def _expand_all(self) -> None:
        self._collapsed = frozenset()
        self._relayout()

    def _update_lane_button(self) -> None:
        n = len(self._data.lanes) if self._data is not None else 0
        self._lane_button.setText(f"Lanes by {self._lane_mode} ({n})")

    # ---- keys ----------------------------------------------------------------------------

    def _key_handlers(self) -> dict[str, Callable[[], object]]:
        def pan(sign: int) -> None:
            self._fit_mode = None
            self._scale.pan(sign * self._scale.width * KEY_PAN_FRACTION)
            self._view_moved()

        def scroll(sign: int) -> None:
            self._vbar.setValue(self._vbar.value() + sign * self._vbar.singleStep())

        def open_selected() -> None:
            if self._selected is not None:
                self.eventActivated.emit(self._selected)

        return {
            "zoom_in": lambda: self.zoom_by(WHEEL_FACTOR),
            "zoom_out": lambda: self.zoom_by(1 / WHEEL_FACTOR),
            "earlier": lambda: pan(1),
            "later": lambda: pan(-1),
            "lanes_up": lambda: scroll(-1),
            "lanes_down": lambda: scroll(1),
            "fit_all": self.fit_all,
            "next_event": lambda: self.step_event(1),
            "previous_event": lambda: self.step_event(-1),
            "open_event": open_selected,
            "taller_lanes": lambda: self.set_lane_height(self._lane_height + LANE_HEIGHT_STEP),
            "shorter_lanes": lambda: self.set_lane_height(self._lane_height - LANE_HEIGHT_STEP),
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        act = tkeys.action_for(self._actions, event.key(), event.modifiers())
        if act is None:
            super().keyPressEvent(event)
            return
        act.trigger()
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab steps through events here, it does not leave the timeline

    # ---- view bookkeeping --------------------------------------------------------------

    def _fit(self, emit: bool) -> None:
        data = self._data
        rng = data.day_range if data else None
        if rng is not None and self._fit_mode == "dense" and data is not None:
            rng = dense_range(data.starts) or rng
        if rng is None:
            today = date_to_days(date.today())
            rng = (today - 365.0, today + 1.0)
        self._scale.fit(rng[0], rng[1], margin=0.04)
        if emit:
            self._view_moved()

    def _view_moved(self) -> None:
        self._invalidate()
        self._emit_view()

    def _emit_view(self) -> None:
        self.viewChanged.emit(self._scale.start, self._scale.end)

    def _invalidate(self) -> None:
        self._frame = None
        self.update()

    def _set_selected_silently(self, event_id: int | None) -> None:
        self._selected = event_id
        ev = self._data.events.get(event_id) if self._data and event_id is not None else None
        if ev is None:
            self.setAccessibleDescription("No event selected")
        else:
            when = format_event_date(ev.earliest, ev.latest, ev.precision)
            self.setAccessibleDescription(f"Selected: {when} — {ev.summary}")

    def _reveal(self, event_id: int) -> bool:
        """Scroll to ``event_id`` if it is off-screen; True if the view moved."""
        assert self._data is not None
        lanes = self._data.lanes_of.get(event_id)
        days = self._data.events.days(event_id)
        if not lanes or days is None:
            return False
        moved = False
        lane = self._data.lanes[lanes[0]]
        s, e = days  # from the arrays: a lane off-screen is not built just to find them
        sc = self._scale
        margin = 20 * sc.days_per_px
        if e <= sc.start + margin or s >= sc.end - margin:
            self._fit_mode = None
            width = sc.end - sc.start
            sc.centre_on((s + e) / 2 if e - s < width else s + width * 0.4)
            self._emit_view()
            moved = True
        top = self._lane_top(lanes[0])
        area = self._viewport().lanes_box
        if top < area.top or top + self._metrics.lane_height(lane) > area.bottom:
            self._vbar.setValue(int(top - area.top + self._vbar.value() - area.height / 3))
            moved = True
        return moved

    # ---- geometry ----------------------------------------------------------------------

    def _viewport(self) -> Viewport:
        shelf = SHELF_H if self._data is not None and len(self._data.undated) else 0
        return Viewport(
            float(self.width()),
            float(self.height()),
            float(self._vbar.value()),
            float(self._vbar.width()) if self._vbar.isVisible() else 0.0,
            float(shelf),
        )

    def _lane_top(self, i: int) -> float:
        assert self._data is not None
        return float(self._viewport().lane_tops(self._metrics, self._data.lanes[: i + 1])[i])

    def _overview(self) -> OverviewAxis:
        day_range = self._data.day_range if self._data else None
        start, end = overview_range(day_range, date_to_days(date.today()))
        return OverviewAxis(self._viewport().overview_box(), start, end)

    def _overview_rect(self) -> QRectF:
        return qrect(self._overview().box)

    def _overview_x(self, day: float) -> float:
        return self._overview().x_of(day)

    def _overview_day(self, x: float) -> float:
        return self._overview().day_at(x)

    def _update_vbar(self) -> None:
        total = int(self._metrics.tops(self._data.lanes)[-1]) if self._data else 0
        shelf = SHELF_H if self._data is not None and len(self._data.undated) else 0
        avail = self.height() - HEADER_H - shelf
        need = total > avail and avail > 0
        self._vbar.setVisible(need)
        w = self._vbar.sizeHint().width()
        self._vbar.setGeometry(self.width() - w, HEADER_H, w, max(avail, 0))
        self._vbar.setRange(0, max(total - avail, 0))
        self._vbar.setPageStep(max(avail, 1))
        self._vbar.setSingleStep(self._metrics.marker_row)
        self._scale.set_width(int(self._viewport().content_right) - GUTTER)

    def _ensure_frame(self) -> Frame:
        if self._frame is None:
            data, view = self._data, self._viewport()

            def chip_width(eid: int) -> float:
                assert data is not None
                return self._painter.chip_width(data.events[eid].summary)

            # A vertical scroll (a selection revealed in a lane below) moves the lanes laid
            # out already instead of laying them out again.
            key = scroll_key(data, self._scale, view, self._metrics)
            last_data, last_key, last = self._last_frame
            scrolled = last if last_data is data and last_key == key else None
            self._frame = build_frame(
                data, self._scale, view, self._metrics, chip_width, scrolled
            )
            self._last_frame = (data, key, self._frame)
        return self._frame

    def _hit(self, pos: QPointF) -> Hit | None:
        if self._data is None:
            return None
        return hit_test(
            self._ensure_frame(), self._data, pos.x(), pos.y(), self._painter.pill_half_width
        )

    def _lane_at_y(self, y: float) -> int | None:
        if self._data is None:
            return None
        return lane_at_y(self._data, self._viewport(), self._metrics, y)

    # ---- events ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_vbar()
        if self._fit_mode is not None and self._data is not None:
            self._fit(emit=False)
        self._invalidate()
        self._emit_view()
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier and delta.y():
            notches = round(delta.y() / 120.0) or (1 if delta.y() > 0 else -1)
            self.set_lane_height(self._lane_height + notches * LANE_HEIGHT_STEP)
        elif mods & Qt.KeyboardModifier.ShiftModifier:
            self._vbar.setValue(self._vbar.value() - (delta.y() or delta.x()) // 2)
        elif abs(delta.x()) > abs(delta.y()):  # sideways scroll on touchpads pans
            self._fit_mode = None
            self._scale.pan(delta.x() / 2)
            self._view_moved()
        elif delta.y():
            self.zoom_by(WHEEL_FACTOR ** (delta.y() / 120.0), event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        left = event.button() == Qt.MouseButton.LeftButton
        in_lanes = self._viewport().lanes_box.contains(pos.x(), pos.y())
        if left and pos.y() < OVERVIEW_H and pos.x() >= GUTTER:
            ov = self._overview()
            drag, centre = OverviewDrag.press(ov.day_at(pos.x()), *self.visible_days())
            self._gesture = drag
            if centre:
                self._overview_move(drag, pos.x())
            return
        if left and pos.x() < GUTTER and in_lanes:
            lane = self._lane_at_y(pos.y())
            if lane is not None:
                self.toggle_collapsed(lane)
            return
        # Shift+drag selects; the band may start on the axis, so it reaches the top lane whole.
        below_overview = OVERVIEW_H <= pos.y() <= self._viewport().lanes_box.bottom
        if left and event.modifiers() & Qt.KeyboardModifier.ShiftModifier and (
            pos.x() >= GUTTER and below_overview
        ):
            self._gesture = BandSelect.at(pos.x(), pos.y())
            return
        if left:
            self._gesture = PanDrag(pos.x(), pos.y(), QApplication.startDragDistance())
        elif event.button() == Qt.MouseButton.RightButton:
            # Emitted here as well as from contextMenuEvent: synthetic clicks (tests, some
            # platforms) bring no QContextMenuEvent; the flag drops the duplicate that follows.
            self._ctx_from_mouse = self._context_menu(pos, event.globalPosition())
            if self._ctx_from_mouse:
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        gesture = self._gesture
        held = bool(event.buttons() & Qt.MouseButton.LeftButton)
        if isinstance(gesture, OverviewDrag) and held:
            self._overview_move(gesture, pos.x())
            return
        if isinstance(gesture, BandSelect):
            gesture.move(pos.x(), pos.y())
            self.update()
            return
        if isinstance(gesture, PanDrag) and held:
            was_dragging = gesture.dragging
            dx = gesture.move(pos.x(), pos.y())
            if gesture.dragging and not was_dragging:
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if gesture.dragging:
                self._fit_mode = None
                self._scale.pan(dx)
                self._view_moved()
            return
        hit = self._hit(pos)
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        gesture, self._gesture = self._gesture, None
        if isinstance(gesture, OverviewDrag):
            return
        if isinstance(gesture, BandSelect) and event.button() == Qt.MouseButton.LeftButton:
            gesture.move(event.position().x(), event.position().y())
            self.update()
            if gesture.is_box():
                self.eventsBoxed.emit(self.events_in_rect(QRectF(*gesture.rect())))
            return
        if event.button() != Qt.MouseButton.LeftButton or not isinstance(gesture, PanDrag):
            self._gesture = gesture if event.button() != Qt.MouseButton.LeftButton else None
            return
        self.unsetCursor()
        if gesture.dragging:
            return
        hit = self._hit(event.position())
        if hit is None:
            return
        if hit.kind == "density" and hit.days is not None:
            self._zoom_to_days(*hit.days)
            return
        if hit.kind == "cluster" and self._scale.days_per_px > 0.02:
            self._zoom_to_members(hit)
            return
        self.set_selected(hit.ids[0])
        self.eventClicked.emit(hit.ids[0])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click a cluster (merged marker or density group): zoom into it."""
        hit = self._hit(event.position())
        if hit is not None and hit.kind == "density" and hit.days is not None:
            self._zoom_to_days(*hit.days)
        elif hit is not None and hit.kind == "cluster":
            self._zoom_to_members(hit)
        elif hit is not None:
            self.eventActivated.emit(hit.ids[0])
        event.accept()

    def _overview_move(self, drag: OverviewDrag, x: float) -> None:
        self._fit_mode = None
        self._scale.start = drag.start_for(self._overview_day(x))
        self._scale.pan(0)  # clamps
        self._view_moved()

    def _zoom_to_days(self, d0: float, d1: float) -> None:
        self._fit_mode = None
        self._scale.fit(d0, max(d1, d0 + 7.0), margin=0.1)
        self._view_moved()

    def _zoom_to_members(self, hit: Hit) -> None:
        assert self._data is not None
        lane = self._data.lanes[hit.lane]
        members = np.isin(lane.ids, np.asarray(hit.ids))
        s, e = float(lane.starts[members].min()), float(lane.ends[members].max())
        self._fit_mode = None
        self._scale.fit(s, max(e, s + 7.0), margin=0.25)
        self._view_moved()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse and self._ctx_from_mouse:
            self._ctx_from_mouse = False
            event.accept()
            return
        pos = QPointF(event.pos())
        if event.reason() == QContextMenuEvent.Reason.Keyboard and self._selected is not None:
            rect = self.event_rect(self._selected)  # the menu key acts on the selection
            pos = rect.center() if rect is not None else pos
        if self._context_menu(pos, QPointF(self.mapToGlobal(pos.toPoint()))):
            event.accept()
        else:
            event.ignore()

    def _context_menu(self, pos: QPointF, global_pos: QPointF) -> bool:
        hit = self._hit(pos)
        if hit is None:
            return False
        self.eventContextMenu.emit(hit.ids[0], global_pos.toPoint())
        return True

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.keyPressEvent(event)  # before Qt's focus chain takes Tab
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._painter.reset(self.font())
            self._invalidate()
        return super().event(event)

    def _tooltip(self, pos: QPointF) -> str:
        if self._data is None:
            return ""
        if pos.x() < GUTTER and self._viewport().lanes_box.contains(pos.x(), pos.y()):
            return self._lane_tooltip(pos.y())
        hit = self._hit(pos)
        return hit_tooltip(hit, self._data) if hit is not None else ""

    def _lane_tooltip(self, y: float) -> str:
        assert self._data is not None
        i = self._lane_at_y(y)
        return lane_tooltip(self._data.lanes[i]) if i is not None else ""

    # ---- painting ----------------------------------------------------------------------

    def _scene(self, frame: Frame) -> Scene:
        assert self._data is not None
        return Scene(self._data, self._scale, frame, self._overview())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        if self._data is None or self._data.empty:
            self._painter.paint_empty(p, pal, QRectF(self.rect()), self.empty_text)
            p.end()
            return
        frame = self._ensure_frame()
        scene = self._scene(frame)
        engine = p.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Raster:
            p.drawImage(0, 0, self._base_image(scene, pal))
        else:  # an SVG export or a printer: keep the drawing vector, not one image
            self._painter.paint_base(p, pal, scene)
        band = self._gesture.rect() if isinstance(self._gesture, BandSelect) else None
        self._painter.paint_overlay(p, pal, scene, self._rings(), band, self._selected)
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        p.end()

    def _rings(self) -> list[Ring]:
        """Where the selected event is drawn, in each of its lanes."""
        if self._selected is None or self._data is None:
            return []
        rings = []
        view = self._viewport()
        area = view.lanes_box
        tops = view.lane_tops(self._metrics, self._data.lanes)
        for pos, lane_idx in enumerate(self._data.lanes_of.get(self._selected, ())):
            if tops[lane_idx] > area.bottom or tops[lane_idx + 1] < area.top:
                continue  # scrolled out of view: no ring, and no lane built to place one
            box = event_box(self._data, self._scale, view, self._metrics, self._selected, pos)
            if box is not None:
                lane = self._data.lanes[lane_idx]
                k = lane.index_of(self._selected)
                rings.append(Ring(box, bool(k is not None and lane.is_span[k])))
        return rings

    def _base_image(self, scene: Scene, pal: QPalette) -> QImage:
        """The frame without its overlay, repainted only when the frame was rebuilt."""
        dpr = self.devicePixelRatioF()
        size = QSize(max(round(self.width() * dpr), 1), max(round(self.height() * dpr), 1))
        base = self._base
        if base is not None and self._base_frame is scene.frame and base.size() == size:
            return base
        base = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        base.setDevicePixelRatio(dpr)
        p = QPainter(base)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self.font())  # an image painter does not take the widget's font and pen
        p.setPen(pal.color(QPalette.ColorRole.Text))
        self._painter.paint_base(p, pal, scene)
        p.end()
        self._base, self._base_frame = base, scene.frame
        return base
