"""Hand-built articles and ingest stand-ins shared by the db tests.

The records are built directly so the db tests do not depend on the extraction pipeline;
``patch_module`` swaps functions of ingest modules that other people are still writing (or
installs a stub module when the real one is not there yet).
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

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


def patch_module(monkeypatch: pytest.MonkeyPatch, name: str, **attrs: object) -> types.ModuleType:
    try:
        module = importlib.import_module(name)
    except Exception:  # not written yet, or half-written right now
        module = types.ModuleType(name)
        monkeypatch.setitem(sys.modules, name, module)
    for attr, value in attrs.items():
        monkeypatch.setattr(module, attr, value, raising=False)
    return module


def span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def day(d: date, value: str | None = None) -> DateSpan:
    return DateSpan(value or d.isoformat(), d, d, "day")


def month(year: int, mon: int) -> DateSpan:
    last = (date(year + mon // 12, mon % 12 + 1, 1)) - timedelta(days=1)
    return DateSpan(f"{year}-{mon:02d}", date(year, mon, 1), last, "month")


ACTORS = {
    "Turkey": ActorInfo("Turkey", "country", aliases=("Ankara", "Türkiye")),
    "Russia": ActorInfo("Russia", "country", aliases=("Moscow",)),
    "Mevlüt Çavuşoğlu": ActorInfo(
        "Mevlüt Çavuşoğlu", "person", affiliation="Turkey", title="Foreign Minister"
    ),
}


def _actor_mentions(text: str, names: dict[str, str]) -> list[ActorMention]:
    out = []
    for surface, actor in names.items():
        s = span(text, surface)
        out.append(ActorMention(s.start, s.end, surface, actor, ACTORS[actor].kind))
    return out


def _thing(text: str, name: str, kind: str) -> ThingMention:
    s = span(text, name)
    return ThingMention(s.start, s.end, name, name, kind)


def article_a() -> tuple[Article, Extraction]:
    """Turkey buys the S-400 (dated to the day), and a Turkish stance (undated statement)."""
    text = (
        "Turkey took delivery of the S-400 system from Russia on 12 July 2019.\n\n"
        "Mevlüt Çavuşoğlu said Ankara opposed the sanctions."
    )
    s1 = span(text, text.split("\n\n")[0])
    s2 = span(text, text.split("\n\n")[1])
    tx = span(text, "12 July 2019")
    when = day(date(2019, 7, 12))
    article = Article(
        text=text,
        title="Turkey gets S-400",
        outlet="Daily A",
        published=date(2019, 7, 13),
        origin="a.txt",
    )
    x = Extraction(
        dct=article.published,
        sentences=[s1, s2],
        timexes=[Timex(tx.start, tx.end, "12 July 2019", "DATE", "2019-07-12", when)],
        actor_mentions=_actor_mentions(
            text,
            {
                "Turkey": "Turkey",
                "Russia": "Russia",
                "Mevlüt Çavuşoğlu": "Mevlüt Çavuşoğlu",
                "Ankara": "Turkey",
            },
        ),
        actors=dict(ACTORS),
        thing_mentions=[_thing(text, "S-400", "weapon")],
        events=[
            Event(
                "e1",
                "Turkey takes delivery of S-400 from Russia",
                s1,
                when,
                "purchase",
                [EventActor("Turkey", "agent"), EventActor("Russia", "patient")],
                ["S-400"],
                timex=tx,
            ),
            Event(
                "e2",
                "Çavuşoğlu: Turkey opposes the sanctions",
                s2,
                None,
                "statement",
                [EventActor("Mevlüt Çavuşoğlu", "speaker"), EventActor("Turkey", "agent")],
            ),
        ],
        stances=[
            Stance(
                "Mevlüt Çavuşoğlu",
                "against",
                "the sanctions",
                "sanctions",
                span(text, "Mevlüt Çavuşoğlu said Ankara opposed the sanctions"),
                event_id="e2",
            ),
        ],
    )
    return article, x


def article_b(when: DateSpan | None = None) -> tuple[Article, Extraction]:
    """Another outlet reports the same delivery, only to the month."""
    when = when or month(2019, 7)
    text = "In July 2019 Russia delivered the S-400 to Turkey, officials said."
    s1 = Span(0, len(text))
    tx = span(text, "July 2019")
    article = Article(
        text=text,
        title="S-400 delivered",
        outlet="Daily B",
        published=date(2019, 8, 1),
        origin="b.txt",
    )
    x = Extraction(
        dct=article.published,
        sentences=[s1],
        timexes=[Timex(tx.start, tx.end, "July 2019", "DATE", when.value, when)],
        actor_mentions=_actor_mentions(text, {"Russia": "Russia", "Turkey": "Turkey"}),
        actors={"Russia": ACTORS["Russia"], "Turkey": ACTORS["Turkey"]},
        thing_mentions=[_thing(text, "S-400", "weapon")],
        events=[
            Event(
                "e1",
                "Russia delivers S-400 to Turkey",
                s1,
                when,
                "military",
                [EventActor("Russia", "agent"), EventActor("Turkey", "patient")],
                ["S-400"],
                timex=tx,
            ),
        ],
    )
    return article, x


def relative_extraction(text: str, dct: date | None) -> Extraction:
    """What a pipeline makes of an article saying "yesterday": dated only when dct is known."""
    tx = span(text, "yesterday")
    when = day(dct - timedelta(days=1)) if dct else None
    value = when.value if when else "PAST_REF"
    s1 = Span(0, len(text))
    return Extraction(
        dct=dct,
        sentences=[s1],
        timexes=[Timex(tx.start, tx.end, "yesterday", "DATE", value, when, relative=True)],
        actor_mentions=_actor_mentions(text, {"Turkey": "Turkey"}),
        actors={"Turkey": ACTORS["Turkey"]},
        events=[
            Event(
                "e1",
                "Turkey summons ambassador",
                s1,
                when,
                "meeting",
                [EventActor("Turkey", "agent")],
                timex=tx,
            )
        ],
        stances=[Stance("Turkey", "against", "the remarks", "remarks", s1, when, "e1")],
    )


RELATIVE_TEXT = "Turkey summoned the ambassador yesterday over the remarks."


# ---------------------------------------------------------------- ingest.merge stand-in
@dataclass(frozen=True)
class FakeKey:
    date: DateSpan | None
    actors: frozenset[str]
    things: frozenset[str]
    words: frozenset[str]
    source: str


def fake_event_key(text: str, event: Event, source: str) -> FakeKey:
    words = frozenset(text[event.evidence.start : event.evidence.end].lower().split())
    return FakeKey(
        event.date, frozenset(a.name for a in event.actors), frozenset(event.things), words, source
    )


def fake_same_event(a: FakeKey, b: FakeKey) -> bool:
    """Same event when two sources share an actor and a thing (dates were filtered by db)."""
    return a.source != b.source and bool(a.actors & b.actors) and bool(a.things & b.things)


def install_fake_merge(monkeypatch: pytest.MonkeyPatch) -> list[tuple[FakeKey, FakeKey]]:
    """Patch ingest.merge; returns the list of (a, b) pairs same_event was asked about."""
    calls: list[tuple[FakeKey, FakeKey]] = []

    def same_event(a: FakeKey, b: FakeKey) -> bool:
        calls.append((a, b))
        return fake_same_event(a, b)

    patch_module(
        monkeypatch,
        "ingest.merge",
        EventKey=FakeKey,
        event_key=fake_event_key,
        same_event=same_event,
    )
    return calls
