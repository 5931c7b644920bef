"""Named things an event can be about: weapon systems, aircraft, treaties, pipelines, dams.

Three sources: the dictionary (``resources/things.json``: "Patriot", "New START"); a general
model-designation pattern for systems the dictionary does not know: letters, a dash and digits
("S-400", "Su-57", "MiG-29", "T-72", "KC-135A") or two capitals and a digit ("TB2"); and the
parse: a proper name the tagger reads as proper nouns right before a head noun that names a
kind of thing ("the Nord Stream 2 *pipeline*", "the Grand Ethiopian Renaissance *Dam*", "the
Withdrawal *Agreement*"), after which the bare name is a mention too.  A plural "s"
("S-400s", "F-16s") belongs to the mention but not to the name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from ingest.gazetteer import Gazetteer
from ingest.records import ThingMention
from ingest.wordlists import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Head nouns that make a proper name a thing, with the kind they give it.
THING_HEADS: dict[str, str] = {
    **dict.fromkeys(
        words("pipeline dam canal bridge port reactor plant refinery corridor railway base"),
        "facility",
    ),
    **dict.fromkeys(
        words("treaty agreement accord deal pact convention protocol charter"), "treaty"
    ),
    **dict.fromkeys(words("programme program project initiative plan scheme"), "programme"),
    **dict.fromkeys(words("act law bill directive regulation"), "law"),
    **dict.fromkeys(
        words("system missile missiles jet jets aircraft drone drones frigate submarine "
              "submarines tank tanks fighter fighters helicopter helicopters carrier"),
        "weapon",
    ),
}

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


def find_things(
    text: str, gazetteer: Gazetteer, doc: Doc | None = None
) -> list[ThingMention]:
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
    listed = sorted(mentions + found, key=lambda t: t.start)
    if doc is None:
        return listed
    return _with_parsed_names(text, doc, listed, gazetteer)


def _name_word(tok: Token) -> bool:
    """A word of a proper name: capitalised (a proper noun or adjective, "Grand Ethiopian
    Renaissance") or a number inside it ("Nord Stream 2")."""
    if tok.pos_ == "NUM":
        return True
    return tok.text[:1].isupper() and tok.pos_ in ("PROPN", "ADJ", "NOUN") and not tok.is_sent_start


def _with_parsed_names(
    text: str, doc: Doc, listed: list[ThingMention], gazetteer: Gazetteer
) -> list[ThingMention]:
    """Add "<Proper Name> <thing head>" and the later bare uses of the name."""
    names: dict[str, str] = {}  # name as written → kind
    for tok in doc:
        kind = THING_HEADS.get(tok.lower_)
        if kind is None or tok.i == 0:
            continue
        j = tok.i - 1
        while j >= 0 and _name_word(doc[j]):
            j -= 1
        first = j + 1
        if first >= tok.i or doc[first].pos_ == "NUM" or not any(
            doc[k].pos_ == "PROPN" for k in range(first, tok.i)
        ):
            continue
        end_tok = tok if tok.text[:1].isupper() else doc[tok.i - 1]  # "Renaissance Dam"
        name = text[doc[first].idx : end_tok.idx + len(end_tok.text)]
        if len(name) < 3 or gazetteer.is_actor_alias(name) or gazetteer.thing(name):
            continue
        names.setdefault(name, kind)
    if not names:
        return listed
    taken = [(m.start, m.end) for m in listed]
    out = list(listed)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    for m in pattern.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        out.append(ThingMention(m.start(), m.end(), m.group(0), m.group(0), names[m.group(0)]))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda t: t.start)
