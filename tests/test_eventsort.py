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
