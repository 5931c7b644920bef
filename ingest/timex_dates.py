"""Resolvers for calendar expressions: dates, years, months, seasons, holidays, quarters."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from ingest import timex_values as tv
from ingest.timex_core import (
    FLAGS,
    Ctx,
    Res,
    after_deadline_word,
    dated,
    is_future,
    tense,
    unresolved,
)
from ingest.timex_lexicon import MONTHS, ORDINALS, SEASON_CODES, TENS, S, month, spoken_year

# --------------------------------------------------------------------------- absolute dates


def _year_ok(y: int) -> bool:
    return 1000 <= y <= 2999


def _full_date(y: int, mo: int, d: int) -> Res | None:
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    return dated(day.isoformat(), anchors=True)


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def month_token_ok(token: str) -> bool:
    """Month names are capitalised; bare "Jan"/"Mar"… without a period are too often names."""
    return token[:1].isupper()


def resolve_mdy(m: re.Match[str], ctx: Ctx) -> Res | None:
    mo, d = _month_num(m["mon"]), int(m["d"])
    if m["y"]:
        return _full_date(int(m["y"]), mo, d)
    return _yearless(mo, d, m, ctx)


# A tense cue sends a year-less date to the past (or future) occurrence unless the other one is
# this many times closer: "declared a dividend payable Dec. 1" in late October is this Dec. 1,
# though the clause is past; "said Aug. 7" eleven days later is that Aug. 7.  A future clause
# weighs more, since it rarely names a past day while past clauses often report scheduled ones.
_TENSE_WEIGHT = {"past": 3, "future": 6}


def nearest_period(
    dct: date, spans: list[tuple[date, date]], direction: str
) -> tuple[date, date] | None:
    """The occurrence of a recurring period (a day, a month …) a year-less mention most likely
    means: the nearest to the dct, distances against the tense `direction` ("past", "future" or
    "near") weighted by `_TENSE_WEIGHT`."""

    def cost(span: tuple[date, date]) -> int:
        lo, hi = span
        if lo <= dct <= hi:
            return 0
        ahead = lo > dct
        days = (lo - dct).days if ahead else (dct - hi).days
        against = (direction == "past" and ahead) or (direction == "future" and not ahead)
        return days * _TENSE_WEIGHT[direction] if against else days

    return min(spans, key=cost, default=None)


def _nearest_day(dct: date, mo: int, d: int, direction: str) -> date | None:
    """The day mo-d before ("past"), after ("future") or nearest to ("near") the dct."""
    days = []
    for y in range(dct.year - 4, dct.year + 5):
        try:
            days.append(date(y, mo, d))
        except ValueError:
            continue
    past = [x for x in days if x <= dct]
    future = [x for x in days if x >= dct]
    if direction == "strict-past":
        return past[-1] if past else None
    if direction == "strict-future":
        return future[0] if future else None
    near = [x for x in (past[-1:] + future[:1])]
    best = nearest_period(dct, [(x, x) for x in near], direction)
    return best[0] if best else None


# "April 24 and": the first date of a pair whose second day is written as a bare number.
_PAIR_FIRST = re.compile(rf"{month('mon')}{S}\d{{1,2}}(?:st|nd|rd|th)?{S}(?:and|or){S}$", FLAGS)


def _pair_first(text: str, start: int) -> re.Match[str] | None:
    return _PAIR_FIRST.search(text, max(0, start - 24), start)


def accept_coordinated_day(m: re.Match[str], text: str) -> bool:
    first = _pair_first(text, m.start())
    return first is not None and month_token_ok(first["mon"])


def resolve_coordinated_day(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "25" in "April 24 and 25": a day of the month just named, in the same year."""
    first = _pair_first(ctx.text, m.start())
    if first is None:
        return None
    mo, d = _month_num(first["mon"]), int(m["d"])
    if m["y"]:
        return _full_date(int(m["y"]), mo, d)
    return _yearless(mo, d, m, ctx)


def yearless_day(mo: int, d: int, m: re.Match[str], ctx: Ctx) -> date | None:
    """The day a year-less "Nov. 9" inside match `m` means, or None."""
    res = _yearless(mo, d, m, ctx)
    return res.date.earliest if res is not None and res.date is not None else None


def _yearless(mo: int, d: int, m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "Feb. 24": the latest such day on or before the dct (the next one in future context).

    A deadline ("by Jan. 14") or a clause without any tense cue takes the nearest one.
    """
    if ctx.dct is not None:
        rel = (m["rel"] or "").lower()
        if rel in ("last", "past"):
            direction = "strict-past"
        elif rel in ("next", "coming"):
            direction = "strict-future"
        elif after_deadline_word(ctx.text, m.start()):
            direction = "near"
        else:
            direction = tense(ctx.text, m.start(), m.end()) or "near"
        day = _nearest_day(ctx.dct, mo, d, direction)
        if day is None:
            return None
        note = "year taken from the publication date"
        return dated(day.isoformat(), relative=True, note=note, anchors=True)
    try:
        date(2000, mo, d)  # a leap year: only impossible days (Feb. 30) fail
    except ValueError:
        return None
    if ctx.anchor is not None and ctx.anchor.earliest is not None:
        try:
            day = date(ctx.anchor.earliest.year, mo, d)
        except ValueError:
            return unresolved(f"XXXX-{mo:02d}-{d:02d}")
        note = "year taken from an earlier date in the text"
        return dated(day.isoformat(), relative=True, note=note, approximate=True)
    return unresolved(f"XXXX-{mo:02d}-{d:02d}")


_SPOKEN_YEAR_BEFORE = re.compile(r"\b(?:in|since|of|a|by|until|from)\s+$", FLAGS)


def accept_spoken_year(m: re.Match[str], text: str) -> bool:
    # Alone, only after a preposition or article: "in nineteen ninety-six", "a nineteen …".
    if m["ty"]:
        return True  # "by the year two thousand"
    if m["spoken"][:3].lower() == "two":
        return False  # "of two thousand soldiers" is a count
    if m["mon"] or m["s"]:
        return m["mon"] is None or month_token_ok(m["mon"])
    return bool(
        re.search(
            r"\b(?:in|since|of|a|by|until|from)\s+$", text[max(0, m.start() - 7) : m.start()], FLAGS
        )
    )


def resolve_spoken_year(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "nineteen ninety-six", "January nineteen ninety-seven", "the winter of nineteen …"."""
    y = spoken_year(m["spoken"])
    if y is None or not _year_ok(y):
        return None
    if m["mon"]:
        return dated(f"{y:04d}-{_month_num(m['mon']):02d}", anchors=True)
    if m["s"]:
        return dated(f"{y:04d}-{SEASON_CODES[m['s'].lower()]}", anchors=True)
    return dated(f"{y:04d}", anchors=True)


def resolve_week_of(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the week of March 6": the ISO week holding that day."""
    res = resolve_mdy(m, ctx)
    if res is None or res.date is None or res.date.earliest is None:
        return unresolved("XXXX-WXX") if res is not None else None
    return dated(tv.week_value(res.date.earliest), relative=res.relative, anchors=True)


def resolve_month_year(m: re.Match[str], ctx: Ctx) -> Res | None:
    y = int(m["y"])
    return dated(f"{y:04d}-{_month_num(m['mon']):02d}", anchors=True) if _year_ok(y) else None


def resolve_iso(m: re.Match[str], ctx: Ctx) -> Res | None:
    res = _full_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if res is None or not m["hh"]:
        return res
    hh, mm = int(m["hh"]), int(m["mm"])
    if hh > 23 or mm > 59:
        return res
    return dated(f"{res.value}T{hh:02d}:{mm:02d}", type_="TIME", anchors=True)


def resolve_iso_week(m: re.Match[str], ctx: Ctx) -> Res | None:
    value = f"{m['y']}-W{m['w']}"
    return dated(value, anchors=True) if tv.bounds(value) else None


def resolve_numeric(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "02/24/2022" (US order unless the first number cannot be a month), "24.02.2022"."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m["sep"] == "." or a > 12:
        a, b = b, a
    return _full_date(y, a, b) if _year_ok(y) else None


_ID_BEFORE = re.compile(r"(?:[A-Za-z]-|[$€£#/]|No\.\s?|\d[.,]|\d-)$")
_ID_ALLOWED_BEFORE = re.compile(r"(?:\b(?:mid|pre|post|early|late)-|\b\d{4}-)$", FLAGS)
_COUNT_AFTER = re.compile(
    r"\s*(?:%|-[A-Za-z]|[.,]\d|/\d|:\d|\s*(?:people|persons|troops|soldiers|jets|aircraft|planes"
    r"|tanks|missiles|km|kilomet(?:er|re)s|miles|met(?:er|re)s|feet|ft|tons|tonnes|dollars"
    r"|euros|pounds|liras?|yen|rubles|roubles|percent|per\s+cent|votes|seats|units|pieces"
    r"|deaths|dead|casualties|cases|members|employees|workers|jobs|barrels|acres|hectares"
    r"|kg|kilograms|points|hours|hrs|GMT|UTC|local\s+time|words|pages|students|refugees"
    r"|migrants|vehicles|rounds|shares|homes|houses|times|calories|degrees|prisoners"
    r"|civilians|children|families|men|women|cars|ships|drones)\b)",
    FLAGS,
)


_YEAR_PREP = re.compile(
    r"\b(?:in|since|by|until|till|from|of|during|before|after|early|late|mid|through)\s+$", FLAGS
)


def accept_year(m: re.Match[str], text: str) -> bool:
    """A bare 4-digit number is a year unless it is part of an identifier, amount or count."""
    if _YEAR_PREP.search(text, max(0, m.start() - 12), m.start()):
        return True
    before = text[max(0, m.start() - 6) : m.start()]
    if _ID_BEFORE.search(before) and not _ID_ALLOWED_BEFORE.search(before):
        return False
    return not _COUNT_AFTER.match(text, m.end())


def resolve_year(m: re.Match[str], ctx: Ctx) -> Res | None:
    return dated(m["y"], anchors=True)


def resolve_fiscal(m: re.Match[str], ctx: Ctx) -> Res | None:
    y = m["y"]
    if y.startswith("'"):
        yy = int(y[1:])
        y = str((1900 if yy >= 50 else 2000) + yy)
    return dated(y, note="fiscal year (calendar bounds)", approximate=True, anchors=True)


def resolve_decade(m: re.Match[str], ctx: Ctx) -> Res | None:
    if m["full"]:
        return dated(m["full"][:3], anchors=True)
    d = int(m["short"])
    base = 19 if d != 0 or ctx.dct is None or ctx.dct.year < 2000 else 20
    return dated(f"{base}{d}", note="century assumed", approximate=True, anchors=True)


def resolve_decade_word(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the nineties": the latest such decade up to the dct (the 1990s without one)."""
    tens = TENS[m["word"].lower()[:-3] + "y"]
    century = 19
    if ctx.dct is not None:
        century = ctx.dct.year // 100 - (tens > ctx.dct.year % 100)
    return dated(f"{century * 10 + tens // 10:03d}", note="century assumed", anchors=True)


def resolve_century(m: re.Match[str], ctx: Ctx) -> Res | None:
    n = int(m["n"]) if m["n"] else ORDINALS.get(m["w"].lower().replace(" ", "-"), 0)
    if not 1 <= n <= 99:
        return None
    return dated(f"{n - 1:02d}", anchors=True)


# --------------------------------------------------------------------------- months, seasons


def rel_word(m: re.Match[str]) -> str:
    return (m["rel"] or "").lower().split()[-1] if m["rel"] else ""


def _pick_year(
    ctx: Ctx,
    m: re.Match[str],
    rel: str,
    starts: Callable[[int], date | None],
    months: int = 0,
) -> int | None:
    """The year of a recurring period ("May", "summer") from last/this/next or the tense.

    `starts(year)` is the period's first day in that year; it lasts `months` months (0: a day).
    """
    dct = ctx.dct
    assert dct is not None
    if rel == "this":
        return dct.year
    this_year = starts(dct.year)
    if this_year is None:
        return None
    if rel in ("last", "past"):
        # Said in March, "last February" is a year back: the month just gone is "last month".
        recent = dct.replace(day=1) - relativedelta(months=1 if months == 1 else 0)
        return dct.year if this_year < recent else dct.year - 1
    if rel in ("next", "coming"):
        return dct.year if this_year > dct else dct.year + 1
    spans: dict[int, tuple[date, date]] = {}
    for yr in (dct.year - 1, dct.year, dct.year + 1):
        first = starts(yr)
        if first is not None:
            last = first + relativedelta(months=months, days=-1) if months else first
            spans[yr] = (first, last)
    deadline = after_deadline_word(ctx.text, m.start())
    direction = tense(ctx.text, m.start(), m.end()) or ("future" if deadline else "near")
    best = nearest_period(dct, list(spans.values()), direction)
    return next(yr for yr, span in spans.items() if span == best) if best else None


_FULL_MONTHS = {name for name in MONTHS if len(name) > 4} | {"may", "june", "july"}


def accept_month(m: re.Match[str], text: str) -> bool:
    tok = m["mon"]
    if not month_token_ok(tok):
        return False
    if m["rel"] or m["y2"]:
        return True
    if tok.rstrip(".").lower() not in _FULL_MONTHS and not tok.endswith("."):
        return False  # a bare "Jan" or "Dec" is more often a name
    # "May" and "March" are also a modal and a verb: ask for a preposition before them.
    if tok.lower() in ("may", "march"):
        before = text[max(0, m.start() - 18) : m.start()].lower()
        return bool(
            re.search(
                r"\b(?:in|since|until|till|by|from|through|to|of|during|for)"
                r"(?:\s+(?:early|late|mid))?[\s-]*$|\bmid-?$",
                before,
            )
        )
    return True


def resolve_month(m: re.Match[str], ctx: Ctx) -> Res | None:
    mo = _month_num(m["mon"])
    rel = rel_word(m)
    if m["y2"]:
        if ctx.dct is None:
            return unresolved(f"XXXX-{mo:02d}")
        shift = {"this": 0, "last": -1, "next": 1}[m["y2"].lower()]
        return dated(f"{ctx.dct.year + shift:04d}-{mo:02d}", relative=True)
    if ctx.dct is None:
        if ctx.anchor is not None and ctx.anchor.earliest is not None and not rel:
            note = "year taken from an earlier date in the text"
            value = f"{ctx.anchor.earliest.year:04d}-{mo:02d}"
            return dated(value, relative=True, note=note, approximate=True)
        return unresolved(f"XXXX-{mo:02d}")
    y = _pick_year(ctx, m, rel, lambda yr: date(yr, mo, 1), months=1)
    if y is None:
        return None
    return dated(f"{y:04d}-{mo:02d}", relative=True, note="year taken from the publication date")


def accept_season(m: re.Match[str], text: str) -> bool:
    if m["y"]:
        return True
    if not (m["rel"] or m["pm2"]):
        return False
    # "the fall of Kabul", "the spring of discontent"
    return not re.match(rf"{S}of\b", text[m.end() : m.end() + 6], FLAGS)


def resolve_season(m: re.Match[str], ctx: Ctx) -> Res | None:
    code = SEASON_CODES[m["s"].lower()]
    mod = (m["pm"] or m["pm2"] or "").lower()
    if m["y"]:
        res = dated(f"{m['y']}-{code}", anchors=True)
    elif ctx.dct is None:
        return unresolved(f"XXXX-{code}")
    else:
        first = tv.SEASONS[code][0]

        def starts(yr: int) -> date:
            return date(yr, 1, 1) + relativedelta(months=first - 1)

        y = _pick_year(ctx, m, rel_word(m), starts, months=3)
        if y is None:
            return None
        res = dated(f"{y:04d}-{code}", relative=True)
    if mod and res.date is not None:
        key = {"early": "START", "late": "END", "mid": "MID"}[mod]
        res = replace(res, date=tv.narrow(res.date, key, ctx.dct))
    return res


def accept_holiday(m: re.Match[str], text: str) -> bool:
    return m["h"][:1].isupper()


def _holiday_day(name: str, y: int) -> date:
    n = name.lower()
    if n.startswith("christmas"):
        return date(y, 12, 24 if "eve" in n else 25)
    if n.startswith("new"):
        return date(y, 12, 31) if "eve" in n else date(y, 1, 1)
    if n.startswith("thanksgiving"):
        first = date(y, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if n.startswith("easter"):
        return easter(y)
    if n.startswith("election"):  # (US) the Tuesday after the first Monday of November
        first = date(y, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    if n.startswith("halloween"):
        return date(y, 10, 31)
    return date(y, 2, 14)  # Valentine's Day


def resolve_holiday(m: re.Match[str], ctx: Ctx) -> Res | None:
    name = re.sub(r"\s+", " ", m["h"])
    if m["y"]:
        return dated(_holiday_day(name, int(m["y"])).isoformat(), anchors=True)
    if ctx.dct is None:
        return unresolved("XXXX-XX-XX")
    y = _pick_year(ctx, m, rel_word(m), lambda yr: _holiday_day(name, yr))
    if y is None:
        return None
    return dated(_holiday_day(name, y).isoformat(), relative=True)


# --------------------------------------------------------------------------- quarters


def _quarter_year(ctx: Ctx, q: int, m: re.Match[str]) -> int | None:
    """ "the third quarter": this year's unless it is still ahead and the clause is past."""
    if ctx.dct is None:
        return None
    if q <= tv.quarter_of(ctx.dct):
        return ctx.dct.year
    return ctx.dct.year if is_future(ctx.text, m.start(), m.end()) else ctx.dct.year - 1


def _explicit_year(m: re.Match[str], ctx: Ctx) -> int | str | None:
    """A year stated with the quarter ("of 1998", "1988 …", "last year's …"); "" if none."""
    for g in ("y", "py"):
        tok = m[g]
        if not tok:
            continue
        if tok[:4].isdigit():
            return int(tok[:4])
        if ctx.dct is None:
            return None
        return ctx.dct.year + {"this": 0, "last": -1, "next": 1}[tok.split()[0].lower()]
    return ""


def resolve_quarter(m: re.Match[str], ctx: Ctx) -> Res | None:
    res = _resolve_quarter(m, ctx)
    if res is not None and m["ago"] and res.date is not None:  # "the year-ago third quarter"
        value = tv.shift_value(res.value, -1)
        return dated(value, relative=True) if value else res
    return res


def _resolve_quarter(m: re.Match[str], ctx: Ctx) -> Res | None:
    n = ORDINALS[m["ord"].lower()]
    unit = m["unit"].lower()
    code = "Q" if unit.startswith("quarter") else "H"
    if n > (4 if code == "Q" else 2):
        n = 4 if code == "Q" else 2 if m["ord"].lower() in ("last", "final") else 0
        if not n:
            return None
    y = _explicit_year(m, ctx)
    if y == "":
        y = _quarter_year(ctx, n if code == "Q" else 2 * n, m)
        if y is None:
            return unresolved(f"XXXX-{code}{n}")
        return dated(f"{y:04d}-{code}{n}", relative=True, anchors=True)
    if y is None:
        return unresolved(f"XXXX-{code}{n}")
    return dated(f"{y:04d}-{code}{n}", anchors=True)


def resolve_qcode(m: re.Match[str], ctx: Ctx) -> Res | None:
    code, n = m["k"].upper(), int(m["q"])
    y = m["y1"] or m["y2"]
    if code == "H" and (n > 2 or not y):
        return None
    if y:
        return dated(f"{y}-{code}{n}", anchors=True)
    yr = _quarter_year(ctx, n, m)
    if yr is None:
        return unresolved(f"XXXX-{code}{n}")
    return dated(f"{yr:04d}-{code}{n}", relative=True, anchors=True)


def resolve_rel_quarter(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the latest quarter", "the current quarter", "the quarter" (the one being reported)."""
    rel = re.sub(r"\s+", " ", (m["rel"] or m["det"]).lower())
    quarter = ctx.quarter_near(m.start())
    if rel in ("the", "that", "this", "same", "latest", "most recent") and quarter is not None:
        return dated(quarter, relative=True, anchors=True)
    if rel in ("the", "that") and ctx.anchor is not None and ctx.anchor.precision == "quarter":
        return dated(ctx.anchor.value, relative=True, anchors=True)
    if ctx.dct is None:
        return unresolved("XXXX-QX")
    step = 0 if rel in ("current", "this", "same") else 1 if rel in ("next", "coming") else -1
    day = tv.shift(ctx.dct, "quarter", step)
    return dated(tv.value_at(day, "quarter"), relative=True, anchors=True)


def _year_ago_of(ctx: Ctx, start: int) -> str | None:
    """The period a year before the one under discussion: the quarter if one is, else the year."""
    quarter = ctx.quarter_near(start)
    if quarter is not None:
        if ctx.dct is not None and int(quarter[:4]) < ctx.dct.year:
            return quarter  # "the 1988 quarter … the year-ago results": already the old one
        return tv.shift_value(quarter, -1)
    if ctx.dct is not None:
        return f"{ctx.dct.year - 1:04d}"
    if ctx.anchor is not None:
        return tv.shift_value(ctx.anchor.value, -1)
    return None


def resolve_year_ago(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the year-earlier quarter", "year-ago results": the period under discussion, a year back."""
    value = _year_ago_of(ctx, m.start())
    return dated(value, relative=True) if value else unresolved("XXXX")


def resolve_period_of_year(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the 1988 period", "the corresponding period last year", "last year's quarter",
    "the quarter a year ago": the quarter under discussion, in that year."""
    quarter = ctx.quarter_near(m.start())
    if m["y"]:
        year = int(m["y"])
        if quarter is not None:
            return dated(f"{year:04d}{quarter[4:]}", relative=True)
        return dated(f"{year:04d}", anchors=True)
    value = _year_ago_of(ctx, m.start())
    return dated(value, relative=True) if value else unresolved("XXXX")
