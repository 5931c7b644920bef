"""A big project fills the window progressively: events first (from the array cache when it
is current), then summaries, stances and sources."""

from __future__ import annotations

import numpy as np
import pytest

from db import annotations, queries
from db.generate import generate_project
from db.project import Project
from viewer.state import ProjectState


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.stanceline"
    generate_project(path, events=1200, actors=20, seed=5)
    p = Project.open(path, create=False)
    yield p
    p.close()


def test_events_arrive_before_the_rest(qtbot, project) -> None:
    st = ProjectState(project, background=True)
    seen: list[tuple[bool, int, int, bool]] = []
    st.dataChanged.connect(
        lambda: seen.append((st.loading, len(st.arrays), len(st.sources), st.events_ready))
    )
    with qtbot.waitSignal(st.loadingChanged, timeout=30_000, check_params_cb=lambda on: not on):
        pass
    assert len(seen) == 2
    first, last = seen
    assert first[0] and first[1] == 1200 and first[2] == 0 and first[3]  # events, no sources
    assert not last[0] and last[1] == 1200 and last[2] > 0
    assert st.stances and st.arrays.summary(0)  # the second stage brought text and stances
    assert st.text_matches(st.arrays.summary(0)[:12]).size >= 1


def _same(a: queries.EventArrays, b: queries.EventArrays) -> None:
    for name in ("ids", "start", "end", "precision", "event_type", "review", "starred",
                 "note_count"):  # fmt: skip
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
        assert getattr(a, name).dtype == getattr(b, name).dtype, name
    for name in ("actors", "things", "sources", "tags"):
        for part in ("ptr", "values"):
            x, y = getattr(getattr(a, name), part), getattr(getattr(b, name), part)
            np.testing.assert_array_equal(x, y, err_msg=f"{name}.{part}")
            assert x.dtype == y.dtype == np.int64, f"{name}.{part}"
    assert a.types == b.types and a.tag_names == b.tag_names


def test_generate_leaves_the_array_cache_built(project) -> None:
    # A bulk write primes the cache: the first window opens from it, not from every link.
    assert queries.read_event_arrays(project)[1]


def test_array_cache_is_used_only_while_the_project_is_unchanged(project) -> None:
    fresh = queries.load_event_arrays(project)
    queries.arrays_cache_path(project).unlink()  # as after a write by an older version
    first, cached = queries.load_event_arrays_cached(project)
    assert not cached and queries.arrays_cache_path(project).is_file()
    again, cached = queries.load_event_arrays_cached(project)
    assert cached
    _same(again, fresh)
    _same(first, fresh)

    event_id = int(fresh.ids[0])
    annotations.set_star(project, event_id, not bool(fresh.starred[0]))  # bumps the revision
    after, cached = queries.load_event_arrays_cached(project)
    assert not cached  # stale: read from the database, and cached anew
    assert bool(after.starred[after.position_of(event_id)]) != bool(fresh.starred[0])
    assert queries.load_event_arrays_cached(project)[1]


def test_the_cache_stores_ids_and_links_narrow_and_gives_them_back_wide(project) -> None:
    from db import arrays

    fresh = queries.load_event_arrays(project)
    queries.load_event_arrays_cached(project)
    with np.load(queries.arrays_cache_path(project)) as z:
        assert z["ids"].dtype == np.int32 and z["actors_values"].dtype == np.int32
        assert z["note_count"].dtype == fresh.note_count.dtype
    _same(queries.load_event_arrays_cached(project)[0], fresh)
    big = np.array([1, 1 << 31], dtype=np.int64)  # an id past int32: kept as it is
    assert arrays._narrow(big).dtype == np.int64 and arrays._wide(arrays._narrow(big)) is big


def test_a_damaged_cache_file_falls_back_to_the_database(project) -> None:
    queries.load_event_arrays_cached(project)
    path = queries.arrays_cache_path(project)
    path.write_bytes(b"not an npz")
    arrays, cached = queries.load_event_arrays_cached(project)
    assert not cached and len(arrays) == 1200


def test_the_loader_prepares_the_lanes_index_off_the_gui_thread(project) -> None:
    """The actor lanes are cut from the links' inverted index (~50 ms at 1,000,000 events):
    the loading thread builds it, so the window's first frame does not."""
    from viewer import state as state_module

    first = state_module._read_events(project)
    assert first.arrays is not None and "_by_value" in first.arrays.actors.__dict__
