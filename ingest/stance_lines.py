"""``python main.py stances FILE``: every stance of an article as one readable line,

    holder | polarity | issue | target | speaker / cited medium

so a person can check the output of any article in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ingest.pipeline import extract
from ingest.reader import read_path


def stance_lines(path: Path, dct: date | None = None) -> Iterator[str]:
    article = read_path(path)
    x = extract(article.text, dct or article.published)
    for s in x.stances:
        cited = ""
        if s.attribution is not None:
            cited = " / ".join(p for p in (s.attribution.speaker, s.attribution.medium) if p)
        yield " | ".join((s.holder, s.polarity, s.issue or s.target_key, s.target, cited or "-"))
