"""``python main.py bench --events N [--project P]``: the timeline benchmark, as one JSON dict.

It opens a project in the real ``MainWindow`` (offscreen), plays a fixed 200-step script —
zoom from the whole range down to a day and back around several points, pans at every scale,
actor filter changes, selections — paints every frame for real (``repaint()``), and reports
percentiles.  The same script runs on a 1,000-event project in the same process, so
``frame_ratio`` says whether the cost grows with what is visible or with what exists.

Then the database worker's figures (issue 14): the longest the GUI thread went without
turning its event loop (``stall_ms_*``, from a 5 ms timer's gaps) while an alias is added in
the actor dialog and while an article's publication date is changed, each until the change is
stored, on the undo stack and shown; and ``first_frame_ms_cold``, the first frame of a window
opened with no array cache (a server database, a file written by an older version).

Generated projects are cached (by event count and seed) under the user cache folder, so a
rerun only measures.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

SEED = 1
SMALL = 1_000
STEPS = 200
WINDOW = (1600, 1000)
SETTLE_S = 0.3  # a stall measurement goes on this long after the change is shown


def cached_project(events: int, seed: int = SEED, progress: Callable | None = None) -> Path:
    """A generated project with ``events`` events, built once and kept in the cache folder."""
    from db.generate import VERSION, generate_project
    from db.locations import cache_dir

    folder = cache_dir() / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"events-{events}-seed-{seed}-v{VERSION}.stanceline"
    if not path.exists():
        tmp = path.with_suffix(".part")
        for leftover in folder.glob(tmp.name + "*"):
            leftover.unlink()
        generate_project(tmp, events=events, seed=seed, progress=progress)
        tmp.rename(path)
        for side in ("-wal", "-shm"):
            Path(str(tmp) + side).unlink(missing_ok=True)
    return path


def run_bench(events: int, project: str | None = None) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(project) if project else cached_project(events)
    small = cached_project(SMALL)
    big = _measure(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    little = _measure(small)
    return {
        "events": big["events"],
        "open_ms": big["open_ms"],
        "first_frame_ms": big["first_frame_ms"],
        "frame_ms_p50": big["frame_ms_p50"],
        "frame_ms_p95": big["frame_ms_p95"],
        "filter_ms_p95": big["filter_ms_p95"],
        "select_ms_p95": big["select_ms_p95"],
        "peak_rss_mb": round(peak, 1),
        "frame_ms_p95_1k": little["frame_ms_p95"],
        "frame_ratio": round(big["frame_ms_p95"] / max(little["frame_ms_p95"], 1e-6), 2),
        "timeline_filter_ms_p95": big["timeline_filter_ms_p95"],
        "load_ms": big["load_ms"],
        "arrays_cached": big["arrays_cached"],
        **_worker_stalls(path),
        "first_frame_ms_cold": _cold_first_frame(path),
    }


def _measure(path: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    t0 = time.perf_counter()  # "launch": from here to the first frame with events
    app = QApplication.instance()
    if app is None:  # set up as `run_gui` does: the style, palette and fonts users get
        from viewer.app import make_app
        from viewer.theme import apply_theme

        app = make_app([])
        apply_theme(app)
    from db.project import Project
    from viewer.mainwindow import MainWindow

    project = Project.open(path, create=False)
    window = MainWindow(project, persist_layout=False)
    window.resize(*WINDOW)
    window.show()
    app.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    state, timeline = window.state, window.timeline
    # The first painted frame that shows events (a progressive load goes on behind it).
    state.wait_events()
    app.processEvents()
    timeline.repaint()
    first_frame_ms = (time.perf_counter() - t0) * 1000
    t_load = time.perf_counter()
    state.wait_loaded()
    app.processEvents()
    load_ms = (time.perf_counter() - t_load) * 1000

    frames: list[float] = []
    filters: list[float] = []
    timeline_filters: list[float] = []
    selects: list[float] = []

    def frame(action: Callable[[], None]) -> None:
        t = time.perf_counter()
        action()
        timeline.repaint()
        frames.append((time.perf_counter() - t) * 1000)

    script = _script(state, timeline)
    for kind, action in script:
        if kind == "view":
            frame(action)
        elif kind == "filter":
            t = time.perf_counter()
            action()
            app.processEvents()
            timeline.repaint()
            filters.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()  # the timeline's own share: re-lay out and paint
            timeline.set_data(state.visible_events(), state.lanes())
            timeline.repaint()
            timeline_filters.append((time.perf_counter() - t) * 1000)
        else:
            t = time.perf_counter()
            action()
            app.processEvents()
            window.source_pane.repaint()
            selects.append((time.perf_counter() - t) * 1000)
    out = {
        "events": len(state.arrays),
        "open_ms": round(open_ms, 1),
        "first_frame_ms": round(first_frame_ms, 1),
        "load_ms": round(load_ms, 1),
        "arrays_cached": state.arrays_from_cache,
        "frame_ms_p50": _pct(frames, 50),
        "frame_ms_p95": _pct(frames, 95),
        "filter_ms_p95": _pct(filters, 95),
        "timeline_filter_ms_p95": _pct(timeline_filters, 95),
        "select_ms_p95": _pct(selects, 95),
    }
    window.close()
    window.deleteLater()
    app.processEvents()
    project.close()
    return out


def _script(state: Any, timeline: Any) -> list[tuple[str, Callable[[], None]]]:
    """The fixed 200 steps: (kind, action), kind "view" | "filter" | "select"."""
    a = state.arrays
    dated = np.flatnonzero(~np.isnan(a.start))
    starts = a.start[dated] if len(dated) else np.zeros(1)
    anchors = [float(np.quantile(starts, q)) for q in (0.2, 0.45, 0.7, 0.9)]
    actors = [x.id for x in state.actors if x.event_count][:40] or [0]
    steps: list[tuple[str, Callable[[], None]]] = []

    def zoom_around(day: float, factor: float) -> Callable[[], None]:
        def act() -> None:
            sc = timeline._scale
            timeline.zoom_by(factor, float(sc.x_of(day)) + 168)  # GUTTER: widget x

        return act

    def pan(px: float) -> Callable[[], None]:
        def act() -> None:
            timeline._scale.pan(px)
            timeline._view_moved()

        return act

    for n, day in enumerate(anchors):
        steps.append(("view", timeline.fit_all))
        for _ in range(14):  # ~30 years → about a day across the view
            steps.append(("view", zoom_around(day, 2.0)))
            if len(steps) % 5 == 0:
                steps.append(("view", pan(60 if n % 2 else -60)))
        for px in (200, -400, 200):
            steps.append(("view", pan(px)))
        for _ in range(14):
            steps.append(("view", zoom_around(day, 0.5)))
            if len(steps) % 6 == 0:
                steps.append(("view", pan(-80)))
    filters = [
        (actors[0],),
        (actors[min(1, len(actors) - 1)],),
        tuple(actors[:3]),
        (actors[len(actors) // 2],),
        (actors[-1],),
        (),
    ]
    for k in range(24):
        ids = filters[k % len(filters)]
        steps.append(("filter", lambda ids=ids: state.set_actor_filter(ids)))
    picks = a.ids[dated[np.linspace(0, len(dated) - 1, 40).astype(int)]] if len(dated) else []
    for eid in list(picks)[: STEPS - len(steps)]:
        steps.append(("select", lambda eid=int(eid): state.select(eid)))
    while len(steps) < STEPS:
        steps.append(("view", pan(40)))
    return steps[:STEPS]


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else 0.0


# ---------------------------------------------------------------------------- issue 14 figures
def _open_window(path: Path) -> tuple[Any, Any, float]:
    from PySide6.QtWidgets import QApplication

    t0 = time.perf_counter()
    app = QApplication.instance()
    if app is None:
        from viewer.app import make_app
        from viewer.theme import apply_theme

        app = make_app([])
        apply_theme(app)
    from db.project import Project
    from viewer.mainwindow import MainWindow

    window = MainWindow(Project.open(path, create=False), persist_layout=False)
    window.resize(*WINDOW)
    window.show()
    app.processEvents()
    return app, window, t0


def _close_window(app: Any, window: Any) -> None:
    from PySide6.QtCore import QEvent

    project = window.project
    window.close()
    window.deleteLater()
    app.processEvents()
    # processEvents() leaves deferred deletes alone: without this each window (its arrays,
    # its database thread) lived on into the next measurement.
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    project.close()


class _StallMeter:
    """The longest gap between ticks of a 5 ms timer on the GUI thread: how long the window
    could not answer the user."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self._last) * 1000)
        self._last = now

    def run(self, app: Any, start: Callable[[], None], done: Callable[[], bool],
            timeout_s: float = 600) -> float:  # fmt: skip
        self._last = time.perf_counter()
        self.longest = 0.0
        self._timer.start()
        t0 = time.perf_counter()
        start()
        self._tick()  # the start itself is part of the stall
        while not done() and time.perf_counter() - t0 < timeout_s:
            app.processEvents()
            time.sleep(0.001)
        # Work the change left for later turns of the event loop (the lists' rebuild after an
        # alias) is part of it: keep turning a little while.
        settle = time.perf_counter() + SETTLE_S
        while time.perf_counter() < settle:
            app.processEvents()
            time.sleep(0.001)
        self._tick()  # the gap the last piece of work left open is a stall too
        self._timer.stop()
        return round(self.longest, 1)


def _worker_stalls(path: Path) -> dict[str, Any]:
    """Add an alias in the actor dialog, then change a publication date in the source pane,
    both routed through the database worker as ``run_gui`` sets it up."""
    from db import edits, queries
    from db.generate import PLACE
    from viewer.dbworker import DbWorker, install_db_worker
    from viewer.relinked import link_scope

    app, window, _t0 = _open_window(path)
    state = window.state
    state.wait_loaded()
    app.processEvents()
    meter = _StallMeter()
    out: dict[str, Any] = {}
    # run_gui's worker starts the reading process, which loads the language model: until
    # it has, the window shares the machine with it
    box: list[DbWorker] = []

    def warm() -> bool:
        pool = box[0].read_pool
        return not box[0].busy and (pool is None or pool.ready)

    out["stall_ms_warm_up"] = meter.run(
        app, lambda: box.append(install_db_worker(window)), warm
    )
    worker = box[0]
    stack = window.editor.stack
    base = stack.count()

    def settled(count: int) -> Callable[[], bool]:
        return lambda: stack.count() >= count and not worker.busy and state.events_ready

    actor = max(state.actors, key=lambda a: a.event_count)
    opened: list[Any] = []

    def open_dialog() -> None:
        opened.append(window.workflow.open_actor_manager())
        opened[0].select_actor(actor.id)

    # Its own figure: the window repaints as it loses focus to the dialog, and the dialog
    # starts the reading process; counted in the alias's stall before, it is not the alias.
    out["stall_ms_open_actors"] = meter.run(app, open_dialog, lambda: True)
    dialog = opened[0]
    alias = PLACE  # named in one article in REPORTING_EVERY (db.generate): those re-read
    n = stack.count()

    def add() -> None:
        dialog.new_alias.setText(alias)
        dialog.add_alias_button.click()

    # Until the reload it starts has landed whole (its second stage too): otherwise the
    # rest of the alias's reload lands in the middle of the date change and is counted there.
    out["stall_ms_alias"] = meter.run(app, add, lambda: settled(n + 1)() and not state.loading)
    out["alias_stored"] = alias in edits.actor_aliases(window.project, actor.id)
    out["reading_process_peak_mb"] = _process_peak_mb(worker)
    change = stack.command(stack.count() - 1).change if stack.count() > n else None
    scope = link_scope(change) if change is not None else None
    out["alias_articles_read"] = len(change.result) if change is not None else 0
    out["alias_events_relinked"] = len(scope.event_ids) if scope is not None else -1
    dialog.close()

    event_id = state.first_dated_event()
    state.select(event_id)
    app.processEvents()
    pane = window.source_pane
    source_id = pane.source_id
    before = queries.source_detail(window.project, source_id).published
    n = stack.count()
    known = pane.published_known.isChecked()

    def change_date() -> None:
        # Known: untick it (dates re-resolved without it).  Unknown: tick it, and take the
        # date the pane's question offers (it never resolves against today on its own).
        pane.published_known.setChecked(not known)
        asked = getattr(pane, "date_dialog", None)
        if asked is not None:
            asked.accept()

    out["stall_ms_published"] = meter.run(app, change_date, settled(n + 1), timeout_s=120)
    out["published_changed"] = (
        queries.source_detail(window.project, source_id).published != before
    )
    # Leave the cached project as it was; the alias's undo is timed too (its write and the
    # patch of the links run on the worker, as for the alias itself).
    for _ in range(stack.count() - base - 1):
        stack.undo()
    worker.wait_idle()
    if stack.index() > base:
        out["stall_ms_undo_alias"] = meter.run(
            app, stack.undo, lambda: not worker.busy and state.events_ready and not state.loading
        )
    DbWorker.of(window.editor).wait_idle()
    _close_window(app, window)
    return out


def _process_peak_mb(worker: Any) -> float | None:
    """The reading process's own peak memory (it is not in ``peak_rss_mb``); Linux only."""
    pool = worker.read_pool
    if pool is None or not pool.started:
        return None
    pid = pool.warm().result(timeout=60)
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kib = next((int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmHWM:")), None)  # fmt: skip
    return round(kib / 1024, 1) if kib is not None else None


def _cold_first_frame(path: Path) -> float:
    """The first frame with events of a window opened without the array cache."""
    from db import arrays
    from db.project import Project

    with Project.open(path, create=False) as project:
        cache = arrays.arrays_cache_path(project)
    if cache is not None:
        cache.unlink(missing_ok=True)
    app, window, t0 = _open_window(path)
    window.state.wait_events()
    app.processEvents()
    window.timeline.repaint()
    first = (time.perf_counter() - t0) * 1000
    window.state.wait_loaded()  # and the cache is written again for the next run
    app.processEvents()
    _close_window(app, window)
    return round(first, 1)
