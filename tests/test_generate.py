"""The synthetic project generator: N events with the requested shape, reproducibly."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from db import queries
from db.generate import generate_project
from db.project import Project


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("gen") / "g.stanceline"
    generate_project(path, events=3000, actors=40, seed=5)
    project = Project.open(path, create=False)
    yield path, project
    project.close()


def test_event_and_actor_counts(generated) -> None:
    _, project = generated
    events = queries.list_events(project)
    assert len(events) == 3000
    assert len(queries.list_actors(project)) == 40
    assert all(e.actor_ids for e in events)
    assert all(1 <= len(e.source_ids) <= 4 for e in events)
    assert sum(len(e.source_ids) > 1 for e in events) > 1000  # several sources per event


def test_mixed_precision_and_30_years(generated) -> None:
    _, project = generated
    events = queries.list_events(project)
    precision = Counter(e.precision for e in events)
    assert precision["day"] > precision["month"] > precision["year"] > 0
    assert precision[None] > 0  # some undated
    years = {e.earliest.year for e in events if e.earliest}
    assert min(years) >= 1995 and max(years) <= 2024 and len(years) >= 25


def test_skewed_actor_activity(generated) -> None:
    _, project = generated
    counts = [a.event_count for a in queries.list_actors(project)]
    assert counts[0] > 5 * np.median(counts)  # Zipf: a few actors in most events


def test_bursty_times(generated) -> None:
    _, project = generated
    arrays = queries.load_event_arrays(project)
    days = arrays.start[~np.isnan(arrays.start)]
    per_month = np.bincount(((days - days.min()) // 30).astype(int))
    assert per_month.max() > 8 * np.median(per_month)


def test_stars_stances_and_review_states(generated) -> None:
    _, project = generated
    events = queries.list_events(project)
    assert any(e.starred for e in events)
    assert {e.review for e in events} == {"unreviewed", "confirmed", "rejected"}
    assert queries.list_stances(project)


def test_same_seed_same_project(tmp_path) -> None:
    a, b = tmp_path / "a.stanceline", tmp_path / "b.stanceline"
    generate_project(a, events=200, actors=10, seed=9)
    generate_project(b, events=200, actors=10, seed=9)
    with Project.open(a, create=False) as pa, Project.open(b, create=False) as pb:
        ra, rb = queries.list_events(pa), queries.list_events(pb)
    assert [(r.id, r.summary, r.earliest) for r in ra] == [
        (r.id, r.summary, r.earliest) for r in rb
    ]


def test_refuses_to_overwrite(generated) -> None:
    path, _ = generated
    with pytest.raises(FileExistsError):
        generate_project(path, events=10)
