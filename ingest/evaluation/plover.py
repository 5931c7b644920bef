"""``python main.py evaluate plover RECORDS.json``: who did what to whom, on PLOVER gold records.

Each record is one news sentence with its source and target actors (as written) and its event
category.  The sentence goes through the whole extraction (no publication date), and a gold
actor counts as *found* when an actor mention overlaps where its text stands in the sentence.
Printed, in percent of records (actors: of gold actor texts):

- ``actors``: gold source/target texts covered by an actor mention;
- ``event``: records with an event whose source is a gold source;
- ``target``: of those with a gold target, the share whose event also has it as target;
- ``type``: of the records with a source event, the share whose type is the gold category
  (2016 names mapped to PLOVER 2021 as the records' README says);
- ``polarity``: records of a category with a position (AGREE/SUPPORT/CONCEDE for,
  REJECT/ACCUSE/PROTEST/THREATEN against) with a stance of a gold source with that polarity.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ingest.pipeline import extract
from ingest.records import Extraction

# PLOVER 2021 renamed or folded these 2016 categories (README of the records).
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
FOR = frozenset({"AGREE", "SUPPORT", "CONCEDE"})
AGAINST = frozenset({"REJECT", "ACCUSE", "PROTEST", "THREATEN"})


def _actors(field: Any) -> list[str]:
    if not field or not isinstance(field, list):
        return []
    return [a["actorText"] for a in field if isinstance(a, dict) and a.get("actorText")]


def _names_at(x: Extraction, text: str, phrase: str) -> set[str]:
    """Canonical names of the mentions overlapping ``phrase`` in ``text`` (and, for people,
    their affiliation: a minister's act is his country's in these records)."""
    # the records write elided actor texts with dots ("U.S. ... negotiators") and sometimes
    # doubled spaces: the first part found in the sentence stands for the actor
    parts = [" ".join(p.split()) for p in re.split(r"\s*\.\.\.?\s*", phrase) if p.strip()]
    start = -1
    for part in parts or [phrase]:
        start = text.find(part)
        if start < 0:
            start = text.lower().find(part.lower())
        if start >= 0:
            phrase = part
            break
    if start < 0:
        return set()
    end = start + len(phrase)
    names = {m.actor for m in x.actor_mentions if m.start < end and start < m.end}
    return names | {
        x.actors[n].affiliation for n in names if n in x.actors and x.actors[n].affiliation
    }  # type: ignore[misc]


def _with_affiliation(x: Extraction, names: list[str]) -> set[str]:
    out = set(names)
    for n in names:
        info = x.actors.get(n)
        if info is not None and info.affiliation:
            out.add(info.affiliation)
    return out


def score_record(rec: dict[str, Any]) -> dict[str, Any]:
    text = rec["text"]
    x = extract(text, None)
    sources = _actors(rec.get("source"))
    targets = _actors(rec.get("target"))
    gold_type = RENAMED.get(rec["event"], rec["event"])
    covered = [bool(_names_at(x, text, a)) for a in sources + targets]
    src_names = set().union(*(_names_at(x, text, a) for a in sources)) if sources else set()
    tgt_names = set().union(*(_names_at(x, text, a) for a in targets)) if targets else set()
    with_source = [e for e in x.events if _with_affiliation(x, e.source) & src_names]
    with_target = [e for e in with_source if _with_affiliation(x, e.target) & tgt_names]
    typed = [e for e in with_source if e.event_type == gold_type]
    want = "for" if gold_type in FOR else "against" if gold_type in AGAINST else None
    stance = want is not None and any(
        s.polarity == want and _with_affiliation(x, [s.holder]) & src_names for s in x.stances
    )
    return {
        "id": rec.get("id"),
        "covered": covered,
        "event": bool(with_source),
        "has_target": bool(targets),
        "target": bool(with_target),
        "type": bool(typed),
        "polar": want is not None,
        "stance": stance,
        "got": [(e.event_type, e.source, e.target, e.summary) for e in x.events],
    }


def evaluate(path: Path, details: bool = False) -> dict[str, Any]:
    records = [
        r for r in json.loads(Path(path).read_text(encoding="utf-8"))
        if r.get("event") != "DOCUMENT" and r.get("text")
    ]
    rows = [score_record(r) for r in records]
    covered = [c for r in rows for c in r["covered"]]
    with_event = [r for r in rows if r["event"]]
    target_rows = [r for r in with_event if r["has_target"]]
    polar = [r for r in rows if r["polar"]]

    def pct(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    out: dict[str, Any] = {
        "records": len(rows),
        "actors": pct(sum(covered), len(covered)),
        "event": pct(len(with_event), len(rows)),
        "target": pct(sum(r["target"] for r in target_rows), len(target_rows)),
        "type": pct(sum(r["type"] for r in with_event), len(with_event)),
        "polarity": pct(sum(r["stance"] for r in polar), len(polar)),
    }
    if details:
        out["rows"] = rows
    return out
