"""What the timeline's tooltips say (rich text; the full text of anything drawn elided).  No Qt.
"""

from __future__ import annotations

from viewer.timeline import layout as lay
from viewer.timeline.hittest import Hit
from viewer.timeline.scale import days_to_date
from viewer.timeline.ticks import format_event_date

LISTED = 8  # events named in a merged marker's tooltip
LISTED_DENSE = 5  # ... in a density cluster's


def html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hit_tooltip(hit: Hit, data: lay.LaneData) -> str:
    """An event's date and whole summary; a group's size, dates and first few summaries."""
    if hit.kind == "density" and hit.days is not None:
        first, last = days_to_date(hit.days[0]), days_to_date(hit.days[1] - 1e-9)
        lane = data.lanes[hit.lane]
        head = (
            f"<b>{hit.count:,} events</b> · {html(lane.name)}<br>"
            f"{format_event_date(first, last, None)}"
        )
        items = "".join(f"<br>• {html(data.events[i].summary)}" for i in hit.ids[:LISTED_DENSE])
        return head + items + "<br><i>Click to zoom in</i>"
    rows = [data.events[i] for i in hit.ids]
    if len(rows) == 1:
        ev = rows[0]
        return (
            f"<b>{format_event_date(ev.earliest, ev.latest, ev.precision)}</b><br>"
            f"{html(ev.summary)}"
        )
    first_row, last_row = rows[0], rows[-1]
    head = (
        f"<b>{len(rows)} events, "
        f"{format_event_date(first_row.earliest, first_row.earliest, 'day')}"
        f" – {format_event_date(last_row.earliest, last_row.earliest, 'day')}</b>"
    )
    items = "".join(f"<br>• {html(r.summary)}" for r in rows[:LISTED])
    more = f"<br>… and {len(rows) - LISTED} more" if len(rows) > LISTED else ""
    return head + items + more + "<br><i>Click to zoom in</i>"


def lane_tooltip(lane: lay.Lane) -> str:
    """A lane name in the gutter: its full name (the gutter may elide it) and count."""
    action = "expand" if lane.collapsed else "collapse"
    return f"<b>{html(lane.name)}</b><br>{lane.total:,} events<br><i>Click to {action}</i>"
