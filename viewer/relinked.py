"""New actor links for a few events, without re-reading the million others.  No Qt.

An alias added or removed (and its undo or redo) re-reads the few articles that contain the
name: some events change actors, some stances change holder, a new name may become an actor.
``link_scope`` says from the ``Change`` which rows those are; ``with_rows`` patches the
actor CSR at those positions only, and ``merged_actors`` / ``patched_stances`` put the re-read
rows in place.  A full reload instead reads every event and rebuilds every pane on the GUI
thread (~190 ms at 100,000 events).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain

import numpy as np

from db import queries
from db.arrays import EventArrays, Links
from db.edits import Change
from db.project import Project
from db.queries import ActorRow, StanceRow

# The tables a relink writes; a change that touches any other is not a relink.
LINK_TABLES = frozenset({"actor_aliases", "mentions", "event_actors", "stances", "actors"})
# Past this many changed rows the narrow re-read stops paying (and its IN lists get long).
NARROW_UP_TO = 5_000


@dataclass(frozen=True)
class LinkScope:
    """The rows a relink changed, as the viewer re-reads them (now, after undo, after redo:
    the ids are the same both ways)."""

    event_ids: tuple[int, ...]  # events whose actor links changed
    actor_ids: tuple[int, ...]  # actors made, gone, with other events or other aliases
    stance_ids: tuple[int, ...]  # stances made, gone, or with another holder
    source_ids: tuple[int, ...]  # sources whose mentions or stances changed (source pane)
    aliases: bool  # an alias list changed (the actor lists search them)


@dataclass(frozen=True)
class PatchedLinks:
    """The actor links after a relink, patched from ``base`` off the GUI thread (the database
    worker): reading the relinked events' actors and patching a million events' links and
    their index is ~100 ms the window would otherwise stand still for."""

    scope: LinkScope
    base: Links  # the state's links it was patched from: stale if they are not current
    links: Links
    event_ids: tuple[int, ...]
    # The scope's actors counted on ``links`` and its stances, read beside the links: each
    # is a query and a pass over a million links the GUI thread would otherwise wait on.
    actors: list[ActorRow] | None = None
    stances: list[StanceRow] | None = None


def patch_links(project: Project, scope: LinkScope, arrays: EventArrays) -> PatchedLinks | None:
    """``arrays.actors`` with the relinked events' actors read again; None when an event came
    or went (the state reloads).  Reads ``arrays`` only: safe beside the GUI thread."""
    linked = queries.event_actor_ids(project, scope.event_ids)
    pos = arrays.positions_of(np.asarray(list(linked), dtype=np.int64))
    if len(linked) != len(scope.event_ids) or (pos < 0).any():
        return None
    base = arrays.actors
    links = with_rows(base, pos, list(linked.values()))
    actors = counted(queries.list_actors(project, counts=False, ids=scope.actor_ids), links)
    stances = queries.list_stances(project, ids=scope.stance_ids) if scope.stance_ids else []
    return PatchedLinks(scope, base, links, tuple(linked), actors, stances)


def counted(actors: Iterable[ActorRow], links: Links) -> list[ActorRow]:
    """The actors with their event counts taken from the links in memory: the SQL GROUP BY
    takes ~3 s at a million events (and ~0.1 s for the few actors a relink touches)."""
    actors = list(actors)
    top = max((a.id for a in actors), default=-1) + 1
    counts = np.bincount(links.values, minlength=top) if len(links.values) else np.zeros(top)
    return [replace(a, event_count=int(counts[a.id])) for a in actors]


def _rows(change: Change, table: str) -> list[tuple[int, dict | None, dict | None]]:
    before, after = change.before.get(table, {}), change.after.get(table, {})
    return [(pk, before.get(pk), after.get(pk)) for pk in before.keys() | after.keys()]


def link_scope(change: Change) -> LinkScope | None:
    """What to re-read for a change that only relinks, or None when a full reload is due:
    other tables touched, an existing actor edited (a rename, a colour, an affiliation moves
    rows a narrow patch does not), or too many rows."""
    touched = {t for t, rows in change.after.items() if rows}
    if not touched or not touched <= LINK_TABLES:
        return None
    actors = _rows(change, "actors")
    if any(b is not None and a is not None for _, b, a in actors):
        return None
    events: set[int] = set()
    owners: set[int] = {pk for pk, _, _ in actors}
    for _, b, a in _rows(change, "event_actors"):
        for row in (b, a):
            if row is not None:
                events.add(int(row["event_id"]))
                owners.add(int(row["actor_id"]))
    stances: set[int] = set()
    sources: set[int] = set()
    for pk, b, a in _rows(change, "stances"):
        stances.add(pk)
        for row in (b, a):
            if row is not None:
                owners.add(int(row["holder_id"]))
                sources.add(int(row["source_id"]))
    for _, b, a in _rows(change, "actor_aliases"):  # the lists search an actor's aliases
        owners.update(int(row["actor_id"]) for row in (b, a) if row is not None)
    for _, b, a in _rows(change, "mentions"):
        sources.update(int(row["source_id"]) for row in (b, a) if row is not None)
    if max(len(events), len(stances), len(owners)) > NARROW_UP_TO:
        return None
    return LinkScope(tuple(sorted(events)), tuple(sorted(owners)), tuple(sorted(stances)),
                     tuple(sorted(sources)), "actor_aliases" in touched)  # fmt: skip


def with_rows(links: Links, positions: np.ndarray, rows: Sequence[Iterable[int]]) -> Links:
    """``links`` with the values at ``positions`` replaced by ``rows`` (unique and sorted per
    event, as ``db.arrays`` builds them): a new ``Links``, so caches keyed on it go."""
    n = len(links.ptr) - 1
    lengths = np.diff(links.ptr)
    new = _unique_rows(rows)
    pos = np.asarray(positions, dtype=np.int64)
    lengths[pos] = [len(v) for v in new]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    values = np.empty(int(ptr[-1]), dtype=links.values.dtype)
    # Copy the untouched runs between patched positions a slice at a time (memcpy).
    by_pos = sorted(zip(pos.tolist(), new, strict=True))
    at = 0
    for p, v in [*by_pos, (n, None)]:
        values[ptr[at] : ptr[p]] = links.values[links.ptr[at] : links.ptr[p]]
        if v is not None:
            values[ptr[p] : ptr[p + 1]] = v
        at = p + 1
    out = Links(ptr, values)
    index = links.__dict__.get("_by_value")
    if index is not None:  # the timeline and the actor filter read it at once: patch it too
        out.__dict__["_by_value"] = _patched_index(index, n, pos, new)
    return out


def _unique_rows(rows: Sequence[Iterable[int]]) -> list[np.ndarray]:
    """Each row's values, unique and ascending: one sort for all rows, not one per row."""
    rows = [tuple(r) for r in rows]
    sizes = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(sizes.sum()))
    owner = np.repeat(np.arange(len(rows)), sizes)
    order = np.lexsort((flat, owner))
    flat, owner = flat[order], owner[order]
    first = np.ones(len(flat), dtype=bool)
    first[1:] = (flat[1:] != flat[:-1]) | (owner[1:] != owner[:-1])
    flat, owner = flat[first], owner[first]
    bounds = np.cumsum(np.bincount(owner, minlength=len(rows)))[:-1]
    return np.split(flat, bounds)


def _patched_index(
    index: tuple[np.ndarray, np.ndarray], n: int, pos: np.ndarray, new: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """``Links.by_value`` after the patch, from the one before: the patched positions' entries
    leave and their new values go in at their sorted places, in linear time (sorting every
    link again takes ~0.2 s at a million events)."""
    values, owners = index
    gone = np.zeros(n, dtype=bool)
    gone[pos] = True
    keep = ~gone[owners]
    values, owners = values[keep], owners[keep]
    add_v = np.concatenate(new) if new else values[:0]
    add_o = np.repeat(pos, [len(v) for v in new])
    order = np.lexsort((add_o, add_v))  # by value, then position: the index's own order
    add_v, add_o = add_v[order], add_o[order]
    at = np.searchsorted(values * n + owners, add_v * n + add_o)
    return np.insert(values, at, add_v), np.insert(owners, at, add_o)


def merged_actors(
    actors: list[ActorRow], ids: Iterable[int], fresh: list[ActorRow]
) -> list[ActorRow]:
    """The actor list with ``ids`` replaced by their re-read rows (absent: gone), in the
    order ``db.queries.list_actors`` gives (most events first, then by name)."""
    drop = set(ids)
    out = [a for a in actors if a.id not in drop] + fresh
    out.sort(key=lambda a: (-a.event_count, a.name))
    return out


def patched_stances(
    stances: list[StanceRow], holder: np.ndarray, ids: Iterable[int], fresh: list[StanceRow]
) -> tuple[list[StanceRow], bool]:
    """The stance list with ``ids`` replaced in place by their re-read rows, and whether only
    rows were replaced (then the stance columns need their holders patched, not a rebuild).
    ``holder`` is the columns' holder array, patched here in that case.  New stances are
    appended and gone ones dropped (the stance panel sorts for itself)."""
    by_id = {s.id: s for s in fresh}
    wanted = set(ids)
    places = {s.id: i for i, s in enumerate(stances) if s.id in wanted}
    if set(places) == set(by_id):
        out = list(stances)
        for sid, i in places.items():
            out[i] = by_id[sid]
            holder[i] = by_id[sid].holder_id
        return out, True
    kept = [by_id.get(s.id, s) for s in stances if s.id not in wanted or s.id in by_id]
    return kept + [s for sid, s in by_id.items() if sid not in places], False
