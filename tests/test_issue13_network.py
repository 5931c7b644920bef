"""Issue 13, network export: actor × issue and actor × actor networks as GraphML and GEXF,
from the command line and from File ▸ Export, following the filter.  Every file is read back
with networkx and its weights and attributes checked against the stances in the project."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

import main
from db import queries
from db.network import actor_network, issue_network, positions
from db.project import Project
from tests.conftest import REPO
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project,
    project_file,
)

READ = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def _export(path: Path, out: Path, fmt: str, network: str, *extra: str) -> nx.Graph:
    code = main.main(["export", "--project", str(path), "--format", fmt, "--out",
                      str(out), "--network", network, *extra])
    assert code == 0
    return READ[fmt](out)


def _by_label(g: nx.Graph) -> dict[str, str]:
    return {data["label"]: node for node, data in g.nodes(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_two_mode_network_carries_counts_and_polarity(
    tmp_path: Path, project_file: Path, fmt: str  # noqa: F811
) -> None:
    g = _export(project_file, tmp_path / f"n.{fmt}", fmt, "issues")
    nodes = _by_label(g)
    types = Counter(d["type"] for _n, d in g.nodes(data=True))
    with Project.open(project_file, create=False) as p:
        stances = queries.list_stances(p)
    assert types["actor"] == len({s.holder_id for s in stances})
    assert types["issue"] == len({s.target_key for s in stances})
    # Every (holder, issue) pair is one edge whose weight is its number of statements.
    want = Counter((s.holder, s.target_key) for s in stances)
    assert g.number_of_edges() == len(want)
    issue_of = {d.get("key") or n.split(":", 1)[1]: n for n, d in g.nodes(data=True)
                if d["type"] == "issue"}
    for (holder, key), n in want.items():
        edge = g.edges[nodes[holder], issue_of[key]]
        assert int(edge["weight"]) == n
    us = g.edges[nodes["United States"], issue_of["s400-purchase"]]
    assert us["polarity"] == "against" and int(us["n_against"]) == 2
    erdogan = g.edges[nodes["Recep Tayyip Erdoğan"], issue_of["s400-purchase"]]
    assert erdogan["polarity"] == "for" and int(erdogan["weight"]) == 2
    # Actors say what they are; officials name their country.
    assert g.nodes[nodes["Mevlüt Çavuşoğlu"]]["affiliation"] == "Turkey"
    assert g.nodes[nodes["Turkey"]]["kind"] == "country"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_agreement_network_links_shared_and_opposed_stances(
    tmp_path: Path, project_file: Path, fmt: str  # noqa: F811
) -> None:
    g = _export(project_file, tmp_path / f"a.{fmt}", fmt, "actors")
    nodes = _by_label(g)
    assert all(d["type"] == "actor" for _n, d in g.nodes(data=True))
    edge = g.edges[nodes["United States"], nodes["Mevlüt Çavuşoğlu"]]
    # On the S-400 the U.S. is against and Çavuşoğlu for; on CAATSA the reverse.
    assert edge["relation"] == "conflict"
    assert int(edge["conflict"]) == 2 and int(edge["agree"]) == 0 and int(edge["weight"]) == 2
    both_for = g.edges[nodes["Recep Tayyip Erdoğan"], nodes["Mevlüt Çavuşoğlu"]]
    assert both_for["relation"] == "agree" and int(both_for["weight"]) == 1
    assert "S-400" in both_for["issues_agree"]
    greece = g.edges[nodes["Greece"], nodes["United States"]]  # both for CAATSA sanctions
    assert greece["relation"] == "agree"
    # Brute force: every pair with a common position is linked, with the right counts.
    with Project.open(project_file, create=False) as p:
        pos = positions(queries.list_stances(p))
        names = {s.holder_id: s.holder for s in queries.list_stances(p)}
    for (a, ka), side_a in pos.items():
        for (b, kb), side_b in pos.items():
            if a < b and ka == kb:
                e = g.edges[nodes[names[a]], nodes[names[b]]]
                assert int(e["agree"]) + int(e["conflict"]) >= 1
                assert int(e["weight"]) == int(e["agree"]) + int(e["conflict"])
                if side_a != side_b:
                    assert int(e["conflict"]) >= 1


def test_actor_option_narrows_to_holders_and_their_officials(
    tmp_path: Path, project_file: Path  # noqa: F811
) -> None:
    g = _export(project_file, tmp_path / "t.graphml", "graphml", "issues", "--actor", "turkey")
    actors = {d["label"] for _n, d in g.nodes(data=True) if d["type"] == "actor"}
    assert actors == {"Turkey", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"}
    bad = main.main(["export", "--project", str(project_file), "--format", "gexf", "--out",
                     str(tmp_path / "x.gexf"), "--actor", "Atlantis"])
    assert bad == 2 and not (tmp_path / "x.gexf").exists()


def test_command_line_writes_without_qt(tmp_path: Path, project_file: Path) -> None:  # noqa: F811
    out = tmp_path / "cli.gexf"
    code = (
        "import sys, main; rc = main.main(sys.argv[1:]); "
        "assert 'PySide6' not in sys.modules, 'Qt loaded'; sys.exit(rc)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "export", "--project", str(project_file), "--format",
         "gexf", "--out", str(out), "--network", "actors"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert nx.read_gexf(out).number_of_edges() > 0


def test_empty_selection_writes_an_empty_graph(tmp_path: Path) -> None:
    for build in (issue_network, actor_network):
        g = build([], {})
        nx.write_graphml(g, tmp_path / "e.graphml")
        assert nx.read_graphml(tmp_path / "e.graphml").number_of_nodes() == 0


# ---------------------------------------------------------------------- the GUI
@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:  # noqa: F811
    yield from open_window(qtbot, project_file)


def test_file_export_menu_writes_the_filtered_network(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    w = window
    out = tmp_path / "gui.gexf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "GEXF"))
    )
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    us = next(a.id for a in w.state.actors if a.name == "United States")
    w.state.set_actor_filter([greece, us])
    entries = {a.text().replace("&", ""): a for a in w.export_menu.actions()}
    act = entries["Stance network: actors × issues (GraphML, GEXF)…"]
    w.export_menu.popup(w.mapToGlobal(w.rect().center()))
    qtbot.waitUntil(w.export_menu.isVisible, timeout=2000)
    shots = Path("/tmp/stanceline-issue13-shots")
    shots.mkdir(parents=True, exist_ok=True)
    assert w.export_menu.grab().save(str(shots / "export_menu.png"))
    w.export_menu.hide()
    act.trigger()
    g = nx.read_gexf(out)
    actors = {d["label"] for _n, d in g.nodes(data=True) if d["type"] == "actor"}
    assert actors == {"Greece", "United States", "Mike Pompeo"}  # officials come along
    assert sum(int(d["weight"]) for *_e, d in g.edges(data=True)) == len(
        w.state.visible_stances()
    )
    assert "Exported" in w.statusBar().currentMessage()
    # The agreement network from the same menu.
    entries["Stance network: actor agreement and conflict (GraphML, GEXF)…"].trigger()
    g = nx.read_gexf(out)
    nodes = _by_label(g)
    assert g.edges[nodes["Greece"], nodes["United States"]]["relation"] == "agree"
    assert g.edges[nodes["Mike Pompeo"], nodes["United States"]]["relation"] == "agree"
