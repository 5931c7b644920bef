"""The actor/source inverted index (``Links.by_value``) equals numpy's stable argsort, for the
id ranges the radix path takes (16 and 32 bits) and for those it leaves to numpy."""

from __future__ import annotations

import numpy as np
import pytest

from db.arrays import Links, stable_order


def reference(links: Links) -> tuple[list[int], list[int]]:
    order = np.argsort(links.values, kind="stable")
    return links.values[order].tolist(), links.owners()[order].tolist()


@pytest.mark.parametrize("high", [9, 70_000, 5_000_000_000])
def test_the_index_is_a_stable_sort_by_value(high: int) -> None:
    rng = np.random.default_rng(high % 97)
    for _ in range(50):
        n = int(rng.integers(0, 60))
        lengths = rng.integers(0, 4, n)
        ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        values = rng.integers(-3 if high > 1 << 32 else 0, high, int(ptr[-1])).astype(np.int64)
        links = Links(ptr, values)
        values_sorted, owners = links.by_value()
        assert (values_sorted.tolist(), owners.tolist()) == reference(links)
        assert owners.dtype == np.int64
        assert stable_order(values).tolist() == np.argsort(values, kind="stable").tolist()


def test_members_are_the_events_linked_to_a_value() -> None:
    links = Links(np.array([0, 2, 2, 3, 5]), np.array([7, 70_001, 7, 7, 70_001]))
    assert links.members(7).tolist() == [0, 2, 3]
    assert links.members(70_001).tolist() == [0, 3]
    assert links.members(8).tolist() == []


def test_new_actor_links_keep_the_arrays_position_caches() -> None:
    from db.arrays import EventArrays

    n = 4
    z = np.zeros(n)
    links = Links(np.arange(n + 1), np.arange(n))
    arrays = EventArrays(np.array([7, 3, 9, 5]), z.copy(), z + 1, z.astype(np.int8),
                         z.astype(np.int16), (), z.astype(np.int8), z.astype(bool),
                         z.astype(np.int32), links, links, links, links, {}, "",
                         np.arange(n), np.arange(n))  # fmt: skip
    assert arrays.position_of(9) == 2  # builds the id → position cache
    other = Links(np.arange(n + 1), np.array([1, 1, 2, 2]))
    relinked = arrays.with_actor_links(other)
    assert relinked.actors is other and arrays.actors is links
    assert relinked.__dict__["_pos_cache"] is arrays.__dict__["_pos_cache"]
    assert relinked.position_of(5) == 3 and relinked.things is links
