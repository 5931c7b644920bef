"""The records the extraction pipeline produces: plain data, no behaviour worth testing.

Every offset is a Python string index into the article text exactly as the reader returned it
(``Article.text``), half-open: ``text[start:end]``.  Everything downstream (db, viewer, the
``extract --json`` command) relies on that, so no stage may normalise the text after reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Date precisions, finest first.  ``PRECISIONS.index(p)`` orders them.
PRECISIONS: tuple[str, ...] = (
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
)

TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")

POLARITIES: tuple[str, ...] = ("for", "against", "neutral")

# Actor kinds.  "group" is a collective such as "the West" or "Tamil rebels"; "place" a town or
# region that news makes an actor or a target ("shelling of Samarra").
ACTOR_KINDS: tuple[str, ...] = (
    "country",
    "organization",
    "company",
    "agency",
    "military",
    "person",
    "group",
    "place",
    "unknown",
)

# Roles of an actor in an event: PLOVER's actor ("source") and recipient ("target"), who
# reported it ("speaker"), anyone else named in it ("participant").  "agent"/"patient" are
# what projects made before the PLOVER types stored; they read as source/target.
ROLES: tuple[str, ...] = ("source", "target", "speaker", "participant", "agent", "patient")

# PLOVER 2021 categories, STATEMENT for a plain report of speech, OTHER for any other action
# (ingest.plover holds the words for each).
EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "STATEMENT",
    "OTHER",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A calendar date with its precision and its uncertainty.

    ``earliest``/``latest`` are inclusive day bounds: "in 2017" is 2017-01-01..2017-12-31.
    Both are None when the date could not be placed on the calendar (e.g. "Sunday" with no
    publication date; ``value`` is then a TimeML value with X placeholders or "PRESENT_REF").
    """

    value: str  # TimeML value: "2017", "2021-10", "2022-02-24", "2022-W11", "XXXX-02-24" ...
    earliest: date | None
    latest: date | None
    precision: str  # one of PRECISIONS
    approximate: bool = False  # "about 2017", or a year guessed from context
    note: str = ""  # why it is what it is, e.g. "year taken from the publication date"

    @property
    def resolved(self) -> bool:
        return self.earliest is not None and self.latest is not None


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in the text (TimeML TIMEX3)."""

    start: int
    end: int
    text: str
    type: str  # one of TIMEX_TYPES
    value: str  # TimeML value, e.g. "2022-02-24", "P1W", "PRESENT_REF", "XXXX-WXX-7"
    date: DateSpan | None = None  # calendar placement, for DATE/TIME that could be placed
    relative: bool = False  # its value depends on the publication date (or other context)


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """An actor as the gazetteer (or the text) defines it."""

    name: str  # canonical name, e.g. "Turkey", "Mevlüt Çavuşoğlu"
    kind: str  # one of ACTOR_KINDS
    affiliation: str | None = None  # canonical name of another actor, e.g. "Turkey"
    aliases: tuple[str, ...] = ()
    title: str = ""  # for people: "Foreign Minister"
    colour: str = ""  # "#rrggbb" or "" for automatic


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: str  # canonical name
    kind: str


@dataclass(frozen=True, slots=True)
class ThingMention:
    """A named object an event can be about: a weapon system, aircraft, product, programme, law."""

    start: int
    end: int
    text: str
    thing: str  # canonical name, e.g. "S-400", "F-35"
    kind: str = "thing"  # "weapon", "aircraft", "programme", "product", "law", "treaty", "thing"


@dataclass(frozen=True, slots=True)
class EventActor:
    name: str  # canonical actor name
    role: str  # one of ROLES


@dataclass(frozen=True, slots=True)
class Attribution:
    """Where a claim came from, beyond the article itself: who said it, and the medium they
    said it in ("told Russia's Izvestia", "in an op-ed for the Wall Street Journal",
    "according to Reuters")."""

    speaker: str = ""  # canonical actor name of who said it ("" when the article itself)
    medium: str = ""  # the outlet or channel cited, as written ("Izvestia", "Twitter")
    quote: bool = False  # the words are quoted directly


@dataclass(slots=True)
class Event:
    id: str  # unique within its document: "e1", "e2" ...
    summary: str
    evidence: Span  # the sentence (or clause) that reports it
    date: DateSpan | None  # None: undated (never the publication date by default)
    event_type: str = "OTHER"  # one of EVENT_TYPES
    actors: list[EventActor] = field(default_factory=list)
    things: list[str] = field(default_factory=list)
    timex: Span | None = None  # the expression that dated it, if any
    mode: str = ""  # PLOVER mode ("visit", "withdraw", "disapprove" ...), "" when none
    attribution: Attribution | None = None  # who reported it, and where
    noun: Span | None = None  # the event noun when a noun names it ("the invasion that began …")

    @property
    def source(self) -> list[str]:
        """PLOVER's actor: who did or said it."""
        return [a.name for a in self.actors if a.role in ("source", "agent")]

    @property
    def target(self) -> list[str]:
        """PLOVER's recipient: to, against or about whom."""
        return [a.name for a in self.actors if a.role in ("target", "patient")]


@dataclass(slots=True)
class Stance:
    holder: str  # canonical actor name
    polarity: str  # one of POLARITIES
    target: str  # readable phrase: "sending the S-400s to Ukraine"
    target_key: str  # grouping key: stances on the same issue share it
    evidence: Span
    date: DateSpan | None = None
    event_id: str | None = None
    attribution: Attribution | None = None
    issue: str = ""  # readable issue label the stance is grouped under ("Nord Stream 2")


@dataclass(slots=True)
class Article:
    """One article as read from a file or pasted text, before extraction."""

    text: str  # the whole article as plain text; every offset points into it
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: date | None = None  # None when unknown
    origin: str = ""  # file path, or "pasted"
    fmt: str = "txt"  # "txt", "md", "html"
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """Everything the pipeline read in one article."""

    dct: date | None  # the publication date used to resolve relative expressions
    sentences: list[Span] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    actors: dict[str, ActorInfo] = field(default_factory=dict)  # every actor mentioned, by name
    thing_mentions: list[ThingMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)


class ReadError(Exception):
    """A file could not be read as an article.  ``str(err)`` is a message for the user."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
