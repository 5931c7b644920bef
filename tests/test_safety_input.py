"""Bad input: each bad file gets a clear message naming it and the reason; the rest is kept."""

from __future__ import annotations

import codecs
import os
import random
import re
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import ingest.pipeline
from db import models as m
from db import queries as q
from db.project import Project
from ingest import reader
from ingest.records import Extraction, ReadError
from services.importing import import_paths

REPO = Path(__file__).resolve().parent.parent
GOOD = "Mevlüt Çavuşoğlu said on March 3, 2021 that Turkey opposed the sanctions.\n"


@pytest.fixture
def alarm() -> Iterator[None]:
    """Turn a hang (catastrophic regex, endless loop) into a failure instead of a stuck run."""

    def fail(*_a: object) -> None:
        raise TimeoutError("still running after 120 s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _bad_folder(folder: Path) -> dict[str, str]:
    """Write one file per bad-input case; returns {file name: words its reason must contain}."""
    folder.mkdir()
    cases = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\n \t\n", "empty"),
        "report.pdf.txt": (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 20,
            "PDF",
        ),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "PNG image"),
        "archive.txt": (b"PK\x03\x04" + bytes(range(256)) * 20, "ZIP"),
        "noise.txt": (random.Random(6).randbytes(20000), "binary|decoded"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    return {name: why for name, (_, why) in cases.items()}


def test_import_reports_each_bad_file_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = _bad_folder(folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good copy.txt").write_text(GOOD.replace("\n", "\r\n"), encoding="utf-8")
    (folder / "invalid-utf8.txt").write_bytes(GOOD.encode() + b"broken \xc3\x28 byte\n" + b"\xff")
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [folder])
        failed = {p.name: why for p, why in report.failed}
        assert set(failed) == set(expected)
        for name, words in expected.items():
            assert re.search(words, failed[name], re.I), (name, failed[name])
        assert [p.name for p, _ in report.imported] == ["good copy.txt", "invalid-utf8.txt"] or [
            p.name for p, _ in report.imported
        ] == ["good.txt", "invalid-utf8.txt"]
        assert len(report.duplicates) == 1  # the same article twice: detected, not duplicated
        assert len(q.list_sources(project)) == 2
        assert not report.ok


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_cli_import_exits_non_zero_listing_each_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = _bad_folder(folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    project = tmp_path / "p.stanceline"
    run = _cli("import", "--project", str(project), str(folder), str(tmp_path / "missing.txt"))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    for name in [*expected, "missing.txt"]:
        assert f"FAILED {folder / name if name != 'missing.txt' else tmp_path / name}" in run.stderr
    assert "imported 1," in run.stderr
    with Project.open(project, create=False) as p:
        assert len(q.list_sources(p)) == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["import"], "required"),
        (["import", "--project"], "expected one argument"),
        (["import", "--project", "x.stanceline", "--published", "yesterday", "a.txt"], "date"),
        (["extract", "--json", "--dct", "30000-01-01", "a.txt"], "YYYY-MM-DD"),
        (["--frobnicate"], "usage"),
        (["one.stanceline", "two.stanceline", "three"], "usage"),
    ],
)
def test_nonsense_command_line_is_a_usage_message(tmp_path: Path, args: list, words: str) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 2
    assert words.lower() in run.stderr.lower()
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.stanceline"))  # nothing created


def test_cli_import_into_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    notes = tmp_path / "notes.stanceline"
    notes.write_text("my notes\n" * 100)
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    run = _cli("import", "--project", str(notes), str(article))
    assert run.returncode == 2
    assert f"{notes} is not a Stanceline project" in run.stderr
    assert "Traceback" not in run.stderr
    assert notes.read_text() == "my notes\n" * 100


@pytest.mark.parametrize(
    "encoding", ["cp1254", "iso-8859-9", "windows-1252-compatible", "utf-16", "utf-8-sig"]
)
def test_legacy_encodings_import_correctly(tmp_path: Path, encoding: str) -> None:
    text = "Dışişleri Bakanı Mevlüt Çavuşoğlu, Türkiye'nin yaptırımlara karşı olduğunu söyledi.\n"
    if encoding == "windows-1252-compatible":  # no Turkish letters in cp1252: a French name
        text, encoding = (
            "Le ministre Jean-Yves Le Drian a déclaré à Genève que la France…\n",
            "cp1252",
        )
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith(codecs.BOM_UTF16)
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [path])
        assert report.ok, report.failed
        (source_id,) = (sid for _, sid in report.imported)
        stored = q.source_detail(project, source_id).text
    assert stored == text.strip("\n") or stored == text
    if "Çavuşoğlu" in text:
        assert "Çavuşoğlu" in stored


def test_mixed_line_endings_become_one(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title: Mixed\r\n\r\nFirst line.\r\nSecond line.\rThird line.\nFourth.\n")
    article = reader.read_path(path)
    assert "\r" not in article.text
    assert article.text.split("\n")[:4] == ["First line.", "Second line.", "Third line.", "Fourth."]


def test_file_vanishing_or_unreadable_mid_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(f"Article {i}: " + GOOD)

    def progress(i: int, _n: int, name: str) -> None:
        if name == "0.txt":  # the import has started: another program deletes 1.txt
            (folder / "1.txt").unlink()

    with Project.open(tmp_path / "p.stanceline") as project:
        # Root may read anything, so the permission failure is injected at open().
        monkeypatch.setattr(Path, "open", _deny_open(Path.open, folder / "2.txt"), raising=True)
        report = import_paths(project, [folder], progress=progress)
    failed = {p.name: why for p, why in report.failed}
    assert "moved or deleted" in failed["1.txt"]
    assert "permission denied" in failed["2.txt"]
    assert sorted(p.name for p, _ in report.imported) == ["0.txt", "3.txt"]


def _deny_open(real_open, denied: Path):  # type: ignore[no-untyped-def]
    def open_(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    return open_


def test_folder_with_thousands_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    n = 3000
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(f"Article number {i} about the S-400.\n")
    (folder / "00007.txt").write_bytes(b"")  # one bad apple in the crowd
    # The importer's handling is under test here, not the extraction: keep it instant.
    monkeypatch.setattr(ingest.pipeline, "extract", lambda text, dct, *a, **k: Extraction(dct))
    seen: list[int] = []
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [folder], progress=lambda i, n_, name: seen.append(n_))
        with project.reading() as s:
            stored = s.scalar(select(func.count(m.Source.id)))
    assert set(seen) == {n}
    assert stored == n - 1 and len(report.imported) == n - 1
    assert [p.name for p, _ in report.failed] == ["00007.txt"]


@pytest.mark.parametrize(
    "header, body",
    [
        ("Published: 0000-00-00", "It happened in the year 30000 and on 0000-00-00."),
        ("Published: 30000-01-01", "On 31/02/2021, in the year 99999, on 2021-13-45, it ended."),
        ("Date: 0001-01-01", "In the year 0 and in 10000 BC and on 9999-12-31 the treaty lapsed."),
    ],
)
def test_dates_out_of_range(tmp_path: Path, header: str, body: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Title: Odd dates\n{header}\n\nTurkey said so. {body}\n")
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [path])
        assert report.ok, report.failed
        for row in q.list_events(project):
            assert row.earliest is None or row.latest is None or row.earliest <= row.latest
        (source,) = q.list_sources(project)
        assert source[3] is None  # no absurd publication date


def test_extremely_long_lines_and_sentences(tmp_path: Path, alarm: None) -> None:
    path = tmp_path / "long.txt"
    sentence = "Turkey " + "and Russia " * 10000 + "agreed on March 3, 2021."
    path.write_text("Title: Long\n\n" + sentence + "\n" + "x" * 150_000 + "\n")
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [path])
        assert report.ok, report.failed


def test_huge_file_is_refused_with_the_limit_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # 50 MB of text
        line = ("Turkey said the S-400 deal was final. " * 20 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    tracemalloc.start()
    with pytest.raises(ReadError) as err:
        reader.read_path(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(path) in str(err.value)
    assert "50 MB; the limit is 8 MB" in str(err.value)
    assert peak < 2 * 1024 * 1024  # refused before reading


def test_long_text_under_the_byte_limit_is_refused_by_its_length(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Turkey said no. " * 40_000)  # 640 KB, fine as bytes
    with pytest.raises(ReadError, match="characters of text; the limit for one article"):
        reader.read_path(path)
