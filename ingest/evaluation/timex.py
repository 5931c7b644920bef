"""`python main.py evaluate timex DIR`: score `find_timexes` on TimeML files as TempEval-3 Task A.

For each `.tml` file (recursively) the recogniser runs on the TEXT content with the document
creation time as the publication date.  System and gold spans are paired on any overlap, one to
one, largest overlap first; relaxed (overlap) and strict (same span) precision/recall/F1 are
micro-averaged over all documents.  Value and type accuracy are measured over the relaxed pairs,
and value F1 = value accuracy × relaxed F1 (type F1 likewise), as the TempEval-3 scorer reports.
The CREATION_TIME timex is outside TEXT and is not scored.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ingest.evaluation.timeml import read_timeml, timeml_paths
from ingest.timex import find_timexes

_WORD = re.compile(r"\S+")


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def pair(system: Sequence[Spanned], gold: Sequence[Spanned]) -> list[tuple[int, int]]:
    """(system index, gold index) pairs: any overlap counts, one to one, largest overlap first.

    Both lists are sorted by start; a sweep finds the overlapping pairs in linear time for the
    non-overlapping spans recognisers and annotators produce.
    """
    candidates: list[tuple[int, int, int]] = []  # (-overlap, system index, gold index)
    first = 0
    for i, s in enumerate(system):
        while first < len(gold) and gold[first].end <= s.start:
            first += 1
        j = first
        while j < len(gold) and gold[j].start < s.end:
            overlap = min(s.end, gold[j].end) - max(s.start, gold[j].start)
            if overlap > 0:
                candidates.append((-overlap, i, j))
            j += 1
    candidates.sort()
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class Tally:
    documents: int = 0
    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    type: int = 0
    words: int = 0
    seconds: float = 0.0

    def add(self, system: Sequence, gold: Sequence) -> None:
        """Count one document: `system` items have start/end/type/value, so do `gold` items."""
        self.documents += 1
        self.gold += len(gold)
        self.system += len(system)
        for i, j in pair(system, gold):
            s, g = system[i], gold[j]
            self.relaxed += 1
            self.strict += s.start == g.start and s.end == g.end
            self.value += s.value == g.value
            self.type += s.type == g.type

    def figures(self) -> dict[str, float | int]:
        rp, rr, rf = _prf(self.relaxed, self.system, self.gold)
        sp, sr, sf = _prf(self.strict, self.system, self.gold)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "documents": self.documents,
            "gold": self.gold,
            "system": self.system,
            "relaxed_p": _pct(rp),
            "relaxed_r": _pct(rr),
            "relaxed_f1": _pct(rf),
            "strict_p": _pct(sp),
            "strict_r": _pct(sr),
            "strict_f1": _pct(sf),
            "value_accuracy": _pct(value_acc),
            "type_accuracy": _pct(type_acc),
            "value_f1": _pct(value_acc * rf),
            "type_f1": _pct(type_acc * rf),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words / self.seconds) if self.seconds else 0,
        }


def _prf(hits: int, system: int, gold: int) -> tuple[float, float, float]:
    p = hits / system if system else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pct(x: float) -> float:
    return round(100 * x, 2)


def evaluate(folder: Path) -> dict[str, float | int]:
    """Score every .tml file under `folder`; the figures main.py prints as one JSON line."""
    tally = Tally()
    for path in timeml_paths(folder):
        doc = read_timeml(path)
        t0 = time.perf_counter()
        found = find_timexes(doc.text, doc.dct)
        tally.seconds += time.perf_counter() - t0
        tally.words += sum(1 for _ in _WORD.finditer(doc.text))
        tally.add(found, doc.timexes)
    return tally.figures()
