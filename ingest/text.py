"""Paragraph and sentence spans of English news text, with exact offsets, in linear time.

A paragraph is a line: news files usually put one paragraph per line or separate paragraphs by
blank lines.  One exception: a line that ends without closing punctuation and whose next line
starts in lowercase (or is indented, as a wrapped list item's is) was hard-wrapped, so the two
lines are one paragraph.

Inside a paragraph a sentence ends at . ! ? or … (plus any closing quotes or brackets) that is
followed by whitespace and then an uppercase letter, a digit or an opening quote/bracket, or at
the end of the paragraph.  Two more rules:

* Glued sentences: "inventory.Turkey" (a lowercase word of two or more letters, a period, then
  an uppercase letter followed by lowercase) is a boundary, a common copy-paste artefact.
  "U.S.", "S-400s.", "e.g." and domain names do not match it.
* Quotes stay whole: no sentence ends inside a double-quoted passage ("… for us. We addressed
  the issue …," Demir told …) so the quote and its speaker stay in one span.  A quote that is
  not closed within its paragraph (multi-paragraph quotes) is ignored.
* Abbreviations: titles ("Mr.", "Gen."), months ("Feb."), "No.", "vs." never end a sentence.
  Abbreviations that can also close a sentence ("U.S.", "Corp.", "a.m.", initials such as "J.")
  end one only when the next word is a common sentence starter ("The", "But", "He" ...).  So
  "in the U.S. The deal" splits but "to the U.S. Turkey said" does not: telling a sentence
  that starts with a proper name from a name after an abbreviation needs a parser.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ingest.records import Span


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Never end a sentence: they introduce the next word.  Case-sensitive ("He said no. Then").
_TITLES_AND_PREFIXES = _words(
    """Mr Mrs Ms Messrs Dr Prof Gen Lt Col Maj Capt Cmdr Adm Sgt Cpl Pvt Sen Sens Rep Reps Gov
    Pres Amb Rev Fr Hon Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Fig Dept Mt Ft
    vs v cf approx ca"""
)
# May end a sentence (only before a common sentence starter).
_FINAL_ABBREVIATIONS = _words(
    """u.s u.k u.n u.s.a e.u u.a.e d.c a.m p.m e.g i.e etc inc corp ltd co llc plc bros st
    ave blvd rd jr sr"""
)  # compared in lowercase
_SENTENCE_STARTERS = _words(
    """The A An In On At As But And Or So Yet For If When While After Before Since Although
    Though However Meanwhile Moreover Also Then Now Still Earlier Later Last Next This That
    These Those There Here It Its He She They We I You His Her Their Our My Your Some Many Most
    Both Each Such Other Another What Why How Who Where Which According Asked Under During
    Despite Without With By From To Officials One No Not"""
)

_OPENERS = "\"'“‘([«"
_CLOSERS = "\"'”’)]»"
# Terminal punctuation, then closers; group "after" is what follows.  The lookbehind and the
# possessive quantifiers keep a long run of "....." linear instead of quadratic.
_TERMINAL = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]»]*+(?=(?P<after>\s+|$))")
_GLUED = re.compile(r"(?<![A-Za-z])[a-z]{2,}[.!?][\"”’)]*(?=[A-Z][a-z])")
_LINE = re.compile(r"[^\n]+")
# How far back to look for the word before a period (keeps the scan linear).
_MAX_TOKEN = 24


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans (stripped of surrounding whitespace), in order."""
    spans: list[Span] = []
    for match in _LINE.finditer(text):
        span = _strip(text, match.start(), match.end())
        if span is None:
            continue
        if spans and _is_wrapped(text, spans[-1], span, span.start > match.start()):
            spans[-1] = Span(spans[-1].start, span.end)
        else:
            spans.append(span)
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (stripped of surrounding whitespace), in order, non-overlapping."""
    sentences: list[Span] = []
    for para in paragraphs(text):
        start = para.start
        for end in _boundaries(text, para):
            span = _strip(text, start, end)
            if span is not None:
                sentences.append(span)
            start = end
        span = _strip(text, start, para.end)
        if span is not None:
            sentences.append(span)
    return sentences


def sentence_index(sentences: list[Span], offset: int) -> int:
    """Index of the sentence containing ``offset``, or -1 when it is between sentences."""
    i = bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if i >= 0 and offset < sentences[i].end:
        return i
    return -1


# ----------------------------------------------------------------------------------------------


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


_LIST_MARKER = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s")


def _is_wrapped(text: str, previous: Span, current: Span, indented: bool = False) -> bool:
    """A hard-wrapped line: the previous one does not end a sentence, this one goes on in
    lowercase (or is indented under it, as a wrapped Markdown list item is, and is not a list
    item itself), and only a single newline separates them."""
    if text.count("\n", previous.end, current.start) != 1:
        return False
    last, first = text[previous.end - 1], text[current.start]
    if last in ".!?…:;" + _CLOSERS:
        return False
    return first.islower() or (indented and not _LIST_MARKER.match(text, current.start))


def _boundaries(text: str, para: Span) -> list[int]:
    """Offsets inside ``para`` where a sentence ends (just after its punctuation)."""
    ends: set[int] = set()
    for match in _TERMINAL.finditer(text, para.start, para.end):
        after = match.end() + len(match.group("after"))
        if after >= para.end:
            continue  # the paragraph end closes the sentence anyway
        if _starts_sentence(text, after) and not _abbreviation_blocks(text, match, after):
            ends.add(match.end())
    for match in _GLUED.finditer(text, para.start, para.end):
        if not _is_abbreviation_token(text, match.start(), match.end()):
            ends.add(match.end())
    return _outside_quotes(sorted(ends), _quote_regions(text, para))


def _quote_regions(text: str, para: Span) -> list[tuple[int, int]]:
    """Closed double-quoted passages in ``para`` as (start, end) offsets, in order."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(para.start, para.end):
        ch = text[i]
        if ch == "“" or (ch == '"' and opened is None):
            opened = i
        elif ch in '”"' and opened is not None:
            regions.append((opened, i + 1))
            opened = None
    return regions


def _outside_quotes(ends: list[int], regions: list[tuple[int, int]]) -> list[int]:
    """The sorted ``ends`` that are not strictly inside one of the sorted ``regions``."""
    kept: list[int] = []
    r = 0
    for end in ends:
        while r < len(regions) and regions[r][1] <= end:
            r += 1
        if r < len(regions) and regions[r][0] < end < regions[r][1]:
            continue
        kept.append(end)
    return kept


def _starts_sentence(text: str, i: int) -> bool:
    ch = text[i]
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _abbreviation_blocks(text: str, match: re.Match[str], after: int) -> bool:
    """True when the period of ``match`` belongs to an abbreviation that does not end the
    sentence here."""
    punct = match.group()
    if not punct.startswith(".") or punct.startswith(".."):
        return False  # ! ? and ellipses are never abbreviations
    token = _token_before(text, match.start())
    if not token:
        return False
    if token in _TITLES_AND_PREFIXES:
        return True
    final = token.lower() in _FINAL_ABBREVIATIONS or _is_initials(token)
    return final and _next_word(text, after) not in _SENTENCE_STARTERS


def _token_before(text: str, period: int) -> str:
    """The word before the period at ``period``, internal periods included ("U.S" for
    "U.S."), without leading opening punctuation."""
    start = period
    limit = max(0, period - _MAX_TOKEN)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    return text[start:period].lstrip(_OPENERS + "-—–")


def _is_initials(token: str) -> bool:
    """A single initial ("J" in "J. Smith") or dotted initials ("A.B" in "A.B. Jones")."""
    parts = token.split(".")
    return all(len(p) == 1 and p.isalpha() for p in parts)


def _is_abbreviation_token(text: str, start: int, end: int) -> bool:
    word = text[start:end].rstrip(_CLOSERS).rstrip(".!?")
    return word in _TITLES_AND_PREFIXES or word.lower() in _FINAL_ABBREVIATIONS


def _next_word(text: str, i: int) -> str:
    while i < len(text) and text[i] in _OPENERS:
        i += 1
    end = i
    while end < len(text) and end - i < 40 and (text[end].isalpha() or text[end] == "'"):
        end += 1
    return text[i:end]
