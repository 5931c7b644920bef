"""The demo articles in resources/demo: the right mix of formats and dates, and our own text.

The demo project is the first thing a new user sees, so it has to exercise every reader path
(plain text with a header, HTML with a script to drop, Markdown with front matter) and show an
article without a publication date.  The articles retell the story of the reference seeds, so a
shingle check proves they were written afresh rather than copied.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo"
ARTICLES = sorted(p for p in DEMO.iterdir() if p.suffix in {".txt", ".html", ".md"})
UNDATED_MARK = "undated"  # the one article meant to have no publication date says so in its name
SHINGLE = 8


class _TextAndMeta(HTMLParser):
    """Visible text and <meta> tags of an HTML page; script and style contents are dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def _parse(path: Path) -> tuple[dict[str, str], str]:
    """(metadata, body text) with our own minimal readers, independent of ingest/."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        p = _TextAndMeta()
        p.feed(raw)
        meta = {"title": p.title.strip(), **p.meta}
        if "article:published_time" in p.meta:
            meta["published"] = p.meta["article:published_time"][:10]
        return meta, " ".join(p.parts)
    if path.suffix == ".md":
        m = re.match(r"---\n(.*?)\n---\n(.*)", raw, re.S)
        assert m, f"{path.name}: Markdown demo needs YAML front matter"
        meta = {}
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip().strip('"')
        if "date" in meta:
            meta["published"] = meta["date"]
        return meta, m.group(2)
    header, sep, body = raw.partition("\n\n")
    assert sep, f"{path.name}: plain-text header must end with a blank line"
    meta = {}
    for line in header.splitlines():
        key, colon, value = line.partition(":")
        assert colon, f"{path.name}: header line without 'Key:' {line!r}"
        meta[key.strip().lower()] = value.strip()
    return meta, body


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    return re.findall(r"[\w'$.]+", text.replace(". ", " "))


def _norm(text: str) -> str:
    return " ".join(_words(text))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_four_to_six_articles_in_mixed_formats() -> None:
    assert 4 <= len(ARTICLES) <= 6, [p.name for p in ARTICLES]
    assert {p.suffix for p in ARTICLES} == {".txt", ".html", ".md"}
    assert len({p.name[:2] for p in ARTICLES}) == len(ARTICLES), "numbered prefixes keep an order"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_article_has_metadata_and_a_sensible_length(path: Path) -> None:
    meta, body = _parse(path)
    assert meta.get("title"), f"{path.name}: no title"
    assert meta.get("outlet") or meta.get("og:site_name") or meta.get("source")
    n = len(body.split())
    assert 180 <= n <= 480, f"{path.name}: {n} words"
    assert "Çavuşoğlu" in body or "S-400" in body  # Turkish letters stay intact (UTF-8)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_publication_date_present_except_in_the_undated_one(path: Path) -> None:
    meta, _ = _parse(path)
    if UNDATED_MARK in path.name:
        assert "published" not in meta, "the undated demo must stay undated"
    else:
        published = date.fromisoformat(meta["published"])
        assert date(2022, 2, 24) <= published <= date(2023, 12, 31)


def test_exactly_one_undated_article() -> None:
    assert sum(UNDATED_MARK in p.name for p in ARTICLES) == 1


def test_html_demo_carries_a_script_to_be_ignored() -> None:
    path = next(p for p in ARTICLES if p.suffix == ".html")
    assert "<script" in path.read_text(encoding="utf-8")
    _, body = _parse(path)
    assert "SCRIPT TEXT" not in body


def test_demo_covers_the_story_dates_and_actors() -> None:
    corpus = "\n".join(_parse(p)[1] for p in ARTICLES)
    for needle in (
        "2017", "July 2019", "December 2020", "October 2021", "Feb. 24",
        "on Sunday", "last week", "earlier this month", "yesterday",
        "Ankara", "Washington", "Moscow", "Kyiv", "NATO", "Greece", "EU", "Lockheed Martin",
        "SSB", "Ismail Demir", "Erdoğan", "State Department spokesman", "Çavuşoğlu said",
    ):  # fmt: skip
        assert needle in corpus, needle


def test_demo_reads_through_the_real_reader() -> None:
    """Contract with ingest.reader: the dates and titles we wrote are the ones the app sees."""
    reader = pytest.importorskip("ingest.reader")
    for path in ARTICLES:
        meta, _ = _parse(path)
        article = reader.read_path(path)
        assert article.title, path.name
        expected = date.fromisoformat(meta["published"]) if "published" in meta else None
        assert article.published == expected, path.name
        assert "SCRIPT TEXT" not in article.text and "ledgerAnalytics" not in article.text


def test_demo_text_is_our_own(seeds_dir: Path) -> None:
    """No long seed sentence appears in a demo, and < 5% of 8-word shingles are shared."""
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    assert seeds, "no seed articles to compare with"
    seed_sentences = [
        _norm(s)
        for text in seeds.values()
        for s in re.split(r'(?<=[.!?"”])\s+|\n+', text)
        if len(s.strip()) > 40
    ]
    seed_shingles = set().union(*(_shingles(_words(t)) for t in seeds.values()))
    for path in ARTICLES:
        _, body = _parse(path)
        words = _words(body)
        text = " ".join(words)
        copied = [s for s in seed_sentences if s and s in text]
        assert not copied, f"{path.name} copies seed sentences: {copied[:2]}"
        mine = _shingles(words)
        shared = mine & seed_shingles
        assert len(shared) / len(mine) < 0.05, f"{path.name}: {sorted(shared)[:5]}"
