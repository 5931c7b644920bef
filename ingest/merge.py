"""Cross-article merging: two reports of the same event become one event with two sources.

`EventKey` is all a comparison needs, so `db/` can build keys for stored events.  Two keys
are the same event when (all of):
* they come from different sources;
* their dates are compatible: both placed on the calendar and overlapping, or at least one
  undated (an undated report can be the same event as a dated one; unresolved values such as
  "XXXX-02-24" count as undated);
* they share an actor, and share a thing when both name things;
* they are similar enough: `similarity` ≥ `THRESHOLD`, where the same (non-generic) event type
  counts 0.5, each shared actor after the first 0.05 (at most 0.15), and the rest is the
  Dice coefficient of content-word stems.  Tuned on two
  reports of one programme removal (same type, shared stems) and one proposal worded
  differently ("proposed" / "raised", both proposals): both merge; two refusals a year apart
  stay apart on their dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ingest.records import DateSpan, Event
from ingest.wordlists import words as word_set

THRESHOLD = 0.65
# "STATEMENT"/"OTHER" (PLOVER types) and "statement"/"other" (projects made before them).
_GENERIC_TYPES = frozenset({"statement", "other", "STATEMENT", "OTHER"})
STOPWORDS: frozenset[str] = word_set(
    "a an the and or but of to in on at by for from with as that this these those it its "
    "their his her our we they he she them us is are was were be been being has have had do "
    "does did will would could can may might must shall should not no so than then there "
    "which who whom whose what when where while also into over after before about said says "
    "told since during if because however such other any all more most some only just very"
)
_WORD_RE = re.compile(r"[^\W_][\w'’-]*")
_TYPE_PREFIX = "#"  # event types ride along in `words` as "#proposal"


@dataclass(frozen=True)
class EventKey:
    date: DateSpan | None
    actors: frozenset[str]
    things: frozenset[str]
    words: frozenset[str]
    source: str


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "removed"/"removal"/"removing"."""
    word = word.lower().replace("’", "'")
    word = word.removesuffix("'s")
    for suffix in ("ations", "ation", "ings", "ing", "als", "al", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(sentence: str) -> frozenset[str]:
    words = (w.lower() for w in _WORD_RE.findall(sentence))
    return frozenset(
        stem(w) for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 2
    )


def event_key(text: str, event: Event, source: str) -> EventKey:
    """The key of `event` found in `text` (its evidence sentence gives the words)."""
    sentence = text[event.evidence.start:event.evidence.end]
    words = content_words(sentence) | {_TYPE_PREFIX + event.event_type}
    return EventKey(
        date=event.date,
        actors=frozenset(a.name for a in event.actors),
        things=frozenset(event.things),
        words=frozenset(words),
        source=source,
    )


def _placed(d: DateSpan | None) -> bool:
    return d is not None and d.earliest is not None and d.latest is not None


def dates_compatible(a: DateSpan | None, b: DateSpan | None) -> bool:
    if not (_placed(a) and _placed(b)):
        return True
    assert a is not None and b is not None and a.earliest and a.latest and b.earliest and b.latest
    return a.earliest <= b.latest and b.earliest <= a.latest


def _event_type(key: EventKey) -> str | None:
    return next((w[1:] for w in key.words if w.startswith(_TYPE_PREFIX)), None)


def similarity(a: EventKey, b: EventKey) -> float:
    type_a, type_b = _event_type(a), _event_type(b)
    same_type = 0.5 if type_a == type_b and type_a not in _GENERIC_TYPES else 0.0
    wa = {w for w in a.words if not w.startswith(_TYPE_PREFIX)}
    wb = {w for w in b.words if not w.startswith(_TYPE_PREFIX)}
    dice = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
    # several shared actors (the US, Turkey and Ukraine) make a coincidence less likely
    shared_actors = 0.05 * min(3, max(0, len(a.actors & b.actors) - 1))
    return same_type + dice + shared_actors


def same_event(a: EventKey, b: EventKey) -> bool:
    if a.source == b.source:
        return False
    if not dates_compatible(a.date, b.date):
        return False
    if not a.actors & b.actors:
        return False
    if a.things and b.things and not a.things & b.things:
        return False
    return similarity(a, b) >= THRESHOLD


def _buckets(keys: list[EventKey]) -> dict[str, list[int]]:
    """Keys sharing an actor share a bucket (same_event needs a shared actor)."""
    buckets: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        for actor in key.actors:
            buckets.setdefault(actor, []).append(i)
    return buckets


def group_events(keys: list[EventKey]) -> list[list[int]]:
    """Groups (≥ 2 members, sorted) of indexes into `keys` that report the same event."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    compared: set[tuple[int, int]] = set()
    for members in _buckets(keys).values():
        for i, j in combinations(members, 2):
            if (i, j) in compared or find(i) == find(j):
                continue
            compared.add((i, j))
            if same_event(keys[i], keys[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(keys)):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) >= 2), key=lambda g: g[0])
