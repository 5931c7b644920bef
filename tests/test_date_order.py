"""The one event order (``db.arrays.date_order``): its quick path, one radix sort of one key,
must give exactly the three-column lexsort's order, and step aside when it cannot."""

from __future__ import annotations

import numpy as np
import pytest

from db import arrays
from db.arrays import date_order, stable_order


def lexsorted(start: np.ndarray, end: np.ndarray, ids: np.ndarray) -> list[int]:
    return np.lexsort((ids, -end, start)).tolist()


@pytest.mark.parametrize("scale", [1, 1000, 36_500])
def test_the_quick_order_is_the_lexsort_order(scale: int) -> None:
    rng = np.random.default_rng(scale)
    for trial in range(400):
        n = int(rng.integers(0, 70))
        ids = np.sort(rng.choice(10**7, n, replace=False)).astype(np.int64)
        start = rng.integers(-40, 40, n).astype(float) * scale
        end = start + rng.integers(-2 if trial % 5 == 0 else 1, 6, n) * scale
        start[rng.random(n) < 0.3] = np.nan  # undated: last, by id
        end[np.isnan(start)] = np.nan
        assert date_order(start, end, ids).tolist() == lexsorted(start, end, ids)


def test_the_quick_order_steps_aside_where_it_would_be_wrong(monkeypatch) -> None:
    ids = np.array([5, 3, 9])  # not ascending: ties could not rely on a stable sort
    start, end = np.array([1.0, 1.0, 0.0]), np.array([2.0, 2.0, 1.0])
    assert arrays._whole_day_order(start, end, ids) is None
    assert date_order(start, end, ids).tolist() == lexsorted(start, end, ids)
    halves = np.array([0.5, 0.25, 0.5])  # not whole days
    assert arrays._whole_day_order(halves, halves + 1, np.arange(3)) is None
    used: list[int] = []
    real = arrays.stable_order
    monkeypatch.setattr(arrays, "stable_order", lambda k: (used.append(1), real(k))[1])
    date_order(np.array([3.0, 1.0, 2.0]), np.array([4.0, 2.0, 3.0]), np.arange(3))
    assert used  # whole days, ascending ids: the one-key path


def test_radix_order_is_numpys_stable_order_for_wide_keys() -> None:
    rng = np.random.default_rng(8)
    for bits in (8, 20, 40, 62):
        for _ in range(30):
            keys = rng.integers(0, 2**bits, int(rng.integers(0, 200))).astype(np.int64)
            keys[: len(keys) // 3] = keys[0] if len(keys) else 0  # ties
            assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
