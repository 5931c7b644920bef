"""The ``screenshot`` command: the main window on a project, rendered offscreen to a PNG."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from db import queries
from db.project import Project


def take_screenshot(location: str, out: Path, size: tuple[int, int] = (1600, 1000),
                    actors: Sequence[str] = (), select: int | None = None) -> None:
    """Open ``location``, filter by actor names (case-insensitive), select an event, save."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from viewer.app import make_app
    from viewer.mainwindow import MainWindow

    app = make_app()
    project = Project.open(location, create=False)
    window = MainWindow(project, persist_layout=False)
    try:
        found, unknown = queries.actors_named(project, actors)  # names or aliases
        ids = [a.id for a in window.state.actors if a.id in found]
        if unknown:
            raise ValueError(f"no actor named {', '.join(sorted(unknown))} in {location}")
        window.state.set_actor_filter(ids)
        window.state.select(select if select is not None else window.state.first_dated_event())
        window.resize(*size)
        window.show()
        for _ in range(3):  # layout, then the deferred centring of the evidence
            app.processEvents()
        window.timeline.fit_all()
        app.processEvents()
        window.source_pane.centre_evidence()
        app.processEvents()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise OSError(f"could not write {out}")
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        project.close()
