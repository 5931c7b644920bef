"""One article's text in, one `Extraction` out.

sentences (rules) → parse (the trained pipeline, ``ingest.nlp``) → timexes → actors (dictionary,
names from the model, titles, appositions) → things → events (``ingest.events``, from the
parse) → stances (``ingest.stances``, from the parse and the events).

`extract` must survive any input a user can paste or import, so size guards live here and in
the stages (sentences over `events.MAX_SENTENCE` chars are not read for events or stances).
Errors are not swallowed: a crash is a bug to fix in the stage that raised it.
"""

from __future__ import annotations

from datetime import date

from ingest.actors import find_actors
from ingest.events import find_events
from ingest.gazetteer import Gazetteer
from ingest.nlp import parse
from ingest.records import Extraction
from ingest.referents import Referents
from ingest.stances import find_stances
from ingest.text import split_sentences
from ingest.things import find_things
from ingest.timex import find_timexes


def extract(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Run every extraction stage over `text`, resolving relative dates against `dct`."""
    gaz = gazetteer or Gazetteer.default()
    sentences = split_sentences(text)
    doc = parse(text, sentences)
    timexes = find_timexes(text, dct)
    mentions, actors = find_actors(text, sentences, gaz, doc)
    things = find_things(text, gaz, doc)
    events = find_events(text, doc, timexes, Referents(mentions, actors), things, dct)
    stances = find_stances(text, doc, Referents(mentions, actors), things, events, timexes)
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
