"""What the user narrowed the project to, as numpy masks: no Qt, testable without a display.

``EventFilter`` is the one filter state; ``filter_mask`` says which events pass it and
``stance_mask`` which stances, so that the event list, the timeline, the stance panel and the
exports all answer to the same rule (issue 13, item 8):

- the actor filter takes an actor with everybody affiliated with it (Turkey → its officials);
  for stances it is the *holder* that must pass;
- ``speaker`` ("only what Altun said") is about who said it: an event passes when a source
  attributes it to that speaker (``SpeakerIndex``), a stance when it is that speaker's own
  (its recorded speaker, or its holder when none is recorded);
- every other field is about events: a stance passes when its event passes.  A stance not
  linked to an event can only be judged on its source and its own words, so it passes a source
  or text filter that it meets and drops out of any other.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

import numpy as np

from db import queries
from db.queries import EventArrays

EVENT_FIELDS = ("things", "sources", "types", "tags", "starred", "review", "date_from",
                "date_to", "text")


@dataclass(frozen=True)
class EventFilter:
    """What the user narrowed the events to; empty fields do not filter.

    Sets are OR within a field (any of these actors) and AND across fields.
    """

    actors: frozenset[int] = frozenset()
    things: frozenset[int] = frozenset()
    sources: frozenset[int] = frozenset()
    types: frozenset[str] = frozenset()
    tags: frozenset[int] = frozenset()
    starred: bool = False  # only starred events
    review: frozenset[str] = frozenset()  # "unreviewed" | "confirmed" | "rejected"
    date_from: date | None = None  # inclusive; undated events drop out when a range is set
    date_to: date | None = None  # inclusive
    text: str = ""  # case-insensitive substring of the summary
    speaker: str = ""  # only what this speaker said (a canonical actor name; case-insensitive)

    def replace(self, **changes: object) -> EventFilter:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def without_actors(self) -> EventFilter:
        return self.replace(actors=frozenset()) if self.actors else self

    def event_part(self) -> EventFilter:
        """What a stance's event must pass: the filter less the actors and the speaker (both
        are judged on the stance itself: its holder, its speaker)."""
        rest = self.without_actors()
        return rest.replace(speaker="") if rest.speaker else rest

    def describe_extra(self) -> str:
        """The non-actor filters in words, for the status bar."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "speaker" and value:
                parts.append(f"said by: {value}")
            elif f.name != "actors" and value:
                shown = value if isinstance(value, str | bool | date) else len(value)
                parts.append(f"{f.name.replace('_', ' ')}: {shown}")
        return ", ".join(parts)


def expand_affiliates(
    ids: Iterable[int], affiliation: dict[int, int | None]
) -> frozenset[int]:
    """``ids`` plus everybody affiliated with them, transitively (Turkey → its officials).

    ``affiliation`` maps every actor id to the id it is affiliated with (or None)."""
    result = set(ids)
    if not result:
        return frozenset()
    members: dict[int, list[int]] = {}
    for actor, parent in affiliation.items():
        if parent is not None:
            members.setdefault(parent, []).append(actor)
    todo = list(result)
    while todo:
        for child in members.get(todo.pop(), ()):
            if child not in result:
                result.add(child)
                todo.append(child)
    return frozenset(result)


class SpeakerIndex:
    """Speaker → the events a source attributes to them (``db.queries.speaker_events``),
    matched case-insensitively: the filter holds a name, the evidence rows hold names too."""

    def __init__(self, events: dict[str, Iterable[int]]) -> None:
        self._events: dict[str, np.ndarray] = {}
        self._names: dict[str, str] = {}  # folded → the name as first stored
        for name, ids in events.items():
            key = name.casefold()
            have = self._events.get(key)
            got = np.fromiter(ids, dtype=np.int64)
            self._events[key] = got if have is None else np.union1d(have, got)
            self._names.setdefault(key, name)

    def event_ids(self, speaker: str) -> np.ndarray:
        return self._events.get(speaker.casefold(), np.zeros(0, dtype=np.int64))

    def names(self) -> list[tuple[str, int]]:
        """(speaker, number of events), most quoted first."""
        rows = [(self._names[k], len(v)) for k, v in self._events.items()]
        return sorted(rows, key=lambda r: (-r[1], r[0].casefold()))


def filter_mask(
    arrays: EventArrays, f: EventFilter, speakers: SpeakerIndex | None = None
) -> np.ndarray:
    """Which events (positions of ``arrays``) pass ``f``: numpy only, no per-event Python.

    ``f.actors`` is taken as given: expand it with ``expand_affiliates`` first.  A speaker
    filter needs ``speakers``; without it no event passes one (nobody is known to have said it)."""
    n = len(arrays)
    mask = np.ones(n, dtype=bool)
    if f.speaker:
        said = np.zeros(n, dtype=bool)
        if speakers is not None:
            pos = arrays.positions_of(speakers.event_ids(f.speaker))
            said[pos[pos >= 0]] = True
        mask &= said
    for links, wanted in (
        (arrays.actors, f.actors),
        (arrays.things, f.things),
        (arrays.sources, f.sources),
        (arrays.tags, f.tags),
    ):
        if wanted:
            linked = np.zeros(n, dtype=bool)
            for value in wanted:  # inverted index: cost grows with the matches, not the links
                linked[links.members(value)] = True
            mask &= linked
    if f.types:
        codes = [i for i, t in enumerate(arrays.types) if t in f.types]
        mask &= np.isin(arrays.event_type, codes)
    if f.starred:
        mask &= arrays.starred
    if f.review:
        mask &= np.isin(arrays.review, [queries.REVIEW_CODES[r] for r in f.review])
    if f.date_from is not None or f.date_to is not None:
        lo = day_number(f.date_from) if f.date_from else -np.inf
        hi = day_number(f.date_to) + 1.0 if f.date_to else np.inf
        with np.errstate(invalid="ignore"):  # NaN (undated) compares False: filtered out
            mask &= (arrays.end > lo) & (arrays.start < hi)
    if f.text:
        mask &= text_mask(arrays, f.text)
    return mask


# The casefolded summaries of the last arrays searched (one project is open at a time).
_folded: tuple[weakref.ref[EventArrays], str, str] | None = None


def text_mask(arrays: EventArrays, needle: str) -> np.ndarray:
    """Substring search over the joined summaries (one C-speed scan), mapped to positions."""
    global _folded
    held = _folded
    if held is not None and held[0]() is arrays and held[1] is arrays.summaries:
        hay = held[2]
    else:
        hay = arrays.summaries.casefold()
        if len(hay) != len(arrays.summaries):  # casefold changed lengths (ß → ss): rare, slow
            return np.fromiter(
                (needle.casefold() in arrays.summary(i).casefold() for i in range(len(arrays))),
                dtype=bool,
                count=len(arrays),
            )
        _folded = (weakref.ref(arrays), arrays.summaries, hay)
    hits = np.fromiter(
        (m.start() for m in re.finditer(re.escape(needle.casefold()), hay)), dtype=np.int64
    )
    mask = np.zeros(len(arrays), dtype=bool)
    if len(hits):
        order = np.argsort(arrays.summary_start)
        starts = arrays.summary_start[order]
        owner = order[np.searchsorted(starts, hits, side="right") - 1]
        inside = hits + len(needle) <= arrays.summary_end[owner]
        mask[owner[inside]] = True
    return mask


def day_number(d: date) -> float:
    """A date as the arrays hold it: days since 1970-01-01."""
    return float(d.toordinal() - date(1970, 1, 1).toordinal())


@dataclass(frozen=True)
class StanceColumns:
    """The stances as the filter needs them: parallel arrays, built once per data load."""

    holder: np.ndarray  # int64 actor id
    event: np.ndarray  # int64 event id, -1 when the stance is not linked to an event
    source: np.ndarray  # int64
    stances: Sequence[queries.StanceRow]  # their words, read only for unlinked ones
    # Who said each one, folded: its recorded speaker, else its holder (a holder speaks for
    # itself unless the article quotes somebody else for it).  Built on the first speaker filter.
    _said_by: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)

    def said_by(self, speaker: str) -> np.ndarray:
        """Which stances are ``speaker``'s: their speaker, or their holder, is that name."""
        if not self._said_by:
            n = len(self.stances)
            self._said_by.append(np.array([s.speaker.casefold() for s in self.stances],
                                          dtype=object).reshape(n))
            self._said_by.append(np.array([s.holder.casefold() for s in self.stances],
                                          dtype=object).reshape(n))
        key = speaker.casefold()
        speakers, holders = self._said_by
        return (speakers == key) | (holders == key)

    def text(self, i: int) -> str:
        """What a text filter searches in an unlinked stance: its evidence and its issue."""
        s = self.stances[i]
        return f"{s.evidence_text}\n{s.target}"

    @classmethod
    def of(cls, stances: Sequence[queries.StanceRow]) -> StanceColumns:
        n = len(stances)
        return cls(
            np.fromiter((s.holder_id for s in stances), dtype=np.int64, count=n),
            np.fromiter((-1 if s.event_id is None else s.event_id for s in stances),
                        dtype=np.int64, count=n),
            np.fromiter((s.source_id for s in stances), dtype=np.int64, count=n),
            stances,
        )

    def __len__(self) -> int:
        return len(self.holder)


def stance_mask(
    columns: StanceColumns,
    f: EventFilter,
    holders: frozenset[int] | None,
    event_mask: np.ndarray | None,
    arrays: EventArrays,
) -> np.ndarray:
    """Which stances pass: the holder passes the actor filter (``holders``: the expanded
    actor filter, None when off), the stance is the speaker's (``f.speaker``) and the stance's
    event passes the rest of ``f``.

    ``event_mask`` is ``filter_mask(arrays, f.event_part())`` (None: compute it here)."""
    n = len(columns)
    mask = np.ones(n, dtype=bool)
    if holders is not None:
        mask &= np.isin(columns.holder, np.fromiter(holders, dtype=np.int64, count=len(holders)))
    if f.speaker:
        mask &= columns.said_by(f.speaker)
    rest = f.event_part()
    if rest.is_empty:
        return mask
    if event_mask is None:
        event_mask = filter_mask(arrays, rest)
    pos = arrays.positions_of(columns.event)
    linked = pos >= 0
    passes = np.zeros(n, dtype=bool)
    passes[linked] = event_mask[pos[linked]]
    only_own = not any(getattr(rest, name) for name in EVENT_FIELDS
                       if name not in ("sources", "text"))
    if only_own:  # unlinked stances: judged on their source and their own words
        free = ~linked & (columns.event < 0)
        if rest.sources:
            free &= np.isin(columns.source, list(rest.sources))
        if rest.text:
            needle = rest.text.casefold()
            for i in np.flatnonzero(free).tolist():
                free[i] = needle in columns.text(i).casefold()
        passes |= free
    return mask & passes
