"""An alias added in the actor manager refreshes only what the relink changed (issue 14).

The full reload after the relink (every event read again, every pane rebuilt on the GUI thread)
is what stalled the window; afterwards, and after undo and redo, the arrays, the actor counts
and the stances must still equal a fresh load, and the actor filter, the timeline's lanes, the
stance panel and the source pane must show the new links.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from db import edits, queries
from db.arrays import Links
from db.arrays import load_event_arrays as fresh_arrays  # not the counted one below
from db.edits import Change
from ingest.records import ActorMention, EventActor, Extraction
from services import relink
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    project_file,
    s400_articles,
    spy_event_reads,
)
from tests.test_redate_refresh import same_arrays
from tests.test_workflow_gui import close_window, menu_action, open_window
from viewer import undo as undo_module
from viewer.mainwindow import MainWindow
from viewer.relinked import link_scope, with_rows
from viewer.state import LISTS_LATER_MS
from viewer.timeline.layout import build_lanes_from_arrays

# "Foreign Minister Mevlüt Çavuşoğlu said…": no actor's name or alias.
ALIAS = "Foreign Minister"
OWNER = "Greece"  # one event before: the count, the lane and the stance rows all move
NEW_ACTOR = "Ministry of Foreign Affairs"  # a name the new reading finds: a new actor


def fake_extract(text: str, dct: date | None, gazetteer=None) -> Extraction:
    """The article as imported, except that where the dictionary knows ``ALIAS`` its
    sentences' events take that actor (and a new one) and its stances that holder."""
    x = next(x for a, x in s400_articles() if a.text == text)
    info = gazetteer.actor(ALIAS) if gazetteer is not None else None
    if info is None or ALIAS not in text:
        return x
    at = [i for i in range(len(text)) if text.startswith(ALIAS, i)]

    def names(span) -> bool:
        return any(span.start <= i < span.end for i in at)

    events = [replace(e, actors=[*e.actors, EventActor(info.name, "participant"),
                                 EventActor(NEW_ACTOR, "participant")])
              if names(e.evidence) else e for e in x.events]  # fmt: skip
    stances = [replace(s, holder=info.name) if names(s.evidence) else s for s in x.stances]
    mentions = [*x.actor_mentions,
                *(ActorMention(i, i + len(ALIAS), ALIAS, info.name, "state") for i in at)]
    return replace(x, events=events, stances=stances, actor_mentions=mentions)


@pytest.fixture
def window(qtbot, project_file: Path, monkeypatch) -> Iterator[MainWindow]:  # noqa: F811
    monkeypatch.setattr(relink, "extract", fake_extract)
    # A refused write would wait on a modal box forever offscreen: fail instead.
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(str(a[2])))
    w = open_window(qtbot, project_file)
    w.resize(1600, 1000)
    w.state.wait_loaded()
    yield w
    close_window(w)


def assert_fresh(w: MainWindow) -> None:
    """The state equals a fresh load, and the panes show it (the lists rebuild one turn of
    the event loop after the refresh: let it turn)."""
    QTest.qWait(LISTS_LATER_MS * 4)
    state, project = w.state, w.project
    assert same_arrays(state.arrays, fresh_arrays(project))
    assert state.actors == queries.list_actors(project)
    assert sorted(state.stances, key=lambda s: s.id) == sorted(
        queries.list_stances(project), key=lambda s: s.id)
    counts = {a.id: a.event_count for a in state.actors}
    model = w.actor_filter.model
    shown = {model.item(r).text() for r in range(model.rowCount())}
    assert {f"{a.name} ({a.event_count})" for a in state.actors} == shown
    lanes = {spec.id for spec in w.timeline._actor_specs}
    assert lanes == {a for a, n in counts.items() if n}
    holders = set(w.stance_panel.model.holder_names())
    assert {s.holder for s in state.stances} <= holders
    assert w.stance_panel.model._index.holder_names


def events_of(state, actor_id: int) -> set[int]:
    a = state.arrays
    return {e for e in a.ids.tolist() if actor_id in a.actors.of(a.position_of(e)).tolist()}


def test_an_alias_reads_only_the_changed_rows(qtbot, window: MainWindow, monkeypatch) -> None:
    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    reloads: list[int] = []
    real_reload = state.reload
    monkeypatch.setattr(state, "reload", lambda *a, **k: (reloads.append(1), real_reload())[1])
    full_reads, read_ids = spy_event_reads(monkeypatch)
    had = events_of(state, owner.id)
    # The source pane shows the article that names the alias.
    source_id = next(s for s, *_ in queries.list_sources(w.project)
                     if ALIAS in queries.source_detail(w.project, s).text)
    w.source_pane.show_source(source_id, None)

    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    dlg.select_actor(owner.id)
    dlg.new_alias.insert(ALIAS)  # typed (QTest cannot type non-ASCII keys)
    dlg.add_alias_button.click()
    assert dlg.wait_idle()
    qtbot.wait(10)

    assert ALIAS in edits.actor_aliases(w.project, owner.id) and ALIAS in dlg.alias_names()
    assert not reloads and not full_reads
    linked = events_of(state, owner.id)
    assert len(linked) == 2 and len(had) == 1
    assert read_ids == [sorted(linked - had)]  # only the relinked event was read
    assert state.actor(owner.id).event_count == 2
    assert any(a.name == NEW_ACTOR for a in state.actors)
    assert sum(s.holder == OWNER for s in state.stances) == 2  # its own and the moved one
    assert_fresh(w)
    shown = w.source_pane._source
    assert shown is not None and any(
        shown.text[m.start:m.end] == ALIAS and m.label == OWNER for m in shown.mentions)

    w.workflow.undo_action.trigger()
    qtbot.wait(LISTS_LATER_MS * 4)  # the lists rebuild a little later
    assert not reloads and not full_reads
    assert events_of(state, owner.id) == had
    assert ALIAS not in dlg.alias_names()
    assert state.actor(owner.id).event_count == 1
    assert not any(a.name == NEW_ACTOR for a in state.actors)
    assert_fresh(w)
    shown = w.source_pane._source
    assert shown is not None and not any(m.label == OWNER for m in shown.mentions)

    w.workflow.redo_action.trigger()
    assert not reloads and not full_reads
    assert state.actor(owner.id).event_count == 2
    assert_fresh(w)


def test_an_actor_filter_follows_the_new_links(window: MainWindow) -> None:
    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    state.set_actor_filter([owner.id])
    assert state.visible_count() == 1
    change = relink.add_alias(w.project, owner.id, ALIAS)
    w.editor.applied(change)
    assert state.visible_count() == 2
    assert state.actor_filter == frozenset({owner.id})
    assert {s.holder for s in state.visible_stances()} == {OWNER}
    assert len(state.visible_stances()) == 2


def test_other_edits_are_not_taken_for_a_relink() -> None:
    rename = Change({"actors": {1: {"id": 1, "name": "A"}}},
                    {"actors": {1: {"id": 1, "name": "B"}}})
    assert link_scope(rename) is None
    tagged = Change({"event_tags": {1: None}}, {"event_tags": {1: {"event_id": 3, "tag_id": 1}}})
    assert link_scope(tagged) is None
    made = Change({"actors": {9: None}, "event_actors": {4: None}},
                  {"actors": {9: {"id": 9}}, "event_actors": {4: {"event_id": 7, "actor_id": 9}}})
    scope = link_scope(made)
    assert scope is not None and scope.event_ids == (7,) and scope.actor_ids == (9,)


def test_patched_links_equal_rebuilt_ones() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(1, 30))
        rows = [sorted(set(rng.integers(0, 9, int(rng.integers(0, 4))).tolist())) for _ in range(n)]
        ptr = np.concatenate(([0], np.cumsum([len(r) for r in rows]))).astype(np.int64)
        links = Links(ptr, np.asarray([v for r in rows for v in r], dtype=np.int64))
        if rng.random() < 0.7:
            links.by_value()  # built before the patch: patched with the links
        pick = rng.choice(n, int(rng.integers(1, n + 1)), replace=False)
        new = {int(p): rng.integers(0, 9, int(rng.integers(0, 4))).tolist() for p in pick}
        got = with_rows(links, pick, [new[int(p)] for p in pick])
        want = [sorted(set(new.get(i, rows[i]))) for i in range(n)]
        assert [got.of(i).tolist() for i in range(n)] == want
        assert got is not links
        rebuilt = Links(got.ptr, got.values).by_value()
        for have, fresh in zip(got.by_value(), rebuilt, strict=True):
            assert have.tolist() == fresh.tolist()


def test_an_alias_no_article_names_leaves_the_panes_alone(window: MainWindow, monkeypatch) -> None:
    """Nothing visible moved: no relayout of the timeline, no re-index of the stances (at a
    million events those two froze the window for ~0.2 s); the actor lists do show it."""
    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    moved: list[int] = []
    state.filterChanged.connect(lambda: moved.append(1))
    indexed: list[int] = []
    real = w.stance_panel.model.set_stances
    monkeypatch.setattr(w.stance_panel.model, "set_stances",
                        lambda *a: (indexed.append(1), real(*a))[1])  # fmt: skip
    lanes = w.timeline._data

    change = relink.add_alias(w.project, owner.id, "Zzyzx Council")
    w.editor.applied(change)

    assert not moved and not indexed
    assert w.timeline._data is lanes
    assert "Zzyzx Council" in edits.actor_aliases(w.project, owner.id)
    assert_fresh(w)


def test_a_relink_keeps_the_lanes_it_did_not_change(window: MainWindow) -> None:
    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    before = {lane.id: lane for lane in w.timeline._data.lanes}

    change = relink.add_alias(w.project, owner.id, ALIAS)
    scope = link_scope(change)
    w.editor.applied(change)

    assert scope is not None and scope.event_ids
    after = {lane.id: lane for lane in w.timeline._data.lanes}
    kept = [i for i in after if i in before and i not in scope.actor_ids and i >= 0]
    assert kept and all(after[i] is before[i] for i in kept)
    fresh = build_lanes_from_arrays(fresh_arrays(w.project), state.visible_events().positions,
                                    w.timeline._actor_specs)  # fmt: skip
    assert {ln.id: ln.ids.tolist() for ln in fresh.lanes} == {
        ln.id: ln.ids.tolist() for ln in w.timeline._data.lanes}
    assert_fresh(w)


def test_the_actors_of_some_events_are_read_without_whole_rows(window: MainWindow) -> None:
    w, a = window, window.state.arrays
    ids = a.ids[:5].tolist()
    got = queries.event_actor_ids(w.project, [*ids, 10**9])
    assert list(got) == sorted(ids)  # an id with no event is absent
    assert got == {i: tuple(a.actors.of(a.position_of(i)).tolist()) for i in ids}


def test_with_a_worker_undo_and_redo_write_off_the_gui_thread(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """The running application installs the database worker: an alias's undo and redo write
    (and patch the links) there, and the window shows the result when they are done."""
    from viewer import undo
    from viewer.dbworker import DbWorker, install_db_worker

    w, state = window, window.state
    worker = install_db_worker(w, warm_up=False)
    owner = next(a for a in state.actors if a.name == OWNER)
    writers: list[str] = []
    for name in ("undo", "redo"):
        real = getattr(edits, name)
        monkeypatch.setattr(edits, name, lambda p, c, real=real: (
            writers.append(threading.current_thread().name), real(p, c))[1])  # fmt: skip
    prepared: list[object] = []
    real_prepare = undo.prepare
    monkeypatch.setattr(undo, "prepare", lambda s, c: (prepared.append(1), real_prepare(s, c))[1])
    had = events_of(state, owner.id)

    dlg = w.workflow.open_actor_manager()
    dlg.select_actor(owner.id)
    dlg.new_alias.insert(ALIAS)
    dlg.add_alias_button.click()
    assert worker.wait_idle()
    assert len(events_of(state, owner.id)) == 2

    w.workflow.undo_action.trigger()
    assert DbWorker.of(w.editor).wait_idle()
    assert events_of(state, owner.id) == had
    assert_fresh(w)
    w.workflow.redo_action.trigger()
    assert worker.wait_idle()
    assert len(events_of(state, owner.id)) == 2
    assert_fresh(w)
    assert writers == ["stanceline-db", "stanceline-db"]
    assert len(prepared) == 2  # the links were patched there too


def test_an_undo_that_fails_on_the_worker_says_so_and_shows_the_database(
    window: MainWindow, monkeypatch
) -> None:
    from viewer.dbworker import install_db_worker

    w, state = window, window.state
    worker = install_db_worker(w, warm_up=False)
    owner = next(a for a in state.actors if a.name == OWNER)
    change = relink.add_alias(w.project, owner.id, ALIAS)
    w.editor.stack.push(undo_module.ChangeCommand("Add alias", w.editor, change))
    said: list[str] = []
    w.editor.failed.connect(said.append)
    reloads: list[int] = []
    real_reload = state.reload
    monkeypatch.setattr(state, "reload", lambda *a, **k: (reloads.append(1), real_reload())[1])

    def refused(_p, _c):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(edits, "undo", refused)
    w.workflow.undo_action.trigger()
    assert worker.wait_idle()
    assert said == ["RuntimeError: disk I/O error"] and reloads
    state.wait_loaded()
    assert_fresh(w)


def test_an_actor_merge_shows_like_a_fresh_load_whichever_path_it_takes(
    window: MainWindow,
) -> None:
    """A merge moves links, mentions and stances and deletes the other actor: it may take the
    narrow path (no actor row edited) or the full reload; either way the window is right."""
    w, state = window, window.state
    keep, other = sorted((a for a in state.actors if a.event_count), key=lambda a: a.id)[:2]
    change = edits.merge_actors(w.project, keep.id, [other.id])
    w.editor.applied(change)
    state.wait_loaded()
    assert state.actor(other.id) is None
    assert other.name in edits.actor_aliases(w.project, keep.id)
    assert_fresh(w)
    w.editor.stack.push(undo_module.ChangeCommand("Merge", w.editor, change))
    w.workflow.undo_action.trigger()
    state.wait_loaded()
    assert state.actor(other.id) is not None
    assert_fresh(w)


def test_the_lists_rebuild_a_little_after_the_refresh(window: MainWindow) -> None:
    """The refresh and the lists' rebuild are two turns: the window answers between them."""
    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    heard: list[object] = []
    state.linksChanged.connect(heard.append)
    change = relink.add_alias(w.project, owner.id, ALIAS)
    w.editor.applied(change)
    assert not heard and events_of(state, owner.id) != set()  # the state is patched already
    QTest.qWait(LISTS_LATER_MS * 4)
    assert heard == [link_scope(change)]
    assert_fresh(w)



def test_a_relinked_layout_is_shown_once_its_big_lanes_are_built(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """After a relink the timeline keeps painting its current lanes while the builder thread
    builds the new ones it will show, however small, then shows them (the repaint that shows
    them is then cheap: a dozen small lanes built as they were painted were ~20 ms at 1M)."""
    from viewer.timeline import layout

    gate = threading.Event()
    real = layout._BUILDER

    class Gated:  # the builder thread, held until the test lets it go
        def submit(self, fn):
            return real.submit(lambda: (gate.wait(5), fn())[1])

    monkeypatch.setattr(layout, "_BUILDER", Gated())
    w, state = window, window.state
    tl = w.timeline
    shown = tl._data
    first, second = shown.lanes[0], shown.lanes[1]
    moved = int(first.positions[0])  # a dated event of the first lane goes to the second's actor
    a = state.arrays
    relinked = a.with_actor_links(with_rows(a.actors, np.array([moved]), [[second.id]]))
    tl.set_arrays(relinked, state.visible_positions(), state.lanes())
    assert tl._data is shown  # still the current lanes: the new ones are building
    gate.set()
    qtbot.waitUntil(lambda: tl._data is not shown, timeout=2000)
    lanes = {lane.id: lane for lane in tl._data.lanes}
    assert moved not in lanes[first.id].positions and moved in lanes[second.id].positions
    assert all(not lane.building for lane in tl._data.lanes)
    assert all("_built" in lane.__dict__ or lane._pending is not None
               for lane in (lanes[first.id], lanes[second.id]))  # fmt: skip


def test_an_alias_updates_the_actor_lists_in_place(qtbot, window: MainWindow) -> None:
    """The same actors in the same order: the actor filter and the actor manager change the
    rows the alias touched and keep the rest (clearing and filling both lists was ~45 ms of
    a frozen window at 400 actors); the alias is searchable at once."""
    from viewer.actorfilter import ID_ROLE, SEARCH_ROLE

    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    dlg.select_actor(owner.id)
    model = w.actor_filter.model
    rows = [model.item(r) for r in range(model.rowCount())]
    listed = [dlg.model.item(r) for r in range(dlg.model.rowCount())]

    change = relink.add_alias(w.project, owner.id, "Zzyzx Council")  # in no article
    w.editor.applied(change)
    qtbot.wait(LISTS_LATER_MS * 4)

    assert [model.item(r) for r in range(model.rowCount())] == rows  # the very same items
    assert [dlg.model.item(r) for r in range(dlg.model.rowCount())] == listed
    row = next(i for i in rows if i.data(ID_ROLE) == owner.id)
    assert "zzyzx council" in row.data(SEARCH_ROLE).split("\n")
    assert "Zzyzx Council" in dlg.alias_names()
    assert_fresh(w)


def test_choosing_an_actor_fills_the_editor_once(window: MainWindow, monkeypatch) -> None:
    w, state = window, window.state
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    chosen: list[int] = []
    real = type(dlg)._choose
    monkeypatch.setattr(dlg, "_choose", lambda index: (chosen.append(1), real(dlg, index)))
    other = next(a for a in state.actors if a.id != dlg._actor_id)
    dlg.select_actor(other.id)
    assert dlg._actor_id == other.id and dlg.name.text() == other.name
    assert chosen == [1]  # not once by the list's signal and once more by hand
    dlg.select_actor(other.id)  # already current: no signal, filled by hand
    assert chosen == [1, 1]


def test_a_filter_that_lets_the_same_stances_through_keeps_the_grid(window: MainWindow,
                                                                   monkeypatch) -> None:
    """Most event filters, and an alias that moves events between actors, leave the stance
    grid as it is (and the cell the analyst chose selected)."""
    w, state = window, window.state
    panel = w.stance_panel
    recounts: list[int] = []
    real = panel.refilter
    monkeypatch.setattr(panel, "refilter", lambda: (recounts.append(1), real())[1])
    state.filterChanged.emit()
    assert not recounts
    holder = next(a for a in state.actors if any(s.holder_id == a.id for s in state.stances))
    state.set_actor_filter([holder.id])  # fewer stances pass: counted again
    assert recounts
    assert panel.model.counts_mask(state.stance_mask())


def test_the_worker_reads_the_actors_and_stances_of_a_relink(window: MainWindow,
                                                             monkeypatch) -> None:
    """What an alias changed (actor rows and counts, stance holders) is read with the new
    links on the database worker; the GUI thread only swaps them in."""
    from viewer import undo

    w, state = window, window.state
    owner = next(a for a in state.actors if a.name == OWNER)
    change = relink.add_alias(w.project, owner.id, ALIAS)
    prepared = undo.prepare(state, change)  # what the worker does after the write
    assert prepared.actors and prepared.stances
    reads: list[str] = []
    for name in ("list_actors", "list_stances", "event_actor_ids"):
        real = getattr(queries, name)
        monkeypatch.setattr(queries, name,
                            lambda *a, _n=name, _r=real, **k: (reads.append(_n), _r(*a, **k))[1])
    w.editor.applied(change, prepared)
    assert reads == []
    monkeypatch.undo()
    assert_fresh(w)
