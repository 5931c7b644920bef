"""The timeline view as a PNG or SVG: ``python main.py export --format png|svg`` renders it
offscreen; File ▸ Export renders the window's own timeline (its zoom and filter) the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

SIZE = (1600, 700)


def render_widget(widget, fmt: str, out: Path) -> None:
    """Paint ``widget`` into ``out``: a raster grab for PNG, vector paint calls for SVG."""
    from PySide6.QtCore import QPoint, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "png":
        if not widget.grab().save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
        return
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setSize(QSize(widget.width(), widget.height()))
    gen.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    gen.setTitle("Stanceline timeline")
    painter = QPainter(gen)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()


def export_view(location: str, fmt: str, out: Path, actors: Sequence[str] = ()) -> int:
    """Open the project, filter by actor names, fit every event, write PNG or SVG."""
    if fmt not in ("png", "svg"):
        print(f"stanceline: {fmt!r} is not an image format", file=sys.stderr)
        return 2
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from db import queries
    from db.project import Project, ProjectError
    from viewer.state import ProjectState
    from viewer.timeline.widget import TimelineWidget

    app = QApplication.instance() or QApplication([])
    try:
        project = Project.open(location, create=False)
    except ProjectError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    try:
        state = ProjectState(project)
        found, missing = queries.actors_named(project, actors)  # names or aliases
        ids = [a.id for a in state.actors if a.id in found]
        if missing:
            print(f"stanceline: no actor named {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        state.set_actor_filter(ids)
        timeline = TimelineWidget()
        timeline.resize(*SIZE)
        timeline.set_data(state.visible_events(), state.lanes())
        timeline.show()
        app.processEvents()
        timeline.fit_all()
        app.processEvents()
        render_widget(timeline, fmt, out)
        timeline.close()
        timeline.deleteLater()
        app.processEvents()
    finally:
        project.close()
    return 0
