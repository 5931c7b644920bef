"""Pure timeline maths: scale, ticks, lane layout (no Qt, no display)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from viewer.timeline.layout import (
    OKABE_ITO,
    OTHER_LANE_ID,
    build_lanes,
    cluster_starts,
    visible_indices,
    visible_slice,
)
from viewer.timeline.scale import (
    MAX_SPAN_DAYS,
    MIN_DAYS_PER_PX,
    TimeScale,
    date_to_days,
    days_to_date,
)
from viewer.timeline.ticks import choose_step, format_event_date, ticks


@dataclass(frozen=True)
class Ev:
    id: int
    earliest: date | None
    latest: date | None = None
    precision: str | None = "day"
    actor_ids: tuple[int, ...] = ()
    starred: bool = False
    review: str = "unreviewed"
    note_count: int = 0
    summary: str = ""


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    colour: str = ""


# ---- scale ---------------------------------------------------------------------------


def test_date_days_round_trip() -> None:
    assert date_to_days(date(1970, 1, 1)) == 0.0
    assert date_to_days(date(1970, 1, 2)) == 1.0
    assert date_to_days(date(1969, 12, 31)) == -1.0
    for d in (date(1, 1, 1), date(1453, 5, 29), date(2022, 2, 24), date(9999, 12, 31)):
        assert days_to_date(date_to_days(d)) == d
        assert days_to_date(date_to_days(d) + 0.999) == d  # any time in the day


def test_x_and_day_round_trip() -> None:
    s = TimeScale(start=date_to_days(date(2020, 1, 1)), days_per_px=0.5, width=800)
    for x in (0.0, 1.5, 400.0, 799.0):
        assert s.x_of(s.day_at(x)) == pytest.approx(x)
    assert s.x_of(s.start) == 0
    assert s.end == pytest.approx(s.start + 400)
    xs = s.x_of(np.array([s.start, s.start + 10]))  # vectorised
    assert xs.tolist() == pytest.approx([0, 20])


def test_zoom_keeps_point_under_pointer_fixed() -> None:
    s = TimeScale(start=18000.0, days_per_px=2.0, width=1000)
    anchor = s.day_at(250)
    s.zoom(1.25, around_x=250)
    assert s.days_per_px == pytest.approx(1.6)
    assert s.day_at(250) == pytest.approx(anchor)
    s.zoom(1 / 1.25**3, around_x=250)
    assert s.day_at(250) == pytest.approx(anchor)


def test_zoom_clamps() -> None:
    s = TimeScale(start=18000.0, days_per_px=1.0, width=1000)
    s.zoom(1e9, around_x=100)
    assert s.days_per_px == MIN_DAYS_PER_PX  # one day is 200 px
    s.zoom(1e-9, around_x=100)
    assert s.end - s.start == pytest.approx(MAX_SPAN_DAYS)  # 60 years across
    assert 59 <= (days_to_date(s.end) - days_to_date(s.start)).days / 365.25 <= 61


def test_pan_and_fit() -> None:
    s = TimeScale(start=100.0, days_per_px=2.0, width=500)
    s.pan(10)  # content moves right: earlier days come in
    assert s.start == 80.0
    s.fit(1000.0, 2000.0, margin=0.0)
    assert (s.start, s.end) == pytest.approx((1000.0, 2000.0))
    s.fit(1000.0, 2000.0, margin=0.1)
    assert (s.start, s.end) == pytest.approx((900.0, 2100.0))
    s.fit(5000.0, 5000.0)  # a single instant still gets a sane (clamped) window
    assert s.start < 5000.0 < s.end


def test_scale_stays_in_calendar() -> None:
    s = TimeScale(start=0.0, days_per_px=10.0, width=1000)
    s.pan(1e12)
    assert days_to_date(s.start) >= date(1, 1, 1)
    s.pan(-1e12)
    assert days_to_date(s.end) <= date(9999, 12, 31)


def test_resize_keeps_start_and_zoom() -> None:
    s = TimeScale(start=100.0, days_per_px=2.0, width=500)
    s.set_width(800)
    assert (s.start, s.days_per_px) == (100.0, 2.0)


# ---- ticks ---------------------------------------------------------------------------


def _scale(dpp: float, start: date = date(2021, 11, 3), width: int = 1000) -> TimeScale:
    return TimeScale(start=date_to_days(start), days_per_px=dpp, width=width)


def test_year_ticks_when_zoomed_out() -> None:
    tl = ticks(_scale(20.0, date(2000, 6, 1)), 60)
    labels = [t.label for t in tl]
    assert all(lbl.isdigit() and len(lbl) == 4 for lbl in labels)
    assert "2010" in labels
    assert next(t for t in tl if t.label == "2010").major
    assert not any(t.major for t in tl if t.label in ("2011", "2012", "2015"))
    assert all(days_to_date(t.day).timetuple()[1:3] == (1, 1) for t in tl)  # on 1 January


def test_month_ticks_at_two_days_per_pixel() -> None:
    tl = ticks(_scale(2.0), 60)
    unit, step = choose_step(2.0, 60)
    assert unit == "month" and step in (1, 3, 6)
    minor = [t.label for t in tl if not t.major]
    assert minor and all(
        lbl in {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
        for lbl in minor
    )
    majors = [t.label for t in tl if t.major]
    assert "Jan 2022" in majors
    assert all(days_to_date(t.day).day == 1 for t in tl)


def test_day_ticks_at_hundredth_of_a_day_per_pixel() -> None:
    s = _scale(0.01, date(2022, 2, 24), width=400)  # four days
    tl = ticks(s, 60)
    assert choose_step(0.01, 60) == ("day", 1)
    assert [t.label for t in tl][:2] == ["Thu 24", "Fri 25"]
    assert all(not t.major for t in tl)
    s = _scale(0.05, date(2022, 2, 27), width=200)  # crosses into March: the 1st is a major tick
    tl = ticks(s, 60)
    assert [t.label for t in tl if t.major] == ["1 Mar"]
    s = _scale(0.05, date(2022, 12, 30), width=200)
    assert [t.label for t in ticks(s, 60) if t.major] == ["1 Jan 2023"]


def test_day_step_ticks_are_spaced() -> None:
    s = _scale(0.1, date(2022, 1, 1))
    unit, step = choose_step(0.1, 60)
    assert unit == "day" and step > 1
    days = [t.day for t in ticks(s, 60)]
    gaps = np.diff(days) / s.days_per_px
    assert gaps.min() >= 60 * 0.75 - 1  # the short step before the 1st may be a bit closer


def test_ticks_cover_window_and_are_sorted() -> None:
    for dpp in (0.005, 0.05, 0.3, 1, 3, 10, 40, MAX_SPAN_DAYS / 1000):
        s = _scale(dpp)
        tl = ticks(s, 60)
        days = [t.day for t in tl]
        assert days == sorted(days) and len(days) >= 2, dpp
        assert days[0] <= s.start + 200 * dpp and days[-1] >= s.end - 200 * dpp
        assert len(days) <= s.width / 40 + 3


def test_format_event_date() -> None:
    assert format_event_date(date(2022, 2, 24), date(2022, 2, 24), "day") == "24 Feb 2022"
    assert format_event_date(date(2022, 3, 1), date(2022, 3, 31), "month") == "Mar 2022"
    assert format_event_date(date(2017, 1, 1), date(2017, 12, 31), "year") == "2017"
    assert format_event_date(date(2010, 1, 1), date(2019, 12, 31), "decade") == "2010–2019"
    assert format_event_date(None, None, None) == "undated"
    assert "–" in format_event_date(date(2022, 4, 1), date(2022, 6, 30), "quarter")


# ---- layout --------------------------------------------------------------------------


ACTORS = [Actor(1, "Turkey"), Actor(2, "Russia", "#123456")]


def test_event_with_two_actors_is_in_both_lanes() -> None:
    data = build_lanes([Ev(7, date(2019, 7, 12), actor_ids=(1, 2))], ACTORS)
    assert [7] == data.lanes[0].ids.tolist() == data.lanes[1].ids.tolist()
    assert data.lanes_of[7] == (0, 1)
    assert [ln.id for ln in data.lanes] == [1, 2]  # no "Other" lane when nothing needs it


def test_other_lane_and_undated_shelf() -> None:
    events = [
        Ev(1, date(2020, 1, 1), actor_ids=(1,)),
        Ev(2, date(2020, 1, 2), actor_ids=(99,)),  # actor without a lane
        Ev(3, date(2020, 1, 3)),  # no actor
        Ev(4, None, actor_ids=(1,)),
        Ev(5, None),
    ]
    data = build_lanes(events, ACTORS)
    assert data.undated.tolist() == [4, 5]
    other = data.lanes[-1]
    assert other.id == OTHER_LANE_ID and other.name == "Other"
    assert other.ids.tolist() == [2, 3]
    assert 4 not in data.lanes_of


def test_lane_colours() -> None:
    events = [Ev(1, date(2020, 1, 1), actor_ids=(1,)), Ev(2, date(2020, 1, 2), actor_ids=(2,))]
    data = build_lanes(events, ACTORS)
    assert data.lanes[0].colour == OKABE_ITO[0]
    assert data.lanes[1].colour == "#123456"
    empty = build_lanes([], ACTORS)
    assert empty.lanes == []  # a lane only for actors with events in view
    assert empty.day_range is None and empty.empty


def test_spans_have_their_real_width() -> None:
    events = [
        Ev(1, date(2017, 1, 1), date(2017, 12, 31), "year", (1,)),
        Ev(2, date(2020, 1, 1), date(2020, 12, 31), "year", (1,)),  # leap year
        Ev(3, date(2022, 3, 1), date(2022, 3, 31), "month", (1,)),
        Ev(4, date(2022, 2, 24), date(2022, 2, 24), "day", (1,)),
        Ev(5, date(2022, 2, 25), None, "day", (1,)),
    ]
    lane = build_lanes(events, ACTORS).lanes[0]
    width = dict(zip(lane.ids.tolist(), (lane.ends - lane.starts).tolist(), strict=True))
    assert width == {1: 365.0, 2: 366.0, 3: 31.0, 4: 1.0, 5: 1.0}
    assert lane.is_span.tolist() == [True, True, False, False, True]  # sorted by start
    assert lane.starts.tolist() == sorted(lane.starts.tolist())


def test_flags() -> None:
    events = [
        Ev(1, date(2020, 1, 1), actor_ids=(1,), starred=True, review="confirmed", note_count=2),
        Ev(2, date(2020, 1, 2), actor_ids=(1,), review="rejected"),
    ]
    lane = build_lanes(events, ACTORS).lanes[0]
    assert lane.starred.tolist() == [True, False]
    assert lane.review.tolist() == [1, 2]
    assert lane.has_note.tolist() == [True, False]


def test_overlapping_spans_stack_in_rows() -> None:
    events = [
        Ev(1, date(2017, 1, 1), date(2017, 12, 31), "year", (1,)),
        Ev(2, date(2017, 3, 1), date(2017, 3, 31), "month", (1,)),
        Ev(3, date(2018, 3, 1), date(2018, 3, 31), "month", (1,)),
    ]
    lane = build_lanes(events, ACTORS).lanes[0]
    assert lane.row.tolist() == [0, 1, 0]
    assert lane.span_rows == 2


def test_visible_slice_finds_long_span_that_started_before() -> None:
    events = [Ev(1, date(2010, 1, 1), date(2019, 12, 31), "decade", (1,))]
    events += [Ev(10 + k, date(2012, 1, 1) + timedelta(days=k), actor_ids=(1,)) for k in range(500)]
    lane = build_lanes(events, ACTORS).lanes[0]
    day0, day1 = date_to_days(date(2016, 6, 1)), date_to_days(date(2016, 7, 1))
    idx = visible_indices(lane, day0, day1)
    assert lane.ids[idx].tolist() == [1]  # the decade, though it began six years earlier
    sl = visible_slice(lane, day0, day1)
    assert 0 in range(sl.start, sl.stop)


def test_visible_slice_skips_what_ended_before() -> None:
    events = [Ev(k, date(2000, 1, 1) + timedelta(days=k), actor_ids=(1,)) for k in range(1000)]
    lane = build_lanes(events, ACTORS).lanes[0]
    day0 = date_to_days(date(2000, 1, 1)) + 100.0
    sl = visible_slice(lane, day0, day0 + 10)
    assert (sl.start, sl.stop) == (100, 110)  # binary search, no scan
    assert visible_indices(lane, day0 - 0.5, day0 + 0.5).tolist() == [99, 100]


def test_visible_indices_match_brute_force() -> None:
    rng = np.random.default_rng(1)
    base = date(2000, 1, 1)
    events = []
    for k in range(400):
        start = base + timedelta(days=int(rng.integers(0, 3000)))
        length = int(rng.choice([0, 0, 0, 30, 365, 2000]))
        events.append(Ev(k, start, start + timedelta(days=length), "day", (1,)))
    lane = build_lanes(events, ACTORS).lanes[0]
    for _ in range(50):
        d0 = float(rng.uniform(10900, 14000))
        d1 = d0 + float(rng.uniform(0.5, 400))
        want = np.flatnonzero((lane.starts < d1) & (lane.ends > d0))
        assert visible_indices(lane, d0, d1).tolist() == want.tolist()


def test_cluster_starts() -> None:
    xs = np.array([0.0, 1.0, 2.5, 20.0, 40.0, 41.0])
    assert cluster_starts(xs, 3.0, chunk=1000).tolist() == [0, 3, 4]
    assert cluster_starts(np.array([]), 3.0).tolist() == []
    dense = np.arange(0.0, 100.0, 1.0)  # a chain is capped by the chunk, not one blob
    assert len(cluster_starts(dense, 3.0, chunk=24.0)) == 5


def test_pure_modules_do_not_import_qt() -> None:
    code = (
        "import sys, viewer.timeline.scale, viewer.timeline.ticks, viewer.timeline.layout;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
