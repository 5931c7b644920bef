"""``ingest.pipeline.extract``, imported when an article is first read.

The language pipeline's libraries (spaCy, thinc, lemminflect) take ~0.9 s to import.  The
window imports the services at start-up, and its first frame need not wait for them; the
running application reads articles in its reading process (``services.readpool``, started
as the window shows), so this process loads the model only where something reads here
(tests, commands, a window without a worker, a reading process that could not start).
"""

from __future__ import annotations

from datetime import date

from ingest.gazetteer import Gazetteer
from ingest.records import Extraction


def extract(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
    from ingest.pipeline import extract as read

    return read(text, dct, gazetteer)
