"""Shared pieces of the TIMEX3 recogniser: resolution context, results, tense, match views."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ingest import timex_values as tv
from ingest.records import DateSpan

FLAGS = re.IGNORECASE


@dataclass
class Ctx:
    text: str
    dct: date | None
    anchor: DateSpan | None = None  # the latest explicitly dated mention so far
    anchor_end: int = 0
    # The latest quarter named ("the third quarter", "the quarter ended Sept. 30"): earnings
    # reports compare it with "a year ago", "the year-earlier period", "the 1988 quarter".
    quarter: str | None = None
    quarter_end: int = 0
    # The latest day mentioned (weekdays included): "in the morning", "earlier that day".
    day: date | None = None
    day_end: int = 0

    def day_near(self, start: int) -> date | None:
        """The day in focus at `start`: one named in the last few sentences, else the dct."""
        if self.day is not None and start - self.day_end <= DAY_REACH:
            return self.day
        return self.dct

    def quarter_near(self, start: int) -> str | None:
        """The quarter being discussed at `start`, if one was named in the last few sentences."""
        if self.quarter is not None and start - self.quarter_end <= QUARTER_REACH:
            return self.quarter
        return None


QUARTER_REACH = 1500  # characters: an earnings item of a few paragraphs
DAY_REACH = 400  # characters: a few sentences


@dataclass(frozen=True)
class Res:
    type: str
    value: str
    date: DateSpan | None = None
    relative: bool = False
    anchors: bool = False  # may serve as the anchor of later anaphoric expressions


Resolver = Callable[[re.Match[str], Ctx], Res | None]
Acceptor = Callable[[re.Match[str], str], bool]


# --------------------------------------------------------------------------- result helpers


def dated(
    value: str,
    *,
    relative: bool = False,
    note: str = "",
    approximate: bool = False,
    type_: str = "DATE",
    anchors: bool = False,
) -> Res:
    ds = tv.date_span(value, approximate=approximate, note=note)
    return Res(type_, value, ds, relative, anchors and ds is not None)


def unresolved(value: str, type_: str = "DATE") -> Res:
    return Res(type_, value, None, True)


def ref(value: str, dct: date | None) -> Res:
    """PRESENT_REF/PAST_REF/FUTURE_REF; only the present can be placed (on the dct, roughly)."""
    if value == "PRESENT_REF" and dct is not None:
        ds = DateSpan(value, dct, dct, "day", True, "the publication date")
        return Res("DATE", value, ds, True)
    return Res("DATE", value, None, True)


# --------------------------------------------------------------------------- tense

_TENSE_CUE = re.compile(
    r"(?P<f>\b(?:(?:must|will|would|should|to)\s+be\s+(?-i:[a-z]+ed)|will|won't|shall"
    r"|going\s+to|plans?\s+to|planning\s+to|planned\s+to|scheduled|expected|expects\s+to|set\s+to"
    r"|is\s+to|are\s+to|upcoming|would|must|should|might|as\s+(?:soon|early)\s+as|'ll"
    # "a new pact effective June 1": the day a decision takes effect is announced ahead.
    r"|effective(?=\s+(?-i:[A-Z])|\s*$))\b"
    r"|'ll\b)"
    r"|(?P<p>\b(?:had\s+been\s+(?:scheduled|expected|set|due)(?:\s+to)?|said|says|say|saying|told|tells|was|were|had|did|has|have|could|sought"
    r"|met|went|came|gave|took|made|held|left|began|spoke|wrote|brought|thought|found|kept"
    r"|lost|paid|sent|led|fell|rose|won|ran|saw|heard|felt|stood|struck|shot|became|ago"
    r"|(?-i:[a-z]{2,}ed))\b)",
    FLAGS,
)
# "until Tuesday", "by mid-November", "through January": a deadline, usually ahead.
DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|by|through|on\s+or\s+before)\s+(?:(?:early|mid|late)[-\s]+)?$", FLAGS
)


def after_deadline_word(text: str, start: int) -> bool:
    return DEADLINE_BEFORE.search(text, max(0, start - 22), start) is not None


# A sentence or clause boundary ("U.S. officials" is not one: a lower-case word follows).
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[^a-z\s])|\n|;")


# How far (characters) `tense` looks for a cue within the clause, and how much closer a cue
# after the expression must be to win over one before it ("a federal court Thursday refused"
# beats "will remain ... even after" far back; "said Sunday" beats a verb further on).
_REACH_BEFORE = 140
_REACH_AFTER = 120
_AFTER_PENALTY = 3


def is_future(text: str, start: int, end: int) -> bool:
    return tense(text, start, end) == "future"


def tense(text: str, start: int, end: int) -> str | None:
    """Crude tense of the clause around [start, end): "future", "past" or None (no cue).

    The nearest cue decides, a cue before the expression counting three times closer than one
    after it (the verb it modifies usually precedes it in news prose: "said Sunday", "will meet
    on Friday"; but "On Tuesday, the league plans to ..." has its verb after the subject).
    """
    before = text[max(0, start - _REACH_BEFORE) : start]
    cut = max((m.end() for m in _BOUNDARY.finditer(before)), default=0)
    before = before[cut:]
    after = text[end : end + _REACH_AFTER]
    stop = _BOUNDARY.search(after)
    after = after[: stop.start()] if stop else after
    last = None
    for last in _TENSE_CUE.finditer(before):  # noqa: B007 - we want the last one
        pass
    first = _TENSE_CUE.search(after)
    if last is not None and first is not None:
        cue = last if len(before) - last.end() <= _AFTER_PENALTY * first.start() else first
    else:
        cue = last or first
    if cue is None:
        return None
    return "future" if cue.group("f") is not None else "past"


# --------------------------------------------------------------------------- match views


class MatchView:
    """A read-only view of a match whose groups a subclass may remap; absent groups are None."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, key: str) -> str | None:
        try:
            return self._m[key]
        except IndexError:
            return None

    def group(self, index: int = 0) -> str:
        return self._m.group(index)

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()


class QuarterMatch(MatchView):
    """Maps the quarter rule's "of this year" group onto the `py` convention."""

    def __getitem__(self, key: str) -> str | None:
        if key == "py" and self._m["yrel"]:
            return self._m["yrel"] + " year's"
        return self._m[key]


class TwoQuartersMatch(MatchView):
    """ "the first two quarters of 1990" seen as the quarter rule's "first half of 1990"."""

    def __getitem__(self, key: str) -> str | None:
        if key == "ord":
            return "first" if self._m["ord2"].lower() == "first" else "second"
        if key == "unit":
            return "half"
        if key == "py" and self._m["yrel"]:
            return self._m["yrel"] + " year's"
        return super().__getitem__(key)


class ClockMatch(MatchView):
    """Maps the 24-hour alternative onto the h/mi groups."""

    def __getitem__(self, key: str) -> str | None:
        if key == "h" and self._m["h2"]:
            return self._m["h2"]
        if key == "mi" and self._m["mi2"]:
            return self._m["mi2"]
        return super().__getitem__(key)


class TonightMatch(MatchView):
    """ "tonight" seen as the part-of-day rule's day + part."""

    def __getitem__(self, key: str) -> str | None:
        return {"day": "tonight", "part": "night"}.get(key)


class NoCountMatch(MatchView):
    """ "twice a year" seen as the every-rule without a count."""

    def __getitem__(self, key: str) -> str | None:
        return None if key == "n" else self._m[key]


class UnitMatch(MatchView):
    """A rule with two alternatives for its unit group ("unit", "unit2")."""

    def __getitem__(self, key: str) -> str | None:
        if key == "unit":
            return self._m["unit"] or self._m["unit2"]
        return super().__getitem__(key)
