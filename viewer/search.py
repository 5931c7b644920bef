"""Free-text search over events (summaries), notes and sources (the article text).

Plain case-insensitive substring matching over what ProjectState holds plus one pass over the
notes and source texts; results carry the match offsets so the views can highlight them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from db import queries
from viewer.state import ProjectState

CONTEXT = 60  # characters shown on each side of a match in a source
MAX_PER_SOURCE = 5
MAX_EVENTS = 2000  # event hits listed (a dialog cannot show more usefully)


@dataclass(frozen=True)
class Hit:
    kind: str  # "event" | "note" | "source"
    event_id: int | None
    source_id: int | None
    text: str  # the text the match is in (a summary, a note, a snippet of the article)
    start: int  # the match within ``text``
    end: int
    offset: int = 0  # for sources: where ``text`` starts in the article

    def html(self) -> str:
        """The text with the match highlighted (imported text is escaped: it is data)."""
        a, b = self.start, self.end
        mark = '<span style="background:#FFE58A; color:black; font-weight:bold">'
        return (
            html.escape(self.text[:a])
            + mark
            + html.escape(self.text[a:b])
            + "</span>"
            + html.escape(self.text[b:])
        )


def _find(text: str, needle: str) -> int:
    return text.casefold().find(needle)


def search(state: ProjectState, query: str) -> list[Hit]:
    needle = query.strip().casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    # Summaries: one scan of the joined text (state.text_matches), rows only for the hits.
    for e in state.rows_of_positions(state.text_matches(query.strip())[:MAX_EVENTS]):
        i = _find(e.summary, needle)
        if i >= 0:
            hits.append(Hit("event", e.id, None, e.summary, i, i + len(needle)))
    for event_id, note in _notes(state):
        i = _find(note, needle)
        if i >= 0:
            hits.append(Hit("note", event_id, None, note, i, i + len(needle)))
    for source_id, *_ in state.sources:
        text = queries.source_detail(state.project, source_id).text
        folded = text.casefold()
        start = 0
        for _n in range(MAX_PER_SOURCE):
            i = folded.find(needle, start)
            if i < 0:
                break
            a, b = max(0, i - CONTEXT), min(len(text), i + len(needle) + CONTEXT)
            snippet = text[a:b].replace("\n", " ")
            hits.append(Hit("source", None, source_id, snippet, i - a, i - a + len(needle), a))
            start = i + len(needle)
    return hits


def matching_event_ids(state: ProjectState, query: str) -> set[int]:
    """Events whose summary or notes match, or whose evidence sentence does."""
    ids = {h.event_id for h in search(state, query) if h.event_id is not None}
    return ids


def _notes(state: ProjectState) -> list[tuple[int, str]]:
    out = []
    arrays = state.arrays
    for event_id in arrays.ids[np.flatnonzero(arrays.note_count)].tolist():  # annotated only
        out.extend((event_id, n.text) for n in queries.event_detail(state.project, event_id).notes)
    return out
