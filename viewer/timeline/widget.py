"""``TimelineWidget``: events in one lane per actor, painted straight from numpy arrays.

Nothing here is a QGraphicsItem: each paint asks ``layout`` for the visible slice of every lane
(binary search), merges markers that share a few pixels, and draws each lane's plain markers as
one path.  Painting and hit-testing share one cached ``_Frame`` (screen geometry of what is
drawn) so a click always finds what the user sees; it is rebuilt when the view, the data, the
size or the vertical scroll changes.

Coordinates: the time axis runs from the gutter's right edge; ``TimeScale`` x = 0 is there.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar, QToolButton, QToolTip, QWidget

from viewer.colours import actor_colour
from viewer.timeline import layout as lay
from viewer.timeline import lod
from viewer.timeline.layout import (
    LANE_MODES,
    LaneData,
    LaneSpec,
    arrays_from_rows,
    build_lanes_from_arrays,
)
from viewer.timeline.scale import TimeScale, date_to_days, days_to_date
from viewer.timeline.ticks import choose_step, context_label, format_event_date, ticks

GUTTER = 168  # lane names
AXIS_H = 30
OVERVIEW_H = 28  # the minimap strip above the axis
HEADER_H = OVERVIEW_H + AXIS_H
SHELF_H = 36  # undated shelf, only when there are undated events
MARKER_R = 5.0
MERGE_PX = 2 * MARKER_R + 1  # closer markers would overlap: merge them into one counted marker
WHEEL_FACTOR = 1.25  # per 120 units of angleDelta (one notch)
KEY_PAN_FRACTION = 0.125
LABEL_MIN_PX = 44.0  # a label narrower than this after eliding is not worth drawing
LABEL_MAX_PX = 260.0
STAR_COLOUR = QColor("#E8A200")
CONFIRMED_COLOUR = QColor("#2E9E44")
REJECTED_COLOUR = QColor("#9A9A9A")
EMPTY_TEXT = "No events yet — File ▸ Import files… (Ctrl+I) or drop files here"
LOADING_TEXT = "Loading events…"
DEFAULT_TOP_N = 30  # actor lanes before "Others"
TOP_N_CHOICES = (10, 30, 100, None)
COLLAPSED_BAR_H = 14
MAX_COUNT_LABELS = 8  # "+1,284" labels per dense lane
LANE_POOL_EVENTS = 2_000_000  # lane memberships kept for reuse across filter changes
LAYOUT_CACHE = 8  # recent filters' layouts (the state hands back the same positions array)
LAYOUT_CACHE_EVENTS = 4_000_000  # ... while they hold fewer positions than this (~16 B each)


@dataclass
class _LaneFrame:
    """Screen geometry of one lane for the current view."""

    lane: int
    top: float
    pts: np.ndarray  # visible point-event indices into the lane arrays, ascending x
    cstart: np.ndarray  # cluster start positions into ``pts``
    ccount: np.ndarray  # events per cluster
    cx: np.ndarray  # cluster centre x (widget px)
    spans: np.ndarray  # visible span-event indices into the lane arrays
    sx0: np.ndarray  # bar left/right (widget px, at least 3 px apart)
    sx1: np.ndarray
    dense: lod.Clusters | None = None  # set: drawn as density, the arrays above are empty
    edges: np.ndarray | None = None  # bucket edges (days)
    counts: np.ndarray | None = None  # point events per bucket
    coverage: np.ndarray | None = None  # spans over each bucket
    cluster_x: tuple[np.ndarray, np.ndarray] | None = None  # cluster left/right (widget px)

    @property
    def marker_y(self) -> float:
        return self.top + lay.MARKER_Y

    def span_rect(self, lane: lay.Lane, k: int) -> QRectF:
        """Bar of ``spans[k]``."""
        y = self.top + lay.MARKER_ROW + int(lane.row[self.spans[k]]) * lay.SPAN_ROW
        return QRectF(self.sx0[k], y, self.sx1[k] - self.sx0[k], lay.SPAN_HEIGHT)


@dataclass
class _Frame:
    lanes: list[_LaneFrame] = field(default_factory=list)
    chips: list[tuple[QRectF, int]] = field(default_factory=list)  # undated shelf
    more_undated: int = 0


@dataclass(frozen=True)
class _Hit:
    kind: str  # "event" | "cluster" | "chip" | "density"
    ids: tuple[int, ...]  # one id, or a cluster's members (first few for "density")
    lane: int = -1
    days: tuple[float, float] | None = None  # a density cluster's extent
    count: int = 0  # a density cluster's size


class TimelineWidget(QWidget):
    eventClicked = Signal(int)
    eventContextMenu = Signal(int, QPoint)  # event id, global position
    eventActivated = Signal(int)  # Enter on the selected event: open it
    viewChanged = Signal(float, float)  # visible start/end, days since 1970-01-01
    # Shift+drag drew a box: the ids (np.ndarray) of the events in it, for the multi-selection
    # (MainWindow: ``timeline.eventsBoxed.connect(selection.set_ids)``).
    eventsBoxed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: LaneData | None = None
        self._arrays: object | None = None  # EventArrays
        self._positions = np.zeros(0, dtype=np.int64)
        self._actor_specs: list[LaneSpec] = []
        self._source_names: dict[int, str] = {}
        self._lane_mode = "actor"
        self._top_n: int | None = DEFAULT_TOP_N
        self._collapsed: frozenset[int] = frozenset()
        self._lane_pool: OrderedDict[int, lay.Lane] = OrderedDict()  # id → lane, recent last
        self._lane_pool_key: tuple[int, str] | None = None
        # (positions id, mode, top_n, collapsed) → (positions, specs, LaneData, lane attributes)
        self._layouts: OrderedDict[tuple, tuple] = OrderedDict()
        self._overview: QImage | None = None  # density over the whole range, cached
        self._overview_drag: float | None = None  # grab offset (days) inside the window box
        self._lane_button = self._make_lane_button()
        self._scale = TimeScale(width=max(self.width() - GUTTER, 1))
        self._selected: int | None = None
        self._auto_fit = True  # follow resizes with "fit all" until the user moves the view
        self._frame: _Frame | None = None
        # Everything but the selection, focus frame and rubber band, painted once per frame:
        # a repaint for a selection (or an expose) only blits it and draws the overlay.
        self._base: QImage | None = None
        self._base_frame: _Frame | None = None
        self._press: QPointF | None = None
        self._dragging = False
        self._band: tuple[QPointF, QPointF] | None = None  # rubber band: origin, current corner
        self._ctx_from_mouse = False
        self._fonts: tuple[QFont, QFont] | None = None  # small, small bold
        self._pill_widths: dict[str, float] = {}  # merged-marker count text → half width
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
        self._arrays, self._positions = arrays, np.asarray(positions, dtype=np.int64)
        self._actor_specs = [
            LaneSpec(ln.id, ln.name, actor_colour(ln.id, getattr(ln, "colour", "")).name())
            for ln in lanes
        ]
        if sources is not None:
            self._source_names = dict(sources)
        self._relayout()

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

    def _lane_specs(self) -> list[LaneSpec]:
        if self._lane_mode == "actor":
            return self._actor_specs
        if self._lane_mode == "source" and self._arrays is not None:
            links = self._arrays.sources  # type: ignore[attr-defined]
            mask = np.zeros(len(self._arrays), dtype=bool)  # type: ignore[arg-type]
            mask[self._positions] = True
            owners = np.repeat(np.arange(len(mask)), np.diff(links.ptr))
            counts = np.bincount(links.values[mask[owners]]) if len(owners) else np.zeros(0)
            ids = np.argsort(-counts, kind="stable")[: np.count_nonzero(counts)]
            names = self._source_names
            return [
                LaneSpec(
                    int(i),
                    names.get(int(i), f"Source {int(i)}"),
                    lay.OKABE_ITO[k % len(lay.OKABE_ITO)],
                )
                for k, i in enumerate(ids.tolist())
            ]
        return []

    def _relayout(self) -> None:
        if self._arrays is None:
            return
        first = self._data is None or self._data.day_range is None
        self._data = self._layout(self._lane_specs())
        self._overview = None
        if self._selected is not None and self._selected not in self._data.events:
            self._set_selected_silently(None)
        self._update_vbar()
        self._update_lane_button()
        if first:
            self._auto_fit = True
            self._fit(emit=False)
        self._invalidate()
        self._emit_view()

    def _layout(self, specs: list[LaneSpec]) -> lay.LaneData:
        """The lanes for the current positions: built, or the layout of a recent filter.

        The state hands back the same positions array when a filter comes back, so a
        layout is found by the array's identity (held in the entry, so the id stays taken).
        """
        pooled = self._pooled_lanes()  # resets the caches when the data or lane mode changed
        key = (id(self._positions), self._lane_mode, self._top_n, self._collapsed)
        hit = self._layouts.get(key)
        if hit is not None and hit[0] is self._positions and hit[1] == specs:
            self._layouts.move_to_end(key)
            data, attrs = hit[2], hit[3]
            # Lanes are shared with other layouts (the pool): put back this one's labels.
            for lane, (name, colour, collapsed) in zip(data.lanes, attrs, strict=True):
                lane.name, lane.colour, lane.collapsed = name, colour, collapsed
            return data
        data = build_lanes_from_arrays(
            self._arrays,
            self._positions,
            specs,
            self._lane_mode,
            self._top_n,
            self._collapsed,
            reuse=pooled,
        )
        self._pool_lanes(data.lanes)
        attrs = [(ln.name, ln.colour, ln.collapsed) for ln in data.lanes]
        self._layouts[key] = (self._positions, specs, data, attrs)
        held = sum(len(entry[0]) for entry in self._layouts.values())
        while len(self._layouts) > LAYOUT_CACHE or (
            held > LAYOUT_CACHE_EVENTS and len(self._layouts) > 1
        ):
            _, old = self._layouts.popitem(last=False)
            held -= len(old[0])
        return data

    def _pooled_lanes(self) -> list[lay.Lane]:
        key = (id(self._arrays), self._lane_mode)
        if self._lane_pool_key != key:  # other data or lane mode: nothing to reuse
            self._lane_pool_key, self._lane_pool = key, OrderedDict()
            self._layouts = OrderedDict()
        return list(self._lane_pool.values())

    def _pool_lanes(self, lanes: list[lay.Lane]) -> None:
        """Keep recent lanes (with what they built) so switching filters back is cheap."""
        for lane in lanes:
            self._lane_pool[lane.id] = lane
            self._lane_pool.move_to_end(lane.id)
        held = sum(len(ln) for ln in self._lane_pool.values())
        while held > LANE_POOL_EVENTS and len(self._lane_pool) > len(lanes):
            _, old = self._lane_pool.popitem(last=False)
            held -= len(old)

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
        self._auto_fit = True
        self._fit(emit=True)

    def zoom_by(self, factor: float, around_x: float | None = None) -> None:
        """Zoom in (factor > 1) or out around widget x ``around_x`` (default: the centre)."""
        self._auto_fit = False
        self._scale.zoom(factor, None if around_x is None else around_x - GUTTER)
        self._view_moved()

    def visible_range(self) -> tuple[date, date]:
        """First and last date (inclusive) at least partly on screen."""
        return days_to_date(self._scale.start), days_to_date(self._scale.end - 1e-9)

    def set_visible_range(self, start: date, end: date) -> None:
        """Show ``start``..``end`` inclusive edge to edge (within the zoom limits)."""
        self._auto_fit = False
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
        if self._data is None or event_id not in self._data.lanes_of:
            if self._data is not None:
                for rect, eid in self._ensure_frame().chips:
                    if eid == event_id:
                        return QRectF(rect)
            return None
        lane_idx = self._data.lanes_of[event_id][lane_pos]
        lane = self._data.lanes[lane_idx]
        k = lane.index_of(event_id)
        assert k is not None
        top = self._lane_top(lane_idx)
        x0 = GUTTER + self._scale.x_of(float(lane.starts[k]))
        if lane.is_span[k]:
            x1 = max(GUTTER + self._scale.x_of(float(lane.ends[k])), x0 + 3)
            y = top + lay.MARKER_ROW + int(lane.row[k]) * lay.SPAN_ROW
            return QRectF(x0, y, x1 - x0, lay.SPAN_HEIGHT)
        cx = GUTTER + self._scale.x_of(float(lane.starts[k]) + 0.5)
        cy = top + lay.MARKER_Y
        return QRectF(cx - MARKER_R, cy - MARKER_R, 2 * MARKER_R, 2 * MARKER_R)

    def events_in_rect(self, rect: QRectF) -> np.ndarray:
        """Ids (ascending, each once) of the dated events drawn in ``rect`` (widget coords):
        every event of a lane the box touches whose days overlap the box's days."""
        if self._data is None:
            return np.zeros(0, dtype=np.int64)
        sc = self._scale
        d0 = sc.day_at(max(rect.left(), GUTTER) - GUTTER - MARKER_R)
        d1 = sc.day_at(rect.right() - GUTTER + MARKER_R)
        tops = HEADER_H + lay.lane_tops(self._data.lanes) - self._vbar.value()
        found = [
            lane.ids[lay.visible_indices(lane, d0, d1)]
            for i, lane in enumerate(self._data.lanes)
            if tops[i] < rect.bottom() and tops[i] + lane.height > rect.top()
        ]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    # ---- lane controls (a button in the overview's gutter corner) ------------------------

    def _make_lane_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setAutoRaise(True)
        button.setToolTip("Lanes: by actor, source or type; how many; fit and zoom")
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
        menu.addAction("&Fit all", self.fit_all)
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
        what = {"actor": "actor", "source": "source", "type": "type"}[self._lane_mode]
        self._lane_button.setText(f"Lanes by {what} ({n})")

    # ---- view bookkeeping --------------------------------------------------------------

    def _fit(self, emit: bool) -> None:
        rng = self._data.day_range if self._data else None
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
        if not lanes:
            return False
        moved = False
        lane = self._data.lanes[lanes[0]]
        k = lane.index_of(event_id)
        assert k is not None
        s, e = float(lane.starts[k]), float(lane.ends[k])
        margin = 20 * self._scale.days_per_px
        if e <= self._scale.start + margin or s >= self._scale.end - margin:
            self._auto_fit = False
            self._scale.centre_on(
                (s + e) / 2
                if e - s < self._scale.end - self._scale.start
                else s + (self._scale.end - self._scale.start) * 0.4
            )
            self._emit_view()
            moved = True
        top = self._lane_top(lanes[0])
        area = self._lanes_rect()
        if top < area.top() or top + lane.height > area.bottom():
            self._vbar.setValue(int(top - area.top() + self._vbar.value() - area.height() / 3))
            moved = True
        return moved

    # ---- geometry ----------------------------------------------------------------------

    def _shelf_height(self) -> int:
        return SHELF_H if self._data is not None and len(self._data.undated) else 0

    def _lanes_rect(self) -> QRectF:
        """Where lanes are drawn (gutter included), between the axis and the shelf."""
        right = self.width() - (self._vbar.width() if self._vbar.isVisible() else 0)
        return QRectF(0, HEADER_H, right, self.height() - HEADER_H - self._shelf_height())

    def _content_right(self) -> float:
        return self._lanes_rect().right()

    def _lane_top(self, i: int) -> float:
        assert self._data is not None
        tops = lay.lane_tops(self._data.lanes[: i + 1])
        return HEADER_H + float(tops[i]) - self._vbar.value()

    def _update_vbar(self) -> None:
        total = int(lay.lane_tops(self._data.lanes)[-1]) if self._data else 0
        avail = self.height() - HEADER_H - self._shelf_height()
        need = total > avail and avail > 0
        self._vbar.setVisible(need)
        w = self._vbar.sizeHint().width()
        self._vbar.setGeometry(self.width() - w, HEADER_H, w, max(avail, 0))
        self._vbar.setRange(0, max(total - avail, 0))
        self._vbar.setPageStep(max(avail, 1))
        self._vbar.setSingleStep(lay.MARKER_ROW)
        self._scale.set_width(int(self._content_right()) - GUTTER)

    def _ensure_frame(self) -> _Frame:
        if self._frame is None:
            self._frame = self._build_frame()
        return self._frame

    def _build_frame(self) -> _Frame:
        frame = _Frame()
        data, sc = self._data, self._scale
        if data is None:
            return frame
        area = self._lanes_rect()
        pad = (MARKER_R + 2) * sc.days_per_px  # half-visible markers at the edges still count
        tops = HEADER_H + lay.lane_tops(data.lanes) - self._vbar.value()
        for i, lane in enumerate(data.lanes):
            top = float(tops[i])
            if top > area.bottom() or top + lane.height < area.top():
                continue
            if self._dense(lane, sc.start - pad, sc.end + pad):
                frame.lanes.append(self._dense_frame(i, top, lane))
                continue
            idx = lay.visible_indices(lane, sc.start - pad, sc.end + pad)
            span_mask = lane.is_span[idx]
            pts, spans = idx[~span_mask], idx[span_mask]
            band = None
            if len(spans) > lod.SPANS_INDIVIDUAL_MAX:  # a wall of month/year bars: shade it
                edges = lod.bucket_edges(sc.start, sc.days_per_px, sc.width)
                band = (edges, lod.span_coverage(lane.span_starts, lane.span_ends, edges))
                spans = spans[:0]
            px = GUTTER + sc.x_of(lane.starts[pts] + 0.5)
            cstart = lay.cluster_starts(px, MERGE_PX)
            ccount = np.diff(np.append(cstart, len(pts)))
            cx = np.add.reduceat(px, cstart) / ccount if len(pts) else px
            sx0 = GUTTER + sc.x_of(lane.starts[spans])
            sx1 = np.maximum(GUTTER + sc.x_of(lane.ends[spans]), sx0 + 3.0)
            # Clip bars to a little beyond the content so huge zooms stay in float range.
            sx0, sx1 = np.maximum(sx0, GUTTER - 4.0), np.minimum(sx1, area.right() + 4.0)
            lf = _LaneFrame(i, top, pts, cstart, ccount, cx, spans, sx0, sx1)
            if band is not None:
                lf.edges, lf.coverage = band
            frame.lanes.append(lf)
        self._layout_shelf(frame)
        return frame

    def _dense(self, lane: lay.Lane, day0: float, day1: float) -> bool:
        """Draw this lane as density? Collapsed, or more in view than fits one by one."""
        if lane.collapsed:
            return True
        # Points decide: spans beyond a handful are shaded as coverage anyway.
        lo, hi = np.searchsorted(lane.point_starts, [day0 - 1.0, day1])
        return int(hi - lo) > lod.INDIVIDUAL_MAX

    def _dense_frame(self, i: int, top: float, lane: lay.Lane) -> _LaneFrame:
        sc = self._scale
        edges = lod.bucket_edges(sc.start, sc.days_per_px, sc.width)
        counts = lod.point_counts(lane.point_starts, edges)
        coverage = lod.span_coverage(lane.span_starts, lane.span_ends, edges)
        cl = lod.clusters(counts, edges, sc.days_per_px)
        x0 = GUTTER + sc.x_of(edges[cl.first])
        x1 = GUTTER + sc.x_of(edges[cl.last + 1])
        empty = np.zeros(0, dtype=np.int64)
        return _LaneFrame(
            i,
            top,
            empty,
            empty,
            empty,
            np.zeros(0),
            empty,
            np.zeros(0),
            np.zeros(0),
            cl,
            edges,
            counts,
            coverage,
            (x0, x1),
        )

    def _layout_shelf(self, frame: _Frame) -> None:
        assert self._data is not None
        if not len(self._data.undated):
            return
        fm = QFontMetricsF(self._small_font())
        y = self.height() - SHELF_H + 8
        x, right = GUTTER + 6.0, self._content_right() - 6
        h = SHELF_H - 16
        for n, eid in enumerate(self._data.undated[:200].tolist()):
            text = fm.elidedText(self._data.events[eid].summary, Qt.TextElideMode.ElideRight, 170)
            w = fm.horizontalAdvance(text) + 16
            if x + w > right - (60 if n < len(self._data.undated) - 1 else 0):
                frame.more_undated = len(self._data.undated) - n
                break
            frame.chips.append((QRectF(x, y, w, h), eid))
            x += w + 6

    def _hit(self, pos: QPointF) -> _Hit | None:
        if self._data is None:
            return None
        frame = self._ensure_frame()
        for rect, eid in frame.chips:
            if rect.contains(pos):
                return _Hit("chip", (eid,))
        area = self._lanes_rect()
        if not area.contains(pos) or pos.x() < GUTTER:
            return None
        for lf in frame.lanes:
            lane = self._data.lanes[lf.lane]
            if not lf.top <= pos.y() < lf.top + lane.height:
                continue
            if lf.dense is not None:
                return self._dense_hit(lf, lane, pos)
            if abs(pos.y() - lf.marker_y) <= MARKER_R + 6 and len(lf.cx):
                k = int(np.argmin(np.abs(lf.cx - pos.x())))
                reach = MARKER_R + 4 if lf.ccount[k] == 1 else self._cluster_half_width(lf, k) + 2
                if abs(lf.cx[k] - pos.x()) <= reach:
                    members = lf.pts[lf.cstart[k] : lf.cstart[k] + lf.ccount[k]]
                    ids = tuple(int(v) for v in lane.ids[members])
                    return _Hit("event" if len(ids) == 1 else "cluster", ids, lf.lane)
            for k in range(len(lf.spans) - 1, -1, -1):  # topmost (last drawn) first
                if lf.span_rect(lane, k).adjusted(-2, -2, 2, 2).contains(pos):
                    return _Hit("event", (int(lane.ids[lf.spans[k]]),), lf.lane)
        return None

    def _dense_hit(self, lf: _LaneFrame, lane: lay.Lane, pos: QPointF) -> _Hit | None:
        assert lf.dense is not None and lf.cluster_x is not None and lf.edges is not None
        x0, x1 = lf.cluster_x
        k = int(np.searchsorted(x1, pos.x() - 3, side="left"))
        if k >= len(x0) or x0[k] > pos.x() + 3:
            return None
        cl = lf.dense
        d0, d1 = float(lf.edges[cl.first[k]]), float(lf.edges[cl.last[k] + 1])
        lo, hi = np.searchsorted(lane.point_starts, [d0, d1])
        members = lane.ids[~lane.is_span][lo : min(hi, lo + 8)]
        return _Hit("density", tuple(int(v) for v in members), lf.lane, (d0, d1), int(cl.count[k]))

    def _cluster_half_width(self, lf: _LaneFrame, k: int) -> float:
        text = _count_text(int(lf.ccount[k]))
        if text not in self._pill_widths:
            fm = QFontMetricsF(self._count_font())
            self._pill_widths[text] = max(9.0, (fm.horizontalAdvance(text) + 10) / 2)
        return self._pill_widths[text]

    # ---- events ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_vbar()
        if self._auto_fit and self._data is not None:
            self._fit(emit=False)
        self._invalidate()
        self._emit_view()
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._vbar.setValue(self._vbar.value() - (delta.y() or delta.x()) // 2)
        elif abs(delta.x()) > abs(delta.y()):  # sideways scroll on touchpads pans
            self._auto_fit = False
            self._scale.pan(delta.x() / 2)
            self._view_moved()
        elif delta.y():
            self.zoom_by(WHEEL_FACTOR ** (delta.y() / 120.0), event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and pos.y() < OVERVIEW_H
            and pos.x() >= GUTTER
        ):
            self._overview_press(pos.x())
            return
        if (
            event.button() == Qt.MouseButton.LeftButton
            and pos.x() < GUTTER
            and self._lanes_rect().contains(pos)
        ):
            lane = self._lane_at_y(pos.y())
            if lane is not None:
                self.toggle_collapsed(lane)
            return
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and pos.x() >= GUTTER
            and self._lanes_rect().contains(pos)
        ):
            self._band = (pos, pos)  # Shift+drag selects; a plain drag pans
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragging = False
        elif event.button() == Qt.MouseButton.RightButton:
            # Emitted here as well as from contextMenuEvent: synthetic clicks (tests, some
            # platforms) bring no QContextMenuEvent; the flag drops the duplicate that follows.
            self._ctx_from_mouse = self._context_menu(event.position(), event.globalPosition())
            if self._ctx_from_mouse:
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._overview_drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._overview_move(pos.x())
            return
        if self._band is not None:
            self._band = (self._band[0], pos)
            self.update()
            return
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging:
                moved = (pos - self._press).manhattanLength()
                self._dragging = moved >= QApplication.startDragDistance()
                if self._dragging:
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                self._auto_fit = False
                self._scale.pan(pos.x() - self._press.x())
                self._press = pos
                self._view_moved()
            return
        hit = self._hit(pos)
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)

    def _lane_at_y(self, y: float) -> int | None:
        if self._data is None:
            return None
        tops = HEADER_H + lay.lane_tops(self._data.lanes) - self._vbar.value()
        i = int(np.searchsorted(tops, y, side="right")) - 1
        return i if 0 <= i < len(self._data.lanes) else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._overview_drag is not None:
            self._overview_drag = None
            return
        if self._band is not None and event.button() == Qt.MouseButton.LeftButton:
            origin, self._band = self._band[0], None
            self.update()
            rect = QRectF(origin, event.position()).normalized()
            if rect.width() >= 3 or rect.height() >= 3:
                self.eventsBoxed.emit(self.events_in_rect(rect))
            return
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        was_drag, self._press, self._dragging = self._dragging, None, False
        self.unsetCursor()
        if was_drag:
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

    def _zoom_to_days(self, d0: float, d1: float) -> None:
        self._auto_fit = False
        self._scale.fit(d0, max(d1, d0 + 7.0), margin=0.1)
        self._view_moved()

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
        self._auto_fit = False
        self._scale.fit(s - pad, e + pad, margin=0.0)
        self._view_moved()

    def _zoom_to_members(self, hit: _Hit) -> None:
        assert self._data is not None
        lane = self._data.lanes[hit.lane]
        members = np.isin(lane.ids, np.asarray(hit.ids))
        s, e = float(lane.starts[members].min()), float(lane.ends[members].max())
        self._auto_fit = False
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        width = self._scale.width
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(WHEEL_FACTOR)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / WHEEL_FACTOR)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._auto_fit = False
            sign = 1 if key == Qt.Key.Key_Left else -1
            self._scale.pan(sign * width * KEY_PAN_FRACTION)
            self._view_moved()
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.step_event(
                -1
                if key == Qt.Key.Key_Backtab
                or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                else 1
            )
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._selected is not None:
                self.eventActivated.emit(self._selected)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = self._vbar.singleStep() * (-1 if key == Qt.Key.Key_Up else 1)
            self._vbar.setValue(self._vbar.value() + step)
        else:
            super().keyPressEvent(event)

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

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab steps through events here, it does not leave the timeline

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.keyPressEvent(event)
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
            self._fonts, self._pill_widths = None, {}
            self._invalidate()
        return super().event(event)

    def _tooltip(self, pos: QPointF) -> str:
        hit = self._hit(pos)
        if hit is None or self._data is None:
            return ""
        if hit.kind == "density" and hit.days is not None:
            first, last = days_to_date(hit.days[0]), days_to_date(hit.days[1] - 1e-9)
            lane = self._data.lanes[hit.lane]
            head = (
                f"<b>{hit.count:,} events</b> · {_html(lane.name)}<br>"
                f"{format_event_date(first, last, None)}"
            )
            items = "".join(f"<br>• {_html(self._data.events[i].summary)}" for i in hit.ids[:5])
            return head + items + "<br><i>Click to zoom in</i>"
        rows = [self._data.events[i] for i in hit.ids]
        if len(rows) == 1:
            ev = rows[0]
            return (
                f"<b>{format_event_date(ev.earliest, ev.latest, ev.precision)}</b><br>"
                f"{_html(ev.summary)}"
            )
        first, last = rows[0], rows[-1]
        head = (
            f"<b>{len(rows)} events, {format_event_date(first.earliest, first.earliest, 'day')}"
            f" – {format_event_date(last.earliest, last.earliest, 'day')}</b>"
        )
        items = "".join(f"<br>• {_html(r.summary)}" for r in rows[:8])
        more = f"<br>… and {len(rows) - 8} more" if len(rows) > 8 else ""
        return head + items + more + "<br><i>Click to zoom in</i>"

    # ---- painting ----------------------------------------------------------------------

    def _small_font(self) -> QFont:
        # Cached (painting asks per label); dropped on FontChange in event().
        if self._fonts is None:
            small = QFont(self.font())
            small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
            bold = QFont(small)
            bold.setBold(True)
            self._fonts = (small, bold)
        return QFont(self._fonts[0])

    def _count_font(self) -> QFont:
        self._small_font()
        assert self._fonts is not None
        return QFont(self._fonts[1])

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        if self._data is None or self._data.empty:
            p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
            self._paint_empty(p, pal)
            p.end()
            return
        frame = self._ensure_frame()
        engine = p.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Raster:
            p.drawImage(0, 0, self._base_image(frame, pal))
        else:  # an SVG export or a printer: keep the drawing vector, not one image
            self._paint_base(p, pal, frame)
        area = self._lanes_rect()
        p.save()
        p.setClipRect(QRectF(GUTTER, area.top(), area.width() - GUTTER, area.height()))
        self._paint_selection(p, pal, frame)
        self._paint_band(p, pal)
        p.restore()
        self._paint_shelf_selection(p, pal, frame)
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        p.end()

    def _base_image(self, frame: _Frame, pal: QPalette) -> QImage:
        """The frame without its overlay, repainted only when the frame was rebuilt."""
        dpr = self.devicePixelRatioF()
        size = QSize(max(round(self.width() * dpr), 1), max(round(self.height() * dpr), 1))
        base = self._base
        if base is not None and self._base_frame is frame and base.size() == size:
            return base
        base = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        base.setDevicePixelRatio(dpr)
        p = QPainter(base)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self.font())  # an image painter does not take the widget's font and pen
        p.setPen(pal.color(QPalette.ColorRole.Text))
        self._paint_base(p, pal, frame)
        p.end()
        self._base, self._base_frame = base, frame
        return base

    def _paint_base(self, p: QPainter, pal: QPalette, frame: _Frame) -> None:
        p.fillRect(QRectF(0, 0, self.width(), self.height()), pal.color(QPalette.ColorRole.Base))
        area = self._lanes_rect()
        self._paint_lane_backgrounds(p, pal, area)
        tick_list = self._paint_grid(p, pal, area)
        p.save()
        p.setClipRect(QRectF(GUTTER, area.top(), area.width() - GUTTER, area.height()))
        for lf in frame.lanes:
            self._paint_lane(p, pal, lf)
        p.restore()
        self._paint_gutter(p, pal, area)
        self._paint_axis(p, pal, tick_list)
        self._paint_overview(p, pal)
        self._paint_shelf(p, pal, frame)

    def set_loading(self, loading: bool) -> None:
        """Say "Loading events…" instead of "No events yet" while a big project loads."""
        self._loading = loading
        self.update()

    @property
    def empty_text(self) -> str:
        """The hint painted over an empty timeline (read by tests and the accessibility check)."""
        return LOADING_TEXT if getattr(self, "_loading", False) else EMPTY_TEXT

    def _paint_empty(self, p: QPainter, pal: QPalette) -> None:
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(
            self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
        )

    # ---- overview strip ----------------------------------------------------------------

    def _overview_range(self) -> tuple[float, float]:
        """Days the overview spans: the data with a margin (a year around nothing at all)."""
        rng = self._data.day_range if self._data else None
        if rng is None:
            today = date_to_days(date.today())
            return today - 365.0, today + 1.0
        pad = max((rng[1] - rng[0]) * 0.02, 15.0)
        return rng[0] - pad, rng[1] + pad

    def _overview_rect(self) -> QRectF:
        return QRectF(GUTTER, 3, max(self._content_right() - GUTTER - 4, 1), OVERVIEW_H - 6)

    def _overview_x(self, day: float) -> float:
        r, (d0, d1) = self._overview_rect(), self._overview_range()
        return r.left() + (day - d0) / max(d1 - d0, 1e-9) * r.width()

    def _overview_day(self, x: float) -> float:
        r, (d0, d1) = self._overview_rect(), self._overview_range()
        return d0 + (x - r.left()) / max(r.width(), 1.0) * (d1 - d0)

    def _overview_image(self, pal: QPalette) -> QImage:
        """Density of every visible event over the whole range, one column per pixel."""
        r = self._overview_rect()
        width = max(int(r.width()), 1)
        if self._overview is not None and self._overview.width() == width:
            return self._overview
        d0, d1 = self._overview_range()
        starts = self._data.starts if self._data is not None else np.zeros(0)
        edges = d0 + (d1 - d0) * np.arange(width + 1) / width
        counts = lod.point_counts(starts, edges)
        self._overview = _density_image(
            counts,
            np.zeros_like(counts),
            int(r.height()),
            0,
            pal.color(QPalette.ColorRole.Text),
            float(max(int(counts.max(initial=0)), 1)),
        )
        return self._overview

    def _paint_overview(self, p: QPainter, pal: QPalette) -> None:
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        hl = pal.color(QPalette.ColorRole.Highlight)
        p.fillRect(QRectF(0, 0, self.width(), OVERVIEW_H), window)
        r = self._overview_rect()
        p.fillRect(r, _mix(window, pal.color(QPalette.ColorRole.Base), 0.6))
        p.save()
        p.setOpacity(0.45)
        p.drawImage(r, self._overview_image(pal))
        p.restore()
        x0 = max(self._overview_x(self._scale.start), r.left())
        x1 = min(self._overview_x(self._scale.end), r.right())
        box = QRectF(x0, r.top(), max(x1 - x0, 4.0), r.height())
        p.setPen(QPen(hl, 1.5))
        p.setBrush(_alpha(hl, 45))
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, OVERVIEW_H - 0.5), QPointF(self.width(), OVERVIEW_H - 0.5))

    def _overview_press(self, x: float) -> None:
        """Grab the window box where it was pressed, or centre the view on the press."""
        day = self._overview_day(x)
        if self._scale.start <= day <= self._scale.end:
            self._overview_drag = day - self._scale.start
        else:
            self._overview_drag = (self._scale.end - self._scale.start) / 2
            self._overview_move(x)

    def _overview_move(self, x: float) -> None:
        assert self._overview_drag is not None
        self._auto_fit = False
        self._scale.start = self._overview_day(x) - self._overview_drag
        self._scale.pan(0)  # clamps
        self._view_moved()

    def _paint_lane_backgrounds(self, p: QPainter, pal: QPalette, area: QRectF) -> None:
        assert self._data is not None
        base = pal.color(QPalette.ColorRole.Base)
        alt = _mix(base, pal.color(QPalette.ColorRole.Text), 0.035)
        sep = _alpha(pal.color(QPalette.ColorRole.Text), 28)
        tops = HEADER_H + lay.lane_tops(self._data.lanes) - self._vbar.value()
        p.save()
        p.setClipRect(area)
        for i, lane in enumerate(self._data.lanes):
            rect = QRectF(0, float(tops[i]), area.width(), lane.height)
            if rect.bottom() < area.top() or rect.top() > area.bottom():
                continue
            p.fillRect(rect, alt if i % 2 else base)
            p.setPen(QPen(sep, 1))
            p.drawLine(QPointF(0, rect.bottom() - 0.5), QPointF(area.width(), rect.bottom() - 0.5))
        p.restore()

    def _tick_label_px(self) -> float:
        return QFontMetricsF(self._small_font()).horizontalAdvance("Wed 28") + 18

    def _paint_grid(self, p: QPainter, pal: QPalette, area: QRectF) -> list:
        tick_list = ticks(self._scale, self._tick_label_px())
        text = pal.color(QPalette.ColorRole.Text)
        minor, major = QPen(_alpha(text, 18), 1), QPen(_alpha(text, 45), 1)
        p.save()
        p.setClipRect(QRectF(GUTTER, 0, area.width() - GUTTER, self.height()))
        for t in tick_list:
            x = round(GUTTER + self._scale.x_of(t.day)) + 0.5
            p.setPen(major if t.major else minor)
            p.drawLine(QPointF(x, HEADER_H), QPointF(x, area.bottom()))
        p.restore()
        return tick_list

    def _paint_axis(self, p: QPainter, pal: QPalette, tick_list: list) -> None:
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        p.fillRect(QRectF(0, OVERVIEW_H, self.width(), AXIS_H), window)
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(self.width(), HEADER_H - 0.5))
        small, bold = self._small_font(), self._count_font()
        p.save()
        p.setClipRect(QRectF(GUTTER, OVERVIEW_H, self.width() - GUTTER, AXIS_H))
        taken: list[tuple[float, float]] = []
        # Majors first so a long "Jan 2022" wins over the minor label it would cover.
        for want_major in (True, False):
            p.setFont(bold if want_major else small)
            fm = QFontMetricsF(p.font())
            for t in tick_list:
                if t.major != want_major:
                    continue
                x = GUTTER + self._scale.x_of(t.day)
                lo, hi = x + 4, x + 4 + fm.horizontalAdvance(t.label)
                if any(lo < b + 6 and hi > a - 6 for a, b in taken):
                    continue
                taken.append((lo, hi))
                p.setPen(QPen(_alpha(text, 110), 1))
                p.drawLine(QPointF(round(x) + 0.5, HEADER_H - 7), QPointF(round(x) + 0.5, HEADER_H))
                p.setPen(text if want_major else _alpha(text, 200))
                p.drawText(QPointF(lo, HEADER_H - 10), t.label)
        p.restore()
        unit, _ = choose_step(self._scale.days_per_px, self._tick_label_px())
        p.setFont(bold)
        p.setPen(text)
        p.drawText(
            QRectF(10, OVERVIEW_H, GUTTER - 16, AXIS_H - 2),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            context_label(self._scale, unit),
        )
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(GUTTER - 0.5, OVERVIEW_H), QPointF(GUTTER - 0.5, HEADER_H))

    def _paint_gutter(self, p: QPainter, pal: QPalette, area: QRectF) -> None:
        assert self._data is not None
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        p.save()
        p.setClipRect(QRectF(0, area.top(), GUTTER, area.height()))
        p.fillRect(QRectF(0, area.top(), GUTTER, area.height()), window)
        tops = HEADER_H + lay.lane_tops(self._data.lanes) - self._vbar.value()
        fm = QFontMetricsF(self.font())
        small = self._small_font()
        sfm = QFontMetricsF(small)
        for i, lane in enumerate(self._data.lanes):
            top = float(tops[i])
            if top > area.bottom() or top + lane.height < area.top():
                continue
            cy = top + lay.MARKER_Y
            p.setPen(QPen(_alpha(text, 28), 1))
            bottom = top + lane.height - 0.5
            p.drawLine(QPointF(0, bottom), QPointF(GUTTER, bottom))
            if lane.collapsed:
                cy = top + lane.height / 2
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(lane.colour))
            side = 8 if lane.collapsed else 12
            p.drawRoundedRect(QRectF(16 - side / 2, cy - side / 2, side, side), 3, 3)
            count = f"{lane.total:,}"
            cw = sfm.horizontalAdvance(count)
            p.setFont(small)
            p.setPen(_alpha(text, 140))
            p.drawText(QPointF(GUTTER - 10 - cw, cy + sfm.ascent() / 2 - 1), count)
            p.setFont(self.font())
            p.setPen(text)
            name = fm.elidedText(lane.name, Qt.TextElideMode.ElideRight, GUTTER - 48 - cw)
            p.drawText(QPointF(30, cy + fm.ascent() / 2 - 1), name)
        p.restore()
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(GUTTER - 0.5, area.top()), QPointF(GUTTER - 0.5, area.bottom()))

    def _paint_lane(self, p: QPainter, pal: QPalette, lf: _LaneFrame) -> None:
        assert self._data is not None
        lane = self._data.lanes[lf.lane]
        colour = QColor(lane.colour)
        if lf.dense is not None:
            self._paint_density(p, pal, lane, lf, colour)
            return
        if lf.coverage is not None and lf.edges is not None and lane.span_rows:
            sc = self._scale
            band_h = lane.span_rows * lay.SPAN_ROW
            img = _density_image(
                np.zeros(len(lf.coverage), dtype=np.int64), lf.coverage, 0, band_h, colour, 1.0
            )
            x_left = GUTTER + sc.x_of(float(lf.edges[0]))
            w = (lf.edges[-1] - lf.edges[0]) / sc.days_per_px
            p.drawImage(QRectF(x_left, lf.top + lay.MARKER_ROW, w, band_h), img)
        self._paint_spans(p, pal, lane, lf, colour)
        self._paint_points(p, pal, lane, lf, colour)

    def _paint_density(
        self, p: QPainter, pal: QPalette, lane: lay.Lane, lf: _LaneFrame, colour: QColor
    ) -> None:
        """Histogram of point events per bucket, span coverage as a band, cluster counts."""
        assert lf.counts is not None and lf.coverage is not None and lf.edges is not None
        sc = self._scale
        x_left = GUTTER + sc.x_of(float(lf.edges[0]))
        bucket_w = (lf.edges[1] - lf.edges[0]) / sc.days_per_px
        if lane.collapsed:
            bar_h, band_h, top = COLLAPSED_BAR_H, 0, lf.top + 2
        else:
            bar_h, top = lay.MARKER_ROW - 8, lf.top + 6
            band_h = lane.span_rows * lay.SPAN_ROW
        img = _density_image(lf.counts, lf.coverage, bar_h, band_h, colour, self._density_scale())
        p.save()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(QRectF(x_left, top, bucket_w * len(lf.counts), bar_h + band_h), img)
        p.restore()
        if lane.collapsed or lf.dense is None or lf.cluster_x is None:
            return
        # Counts over the biggest clusters that have room for them.
        cfont = self._count_font()
        p.setFont(cfont)
        fm = QFontMetricsF(cfont)
        x0, x1 = lf.cluster_x
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        # The biggest few clusters speak for the lane; labelling every one is noise (and time).
        big = np.flatnonzero(lf.dense.count > 1)
        big = big[np.argsort(-lf.dense.count[big], kind="stable")[:MAX_COUNT_LABELS]]
        for k in np.sort(big).tolist():
            label = lod.count_text(int(lf.dense.count[k]))
            w = self._label_width(label, fm) + 8
            cx = (x0[k] + x1[k]) / 2
            if x1[k] - x0[k] + 24 < w or cx < GUTTER:
                continue
            rect = QRectF(cx - w / 2, lf.top + 1, w, fm.height() + 1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_alpha(base, 215))
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(text)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _label_width(self, label: str, fm: QFontMetricsF) -> float:
        width = self._pill_widths.get(label)
        if width is None:
            width = fm.horizontalAdvance(label)
            self._pill_widths[label] = width
        return width

    def _density_scale(self) -> float:
        """Count that fills a bar: the busiest bucket among the lanes in view."""
        frame = self._frame
        peak = 1
        if frame is not None:
            for lf in frame.lanes:
                if lf.counts is not None and len(lf.counts):
                    peak = max(peak, int(lf.counts.max()))
        return float(peak)

    def _paint_spans(
        self, p: QPainter, pal: QPalette, lane: lay.Lane, lf: _LaneFrame, colour: QColor
    ) -> None:
        if not len(lf.spans):
            return
        dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
        fill = _alpha(colour, 95 if dark else 70)
        text = pal.color(QPalette.ColorRole.Text)
        fm = QFontMetricsF(self._small_font())
        p.setFont(self._small_font())
        thin = (lf.sx1 - lf.sx0) < 6
        if thin.any():  # level of detail: slivers in one call, no outline or label
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_alpha(colour, 170))
            p.drawRects([lf.span_rect(lane, k) for k in np.flatnonzero(thin).tolist()])
        for k in np.flatnonzero(~thin).tolist():
            i = int(lf.spans[k])
            rect = lf.span_rect(lane, k)
            rejected = lane.review[i] == lay.REVIEW_REJECTED
            pen = QPen(REJECTED_COLOUR if rejected else colour, 1.2)
            if lane.approximate[i]:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(_alpha(REJECTED_COLOUR, 40) if rejected else fill)
            p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            # Glyphs and label start at the visible part of the bar, so they follow a pan.
            x = max(rect.left(), GUTTER) + 4
            cy = rect.center().y()
            if lane.starred[i]:
                _draw_star(p, QPointF(x + 4, cy), 4.5)
                x += 11
            if lane.review[i] == lay.REVIEW_CONFIRMED:
                _draw_tick(p, QPointF(x + 4, cy), 4)
                x += 11
            avail = min(rect.right(), self._content_right()) - x - 4
            if avail >= LABEL_MIN_PX * 0.6:
                label = fm.elidedText(
                    self._data.events[int(lane.ids[i])].summary, Qt.TextElideMode.ElideRight, avail
                )
                font = self._small_font()
                font.setStrikeOut(bool(rejected))
                p.setFont(font)
                p.setPen(_alpha(text, 150) if rejected else text)
                p.drawText(QPointF(x, cy + fm.ascent() / 2 - 1.5), label)
            if lane.has_note[i]:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(text)
                p.drawEllipse(QPointF(rect.right() - 5, rect.top() + 4), 1.8, 1.8)

    def _paint_points(
        self, p: QPainter, pal: QPalette, lane: lay.Lane, lf: _LaneFrame, colour: QColor
    ) -> None:
        if not len(lf.pts):
            return
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        y = lf.marker_y
        single = lf.ccount == 1
        first = lf.pts[lf.cstart]  # lane index of each cluster's (first) event
        rejected = single & (lane.review[first] == lay.REVIEW_REJECTED)
        approx = single & lane.approximate[first] & ~rejected
        plain = single & ~rejected & ~approx
        # One path per style: the whole lane's plain markers are a single draw call.
        p.setPen(QPen(base, 1.5))
        p.setBrush(colour)
        p.drawPath(_circles(lf.cx[plain], y, MARKER_R))
        p.setBrush(_alpha(colour, 90))
        p.setPen(QPen(colour, 1.4, Qt.PenStyle.DashLine))
        p.drawPath(_diamonds(lf.cx[approx], y, MARKER_R + 1.5))
        p.setBrush(base)
        p.setPen(QPen(REJECTED_COLOUR, 1.4))
        p.drawPath(_circles(lf.cx[rejected], y, MARKER_R))
        for x in lf.cx[rejected].tolist():
            p.drawLine(QPointF(x - MARKER_R - 2, y), QPointF(x + MARKER_R + 2, y))
        # Merged markers: a pill with the count, darker than a single marker.
        cfont = self._count_font()
        p.setFont(cfont)
        pill = colour.darker(125)
        ink = QColor("black") if _luminance(pill) > 0.35 else QColor("white")  # yellow lanes
        for k in np.flatnonzero(~single).tolist():
            hw = self._cluster_half_width(lf, k)
            rect = QRectF(lf.cx[k] - hw, y - 8, 2 * hw, 16)
            p.setPen(QPen(base, 1.5))
            p.setBrush(pill)
            p.drawRoundedRect(rect, 8, 8)
            p.setPen(ink)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, _count_text(int(lf.ccount[k])))
        # Annotations: any starred/noted member marks the merged marker too.
        starred = np.logical_or.reduceat(lane.starred[lf.pts], lf.cstart)
        noted = np.logical_or.reduceat(lane.has_note[lf.pts], lf.cstart)
        for k in np.flatnonzero(starred).tolist():
            _draw_star(p, QPointF(lf.cx[k], y - MARKER_R - 7), 4.5)
        confirmed = single & (lane.review[first] == lay.REVIEW_CONFIRMED)
        for k in np.flatnonzero(confirmed).tolist():
            _draw_tick(p, QPointF(lf.cx[k] + MARKER_R + 7, y), 3.5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(text)
        for k in np.flatnonzero(noted).tolist():
            p.drawEllipse(QPointF(lf.cx[k] + MARKER_R + 2, y + MARKER_R + 1), 1.8, 1.8)
        self._paint_point_labels(p, pal, lane, lf, single, first, confirmed)

    def _paint_point_labels(
        self,
        p: QPainter,
        pal: QPalette,
        lane: lay.Lane,
        lf: _LaneFrame,
        single: np.ndarray,
        first: np.ndarray,
        confirmed: np.ndarray,
    ) -> None:
        """Greedy: a label runs from its marker to just before the next marker, or is skipped."""
        if self._data is None:
            return
        right = self._content_right() - 4
        left_edge = lf.cx - np.where(single, MARKER_R, 14.0)
        next_left = np.append(left_edge[1:], right + 8) - 8
        lx = lf.cx + MARKER_R + np.where(confirmed, 16.0, 6.0)  # after the ✓, if any
        avail = np.minimum(next_left, right) - lx
        font = self._small_font()
        fm = QFontMetricsF(font)
        text = pal.color(QPalette.ColorRole.Text)
        for k in np.flatnonzero(single & (avail >= LABEL_MIN_PX) & (lx < right)).tolist():
            i = int(first[k])
            rejected = lane.review[i] == lay.REVIEW_REJECTED
            font.setStrikeOut(bool(rejected))
            p.setFont(font)
            label = fm.elidedText(
                self._data.events[int(lane.ids[i])].summary,
                Qt.TextElideMode.ElideRight,
                min(avail[k], LABEL_MAX_PX),
            )
            if fm.horizontalAdvance(label) < LABEL_MIN_PX * 0.8 and label.endswith("…"):
                continue
            p.setPen(_alpha(text, 140) if rejected else text)
            p.drawText(QPointF(lx[k], lf.marker_y + fm.ascent() / 2 - 1.5), label)

    def _paint_selection(self, p: QPainter, pal: QPalette, frame: _Frame) -> None:
        if self._selected is None or self._data is None:
            return
        lanes = self._data.lanes_of.get(self._selected, ())
        hl = pal.color(QPalette.ColorRole.Highlight)
        centres: list[QPointF] = []
        for pos in range(len(lanes)):
            rect = self.event_rect(self._selected, pos)
            if rect is None:
                continue
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(hl, 2.5))
            if rect.height() > 2 * MARKER_R:  # a bar
                p.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
                centres.append(QPointF(max(rect.left(), GUTTER) + 6, rect.center().y()))
            else:
                p.drawEllipse(rect.center(), MARKER_R + 3, MARKER_R + 3)
                centres.append(rect.center())
        if len(centres) > 1:  # link the copies: same event, several actors
            pen = QPen(_alpha(hl, 170), 1.5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            for a, b in itertools.pairwise(centres):
                off = MARKER_R + 3
                p.drawLine(QPointF(a.x(), a.y() + off), QPointF(b.x(), b.y() - off))

    def _paint_band(self, p: QPainter, pal: QPalette) -> None:
        if self._band is None:
            return
        hl = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(hl, 1, Qt.PenStyle.DashLine))
        p.setBrush(_alpha(hl, 40))
        p.drawRect(QRectF(*self._band).normalized())

    def _paint_shelf(self, p: QPainter, pal: QPalette, frame: _Frame) -> None:
        if self._data is None or not len(self._data.undated):
            return
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        top = self.height() - SHELF_H
        p.fillRect(QRectF(0, top, self.width(), SHELF_H), window)
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, top + 0.5), QPointF(self.width(), top + 0.5))
        p.setFont(self._count_font())
        p.setPen(text)
        p.drawText(
            QRectF(10, top, GUTTER - 16, SHELF_H),
            Qt.AlignmentFlag.AlignVCenter,
            f"Undated ({len(self._data.undated)})",
        )
        small = self._small_font()
        p.setFont(small)
        fm = QFontMetricsF(small)
        base = pal.color(QPalette.ColorRole.Base)
        for rect, eid in frame.chips:
            p.setPen(QPen(_alpha(text, 70), 1))
            p.setBrush(base)
            p.drawRoundedRect(
                rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, rect.height() / 2
            )
            p.setPen(text)
            label = fm.elidedText(
                self._data.events[eid].summary, Qt.TextElideMode.ElideRight, rect.width() - 16
            )
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        if frame.more_undated:
            x = frame.chips[-1][0].right() + 8 if frame.chips else GUTTER + 6
            p.setPen(_alpha(text, 150))
            p.drawText(
                QRectF(x, top, 80, SHELF_H),
                Qt.AlignmentFlag.AlignVCenter,
                f"+{frame.more_undated} more",
            )

    def _paint_shelf_selection(self, p: QPainter, pal: QPalette, frame: _Frame) -> None:
        """The selected undated chip's ring (overlay: the shelf itself is in the base)."""
        if self._selected is None or self._data is None or not len(self._data.undated):
            return
        for rect, eid in frame.chips:
            if eid == self._selected:
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(
                    rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, rect.height() / 2
                )


# ---- drawing helpers (module level: no widget state) -----------------------------------


def _alpha(c: QColor, a: int) -> QColor:
    out = QColor(c)
    out.setAlpha(a)
    return out


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        *(x * (1 - t) + y * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True))
    )


def _luminance(c: QColor) -> float:
    r, g, b = (x**2.2 for x in c.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _count_text(n: int) -> str:
    return str(n) if n < 1000 else f"{n // 1000}k"


def _density_image(
    counts: np.ndarray,
    coverage: np.ndarray,
    bar_h: int,
    band_h: int,
    colour: QColor,
    peak: float,
) -> QImage:
    """One pixel column per bucket: bars (log height) over a band shaded by span coverage.

    Built with numpy as premultiplied ARGB32 words and drawn scaled in one call: no
    per-bucket QPainter work, no per-pixel colour conversion.
    """
    width = max(len(counts), 1)
    height = max(bar_h + band_h, 1)
    px = np.zeros((height, width), dtype=np.uint32)
    rgb = np.array([colour.red(), colour.green(), colour.blue()], dtype=np.uint32)

    def argb(alpha: np.ndarray) -> np.ndarray:
        a = alpha.astype(np.uint32)
        pre = rgb[None, :] * a[:, None] // 255
        return (a << 24) | (pre[:, 0] << 16) | (pre[:, 1] << 8) | pre[:, 2]

    # Square-root scale: bursts stand out against a busy background without flattening it.
    heights = np.ceil(np.sqrt(counts / max(peak, 1e-9)) * bar_h).astype(np.int64)
    heights[(counts > 0) & (heights < 2)] = 2  # a single event stays visible
    filled = np.arange(bar_h)[:, None] >= (bar_h - heights)[None, :]
    px[:bar_h][filled] = argb(np.array([215]))[0]
    if band_h > 4:
        share = coverage / max(int(coverage.max(initial=0)), 1)
        alpha = np.where(coverage > 0, 22 + 110 * share, 0)
        px[bar_h + 2 : bar_h + band_h - 2] = argb(alpha)[None, :]
    img = QImage(px.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()  # own the pixels: ``px`` dies with this frame


def _circles(xs: np.ndarray, y: float, r: float) -> QPainterPath:
    path = QPainterPath()
    for x in xs.tolist():
        path.addEllipse(QPointF(x, y), r, r)
    return path


def _diamonds(xs: np.ndarray, y: float, r: float) -> QPainterPath:
    path = QPainterPath()
    for x in xs.tolist():
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(x, y - r),
                    QPointF(x + r, y),
                    QPointF(x, y + r),
                    QPointF(x - r, y),
                    QPointF(x, y - r),
                ]
            )
        )
    return path


def _draw_star(p: QPainter, c: QPointF, r: float) -> None:
    # Drawn, not a ★ glyph: the glyph is missing from some fonts and sits at odd baselines.
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.45
        ang = np.pi / 2 + k * np.pi / 5
        pts.append(QPointF(c.x() + rad * np.cos(ang), c.y() - rad * np.sin(ang)))
    p.setPen(QPen(STAR_COLOUR.darker(130), 0.8))
    p.setBrush(STAR_COLOUR)
    p.drawPolygon(QPolygonF(pts))


def _draw_tick(p: QPainter, c: QPointF, r: float) -> None:
    pen = QPen(CONFIRMED_COLOUR, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline(
        QPolygonF(
            [
                QPointF(c.x() - r, c.y()),
                QPointF(c.x() - r * 0.3, c.y() + r * 0.7),
                QPointF(c.x() + r, c.y() - r * 0.8),
            ]
        )
    )
