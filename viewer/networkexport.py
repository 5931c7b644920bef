"""File ▸ Export ▸ stance networks (GraphML for visone, GEXF for Gephi), as the filter shows.

The graphs are built by ``db.network`` (no Qt); this module only adds the menu entries, asks
for a file and reports.  What is exported is what the stance panel counts: the stances the
current filter lets through (``ProjectState.visible_stances``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

FILE_FILTER = "GraphML for visone, Gephi (*.graphml);;GEXF for Gephi (*.gexf)"
ENTRIES = (
    ("issues", "Stance network: actors × &issues (GraphML, GEXF)…",
     "Two-mode network: an edge from an actor to each issue it took a stance on "
     "(weight = statements, polarity = for/against/mixed)"),
    ("actors", "Stance network: actor &agreement and conflict (GraphML, GEXF)…",
     "One-mode network: actors linked by the issues they agree or conflict on"),
)


def install_network_export(window: Any) -> list[QAction]:
    """Add the network entries to the window's File ▸ Export menu."""
    window.export_menu.addSeparator()
    actions = []
    for network, text, tip in ENTRIES:
        act = QAction(text, window)
        act.setStatusTip(tip)
        act.setToolTip(tip)
        act.triggered.connect(lambda _=False, n=network: ask_and_export(window, n))
        window.export_menu.addAction(act)
        actions.append(act)
    window.network_export_actions = actions
    return actions


def ask_and_export(window: Any, network: str) -> bool:
    project = window.state.project
    start = project.path.parent if project.path is not None else Path.home()
    name = "stance-network" if network == "issues" else "actor-network"
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export stance network", str(start / f"{name}.graphml"), FILE_FILTER
    )
    if not path:
        return False
    out = Path(path)
    if not out.suffix:
        out = out.with_suffix(".gexf" if "gexf" in chosen.casefold() else ".graphml")
    return export_network_file(window, network, out)


def export_network_file(window: Any, network: str, out: Path) -> bool:
    """Write the network of the stances the filter shows; the suffix picks the format."""
    from db.network import export_network

    fmt = "gexf" if out.suffix.casefold() == ".gexf" else "graphml"
    state = window.state
    stances = state.visible_stances()
    try:
        code = export_network(state.project, fmt, out, network=network, stances=stances)
        if code != 0:
            raise OSError("the export failed")
    except OSError as err:
        QMessageBox.warning(window, "Export failed", str(err))
        return False
    shown = "all" if len(stances) == len(state.stances) else "filtered"
    window.statusBar().showMessage(
        f"Exported {len(stances)} statements ({shown}) as a {fmt.upper()} network to {out}",
        8000,
    )
    return True
