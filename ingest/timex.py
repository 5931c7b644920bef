"""Temporal expressions (TimeML TIMEX3) in English news text: find them and normalise them.

`find_timexes(text, dct)` runs a fixed list of compiled rules over the text (each rule is one
regex and one resolver), keeps the longest non-overlapping matches, widens them over modifiers
("early", "about", "more than" …) and then resolves them left to right, so that expressions such
as "the following year" or a year-less "Feb. 24" can use the latest explicitly dated mention
before them.  Relative expressions are resolved against the publication date `dct`; without one
they keep X placeholders (or a REF value) and no calendar bounds.

The value grammar and calendar arithmetic live in `ingest.timex_values`, the word lists in
`ingest.timex_lexicon`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from datetime import date

from ingest import timex_dates as dt
from ingest import timex_relative as rl
from ingest import timex_values as tv
from ingest.records import Timex
from ingest.timex_core import (
    FLAGS,
    Acceptor,
    ClockMatch,
    Ctx,
    NoCountMatch,
    QuarterMatch,
    Res,
    Resolver,
    TwoQuartersMatch,
    UnitMatch,
    ref,
)
from ingest.timex_lexicon import HYPHEN_NUM, NUM, SPOKEN_YEAR, UNIT, UNIT_SING, WD, S, month


@dataclass
class Cand:
    start: int
    end: int
    match: re.Match[str]
    resolve: Resolver
    mods: tuple[str, ...] = ()


# --------------------------------------------------------------------------- the rule table

# "last" is an ordinal only with "of" ("the last half of 1989"); "last quarter" is the previous.
_ORD = (
    r"(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th"
    r"|last(?=[-\s]+(?:quarter|half)\s+of\s))"
)
_Y = r"(?:1\d{3}|20\d{2})"
_PERIOD_REL = r"(?P<rel>last|this|next|past|coming|that|the)"
_CLOCK = (
    rf"(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>[0-5]\d))?{S}?(?P<ap>[ap]\.m\.?|[ap]m)(?!\w)"
    r"|(?P<word>noon|midnight|midday)"
    r"|(?<=\bat\s)(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?!\d))"
)


_DETERMINER = re.compile(r"\b(?:the|its|their|his|her|our)\s+$", FLAGS)
_MODAL = re.compile(r"\b(?:will|would|could|might|shall|may|can)\s+$", FLAGS)
_TERM_PREP = re.compile(r"\b(?:in|for|over|of|during)\s+$", FLAGS)
_WEEKEND_PREP = re.compile(
    r"\b(?:over|during|on|at|for|ahead\s+of|before|after|until|through|throughout)\s+$", FLAGS
)


def _after(text: str, start: int, before: re.Pattern[str]) -> bool:
    """Whether the words just before `start` match `before` (a pattern anchored with $)."""
    return before.search(text, max(0, start - 12), start) is not None


def _rule(pattern: str, resolve: Resolver, accept: Acceptor | None = None) -> tuple:
    return re.compile(pattern, FLAGS), resolve, accept


_RULES: list[tuple[re.Pattern[str], Resolver, Acceptor | None]] = [
    # Absolute dates.
    _rule(
        rf"\b(?:(?P<rel>last|this|next|past|coming){S})?(?:{WD},?{S})?{month('mon')}{S}"
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
        rf"(?:,?{S}(?P<y>{_Y})(?!\d))?(?![\w-])",
        dt.resolve_mdy,
        lambda m, t: dt.month_token_ok(m["mon"]),
    ),
    _rule(
        rf"\b(?:(?P<rel>last|this|next){S})?(?:{WD},?{S})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{S}"
        rf"(?:of{S})?{month('mon')}"
        rf"(?:,?{S}(?P<y>{_Y})(?!\d))?(?![\w-])",
        dt.resolve_mdy,
        lambda m, t: dt.month_token_ok(m["mon"]),
    ),
    # "April 24 and 25": the second day of the same month.
    _rule(
        r"(?:(?<=\band\s)|(?<=\bor\s))(?P<rel>(?!)x)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"
        rf"(?:,?{S}(?P<y>{_Y})(?!\d))?",
        dt.resolve_coordinated_day,
        dt.accept_coordinated_day,
    ),
    _rule(
        rf"\bthe{S}week{S}of{S}(?P<rel>(?!)x)?{month('mon')}{S}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?!\d)(?:,?{S}(?P<y>{_Y})(?!\d))?(?![\w-])",
        dt.resolve_week_of,
        lambda m, t: dt.month_token_ok(m["mon"]),
    ),
    _rule(
        rf"\b{month('mon')}(?:{S}of)?,?{S}(?P<y>{_Y})(?![\w-])",
        dt.resolve_month_year,
        lambda m, t: dt.month_token_ok(m["mon"]),
    ),
    _rule(
        rf"\b(?:(?:{month('mon')}|(?:the{S})?(?P<s>spring|summer|fall|autumn|winter){S}of"
        rf"|(?P<ty>the{S}year)){S})?(?P<spoken>{SPOKEN_YEAR})",
        dt.resolve_spoken_year,
        dt.accept_spoken_year,
    ),
    _rule(
        r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
        r"(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})(?::\d{2})?)?(?![\w-])",
        dt.resolve_iso,
    ),
    _rule(r"\b(?P<y>\d{4})-W(?P<w>\d{2})(?![\w-])", dt.resolve_iso_week),
    _rule(
        r"(?<![\w/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\w/]|\.\d)",
        dt.resolve_numeric,
    ),
    _rule(
        r"(?<![\w$€£#.,])(?P<y>1[89]\d\d|20\d\d|2100)(?![\w%]|[.,]\d)",
        dt.resolve_year,
        dt.accept_year,
    ),
    _rule(
        rf"\b(?:fiscal(?:{S}year)?{S}|FY{S}?)(?P<y>{_Y}|'\d\d)(?![\w-])",
        dt.resolve_fiscal,
    ),
    _rule(r"(?<![\w$])(?:(?P<full>1\d\d0|20\d0)'?s|'(?P<short>\d)0s)(?!\w)", dt.resolve_decade),
    # "the last half of the '80s": TIMEX3 has no half-decade, so the decade it falls in.
    _rule(
        rf"\b(?:the{S})?(?:first|second|last|latter){S}half{S}of{S}(?:the{S})?"
        r"(?:(?P<full>1\d\d0|20\d0)'?s|'(?P<short>\d)0s)(?!\w)",
        dt.resolve_decade,
    ),
    # "through the nineties": a decade of the century in focus.
    _rule(
        rf"\bthe{S}(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
        r"(?![\w-])",
        dt.resolve_decade_word,
    ),
    _rule(
        rf"\b(?:the{S})?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>(?:twenty[- ])?(?:first|second"
        rf"|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
        rf"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth))){S}"
        r"century(?!\w)",
        dt.resolve_century,
    ),
    # Months, seasons, holidays.
    _rule(
        rf"\b(?:(?P<rel>last|this|next|past|coming){S})?{month('mon')}"
        rf"(?:{S}(?P<y2>this|last|next){S}year)?(?![\w-])",
        dt.resolve_month,
        dt.accept_month,
    ),
    _rule(
        rf"\b(?:(?:{_PERIOD_REL}{S}(?:(?P<pm>early|late|mid){S})?)|(?P<pm2>early|late|mid)[-\s]+)?"
        rf"(?P<s>spring|summer|fall|autumn|winter)(?:{S}(?:of{S})?(?P<y>{_Y}))?(?![\w-])",
        dt.resolve_season,
        dt.accept_season,
    ),
    _rule(
        rf"\b(?:(?P<rel>last|this|next){S})?(?P<h>Christmas(?:{S}(?:Day|Eve))?|New{S}Year's"
        rf"{S}(?:Day|Eve)|Thanksgiving(?:{S}Day)?|Easter(?:{S}Sunday)?|Halloween"
        rf"|Valentine's{S}Day|Election{S}Day)(?:{S}(?P<y>{_Y}))?(?![\w-])",
        dt.resolve_holiday,
        dt.accept_holiday,
    ),
    # Quarters and halves. Two quarters of a stated year are one of its halves.
    _rule(
        rf"\b(?:the{S})?(?P<ord2>first|last|final|second){S}two{S}quarters{S}of{S}"
        rf"(?:(?P<y>{_Y})|(?P<yrel>this|last|next){S}year)(?!\w)",
        lambda m, c: dt.resolve_quarter(TwoQuartersMatch(m), c),
    ),
    _rule(
        rf"\b(?:the{S}(?!(?:(?:fiscal|calendar){S})?\w+-(?:quarter|half)))?"
        rf"(?:(?P<ago>year-ago|year-earlier|prior-year){S})?(?:(?:fiscal|calendar){S})?"
        rf"(?:(?P<py>{_Y}|(?:this|last|next){S}year's){S})?(?:(?:fiscal|calendar){S})?"
        rf"{_ORD}[-\s]+(?P<unit>quarter|half)"
        rf"(?:{S}of{S}(?:(?:fiscal|calendar){S})?(?:(?P<y>{_Y})|(?P<yrel>this|last|next){S}year))?"
        r"(?!\w)",
        lambda m, c: dt.resolve_quarter(QuarterMatch(m), c),
    ),
    _rule(
        rf"\b(?:(?P<y1>{_Y}){S})?(?P<k>[QH])(?P<q>[1-4])(?:{S}(?:of{S})?(?P<y2>{_Y}))?(?![\w-])",
        dt.resolve_qcode,
    ),
    _rule(
        rf"\b(?P<det>the|this|that){S}(?:(?P<rel>latest|current|most{S}recent|recent|same|coming|next"
        rf"|last|past|previous){S})?(?:(?:fiscal|calendar){S})?quarter(?![\w-])(?!{S}of\b)",
        dt.resolve_rel_quarter,
    ),
    # "the latest period" of an earnings report is the quarter it reports.
    _rule(
        rf"\b(?P<det>the){S}(?P<rel>latest|most{S}recent){S}period(?![\w-])",
        dt.resolve_rel_quarter,
    ),
    _rule(
        rf"\b(?P<rel>last|this|next){S}(?:(?:fiscal|calendar){S})?quarter(?![\w-])(?!{S}of\b)",
        dt.resolve_rel_quarter,
    ),
    _rule(
        rf"\b(?:the{S}(?P<y>{_Y}){S}(?:quarter|period)"
        rf"|the{S}(?:(?:same|corresponding|comparable){S})?(?:quarter|period){S}(?:a{S}year{S}"
        rf"(?:ago|earlier)|(?:of{S})?last{S}year|(?:of{S})?the{S}previous{S}year)"
        rf"|last{S}year's{S}(?:(?:same|corresponding|comparable){S})?(?:quarter|period))(?!\w)",
        dt.resolve_period_of_year,
    ),
    _rule(
        rf"\b(?:(?:the|a){S}(?=(?:\w+{S})?\S+{S}(?:quarter|period)))?"
        rf"(?:(?:comparable|same|corresponding){S})?(?:year-ago|year-earlier"
        rf"|year-before|prior-year)(?:{S}(?:quarter|period))?(?!\w)",
        dt.resolve_year_ago,
    ),
    # Days and parts of days.
    _rule(
        rf"\b(?P<day>{WD}|today|yesterday|tomorrow|tonight|this|last)(?:{S}|-)"
        r"(?P<part>morning|afternoon|evening|night|overnight)(?!\w)",
        rl.resolve_part_of_day,
    ),
    _rule(
        rf"\b(?:(?P<rel>last|this|next|coming|past){S})?(?P<wd>{WD})(?P<plural>s)?(?!\w)",
        rl.resolve_weekday,
    ),
    _rule(
        r"\bcurrent(?=\s+(?!accounts?\b|affairs\b|events?\b)[a-z])",
        lambda m, c: ref("PRESENT_REF", c.dct),
        lambda m, t: _after(t, m.start(), _DETERMINER),  # "the current crisis"
    ),
    _rule(
        r"\bthe\s+weekend(?!\w)",
        rl.resolve_the_weekend,
        lambda m, t: _after(t, m.start(), _WEEKEND_PREP),  # "over the weekend"
    ),
    _rule(
        rf"\b(?P<w>today|tonight|yesterday|tomorrow|now|currently|nowadays|presently"
        rf"|at{S}present|these{S}days|recently|lately"
        rf"|the{S}(?:(?:near|foreseeable|distant|immediate){S})?future|the{S}past)(?![\w-])",
        rl.resolve_deictic,
        rl.accept_deictic,
    ),
    _rule(
        rf"\b(?:(?P<pre>{WD}|today|yesterday|tomorrow)(?:{S}at|,)?{S})?{_CLOCK}"
        rf"(?:{S}(?:[ECMP][SD]T|GMT|UTC|BST|CES?T|EES?T|MSK|TRT|local{S}time))?"
        rf"(?:,?{S}(?:on{S})?(?:(?P<post>{WD}|today|yesterday|tomorrow)"
        rf"|{month('pmon')}{S}(?P<pday>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)))?(?![\w-])",
        lambda m, c: rl.resolve_clock(ClockMatch(m), c),
    ),
    # Relative periods.
    _rule(
        rf"\b(?P<rel>last|this|next|current|that)(?:{S}(?:fiscal|calendar))?{S}"
        r"(?P<unit>week|weekend|month|quarter|year|decade|century)(?!\w)",
        rl.resolve_this_unit,
    ),
    _rule(
        rf"\b(?:the{S})?(?P<rel>following|previous|preceding|prior|next|same){S}"
        r"(?P<unit>day|week|weekend|month|year)(?![\w-])",
        rl.resolve_following,
    ),
    # "by year-end", "by year's end": the end of the current year (of the last one "since").
    _rule(r"\byear(?:'s)?[-\s]end(?![\w-])", rl.resolve_year_end),
    # "in the near term", "for the short term": the time just ahead.
    _rule(
        rf"\bthe{S}(?:near|short)(?:{S}|-)term(?![\w-])",
        lambda m, c: ref("FUTURE_REF", c.dct),
        lambda m, t: _after(t, m.start(), _TERM_PREP),
    ),
    # "Islam will one day be …": an unspecified future day, not a one-day duration.
    _rule(
        r"\b(?:one|some)\s+day(?![\w-])",
        lambda m, c: ref("FUTURE_REF", c.dct),
        lambda m, t: _after(t, m.start(), _MODAL),
    ),
    # "in the morning", "4 in the morning", "earlier that day", "the next morning": parts of
    # the day in focus (the latest day named, else the publication date).
    _rule(
        rf"\b(?P<h>\d{{1,2}})(?::(?P<mi>[0-5]\d))?{S}in{S}the{S}"
        r"(?P<part>morning|afternoon|evening|night)(?![\w-])",
        rl.resolve_clock_in_part,
    ),
    _rule(
        r"(?:(?<=\bin\s)|(?<=\bduring\s))the\s+(?P<part>morning|afternoon|evening)(?![\w-])"
        r"|\b(?P<dir>earlier|later)\s+that\s+(?:same\s+)?(?P<part2>day|morning|afternoon"
        r"|evening|night)(?![\w-])"
        r"|\bthe\s+(?P<next>next|following)\s+(?P<part3>morning|afternoon|evening)(?![\w-])",
        rl.resolve_part_in_focus,
    ),
    # "by mid afternoon", "at mid-afternoon yesterday": a part of the day in focus or named.
    _rule(
        r"\b(?:mid|early|late)[-\s]?(?P<part>morning|afternoon|evening)(?![\w-])"
        rf"(?:{S}(?P<day>yesterday|today|tomorrow|{WD}))?(?![\w-])",
        rl.resolve_edge_of_part,
    ),
    # "for the year", "the full year", "the week's most active session": the current one.
    _rule(
        rf"\bthe{S}(?:(?:full|fiscal|whole|entire|calendar){S})?(?P<unit>week|year)(?![\w-])"
        rf"(?!{S}(?:ago|earlier|later|before|after|of|in{S}which|when|that|\d))",
        rl.resolve_the_unit,
    ),
    _rule(
        rf"\b(?P<dir>earlier|later){S}(?:this|in{S}the){S}(?P<unit>week|month|year)(?!\w)",
        rl.resolve_earlier_this,
    ),
    _rule(
        rf"\b(?P<num>{NUM}){S}(?P<unit>{UNIT}){S}(?P<dir>ago|earlier|later|back|from{S}now|hence"
        # "before"/"after" end the expression only as adverbs ("two days before."); followed by
        # words they are prepositions: "a month after Qantas suspended" is a duration + signal.
        rf"|(?:before|after)(?=\s*(?:[.,;:!?)\"'”’]|$)))(?![\w-])"
        rf"(?!{S}(?:the|a|an|his|her|its|their|he|she|it|they|we)\b)",
        rl.resolve_ago,
    ),
    _rule(
        rf"\b(?:the{S})?(?P<rel>past|last|recent|coming|next|previous){S}(?P<unit>{UNIT_SING}|decade"
        r"|century)(?!\w)",
        rl.resolve_past_unit,
        lambda m, t: m.group(0).lower().startswith("the") or m["rel"].lower() in ("past", "recent"),
    ),
    # Durations ("twice a year" is a set, so its rule comes first).
    _rule(
        rf"(?:(?<=\bonce\s)|(?<=\btwice\s)|(?<=\btimes\s))(?:a|an|per){S}(?P<what>{UNIT_SING})(?!\w)",
        lambda m, c: rl.resolve_every(NoCountMatch(m), c),
    ),
    _rule(
        rf"\b(?:(?:the|these|those|another){S})?(?:(?:past|last|next|coming|previous|first|final"
        rf"|recent|following|preceding|remaining|initial|additional|further|latest"
        rf"|year-earlier|year-ago|prior-year){S})?(?P<num>{NUM})"
        rf"(?:{S}(?:more|additional|full|straight|consecutive|long|extra|trading|business"
        rf"|working))?{S}(?P<unit>{UNIT})"
        rf"(?P<half>{S}and{S}a{S}half)?(?![\w-])",
        rl.resolve_duration,
        rl.accept_duration,
    ),
    _rule(
        rf"\b(?P<num>{HYPHEN_NUM}|several|few|multi)-(?P<unit>{UNIT_SING})(?:-long)?(?![\w-])",
        rl.resolve_duration,
    ),
    _rule(
        r"(?:(?<=\bfor\s)|(?<=\bin\s)|\b(?:recent|coming|past|many|several|future)\s+)"
        r"(?P<unit>years|months|weeks|days|decades|centuries|hours|quarters)(?![\w-])",
        rl.resolve_bare_units,
    ),
    # "in the weeks before the shooting", "the years that followed", "the weeks ahead".
    _rule(
        r"(?<=\bthe\s)(?P<unit>years|months|weeks|days|decades)"
        r"(?=\s+(?:before|after|that\s+followed|following|leading\s+up|since)\b)"
        r"|\bthe\s+(?P<unit2>years|months|weeks|days)\s+ahead\b",
        lambda m, c: rl.resolve_bare_units(UnitMatch(m), c),
    ),
    # "over the years", "through the decades": a vague stretch of time up to the one in focus.
    _rule(
        r"(?:(?<=\bover\s)|(?<=\bthrough\s)|(?<=\bthroughout\s))the\s+"
        r"(?P<unit>years|decades|centuries)(?![\w-])",
        rl.resolve_bare_units,
    ),
    # "at a later date": some time ahead.
    _rule(
        r"(?<=\bat\s)a\s+later\s+(?:date|time|stage)(?![\w-])",
        lambda m, c: ref("FUTURE_REF", c.dct),
    ),
    # "for a while", "for some time": a period of unknown length.
    _rule(r"(?<=\bfor\s)(?:a\s+while|some\s+time)(?![\w-])", lambda m, c: Res("DURATION", "PXX")),
    _rule(
        r"\b(?P<unit>(?:year|month|decade|day|week|hour)s?|century|centuries)-long(?!\w)",
        rl.resolve_bare_units,
    ),
    # Sets.
    _rule(
        r"\b(?P<w>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly"
        r"|fortnightly|biannually|semiannually)(?![\w-])",
        rl.resolve_adverb_set,
    ),
    _rule(
        rf"\b(?:every|each|per)(?:{S}(?P<n>other|\d+|two|three|four|five|six|ten))?{S}"
        rf"(?P<what>{UNIT}|{WD}|morning|afternoon|evening|night|spring|summer|fall|autumn|winter"
        r"|january|february|march|april|may|june|july|august|september|october|november|december)"
        r"(?!\w)",
        rl.resolve_every,
    ),
]


# --------------------------------------------------------------------------- modifiers

_POS_MOD = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?P<m>early|late|mid|middle\s+of|end\s+of|beginning\s+of"
    r"|start\s+of|earlier|later)(?:[^\S\n]+|-)(?:the\s+)?|\bmid-?)$",
    FLAGS,
)
_APPROX_DATE = re.compile(
    r"\b(?:about|around|roughly|approximately|circa|nearly|almost)\s+$", FLAGS
)
_APPROX_DURATION = re.compile(
    r"\b(?:about|around|roughly|approximately|nearly|almost|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|at\s+most|up\s+to|over|under|just\s+over|just\s+under"
    r"|well\s+over|as\s+many\s+as|as\s+long\s+as|no\s+more\s+than|some)\s+$",
    FLAGS,
)
_POS_KEY = {
    "early": "START", "beginning of": "START", "start of": "START", "late": "END",
    "end of": "END", "mid": "MID", "middle of": "MID", "earlier": "EARLIER", "later": "LATER",
}  # fmt: skip


# Hedges that mark an expression approximate but stay outside it (TimeBank: "about" + "3 p.m.").
_HEDGE = re.compile(r"\b(?:about|around|roughly|approximately|circa)\s+$", FLAGS)


def _widen(c: Cand, text: str, floor: int, kind: str) -> None:
    """Pull modifiers written before the expression into it ("the end of", "more than")."""
    before = text[max(floor, c.start - 24) : c.start]
    if kind == "SET":
        return
    if _HEDGE.search(before):
        c.mods += ("APPROX",)
        return
    if kind == "DURATION":
        m = _APPROX_DURATION.search(before)
        if (
            m
            and m.group(0).split()[0].lower() in ("over", "under")
            and c.match.group(0)[:4].lower() == "the "
        ):
            return  # "over the past decade": "over" is the preposition here
        if m:
            c.start -= len(before) - m.start()
            c.mods += ("APPROX",)
        return
    m = _POS_MOD.search(before)
    if m and not c.match.group(0).lower().startswith(("early", "late", "mid", "earlier", "later")):
        word = re.sub(r"\s+", " ", (m["m"] or "mid").lower())
        c.start -= len(before) - m.start()
        c.mods += (_POS_KEY[word],)
        before = text[max(floor, c.start - 24) : c.start]
    m = _APPROX_DATE.search(before)
    if m:
        c.start -= len(before) - m.start()
        c.mods += ("APPROX",)


def _apply_mods(res: Res, mods: tuple[str, ...], dct: date | None) -> Res:
    ds = res.date
    if ds is None:
        return res
    for mod in mods:
        ds = replace(ds, approximate=True) if mod == "APPROX" else tv.narrow(ds, mod, dct)
    return replace(res, date=ds)


# --------------------------------------------------------------------------- driver


# Time words that are written in lower case unless they are part of a name.
_TIME_WORD = re.compile(
    # "Day" is left out: "Thanksgiving Day", "Election Day" are dates.
    r"(?:Seconds?|Minutes?|Hours?|Days|Nights?|Weeks?|Weekends?|Months?|Years?|Decades?"
    r"|Today|Tonight|Tomorrow|Yesterday|Noon|Midnight|Now)",
)
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.]*[^\S\n]+$")


def _in_a_name(m: re.Match[str], text: str) -> bool:
    """ "ABC's This Week", "CBS's 60 Minutes", "VOA Today", "High Noon": titles, not times.

    A capitalised time word after the first word of the match, or a capitalised first word
    right after another capitalised word, is part of a name (headlines are not in the text).
    """
    words = list(re.finditer(r"\w+", m.group(0)))
    if any(_TIME_WORD.fullmatch(w.group(0)) for w in words[1:]):
        return True
    if words and words[0].start() == 0 and _TIME_WORD.fullmatch(words[0].group(0)):
        before = text[max(0, m.start() - 30) : m.start()]
        last = _CAPITALISED_BEFORE.search(before)
        return last is not None and not re.search(r"[.!?:;,\"'`]\s*$", before)
    return False


def _candidates(text: str) -> list[Cand]:
    found: list[tuple[int, int, int, Cand]] = []
    for prio, (regex, resolve, accept) in enumerate(_RULES):
        for m in regex.finditer(text):
            if m.end() <= m.start() or (accept is not None and not accept(m, text)):
                continue
            if _in_a_name(m, text):
                continue
            found.append(
                (m.start(), -(m.end() - m.start()), prio, Cand(m.start(), m.end(), m, resolve))
            )
    found.sort(key=lambda f: f[:3])
    kept: list[Cand] = []
    for _, _, _, c in found:
        if kept and c.start < kept[-1].end:
            if c.end - c.start > kept[-1].end - kept[-1].start and (
                len(kept) < 2 or kept[-2].end <= c.start
            ):
                kept[-1] = c
            continue
        kept.append(c)
    return kept


def _resolve(c: Cand, ctx: Ctx) -> Res | None:
    try:
        res = c.resolve(c.match, ctx)
    except (ValueError, OverflowError, KeyError, IndexError):
        return None  # out-of-range dates and arithmetic: skip rather than fail an import
    if res is None:
        return None
    if res.date is not None:
        ds = res.date
        if ds.earliest is not None and ds.latest is not None and ds.earliest > ds.latest:
            res = replace(res, date=replace(ds, latest=ds.earliest))
    return res


_QUARTER_ENDED = re.compile(r"\bquarter\s+(?:that\s+)?(?:ended|ending|ends)\s+(?:on\s+)?$", FLAGS)


# "the first nine months", "the six months": a report moving on to a multi-quarter period.
_MULTI_QUARTER = re.compile(r"(?i)^the\b.*\b(?:six|nine|6|9)\s+months$")


def _note_quarter(ctx: Ctx, text: str, c: Cand, res: Res) -> None:
    """Remember the quarter under discussion: a named one, or the one "ended Sept. 30"."""
    if res.type == "DURATION" and _MULTI_QUARTER.match(text[c.start : c.end]):
        ctx.quarter = None  # "the 1988 period", "a year earlier" now compare whole years
        return
    ds = res.date
    if ds is None or ds.earliest is None or not res.anchors:
        return  # derived values ("a year ago" → 1988-Q3) do not change the subject
    if ctx.dct is not None and ds.latest is not None and ds.latest >= ctx.dct:
        return  # results are reported for quarters that have ended, not for forecasts
    if ds.precision == "quarter":
        quarter = ds.value
    elif ds.precision == "day" and _QUARTER_ENDED.search(text, max(0, c.start - 30), c.start):
        quarter = tv.value_at(ds.earliest, "quarter")
    else:
        return
    current = ctx.quarter_near(c.start)
    # "After a flat second quarter": a look back, the third is still the subject.  And a named
    # quarter ("its fiscal first quarter ended Sept. 29") keeps its name over its end date's.
    if current is not None and (quarter < current or ds.precision == "day"):
        return
    ctx.quarter, ctx.quarter_end = quarter, c.end


def find_timexes(text: str, dct: date | None) -> list[Timex]:
    """TIMEX3 expressions in `text`, sorted by start and non-overlapping.

    Relative expressions are resolved against `dct`; with `dct=None` they stay unresolved
    (X placeholders or REF values, `date=None`) unless an earlier explicit date fixes them.
    """
    ctx = Ctx(text, dct)
    out: list[Timex] = []
    floor = 0
    for c in _candidates(text):
        res = _resolve(c, ctx)
        if res is None:
            continue
        _widen(c, text, floor, res.type)
        with contextlib.suppress(ValueError, OverflowError):
            res = _apply_mods(res, c.mods, dct)
        out.append(
            Timex(
                c.start, c.end, text[c.start : c.end], res.type, res.value, res.date, res.relative
            )
        )
        floor = c.end
        _note_quarter(ctx, text, c, res)
        if res.date is not None and res.date.earliest == res.date.latest and res.date.resolved:
            ctx.day, ctx.day_end = res.date.earliest, c.end
        if res.anchors and res.date is not None and res.date.resolved:
            ctx.anchor, ctx.anchor_end = res.date, c.end
    return out
