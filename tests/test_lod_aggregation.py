"""Level of detail: bucket counts, clusters and span coverage agree with brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from viewer.timeline import lod


@pytest.fixture
def starts() -> np.ndarray:
    rng = np.random.default_rng(7)
    bursts = rng.normal(10_000, 40, 5_000)
    background = rng.uniform(0, 20_000, 3_000)
    return np.sort(np.floor(np.concatenate([bursts, background])))


@pytest.mark.parametrize("dpp", [15.0, 2.0, 0.3, 0.01])
@pytest.mark.parametrize("start", [9_000.0, 9_990.5, 0.0])
def test_cluster_counts_add_up_to_the_events_in_the_window(starts, dpp, start) -> None:
    width = 1200
    edges = lod.bucket_edges(start, dpp, width)
    assert edges[0] <= start and edges[-1] >= start + width * dpp  # the view is covered
    counts = lod.point_counts(starts, edges)
    in_window = np.count_nonzero((starts >= edges[0]) & (starts < edges[-1]))
    assert counts.sum() == in_window
    cl = lod.clusters(counts, edges, dpp)
    assert cl.count.sum() == in_window  # no event lost or counted twice
    # Clusters are disjoint, ordered, and each bucket with events is in exactly one.
    assert np.all(cl.first <= cl.last)
    assert np.all(cl.last[:-1] < cl.first[1:])
    covered = np.zeros(len(counts), dtype=int)
    for a, b in zip(cl.first, cl.last, strict=True):
        covered[a : b + 1] += 1
    assert np.all(covered[counts > 0] == 1)


def test_every_event_in_exactly_one_bucket_at_every_zoom(starts) -> None:
    for dpp in np.geomspace(20.0, 0.005, 12):
        edges = lod.bucket_edges(9_500.0, dpp, 1400)
        counts = lod.point_counts(starts, edges)
        k = np.searchsorted(edges, starts, side="right") - 1
        inside = (k >= 0) & (k < len(counts))
        assert np.array_equal(np.bincount(k[inside], minlength=len(counts)), counts)


def test_clusters_never_exceed_a_grid_cell() -> None:
    starts = np.arange(0.0, 10_000.0)  # one a day: every bucket full
    dpp = 1.0
    edges = lod.bucket_edges(0.0, dpp, 1000)
    cl = lod.clusters(lod.point_counts(starts, edges), edges, dpp)
    widths = (cl.last - cl.first + 1) * lod.BUCKET_PX
    assert widths.max() <= lod.CLUSTER_PX
    assert len(cl) > 5  # a dense lane is a row of counted groups, not one blob


def test_buckets_are_anchored_so_a_pan_does_not_rebin() -> None:
    a = lod.bucket_edges(1000.0, 0.5, 800)
    b = lod.bucket_edges(1000.0 + 0.5 * 7, 0.5, 800)  # panned by 7 px
    shared = np.intersect1d(a, b)
    assert len(shared) > len(a) - 6


def test_span_coverage_matches_brute_force() -> None:
    rng = np.random.default_rng(3)
    s = np.sort(rng.uniform(0, 1000, 400))
    e = s + rng.choice([30.0, 365.0], 400)
    edges = lod.bucket_edges(200.0, 1.0, 500)
    got = lod.span_coverage(s, np.sort(e), edges)
    want = [np.count_nonzero((s < b) & (e > a)) for a, b in itertools.pairwise(edges)]
    assert got.tolist() == want


def test_count_text() -> None:
    assert lod.count_text(1284) == "+1,284"
