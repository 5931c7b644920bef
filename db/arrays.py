"""The events as numpy columns (``EventArrays``) and their ``.npz`` cache.

The viewer filters, lays out and counts on these arrays; a million events take ~60 MB here
against ~1 GB as ``db.queries.EventRow`` objects.  SQL that builds one row for the GUI stays in
``db.queries``; this module is the in-memory model and its cache.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select

from db import models as m
from db.project import Project


def date_order(start: np.ndarray, end: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """The one order events are kept in (arrays, lists, lanes): earliest start first; on the
    same start the longer date first (a year before its months, a month before its days),
    then ``tiebreak`` (the id); undated (NaN) last.  The event list's Date column sorts the
    same way, so a filter keeps its rows in order without sorting them."""
    fast = _whole_day_order(start, end, tiebreak)
    return fast if fast is not None else np.lexsort((tiebreak, -end, start))


def _whole_day_order(start: np.ndarray, end: np.ndarray, tiebreak: np.ndarray) -> np.ndarray | None:
    """``date_order`` as one radix sort of one integer key (start, then the longer first) when
    the tiebreak is already ascending and the days are whole: ~4x quicker than the lexsort of
    three columns at a million events (the first frame of a project opened without its
    cache).  None when that does not hold: the caller sorts the general way."""
    n = len(start)
    if n < 2 or not bool(np.all(tiebreak[1:] > tiebreak[:-1])):
        return None
    dated = ~np.isnan(start)
    s, e = start[dated], end[dated]
    if not len(s):
        return np.arange(n)
    if np.isnan(e).any() or not (np.all(s == np.floor(s)) and np.all(e == np.floor(e))):
        return None
    day, span = s - s.min(), e - s
    longest, shortest = span.max(), span.min()
    width = longest - shortest + 1
    if (day.max() + 1) * width >= 2.0**52:  # exact in float64, and in int64 below
        return None
    # start ascending, then the span descending (the longer first)
    key = (day * width + (longest - span)).astype(np.int64)
    where = np.flatnonzero(dated)
    order = where[stable_order(key)]  # stable: the ascending tiebreak on ties
    return np.concatenate((order, np.flatnonzero(~dated)))


PRECISION_CODES: dict[str | None, int] = {None: -1, "day": 0, "month": 1, "year": 2}
OTHER_PRECISION = 3  # any other precision string (season, quarter…)
REVIEW_CODES: dict[str, int] = {"unreviewed": 0, "confirmed": 1, "rejected": 2}
_EPOCH_ORD = date(1970, 1, 1).toordinal()


@dataclass
class Links:
    """A CSR many-to-many: the values of event position ``i`` are ``values[ptr[i]:ptr[i+1]]``."""

    ptr: np.ndarray  # int64, len n + 1
    values: np.ndarray  # int64 (actor/thing/source/tag ids)

    def of(self, pos: int) -> np.ndarray:
        return self.values[self.ptr[pos] : self.ptr[pos + 1]]

    def owners(self) -> np.ndarray:
        """The event position of every entry of ``values``."""
        return np.repeat(np.arange(len(self.ptr) - 1), np.diff(self.ptr))

    def positions_with(self, wanted: np.ndarray) -> np.ndarray:
        """Sorted positions of events linked to any of ``wanted``."""
        hit = np.isin(self.values, wanted)
        return np.unique(self.owners()[hit])

    def by_value(self) -> tuple[np.ndarray, np.ndarray]:
        """(values sorted, the event position of each): the events of value ``v`` are one
        slice, found by binary search.  Built once per ``Links`` (an inverted index)."""
        cached = self.__dict__.get("_by_value")
        if cached is None:
            cached = _inverted(self.ptr, self.values)
            self.__dict__["_by_value"] = cached
        return cached

    def members(self, value: int) -> np.ndarray:
        """Ascending positions of the events linked to ``value``."""
        values, owners = self.by_value()
        lo, hi = np.searchsorted(values, [value, value + 1])
        return owners[lo:hi]


def _inverted(ptr: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values sorted, the owner of each), owners ascending per value.  Built after every
    edit that moves rows, so it is kept linear: radix order, the sorted values counted out
    rather than gathered, and owners gathered as int32 (half the memory traffic)."""
    n = len(ptr) - 1
    order = stable_order(values)  # positions stay ascending per value
    narrow = np.int32 if n < 1 << 31 else np.int64
    owners = np.repeat(np.arange(n, dtype=narrow), np.diff(ptr))[order].astype(np.int64)
    if len(values) and values.min() >= 0 and values.max() <= 4 * len(values) + (1 << 16):
        counts = np.bincount(values)  # ids are dense: one count per id is small
        return np.repeat(np.arange(len(counts), dtype=values.dtype), counts), owners
    return values[order], owners


def stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` for non-negative integer keys.  numpy sorts 16-bit
    keys by radix, in linear time, so the keys are sorted 16 bits at a time, lowest first
    (~10 ms for two million ids below 2**32, against ~160 ms for int64 keys)."""
    if not len(values) or values.min() < 0:
        return np.argsort(values, kind="stable")
    top = int(values.max())
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while top >> shift:
        digit = ((values >> shift) & 0xFFFF).astype(np.uint16)[order]
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


@dataclass
class EventArrays:
    """Every event as parallel numpy arrays, in ``list_events`` order (by date, undated last).

    A million events take ~60 MB here against ~1 GB as ``EventRow`` objects; the viewer
    filters, lays out and counts on these and builds an ``EventRow`` only for what it shows.
    Days are float days since 1970-01-01, ``end`` exclusive (a one-day event is 1.0 wide);
    undated events have NaN in both.
    """

    ids: np.ndarray  # int64
    start: np.ndarray  # float64
    end: np.ndarray  # float64
    precision: np.ndarray  # int8 PRECISION_CODES
    event_type: np.ndarray  # int16 index into ``types``
    types: tuple[str, ...]
    review: np.ndarray  # int8 REVIEW_CODES
    starred: np.ndarray  # bool
    note_count: np.ndarray  # int32
    actors: Links
    things: Links
    sources: Links
    tags: Links
    tag_names: dict[int, str]
    summaries: str  # every summary (newlines made spaces) joined by newlines, in id order
    summary_start: np.ndarray  # int64: summary of position i is summaries[start[i]:end[i]]
    summary_end: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def with_actor_links(self, actors: Links) -> EventArrays:
        """These arrays with other actor links (a relink): the same events in the same places,
        so the caches kept on them (id → position; the timeline's span mask…) hold for the
        copy too.  Such caches may depend on the event columns only, never on the links."""
        out = replace(self, actors=actors)
        out.__dict__.update((k, v) for k, v in self.__dict__.items() if k.startswith("_"))
        return out

    def position_of(self, event_id: int) -> int | None:
        pos = self._pos_of_id()
        if 0 <= event_id < len(pos) and pos[event_id] >= 0:
            return int(pos[event_id])
        return None

    def positions_of(self, event_ids: np.ndarray) -> np.ndarray:
        """Positions of the given ids (-1 where unknown)."""
        pos = self._pos_of_id()
        ids = np.asarray(event_ids, dtype=np.int64)
        ok = (ids >= 0) & (ids < len(pos))
        out = np.full(len(ids), -1, dtype=np.int64)
        out[ok] = pos[ids[ok]]
        return out

    def summary(self, pos: int) -> str:
        return self.summaries[self.summary_start[pos] : self.summary_end[pos]]

    def _pos_of_id(self) -> np.ndarray:
        cached = self.__dict__.get("_pos_cache")
        if cached is None:
            size = int(self.ids.max()) + 1 if len(self.ids) else 0
            cached = np.full(size, -1, dtype=np.int64)
            cached[self.ids] = np.arange(len(self.ids))
            self.__dict__["_pos_cache"] = cached
        return cached


def load_event_arrays(project: Project) -> EventArrays:
    """All events as ``EventArrays``: a handful of queries, no per-row Python objects kept.

    On SQLite each column arrives as one ``group_concat`` string parsed by numpy, which reads a
    million events in well under a second; other databases fetch plain rows.
    """
    with project.reading() as s:
        conn = s.connection()
        sqlite = conn.dialect.name == "sqlite"
        # The links are read on a second connection meanwhile: two table scans on two cores
        # (the first frame of a million events without the cache, issue 14)
        early = _PairsReader(project) if sqlite and _own_connections(conn) else None
        cols = _sqlite_event_columns(conn) if sqlite else _row_event_columns(conn)
        ids, start, end, precision, event_type, types, review, starred, text, lengths = cols
        lengths = lengths if text else np.zeros(len(ids), dtype=np.int64)
        n = len(ids)
        end = np.where(np.isnan(end), start + 1.0, np.maximum(end + 1.0, start + 1.0))
        order = date_order(start, end, ids)
        load_off = np.concatenate(([0], np.cumsum(lengths + 1))).astype(np.int64)
        pos_of_id = np.full(int(ids.max()) + 1 if n else 0, -1, dtype=np.int64)
        pos_of_id[ids[order]] = np.arange(n)
        pairs = _sqlite_pairs if sqlite else _row_pairs
        # Grouped by event id (in their own thread): only moved to the events' positions.
        found = (early.result() if early is not None
                 else [pairs(conn, a, b) for a, b in _LINK_COLUMNS])  # fmt: skip
        by_pos = ids[order]
        links = [_links_at(p, by_pos) if isinstance(p, _ById) else _links(*p, pos_of_id, n)
                 for p in found]  # fmt: skip
        tag_names = {i: name for i, name in conn.execute(select(m.Tag.id, m.Tag.name))}
        notes = np.zeros(n, dtype=np.int32)
        for eid, count in conn.execute(
            select(m.Note.event_id, func.count(m.Note.id)).group_by(m.Note.event_id)
        ):
            if 0 <= eid < len(pos_of_id) and pos_of_id[eid] >= 0:
                notes[pos_of_id[eid]] = count
    arrays = EventArrays(
        ids[order], start[order], end[order], precision[order], event_type[order], types,
        review[order], starred[order], notes, *links, tag_names, text, load_off[order],
        load_off[order] + lengths[order],
    )  # fmt: skip
    arrays.__dict__["_pos_cache"] = pos_of_id
    return arrays


# ---------------------------------------------------------------------------- array cache
# Reading a million events from SQLite takes seconds; the same columns saved as .npy files
# load in a fraction of one.  The cache sits in the user cache folder (not beside the project:
# it is not the user's file and must never travel with it), one per project path, and is valid
# for one project revision (``db.sync``: every committed write bumps it) and its largest id.
CACHE_FORMAT = 3  # 2: events in date_order (longer first on the same start); 3: narrow ints
_ARRAY_FIELDS = ("ids", "start", "end", "precision", "event_type", "review", "starred",
                 "note_count")  # fmt: skip
_LINK_FIELDS = ("actors", "things", "sources", "tags")


def arrays_cache_path(project: Project) -> Path | None:
    """Where ``project``'s event arrays are cached (None for a server database)."""
    if project.path is None:
        return None
    import hashlib

    from db.locations import cache_dir

    digest = hashlib.sha256(str(project.path).encode("utf-8")).hexdigest()[:20]
    return cache_dir() / "arrays" / f"{digest}.npz"


def _cache_stamp(project: Project) -> np.ndarray:
    with project.reading() as s:
        last = s.scalar(select(func.max(m.Event.id))) or 0
    return np.array([CACHE_FORMAT, project.revisions.current(), last], dtype=np.int64)


def load_event_arrays_cached(project: Project) -> tuple[EventArrays, bool]:
    """``load_event_arrays`` through the cache: (arrays, whether the cache had them).

    Summaries are not cached (text search and labels load them as a second stage).
    """
    arrays, cached, stamp = read_event_arrays(project)
    if stamp is not None:
        save_event_arrays(project, arrays, stamp)
    return arrays, cached


def read_event_arrays(project: Project) -> tuple[EventArrays, bool, np.ndarray | None]:
    """(arrays, whether the cache had them, the stamp to cache them under or None).

    The stamp is taken before the read: a write that lands meanwhile makes it stale, never
    the cache newer than it says.  The window shows the arrays first and saves them after.
    """
    path = arrays_cache_path(project)
    stamp = _cache_stamp(project) if path is not None else None
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as z:
                if np.array_equal(z["stamp"], stamp):
                    return _arrays_from_cache(z), True, None
        except (OSError, ValueError, KeyError):
            pass  # a half-written or foreign file: read the database instead
    return load_event_arrays(project), False, stamp


def save_event_arrays(project: Project, arrays: EventArrays, stamp: np.ndarray) -> None:
    path = arrays_cache_path(project)
    if path is not None:
        _save_arrays(path, arrays, stamp)


def prime_arrays_cache(project: Project) -> None:
    """Build the array cache now, after a bulk write (generate, command-line import), so the
    next window opens from it instead of reading every event and link (~2.5 s at 1M)."""
    load_event_arrays_cached(project)


def _arrays_from_cache(z: Any) -> EventArrays:
    import json

    cols = {f: _wide(z[f]) if f == "ids" else z[f] for f in _ARRAY_FIELDS}
    links = {f: Links(_wide(z[f + "_ptr"]), _wide(z[f + "_values"])) for f in _LINK_FIELDS}
    names = json.loads(str(z["names"]))
    zeros = np.zeros(len(cols["ids"]), dtype=np.int64)
    arrays = EventArrays(
        **cols, types=tuple(names["types"]), **links,
        tag_names={int(k): v for k, v in names["tags"].items()},
        summaries="", summary_start=zeros, summary_end=zeros.copy(),
    )  # fmt: skip
    return arrays


def _narrow(a: np.ndarray) -> np.ndarray:
    """int64 ids and offsets stored as int32 where they fit: the cache is read from disk before
    the first frame (~35 % less of it at 1,000,000 events, a second less from a cold disk)."""
    if a.dtype == np.int64 and (not len(a) or (a.min() >= -(1 << 31) and a.max() < 1 << 31)):
        return a.astype(np.int32)
    return a


def _wide(a: np.ndarray) -> np.ndarray:
    """The int64 every reader of the ids and links expects (``_narrow`` stored them as int32
    where they fit)."""
    return a.astype(np.int64) if a.dtype == np.int32 else a


def _save_arrays(path: Path, arrays: EventArrays, stamp: np.ndarray) -> None:
    """Write the cache (to a temporary name, then renamed: never half a cache)."""
    import json
    import os

    out: dict[str, np.ndarray] = {f: getattr(arrays, f) for f in _ARRAY_FIELDS}
    out["ids"] = _narrow(arrays.ids)
    for f in _LINK_FIELDS:
        links = getattr(arrays, f)
        out[f + "_ptr"], out[f + "_values"] = _narrow(links.ptr), _narrow(links.values)
    names = {"types": list(arrays.types), "tags": {str(k): v for k, v in arrays.tag_names.items()}}
    out["names"] = np.array(json.dumps(names))
    out["stamp"] = stamp
    tmp = path.with_name(path.name + f".{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            np.savez(fh, **out)
        os.replace(tmp, path)
    except OSError:  # a full disk or a read-only cache: the cache is only an optimisation
        tmp.unlink(missing_ok=True)


_ColumnSet = tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    tuple[str, ...],
    np.ndarray,
    np.ndarray,
    str,
    np.ndarray,
]  # ids, earliest, latest (float days, NaN), precision, type, types, review, starred,
#    summaries joined by newline, summary lengths — all in id order


def _sqlite_event_columns(conn: Connection) -> _ColumnSet:
    listed = _sampled_types(conn)
    row = _scan_events(conn, listed)
    codes = _parse_ints(row[4])
    if row[0] and codes.min() < _CODE_SPAN:  # a type the sample missed: list all, scan again
        every = conn.exec_driver_sql("SELECT DISTINCT event_type FROM events")
        listed = sorted(t for (t,) in every)
        row = _scan_events(conn, listed)
        codes = _parse_ints(row[4])
    n = int(row[0])
    if not n:
        z = np.zeros(0)
        small = z.astype(np.int8)
        return (z.astype(np.int64), z, z, small, z.astype(np.int16), tuple(listed), small,
                z.astype(bool), "", z.astype(np.int64))  # fmt: skip
    rest, starred = np.divmod(codes, 2)
    rest, review = np.divmod(rest, 3)
    kind, precision = np.divmod(rest, 5)
    return (
        _parse_ints(row[1]),
        _iso_days(row[2], n),
        _iso_days(row[3], n),
        (precision - 1).astype(np.int8),
        (kind - 1).astype(np.int16),
        tuple(listed),
        review.astype(np.int8),
        starred.astype(bool),
        "",
        np.zeros(n, dtype=np.int64),
    )


TYPE_SAMPLE = 5_000  # rows read at each end of the table for the list of event types
_CODE_SPAN = 2 * 3 * 5  # starred × review × precision: the codes of one event type


def _sampled_types(conn: Connection) -> list[str]:
    """The event types of the first and the last rows, sorted: in practice all of them (a
    project's types are a small vocabulary used throughout).  Listing them all beforehand is a
    scan of its own (~170 ms at 1,000,000 events); the scan says when one was missed."""
    found: set[str] = set()
    for order in ("ASC", "DESC"):
        sql = (f"SELECT DISTINCT event_type FROM (SELECT event_type FROM events "
               f"ORDER BY rowid {order} LIMIT {TYPE_SAMPLE})")  # fmt: skip
        found.update(t for (t,) in conn.exec_driver_sql(sql))
    return sorted(found)


def _scan_events(conn: Connection, types: list[str]) -> Any:
    """One table scan (NOT INDEXED: every column in the same rowid order; a covering index
    would reorder): each column one ``group_concat`` string.  Dates are fixed-width text
    parsed by numpy; type, precision, review and star are one number per event (one
    aggregate instead of four: ~170 ms less at 1,000,000 events), its type 0 when not in
    ``types``."""
    type_case = " ".join(f"WHEN ? THEN {i + 1}" for i in range(len(types)))
    kind = f"CASE event_type {type_case} ELSE 0 END" if types else "0"
    precision = _code_case("precision", PRECISION_CODES, OTHER_PRECISION, 1)  # 0..4
    review = _code_case("review", REVIEW_CODES, 0)  # 0..2
    sql = f"""
        SELECT count(*), group_concat(id),
            group_concat(coalesce(earliest, '0000-00-00'), ''),
            group_concat(coalesce(latest, '0000-00-00'), ''),
            group_concat((({kind}) * 5 + ({precision})) * 6 + ({review}) * 2
                         + (CASE WHEN starred THEN 1 ELSE 0 END))
        FROM events NOT INDEXED
    """
    row = conn.exec_driver_sql(sql, tuple(types)).one()
    return (row[0], *(b"" if v is None else v.encode("ascii") for v in row[1:]))


def _code_case(column: str, codes: dict[Any, int], other: int, shift: int = 0) -> str:
    """SQL for ``codes[column] + shift`` (NULL and unlisted values included)."""
    whens = " ".join(f"WHEN '{k}' THEN {v + shift}" for k, v in codes.items() if k is not None)
    null = codes.get(None, other) + shift
    listed = f"CASE {column} {whens} ELSE {other + shift} END"
    return f"CASE WHEN {column} IS NULL THEN {null} ELSE {listed} END"


def _parse_ints(text: bytes) -> np.ndarray:
    return np.fromstring(text, sep=",", dtype=np.int64)  # type: ignore[call-overload]


def _iso_days(text: bytes, n: int) -> np.ndarray:
    """n concatenated "YYYY-MM-DD" (or "0000-00-00" for none) → float days, NaN for none."""
    d = np.frombuffer(text, dtype=np.uint8).reshape(n, 10)

    def number(first: int, last: int) -> np.ndarray:  # digits first..last, in place
        out = d[:, first].astype(np.int32) - 48
        for k in range(first + 1, last + 1):
            out *= 10
            out += d[:, k]
            out -= 48
        return out

    y, mo, day = number(0, 3), number(5, 6), number(8, 9)  # ~3x quicker than a (n, 10) copy
    none = y == 0
    # Days from the civil date (H. Hinnant's algorithm), vectorised: no datetime objects.
    y -= mo <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (mo + np.where(mo > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out = (era * 146097 + doe - 719468).astype(np.float64)
    out[none] = np.nan
    return out


def load_summaries(project: Project, arrays: EventArrays) -> None:
    """Fill ``arrays.summaries`` (second stage: labels and text search need them, frames not)."""
    with project.reading() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            joined, lengths = conn.exec_driver_sql(
                "SELECT group_concat(replace(coalesce(summary, ''), char(10), ' '), char(10)),"
                " group_concat(length(coalesce(summary, ''))) FROM events"
            ).one()
            ids = np.fromstring(  # type: ignore[call-overload]
                conn.exec_driver_sql("SELECT group_concat(id) FROM events NOT INDEXED").scalar()
                or "",
                sep=",",
                dtype=np.int64,
            )
            text = (joined or "") + "\n"
            lens = np.fromstring(lengths or "", sep=",", dtype=np.int64)  # type: ignore[call-overload]
        else:
            rows = conn.execute(select(m.Event.id, m.Event.summary).order_by(m.Event.id)).all()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            parts = [(r[1] or "").replace("\n", " ") for r in rows]
            text = "\n".join(parts) + "\n"
            lens = np.fromiter((len(x) for x in parts), dtype=np.int64, count=len(parts))
    off = np.concatenate(([0], np.cumsum(lens + 1)))[:-1].astype(np.int64)
    pos = arrays.positions_of(ids)
    keep = pos >= 0
    start = np.zeros(len(arrays), dtype=np.int64)
    start[pos[keep]] = off[keep]
    end = start.copy()
    end[pos[keep]] = off[keep] + lens[keep]
    arrays.summaries, arrays.summary_start, arrays.summary_end = text, start, end


def _row_event_columns(conn: Connection) -> _ColumnSet:
    e = m.Event
    stmt = select(
        e.id, e.earliest, e.latest, e.precision, e.event_type, e.review, e.starred, e.summary
    ).order_by(e.id)
    rows = conn.execute(stmt).all()
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 8
    types = tuple(sorted(set(cols[4])))
    code = {t: i for i, t in enumerate(types)}
    summaries = [(x or "").replace("\n", " ") for x in cols[7]]

    def days(values: tuple) -> np.ndarray:
        return np.fromiter(
            (d.toordinal() - _EPOCH_ORD if d else np.nan for d in values), dtype=np.float64, count=n
        )

    return (
        np.fromiter(cols[0], dtype=np.int64, count=n), days(cols[1]), days(cols[2]),
        np.fromiter((PRECISION_CODES.get(p, OTHER_PRECISION) for p in cols[3]), np.int8, n),
        np.fromiter((code[t] for t in cols[4]), np.int16, n), types,
        np.fromiter((REVIEW_CODES.get(r, 0) for r in cols[5]), np.int8, n),
        np.fromiter((bool(x) for x in cols[6]), bool, n),
        "\n".join(summaries) + "\n",
        np.fromiter((len(x) for x in summaries), np.int64, n),
    )  # fmt: skip


_LINK_COLUMNS = (
    (m.EventActor.event_id, m.EventActor.actor_id),
    (m.EventThing.event_id, m.EventThing.thing_id),
    (m.Evidence.event_id, m.Evidence.source_id),
    (m.EventTag.event_id, m.EventTag.tag_id),
)


def _own_connections(conn: Connection) -> bool:
    """Whether another thread may open its own connection (not one shared in-memory one)."""
    from sqlalchemy.pool import StaticPool

    return not isinstance(conn.engine.pool, StaticPool)


class _PairsReader:
    """The link pairs of ``_LINK_COLUMNS``, read in a thread of their own on a connection of
    their own (sqlite releases the GIL while it scans)."""

    def __init__(self, project: Project) -> None:
        import threading

        self._out: list[Pairs] | BaseException = []
        self._thread = threading.Thread(target=self._run, args=(project,), daemon=True)
        self._thread.start()

    def _run(self, project: Project) -> None:
        try:
            with project.reading() as s:
                conn = s.connection()
                for a, b in _LINK_COLUMNS:
                    self._out.append(_sqlite_pairs(conn, a, b))
        except BaseException as err:  # given to the caller, never lost in the thread
            self._out = err

    def result(self) -> list[Pairs]:
        self._thread.join()
        if isinstance(self._out, BaseException):
            raise self._out
        return self._out


@dataclass
class _ById:
    """Link pairs grouped by event id: the values of id ``i`` are ``values[ptr[i]:ptr[i+1]]``
    (unique, ascending), for ids 0..max; ``ptr`` has one more entry, so a larger id has none."""

    ptr: np.ndarray
    values: np.ndarray


Pairs = _ById | tuple[np.ndarray, np.ndarray]  # a link table grouped, or (event ids, values)


def _by_event_id(eids: np.ndarray, values: np.ndarray) -> _ById | None:
    """Grouped in the reader's thread while the events are scanned.  None for ids too sparse
    or too wide to group this way."""
    if not len(eids):
        return _ById(np.zeros(2, dtype=np.int64), values[:0])
    if eids.min() < 0 or values.min() < 0:
        return None
    top, width = int(eids.max()) + 1, int(values.max()) + 1
    if not _groupable(len(eids), top, width):
        return None
    return _group_keys(eids * width + values, width, top)


def _groupable(count: int, top: int, width: int) -> bool:
    return top <= 8 * count + 1_000_000 and top * width < 1 << 62


def _group_keys(key: np.ndarray, width: int, top: int) -> _ById:
    """Pairs packed as ``event_id * width + value`` (0 <= value < width, event ids < top) →
    grouped by event id.  They come in table order, which is event-id order (links are written
    with their event), so the sort is one adaptive pass."""
    key = np.sort(key, kind="stable")  # timsort: presorted runs are linear
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    ptr = np.zeros(top + 2, dtype=np.int64)
    np.cumsum(np.bincount(key // width, minlength=top), out=ptr[1 : top + 1])
    ptr[-1] = ptr[-2]
    return _ById(ptr, key % width)


def _links_at(grouped: _ById, ids_by_pos: np.ndarray) -> Links:
    """``_links`` from pairs grouped by id: each event's run moved to its position in one
    gather (pairs of an id with no event are left behind, as ``_links`` drops them)."""
    idx = np.minimum(ids_by_pos, len(grouped.ptr) - 2)
    first = grouped.ptr[idx]
    lengths = grouped.ptr[idx + 1] - first
    ptr = np.zeros(len(ids_by_pos) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    gather = np.repeat(first - ptr[:-1], lengths) + np.arange(int(ptr[-1]))
    return Links(ptr, grouped.values[gather])


def _sqlite_pairs(conn: Connection, a: Any, b: Any) -> Pairs:
    """One link table, grouped by event id where the ids allow.  Each pair comes out of SQLite
    packed in one number when the columns' bounds (index look-ups) say it fits: one
    ``group_concat`` and one parse instead of two, ~25 % of the scan at 1,000,000 events."""
    table = a.table.name

    def bound(agg: str, col: Any) -> int | None:
        return conn.exec_driver_sql(f"SELECT {agg}({col.name}) FROM {table}").scalar()

    lows, top, most = (bound("min", a), bound("min", b)), bound("max", a), bound("max", b)
    if top is None or most is None:  # no rows
        return _ById(np.zeros(2, dtype=np.int64), np.zeros(0, dtype=np.int64))
    width = most + 1
    if min(lows) >= 0 and (top + 1) * width < 1 << 62:  # type: ignore[type-var,operator]
        sql = f"SELECT count(*), group_concat({a.name} * {width} + {b.name}) FROM {table}"
        count, packed = conn.exec_driver_sql(sql).one()
        key = np.fromstring(packed, sep=",", dtype=np.int64)  # type: ignore[call-overload]
        if _groupable(count, top + 1, width):
            return _group_keys(key, width, top + 1)
        return key // width, key % width
    sql = f"SELECT group_concat({a.name}), group_concat({b.name}) FROM {table}"
    left, right = conn.exec_driver_sql(sql).one()
    eids = np.fromstring(left, sep=",", dtype=np.int64)  # type: ignore[call-overload]
    values = np.fromstring(right, sep=",", dtype=np.int64)  # type: ignore[call-overload]
    grouped = _by_event_id(eids, values)
    return (eids, values) if grouped is None else grouped


def _row_pairs(conn: Connection, a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    rows = conn.execute(select(a, b)).all()
    flat = np.fromiter((v for row in rows for v in row), dtype=np.int64, count=2 * len(rows))
    return flat[0::2], flat[1::2]


def _links(eids: np.ndarray, values: np.ndarray, pos_of_id: np.ndarray, n: int) -> Links:
    """(event_id, value) pairs → CSR over event positions, unique values sorted per event."""
    ok = (eids < len(pos_of_id)) & (eids >= 0)
    pos = np.full(len(eids), -1, dtype=np.int64)
    pos[ok] = pos_of_id[eids[ok]]
    keep = pos >= 0
    pos, values = pos[keep], values[keep]
    width = int(values.max()) + 1 if len(values) else 1
    key = np.sort(pos * width + values)  # np.unique hashes: ~10x slower on millions
    key = key[np.concatenate(([True], key[1:] != key[:-1]))] if len(key) else key
    pos, values = key // width, key % width
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pos, minlength=n), out=ptr[1:])
    return Links(ptr, values)
