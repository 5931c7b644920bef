"""`evaluate plover`: scoring who did what to whom on PLOVER-style records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ingest.evaluation.plover import evaluate

REPO = Path(__file__).resolve().parent.parent

RECORDS = [
    {"id": "DOC", "event": "DOCUMENT"},
    {
        "id": "r1",
        "event": "REJECT",
        "text": "Japan rejected the proposal from China on Monday.",
        "source": [{"actorText": "Japan", "code": "JPN"}],
        "target": [{"actorText": "China", "code": "CHN"}],
    },
    {
        "id": "r2",
        "event": "DEMAND",  # a 2016 name: scored as REQUEST
        "text": "The United States demanded that Iran release the detained sailors.",
        "source": [{"actorText": "United States", "code": "USA"}],
        "target": [{"actorText": "Iran", "code": "IRN"}],
    },
    {
        "id": "r3",
        "event": "SUPPORT",
        "text": "Canada welcomed the ceasefire agreement on Sunday.",
        "source": [{"actorText": "Canada", "code": "CAN"}],
        "target": "",
    },
]


def test_records_are_scored_per_measure(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    out = evaluate(path)
    assert out["records"] == 3  # the DOCUMENT record is documentation
    assert out["actors"] == 100.0
    assert out["event"] == 100.0
    assert out["type"] == 100.0
    assert out["target"] == 100.0  # of the records that have a gold target
    assert out["polarity"] == 100.0  # Japan against, Canada for


def test_a_missed_source_counts_against_the_event_figure(tmp_path: Path) -> None:
    wrong = [dict(RECORDS[1], source=[{"actorText": "Korea", "code": "KOR"}])]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(wrong), encoding="utf-8")
    out = evaluate(path)
    assert out["event"] == 0.0 and out["actors"] == 50.0


def test_command_prints_one_json_line(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "evaluate", "plover", str(path)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["records"] == 3


def test_stances_command_prints_holder_polarity_issue_target_medium(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Turkey will not send the systems to Ukraine, Omer Celik told Russia's Izvestia.\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "stances", str(article), "--dct", "2024-03-11"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.splitlines()[0]
    holder, polarity, _issue, target, cited = line.split(" | ")
    assert (holder, polarity) == ("Turkey", "against")
    assert "sending" in target and "Izvestia" in cited


def test_dev_records_hold_their_level(shared_dir: Path) -> None:
    """A guard against regressions on the visible half (the figures are tuned on it: the
    held-out half decides; see docs/status.md)."""
    out = evaluate(shared_dir / "benchmarks" / "plover-gsr" / "dev.json")
    assert out["actors"] >= 90 and out["event"] >= 70 and out["type"] >= 75
