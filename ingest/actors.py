"""Actor mentions: dictionary names, titled people, unknown organisations, later references.

``find_actors`` works in passes over the article text:

1. dictionary names (``Gazetteer.match_actors``), minus weak ones inside a named thing
   ("Paris" in "Paris Agreement");
2. unknown organisations: a run of capitalised words with an organisation cue
   ("… Ministry", "… Command", "Presidency of …", "… Corp.") and an optional "(ACR)";
3. people: a capitalised name after a title ("Foreign Minister Mevlüt Çavuşoğlu",
   "former U.S. President Donald Trump", "spokesman John Kirby") or before an appositive
   title ("Lena Vogt, head of the Office of Naval Procurement (ONP)");
4. later references to what passes 2–3 found: full names, surnames ("Çavuşoğlu"),
   acronyms ("ONP's Vogt");
5. anaphors from the dictionary ("the alliance" → NATO) once the actor has been named.

Affiliation of a person, in order: the country or organisation named in the title ("U.S.
President", "Turkish Foreign Minister", "Pentagon spokesman"), the organisation they head
("head of X"), and for a bare government post ("Foreign Minister …") the article's *dominant
country*: the country with the most dictionary mentions (ties: the one named first).  News
reports name a minister without a nationality only when the country is obvious from the
story, which is the one the story keeps naming.  The same fallback gives unknown government
bodies ("Office of Naval Procurement") their country.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from lemminflect import getAllLemmas

from ingest.gazetteer import (
    OUTLET_WORDS,
    Gazetteer,
    Hit,
    trie_pattern,
)
from ingest.records import ActorInfo, ActorMention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A word: letters/digits with inner apostrophes, hyphens and dots ("U.S.", "Jean-Yves",
# "Biden's"), and a final dot kept for abbreviations ("Sen.", "Corp.").
_TOKEN = re.compile(r"[^\W_](?:[\w'’]|[-.](?=[^\W_]))*\.?")
_POSSESSIVE = re.compile(r"['’]\w*$")  # "Biden's", "Erdoğan'ın": the name ends before it
_ACRONYM = re.compile(r"[ \t]*\(([A-ZÇĞİÖŞÜ][A-Za-zÇĞİÖŞÜ&.-]{1,11})\)")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_CALENDAR = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December"
)
# Capitalised only because they start a sentence or a heading: never part of a name.
_STOP = _words(
    "The A An And But Or In On At To From For By With Of As If When While After Before Since "
    "This That These Those It Its He She They We I You His Her Their Our My Your Asked Also "
    "Meanwhile However According Last Next Earlier Later Mr Ms Mrs"
)
_PARTICLES = _words("al el bin ibn bint de del der di da du van von la le dos das")

# Title heads that can introduce a person's name.  Lower-cased; dots kept.
_TITLE_HEADS = _words(
    "president president-elect minister secretary secretary-general director spokesman "
    "spokeswoman spokesperson ambassador chancellor ceo chairman chairwoman chair head chief "
    "adviser advisor envoy commander general gen. admiral adm. colonel col. lt. lieutenant "
    "maj. major captain capt. sgt. sergeant senator sen. rep. representative congressman "
    "congresswoman governor gov. mayor king queen prince princess emir sheikh sultan pope "
    "premier leader speaker judge justice prosecutor mr. mrs. ms. dr. prof. professor "
    "lawmaker mp deputy founder co-founder cofounder commissioner ayatollah marshal diplomat "
    "negotiator vice-president executive officer cfo coo cto analyst employee"
)
# Heads of government posts: with no nationality in the title, the dominant country.
_GOVERNMENT_HEADS = _words(
    "president president-elect minister secretary director spokesman spokeswoman "
    "spokesperson ambassador chancellor adviser advisor envoy commander general gen. admiral "
    "adm. colonel col. lt. lieutenant maj. captain capt. senator sen. rep. representative "
    "congressman congresswoman governor gov. mayor king queen prince princess emir sheikh "
    "sultan premier speaker prosecutor lawmaker mp commissioner diplomat negotiator "
    "vice-president"
)
# Lower-case words that may stand in a title before its head ("former", "deputy foreign").
_TITLE_MODIFIERS = _words(
    "former then acting deputy vice late new interim outgoing incoming current chief senior "
    "top foreign defense defence interior finance trade energy economy health justice "
    "national security press presidential communications prime state assistant "
    "undersecretary under executive general"
)

# Organisation cues: the last word of a name ("Turkish Air Forces Command") ...
_SUFFIX_CUES: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "Corp. Corp Inc. Inc Ltd Ltd. LLC PLC plc Co. Company Corporation Group "
            "Holding Holdings Industries Technologies Airlines Airways"
        ),
        "company",
    ),
    **dict.fromkeys(
        _words(
            "Agency Ministry Department Office Directorate Bureau Administration "
            "Service Authority Inspectorate Secretariat"
        ),
        "agency",
    ),
    **dict.fromkeys(
        _words("Command Forces Army Navy Guard Corps Brigade Division Regiment Battalion Fleet"),
        "military",
    ),
    **dict.fromkeys(
        _words(
            "Party Council Committee Commission Organization Organisation Union "
            "Movement Front Association Federation Foundation Institute Presidency "
            "Assembly Parliament Court Bank Fund Alliance Coalition League"
        ),
        "organization",
    ),
}
# ... or its first word when followed by "of"/"for" ("Office of Naval Procurement").
_PREFIX_CUES = _words(
    "Ministry Presidency Department Office Bank Council Directorate Federation Union "
    "Commission Committee Court Institute Agency Bureau Command Association Party "
    "Secretariat Administration Authority"
)
_LEGAL_FORMS = _words("Corp. Corp Inc. Inc Ltd Ltd. LLC PLC plc Co. AG SA GmbH")
_ORG_CONNECTORS = frozenset(("of", "for", "and", "the", "on", "&"))
# Cues of a public body, which takes the dominant country when it names none.
_GOVERNMENT_CUES = _words(
    "Ministry Presidency Department Office Directorate Bureau Administration Authority "
    "Agency Command Forces Army Navy Guard Corps Inspectorate Secretariat Parliament "
    "Assembly Council Court"
)
_OUTLET_BEFORE = re.compile(
    r"(?:newspaper|daily|broadcaster|news agency|outlet|channel|magazine|website|state-run|"
    r"state-owned|state broadcaster|told|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OUTLET_AFTER = re.compile(
    r"\s*(?:newspaper|daily|broadcaster|news agency|reported|channel|TV)\b", re.IGNORECASE
)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    actor: str
    rank: int  # lower wins a tie: dictionary 0, discovered 1, later reference 2


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65536)  # words repeat: a cache halves the time on long texts
def _is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a proper name (Unicode-aware)."""
    core = word.rstrip(".")
    return (
        bool(core)
        and core[0].isupper()
        and not any(ch.isdigit() for ch in core)
        and core not in _CALENDAR
        and core not in _STOP
    )


_ABBREVIATIONS = frozenset(("Corp.", "Inc.", "Co.", "Ltd.", "Jr.", "Sr.", "St.", "No.", "Bros."))


def _ends_sentence(word: str) -> bool:
    """A word with a full stop that is not an abbreviation ("Bank." but not "U.S.", "Sen.")."""
    if not word.endswith("."):
        return False
    core = word[:-1]
    return not (
        len(core) == 1 or "." in core or word in _ABBREVIATIONS or word.lower() in _TITLE_HEADS
    )


@lru_cache(maxsize=65536)
def _is_head(word: str) -> bool:
    return word.lower() in _TITLE_HEADS


def _name_end(tok: _Token) -> tuple[int, bool]:
    """Where a name word ends and whether the name stops there (possessive or full stop)."""
    if m := _POSSESSIVE.search(tok.text):
        return tok.start + m.start(), True
    if tok.text.endswith(".") and len(tok.text) > 2:
        return tok.end - 1, True  # "… Vogt." : the sentence ends, not an initial
    return tok.end, False


def _read_name(
    text: str, toks: list[_Token], i: int, max_words: int = 4, stops: frozenset[int] = frozenset()
) -> tuple[int, int]:
    """A name starting at token ``i``: (end offset, number of words), or (-1, 0).

    ``stops`` are offsets where a dictionary actor starts: a name never runs into one
    ("CEO Steve Jobs Apple Computer" is Steve Jobs, then Apple)."""
    end, count, j = -1, 0, i
    while j < len(toks) and count < max_words:
        tok = toks[j]
        if count and (text[toks[j - 1].end : tok.start] != " " or tok.start in stops):
            break
        word = tok.text
        if word.lower() in _PARTICLES and count:
            j += 1
            continue
        if not _is_name_word(word) or _is_head(word):
            break
        end, stop = _name_end(tok)
        count += 1
        j += 1
        if stop:
            break
    return (end, count) if count else (-1, 0)


# --- the article's dominant country ------------------------------------------------------


def dominant_country(hits: list[Hit], gazetteer: Gazetteer) -> str | None:
    """The country named most often (ties: named first); see the module docstring."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for hit in hits:
        info = gazetteer.actor(hit.name)
        if info is not None and info.kind == "country":
            counts[hit.name] += 1
            first.setdefault(hit.name, hit.start)
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], first[name]))


# --- pass 2: unknown organisations --------------------------------------------------------


class _Found:
    """Actors discovered in the text, and the candidate mentions of every pass."""

    def __init__(self, gazetteer: Gazetteer, dominant: str | None) -> None:
        self.gaz = gazetteer
        self.dominant = dominant
        self.infos: dict[str, ActorInfo] = {}
        self.cands: list[_Cand] = []
        self.by_end: dict[int, _Cand] = {}  # first candidate ending at an offset
        self.by_start: dict[int, _Cand] = {}  # longest candidate starting at an offset
        self.hits: list[Hit] = []  # dictionary hits, sorted: where country_in looks
        self.hit_starts: list[int] = []
        self.stops: frozenset[int] = frozenset()  # where dictionary actors start

    def add(self, start: int, end: int, info: ActorInfo, rank: int) -> None:
        if info.name not in self.infos and self.gaz.actor(info.name) is None:
            self.infos[info.name] = info
        cand = _Cand(start, end, info.name, rank)
        self.cands.append(cand)
        self.by_end.setdefault(end, cand)
        if start not in self.by_start or self.by_start[start].end < end:
            self.by_start[start] = cand

    def info(self, name: str) -> ActorInfo | None:
        return self.infos.get(name) or self.gaz.actor(name)

    def country_in(self, start: int, end: int) -> str | None:
        """The first country named by a dictionary actor inside [start, end)."""
        i = bisect_left(self.hit_starts, start)
        while i < len(self.hits) and self.hits[i].end <= end:
            if country := self.country_of(self.hits[i].name):
                return country
            i += 1
        return None

    def country_of(self, name: str | None) -> str | None:
        info = self.info(name) if name else None
        if info is None:
            return None
        if info.kind == "country":
            return info.name
        return self.gaz.country_of(info.affiliation) or self.country_of(info.affiliation)


def _org_runs(text: str, toks: list[_Token]) -> list[list[int]]:
    """Runs of token indices: capitalised words, joined by single spaces and connectors."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i, tok in enumerate(toks):
        joined = (
            bool(run)
            and text[toks[run[-1]].end : tok.start] == " "
            and not _ends_sentence(toks[run[-1]].text)
        )
        capital = tok.text[0].isupper() and not any(ch.isdigit() for ch in tok.text)
        if capital and (joined or not run):
            run.append(i)
            continue
        if joined and tok.text in _ORG_CONNECTORS:
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = [i] if capital else []
    if run:
        runs.append(run)
    for r in runs:  # connectors may not end a run
        while r and toks[r[-1]].text in _ORG_CONNECTORS:
            r.pop()
    return [r for r in runs if r]


_NAME_PREPOSITIONS = _words("For In On At By With From To Of As After Before During Under Over")


def _not_name_start(word: str) -> bool:
    """A sentence-opening gerund or preposition ("Speaking for Apple Corps", "For NATO")."""
    return word in _NAME_PREPOSITIONS or (word.endswith("ing") and word[:1].isupper())


def _org_spans(toks: list[_Token], run: list[int]) -> Iterator[tuple[int, int, str]]:
    """(first, last, cue) positions within ``run`` of each organisation name in it."""
    words = [toks[i].text for i in run]
    first = 0
    while first < len(words):
        while first < len(words) and (
            words[first] in _STOP
            or words[first] in _CALENDAR
            or words[first] in _ORG_CONNECTORS
            or _not_name_start(words[first])
        ):
            first += 1
        span = _org_span_from(words, first)
        if span is None:
            return
        yield span
        first = span[1] + 1


def _org_span_from(words: list[str], first: int) -> tuple[int, int, str] | None:
    for c in range(first, len(words)):
        cue = words[c]
        follows = words[c + 1] if c + 1 < len(words) else ""
        if cue in _PREFIX_CUES and follows in ("of", "for", "on"):
            return first, _end_of_complement(words, c + 2), cue
        if cue in _SUFFIX_CUES and c > first:
            # "Apple and Apple Corps": a suffix cue names only the words after the last "and"
            ands = [k for k in range(first, c) if words[k] == "and"]
            if ands and ands[-1] + 1 < c:
                first = ands[-1] + 1
            while c + 1 < len(words) and words[c + 1] in _SUFFIX_CUES:
                c += 1  # "Air Forces Command": the last cue names the body
            cue = words[c]
            follows = words[c + 1] if c + 1 < len(words) else ""
            last = _end_of_complement(words, c + 2) if follows in ("of", "for") else c
            return first, last, cue
    return None


def _end_of_complement(words: list[str], i: int) -> int:
    """Last word of "of <X>": up to an "and" that starts another organisation name."""
    last = min(i, len(words) - 1)
    while last + 1 < len(words):
        nxt = words[last + 1]
        if nxt == "and" and _org_span_from(words, last + 2) is not None:
            break
        last += 1
    while words[last] in _ORG_CONNECTORS:
        last -= 1
    return last


def _looks_like_outlet(text: str, start: int, end: int, name: str) -> bool:
    """News outlets are sources, not actors: "Anadolu Agency reported", "the Times"."""
    if name.split()[-1].rstrip(".") in OUTLET_WORDS:
        return True
    before = _OUTLET_BEFORE.search(text, max(0, start - 30), start)
    after = _OUTLET_AFTER.match(text, end)
    return bool(name.endswith("Agency") and (before or after)) or bool(
        after and not after.group(0).strip().lower().startswith("reported")
    )


def _find_orgs(text: str, toks: list[_Token], found: _Found) -> None:
    for run in _org_runs(text, toks):
        for first, last, cue in _org_spans(toks, run):
            _org_in_run(text, toks, run, first, last, cue, found)


def _org_in_run(
    text: str, toks: list[_Token], run: list[int], first: int, last: int, cue: str, found: _Found
) -> None:
    start, end = toks[run[first]].start, toks[run[last]].end
    if text[end - 1] == "." and cue not in _LEGAL_FORMS:
        end -= 1  # the sentence's full stop
    name = text[start:end]
    if len(name.split()) < 2 or found.gaz.is_listed(name):
        return
    if not _looks_like_outlet(text, start, end, name):
        _add_org(text, start, end, cue, found)


def _add_org(text: str, start: int, end: int, cue: str, found: _Found) -> ActorInfo:
    """Register an organisation named text[start:end] (with a following "(ACR)" alias)."""
    full = text[start:end]
    words = full.split()
    # "Acme Holdings Inc." is "Acme Holdings", as the dictionary names companies.
    name = " ".join(words[:-1]) if words[-1] in _LEGAL_FORMS and len(words) > 2 else full
    existing = found.info(name)
    acronym = _ACRONYM.match(text, end)
    if existing is None:
        kind = _SUFFIX_CUES.get(cue, "organization")
        country = found.country_in(start, end)
        if country is None and cue in _GOVERNMENT_CUES:
            country = found.dominant
        aliases = tuple(a for a in (full, acronym and acronym.group(1)) if a and a != name)
        existing = ActorInfo(name, kind, country, aliases)
    elif acronym and acronym.group(1) not in existing.aliases and name in found.infos:
        existing = replace(existing, aliases=(*existing.aliases, acronym.group(1)))
        found.infos[name] = existing
    found.add(start, end, existing, 1)
    if acronym:
        found.add(acronym.start(1), acronym.end(1), existing, 1)
    return existing


def _org_at(text: str, toks: list[_Token], i: int, found: _Found) -> ActorInfo | None:
    """The organisation whose name starts at token ``i`` ("head of <X>")."""
    start = toks[i].start
    if cand := found.by_start.get(start):
        return found.info(cand.actor)
    run: list[int] = []
    for run_ in _org_runs(text, toks[i : i + 12]):
        run = [i + k for k in run_]
        break
    if not run or toks[run[0]].start != start:
        return None
    end = toks[run[-1]].end
    if text[end - 1] == "." and not text[start:end].endswith(("Corp.", "Inc.", "Co.")):
        end -= 1
    words = [toks[k].text for k in run]
    cue = next((w for w in words if w in _SUFFIX_CUES or w in _PREFIX_CUES), "")
    return _add_org(text, start, end, cue, found)


# --- pass 3: people -----------------------------------------------------------------------


_FORMER = re.compile(r"(?:former|then|acting|late|ex-)[ -]$", re.IGNORECASE)


def _title_before(
    text: str, toks: list[_Token], head: int, found: _Found
) -> tuple[int, str | None]:
    """Extend a title leftwards from its head: (title start, actor named in it or None)."""
    start = toks[head].start
    k = head  # toks[k] is the leftmost word of the title so far
    for _ in range(5):
        # An actor right before the title gives the affiliation: "U.S. President", "Turkey's".
        for back in (1, 3):
            cand = found.by_end.get(start - back)
            if cand and text[cand.end : start] in (" ", "'s ", "’s "):
                former = _FORMER.search(text, max(0, cand.start - 8), cand.start)
                return (former.start() if former else cand.start), cand.actor
        if k == 0 or text[toks[k - 1].end : start] != " ":
            break
        prev = toks[k - 1].text
        if _ends_sentence(prev) or not (prev.lower() in _TITLE_MODIFIERS or _is_name_word(prev)):
            break
        k -= 1
        start = toks[k].start
    return start, None


def _person_affiliation(source: str | None, head: str, found: _Found) -> str | None:
    if source:
        info = found.info(source)
        if info is None or info.kind == "person":
            return found.dominant if head.lower() in _GOVERNMENT_HEADS else None
        if info.kind in ("country", "agency", "military") or (
            info.kind == "organization" and info.affiliation
        ):
            return found.country_of(source) or source
        return source
    return found.dominant if head.lower() in _GOVERNMENT_HEADS else None


def _add_person(
    text: str, start: int, end: int, title: str, affiliation: str | None, found: _Found
) -> None:
    name = text[start:end]
    if found.gaz.is_actor_alias(name) or found.gaz.thing(name):
        listed = found.gaz.actor(name)
        if (
            listed is not None
            and listed.kind == "person"
            and title
            and listed.name not in found.infos
        ):
            found.infos[listed.name] = replace(listed, title=title)  # the dictionary's person
        return
    known = found.infos.get(name)
    if known is None:
        words = name.split()
        aliases = (words[-1],) if len(words) > 1 else ()
        found.infos[name] = ActorInfo(name, "person", affiliation, aliases, title=title)
    elif known.kind == "person" and not known.title and title:
        found.infos[name] = replace(
            known, title=title, affiliation=known.affiliation or affiliation
        )
    found.add(start, end, found.infos[name], 1)


def _titled_people(text: str, toks: list[_Token], found: _Found) -> None:
    """ "<title> <Name>": the head is the last title word before the name."""
    for i, tok in enumerate(toks[:-1]):
        if not _is_head(tok.text) or _is_head(toks[i + 1].text):
            continue
        if text[tok.end : toks[i + 1].start] != " ":
            continue
        at_org = _org_then_name(text, toks, i, found)
        if at_org is not None:  # "chief executive officer of Apple Inc. Steve Jobs"
            k, org = at_org
            name_end, words = _read_name(text, toks, k, stops=found.stops)
            if words >= 2:
                title = text[_title_before(text, toks, i, found)[0] : toks[k - 1].end]
                _add_person(text, toks[k].start, name_end, title, org, found)
            continue
        listed = found.by_start.get(toks[i + 1].start)
        if listed is not None and toks[i + 1].start in found.stops:
            name_end, words = listed.end, 1  # a dictionary name: only the title is new
        else:
            name_end, words = _read_name(text, toks, i + 1, stops=found.stops)
        if not words or _title_follows(text, name_end):
            continue
        title_start, source = _title_before(text, toks, i, found)
        title = text[title_start : tok.end]
        affiliation = _person_affiliation(source, tok.text, found)
        _add_person(text, toks[i + 1].start, name_end, title, affiliation, found)


_NEXT_WORD = re.compile(r"[ \t]+([a-z][\w-]*)")


def _title_follows(text: str, end: int) -> bool:
    """ "chief Brussels Brexit *negotiator*": capitalised words before a lower-case title
    head are the title's modifiers, not a name."""
    m = _NEXT_WORD.match(text, end)
    return bool(m) and _is_head(m.group(1))


def _org_then_name(
    text: str, toks: list[_Token], head: int, found: _Found
) -> tuple[int, str] | None:
    """ "officer of Apple Inc. Steve Jobs": (token index of the name, the organisation) when
    the title's "of <actor>" runs straight into a name (news ledes stack them this way)."""
    if head + 2 >= len(toks) or toks[head + 1].text not in ("of", "at"):
        return None
    cand = found.by_start.get(toks[head + 2].start)
    if cand is None or text[cand.end : cand.end + 1] != " ":
        return None
    k = bisect_left([t.start for t in toks[head + 2 : head + 12]], cand.end + 1) + head + 2
    if k >= len(toks) or toks[k].start != cand.end + 1 or not _is_name_word(toks[k].text):
        return None
    return k, cand.actor


_APPOSITIVE = re.compile(r",\s+(?:the\s+|an?\s+)?")


def _appositive_people(text: str, toks: list[_Token], found: _Found) -> None:
    """ "<Name>, <title> [of <Org>]," ("Lena Vogt, head of the Office of … (ONP),")."""
    i = 0
    while i < len(toks):
        if not toks[i].text[0].isupper():
            i += 1
            continue
        name_end, words = _read_name(text, toks, i, stops=found.stops)
        if words >= 2 and _described_person(text, toks, i + words, toks[i].start, name_end, found):
            i += words
            continue
        if words < 2 or (i and _is_head(toks[i - 1].text)):
            i += max(words, 1)
            continue
        name_start = toks[i].start
        i += words
        m = _APPOSITIVE.match(text, name_end)
        if not m:
            continue
        j = next((k for k in range(i, min(i + 3, len(toks))) if toks[k].start == m.end()), None)
        if j is None:
            continue
        head = next((k for k in range(j, min(j + 5, len(toks))) if _is_head(toks[k].text)), None)
        if head is None or any(
            text[toks[k].end : toks[k + 1].start] != " " for k in range(j, head)
        ):
            continue
        if head + 1 < len(toks) and _is_name_word(toks[head + 1].text):
            continue  # "San Francisco, Apple CEO Steve Jobs": the title is the next name's
        source = found.country_in(toks[j].start, toks[head].start)
        title_end = toks[head].end
        if head + 2 < len(toks) and toks[head + 1].text in ("of", "for", "at"):
            org = _org_at(text, toks, head + 2, found)
            if org is not None:
                source = source or org.name
                title_end = _title_end(text, found, org, toks[head + 2].start)
        affiliation = _person_affiliation(source, toks[head].text, found)
        _add_person(text, name_start, name_end, text[toks[j].start : title_end], affiliation, found)


_RUNS = re.compile(r",[ \t]+who[ \t]+(?:runs|heads|leads|chairs|directs|ran|headed|led)[ \t]+")
_ITS = re.compile(r"\b[Ii]ts\s+$")
_TITLE_COMMA = re.compile(r"\b(\w+)[ \t]*,[ \t]*$")


def _described_person(
    text: str, toks: list[_Token], after: int, start: int, end: int, found: _Found
) -> bool:
    """Two more ways news introduces someone: "Lena Vogt, who runs the Office of …
    (ONP)," (head of that body) and "… and its head, Lena Vogt," (a title before the
    comma; "its" is the organisation named last before it)."""
    if (m := _RUNS.match(text, end)) is not None:
        j = next(
            (k for k in range(after, min(after + 6, len(toks))) if toks[k].start >= m.end()), None
        )
        if j is not None and toks[j].text.lower() == "the":
            j += 1
        org = _org_at(text, toks, j, found) if j is not None and j < len(toks) else None
        if org is not None and org.kind != "person":
            affiliation = _person_affiliation(org.name, "head", found)
            _add_person(text, start, end, f"head of {org.name}", affiliation, found)
            return True
    if (t := _TITLE_COMMA.search(text, max(0, start - 24), start)) is not None and _is_head(
        t.group(1)
    ):
        # the actor named last before "its": look back by end offset (no scan of all names)
        near = (found.by_end.get(e) for e in range(t.start(), max(-1, t.start() - 200), -1))
        last = next((c for c in near if c is not None), None)
        org = found.info(last.actor) if last else None
        if _ITS.search(text, max(0, t.start() - 8), t.start()) and org is not None:
            affiliation = _person_affiliation(org.name, t.group(1), found)
            _add_person(text, start, end, f"{t.group(1)} of {org.name}", affiliation, found)
            return True
    return False


def _title_end(text: str, found: _Found, org: ActorInfo, start: int) -> int:
    """End of "head of <org> (ACR)" in the text."""
    cand = found.by_start.get(start)
    end = cand.end if cand else start
    acronym = _ACRONYM.match(text, end)
    return acronym.end() if acronym else end


_SPEECH_AFTER = re.compile(
    r"[ \t]+(?:said|says|told|tells|announced|announces|added|explained|noted|stated|wrote|"
    r"argued|insisted|warned|described|claimed|confirmed|replied|admitted|estimated)\b"
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|according to|added|wrote)[ \t]+$")


def _speaking_people(text: str, toks: list[_Token], found: _Found) -> None:
    """Untitled names that speak: "Steve Jobs announced", "said Ben Reitzes".

    Two or three name words with no organisation cue, next to a speech verb: a person (an
    organisation that "said" something carries a cue or is in the dictionary)."""
    i = 0
    while i < len(toks):
        tok = toks[i]
        start = tok.start
        if not _is_name_word(tok.text) or start in found.stops or start in found.by_start:
            i += 1
            continue
        name_end, words = _read_name(text, toks, i, max_words=3, stops=found.stops)
        if words >= 2 and (
            _SPEECH_AFTER.match(text, name_end)
            or _SPEECH_BEFORE.search(text, max(0, start - 16), start)
        ):
            name = text[start:name_end]
            if not any(w in _SUFFIX_CUES or w in _PREFIX_CUES for w in name.split()):
                _add_person(text, start, name_end, "", None, found)
        i += max(words, 1)


def _merge_people(found: _Found) -> None:
    """One person, one actor: "Erdoğan" (from "President Erdoğan") is "Recep Tayyip Erdoğan"
    when the article names him in full; the fullest name is canonical, the short one an alias.
    Left alone when two people could own the short name."""
    people = [name for name, info in found.infos.items() if info.kind == "person"]
    by_suffix: dict[tuple[str, ...], list[str]] = {}  # linear in the number of people
    for name in people:
        words = name.split()
        for n in range(1, len(words)):
            by_suffix.setdefault(tuple(words[n:]), []).append(name)
    into: dict[str, str] = {}
    for short in people:
        longer = by_suffix.get(tuple(short.split()), [])
        if len(longer) == 1:
            into[short] = longer[0]
    for short, full in into.items():
        s_info, f_info = found.infos.pop(short), found.infos[full]
        found.infos[full] = replace(
            f_info,
            aliases=tuple(dict.fromkeys((*f_info.aliases, short, *s_info.aliases))),
            title=f_info.title or s_info.title,
            affiliation=f_info.affiliation or s_info.affiliation,
        )
    for cand in found.cands:
        if cand.actor in into:
            cand.actor = into[cand.actor]


def _first_names(found: _Found) -> dict[str, str]:
    """ "Steve" for Steve Jobs: informal later mentions (matched only before a lowercase word,
    and only when one person of the article has that first name)."""
    owners: dict[str, list[str]] = {}
    for info in found.infos.values():
        words = info.name.split()
        if (
            info.kind == "person"
            and len(words) >= 2
            and len(words[0]) >= 3
            and not found.gaz.is_actor_alias(words[0])
            and words[0] not in _STOP
        ):
            owners.setdefault(words[0], []).append(info.name)
    return {first: names[0] for first, names in owners.items() if len(names) == 1}


_LOWER_NEXT = re.compile(r"[ \t]+[a-z]")


# --- pass 3b: names the trained model finds ------------------------------------------------

_NER_PERSON = "PER"
_NER_ORG = "ORG"
_TITLE_DEPS = frozenset({"appos", "compound", "flat", "nmod:desc"})


def _model_names(text: str, doc: Doc, found: _Found) -> None:
    """People (and organisations) the model names that no rule above found: untitled people
    ("Boris Johnson said"), appositions ("Egypt's irrigation minister, Hani Sewilam" → a
    person affiliated with Egypt).  A name must be capitalised words the tagger reads as
    proper nouns, and never a title's words ("chief Brussels Brexit negotiator")."""
    taken = sorted((c.start, c.end) for c in found.cands)
    starts = [a for a, _ in taken]

    def free(start: int, end: int) -> bool:
        i = bisect_right(starts, end) - 1
        while i >= 0 and taken[i][1] > start:
            return False
        return True

    for ent in doc.ents:
        if ent.label_ not in (_NER_PERSON, _NER_ORG):
            continue
        words = [t for t in ent if not t.is_punct]
        while words and (words[-1].tag_ == "POS" or words[-1].lower_ in ("'s", "’s")):
            words.pop()
        if not words or not all(t.text[:1].isupper() for t in words):
            continue
        if not all(t.pos_ == "PROPN" for t in words) or any(_is_head(t.text) for t in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = text[start:end]
        if not free(start, end) or found.gaz.is_listed(name) or found.gaz.thing(name):
            continue
        if _title_follows(text, end) or _looks_like_outlet(text, start, end, name):
            continue
        if any(t.text in _CALENDAR for t in words):
            continue
        if ent.label_ == _NER_PERSON and len(words) >= 2:
            title, affiliation = _apposed_title(words[0].doc, words, found)
            _add_person(text, start, end, title, affiliation, found)
        elif ent.label_ == _NER_ORG and (len(words) >= 2 or (name.isupper() and len(name) >= 3)):
            _add_org(text, start, end, words[-1].text, found)
    _apposed_names(text, doc, found, free)
    _named_subjects(text, doc, found, free)


def _named_subjects(
    text: str, doc: Doc, found: _Found, free: Callable[[int, int], bool]
) -> None:
    """A proper name of two to four words that is the subject of a verb is somebody, even
    when the model did not tag it ("Karim Haddad staged a hunger strike"): an
    organisation when a word of it says so, else a person."""
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubj:pass") or tok.pos_ != "PROPN":
            continue
        run = sorted(
            [t for t in tok.subtree if t.pos_ == "PROPN" and t.text[:1].isupper()
             and (t == tok or t.dep_ in ("compound", "flat", "nmod:desc"))],
            key=lambda t: t.i,
        )
        if not 2 <= len(run) <= 4 or run[-1].i - run[0].i != len(run) - 1:
            continue
        if any(_is_head(t.text) or t.text in _CALENDAR for t in run):
            continue
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        name = text[start:end]
        if not free(start, end) or found.gaz.is_listed(name) or found.gaz.thing(name):
            continue
        if any(t.text in _SUFFIX_CUES or t.text in _PREFIX_CUES for t in run):
            _add_org(text, start, end, run[-1].text, found)
        else:
            _add_person(text, start, end, "", None, found)


def _apposed_names(text: str, doc: Doc, found: _Found, free: Callable[[int, int], bool]) -> None:
    """ "Egypt's irrigation minister, Hani Sewilam, said": a name in apposition to a title
    is a person of the title's country, whether or not the model tagged it."""
    for tok in doc:
        if tok.dep_ != "appos" or tok.pos_ != "PROPN" or not _is_head(tok.head.text):
            continue
        if tok.head.text[:1].isupper():
            continue  # "Minister Hani Sewilam" is the title rules' case
        name_toks = sorted(
            [t for t in tok.subtree if t.pos_ == "PROPN" and t.text[:1].isupper()],
            key=lambda t: t.i,
        )
        run = [name_toks[0]] if name_toks else []
        for t in name_toks[1:]:
            if t.i == run[-1].i + 1:
                run.append(t)
        if not 2 <= len(run) <= 4:
            continue
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        if not free(start, end) or found.gaz.is_listed(text[start:end]):
            continue
        title_toks = [t for t in tok.head.subtree if t.i < tok.i and not t.is_punct]
        if not title_toks:
            continue
        t_start = title_toks[0].idx
        t_end = title_toks[-1].idx + len(title_toks[-1].text)
        source = found.country_in(t_start, t_end)
        affiliation = _person_affiliation(source, tok.head.text, found)
        _add_person(text, start, end, text[t_start:t_end], affiliation, found)


def _apposed_title(doc: Doc, words: list[Token], found: _Found) -> tuple[str, str | None]:
    """The title a name stands in apposition to, and the affiliation it names."""
    root = min(words, key=lambda t: (t.head in words, t.i))
    head = root.head if root.dep_ in _TITLE_DEPS and root.head not in words else None
    if head is None:  # "the minister, Hani Sewilam": the title is the name's appos head
        head = next((c for c in root.children if c.dep_ == "appos" and c not in words), None)
    if head is None or head.pos_ != "NOUN":
        return "", None
    span = [t for t in head.subtree if t not in words and t.i < (words[0].i if head.i <
            words[0].i else len(doc)) and not t.is_punct]
    if not span:
        return "", None
    start, end = span[0].idx, span[-1].idx + len(span[-1].text)
    title = doc.text[start:end]
    source = found.country_in(start, end)
    if source is None:
        for cand in found.cands:
            if start <= cand.start and cand.end <= end:
                source = cand.actor
                break
    return title, _person_affiliation(source, head.text, found)


# People nouns that make a collective actor with a name-like modifier ("Tamil rebels",
# "Kurdish farmers", "rebels in Kivu", "students at Ankara University").
_PEOPLE = _words(
    "rebels militants insurgents guerrillas guerillas fighters militia militiamen soldiers "
    "troops forces police policemen officers officials authorities leaders diplomats "
    "negotiators protesters demonstrators students workers farmers settlers refugees "
    "residents villagers activists hackers fundamentalists extremists separatists "
    "nationalists loyalists groups parties opposition government administration army navy "
    "community communities minority civilians prisoners detainees journalists lawmakers "
    "deputies delegates commanders clerics monks people crowds crowd "
    # an organisation's head noun: "the Umma party", "the Harvest movement"
    "party movement front alliance coalition faction group"
)


def _proper_word(word: str) -> bool:
    """A capitalised word that is no common English word ("Tamil", "Muslim", "Uyghur", but
    not "Angry" or "Armed"): a name-like modifier even as a sentence's first word.
    lemminflect's dictionary holds the common vocabulary and no proper adjectives."""
    return word[:1].isupper() and not getAllLemmas(word.lower())


def _collectives(text: str, doc: Doc, found: _Found) -> None:
    """Collective actors (PLOVER's sectors of a population): a people noun with a proper
    modifier that names no known actor ("Kurdish farmers", "Tamil fishermen"), or with
    a place after it ("rebels in Kivu", "government of Punjab province").  And places the
    model names that the dictionary does not know ("Samarra", "Gaza Strip")."""
    taken = sorted((c.start, c.end) for c in found.cands)

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    for tok in doc:
        if tok.lower_ not in _PEOPLE or tok.pos_ != "NOUN":
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod:desc")
                and c.text[:1].isupper()
                and (not c.is_sent_start or c.pos_ == "PROPN" or _proper_word(c.text))]
        place = [c for c in tok.rights if c.dep_.startswith("nmod") and c.pos_ == "PROPN"
                 and any(k.dep_ == "case" and k.lower_ in ("in", "of", "at", "from")
                         for k in c.children)]
        if mods:
            first = min(mods, key=lambda t: t.i)
            start, end = first.idx, tok.idx + len(tok.text)
        elif place:
            start = tok.idx
            last = max(place[0].subtree, key=lambda t: t.i)
            end = last.idx + len(last.text)
        else:
            continue
        if not free(start, end) or any(
            found.by_start.get(t.idx) for t in doc[tok.i : tok.i + 1]
        ):
            continue
        inner = [c for c in found.cands if start <= c.start and c.end <= end]
        if mods and inner:
            continue  # "Turkish police": the country's mention says who
        name = text[start:end]
        country = found.country_in(start, end)
        info = found.infos.get(name) or ActorInfo(name, "group", country)
        found.infos.setdefault(name, info)
        found.add(start, end, info, 1)
        taken.append((start, end))
    people_words = {
        w for info in found.infos.values() if info.kind == "person" for w in info.name.split()
    }
    for ent in doc.ents:
        if ent.label_ != "LOC" or not all(t.text[:1].isupper() for t in ent if t.is_alpha):
            continue
        words = [t for t in ent if not t.is_punct and t.tag_ != "POS"]
        if not words or any(t.pos_ != "PROPN" for t in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = text[start:end]
        if not free(start, end) or found.gaz.is_listed(name) or found.gaz.thing(name):
            continue
        if _looks_like_outlet(text, start, end, name) or any(
            t.text in _CALENDAR or _is_head(t.text) for t in words
        ):
            continue  # a weekday or a title ("President") is not a place
        if name in people_words:
            continue  # "ONP's Vogt" is Lena Vogt, whatever the model thought
        info = found.infos.get(name) or ActorInfo(name, "place", found.dominant)
        found.infos.setdefault(name, info)
        found.add(start, end, info, 1)
        taken.append((start, end))


# Words that name an organisation's legal form or trade, not the organisation: "Huawei
# Technologies Company" and "Huawei" are one actor, as are "ZTE Corporation" and "ZTE".
_CORPORATE_WORDS = _words(
    "Corp. Corp Corporation Inc. Inc Incorporated Ltd Ltd. Limited LLC PLC plc Co. Co Company "
    "Group Holding Holdings Technologies Technology AG SA GmbH"
)


def _merge_variants(found: _Found) -> None:
    """One organisation, one actor: a name that is another's plus legal or trade words, or
    "the" + a name, becomes an alias of the shorter one."""
    names = {n for n, info in found.infos.items() if info.kind != "person"}
    into: dict[str, str] = {}
    for name in names:
        words = name.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        while len(words) > 1 and words[-1] in _CORPORATE_WORDS:
            words = words[:-1]
        core = " ".join(words)
        if core != name and (core in names or found.gaz.actor(core) is not None):
            into[name] = core
    for long, short in into.items():
        info = found.infos.pop(long)
        if short in found.infos:
            kept = found.infos[short]
            found.infos[short] = replace(
                kept, aliases=tuple(dict.fromkeys((*kept.aliases, long, *info.aliases)))
            )
    for cand in found.cands:
        if cand.actor in into:
            cand.actor = into[cand.actor]


# --- passes 4 and 5: later references, anaphors -------------------------------------------


def _references(text: str, found: _Found) -> None:
    """Full names, surnames and acronyms of what the text introduced, wherever they recur."""
    forms: dict[str, str | None] = {}
    for info in found.infos.values():
        for form in (info.name, *info.aliases):
            if len(form) < 2 or found.gaz.is_actor_alias(form):
                continue
            if forms.get(form, info.name) != info.name:
                forms[form] = None  # two people share a surname: leave it alone
            else:
                forms[form] = info.name
    forms = {form: name for form, name in forms.items() if name}
    firsts = {f: n for f, n in _first_names(found).items() if f not in forms}
    forms.update(firsts)
    if not forms:
        return
    pattern = re.compile(rf"(?<![^\W_])(?:{trie_pattern(forms)})(?![^\W_])")
    for m in pattern.finditer(text):
        if m.group(0) in firsts and not _LOWER_NEXT.match(text, m.end()):
            continue  # "Steve Ballmer" is not Steve Jobs
        found.add(m.start(), m.end(), found.infos[forms[m.group(0)]], 2)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping mentions: leftmost first, then longest, then by pass rank."""
    chosen: list[_Cand] = []
    end = -1
    for cand in sorted(cands, key=lambda c: (c.start, c.start - c.end, c.rank)):
        if cand.start >= end:
            chosen.append(cand)
            end = cand.end
    return chosen


def _anaphors(text: str, chosen: list[_Cand], gazetteer: Gazetteer) -> list[_Cand]:
    """ "the alliance" → NATO, only after NATO itself has been named."""
    if not gazetteer.anaphors:
        return []
    forms = {
        p: a for phrase, a in gazetteer.anaphors.items() for p in (phrase, phrase.capitalize())
    }
    pattern = re.compile(rf"(?<![^\W_])(?:{trie_pattern(forms)})(?![^\W_])")
    firsts: dict[str, int] = {}
    for cand in chosen:
        firsts.setdefault(cand.actor, cand.start)
    starts = [c.start for c in chosen]
    out = []
    for m in pattern.finditer(text):
        actor = forms[m.group(0)]
        if firsts.get(actor, len(text)) < m.start() and not _overlaps(chosen, starts, m):
            out.append(_Cand(m.start(), m.end(), actor, 3))
    return out


def _overlaps(chosen: list[_Cand], starts: list[int], m: re.Match[str]) -> bool:
    """Whether the match overlaps a chosen mention (which are sorted and disjoint)."""
    i = bisect_left(starts, m.end())
    return i > 0 and chosen[i - 1].end > m.start()


def _inside(spans: list[Hit], starts: list[int], hit: Hit) -> bool:
    """Whether ``hit`` lies inside one of ``spans`` (sorted, disjoint)."""
    i = bisect_right(starts, hit.start)
    return i > 0 and spans[i - 1].end >= hit.end


def find_actors(
    text: str, sentences: list[Span], gazetteer: Gazetteer, doc: Doc | None = None
) -> tuple[list[ActorMention], dict[str, ActorInfo]]:
    """Actor mentions in ``text`` (sorted, non-overlapping) and every actor mentioned.

    ``sentences`` is accepted for the pipeline's uniform signature; sentence starts are
    recognised from local punctuation, so a rough split does not change the result.  ``doc``
    (the parse of ``text``) adds the names the trained model finds (pass 3b).
    """
    del sentences  # see the docstring
    things = gazetteer.match_things(text)
    thing_starts = [t.start for t in things]
    hits = [
        h for h in gazetteer.match_actors(text) if not (h.weak and _inside(things, thing_starts, h))
    ]
    found = _Found(gazetteer, dominant_country(hits, gazetteer))
    found.hits, found.hit_starts = hits, [h.start for h in hits]
    found.stops = frozenset(found.hit_starts)
    for hit in hits:
        found.add(hit.start, hit.end, gazetteer.actor(hit.name), 0)  # type: ignore[arg-type]
    toks = _tokens(text)
    _find_orgs(text, toks, found)
    _titled_people(text, toks, found)
    _appositive_people(text, toks, found)
    _speaking_people(text, toks, found)
    if doc is not None:
        _model_names(text, doc, found)
        _collectives(text, doc, found)
    _merge_people(found)
    _merge_variants(found)
    _references(text, found)
    chosen = _select(found.cands)
    chosen = sorted(chosen + _anaphors(text, chosen, gazetteer), key=lambda c: c.start)
    mentions: list[ActorMention] = []
    actors: dict[str, ActorInfo] = {}
    for cand in chosen:
        info = found.info(cand.actor)
        if info is None:
            continue
        mentions.append(
            ActorMention(cand.start, cand.end, text[cand.start : cand.end], info.name, info.kind)
        )
        actors[info.name] = info
    return mentions, actors
