"""The event table's sort orders: cached per arrays, and kept across a relink for the columns
it did not change (a million-event date order is ~50 ms to sort again)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from db.arrays import EventArrays, Links
from db.queries import ActorRow
from viewer.eventsort import SortKeys


@dataclass
class FakeState:
    arrays: EventArrays
    actors: list[ActorRow]


def arrays_with(links: Links, n: int) -> EventArrays:
    z = np.zeros(n)
    start = np.arange(n, dtype=float)
    return EventArrays(np.arange(n, dtype=np.int64), start, start + 1, z.astype(np.int8),
                       z.astype(np.int16), (), z.astype(np.int8), z.astype(bool),
                       z.astype(np.int32), links, links, links, links, {}, "",
                       np.arange(n), np.arange(n))  # fmt: skip


def test_a_relink_keeps_the_orders_it_did_not_change() -> None:
    actors = [ActorRow(1, "Beta", "country", "", None, 0),
              ActorRow(2, "Alpha", "country", "", None, 0)]
    links = Links(np.array([0, 1, 2, 3]), np.array([1, 1, 2]))
    state = FakeState(arrays_with(links, 3), actors)
    keys = SortKeys(state)  # type: ignore[arg-type]
    by_date = keys.permutation("date")
    assert keys.permutation("actors").tolist() == [2, 0, 1]  # Alpha's event first

    state.arrays = replace(state.arrays, actors=Links(np.array([0, 1, 2, 3]), np.array([2, 1, 1])))
    assert keys.permutation("date") is by_date  # same dates: not sorted again
    assert keys.permutation("actors").tolist() == [0, 1, 2]  # the new links are read

    state.arrays = replace(state.arrays, start=state.arrays.start[::-1].copy())
    assert keys.permutation("date") is not by_date  # other dates: sorted again


def test_every_order_equals_a_full_sort_whether_or_not_the_events_are_in_it_already(
    monkeypatch,
) -> None:
    """Events kept by date need no sort for the ascending date column (the permutation is
    0..n-1); anything else is sorted, with ties in position order, as lexsort would."""
    rng = np.random.default_rng(12)
    actors = [ActorRow(i, f"A{i % 4}", "country", "", None, 0) for i in range(1, 6)]
    for trial in range(200):
        n = int(rng.integers(1, 30))
        start = rng.integers(0, 6, n).astype(float)
        end = start + rng.choice([1.0, 30.0, 365.0], n)
        start[rng.random(n) < 0.2] = np.nan  # undated
        end[np.isnan(start)] = np.nan
        if trial % 2:  # as the project keeps them: date order (undated last)
            order = np.lexsort((np.arange(n), -np.nan_to_num(end, nan=0.0),
                                np.where(np.isnan(start), np.inf, start)))
            start, end = start[order], end[order]
        ptr = np.arange(n + 1)
        links = Links(ptr, rng.integers(1, 6, n))
        a = arrays_with(links, n)
        a = replace(a, start=start, end=end, starred=rng.random(n) < 0.5,
                    review=rng.integers(0, 3, n).astype(np.int8))  # fmt: skip
        state = FakeState(a, actors)
        keys = SortKeys(state)  # type: ignore[arg-type]
        sorts: list[int] = []
        with monkeypatch.context() as m:
            real = np.lexsort
            m.setattr(np, "lexsort", lambda cols, _s=sorts, _r=real: _s.append(1) or _r(cols))
            keys.permutation("date")
        if trial % 2:
            assert sorts == []  # in date order already: nothing sorted
            assert keys.in_order("date") and keys.rank("date") is keys.permutation("date")
        for key in ("date", "star", "review", "actors"):
            for descending in (False, True):
                columns = [(c if not descending else -c) for c in _key_columns(key, state)]
                want = np.lexsort((np.arange(n), *columns))
                assert keys.permutation(key, descending).tolist() == want.tolist(), key


def _key_columns(key: str, state: FakeState) -> list[np.ndarray]:
    from viewer import eventsort

    return list(eventsort.KEYS[key](state))  # type: ignore[arg-type]
