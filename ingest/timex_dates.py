"""Resolvers for calendar expressions: dates, years, months, seasons, holidays, quarters."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from ingest import timex_values as tv
from ingest.timex_core import FLAGS, Ctx, Res, dated, is_future, tense, unresolved
from ingest.timex_lexicon import MONTHS, ORDINALS, SEASON_CODES, S

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


_DEADLINE_BEFORE = re.compile(r"\b(?:until|till|by|through|on\s+or\s+before)\s+$", FLAGS)


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
    if direction == "near" and past and future:
        return min(past[-1], future[0], key=lambda x: abs((x - dct).days))
    if direction == "future" and future:
        return future[0]
    return past[-1] if past else None


def _yearless(mo: int, d: int, m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "Feb. 24": the latest such day on or before the dct (the next one in future context).

    A deadline ("by Jan. 14") or a clause without any tense cue takes the nearest one.
    """
    if ctx.dct is not None:
        rel = (m["rel"] or "").lower()
        if rel in ("last", "past"):
            direction = "past"
        elif rel in ("next", "coming"):
            direction = "future"
        elif _DEADLINE_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()):
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


def resolve_century(m: re.Match[str], ctx: Ctx) -> Res | None:
    n = int(m["n"]) if m["n"] else ORDINALS.get(m["w"].lower().replace(" ", "-"), 0)
    if not 1 <= n <= 99:
        return None
    return dated(f"{n - 1:02d}", anchors=True)


# --------------------------------------------------------------------------- months, seasons


def rel_word(m: re.Match[str]) -> str:
    return (m["rel"] or "").lower().split()[-1] if m["rel"] else ""


def _pick_year(
    ctx: Ctx, m: re.Match[str], rel: str, starts: Callable[[int], date | None]
) -> int | None:
    """The year of a recurring period ("May", "summer") from last/this/next or the tense."""
    dct = ctx.dct
    assert dct is not None
    if rel == "this":
        return dct.year
    this_year = starts(dct.year)
    if this_year is None:
        return None
    if rel in ("last", "past"):
        return dct.year if this_year < dct.replace(day=1) else dct.year - 1
    if rel in ("next", "coming"):
        return dct.year if this_year > dct else dct.year + 1
    clause = tense(ctx.text, m.start(), m.end())
    if clause == "future" or (clause is None and this_year < dct.replace(day=1)):
        ahead = dct.year if this_year >= dct.replace(day=1) else dct.year + 1
        if clause == "future" or (starts(ahead) or dct) - dct < dct - this_year:
            return ahead
    return dct.year if this_year <= dct else dct.year - 1


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
        before = text[max(0, m.start() - 12) : m.start()].lower()
        return bool(
            re.search(r"\b(?:in|since|until|till|by|from|through|to|of|during|mid-?)\s*$", before)
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
    y = _pick_year(ctx, m, rel, lambda yr: date(yr, mo, 1))
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

        y = _pick_year(ctx, m, rel_word(m), starts)
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
    rel = (m["rel"] or m["det"]).lower()
    if rel in ("the", "that") and ctx.anchor is not None and ctx.anchor.precision == "quarter":
        return dated(ctx.anchor.value, relative=True, anchors=True)
    if ctx.dct is None:
        return unresolved("XXXX-QX")
    step = 0 if rel in ("current", "this", "same") else 1 if rel in ("next", "coming") else -1
    day = tv.shift(ctx.dct, "quarter", step)
    return dated(tv.value_at(day, "quarter"), relative=True, anchors=True)


def resolve_year_ago(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the year-earlier quarter": the anchor one year back."""
    if ctx.anchor is not None:
        value = tv.shift_value(ctx.anchor.value, -1)
        if value:
            return dated(value, relative=True)
    if ctx.dct is None:
        return unresolved("XXXX")
    return dated(f"{ctx.dct.year - 1:04d}", relative=True)
