"""Named things an event can be about: weapon systems, aircraft, treaties, laws, products.

Two sources: the dictionary (``resources/things.json``: "Patriot", "New START", "iPhone 4"),
and a general model-designation pattern for systems the dictionary does not know: letters, a
dash and digits ("S-400", "Su-57", "MiG-29", "T-72", "KC-135A") or two capitals and a digit
("TB2").  A plural "s" ("S-400s", "F-16s") belongs to the mention but not to the name.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ingest.gazetteer import Gazetteer
from ingest.records import ThingMention

_DESIGNATION = re.compile(
    r"(?<![\w/-])(?P<name>[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Z]{0,2}\d?|[A-Z]{2}\d)"
    r"(?P<plural>s)?(?![\w-])"
)
# Letter-digit codes that are not equipment: chemistry, media formats, diseases, roads.
_NOT_DESIGNATIONS = frozenset(
    ("CO2", "NO2", "SO2", "MP3", "MP4", "PS4", "PS5", "COVID-19", "Covid-19", "K-12", "H-1B")
)
_AIRCRAFT_PREFIXES = frozenset(
    re.split(" ", "F Su MiG B C KC J Tu Mi Ka AH UH CH MQ RQ E P A Il An Yak TB X U")
)
_WEAPON_PREFIXES = frozenset(re.split(" ", "S T BM HQ M Kh R SA SS DF BMP BTR KN"))


def _kind(designation: str) -> str:
    prefix = re.match(r"[A-Za-z]+", designation)
    letters = prefix.group(0) if prefix else ""
    if letters in _AIRCRAFT_PREFIXES:
        return "aircraft"
    return "weapon" if letters in _WEAPON_PREFIXES else "thing"


def find_things(text: str, gazetteer: Gazetteer) -> list[ThingMention]:
    """Thing mentions in ``text``: sorted by start, non-overlapping, exact offsets."""
    mentions = []
    for hit in gazetteer.match_things(text):
        info = gazetteer.thing(hit.name)
        mentions.append(
            ThingMention(hit.start, hit.end, hit.text, hit.name, info.kind if info else "thing")
        )
    found: list[ThingMention] = []
    starts = [m.start for m in mentions]  # dictionary mentions are sorted and disjoint
    for m in _DESIGNATION.finditer(text):
        name = m.group("name")
        if name in _NOT_DESIGNATIONS or gazetteer.is_actor_alias(name):
            continue
        i = bisect_left(starts, m.end())
        if i and mentions[i - 1].end > m.start():
            continue
        known = gazetteer.thing(name)
        canonical, kind = (known.name, known.kind) if known else (name, _kind(name))
        found.append(ThingMention(m.start(), m.end(), m.group(0), canonical, kind))
    return sorted(mentions + found, key=lambda t: t.start)
