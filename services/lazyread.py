"""``ingest.pipeline.extract``, imported when an article is first read.

The language pipeline's libraries (spaCy, thinc, lemminflect) take ~0.9 s to import.  The
window imports the services at start-up, and its first frame need not wait for them: the
database worker loads the model right after the window shows (``viewer.dbworker``).
"""

from __future__ import annotations

from datetime import date

from ingest.gazetteer import Gazetteer
from ingest.records import Extraction


def extract(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
    from ingest.pipeline import extract as read

    return read(text, dct, gazetteer)
