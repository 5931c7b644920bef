"""Resolvers for deictic and relative expressions, times of day, durations and sets."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ingest import timex_values as tv
from ingest.timex_core import (
    Ctx,
    Res,
    TonightMatch,
    after_deadline_word,
    dated,
    is_future,
    ref,
    tense,
    unresolved,
)
from ingest.timex_dates import rel_word, yearless_day
from ingest.timex_lexicon import (
    MONTHS,
    PARTS_OF_DAY,
    SEASON_CODES,
    UNITS,
    WEEKDAYS,
    parse_number,
    unit_key,
)

# --------------------------------------------------------------------------- deictic days


def _weekday(dct: date, wd: int, direction: str) -> date:
    """The weekday `wd` (1=Monday) before/after/within the week of `dct`."""
    diff = wd - dct.isoweekday()
    if direction == "this":
        return dct + timedelta(days=diff)
    if direction == "past":  # on or before
        return dct + timedelta(days=diff - 7 if diff > 0 else diff)
    if direction == "last":  # strictly before
        return dct + timedelta(days=diff - 7 if diff >= 0 else diff)
    return dct + timedelta(days=diff + 7 if diff <= 0 else diff)  # strictly after


def _day_of(word: str, rel: str, m: re.Match[str], ctx: Ctx) -> tuple[date | None, str]:
    """A day named by a weekday or today/yesterday/tomorrow: (date or None, X-value)."""
    w = word.lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
    if w in offsets:
        if ctx.dct is None:
            return None, "PRESENT_REF" if offsets[w] == 0 else "XXXX-XX-XX"
        return ctx.dct + timedelta(days=offsets[w]), ""
    wd = WEEKDAYS[w]
    if ctx.dct is None:
        return None, f"XXXX-WXX-{wd}"
    if rel in ("last", "past"):
        direction = "last"
    elif rel in ("next", "coming"):
        direction = "next"
    elif rel == "this":
        direction = "this"
    elif ctx.text.startswith(("'s", "’s"), m.end()):
        direction = "past"  # "Wednesday's ruling" has happened
    elif after_deadline_word(ctx.text, m.start()):
        # "until 9 a.m. Tuesday", "had filed reports by Wednesday": a deadline is the nearest
        # such day, whatever the tense of the clause that sets it.
        return _nearest_weekday(ctx.dct, wd), ""
    else:
        when = tense(ctx.text, m.start(), m.end())
        direction = "next" if when == "future" else "past"
    return _weekday(ctx.dct, wd, direction), ""


def _nearest_weekday(dct: date, wd: int) -> date:
    """The weekday `wd` closest to `dct` (the dct itself if it falls on that day)."""
    before, after = _weekday(dct, wd, "past"), _weekday(dct, wd, "next")
    return before if (dct - before) < (after - dct) else after


def resolve_weekday(m: re.Match[str], ctx: Ctx) -> Res | None:
    if m["plural"]:
        return Res("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}")
    day, xvalue = _day_of(m["wd"], rel_word(m), m, ctx)
    if day is None:
        return unresolved(xvalue)
    return dated(day.isoformat(), relative=True)


_DEICTIC: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "these days": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF",
}  # fmt: skip


# "today's youth", "in today's world", "the leaders of tomorrow": the present or coming era in
# general, not the day of publication or the day after it.
_ERA_NOUN_AFTER = re.compile(
    r"(?:'s|’s)\s+(?:[a-z]+\s+)?(?:world|youth|society|societies|generation|generations|children"
    r"|kids|teenagers|young|standards|economy|technology|computers|families|consumers|students"
    r"|culture|workplace|workforce|workers|parents|schools|cars|music)\b",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(r"\bof\s+$", re.IGNORECASE)


# "Now, he says, ...": a sentence-opening "Now" set off by a comma turns the discourse to a new
# point rather than naming the present (TimeML leaves such discourse markers unmarked).
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]*\s+|\n\s*|[\"“`]+)$")


def is_discourse_now(w: str, text: str, start: int, end: int) -> bool:
    return (
        w == "now"
        and text.startswith(",", end)
        and _SENTENCE_START.search(text, max(0, start - 4), start) is not None
    )


def is_era_use(w: str, text: str, start: int, end: int) -> bool:
    if w == "today" and _ERA_NOUN_AFTER.match(text, end):
        return True
    return w == "tomorrow" and _OF_BEFORE.search(text, max(0, start - 4), start) is not None


def accept_deictic(m: re.Match[str], text: str) -> bool:
    w = re.sub(r"\s+", " ", m["w"].lower())
    if is_era_use(w, text, m.start(), m.end()) or is_discourse_now(w, text, m.start(), m.end()):
        return False
    if w == "the past":  # "in the past", not "the past president"
        before = text[max(0, m.start() - 6) : m.start()].lower()
        return bool(re.search(r"\b(?:in|from|of|into|than|with)\s+$", before))
    return True


def resolve_deictic(m: re.Match[str], ctx: Ctx) -> Res | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w in _DEICTIC:
        return ref(_DEICTIC[w], ctx.dct)
    if w == "tonight":
        return resolve_part_of_day(TonightMatch(m), ctx)
    day, xvalue = _day_of(w, "", m, ctx)
    if day is None:
        return unresolved(xvalue)
    return dated(day.isoformat(), relative=True)


def resolve_the_weekend(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "over the weekend": the latest weekend (this one if the dct falls on it), or the next
    one in a future clause."""
    if ctx.dct is None:
        return unresolved("XXXX-WXX-WE")
    saturday = _weekday(ctx.dct, 6, "next" if is_future(ctx.text, m.start(), m.end()) else "past")
    return dated(tv.value_at(saturday, "weekend"), relative=True)


def resolve_part_of_day(m: re.Match[str], ctx: Ctx) -> Res | None:
    part = PARTS_OF_DAY[m["part"].lower()]
    if m["day"].lower() == "tonight":
        part = "NI"
    day, xvalue = _day_of(m["day"], "", m, ctx)
    if day is None:
        return unresolved(
            ("XXXX-XX-XX" if xvalue == "PRESENT_REF" else xvalue) + f"T{part}", "TIME"
        )
    # A part of a day is a TIME in TimeML ("this morning", "Wednesday night").
    return dated(f"{day.isoformat()}T{part}", relative=True, type_="TIME")


def resolve_part_in_focus(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "in the morning", "earlier that day", "the next morning": the day in focus."""
    part_word = (m["part"] or m["part2"] or m["part3"]).lower()
    day = ctx.day_near(m.start())
    if m["next"] and day is not None:
        day += timedelta(days=1)
    suffix = "" if part_word == "day" else f"T{PARTS_OF_DAY[part_word]}"
    type_ = "DATE" if part_word == "day" else "TIME"
    if day is None:
        return unresolved(f"XXXX-XX-XX{suffix}", type_)
    return dated(day.isoformat() + suffix, relative=True, type_=type_)


def resolve_edge_of_part(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "mid afternoon" (of the day in focus), "mid-afternoon yesterday" (of the day named)."""
    part = PARTS_OF_DAY[m["part"].lower()]
    if m["day"]:
        day, _ = _day_of(m["day"], "", m, ctx)
    else:
        day = ctx.day_near(m.start())
    if day is None:
        return unresolved(f"XXXX-XX-XXT{part}", "TIME")
    return dated(f"{day.isoformat()}T{part}", relative=True, type_="TIME")


def resolve_clock_in_part(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "4 in the morning", "9 in the evening": a clock time of the day in focus."""
    h, mi = int(m["h"]), int(m["mi"] or 0)
    part = m["part"].lower()
    if not 1 <= h <= 12:
        return None
    if part in ("afternoon", "evening") or (part == "night" and h >= 6):
        h = h % 12 + 12
    elif h == 12:
        h = 0 if part == "night" or part == "morning" else 12
    day = ctx.day_near(m.start())
    hhmm = f"T{h:02d}:{mi:02d}"
    if day is None:
        return unresolved(hhmm, "TIME")
    return dated(day.isoformat() + hhmm, relative=True, type_="TIME")


def _clock(m: re.Match[str]) -> tuple[int, int] | None:
    word = (m["word"] or "").lower()
    if word:
        return (0, 0) if word == "midnight" else (12, 0)
    h, mi = int(m["h"]), int(m["mi"] or 0)
    ap = (m["ap"] or "").lower()
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap.startswith("p") else 0)
    if h > 23 or mi > 59:
        return None
    return h, mi


def resolve_clock(m: re.Match[str], ctx: Ctx) -> Res | None:
    hm = _clock(m)
    if hm is None:
        return None
    hhmm = f"T{hm[0]:02d}:{hm[1]:02d}"
    dayword = m["pre"] or m["post"]
    if m["pmon"]:  # "5 p.m. EST Nov. 9"
        day = yearless_day(MONTHS[m["pmon"].rstrip(".").lower()], int(m["pday"]), m, ctx)
    elif dayword:
        day, _ = _day_of(dayword, "", m, ctx)
    else:
        day = ctx.day_near(m.start())  # "was shot at 10 p.m.": the day being narrated
    if day is None:
        return unresolved(hhmm, "TIME")
    return dated(day.isoformat() + hhmm, relative=True, type_="TIME")


# --------------------------------------------------------------------------- relative periods


def resolve_this_unit(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "last week", "this year", "next month", "that year" (the anchor's)."""
    rel = m["rel"].lower()
    unit = unit_key(m["unit"])
    base = ctx.dct
    if rel == "that":
        if ctx.anchor is None or ctx.anchor.earliest is None:
            return unresolved("XXXX")
        if tv.PRECISIONS_ORDER[ctx.anchor.precision] > tv.PRECISIONS_ORDER.get(unit, 99):
            return None
        return dated(tv.value_at(ctx.anchor.earliest, unit), relative=True)
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1}[rel]
    if base is None:
        return unresolved(_x_value(unit, rel))
    return dated(tv.value_at(tv.shift(base, unit, step), unit), relative=True)


def resolve_year_end(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "by year-end" closes the current year; "since year-end" looks back to the last one."""
    if ctx.dct is None:
        return unresolved("XXXX")
    since = ctx.text[max(0, m.start() - 6) : m.start()].lower().rstrip().endswith("since")
    res = dated(f"{ctx.dct.year - since:04d}", relative=True)
    assert res.date is not None
    return replace(res, date=tv.narrow(res.date, "END", ctx.dct))


_ENDED_AFTER = re.compile(r"\s+(?:ended|ending|ends|that\s+ended|to)\b", re.IGNORECASE)


def resolve_the_unit(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "for the year" (the current one); "the year ended March 31" is a year-long DURATION."""
    unit = unit_key(m["unit"])
    if _ENDED_AFTER.match(ctx.text, m.end()):
        return Res("DURATION", _duration_value(1, unit))
    if ctx.dct is None:
        return unresolved(_x_value(unit, ""))
    return dated(tv.value_at(ctx.dct, unit), relative=True)


def _x_value(unit: str, rel: str) -> str:
    return {
        "week": "XXXX-WXX",
        "weekend": "XXXX-WXX-WE",
        "month": "XXXX-XX",
        "day": "XXXX-XX-XX",
    }.get(unit, "XXXX")


def resolve_following(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the following year", "the previous month", "the next day": from the anchor, else dct."""
    rel = m["rel"].lower()
    unit = unit_key(m["unit"])
    step = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(rel, 0)
    base, note = _anchor_or_dct(ctx, unit)
    if base is None:
        return unresolved(_x_value(unit, ""))
    value = tv.value_at(tv.shift(base, unit, step), unit)
    return dated(value, relative=True, note=note)


def _anchor_or_dct(ctx: Ctx, unit: str, start: int | None = None) -> tuple[date | None, str]:
    """The date a relative expression counts from: the latest explicit date at least as fine
    as `unit` (if `start` is given, only one of the same passage), else the dct."""
    a = ctx.anchor
    order = tv.PRECISIONS_ORDER
    near = start is None or start - ctx.anchor_end < ANCHOR_REACH
    if (
        a is not None
        and a.earliest is not None
        and order[a.precision] <= order.get(unit, 99)
        and near
    ):
        return a.earliest, "relative to an earlier date in the text"
    if ctx.dct is not None:
        return ctx.dct, "relative to the publication date"
    return None, ""


def _quantity(m: re.Match[str]) -> tuple[str, float | None]:
    return unit_key(m["unit"]), parse_number(m["num"])


def resolve_ago(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "two years ago" (from the dct), "three days later" (from the anchor)."""
    unit, n = _quantity(m)
    if unit not in UNITS or UNITS[unit][1] or n is None or n != int(n) or n > 5000:
        return Res("DATE", "PAST_REF" if m["dir"].lower() in ("ago", "earlier") else "FUTURE_REF")
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    quarter = ctx.quarter_near(m.start()) if unit == "year" and sign < 0 else None
    if quarter is not None:  # "profit rose from $3 million a year ago": that quarter, last year
        value = tv.shift_value(quarter, -int(n))
        if value:
            return dated(value, relative=True, note="the same quarter, earlier")
    if direction in ("earlier", "later", "before", "after"):
        if unit == "year" and ctx.anchor is not None and m.start() - ctx.anchor_end < ANCHOR_REACH:
            value = tv.shift_value(ctx.anchor.value, sign * int(n))
            if value:
                return dated(value, relative=True, note="relative to an earlier date in the text")
        base, note = _anchor_or_dct(ctx, unit, m.start())
    elif _compares_with_anchor(unit, m, ctx):
        assert ctx.anchor is not None
        value = tv.shift_value(ctx.anchor.value, -int(n))
        if value:
            return dated(value, relative=True, note="the same period, earlier")
        base, note = ctx.dct, "relative to the publication date"
    else:
        base, note = ctx.dct, "relative to the publication date"
    cal = UNITS[unit][2]
    if base is None:
        return unresolved(_x_value(cal, ""))
    value = tv.value_at(tv.shift(base, cal, sign * int(n)), cal)
    return dated(value, relative=True, note=note)


# "Two years later" counts from a date of the same passage; further on, from the dct.
ANCHOR_REACH = 300  # characters: about two sentences


def _compares_with_anchor(unit: str, m: re.Match[str], ctx: Ctx) -> bool:
    """ "profit rose in the third quarter from a year ago": the same quarter a year back."""
    a = ctx.anchor
    return (
        unit == "year"
        and a is not None
        and a.precision in ("quarter", "half", "month")
        and m.start() - ctx.anchor_end < ANCHOR_REACH
    )


def resolve_earlier_this(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "earlier this month", "later this year": from the period's edge to the dct."""
    unit = unit_key(m["unit"])
    if ctx.dct is None:
        return unresolved("PAST_REF" if m["dir"].lower() == "earlier" else "FUTURE_REF")
    res = dated(tv.value_at(ctx.dct, unit), relative=True)
    if res.date is None:
        return res
    mod = "EARLIER" if m["dir"].lower() == "earlier" else "LATER"
    return replace(res, date=tv.narrow(res.date, mod, ctx.dct))


# --------------------------------------------------------------------------- durations and sets


def _duration_value(n: float | None, unit: str) -> str:
    letter, is_time, _ = UNITS[unit]
    if unit in ("decade", "century") and n is not None:
        return f"P{_fmt(n * (10 if unit == 'decade' else 100))}Y"
    if unit == "fortnight":
        n = None if n is None else n * 2
    if unit == "weekend":
        return "P2D" if n in (1, None) else f"P{_fmt(2 * n)}D"
    if unit == "night":
        letter = "D"
    if unit == "century":
        letter = "E"
    qty = "X" if n is None else _fmt(n)
    return f"P{'T' if is_time else ''}{qty}{letter}"


# A fractional count is written with the next smaller unit: 2.5 years → "P2Y6M".
_SUBUNIT: dict[str, tuple[str, int, bool]] = {
    "year": ("M", 12, False), "day": ("H", 24, True), "hour": ("M", 60, True),
    "minute": ("S", 60, True), "week": ("D", 7, False),
}  # fmt: skip


def _fractional(n: float, unit: str) -> str | None:
    whole, frac = int(n), n - int(n)
    if unit not in _SUBUNIT or not frac:
        return None
    letter, per, timed = _SUBUNIT[unit]
    part = frac * per
    if part != int(part):
        return None
    letter_main, is_time, _ = UNITS[unit]
    head = "PT" if is_time else "P"
    if whole:
        head += f"{whole}{letter_main}"
    if timed and not is_time:
        head += "T"  # 1.5 days → "P1DT12H"
    return f"{head}{int(part)}{letter}"


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# "a quarter of the market", "three quarters of its sales": a share of something.
_FRACTION_OF = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|all|this|that|these|those)\s+"
    r"(?!(?:year|century|decade|day|hour)\b)",
    re.IGNORECASE,
)


# "$500 million a year", "four flights a week", "$35 a night": after an amount, "a <unit>" is
# the denominator of a rate, not a stretch of time.
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:hundred|thousand|million|billion|trillion|dozen|hundreds|thousands|millions"
    r"|dozens|percent|cents?|dollars?|pence|francs|marks|yen|pounds|miles|tons|barrels"
    r"|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred))%?"
    r"(?:\s+(?!(?:in|within|for|over|after|before|of|than|about|nearly|almost|and|or|but"
    r"|the|its|their|his|her)\b)[a-z]+){0,2}\s+$",
    re.IGNORECASE,
)


def is_rate_denominator(num: str, text: str, start: int) -> bool:
    return num in ("a", "an") and _AMOUNT_BEFORE.search(text, max(0, start - 40), start) is not None


def accept_duration(m: re.Match[str], text: str) -> bool:
    num = re.sub(r"\s+", " ", m["num"].lower())
    unit = m["unit"].lower()
    if is_rate_denominator(num, text, m.start()):
        return False
    if num in ("a", "an") and unit == "second":  # "a second time"
        return False
    if re.fullmatch(r"(?:1[89]|20)\d\d", num) and not unit.endswith("s"):
        return False  # "the 1988 quarter" is a year, not 1988 quarters
    if re.match(r"\s+old\b", text[m.end() : m.end() + 6]):
        return False  # "Mr. Reupke, 52 years old": an age, not a period of time
    if unit.startswith("quarter") and _FRACTION_OF.match(text, m.end()):
        return False
    n = parse_number(num)
    return not (n is None and not unit.endswith("s"))


def resolve_duration(m: re.Match[str], ctx: Ctx) -> Res | None:
    unit, n = _quantity(m)
    if unit not in UNITS:
        return None
    if m.groupdict().get("half") and n is not None:  # "a minute and a half"
        n += 0.5
    fractional = _fractional(n, unit) if n is not None else None
    return Res("DURATION", fractional or _duration_value(n, unit))


def resolve_bare_units(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "for years", "recent months", "decades-long": a vague duration ("day-long": one day).

    "recent years" is annotated as the past (PAST_REF) rather than a duration.
    """
    first = m.group(0).lower()
    if first.startswith(("recent", "past")) and unit_key(m["unit"]) == "year":
        return ref("PAST_REF", None)
    if first.startswith("future"):
        return ref("FUTURE_REF", None)  # "future quarters"
    word = m["unit"].lower()
    count = None if word.endswith(("s", "ies")) else 1.0
    return Res("DURATION", _duration_value(count, unit_key(word)))


def resolve_past_unit(m: re.Match[str], ctx: Ctx) -> Res | None:
    """ "the past year", "the recent week", "over the past decade": one unit up to now."""
    return Res("DURATION", _duration_value(1, unit_key(m["unit"])))


_ADVERB_SETS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    "fortnightly": "P2W", "biannually": "P6M", "semiannually": "P6M",
}  # fmt: skip


def resolve_adverb_set(m: re.Match[str], ctx: Ctx) -> Res | None:
    return Res("SET", _ADVERB_SETS[m["w"].lower()])


def resolve_every(m: re.Match[str], ctx: Ctx) -> Res | None:
    what = m["what"].lower()
    if what in WEEKDAYS:
        return Res("SET", f"XXXX-WXX-{WEEKDAYS[what]}")
    if what in SEASON_CODES:
        return Res("SET", f"XXXX-{SEASON_CODES[what]}")
    if what.rstrip(".") in MONTHS:
        return Res("SET", f"XXXX-{MONTHS[what.rstrip('.')]:02d}")
    if what in PARTS_OF_DAY:
        return Res("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[what]}")
    unit = unit_key(what)
    if unit not in UNITS:
        return None
    n: float | None = 1.0
    if m["n"]:
        n = 2.0 if m["n"].lower() == "other" else parse_number(m["n"])
    return Res("SET", _duration_value(n, unit))
