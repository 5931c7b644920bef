"""SemEval-2015 Task 4 (TimeLine) scoring of the extraction: `python main.py evaluate timeline DIR`.

DIR is the trial folder (or any folder holding the same two kinds of files, searched
recursively):

* articles as TimeML (``*.tml``): ``<DOCID>``, the DCT ``TIMEX3`` and ``<s id="N">`` sentences;
* gold timelines (``*.txt``): first line the target entity ("Steve Jobs", "iPhone 4"), then
  ``order<TAB>anchor<TAB>docid-sentence-token[<TAB>coreferent mention …]``.

Each article's text is rebuilt as its sentences joined by newlines (sentence N is line N of
the TimeML order), run through `ingest.pipeline.extract` with the DCT as publication date.
An event is *linked to an entity* when one of its actors or things is the entity: the entity
name matched against the canonical name and the aliases of the actors/things the extraction
found in that article, case- and punctuation-insensitively ("iTunes store" = "iTunes Store").

Choices (the official scorer compares temporal graphs; this is the simpler triple view the
issue asks for):

* units are (document, sentence, date value) triples; the anchor's unknown parts are dropped
  ("2003-XX-XX" → "2003", "2005-06-XX" → "2005-06"); a system date compares by its TimeML
  value, exactly;
* gold lines anchored "XXXX-XX-XX" (undated) are skipped, and so are undated system events:
  the timeline is about placing events on the calendar;
* a gold line is one event: its first mention and its coreferent mentions give triples that
  all stand for it; two lines sharing a triple (two events of one sentence) are one unit,
  since a sentence-level system cannot tell them apart;
* recall = gold units with at least one system triple / gold units; precision = distinct
  system triples that belong to a gold unit of the same entity / distinct system triples.
  Micro-averaged over entities, and per entity;
* a gold event told only by an article that is not in the folder is left out (and counted
  in ``gold_events_without_article``); a system time of day counts for its day.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ingest.evaluation.timeml import TimeMLError, safe_parser
from ingest.pipeline import extract
from ingest.records import Extraction

Triple = tuple[str, int, str]  # (document id, sentence number, date value)


class TimelineError(ValueError):
    """A file of the benchmark folder that cannot be read."""


@dataclass(slots=True)
class Article:
    docid: str
    text: str
    dct: object  # datetime.date | None
    line_of: list[int]  # sentence number of each line of `text`
    line_starts: list[int]


@dataclass(slots=True)
class _TmlReader:
    docid: str = ""
    dct: str = ""
    sentences: list[tuple[int, list[str]]] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.stack.append(name)
        if name == "s":
            self.sentences.append((int(attrs.get("id", len(self.sentences) + 1)), []))
        elif name == "TIMEX3" and attrs.get("functionInDocument") == "CREATION_TIME":
            self.dct = self.dct or attrs.get("value", "")

    def end(self, name: str) -> None:
        self.stack.pop()

    def chars(self, data: str) -> None:
        if "DOCID" in self.stack:
            self.docid += data.strip()
        elif "s" in self.stack and self.sentences:
            self.sentences[-1][1].append(data)


def read_article(path: Path) -> Article:
    """One TimeML article (expat, entity declarations refused, nothing fetched)."""
    from datetime import date

    reader = _TmlReader()
    parser = safe_parser(reader)
    try:
        parser.Parse(path.read_bytes(), True)
    except (expat.ExpatError, TimeMLError) as err:
        raise TimelineError(f"{path}: {err}") from None
    lines = [detokenize("".join(parts)) for _, parts in reader.sentences]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    try:
        dct = date.fromisoformat(reader.dct[:10])
    except ValueError:
        dct = None
    docid = reader.docid or path.stem.split("-")[0].split("_")[0]
    return Article(docid, "\n".join(lines), dct, [n for n, _ in reader.sentences], starts)


_SPACE_BEFORE = re.compile(r" (?=[,.;:!?)%\]]|'s\b|n't\b|'re\b|'ll\b|'ve\b|' s\b)")
_SPACE_AFTER = re.compile(r"(?<=[($\[]) ")


def detokenize(tokens: str) -> str:
    """ "April 28 , 2003 ( USD )" → "April 28, 2003 (USD)": the article as it was written
    (TimeML keeps one space between tokens); sentence numbers are unaffected."""
    text = _SPACE_BEFORE.sub("", " ".join(tokens.split()))
    return _SPACE_AFTER.sub("", text).replace("' s ", "'s ")


@dataclass(slots=True)
class GoldTimeline:
    entity: str
    units: list[set[Triple]]  # one set of triples per gold event (lines sharing one merged)


def anchor_value(anchor: str) -> str | None:
    """ "2003-XX-XX" → "2003", "2005-06-XX" → "2005-06", "XXXX-XX-XX" → None."""
    parts = []
    for part in anchor.strip().split("-"):
        if "X" in part:
            break
        parts.append(part)
    return "-".join(parts) or None


def read_timeline(path: Path) -> GoldTimeline:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        raise TimelineError(f"{path}: empty timeline")
    units: list[set[Triple]] = []
    for line in lines[1:]:
        cols = line.strip().split("\t")
        if len(cols) < 3:
            continue
        value = anchor_value(cols[1])
        if value is None:
            continue
        triples: set[Triple] = set()
        for mention in cols[2:]:
            doc, sent, *_ = mention.split("-", 2)
            triples.add((doc, int(sent), value))
        units.append(triples)
    return GoldTimeline(lines[0].strip(), _merge_units(units))


def _merge_units(units: list[set[Triple]]) -> list[set[Triple]]:
    merged: list[set[Triple]] = []
    for unit in units:
        joined = [m for m in merged if m & unit]
        for m in joined:
            merged.remove(m)
            unit = unit | m
        merged.append(unit)
    return merged


def _norm(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def linked_names(x: Extraction, entity: str) -> set[str]:
    """Canonical actor/thing names of `x` that stand for `entity` (by name or alias)."""
    want = _norm(entity)
    names = {
        info.name
        for info in x.actors.values()
        if want in {_norm(a) for a in (info.name, *info.aliases)}
    }
    names |= {t.thing for t in x.thing_mentions if _norm(t.thing) == want or _norm(t.text) == want}
    names |= {m.actor for m in x.actor_mentions if _norm(m.text) == want}
    return names


def system_triples(article: Article, x: Extraction, entity: str) -> set[Triple]:
    from bisect import bisect_right

    names = linked_names(x, entity)
    out: set[Triple] = set()
    if not names:
        return out
    for event in x.events:
        if event.date is None or not event.date.resolved:
            continue
        if not names & ({a.name for a in event.actors} | set(event.things)):
            continue
        line = bisect_right(article.line_starts, event.evidence.start) - 1
        # a time of day counts for its day: the gold anchors are calendar dates
        out.add((article.docid, article.line_of[line], event.date.value.split("T")[0]))
    return out


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate(folder: Path) -> dict:
    folder = Path(folder)
    articles = [read_article(p) for p in sorted(folder.rglob("*.tml"))]
    # the event-annotated TimeML copy repeats each article: keep one per document id
    unique: dict[str, Article] = {}
    for a in articles:
        unique.setdefault(a.docid, a)
    timelines = [read_timeline(p) for p in sorted(folder.rglob("*.txt"))]
    began = time.perf_counter()
    extractions = {d: extract(a.text, a.dct) for d, a in unique.items()}
    seconds = time.perf_counter() - began
    totals = [0, 0, 0, 0]
    per_entity = {}
    unreachable = 0
    for tl in timelines:
        # gold events told only by articles missing from the folder cannot be found
        reachable = [u for u in tl.units if any(t[0] in unique for t in u)]
        unreachable += len(tl.units) - len(reachable)
        tl.units = reachable
        sys_set: set[Triple] = set()  # over every article: an entity can be in any of them
        for docid, article in unique.items():
            sys_set |= system_triples(article, extractions[docid], tl.entity)
        gold_all = set().union(*tl.units) if tl.units else set()
        tp_p = len(sys_set & gold_all)
        tp_r = sum(1 for u in tl.units if u & sys_set)
        counts = (tp_p, len(sys_set), tp_r, len(tl.units))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        per_entity[tl.entity] = {**_prf(*counts), "system": len(sys_set), "gold": len(tl.units)}
    return {
        "task": "timeline",
        "documents": len(unique),
        "entities": len(timelines),
        **_prf(*totals),
        "system_triples": totals[1],
        "gold_events": totals[3],
        "gold_events_without_article": unreachable,
        "per_entity": per_entity,
        "seconds": round(seconds, 2),
    }
