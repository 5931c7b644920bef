"""Words and regex fragments for English temporal expressions (used by `ingest.timex`)."""

from __future__ import annotations

import re

# One whitespace run that may hold a single line break (wrapped lines) but never a blank line.
S = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)"

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip


_FULL_ALT = "|".join(n for n in MONTHS if len(n) > 4 or n in ("may", "june", "july"))
_ABBR_ALT = "|".join(
    sorted(
        (n for n in MONTHS if len(n) <= 4 and n not in ("may", "june", "july")),
        key=len,
        reverse=True,
    )
)


def month(name: str) -> str:
    """A month name, or an abbreviation with its optional period, in group `name`."""
    return rf"(?P<{name}>(?:{_FULL_ALT})(?!\w)|(?:{_ABBR_ALT})(?:\.|(?!\w)))"


WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
TENS: dict[str, int] = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4, "final": 4, "last": 4,
}  # fmt: skip

_TENS_ALT = "|".join(TENS)
_UNIT_ALT = "|".join(_SMALL[1:])
# Vague quantities give "X" in the value ("several years" → "PXY").
VAGUE = r"several|a\s+few|few|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of|some|numerous"
# "2 1/2", "two and a half": a whole number and a half.
_HALF = r"(?:[^\S\n]+1/2|½|[^\S\n]+and[^\S\n]+a[^\S\n]+half)"
_WHOLE = rf"(?:\d+|(?:{_TENS_ALT})(?:[- ](?:{_UNIT_ALT}))?|{_UNIT_ALT})"
NUM = (
    rf"(?:{_WHOLE}{_HALF}|\d+(?:\.\d+)?|(?:{_TENS_ALT})(?:[- ](?:{_UNIT_ALT}))?|{_UNIT_ALT}"
    rf"|a\s+dozen|dozen|(?:a|one)\s+hundred|a|an|{VAGUE})"
)
# A year read out ("nineteen ninety-six", "twenty oh four"): broadcast transcripts.
SPOKEN_YEAR = (
    rf"(?:nineteen|twenty)[-\s](?:(?:{_TENS_ALT})(?:[-\s](?:{_UNIT_ALT}))?"
    rf"|oh[-\s](?:{_UNIT_ALT})|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen)(?![\w-])"
    rf"|two[-\s]thousand(?:[-\s](?:and[-\s])?(?:{_UNIT_ALT}))?(?![\w-])"
)


def spoken_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2004 for "twenty oh four"."""
    words = re.split(r"[-\s]+", text.lower())
    if words[:2] == ["two", "thousand"]:  # "two thousand", "two thousand and four"
        rest = [w for w in words[2:] if w != "and"]
        n = parse_number(" ".join(rest)) if rest else 0.0
        return None if n is None else 2000 + int(n)
    if len(words) < 2 or words[0] not in ("nineteen", "twenty"):
        return None
    rest = [w for w in words[1:] if w != "oh"]
    n = parse_number(" ".join(rest))
    return None if n is None else NUMBER_WORDS[words[0]] * 100 + int(n)


HYPHEN_NUM = rf"(?:\d+|(?:{_TENS_ALT})(?:-(?:{_UNIT_ALT}))?|{_UNIT_ALT}|half)"

# Unit word → (TimeML letter, is a time-of-day unit, calendar unit for arithmetic).
UNITS: dict[str, tuple[str, bool, str]] = {
    "second": ("S", True, ""), "minute": ("M", True, ""), "hour": ("H", True, ""),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "weekend": ("WE", False, "weekend"), "fortnight": ("W", False, "week"),
    "month": ("M", False, "month"), "quarter": ("Q", False, "quarter"),
    "year": ("Y", False, "year"), "decade": ("DE", False, "decade"),
    "century": ("CE", False, "century"),
}  # fmt: skip
UNIT = (
    r"(?:second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade"
    r"|centur(?:y|ie))s?"
)
UNIT_SING = (
    r"(?:second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|century)"
)

SEASON_CODES: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip


def unit_key(word: str) -> str:
    """ "Centuries" → "century", "Weeks" → "week"."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def parse_number(text: str) -> float | None:
    """The number a quantity word means; None for vague ones ("several")."""
    t = re.sub(r"\s+", " ", text.lower()).replace("-", " ")
    half = re.search(r"(?: 1/2|½| and a half)$", t)
    if half:
        whole = parse_number(t[: half.start()])
        return None if whole is None else whole + 0.5
    if t in ("a", "an", "one hundred", "a hundred"):
        return 100.0 if "hundred" in t else 1.0
    if t in ("a dozen", "dozen"):
        return 12.0
    if t in ("a couple of", "couple of"):
        return 2.0
    if t == "half":
        return 0.5
    try:
        return float(t)
    except ValueError:
        pass
    parts = t.split()
    if parts and parts[0] in TENS:
        return float(TENS[parts[0]] + (NUMBER_WORDS.get(parts[1], 0) if len(parts) > 1 else 0))
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    return None
