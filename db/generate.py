"""Synthetic projects for benchmarks and tests: ``generate_project(location, events, ...)``.

The shape imitates years of real coverage: event times come in bursts (crises) over a
30-year background, actor activity is Zipf-skewed (a few actors are in most events), dates are
mostly days but also months, years and undated, and every event is reported by one to four
sources.  Everything is drawn from one seeded generator, so a seed always gives the same project.

One source in ``REPORTING_EVERY`` also tells its events in sentences the reader can parse, each
naming a place, ``PLACE``, that no actor is called (its evidence spans point at them): the
benchmark makes that place an alias of an actor, so the relink has real events to move
between actors, as an analyst's alias does.

Rows are written through the schema in ``db.models`` with SQLAlchemy Core ``executemany`` in a
few big transactions (a million events take about a minute); no ORM objects are built.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, bindparam, insert, select

from db import models as m
from db.project import Project
from db.queries import prime_arrays_cache

START = date(1995, 1, 1)
YEARS = 30
SPAN_DAYS = (date(START.year + YEARS, 1, 1) - START).days
EVENT_TYPES = ("statement", "meeting", "agreement", "sanction", "military", "election", "other")
PRECISIONS = ("day", "month", "year", None)  # None: undated
PRECISION_P = (0.78, 0.12, 0.06, 0.04)
TAGS = ("follow-up", "key", "disputed", "background", "timeline", "quote")
VERSION = 2  # bump when the same seed gives other rows (benchmark caches are keyed on it)
PLACE = "Velmora"  # a place no generated actor is called (actor names are built of _SYLLABLES)
REPORTING_EVERY = 1_000  # one source in this many tells its events in full sentences
CHUNK = 50_000  # rows per executemany call: bounded memory, few round trips

Progress = Callable[[str, float], None]  # (stage, fraction done)

_SYLLABLES = (
    "ka",
    "lo",
    "ve",
    "ri",
    "ta",
    "mon",
    "sel",
    "dra",
    "ni",
    "por",
    "ag",
    "ur",
    "the",
    "bal",
    "zan",
    "cor",
    "mi",
    "es",
    "tar",
    "len",
)
_KINDS = ("country", "country", "person", "person", "organisation")
_VERBS = (
    "meets",
    "criticises",
    "signs a deal with",
    "warns",
    "sanctions",
    "talks with",
    "backs",
    "rejects an offer from",
)
_REPORTED = (  # the same acts as a report tells them
    "met",
    "criticised",
    "signed a deal with",
    "warned",
    "sanctioned",
    "held talks with",
    "backed",
    "rejected an offer from",
)


def generate_project(
    location: str | Path,
    events: int,
    actors: int = 200,
    seed: int = 1,
    progress: Progress | None = None,
) -> None:
    """Write a new project at ``location`` with ``events`` events among ``actors`` actors."""
    if Path(str(location)).exists():
        raise FileExistsError(f"{location} already exists; generate writes a new project")
    rng = np.random.default_rng(seed)
    report = progress or (lambda _stage, _done: None)
    project = Project.open(location, create=True)
    try:
        with project.engine.begin() as conn:
            _write(conn, rng, events, actors, report)
        prime_arrays_cache(project)
    finally:
        project.close()


def _write(
    conn: Connection, rng: np.random.Generator, n: int, n_actors: int, report: Progress
) -> None:
    uids = _Uids(rng)
    # ---- actors: names, kinds, some people affiliated with a country
    names = _actor_names(rng, n_actors)
    kinds = [_KINDS[i % len(_KINDS)] for i in range(n_actors)]
    countries = [i + 1 for i in range(n_actors) if kinds[i] == "country"]
    actor_rows = []
    for i in range(n_actors):
        affiliation = None
        earlier = [c for c in countries if c <= i]  # rows are inserted in id order
        if kinds[i] == "person" and earlier:
            affiliation = earlier[int(rng.integers(len(earlier)))]
        actor_rows.append(
            {
                "id": i + 1,
                "uid": uids.one(),
                "name": names[i],
                "kind": kinds[i],
                "affiliation_id": affiliation,
                "colour": "",
                "title": "",
            }
        )
    _insert(conn, m.Actor.__table__, actor_rows)
    things = [f"{chr(65 + i % 26)}{chr(65 + (i * 7) % 26)}-{100 + i * 13}" for i in range(40)]
    _insert(
        conn,
        m.Thing.__table__,
        [
            {"id": i + 1, "uid": uids.one(), "name": t, "kind": "thing"}
            for i, t in enumerate(things)
        ],
    )
    _insert(
        conn, m.Tag.__table__, [{"id": i + 1, "name": t, "colour": ""} for i, t in enumerate(TAGS)]
    )
    report("actors", 1.0)

    # ---- sources: one per ~4 events, published over the whole span
    n_sources = max(1, n // 4)
    published = _bursty_days(rng, n_sources)
    outlets = ("Daily Ledger", "The Observer Wire", "Capital Post", "Harbour Times", "Agency Feed")
    source_texts: list[str] = []

    def source_rows() -> Iterator[dict[str, Any]]:
        for k in range(n_sources):
            day = START + timedelta(days=int(published[k]))
            body = (
                f"Report {k + 1}. {names[k % n_actors]} and {names[(k * 31) % n_actors]} "
                f"were in the news on {day.isoformat()}. Officials gave statements; "
                "analysts expect further developments in the coming weeks."
            )
            if k < 4:
                source_texts.append(body)
            yield {
                "id": k + 1,
                "uid": uids.one(),
                "title": f"Report {k + 1}",
                "outlet": outlets[k % len(outlets)],
                "url": "",
                "origin": "generated",
                "fmt": "txt",
                "encoding": "utf-8",
                "published": day,
                "published_known": True,
                "text": body,
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "imported_at": _NOW,
            }

    _insert(conn, m.Source.__table__, source_rows(), report, "sources", n_sources)

    # ---- events: dates, precision, type, review, star; then their links
    start_day = _bursty_days(rng, n)
    prec = rng.choice(len(PRECISIONS), size=n, p=PRECISION_P)
    etype = rng.integers(len(EVENT_TYPES), size=n)
    review = rng.choice(3, size=n, p=(0.9, 0.07, 0.03))
    starred = rng.random(n) < 0.01
    zipf = 1.0 / np.arange(1, n_actors + 1) ** 1.1
    zipf /= zipf.sum()
    n_links = rng.choice((1, 2, 3), size=n, p=(0.45, 0.4, 0.15))
    first_actor = rng.choice(n_actors, size=n, p=zipf)
    other_actor = rng.choice(n_actors, size=(n, 2), p=zipf)
    n_ev = rng.choice((1, 2, 3, 4), size=n, p=(0.4, 0.3, 0.2, 0.1))
    review_names = m.REVIEW_STATES

    def event_rows() -> Iterator[dict[str, Any]]:
        for k in range(n):
            p = PRECISIONS[prec[k]]
            earliest = latest = None
            value = None
            if p is not None:
                d = START + timedelta(days=int(start_day[k]))
                if p == "day":
                    earliest = latest = d
                    value = d.isoformat()
                elif p == "month":
                    earliest = d.replace(day=1)
                    latest = (earliest + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                    value = earliest.isoformat()[:7]
                else:
                    earliest, latest = date(d.year, 1, 1), date(d.year, 12, 31)
                    value = str(d.year)
            a, b = names[first_actor[k]], names[other_actor[k, 0]]
            yield {
                "id": k + 1,
                "uid": uids.one(),
                "summary": f"{a} {_VERBS[(k * 7 + etype[k]) % len(_VERBS)]} {b}",
                "date_value": value,
                "earliest": earliest,
                "latest": latest,
                "precision": p,
                "approximate": False,
                "date_note": "",
                "date_locked": False,
                "event_type": EVENT_TYPES[etype[k]],
                "review": review_names[review[k]],
                "starred": bool(starred[k]),
                "created_at": _NOW,
                "updated_at": _NOW,
            }

    _insert(conn, m.Event.__table__, event_rows(), report, "events", n)

    def actor_links() -> Iterator[dict[str, Any]]:
        for k in range(n):
            seen = {int(first_actor[k])}
            yield {"event_id": k + 1, "actor_id": int(first_actor[k]) + 1, "role": "participant"}
            for j in range(n_links[k] - 1):
                a = int(other_actor[k, j])
                if a not in seen:
                    seen.add(a)
                    yield {"event_id": k + 1, "actor_id": a + 1, "role": "participant"}

    _insert(conn, m.EventActor.__table__, actor_links(), report, "event actors", n)

    # Sources reporting an event are published around it: nearest by date, then neighbours.
    order = np.argsort(published, kind="stable")
    by_day = np.searchsorted(published[order], start_day).clip(0, n_sources - 1)

    told: dict[int, list[int]] = {}  # reporting source id → the events it reports

    def evidence_rows() -> Iterator[dict[str, Any]]:
        for k in range(n):
            base = int(by_day[k])
            seen: set[int] = set()
            for j in range(n_ev[k]):
                src = int(order[min(base + j, n_sources - 1)]) + 1
                if src in seen:
                    continue
                seen.add(src)
                if src % REPORTING_EVERY == 1:
                    told.setdefault(src, []).append(k)
                yield {
                    "event_id": k + 1,
                    "source_id": src,
                    "start": 0,
                    "end": 40,
                    "local_id": f"e{j + 1}",
                    "timex_start": None,
                    "timex_end": None,
                }

    _insert(conn, m.Evidence.__table__, evidence_rows(), report, "evidence", n)

    def sentence(k: int) -> str:
        other = names[other_actor[k, 0]]
        day = START + timedelta(days=int(start_day[k]))
        act = _REPORTED[(k * 7 + etype[k]) % len(_REPORTED)]
        return f"Officials in {PLACE} {act} {other} on {day.day} {day:%B %Y}."

    _tell(conn, told, sentence)

    with_thing = np.flatnonzero(rng.random(n) < 0.3)
    thing_of = rng.integers(len(things), size=len(with_thing))
    _insert(
        conn,
        m.EventThing.__table__,
        (
            {"event_id": int(k) + 1, "thing_id": int(t) + 1}
            for k, t in zip(with_thing, thing_of, strict=True)
        ),
    )
    tagged = np.flatnonzero(rng.random(n) < 0.02)
    tag_of = rng.integers(len(TAGS), size=len(tagged))
    _insert(
        conn,
        m.EventTag.__table__,
        (
            {"event_id": int(k) + 1, "tag_id": int(t) + 1}
            for k, t in zip(tagged, tag_of, strict=True)
        ),
    )
    noted = np.flatnonzero(rng.random(n) < 0.002)
    _insert(
        conn,
        m.Note.__table__,
        (
            {
                "event_id": int(k) + 1,
                "text": "Check against the original statement.",
                "author": "generator",
                "created_at": _NOW,
            }
            for k in noted
        ),
    )

    # ---- stances: some actors for/against others, quoting the start of a source
    n_stances = min(max(n // 50, 1), 20_000)
    holders = rng.choice(n_actors, size=n_stances, p=zipf)
    targets = rng.choice(n_actors, size=n_stances, p=zipf)
    pol = rng.choice(len(m.POLARITY_VALUES), size=n_stances, p=(0.4, 0.45, 0.15))
    stance_event = rng.integers(n, size=n_stances)

    def stance_rows() -> Iterator[dict[str, Any]]:
        for k in range(n_stances):
            target = names[targets[k]]
            eid = int(stance_event[k])
            day = START + timedelta(days=int(start_day[eid]))
            yield {
                "uid": uids.one(),
                "holder_id": int(holders[k]) + 1,
                "target": target,
                "target_key": target.casefold(),
                "polarity": m.POLARITY_VALUES[pol[k]],
                "source_id": int(order[int(by_day[eid])]) + 1,
                "start": 0,
                "end": 40,
                "event_id": eid + 1,
                "date_value": day.isoformat(),
                "earliest": day,
                "latest": day,
            }

    _insert(conn, m.Stance.__table__, stance_rows(), report, "stances", n_stances)
    report("done", 1.0)


_NOW = date(2025, 1, 1)  # fixed timestamps keep generated files reproducible


def _tell(conn: Connection, told: dict[int, list[int]], sentence: Callable[[int], str]) -> None:
    """Put the reporting sources' sentences before their text, and point the evidence of each
    event they report at its sentence."""
    src, ev = m.Source.__table__, m.Evidence.__table__
    texts = dict(conn.execute(select(src.c.id, src.c.text).where(src.c.id.in_(list(told)))).all())
    spans = []
    for source_id, events in told.items():
        parts: list[str] = []
        at = 0
        for k in events:
            line = sentence(k)
            spans.append({"e": k + 1, "s": source_id, "start": at, "end": at + len(line)})
            parts.append(line)
            at += len(line) + 1
        body = " ".join([*parts, texts[source_id]])
        conn.execute(src.update().where(src.c.id == source_id).values(
            text=body, content_hash=hashlib.sha256(body.encode()).hexdigest()))  # fmt: skip
    if spans:
        conn.execute(
            ev.update()
            .where(ev.c.event_id == bindparam("e"), ev.c.source_id == bindparam("s"))
            .values(start=bindparam("start"), end=bindparam("end")),
            spans,
        )


def _bursty_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Day offsets from START: a quiet background plus bursts of very different sizes."""
    n_bursts = 40 + n // 5000
    centres = rng.integers(SPAN_DAYS, size=n_bursts)
    weights = rng.pareto(1.2, size=n_bursts) + 0.05
    weights /= weights.sum()
    widths = rng.choice((3.0, 10.0, 30.0, 90.0), size=n_bursts)
    in_burst = rng.random(n) < 0.75
    which = rng.choice(n_bursts, size=n, p=weights)
    noise = rng.laplace(0.0, widths[which])
    days = np.where(in_burst, centres[which] + noise, rng.integers(SPAN_DAYS, size=n))
    return np.clip(np.round(days), 0, SPAN_DAYS - 1).astype(np.int64)


def _actor_names(rng: np.random.Generator, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        parts = rng.choice(len(_SYLLABLES), size=int(rng.integers(2, 4)))
        name = "".join(_SYLLABLES[p] for p in parts).capitalize()
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


class _Uids:
    """Deterministic version-4 UUIDs from the seeded generator (uuid4() would not be)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._buf = b""
        self._pos = 0

    def one(self) -> str:
        if self._pos >= len(self._buf):
            self._buf, self._pos = self._rng.bytes(16 * 65536), 0
        raw = self._buf[self._pos : self._pos + 16]
        self._pos += 16
        return str(uuid.UUID(bytes=raw, version=4))


def _insert(
    conn: Connection,
    table: Table,
    rows: Iterator[dict[str, Any]] | Sequence[dict],
    report: Progress | None = None,
    stage: str = "",
    total: int = 0,
) -> None:
    """executemany in chunks of CHUNK rows."""
    chunk: list[dict[str, Any]] = []
    done = 0
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.execute(insert(table), chunk)
            done += len(chunk)
            chunk = []
            if report and total:
                report(stage, min(done / total, 1.0))
    if chunk:
        conn.execute(insert(table), chunk)
