"""Where each claim came from, in the window (issue 12): the source pane's attribution line,
"only what X said" across the panes, the cited medium in the stance evidence, issue labels,
and a holder's stance on one issue over time.

The S-400 project of ``test_gui_support`` is built through the real importer; the v3
attribution (evidence speaker/medium, stance issue/speaker/medium, PLOVER type/mode and
source/target roles) is then written straight into the rows, so the tests do not depend on
what the spaCy-based extraction reads in a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from sqlalchemy import select, update

from db import models as m
from db import queries
from db.project import Project
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer import colours
from viewer.dialogs import stances as stance_dialogs
from viewer.dialogs.stances import (
    HistoryChart,
    StanceHistoryDialog,
    history,
    position_changes,
)
from viewer.filtering import EventFilter
from viewer.stancepanel import StancePanel

CAVUSOGLU = "Mevlüt Çavuşoğlu"
ERDOGAN = "Recep Tayyip Erdoğan"
S400_ISSUE = "S-400 purchase by Turkey"


def _event_id(s, summary: str) -> int:
    return s.scalar(select(m.Event.id).where(m.Event.summary == summary))


def _actor_id(s, name: str) -> int:
    return s.scalar(select(m.Actor.id).where(m.Actor.name == name))


def add_attribution(path: Path) -> None:
    """Write what the v3 extraction records: who said it, where, the PLOVER type and roles."""
    with Project.open(path, create=False) as project, project.session() as s:
        refusal = _event_id(s, "Çavuşoğlu: Turkey will not step back")
        s.execute(update(m.Event).where(m.Event.id == refusal)
                  .values(event_type="REJECT", mode="verbal"))
        s.execute(update(m.EventActor)
                  .where(m.EventActor.event_id == refusal,
                         m.EventActor.actor_id == _actor_id(s, "Turkey"))
                  .values(role="source"))
        s.add(m.EventActor(event_id=refusal, actor_id=_actor_id(s, "United States"),
                           role="target"))
        s.execute(update(m.Evidence).where(m.Evidence.event_id == refusal)
                  .values(speaker=CAVUSOGLU, medium="Russia's Izvestia"))
        batch = _event_id(s, "Erdoğan announces a second S-400 batch")
        s.execute(update(m.Evidence).where(m.Evidence.event_id == batch)
                  .values(speaker=ERDOGAN, medium="the Wall Street Journal"))
        # A claim by Çavuşoğlu held for somebody else: the medium, and a stance he is quoted in.
        s.execute(update(m.Stance).where(m.Stance.holder_id == _actor_id(s, CAVUSOGLU))
                  .values(speaker=CAVUSOGLU, medium="Russia's Izvestia"))
        s.execute(update(m.Stance).where(m.Stance.target_key == "s400-purchase")
                  .values(issue=S400_ISSUE))
        # Erdoğan's 2021 stance was filed under another key with the same issue: the history
        # of that issue must still hold both of his statements, oldest first.
        s.execute(update(m.Stance)
                  .where(m.Stance.holder_id == _actor_id(s, ERDOGAN),
                         m.Stance.target == "buying more S-400s")
                  .values(target_key="s400-more"))


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:  # noqa: F811
    add_attribution(project_file)
    yield from open_window(qtbot, project_file)


def select_summary(window, summary: str) -> int:
    state = window.state
    event_id = next(int(i) for i in state.arrays.ids.tolist()
                    if state.event(int(i)).summary == summary)
    state.select(event_id)
    return event_id


def stance_total(panel: StancePanel) -> int:
    """Statements counted in the grid (top-level rows, Others included)."""
    model = panel.model
    total = 0
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            cell = model.cell(model.index(r, c))
            total += cell.total if cell is not None else 0
    return total


def test_queries_carry_attribution(window) -> None:
    project = window.state.project
    stances = queries.list_stances(project)
    said = [s for s in stances if s.speaker == CAVUSOGLU]
    assert {s.medium for s in said} == {"Russia's Izvestia"} and len(said) == 2
    assert {s.issue for s in stances if s.target_key == "s400-purchase"} == {S400_ISSUE}
    event_id = select_summary(window, "Çavuşoğlu: Turkey will not step back")
    detail = queries.event_detail(project, event_id)
    assert detail.mode == "verbal" and detail.row.event_type == "REJECT"
    assert detail.named("source") == ("Turkey",) and detail.named("target") == ("United States",)
    assert [(e.speaker, e.medium) for e in detail.evidence] == [(CAVUSOGLU, "Russia's Izvestia")]


def test_source_pane_shows_who_said_it_and_where(window) -> None:
    pane = window.source_pane
    select_summary(window, "Çavuşoğlu: Turkey will not step back")
    text = pane.attribution_text()
    assert f"Said by {CAVUSOGLU} · in Russia's Izvestia" in text
    assert "Reject (verbal) · Turkey → United States" in text
    assert pane.attribution.isVisible()

    select_summary(window, "Erdoğan announces a second S-400 batch")
    assert f"Said by {ERDOGAN} · in the Wall Street Journal" in pane.attribution_text()

    # Only the parts present: an event nobody is quoted for says no "Said by".
    select_summary(window, "U.S. removes Turkey from F-35 programme")
    assert "Said by" not in pane.attribution_text()


def test_said_by_filter_narrows_events_and_stances(window, qtbot) -> None:
    state, panel = window.state, window.stance_panel
    events_before, stances_before = state.visible_count(), stance_total(panel)
    said_by = window.actor_filter.said_by
    said_by.fill()  # what opening the chooser does
    index = said_by.combo.findData(CAVUSOGLU)
    assert index > 0, [said_by.combo.itemText(i) for i in range(said_by.combo.count())]
    said_by.combo.setCurrentIndex(index)  # as a user picking it

    assert state.speaker_filter == CAVUSOGLU
    rows = window.event_list.source_model
    assert rows.rowCount() == state.visible_count() == 1 < events_before
    assert [r.summary for r in state.visible_events()] == ["Çavuşoğlu: Turkey will not step back"]
    assert stance_total(panel) == 2 < stances_before  # his two, on the S-400 and CAATSA
    assert {s.holder for s in state.visible_stances()} == {CAVUSOGLU}
    assert "said by: Mevlüt Çavuşoğlu" in state.filter_label()

    # Case does not matter; the holder counts as the speaker when none is recorded.
    state.set_filter(EventFilter(speaker="recep tayyip erdoğan"))
    assert said_by.combo.currentData() == ERDOGAN
    assert state.visible_count() == 2
    assert {s.holder for s in state.visible_stances()} == {ERDOGAN}

    said_by.combo.setCurrentIndex(0)  # "anyone"
    assert state.speaker_filter == "" and state.visible_count() == events_before


def test_stance_evidence_cites_the_medium_and_columns_use_the_issue(window, qtbot) -> None:
    panel = window.stance_panel
    model = panel.model
    labels = [model.column_label(c) for c in range(model.columnCount())]
    assert S400_ISSUE in labels
    window.state.set_speaker_filter(CAVUSOGLU)
    index = next(model.index(r, c) for r in range(model.rowCount())
                 for c in range(model.columnCount())
                 if model.cell(model.index(r, c)) is not None
                 and model.column_label(c) == "CAATSA sanctions")
    panel.table.setCurrentIndex(index)
    texts = [panel.evidence.item(i).text() for i in range(panel.evidence.count())]
    assert len(texts) == 1 and "— in Russia's Izvestia; reported by Daily Ledger" in texts[0]


def test_history_orders_one_issue_by_date(window, qtbot) -> None:
    state = window.state
    erdogan = next(a.id for a in state.actors if a.name == ERDOGAN)
    points = history(state, erdogan, "s400-purchase")
    assert [d for d, _s in points] == [date(2017, 9, 12), date(2021, 9, 26)]
    dialog = StanceHistoryDialog(state, erdogan, "s400-more")
    qtbot.addWidget(dialog)
    issues = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert issues.count(S400_ISSUE) == 1  # one entry for the issue, whatever its keys
    assert dialog.target.currentText() == S400_ISSUE
    items = [dialog.statements.item(i).text() for i in range(dialog.statements.count())]
    assert [t.split(" · ")[0] for t in items] == ["12 Sep 2017", "26 Sep 2021"]
    assert "kept the same position" in dialog.verdict.text()


def _said(polarity: str, evidence: str = "") -> SimpleNamespace:
    return SimpleNamespace(polarity=polarity, speaker=None, holder="A", medium=None,
                           evidence_text=evidence or polarity)


def test_a_change_of_position_is_where_for_turns_to_against_and_back() -> None:
    says = ["for", "neutral", "for", "against", "neutral", "against", "for"]
    points = [(date(2020, 1, 1 + i), _said(p)) for i, p in enumerate(says)]
    assert position_changes(points) == [3, 6]  # a neutral word in between changes nothing
    assert position_changes(points[:3]) == []


def test_the_history_marks_the_statement_that_changed_the_position(
    window, qtbot, monkeypatch
) -> None:
    points = [(date(2019, 5, 1), _said("against", "We will never accept it.")),
              (date(2020, 3, 2), _said("against", "Still no.")),
              (date(2021, 7, 9), _said("for", "We now back it."))]
    monkeypatch.setattr(stance_dialogs, "history", lambda *_a: points)
    state = window.state
    erdogan = next(a.id for a in state.actors if a.name == ERDOGAN)
    dialog = StanceHistoryDialog(state, erdogan, "s400-purchase")
    qtbot.addWidget(dialog)
    items = [dialog.statements.item(i) for i in range(dialog.statements.count())]
    heads = [it.text().split("\n")[0] for it in items]
    assert heads == ["01 May 2019 · against", "02 Mar 2020 · against",
                     "09 Jul 2021 · position changed to for"]
    assert [it.font().bold() for it in items] == [False, False, True]
    assert "changed position" in dialog.verdict.text()


def test_history_chart_text_stays_dark_on_white_in_the_dark_scheme(qtbot) -> None:
    colours.use_scheme("dark")
    try:
        chart = HistoryChart()
        qtbot.addWidget(chart)
        chart.resize(520, 170)
        image = chart.grab().toImage()
    finally:
        colours.use_scheme("light")
    # "No dated statements" is drawn in the muted colour: its darkest pixel is the light
    # scheme's grey (#5E5E5E), never the dark scheme's #A6A6A6 (2.4:1 on the white chart).
    darkest = min(QColor(image.pixel(x, y)).lightness()
                  for x in range(150, 370) for y in range(70, 100))
    assert darkest < 0x80


def test_actor_names_elide_in_the_middle(window) -> None:
    assert window.actor_filter.view.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_screenshot(window, qtbot, tmp_path: Path) -> None:
    select_summary(window, "Çavuşoğlu: Turkey will not step back")
    window.state.set_speaker_filter(CAVUSOGLU)
    qtbot.wait(50)
    out = Path("/tmp/attribution_window.png")
    assert window.grab().save(str(out))
    assert window.source_pane.grab().save("/tmp/attribution_source.png")
