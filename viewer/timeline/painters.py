"""The painters: a built ``Frame`` onto a QPainter.  They decide how, never what or where.

``TimelinePainter`` holds what painting caches between frames (fonts, pill widths, the
overview's density image); everything it draws comes from the ``Scene`` it is handed.  Lanes
are drawn from arrays: each lane's plain markers are one path, dense lanes one image.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)

from viewer.timeline import layout as lay
from viewer.timeline import lod
from viewer.timeline.frame import Frame, LaneFrame
from viewer.timeline.geometry import (
    AXIS_H,
    GUTTER,
    HEADER_H,
    MARKER_R,
    OVERVIEW_H,
    PILL_H,
    Box,
    OverviewAxis,
)
from viewer.timeline.scale import TimeScale
from viewer.timeline.ticks import choose_step, context_label, ticks

LABEL_MIN_PX = 44.0  # a label narrower than this after eliding is not worth drawing
LABEL_MAX_PX = 260.0
CHIP_TEXT_PX = 170.0  # an undated chip's summary is elided to this
STAR_COLOUR = QColor("#E8A200")
CONFIRMED_COLOUR = QColor("#2E9E44")
REJECTED_COLOUR = QColor("#9A9A9A")
COLLAPSED_BAR_H = 14
MAX_COUNT_LABELS = 8  # "+1,284" labels per dense lane
MAX_COUNT_LABELS_COMPACT = 5  # ... in a compact lane, where they cover the bars
SWATCH_X = 16  # lane colour swatch centre in the gutter
NAME_X = 30  # lane name start in the gutter


@dataclass
class Scene:
    """What one paint shows: the lanes, the view, the frame built for them, the overview."""

    data: lay.LaneData
    scale: TimeScale
    frame: Frame
    overview: OverviewAxis


@dataclass(frozen=True)
class Ring:
    """The selection mark around one drawn copy of the selected event."""

    box: Box
    bar: bool  # a bar (rounded outline) rather than a marker (circle)


def qrect(box: Box) -> QRectF:
    return QRectF(box.left, box.top, box.width, box.height)


class TimelinePainter:
    """Paints scenes for one widget; ``reset`` when its font or palette changes."""

    def __init__(self, font: QFont) -> None:
        self.reset(font)

    def reset(self, font: QFont) -> None:
        self._font = QFont(font)
        small = QFont(font)
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        bold = QFont(small)
        bold.setBold(True)
        self._small, self._bold = small, bold
        self._small_fm, self._bold_fm = QFontMetricsF(small), QFontMetricsF(bold)
        self._name_fm = QFontMetricsF(font)
        self._pill_widths: dict[str, float] = {}  # merged-marker count text → half width
        self._label_widths: dict[str, float] = {}
        self._badges: dict[tuple, QImage] = {}  # pill/count badges, drawn as small images
        self._stamps: dict[tuple, QImage] = {}  # single-event markers by style and colour
        self._labels: dict[tuple[str, int, bool], QStaticText | None] = {}  # elided, laid out
        self._gutter_image: QImage | None = None
        self._gutter_key: tuple | None = None
        self._overview: QImage | None = None
        self._overview_key: tuple | None = None
        self._overview_starts: np.ndarray | None = None

    # ---- text measures (also the frame builder's and hit tester's) ----------------------

    def small_font(self) -> QFont:
        return QFont(self._small)

    def count_font(self) -> QFont:
        return QFont(self._bold)

    def pill_half_width(self, count: int) -> float:
        text = _count_text(count)
        width = self._pill_widths.get(text)
        if width is None:
            width = max(9.0, (self._bold_fm.horizontalAdvance(text) + 10) / 2)
            self._pill_widths[text] = width
        return width

    def chip_width(self, summary: str) -> float:
        text = self._small_fm.elidedText(summary, Qt.TextElideMode.ElideRight, CHIP_TEXT_PX)
        return self._small_fm.horizontalAdvance(text) + 16

    def lane_name(self, name: str, count_text: str) -> str:
        """The lane's name as the gutter shows it (elided in the middle: both ends read)."""
        room = GUTTER - NAME_X - 18 - self._small_fm.horizontalAdvance(count_text)
        return self._name_fm.elidedText(name, Qt.TextElideMode.ElideMiddle, room)

    def tick_label_px(self) -> float:
        return self._small_fm.horizontalAdvance("Wed 28") + 18

    def _label_width(self, label: str) -> float:
        width = self._label_widths.get(label)
        if width is None:
            width = self._bold_fm.horizontalAdvance(label)
            self._label_widths[label] = width
        return width

    def _draw_badge(
        self,
        p: QPainter,
        x: float,
        y: float,
        text: str,
        size: tuple[float, float, float],
        colours: tuple[QColor, QColor | None, QColor],
    ) -> None:
        """A rounded badge (``size``: width, height, corner radius; ``colours``: fill, edge,
        ink) with centred bold text, its top left at (x, y).

        On screen it is rendered once and drawn as an image: one image is several times
        cheaper than an antialiased rounded rect plus its text, and a dense view draws a
        hundred badges a frame.  Vector devices (SVG export, printing) get the shapes.
        """
        w, h, radius = size
        fill, edge, ink = colours
        if _is_vector(p):
            self._badge_shapes(p, QRectF(x + 1, y + 1, w, h), radius, text, fill, edge, ink)
            return
        dpr = _dpr(p)
        key = (text, w, h, radius, fill.rgba(), edge.rgba() if edge else None, ink.rgba(), dpr)
        img = self._badges.get(key)
        if img is None:
            if len(self._badges) > 2048:
                self._badges.clear()
            img = QImage(
                QSize(max(round((w + 2) * dpr), 1), max(round((h + 2) * dpr), 1)),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            img.setDevicePixelRatio(dpr)
            img.fill(0)
            bp = QPainter(img)
            bp.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._badge_shapes(bp, QRectF(1, 1, w, h), radius, text, fill, edge, ink)
            bp.end()
            self._badges[key] = img
        p.drawImage(QPointF(x, y), img)

    def _badge_shapes(
        self,
        p: QPainter,
        rect: QRectF,
        radius: float,
        text: str,
        fill: QColor,
        edge: QColor | None,
        ink: QColor,
    ) -> None:
        p.setPen(QPen(edge, 1.5) if edge is not None else Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawRoundedRect(rect, radius, radius)
        p.setFont(self._bold)
        p.setPen(ink)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _markers(
        self, p: QPainter, kind: str, xs: np.ndarray, y: float, colour: QColor, base: QColor
    ) -> None:
        """Single-event markers of one style.  On screen each is a stamp of one image
        rendered once: an antialiased path of many circles costs ~100 µs a circle to fill
        and stroke, an image stamp ~1 µs.  Vector devices get the shapes."""
        if _is_vector(p):
            self._marker_shapes(p, kind, xs.tolist(), y, colour, base)
            return
        dpr = _dpr(p)
        half = MARKER_R + 4  # room for the diamond and the rejected strike
        key = (kind, colour.rgba(), base.rgba(), dpr)
        stamp = self._stamps.get(key)
        if stamp is None:
            side = max(round(2 * half * dpr), 1)
            stamp = QImage(QSize(side, side), QImage.Format.Format_ARGB32_Premultiplied)
            stamp.setDevicePixelRatio(dpr)
            stamp.fill(0)
            sp = QPainter(stamp)
            sp.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._marker_shapes(sp, kind, [half], half, colour, base)
            sp.end()
            self._stamps[key] = stamp
        top = y - half
        for x in xs.tolist():
            p.drawImage(QPointF(x - half, top), stamp)

    @staticmethod
    def _marker_shapes(
        p: QPainter, kind: str, xs: list[float], y: float, colour: QColor, base: QColor
    ) -> None:
        if kind == "plain":
            p.setPen(QPen(base, 1.5))
            p.setBrush(colour)
            for x in xs:
                p.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)
        elif kind == "approx":
            p.setBrush(_alpha(colour, 90))
            p.setPen(QPen(colour, 1.4, Qt.PenStyle.DashLine))
            p.drawPath(_diamonds(np.asarray(xs), y, MARKER_R + 1.5))
        else:  # rejected: hollow and struck through
            p.setBrush(base)
            p.setPen(QPen(REJECTED_COLOUR, 1.4))
            for x in xs:
                p.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)
                p.drawLine(QPointF(x - MARKER_R - 2, y), QPointF(x + MARKER_R + 2, y))

    # ---- whole frames -----------------------------------------------------------------

    def paint_empty(self, p: QPainter, pal: QPalette, rect: QRectF, text: str) -> None:
        p.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def paint_base(self, p: QPainter, pal: QPalette, scene: Scene) -> None:
        """Everything but the selection and the rubber band (those are the overlay)."""
        view = scene.frame.view
        p.fillRect(QRectF(0, 0, view.width, view.height), pal.color(QPalette.ColorRole.Base))
        self._lane_backgrounds(p, pal, scene)
        tick_list = self._grid(p, pal, scene)
        p.save()
        p.setClipRect(qrect(view.plot_box))
        for lf in scene.frame.lanes:
            self._lane(p, pal, scene, lf)
        p.restore()
        self._gutter(p, pal, scene)
        self._axis(p, pal, scene, tick_list)
        self._overview_strip(p, pal, scene)
        self._shelf(p, pal, scene)

    def paint_overlay(
        self,
        p: QPainter,
        pal: QPalette,
        scene: Scene,
        rings: list[Ring],
        band: tuple[float, float, float, float] | None,
        selected: int | None,
    ) -> None:
        p.save()
        p.setClipRect(qrect(scene.frame.view.plot_box))
        self._selection(p, pal, rings)
        if band is not None:
            hl = pal.color(QPalette.ColorRole.Highlight)
            p.setPen(QPen(hl, 1, Qt.PenStyle.DashLine))
            p.setBrush(_alpha(hl, 40))
            p.drawRect(QRectF(*band))
        p.restore()
        for box, eid in scene.frame.chips:  # the selected undated chip's ring
            if eid == selected:
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                r = qrect(box).adjusted(0.5, 0.5, -0.5, -0.5)
                p.drawRoundedRect(r, r.height() / 2, r.height() / 2)

    # ---- the header: overview strip and axis ------------------------------------------

    def _overview_image(self, pal: QPalette, scene: Scene) -> QImage:
        """Density of every visible event over the whole range, one column per pixel."""
        ov = scene.overview
        width = max(int(ov.box.width), 1)
        # The starts array is held by identity (an id could be reused by a later array).
        key = (width, ov.start, ov.end, pal.color(QPalette.ColorRole.Text).rgb())
        if (
            self._overview is not None
            and self._overview_key == key
            and self._overview_starts is scene.data.starts
        ):
            return self._overview
        edges = ov.start + (ov.end - ov.start) * np.arange(width + 1) / width
        counts = lod.point_counts(scene.data.starts, edges)
        self._overview = density_image(
            counts,
            np.zeros_like(counts),
            int(ov.box.height),
            0,
            pal.color(QPalette.ColorRole.Text),
            float(max(int(counts.max(initial=0)), 1)),
        )
        self._overview_key, self._overview_starts = key, scene.data.starts
        return self._overview

    def _overview_strip(self, p: QPainter, pal: QPalette, scene: Scene) -> None:
        view, ov, sc = scene.frame.view, scene.overview, scene.scale
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        hl = pal.color(QPalette.ColorRole.Highlight)
        p.fillRect(QRectF(0, 0, view.width, OVERVIEW_H), window)
        r = qrect(ov.box)
        p.fillRect(r, _mix(window, pal.color(QPalette.ColorRole.Base), 0.6))
        p.save()
        p.setOpacity(0.45)
        p.drawImage(r, self._overview_image(pal, scene))
        p.restore()
        x0 = max(ov.x_of(sc.start), r.left())
        x1 = min(ov.x_of(sc.end), r.right())
        box = QRectF(x0, r.top(), max(x1 - x0, 4.0), r.height())
        p.setPen(QPen(hl, 1.5))
        p.setBrush(_alpha(hl, 45))
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, OVERVIEW_H - 0.5), QPointF(view.width, OVERVIEW_H - 0.5))

    def _grid(self, p: QPainter, pal: QPalette, scene: Scene) -> list:
        view, sc = scene.frame.view, scene.scale
        area = view.lanes_box
        tick_list = ticks(sc, self.tick_label_px())
        text = pal.color(QPalette.ColorRole.Text)
        minor, major = QPen(_alpha(text, 18), 1), QPen(_alpha(text, 45), 1)
        lines: dict[bool, list[QLineF]] = {True: [], False: []}
        for t in tick_list:
            x = round(GUTTER + sc.x_of(t.day)) + 0.5
            lines[t.major].append(QLineF(x, HEADER_H, x, area.bottom))
        p.save()
        p.setClipRect(QRectF(GUTTER, 0, area.width - GUTTER, view.height))
        for is_major, pen in ((False, minor), (True, major)):
            if lines[is_major]:
                p.setPen(pen)
                p.drawLines(lines[is_major])
        p.restore()
        return tick_list

    def _axis(self, p: QPainter, pal: QPalette, scene: Scene, tick_list: list) -> None:
        view, sc = scene.frame.view, scene.scale
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        p.fillRect(QRectF(0, OVERVIEW_H, view.width, AXIS_H), window)
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(view.width, HEADER_H - 0.5))
        p.save()
        p.setClipRect(QRectF(GUTTER, OVERVIEW_H, view.width - GUTTER, AXIS_H))
        taken: list[tuple[float, float]] = []
        # Majors first so a long "Jan 2022" wins over the minor label it would cover.
        for want_major in (True, False):
            p.setFont(self._bold if want_major else self._small)
            fm = self._bold_fm if want_major else self._small_fm
            for t in tick_list:
                if t.major != want_major:
                    continue
                x = GUTTER + sc.x_of(t.day)
                lo, hi = x + 4, x + 4 + fm.horizontalAdvance(t.label)
                if any(lo < b + 6 and hi > a - 6 for a, b in taken):
                    continue
                taken.append((lo, hi))
                p.setPen(QPen(_alpha(text, 110), 1))
                p.drawLine(QPointF(round(x) + 0.5, HEADER_H - 7), QPointF(round(x) + 0.5, HEADER_H))
                p.setPen(text if want_major else _alpha(text, 200))
                p.drawText(QPointF(lo, HEADER_H - 10), t.label)
        p.restore()
        unit, _ = choose_step(sc.days_per_px, self.tick_label_px())
        p.setFont(self._bold)
        p.setPen(text)
        p.drawText(
            QRectF(10, OVERVIEW_H, GUTTER - 16, AXIS_H - 2),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            context_label(sc, unit),
        )
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(GUTTER - 0.5, OVERVIEW_H), QPointF(GUTTER - 0.5, HEADER_H))

    # ---- lanes: backgrounds, gutter, contents -----------------------------------------

    def _lane_backgrounds(self, p: QPainter, pal: QPalette, scene: Scene) -> None:
        view, metrics = scene.frame.view, scene.frame.metrics
        area = view.lanes_box
        base = pal.color(QPalette.ColorRole.Base)
        alt = _mix(base, pal.color(QPalette.ColorRole.Text), 0.035)
        sep = _alpha(pal.color(QPalette.ColorRole.Text), 28)
        tops = view.lane_tops(metrics, scene.data.lanes)
        p.save()
        p.setClipRect(qrect(area))
        seps: list[QLineF] = []
        for i in range(len(scene.data.lanes)):
            top, bottom = float(tops[i]), float(tops[i + 1])
            if bottom < area.top or top > area.bottom:
                continue
            if i % 2:
                p.fillRect(QRectF(0, top, area.width, bottom - top), alt)
            seps.append(QLineF(0, bottom - 0.5, area.width, bottom - 0.5))
        p.setPen(QPen(sep, 1))
        p.drawLines(seps)
        p.restore()

    def _gutter(self, p: QPainter, pal: QPalette, scene: Scene) -> None:
        """Lane names, from an image kept while the lanes and the scroll stay (zoom and pan
        do not change the gutter)."""
        view, metrics = scene.frame.view, scene.frame.metrics
        area = view.lanes_box
        tops = view.lane_tops(metrics, scene.data.lanes)
        shown = [
            i
            for i in range(len(scene.data.lanes))
            if tops[i] <= area.bottom and tops[i + 1] >= area.top
        ]
        if _is_vector(p):  # SVG export, printing: text stays text
            self._paint_gutter(p, pal, scene, tops, shown)
            return
        lanes = scene.data.lanes
        dpr = _dpr(p)
        key = (
            tuple((lanes[i].name, lanes[i].total, lanes[i].colour, lanes[i].collapsed,
                   float(tops[i]), float(tops[i + 1])) for i in shown),
            area.top, area.height, dpr,
            pal.color(QPalette.ColorRole.Window).rgba(),
            pal.color(QPalette.ColorRole.WindowText).rgba(),
        )  # fmt: skip
        if self._gutter_image is None or self._gutter_key != key:
            size = QSize(max(round(GUTTER * dpr), 1), max(round(area.height * dpr), 1))
            img = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            gp = QPainter(img)
            gp.setRenderHint(QPainter.RenderHint.Antialiasing)
            gp.translate(0, -area.top)
            self._paint_gutter(gp, pal, scene, tops, shown)
            gp.end()
            self._gutter_image, self._gutter_key = img, key
        p.drawImage(QPointF(0, area.top), self._gutter_image)

    def _paint_gutter(
        self, p: QPainter, pal: QPalette, scene: Scene, tops: np.ndarray, shown: list[int]
    ) -> None:
        view, metrics = scene.frame.view, scene.frame.metrics
        area = view.lanes_box
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        p.save()
        p.setClipRect(QRectF(0, area.top, GUTTER, area.height))
        p.fillRect(QRectF(0, area.top, GUTTER, area.height), window)
        fm, sfm = self._name_fm, self._small_fm
        for i in shown:
            lane = scene.data.lanes[i]
            top, bottom = float(tops[i]), float(tops[i + 1])
            cy = (top + bottom) / 2 if lane.collapsed else top + metrics.marker_y
            p.setPen(QPen(_alpha(text, 28), 1))
            p.drawLine(QPointF(0, bottom - 0.5), QPointF(GUTTER, bottom - 0.5))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(lane.colour))
            side = 8 if lane.collapsed else 12
            p.drawRoundedRect(QRectF(SWATCH_X - side / 2, cy - side / 2, side, side), 3, 3)
            count = f"{lane.total:,}"
            cw = sfm.horizontalAdvance(count)
            p.setFont(self._small)
            p.setPen(_alpha(text, 140))
            p.drawText(QPointF(GUTTER - 10 - cw, cy + sfm.ascent() / 2 - 1), count)
            p.setFont(self._font)
            p.setPen(text)
            p.drawText(QPointF(NAME_X, cy + fm.ascent() / 2 - 1), self.lane_name(lane.name, count))
        p.restore()
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(GUTTER - 0.5, area.top), QPointF(GUTTER - 0.5, area.bottom))

    def _lane(self, p: QPainter, pal: QPalette, scene: Scene, lf: LaneFrame) -> None:
        lane = scene.data.lanes[lf.lane]
        colour = QColor(lane.colour)
        if lf.dense is not None:
            self._density(p, pal, scene, lane, lf, colour)
            return
        metrics, sc = scene.frame.metrics, scene.scale
        if lf.coverage is not None and lf.edges is not None and lane.span_rows:
            band_h = min(lane.span_rows, metrics.max_span_rows) * metrics.span_row
            img = density_image(
                np.zeros(len(lf.coverage), dtype=np.int64), lf.coverage, 0, band_h, colour, 1.0
            )
            x_left = GUTTER + sc.x_of(float(lf.edges[0]))
            w = (lf.edges[-1] - lf.edges[0]) / sc.days_per_px
            p.drawImage(QRectF(x_left, lf.top + metrics.marker_row, w, band_h), img)
        self._spans(p, pal, scene, lane, lf, colour)
        self._points(p, pal, scene, lane, lf, colour)

    def _density(
        self,
        p: QPainter,
        pal: QPalette,
        scene: Scene,
        lane: lay.Lane,
        lf: LaneFrame,
        colour: QColor,
    ) -> None:
        """Histogram of point events per bucket, span coverage as a band, cluster counts."""
        assert lf.counts is not None and lf.coverage is not None and lf.edges is not None
        sc, metrics = scene.scale, scene.frame.metrics
        x_left = GUTTER + sc.x_of(float(lf.edges[0]))
        bucket_w = (lf.edges[1] - lf.edges[0]) / sc.days_per_px
        if lane.collapsed:
            bar_h, band_h, top = COLLAPSED_BAR_H, 0, lf.top + 2
        else:
            roomy = metrics.marker_row >= 30  # room above the bars for stars and counts
            bar_h = metrics.marker_row - (8 if roomy else 3)
            top = lf.top + (6 if roomy else 2)
            band_h = min(lane.span_rows, metrics.max_span_rows) * metrics.span_row
        peak = scene.frame.density_peak
        img = density_image(lf.counts, lf.coverage, bar_h, band_h, colour, peak)
        p.save()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(QRectF(x_left, top, bucket_w * len(lf.counts), bar_h + band_h), img)
        p.restore()
        if lane.collapsed or lf.dense is None or lf.cluster_x is None:
            return
        # The biggest few clusters speak for the lane; labelling every one is noise (and time).
        p.setFont(self._bold)
        fm = self._bold_fm
        x0, x1 = lf.cluster_x
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        most = MAX_COUNT_LABELS if metrics.marker_row >= 30 else MAX_COUNT_LABELS_COMPACT
        big = np.flatnonzero(lf.dense.count > 1)
        big = big[np.argsort(-lf.dense.count[big], kind="stable")[:most]]
        h = float(round(fm.height() + 1))
        back = _alpha(base, 215)
        taken: list[tuple[float, float]] = []
        for k in big.tolist():  # biggest first: a smaller neighbour's badge gives way
            label = lod.count_text(int(lf.dense.count[k]))
            w = float(round(self._label_width(label) + 8))
            cx = (x0[k] + x1[k]) / 2
            lo, hi = cx - w / 2, cx + w / 2
            if x1[k] - x0[k] + 24 < w or cx < GUTTER:
                continue
            if any(lo < b + 3 and hi > a - 3 for a, b in taken):
                continue
            taken.append((lo, hi))
            self._draw_badge(
                p, round(cx - w / 2) - 1, round(lf.top), label, (w, h, 4), (back, None, text)
            )

    def _spans(
        self,
        p: QPainter,
        pal: QPalette,
        scene: Scene,
        lane: lay.Lane,
        lf: LaneFrame,
        colour: QColor,
    ) -> None:
        if not len(lf.spans):
            return
        metrics, view = scene.frame.metrics, scene.frame.view
        dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
        fill = _alpha(colour, 95 if dark else 70)
        text = pal.color(QPalette.ColorRole.Text)
        fm = self._small_fm
        # Level of detail: slivers (narrow, or every bar of a compact lane) in one call, no
        # outline or label; rejected ones grey.
        thin = (lf.sx1 - lf.sx0) < 6
        if not metrics.bar_labels:
            thin[:] = True
        rejected_all = lane.review[lf.spans] == lay.REVIEW_REJECTED
        p.setPen(Qt.PenStyle.NoPen)
        ys = lf.top + metrics.marker_row + lane.row[lf.spans] * metrics.span_row
        h = float(metrics.span_height)
        for mask, brush in ((thin & ~rejected_all, _alpha(colour, 170)),
                            (thin & rejected_all, _alpha(REJECTED_COLOUR, 170))):
            if mask.any():  # a few hundred slivers: rectangles straight from the arrays
                p.setBrush(brush)
                x0, x1, y = lf.sx0[mask].tolist(), lf.sx1[mask].tolist(), ys[mask].tolist()
                p.drawRects([QRectF(a, t, b - a, h) for a, b, t in zip(x0, x1, y, strict=True)])
        p.setFont(self._small)
        for k in np.flatnonzero(~thin).tolist():
            i = int(lf.spans[k])
            rect = qrect(lf.span_box(lane, k, metrics))
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
            avail = min(rect.right(), view.content_right) - x - 4
            if avail >= LABEL_MIN_PX * 0.6:
                label = fm.elidedText(
                    scene.data.events[int(lane.ids[i])].summary,
                    Qt.TextElideMode.ElideRight,
                    avail,
                )
                font = self.small_font()
                font.setStrikeOut(bool(rejected))
                p.setFont(font)
                p.setPen(_alpha(text, 150) if rejected else text)
                p.drawText(QPointF(x, cy + fm.ascent() / 2 - 1.5), label)
            if lane.has_note[i]:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(text)
                p.drawEllipse(QPointF(rect.right() - 5, rect.top() + 4), 1.8, 1.8)

    def _points(
        self,
        p: QPainter,
        pal: QPalette,
        scene: Scene,
        lane: lay.Lane,
        lf: LaneFrame,
        colour: QColor,
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
        for kind, mask in (("plain", plain), ("approx", approx), ("rejected", rejected)):
            if mask.any():
                self._markers(p, kind, lf.cx[mask], y, colour, base)
        # Merged markers: a pill with the count, darker than a single marker.
        merged = np.flatnonzero(~single)
        if len(merged):
            pill = colour.darker(125)
            ink = QColor("black") if _luminance(pill) > 0.35 else QColor("white")  # yellow lanes
            for k, n in zip(merged.tolist(), lf.ccount[merged].tolist(), strict=True):
                hw, cx = self.pill_half_width(n), float(lf.cx[k])
                self._draw_badge(
                    p, cx - hw - 1, y - PILL_H / 2 - 1, _count_text(n), (2 * hw, PILL_H, 8),
                    (pill, base, ink),
                )  # fmt: skip
        # Annotations: any starred/noted member marks the merged marker too.  A compact lane
        # has no room above its markers: the star goes to the left.
        starred = np.logical_or.reduceat(lane.starred[lf.pts], lf.cstart)
        noted = np.logical_or.reduceat(lane.has_note[lf.pts], lf.cstart)
        above = scene.frame.metrics.marker_row >= 30
        for k in np.flatnonzero(starred).tolist():
            at = (
                QPointF(lf.cx[k], y - MARKER_R - 7)
                if above
                else QPointF(lf.cx[k] - (MARKER_R if single[k] else 14.0) - 5, y)
            )
            _draw_star(p, at, 4.5)
        confirmed = single & (lane.review[first] == lay.REVIEW_CONFIRMED)
        for k in np.flatnonzero(confirmed).tolist():
            _draw_tick(p, QPointF(lf.cx[k] + MARKER_R + 7, y), 3.5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(text)
        for k in np.flatnonzero(noted).tolist():
            p.drawEllipse(QPointF(lf.cx[k] + MARKER_R + 2, y + MARKER_R + 1), 1.8, 1.8)
        self._point_labels(p, pal, scene, lane, lf, single, first, confirmed)

    def _point_labels(
        self,
        p: QPainter,
        pal: QPalette,
        scene: Scene,
        lane: lay.Lane,
        lf: LaneFrame,
        single: np.ndarray,
        first: np.ndarray,
        confirmed: np.ndarray,
    ) -> None:
        """Greedy: a label runs from its marker to just before the next marker, or is skipped.

        Cut labels end in "…"; the marker's tooltip has the whole summary.
        """
        right = scene.frame.view.content_right - 4
        left_edge = lf.cx - np.where(single, MARKER_R, 14.0)
        next_left = np.append(left_edge[1:], right + 8) - 8
        lx = lf.cx + MARKER_R + np.where(confirmed, 16.0, 6.0)  # after the ✓, if any
        avail = np.minimum(next_left, right) - lx
        text = pal.color(QPalette.ColorRole.Text)
        dim = _alpha(text, 140)
        top = lf.marker_y - self._small_fm.ascent() / 2 - 1.5  # static text: from its top
        struck = self.small_font()
        struck.setStrikeOut(True)
        for k in np.flatnonzero(single & (avail >= LABEL_MIN_PX) & (lx < right)).tolist():
            i = int(first[k])
            rejected = bool(lane.review[i] == lay.REVIEW_REJECTED)
            summary = scene.data.events[int(lane.ids[i])].summary
            st = self._label(summary, min(float(avail[k]), LABEL_MAX_PX), rejected)
            if st is None:
                continue
            p.setFont(struck if rejected else self._small)  # as prepared: no new layout
            p.setPen(dim if rejected else text)
            p.drawStaticText(QPointF(lx[k], top), st)

    def _label(self, summary: str, width: float, rejected: bool) -> QStaticText | None:
        """An event label elided to ``width`` (in 4 px steps, so zooming reuses it), laid out
        once; None when too little of it would be left to read."""
        step = int(width) // 4 * 4
        key = (summary, step, rejected)
        if key in self._labels:
            return self._labels[key]
        if len(self._labels) > 8192:
            self._labels.clear()
        fm = self._small_fm
        label = fm.elidedText(summary, Qt.TextElideMode.ElideRight, step)
        st: QStaticText | None = None
        if not (fm.horizontalAdvance(label) < LABEL_MIN_PX * 0.8 and label.endswith("…")):
            font = self.small_font()
            font.setStrikeOut(rejected)
            st = QStaticText(label)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), font)
        self._labels[key] = st
        return st

    def _selection(self, p: QPainter, pal: QPalette, rings: list[Ring]) -> None:
        hl = pal.color(QPalette.ColorRole.Highlight)
        centres: list[QPointF] = []
        for ring in rings:
            rect = qrect(ring.box)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(hl, 2.5))
            if ring.bar:
                p.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
                centres.append(QPointF(max(rect.left(), GUTTER) + 6, rect.center().y()))
            else:
                p.drawEllipse(rect.center(), MARKER_R + 3, MARKER_R + 3)
                centres.append(rect.center())
        if len(centres) > 1:  # link the copies: same event, several actors
            p.setPen(QPen(_alpha(hl, 170), 1.5, Qt.PenStyle.DashLine))
            off = MARKER_R + 3
            for a, b in itertools.pairwise(centres):
                p.drawLine(QPointF(a.x(), a.y() + off), QPointF(b.x(), b.y() - off))

    def _shelf(self, p: QPainter, pal: QPalette, scene: Scene) -> None:
        data, frame = scene.data, scene.frame
        if not len(data.undated):
            return
        view = frame.view
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        top = view.height - view.shelf
        p.fillRect(QRectF(0, top, view.width, view.shelf), window)
        p.setPen(QPen(_alpha(text, 60), 1))
        p.drawLine(QPointF(0, top + 0.5), QPointF(view.width, top + 0.5))
        p.setFont(self._bold)
        p.setPen(text)
        p.drawText(
            QRectF(10, top, GUTTER - 16, view.shelf),
            Qt.AlignmentFlag.AlignVCenter,
            f"Undated ({len(data.undated)})",
        )
        p.setFont(self._small)
        base = pal.color(QPalette.ColorRole.Base)
        for box, eid in frame.chips:
            rect = qrect(box)
            p.setPen(QPen(_alpha(text, 70), 1))
            p.setBrush(base)
            p.drawRoundedRect(
                rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, rect.height() / 2
            )
            p.setPen(text)
            label = self._small_fm.elidedText(
                data.events[eid].summary, Qt.TextElideMode.ElideRight, rect.width() - 16
            )
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        if frame.more_undated:
            x = frame.chips[-1][0].right + 8 if frame.chips else GUTTER + 6
            p.setPen(_alpha(text, 150))
            p.drawText(
                QRectF(x, top, 80, view.shelf),
                Qt.AlignmentFlag.AlignVCenter,
                f"+{frame.more_undated} more",
            )


# ---- drawing helpers (module level: no painter state) ----------------------------------


_ALPHAS: dict[tuple[int, int], QColor] = {}


def _alpha(c: QColor, a: int) -> QColor:
    key = (c.rgb(), a)
    out = _ALPHAS.get(key)
    if out is None:
        if len(_ALPHAS) > 1024:
            _ALPHAS.clear()
        out = QColor(c)
        out.setAlpha(a)
        _ALPHAS[key] = out
    return out


def _is_vector(p: QPainter) -> bool:
    engine = p.paintEngine()
    return engine is not None and engine.type() != QPaintEngine.Type.Raster


def _dpr(p: QPainter) -> float:
    device = p.device()
    return device.devicePixelRatioF() if device is not None else 1.0


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        *(x * (1 - t) + y * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True))
    )


def _luminance(c: QColor) -> float:
    r, g, b = (x**2.2 for x in c.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _count_text(n: int) -> str:
    return str(n) if n < 1000 else f"{n // 1000}k"


def density_image(
    counts: np.ndarray,
    coverage: np.ndarray,
    bar_h: int,
    band_h: int,
    colour: QColor,
    peak: float,
) -> QImage:
    """One pixel column per bucket: bars (log height) over a band shaded by span coverage.

    Built with numpy as premultiplied ARGB32 words and drawn scaled in one call: no
    per-bucket QPainter work, no per-pixel colour conversion (each alpha's word comes from a
    table per colour).
    """
    width = max(len(counts), 1)
    height = max(bar_h + band_h, 1)
    words = _argb_words(colour.rgb())
    px = np.zeros((height, width), dtype=np.uint32)
    # Square-root scale: bursts stand out against a busy background without flattening it.
    heights = np.ceil(np.sqrt(counts / max(peak, 1e-9)) * bar_h).astype(np.int32)
    heights[(counts > 0) & (heights < 2)] = 2  # a single event stays visible
    filled = np.arange(bar_h, dtype=np.int32)[:, None] >= (bar_h - heights)[None, :]
    np.copyto(px[:bar_h], words[215], where=filled)
    if band_h > 0 and len(coverage):
        share = coverage / max(int(coverage.max()), 1)
        if band_h > 4:
            alpha = np.where(coverage > 0, 22 + 110 * share, 0)
            rows = slice(bar_h + 2, bar_h + band_h - 2)
        else:  # compact lanes: a thin band, still shaded where spans run
            alpha = np.where(coverage > 0, 40 + 120 * share, 0)
            rows = slice(bar_h, None)
        px[rows] = words[alpha.astype(np.intp)][None, :]
    img = QImage(px.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()  # own the pixels: ``px`` dies with this frame


@functools.lru_cache(maxsize=64)
def _argb_words(rgb: int) -> np.ndarray:
    """The premultiplied ARGB32 word of ``rgb`` at each alpha 0..255 (lanes have few colours)."""
    a = np.arange(256, dtype=np.uint32)
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return (a << 24) | ((r * a // 255) << 16) | ((g * a // 255) << 8) | (b * a // 255)


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
