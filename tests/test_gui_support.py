"""A realistic little project for the GUI tests and screenshots, built through db.importer.

Articles are written as sentences with what the pipeline would have found in each (date,
event, actors, stance), so the GUI tests need neither the extraction pipeline nor a display.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.importer import import_article
from db.project import Project
from ingest.records import (
    ActorInfo,
    ActorMention,
    Article,
    DateSpan,
    Event,
    EventActor,
    Extraction,
    Span,
    Stance,
    ThingMention,
    Timex,
)
from tests.test_db_support import FakeKey, fake_event_key, patch_module

ACTORS: dict[str, ActorInfo] = {
    a.name: a
    for a in (
        ActorInfo("Turkey", "country", aliases=("Ankara", "Turkish")),
        ActorInfo("United States", "country", aliases=("Washington", "U.S.")),
        ActorInfo("Russia", "country", aliases=("Moscow", "Russian")),
        ActorInfo("NATO", "organization"),
        ActorInfo("Greece", "country", aliases=("Athens",)),
        ActorInfo("Recep Tayyip Erdoğan", "person", affiliation="Turkey", title="President",
                  aliases=("Erdoğan",)),
        ActorInfo("Mevlüt Çavuşoğlu", "person", affiliation="Turkey", title="Foreign Minister",
                  aliases=("Çavuşoğlu",)),
        ActorInfo("Mike Pompeo", "person", affiliation="United States",
                  title="Secretary of State", aliases=("Pompeo",)),
        ActorInfo("Rosoboronexport", "company", affiliation="Russia"),
    )
}
THINGS = {"S-400": "weapon", "F-35": "aircraft", "CAATSA": "law", "Patriot": "weapon"}


def day(y: int, m: int, d: int) -> DateSpan:
    when = date(y, m, d)
    return DateSpan(when.isoformat(), when, when, "day")


def month(y: int, m: int) -> DateSpan:
    last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return DateSpan(f"{y}-{m:02d}", date(y, m, 1), last, "month")


def year(y: int) -> DateSpan:
    return DateSpan(str(y), date(y, 1, 1), date(y, 12, 31), "year")


@dataclass
class S:
    """One sentence and what was read in it."""

    text: str
    when: DateSpan | None = None
    timex: str | None = None  # the phrase that dated it
    etype: str = ""  # "" = no event
    summary: str = ""
    actors: list[tuple[str, str]] = field(default_factory=list)
    things: list[str] = field(default_factory=list)
    stance: tuple[str, str, str, str] | None = None  # holder, polarity, target, key


def build(title: str, outlet: str, published: date | None, url: str,
          paragraphs: list[list[S]]) -> tuple[Article, Extraction]:
    text, spans = "", []
    for i, para in enumerate(paragraphs):
        if i:
            text += "\n\n"
        for j, s in enumerate(para):
            if j:
                text += " "
            spans.append((s, Span(len(text), len(text) + len(s.text))))
            text += s.text
    article = Article(text=text, title=title, outlet=outlet, url=url, published=published,
                      origin=f"{outlet}.txt")
    x = Extraction(dct=published, sentences=[sp for _s, sp in spans], actors=dict(ACTORS))
    for info in ACTORS.values():
        for surface in (info.name, *info.aliases):
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                if not any(a.start <= m.start() < a.end for a in x.actor_mentions):
                    x.actor_mentions.append(
                        ActorMention(m.start(), m.end(), surface, info.name, info.kind))
    for thing, kind in THINGS.items():
        for m in re.finditer(re.escape(thing), text):
            x.thing_mentions.append(ThingMention(m.start(), m.end(), thing, thing, kind))
    for n, (s, sp) in enumerate(spans, 1):
        tx = None
        if s.timex and s.when:
            start = sp.start + s.text.index(s.timex)
            tx = Span(start, start + len(s.timex))
            x.timexes.append(Timex(tx.start, tx.end, s.timex, "DATE", s.when.value, s.when))
        if s.etype:
            x.events.append(Event(f"e{n}", s.summary, sp, s.when, s.etype,
                                  [EventActor(a, r) for a, r in s.actors], list(s.things),
                                  timex=tx))
        if s.stance:
            holder, polarity, target, key = s.stance
            x.stances.append(Stance(holder, polarity, target, key, sp, s.when,
                                    f"e{n}" if s.etype else None))
    return article, x


def s400_articles() -> list[tuple[Article, Extraction]]:
    a1 = build(
        "Turkey signs deal for Russian S-400 missiles", "Anka Post", date(2017, 9, 13),
        "https://example.org/anka/s400-deal", [
            [S("Turkey has signed an agreement with Russia to buy the S-400 air defence system, "
               "President Recep Tayyip Erdoğan said on 12 September 2017.",
               day(2017, 9, 12), "12 September 2017", "agreement",
               "Turkey signs S-400 purchase agreement with Russia",
               [("Turkey", "agent"), ("Russia", "patient"),
                ("Recep Tayyip Erdoğan", "speaker")], ["S-400"],
               ("Recep Tayyip Erdoğan", "for", "buying the S-400", "s400-purchase")),
             S("Erdoğan said a down payment had already been made to Rosoboronexport.")],
            [S("Talks on the purchase began in 2016, after Ankara failed to agree terms for "
               "American Patriot batteries.", year(2016), "2016", "proposal",
               "Turkey opens S-400 talks with Russia",
               [("Turkey", "agent"), ("Russia", "patient")], ["S-400", "Patriot"]),
             S("Washington warned that the system cannot be integrated with NATO defences.",
               None, None, "criticism", "U.S. warns S-400 incompatible with NATO",
               [("United States", "agent"), ("NATO", "participant")], ["S-400"],
               ("United States", "against", "Turkey buying the S-400", "s400-purchase"))],
            [S("NATO officials said in a statement that the choice of defence equipment was a "
               "national decision, but urged interoperability.", None, None, "statement",
               "NATO urges interoperability", [("NATO", "speaker")], [],
               ("NATO", "against", "buying the S-400", "s400-purchase"))],
        ])
    a2 = build(
        "First S-400 parts land near Ankara", "Daily Ledger", date(2019, 7, 13),
        "https://example.org/ledger/s400-delivery", [
            [S("The first parts of the S-400 system arrived at Mürted air base near Ankara on "
               "12 July 2019, the Turkish defence ministry said.", day(2019, 7, 12),
               "12 July 2019", "military", "First S-400 parts delivered to Turkey",
               [("Russia", "agent"), ("Turkey", "patient")], ["S-400"])],
            [S("Foreign Minister Mevlüt Çavuşoğlu said Turkey would not step back from the deal "
               "under pressure.", None, None, "refusal", "Çavuşoğlu: Turkey will not step back",
               [("Mevlüt Çavuşoğlu", "speaker"), ("Turkey", "agent")], ["S-400"],
               ("Mevlüt Çavuşoğlu", "for", "buying the S-400", "s400-purchase")),
             S("Çavuşoğlu also rejected the threat of sanctions under CAATSA.", None, None, "",
               "", [], [], ("Mevlüt Çavuşoğlu", "against", "CAATSA sanctions", "caatsa"))],
            [S("On 17 July 2019 the United States removed Turkey from the F-35 programme.",
               day(2019, 7, 17), "17 July 2019", "sanction",
               "U.S. removes Turkey from F-35 programme",
               [("United States", "agent"), ("Turkey", "patient")], ["F-35"],
               ("United States", "for", "removing Turkey from the F-35 programme", "f35")),
             S("Russia offered to sell Su-35 jets instead, Moscow said.", None, None,
               "proposal", "Russia offers Su-35 jets", [("Russia", "agent")], [],
               ("Russia", "for", "buying the S-400", "s400-purchase"))],
        ])
    a3 = build(
        "Washington sanctions Turkish defence agency", "Capitol Wire", date(2020, 12, 15),
        "https://example.org/wire/caatsa", [
            [S("The United States imposed sanctions on Turkey's defence procurement agency in "
               "December 2020 under CAATSA.", month(2020, 12), "December 2020", "sanction",
               "U.S. imposes CAATSA sanctions on Turkey",
               [("United States", "agent"), ("Turkey", "patient")], ["CAATSA", "S-400"],
               ("United States", "for", "CAATSA sanctions", "caatsa")),
             S("Secretary of State Mike Pompeo said the S-400 purchase endangered American "
               "personnel.", None, None, "criticism", "Pompeo criticises S-400 purchase",
               [("Mike Pompeo", "speaker")], ["S-400"],
               ("Mike Pompeo", "against", "Turkey buying the S-400", "s400-purchase"))],
            [S("Ankara condemned the decision and called on Washington to reverse it.", None,
               None, "demand", "Turkey demands reversal of sanctions",
               [("Turkey", "agent"), ("United States", "patient")], ["CAATSA"],
               ("Turkey", "against", "CAATSA sanctions", "caatsa")),
             S("Greece welcomed the move.", None, None, "statement",
               "Greece welcomes sanctions", [("Greece", "speaker")], [],
               ("Greece", "for", "CAATSA sanctions", "caatsa"))],
            [S("The dispute dates back to 12 July 2019, when Russia began delivering the "
               "S-400 to Turkey.", day(2019, 7, 12), "12 July 2019", "military",
               "Russia begins S-400 deliveries to Turkey",
               [("Russia", "agent"), ("Turkey", "patient")], ["S-400"])],
        ])
    a4 = build(
        "Erdoğan: second S-400 batch is coming", "Anka Post", date(2021, 9, 27),
        "https://example.org/anka/second-batch", [
            [S("President Erdoğan said on 26 September 2021 that Turkey would buy a second "
               "batch of S-400 systems.", day(2021, 9, 26), "26 September 2021", "purchase",
               "Erdoğan announces a second S-400 batch",
               [("Recep Tayyip Erdoğan", "speaker"), ("Turkey", "agent")], ["S-400"],
               ("Recep Tayyip Erdoğan", "for", "buying more S-400s", "s400-purchase")),
             S("He said no one could interfere in Turkey's choice of defence systems.")],
            [S("A U.S. State Department spokesman said Washington had made clear that further "
               "purchases could trigger new sanctions.", None, None, "criticism",
               "U.S. warns of new sanctions", [("United States", "agent")], ["S-400"],
               ("United States", "against", "buying more S-400s", "s400-purchase"))],
        ])
    return [a1, a2, a3, a4]


def same_event(a: FakeKey, b: FakeKey) -> bool:
    """Two sources report one event when the day and an actor and a thing agree."""
    return (a.source != b.source and a.date is not None and b.date is not None
            and a.date.value == b.date.value and bool(a.actors & b.actors)
            and bool(a.things & b.things))


def build_project(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Create the S-400 project at ``path`` (merging stubbed so it does not need ingest.merge)."""
    patch_module(monkeypatch, "ingest.merge", EventKey=FakeKey, event_key=fake_event_key,
                 same_event=same_event)
    with Project.open(path) as project:
        for article, extraction in s400_articles():
            import_article(project, article, extraction)
    return path


def spy_event_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[list[int]]]:
    """(one entry per full read of the event arrays, the ids of each read of event rows or
    event actors): what a narrow refresh after an edit may read and what it may not."""
    from db import queries

    full_reads: list[int] = []
    read_ids: list[list[int]] = []
    real_arrays, real_rows = queries.load_event_arrays, queries.load_event_rows
    monkeypatch.setattr(queries, "load_event_arrays",
                        lambda p: (full_reads.append(1), real_arrays(p))[1])
    monkeypatch.setattr(queries, "load_event_rows",
                        lambda p, ids: (read_ids.append(list(ids)), real_rows(p, ids))[1])
    real_links = queries.event_actor_ids  # a relink reads only the actors of its events
    monkeypatch.setattr(queries, "event_actor_ids",
                        lambda p, ids: (read_ids.append(list(ids)), real_links(p, ids))[1])
    return full_reads, read_ids


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Qt resolves its settings folder once per process, so XDG_CONFIG_HOME set per test is
    not enough: point QSettings at a fresh folder for every test (layout, lastProject)."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return build_project(tmp_path / "s400.stanceline", monkeypatch)


@pytest.fixture
def project(project_file: Path) -> Iterator[Project]:
    with Project.open(project_file, create=False) as p:
        yield p


def open_window(qtbot, path: Path) -> Iterator[Any]:
    """The real main window over the project at ``path``, loaded, at the bench's size
    (a generator for fixtures: ``yield from open_window(qtbot, path)``)."""
    from viewer.mainwindow import MainWindow  # Qt only where a window is wanted

    project = Project.open(path, create=False)
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    w.state.wait_loaded()
    yield w
    w.close()
    project.close()
