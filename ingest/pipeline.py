"""One article's text in, one `Extraction` out: sentences → timexes → actors → things →
events → stances.

`extract` must survive any input a user can paste or import, so size guards live here and in
the stages (sentences over `events.MAX_SENTENCE` chars are skipped for events and stances).
Errors are not swallowed: a crash is a bug to fix in the stage that raised it.
"""

from __future__ import annotations

from datetime import date

from ingest.actors import find_actors
from ingest.events import analyse, find_events
from ingest.gazetteer import Gazetteer
from ingest.records import Extraction
from ingest.stances import find_stances
from ingest.text import split_sentences
from ingest.things import find_things
from ingest.timex import find_timexes


def extract(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Run every extraction stage over `text`, resolving relative dates against `dct`."""
    gaz = gazetteer or Gazetteer.default()
    sentences = split_sentences(text)
    timexes = find_timexes(text, dct)
    mentions, actors = find_actors(text, sentences, gaz)
    things = find_things(text, gaz)
    infos = analyse(text, sentences, timexes, mentions, things)
    events = find_events(text, sentences, timexes, mentions, things, dct, actors, infos)
    stances = find_stances(text, sentences, mentions, things, events, dct, infos)
    return Extraction(
        dct=dct,
        sentences=sentences,
        timexes=timexes,
        actor_mentions=mentions,
        actors=actors,
        thing_mentions=things,
        events=events,
        stances=stances,
    )
