"""Issue 13, the stance picture: who stands where, at a glance.

Holders are rows (countries with their officials folded under them, unfolded by a click on
the row), issues are columns with labels wrapped rather than cut and sharing the panel's
width, cells say for/against/mixed with counts and colour, busiest first, and the evidence
list attributes each claim (speaker, outlet, title, date).  Checked on the S-400 project and
on 200 articles written by ``tests.issue13_corpus`` and imported through the real path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.issue13_corpus import build_corpus_project
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer.stancepanel import HEADER_LINES, HEADER_PAD, StancePanel, _wrap_elided

SHOTS = Path("/tmp/stanceline-issue13-shots")


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:  # noqa: F811
    yield from open_window(qtbot, project_file)


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    return build_corpus_project(folder / "corpus.stanceline", folder / "articles", 200)


@pytest.fixture
def corpus_window(qtbot, corpus_file: Path) -> Iterator:
    yield from open_window(qtbot, corpus_file)


def click_row_header(qtbot, panel: StancePanel, row: int) -> None:
    header = panel.table.verticalHeader()
    y = header.sectionViewportPosition(row) + header.sectionSize(row) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, y))


def click_cell(qtbot, panel: StancePanel, row: int, col: int) -> None:
    index = panel.model.index(row, col)
    panel.table.scrollTo(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.table.visualRect(index).center())


def shot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path))
    return path


def visible_columns(panel: StancePanel) -> tuple[list[int], list[int]]:
    """(columns wholly inside the grid's viewport, columns cut at its edge)."""
    header, width = panel.table.horizontalHeader(), panel.table.viewport().width()
    whole, cut = [], []
    for c in range(panel.model.columnCount()):
        left = header.sectionViewportPosition(c)
        right = left + header.sectionSize(c)
        if left >= 0 and right <= width:
            whole.append(c)
        elif left < width and right > 0:
            cut.append(c)
    return whole, cut


def test_officials_fold_under_their_country_and_unfold_on_click(qtbot, window) -> None:
    panel, m = window.stance_panel, window.stance_panel.model
    top = [h[1] for h in m.holders]
    # Countries and bodies only: the officials are folded in.
    assert "Turkey" in top and "Recep Tayyip Erdoğan" not in top and "Mike Pompeo" not in top
    turkey = m.row_of("Turkey")
    assert m.headerData(turkey, Qt.Orientation.Vertical).startswith("▸ Turkey +2")
    stances = window.state.stances
    folded = {s.id for s in stances if s.holder in
              {"Turkey", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"}}
    in_row = {s.id for c in range(m.columnCount()) for s in m.stances_in(m.index(turkey, c))}
    assert in_row == folded

    click_row_header(qtbot, panel, turkey)
    names = [r.label for r in m.rows]
    at = names.index("Turkey")
    assert m.headerData(at, Qt.Orientation.Vertical).startswith("▾ Turkey")
    children = names[at + 1 : at + 4]
    assert set(children) == {"Turkey itself", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"}
    assert all(m.rows[at + 1 + i].depth == 1 for i in range(3))
    # The country's row still sums its officials: each child cell adds up to it.
    for c in range(m.columnCount()):
        total = m.cell(m.index(at, c))
        parts = [m.cell(m.index(at + 1 + i, c)) for i in range(3)]
        assert (total.total if total else 0) == sum(p.total for p in parts if p)
    shot(window.stances_dock, "s400_unfolded.png")
    click_row_header(qtbot, panel, at)
    assert "Recep Tayyip Erdoğan" not in [r.label for r in m.rows]


def test_evidence_says_who_said_it_where_and_when(qtbot, window) -> None:
    panel, m = window.stance_panel, window.stance_panel.model
    panel.toggle_row(m.row_of("Turkey"))
    row = next(i for i, r in enumerate(m.rows) if r.name == "Mevlüt Çavuşoğlu")
    col = [k for k, _l in m.targets].index("caatsa")
    click_cell(qtbot, panel, row, col)
    assert panel.evidence.count() == 1
    text = panel.evidence.item(0).text()
    speaker, quote, source = text.split("\n")
    assert speaker.startswith("Mevlüt Çavuşoğlu (Turkey) · against")
    assert quote.startswith("“Çavuşoğlu also rejected the threat of sanctions")
    assert source == "— Daily Ledger, “First S-400 parts land near Ankara”, 13 Jul 2019"
    assert "Mevlüt Çavuşoğlu" in panel.caption.text()
    shot(window.stances_dock, "s400_evidence.png")


def test_columns_share_the_width_and_labels_wrap_whole(qtbot, window) -> None:
    panel, m = window.stance_panel, window.stance_panel.model
    whole, cut = visible_columns(panel)
    assert whole and not cut, "no column is cut at the edge of the grid"
    header = panel.table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in whole)
    assert used >= 0.9 * panel.table.viewport().width() or len(whole) == m.columnCount()
    fm = header.fontMetrics()
    for c in whole:
        label = m.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        full = m.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert full.split("\n")[0].casefold() == label.casefold()
        painted = _wrap_elided(label, fm, header.sectionSize(c) - 2 * HEADER_PAD, HEADER_LINES)
        assert "…" not in painted, f"label cut: {painted!r}"
    # Wrapped onto more than one line: the header is as tall as its longest label.
    assert header.height() >= 2 * fm.lineSpacing()
    # A wider panel shows more issues, still without a cut column.
    window.resizeDocks([window.stances_dock], [700], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 450, timeout=2000)
    wider, cut = visible_columns(panel)
    assert len(wider) >= min(len(whole) + 1, m.columnCount()) and not cut


def test_two_hundred_articles_read_at_a_glance(qtbot, corpus_window) -> None:
    w = corpus_window
    panel, m = w.stance_panel, w.stance_panel.model
    stances = w.state.stances
    assert len({s.source_id for s in stances}) > 100  # the import found stances throughout
    # Rows: countries (bodies) with their officials folded in, busiest first.
    totals = [sum(len(m.stances_in(m.index(r, c))) for c in range(m.columnCount()))
              for r in range(len(m.rows))]
    assert totals == sorted(totals, reverse=True) or m.hidden_targets
    roots = Counter()
    for s in stances:
        actor = w.state.actor(s.holder_id)
        while actor is not None and actor.affiliation_id is not None:
            actor = w.state.actor(actor.affiliation_id)
        roots[actor.name if actor else s.holder] += 1
    assert m.rows[0].name == roots.most_common(1)[0][0] or roots.most_common(2)[0][1] == \
        roots.most_common(2)[1][1]
    assert all(r.depth == 0 for r in m.rows)  # folded until asked
    assert any(r.members for r in m.rows)
    # Columns: busiest issue first; whole columns only, labels not cut.
    by_issue = Counter(s.target_key for s in stances)
    assert m.targets[0][0] in {k for k, n in by_issue.items() if n == max(by_issue.values())}
    whole, cut = visible_columns(panel)
    header = panel.table.horizontalHeader()
    # Whole columns only, filling the width (how many depends on how long the labels are).
    assert len(whole) >= 2 and not cut
    assert sum(header.sectionSize(c) for c in whole) >= 0.9 * panel.table.viewport().width()
    fm = header.fontMetrics()
    cut_labels = [c for c in whole if "…" in _wrap_elided(
        m.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole), fm,
        header.sectionSize(c) - 2 * HEADER_PAD, HEADER_LINES)]
    assert not cut_labels
    # Row names fit or are elided in the middle with the whole name in the tooltip.
    for r in range(len(m.rows)):
        assert m.rows[r].name in m.headerData(r, Qt.Orientation.Vertical,
                                              Qt.ItemDataRole.ToolTipRole)
    # Unfold the busiest country and read a claim.
    busiest = next(r for r, row in enumerate(m.rows) if row.members)
    click_row_header(qtbot, panel, busiest)
    assert m.rows[busiest + 1].depth == 1
    col = next(c for c in range(m.columnCount()) if m.cell(m.index(busiest, c)))
    click_cell(qtbot, panel, busiest, col)
    assert panel.evidence.count() >= 1
    first = panel.evidence.item(0).text().split("\n")
    assert len(first) == 3 and first[1].startswith("“") and first[2].startswith("— ")
    assert any(ch.isdigit() for ch in first[2])  # the source's date
    shot(w, "corpus_window.png")
    shot(w.stances_dock, "corpus_stances.png")
