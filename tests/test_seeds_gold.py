"""The two reference articles against their hand-made gold annotation (../shared).

Runs `extract_json` exactly as `main.py extract --json` does, with the gold dct values, and
prints the tally (`pytest -s` shows it).  A person counts for their affiliation (the GUI and
db map people to their country the same way), for event actors and stance holders alike.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest.extract_cli import extract_json


@pytest.fixture(scope="module")
def run(seeds_dir: Path, gold: dict) -> dict:
    files = [seeds_dir / d["file"] for d in gold["documents"]]
    dcts = {str(seeds_dir / d["file"]): date.fromisoformat(d["dct"]) for d in gold["documents"]}
    out = extract_json(files, dcts)
    texts = {str(f): f.read_text(encoding="utf-8") for f in files}
    return {"out": out, "texts": texts, "gold": gold, "files": [str(f) for f in files]}


def _affiliations(out: dict) -> dict[str, str]:
    return {
        a["actor"]: a["affiliation"]
        for d in out["documents"] for a in d["actors"] if a.get("affiliation")
    }


def _with_affiliations(names: set[str], aff: dict[str, str]) -> set[str]:
    result = set(names)
    frontier = list(names)
    while frontier:
        parent = aff.get(frontier.pop())
        if parent and parent not in result:
            result.add(parent)
            frontier.append(parent)
    return result


def _date_ok(gold_value: str | None, got: dict | None) -> bool:
    if gold_value is None:
        return got is None or (got["earliest"] is not None and got["latest"] is not None
                               and got["value"] not in ("PRESENT_REF",))
    return got is not None and got["value"] == gold_value


def _match_events(run: dict) -> tuple[dict[str, tuple[str, str]], list[str]]:
    gold, out, texts = run["gold"], run["out"], run["texts"]
    names = {a["id"]: a["name"] for a in gold["actors"]}
    aff = _affiliations(out)
    found: dict[str, tuple[str, str]] = {}
    misses = []
    for gdoc, doc, file in zip(gold["documents"], out["documents"], run["files"], strict=True):
        text = texts[file]
        for ge in gdoc["events"]:
            want = {names[a] for a in ge["actors"]}
            hit = None
            for e in doc["events"]:
                ev = e["evidence"][0]
                if ge["sentence_contains"] not in text[ev["start"]:ev["end"]]:
                    continue
                if _date_ok(ge["date"], e["date"]) and want <= _with_affiliations(
                    set(e["actors"]), aff
                ):
                    hit = e
                    break
            if hit:
                found[ge["id"]] = (file, hit["id"])
            else:
                misses.append(ge["id"])
    return found, misses


def _match_stances(run: dict) -> tuple[int, list[str]]:
    gold, out, texts = run["gold"], run["out"], run["texts"]
    names = {a["id"]: a["name"] for a in gold["actors"]}
    aff = _affiliations(out)
    found, misses = 0, []
    for gdoc, doc, file in zip(gold["documents"], out["documents"], run["files"], strict=True):
        text = texts[file]
        for gs in gdoc["stances"]:
            ok = any(
                names[gs["holder"]] in _with_affiliations({s["holder"]}, aff)
                and s["polarity"] == gs["polarity"]
                and gs["sentence_contains"] in text[s["evidence"]["start"]:s["evidence"]["end"]]
                and all(re.search(re.escape(k.lower()), s["target"].lower())
                        for k in gs["target_keywords"])
                for s in doc["stances"]
            )
            if ok:
                found += 1
            else:
                misses.append(f"{gs['holder']} {gs['polarity']} {gs['target_keywords']}")
    return found, misses


def _groups(out: dict) -> list[set[tuple[str, str]]]:
    return [{(m["file"], m["event_id"]) for m in g["members"]} for g in out["merged_events"]]


def test_gold_events(run: dict):
    found, misses = _match_events(run)
    total = sum(len(d["events"]) for d in run["gold"]["documents"])
    print(f"\nevents: {len(found)}/{total} (missed: {misses})")
    assert not misses


def test_gold_stances(run: dict):
    found, misses = _match_stances(run)
    total = sum(len(d["stances"]) for d in run["gold"]["documents"])
    print(f"\nstances: {found}/{total} (missed: {misses})")
    assert found >= 9


def test_gold_merges(run: dict):
    found, _ = _match_events(run)
    groups = _groups(run["out"])
    merged = keep_apart = 0
    pairs = list(run["gold"]["cross_document"])
    for pair in pairs:
        ids = pair.get("merge") or pair.get("keep_apart")
        members = {found.get(i) for i in ids}
        together = None not in members and any(members <= g for g in groups)
        if "merge" in pair:
            merged += together
        else:
            keep_apart += not together
    n_merge = sum("merge" in p for p in pairs)
    n_apart = len(pairs) - n_merge
    print(f"\nmerges: {merged}/{n_merge}, kept apart: {keep_apart}/{n_apart}")
    assert merged == n_merge and keep_apart == n_apart


def test_without_dct_relative_dates_stay_unresolved(seeds_dir: Path, gold: dict):
    files = [seeds_dir / d["file"] for d in gold["documents"]]
    out = extract_json(files, {})
    values = set()
    for doc in out["documents"]:
        assert doc["dct"] is None
        for e in doc["events"]:
            if e["date"] and e["date"]["earliest"]:
                values.add(e["date"]["value"])
    assert {"2017", "2019", "2020-12", "2021-10"} <= values
    assert not values & {"2023-05-07", "2022-03-23", "2022-W11"}
