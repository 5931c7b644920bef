"""Events: who did or said what, when, from the sentences of one article.

Rules, no model.  A sentence is analysed once (`analyse`): tokens, lexicon verbs, quotes,
actors, things, the speaker of a quote.  Stances (`ingest.stances`) reuse that analysis.

Dating rules (the important ones, because a wrong date is worse than none):
* a DATE/TIME timex dates the verb it attaches to ("removed ... in 2019", "said Sunday",
  "In 2017, ... signed"); DURATION/SET and PRESENT_REF ("now") never date an event;
* a content verb reported by a dated speech act takes the speech date ("Ankara refused the
  proposal, the top diplomat said Sunday");
* "over the recent week" dates the reported event as the range [dct-7d, dct] when dct is known;
* a past/perfect speech act without a date ("Turkey has rejected the idea") takes the date of a
  dated speech act in the NEXT sentence when that sentence's speaker is the same actor (or a
  person affiliated with it): news ledes are routinely dated by the following attribution;
* anything else stays undated: the publication date is never used as an event date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest import lexicon as lx
from ingest.records import (
    ROLES,
    ActorInfo,
    ActorMention,
    DateSpan,
    Event,
    EventActor,
    Span,
    ThingMention,
    Timex,
)

MAX_SENTENCE = 5000  # longer "sentences" are tables or junk: skipped, not parsed
SUMMARY_LEN = 120

_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_QUOTE_CHARS = '"“”'
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "my", "your"]
)
_VERB_LEAD = lx.AUX | frozenset(
    ["to", "he", "she", "they", "we", "i", "it", "who", "which", "that", "and", "not", "n't"]
)
_NON_DATES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
_CLAUSE_STOP = frozenset({";", ":", "but", "—"})
_RECENT_RE = re.compile(
    r"\b(?:over|in|during|within|for)\s+(?:the\s+)?(?:recent|past|last)\s+"
    r"(?:(?P<n>\d+|two|three|few|several|couple\s+of)\s+)?(?P<unit>days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_NUMBERS = {"two": 2, "three": 3, "few": 2, "several": 3, "couple of": 2}


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is 3x slower, per token
class Token:
    start: int
    end: int
    low: str
    quoted: bool
    capital: bool = False  # starts with a capital letter ("United" in "United States")


@dataclass(frozen=True, slots=True)
class VerbHit:
    index: int  # token index in the sentence
    lemma: str
    form: str  # "past" | "pres" | "base" | "ing"
    infinitive: bool  # "to send"
    relative: bool  # "the invasion that began"
    quoted: bool

    @property
    def reporting(self) -> bool:
        return self.lemma in lx.REPORTING

    @property
    def event_type(self) -> str:
        return lx.VERB_TYPES.get(self.lemma, "other")


@dataclass(slots=True)
class SentenceInfo:
    """One sentence, analysed once for events and stances."""

    index: int
    span: Span
    tokens: list[Token]
    hits: list[VerbHit]
    mentions: list[ActorMention]
    things: list[str]  # thing names, explicit or resolved from "the system"
    thing_mentions: list[ThingMention]
    timexes: list[Timex]
    speaker: str | None = None  # who the sentence's quote/report is attributed to
    subject: str | None = None  # subject of the main verb
    main: VerbHit | None = None
    skipped: bool = False
    extra: dict[str, str] = field(default_factory=dict)


# --- tokens, verbs, quotes --------------------------------------------------------------------


def _quote_ranges(text: str, span: Span) -> list[tuple[int, int]]:
    """Character ranges inside double quotes (straight quotes paired in order)."""
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(span.start, span.end):
        ch = text[i]
        if ch not in _QUOTE_CHARS:
            continue
        if opened is None and ch != "”":
            opened = i
        elif opened is not None and ch != "“":
            ranges.append((opened, i + 1))
            opened = None
    if opened is not None:  # an unclosed quote runs to the sentence end
        ranges.append((opened, span.end))
    return ranges


def tokenize(text: str, span: Span) -> list[Token]:
    quotes = _quote_ranges(text, span)  # sorted, disjoint: one pointer walks them
    tokens = []
    q = 0
    for m in _TOKEN_RE.finditer(text, span.start, span.end):
        s, e = m.start(), m.end()
        while q < len(quotes) and quotes[q][1] <= e:
            q += 1
        quoted = q < len(quotes) and quotes[q][0] < s and e < quotes[q][1]
        word = m.group()
        tokens.append(Token(s, e, word.lower(), quoted, word[0].isupper()))
    return tokens


def _form(low: str, lemma: str) -> str:
    if low == lemma:
        return "base"
    if low.endswith("ing"):
        return "ing"
    if low.endswith("s") and not low.endswith(("ed", "ss")):
        return "pres"
    return "past"


def _prev_word(tokens: list[Token], i: int) -> Token | None:
    return tokens[i - 1] if i > 0 else None


def _ends_mention(tok: Token, mentions: list[ActorMention] | list[ThingMention]) -> bool:
    return any(m.start <= tok.start and tok.end <= m.end for m in mentions)


# A nationality adjective ("American press reports", "Turkish officials say" has its verb
# after the noun): a base form right after it is a noun, not a verb.
_ADJECTIVE = re.compile(r"(?:an|ish|ese|ic|i)$")


def _is_adjective(tok: Token, mentions: list[ActorMention]) -> bool:
    m = _mention_at(tok, mentions)
    return m is not None and m.text != m.actor and bool(_ADJECTIVE.search(tok.low))


def find_verbs(
    text: str, tokens: list[Token], mentions: list[ActorMention], names: list[ThingMention]
) -> list[VerbHit]:
    hits = []
    for i, tok in enumerate(tokens):
        lemma = lx.VERB_FORMS.get(tok.low)
        if lemma is None or _ends_mention(tok, mentions) or _ends_mention(tok, names):
            continue  # "United States" is not "states"
        form = _form(tok.low, lemma)
        prev = _prev_word(tokens, i)
        prev_low = prev.low if prev else ""
        if prev_low in _DETERMINERS or prev_low.endswith(("'s", "’s")):
            continue  # "the request", "Turkey's purchase": nouns and adjectives
        noun_after_adjective = prev is not None and _is_adjective(prev, mentions)
        if noun_after_adjective or (
            form in ("base", "pres")
            and not (
                prev_low in _VERB_LEAD
                or prev_low.endswith(("n't", "n’t"))
                or (prev and _ends_mention(prev, mentions))
                or (prev and text[prev.start].isupper() and prev.low not in ("the", "a"))
            )
        ):
            continue  # "U.S. sanctions", "talks", "American press" as nouns
        next_low = tokens[i + 1].low if i + 1 < len(tokens) else ""
        if i == 0 and form == "past" and next_low in ("about", "if", "whether"):
            continue  # "Asked about X, he said": a participle, not an act
        j = i - 1
        while j >= 0 and tokens[j].low in lx.AUX:
            j -= 1
        relative = (
            j >= 1
            and tokens[j].low in ("that", "which", "who")
            and tokens[j - 1].low not in lx.VERB_FORMS
            and tokens[j - 1].low.isalpha()
        )
        hits.append(VerbHit(i, lemma, form, prev_low == "to", relative, tok.quoted))
    return hits


def tense_of(tokens: list[Token], hit: VerbHit) -> str:
    """ "present" | "past" | "modal" from the verb's form and the auxiliaries before it.

    "is launching", "has rejected", "says", "is slated" are about the time of reporting;
    "had ordered", "was removed", "said" are past; "will offer", "could be" are neither."""
    j = hit.index - 1
    while j >= 0 and tokens[j].low in lx.AUX | lx.MODAL_AUX | lx.PRESENT_AUX:
        low = tokens[j].low
        if low in lx.MODAL_AUX:
            return "modal"
        if low in lx.PAST_AUX:
            return "past"
        if low in lx.PRESENT_AUX:
            return "present"
        j -= 1
    if hit.infinitive:
        return "modal"
    if hit.form == "pres":
        return "present"
    if hit.form == "base":  # "we want", "they say" (an infinitive was excluded above)
        return "present"
    return "past" if hit.form == "past" else "modal"


def _finite(hit: VerbHit) -> bool:
    return not hit.infinitive and not hit.relative and hit.form != "ing"


def choose_main(
    hits: list[VerbHit], tokens: list[Token] | None = None, speaker: str | None = None
) -> VerbHit | None:
    """The act a sentence reports: the first finite content verb, else the reporting verb.

    A speech act that opens the sentence and takes a clause ("Jobs said that his company
    sold …", "Demir also said Turkey does not plan …") is the act itself: what it reports
    is an embedded claim, not news of its own.  Only a known speaker's: "Reports floated
    that the US raised …" is news of what the US did."""
    if tokens is not None and speaker is not None:
        for hit in hits:
            if not _finite(hit) or hit.quoted:
                continue
            if hit.reporting and hit.index > 0 and tokens[hit.index - 1].low not in (",", '"'):
                return hit
            break
    for pick in (
        lambda h: _finite(h) and not h.reporting,
        lambda h: _finite(h) and h.reporting,
        lambda h: not h.infinitive,
        lambda h: True,
    ):
        for hit in hits:
            if pick(hit):
                return hit
    return None


# --- actors: subjects, speakers, pronouns ----------------------------------------------------


def _mention_at(tok: Token, mentions: list[ActorMention]) -> ActorMention | None:
    for m in mentions:
        if m.start <= tok.start and tok.end <= m.end:
            return m
    return None


@dataclass(slots=True)
class Discourse:
    """What earlier sentences established: the last person who spoke or acted."""

    last_person: str | None = None


def find_subject(info: SentenceInfo, index: int, discourse: Discourse, text: str) -> str | None:
    """The actor that is the subject of the verb at token `index` (scanning leftwards)."""
    tokens = info.tokens
    for j in range(index - 1, max(-1, index - 40), -1):
        tok = tokens[j]
        if tok.low in _CLAUSE_STOP or (
            tok.low == "that" and j < index - 1 and j > 0 and tokens[j - 1].low in lx.VERB_FORMS
        ):
            return None
        mention = _mention_at(tok, info.mentions)
        if mention is not None:
            return _appositive_person(info, mention) or mention.actor
        if tok.low in lx.PRONOUNS_PERSON:
            return discourse.last_person
        if tok.low in ("we", "i") and tok.quoted:
            return info.speaker or discourse.last_person
        if tok.low in ("they", "it", "we", "i"):
            return None  # an unresolved pronoun subject: better no actor than a wrong one
        if tok.low in lx.PERSON_NOUNS:
            # "the top official said": someone already introduced; "the country's top
            # diplomat" (not yet named) resolves to nobody rather than to the country
            return discourse.last_person if _definite_before(tokens, j) else None
    return None


def _definite_before(tokens: list[Token], j: int) -> bool:
    """ "the (top) official": a definite description of a person already introduced."""
    return any(tokens[k].low == "the" for k in range(max(0, j - 3), j)) and not any(
        tokens[k].low in ("'s", "’s", "country's", "country’s") for k in range(max(0, j - 3), j)
    )


def _appositive_person(info: SentenceInfo, found: ActorMention) -> str | None:
    """ "Ismail Demir, head of SSB, said": the person before the apposition is the subject."""
    if found.kind == "person":
        return None
    for m in info.mentions:
        if m.kind == "person" and m.end < found.start:
            between = [t for t in info.tokens if m.end <= t.start < found.start]
            if between and between[0].low == "," and len(between) <= 8:
                return m.actor
    return None


def speaker_of(info: SentenceInfo, hit: VerbHit, discourse: Discourse, text: str) -> str | None:
    """Who a reporting verb attributes: "said Altun", "he said", "Altun said"."""
    nxt = hit.index + 1
    if nxt < len(info.tokens):
        mention = _mention_at(info.tokens[nxt], info.mentions)
        if mention is not None and mention.kind == "person":
            return mention.actor
        if info.tokens[nxt].low in lx.PRONOUNS_PERSON:
            return discourse.last_person
    return find_subject(info, hit.index, discourse, text)


def _sentence_speaker(info: SentenceInfo, discourse: Discourse, text: str) -> str | None:
    for hit in info.hits:
        if hit.reporting and not hit.quoted and not hit.infinitive:
            who = speaker_of(info, hit, discourse, text)
            if who:
                return who
    return None


# --- things --------------------------------------------------------------------------------


def _resolve_things(infos: list[SentenceInfo], i: int) -> list[str]:
    """Things of sentence i; "the system"/"its jets" borrow the nearest thing mentioned."""
    info = infos[i]
    names = list(dict.fromkeys(t.thing for t in info.thing_mentions))
    if names:
        return names
    lows = [t.low for t in info.tokens]
    heads = [
        low
        for k, low in enumerate(lows)
        if low in lx.THING_HEADS and any(w in _DETERMINERS for w in lows[max(0, k - 4) : k])
    ]
    if not heads:
        return []
    order = [k for k in (*range(i - 1, max(-1, i - 4), -1), i + 1) if 0 <= k < len(infos)]
    for k in order:  # a thing named with the same head: "the system" <- "S-400 ... system"
        for t in infos[k].thing_mentions:
            if any(h.rstrip("s") in _after(infos[k], t) for h in heads):
                return [t.thing]
    for k in order:
        if infos[k].thing_mentions:
            return [infos[k].thing_mentions[-1 if k < i else 0].thing]
    return []


def _after(info: SentenceInfo, thing: ThingMention) -> str:
    """The thing's own words and the four words after it, lowercased."""
    words = [t.low for t in info.tokens if t.start >= thing.start][:6]
    return " ".join(words)


def analyse(
    text: str,
    sentences: list[Span],
    timexes: list[Timex],
    mentions: list[ActorMention],
    things: list[ThingMention],
) -> list[SentenceInfo]:
    """Tokenise every sentence and find its verbs, speaker, subject and things."""
    infos: list[SentenceInfo] = []
    by_start = [sorted(xs, key=lambda x: x.start) for xs in (mentions, things, timexes)]
    starts = [[x.start for x in xs] for xs in by_start]

    def within(k: int, span: Span) -> list:  # bisect: linear in the article, not quadratic
        xs, lo = by_start[k], bisect_left(starts[k], span.start)
        hi = bisect_left(starts[k], span.end, lo)
        return [x for x in xs[lo:hi] if x.end <= span.end]

    for i, span in enumerate(sentences):
        sent_mentions, sent_things, sent_timexes = (within(k, span) for k in range(3))
        if span.end - span.start > MAX_SENTENCE:
            infos.append(SentenceInfo(i, span, [], [], [], [], [], [], skipped=True))
            continue
        tokens = tokenize(text, span)
        hits = find_verbs(text, tokens, sent_mentions, sent_things)
        infos.append(
            SentenceInfo(i, span, tokens, hits, sent_mentions, [], sent_things, sent_timexes)
        )
    discourse = Discourse()
    kinds = {m.actor: m.kind for m in mentions}
    for i, info in enumerate(infos):
        info.things = _resolve_things(infos, i)
        if info.skipped:
            continue
        info.speaker = _sentence_speaker(info, discourse, text)
        info.main = choose_main(info.hits, info.tokens, info.speaker)
        if info.main is not None:
            info.subject = find_subject(info, info.main.index, discourse, text)
        remember_person(discourse, info, kinds)
    return infos


def remember_person(discourse: Discourse, info: SentenceInfo, kinds: dict[str, str]) -> None:
    """After a sentence: the person who spoke or acted in it is whom "he"/"she" will mean."""
    first_verb = info.tokens[info.hits[0].index].start if info.hits else info.span.end
    leading = [m.actor for m in info.mentions if m.kind == "person" and m.end <= first_verb]
    for who in (info.speaker, info.subject, *leading[:1]):
        if who and kinds.get(who) == "person":
            discourse.last_person = who
            return


# --- dates ---------------------------------------------------------------------------------


def precision_of(value: str) -> str:
    if "T" in value:
        return "minute" if value.count(":") else "hour"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}", value):
        return "week"
    if re.fullmatch(r"[\dX]{4}-Q\d", value):
        return "quarter"
    if re.fullmatch(r"[\dX]{4}-H\d", value):
        return "half"
    if re.fullmatch(r"[\dX]{4}-(SP|SU|FA|WI)", value):
        return "season"
    parts = value.split("-")
    if len(parts) >= 3:
        return "day"
    if len(parts) == 2:
        return "month"
    return {4: "year", 3: "decade", 2: "century"}.get(len(value), "day")


def timex_date(tx: Timex) -> DateSpan:
    if tx.date is not None:
        return tx.date
    return DateSpan(tx.value, None, None, precision_of(tx.value), note="not placed on the calendar")


def _is_dating(tx: Timex) -> bool:
    return tx.type in ("DATE", "TIME") and tx.value not in _NON_DATES and bool(tx.value)


def _token_index(tokens: list[Token], offset: int) -> int:
    for k, tok in enumerate(tokens):
        if tok.end > offset:
            return k
    return len(tokens)


_FRONTING = frozenset(["in", "on", "at", "during", "after", "before", "since"])


def _in_fronted_phrase(tokens: list[Token], hits: list[VerbHit], first: int) -> bool:
    """The timex sits in a sentence-opening prepositional phrase closed by a comma, before
    any verb: "In a July 16 press conference, Jobs said …"."""
    if not tokens or tokens[0].low not in _FRONTING or hits[0].index < first:
        return False
    return any(tokens[k].low == "," for k in range(first, min(hits[0].index, first + 12)))


_SUBORDINATORS = frozenset([";", "that", "which", "who", "when", "while", "because", "as"])


def _starts_clause(tok: Token) -> bool:
    """A token after which a verb's adverbials no longer reach: a subordinator, or another
    (non-lexicon) past verb ("claims that X violates an agreement reached in 1991")."""
    low = tok.low
    return low in _SUBORDINATORS or (
        low.endswith("ed")
        and low.isalpha()
        and len(low) > 4
        and low not in lx.VERB_FORMS
        and not tok.capital  # "United States" is a name
    )


def attach_timex(info: SentenceInfo, tx: Timex) -> VerbHit | None:
    """The verb a timex modifies ("said Sunday", "removed ... in 2019", "In 2017, X signed")."""
    tokens, hits = info.tokens, info.hits
    if not hits:
        return None
    first = _token_index(tokens, tx.start)
    last = _token_index(tokens, tx.end - 1)
    if first > 0 and (tokens[first - 1].low in _DETERMINERS or tokens[first - 1].low == "'s"):
        return None  # "the 1991 agreement", "its 2010 conference": a modifier, not a time
    if all(
        t.low
        in (
            "in",
            "on",
            "since",
            "during",
            "by",
            "until",
            "early",
            "late",
            "last",
            "earlier",
            '"',
            "“",
        )
        for t in tokens[:first]
    ):
        return info.main  # a fronted time adverbial modifies the main clause
    if _in_fronted_phrase(tokens, hits, first):
        return info.main  # "In his keynote address Wednesday, Jobs announced"
    by_index = {h.index: h for h in hits}
    back = first - 1
    if back >= 0 and tokens[back].low in ("on", "in", "since"):
        back -= 1
    if back in by_index:
        return by_index[back]
    if back >= 0 and tokens[back].low.endswith("ed") and tokens[back].low.isalpha():
        return None  # "an article published last week": the date belongs to another verb
    k = last + 1
    while k < len(tokens) and k <= last + 3 and tokens[k].low in lx.AUX:
        k += 1
    if k in by_index:
        return by_index[k]
    before = [
        h
        for h in hits
        if h.index < first
        and first - h.index <= 20
        and not any(_starts_clause(t) for t in tokens[h.index + 1 : first])
    ]
    if before:
        return before[-1]
    after = [
        h
        for h in hits
        if h.index > last
        and h.index - last <= 10
        and not any(t.low == "," for t in tokens[last : h.index])
    ]
    return after[0] if after else None


def recent_range(text: str, span: Span, dct: date | None) -> DateSpan | None:
    """ "over the recent week" -> [dct-7d, dct], marked approximate."""
    if dct is None:
        return None
    m = _RECENT_RE.search(text, span.start, span.end)
    if not m:
        return None
    n_text = (m.group("n") or "1").lower()
    n = int(n_text) if n_text.isdigit() else _NUMBERS.get(re.sub(r"\s+", " ", n_text), 1)
    unit = m.group("unit").lower().rstrip("s")
    if unit == "day" and not m.group("n"):
        n = 7  # "the past days": about a week
    days = n * {"day": 1, "week": 7, "month": 31}[unit]
    earliest = dct - timedelta(days=min(days, 366))
    mid = earliest + (dct - earliest) / 2
    iso = mid.isocalendar()
    precision = "week" if days <= 14 else "month"
    return DateSpan(
        f"{iso[0]}-W{iso[1]:02d}",
        earliest,
        dct,
        precision,
        approximate=True,
        note=f"within the {days} days before the publication date",
    )


def _same_side(a: str | None, b: str | None, actors: dict[str, ActorInfo] | None) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if actors is None:
        return False
    return (actors.get(a) is not None and actors[a].affiliation == b) or (
        actors.get(b) is not None and actors[b].affiliation == a
    )


def _next_speech_date(
    text: str,
    infos: list[SentenceInfo],
    i: int,
    subject: str | None,
    actors: dict[str, ActorInfo] | None,
) -> Timex | None:
    """Lede dating: the next sentence is a dated speech act by the same side."""
    if i + 1 >= len(infos) or infos[i + 1].skipped:
        return None
    nxt = infos[i + 1]
    if text.count("\n", infos[i].span.end, nxt.span.start) > 2:
        return None
    if not _same_side(nxt.speaker, subject, actors):
        return None
    for tx in nxt.timexes:
        hit = attach_timex(nxt, tx) if _is_dating(tx) else None
        if hit is not None and hit.reporting and not hit.quoted:
            return tx
    return None


# --- events --------------------------------------------------------------------------------


def _roles(
    info: SentenceInfo, hit: VerbHit, agent: str | None, speaker: str | None
) -> list[EventActor]:
    order = {"agent": 0, "speaker": 1, "patient": 2, "participant": 3}
    best: dict[str, str] = {}

    def put(name: str | None, role: str) -> None:
        if name and (name not in best or order[role] < order[best[name]]):
            best[name] = role

    put(agent, "agent")
    put(speaker, "speaker")
    verb_end = info.tokens[hit.index].end
    after = [m for m in info.mentions if m.start >= verb_end]
    if after and after[0].start - verb_end <= 12:
        put(after[0].actor, "patient")
    for m in info.mentions:
        put(m.actor, "participant")
    return [EventActor(n, r) for n, r in sorted(best.items(), key=lambda kv: order[kv[1]])]


def summarise(text: str, info: SentenceInfo, hit: VerbHit, speaker_hint: str | None = None) -> str:
    """The clause around the verb, without a trailing attribution, cut to ~120 chars."""
    tokens = info.tokens
    quoted_chars = sum(t.end - t.start for t in tokens if t.quoted)
    if hit.reporting and not hit.quoted and quoted_chars * 2 > info.span.end - info.span.start:
        quote = " ".join(text[t.start : t.end] for t in tokens if t.quoted)
        who = speaker_hint or ""
        return _trim(f"{who}: {_detokenize(text, tokens, quote)}" if who else quote)
    start = info.span.start
    for j in range(hit.index - 1, -1, -1):
        if tokens[j].low in (";", "but") and tokens[j].end <= tokens[hit.index].start:
            start = tokens[j].end
            break
    if info.span.end - start > SUMMARY_LEN:  # long: start at the verb's subject
        start = _subject_start(info, hit, start)
    end = info.span.end
    for other in info.hits:
        if other.index > hit.index and other.reporting and not other.quoted and other is not hit:
            commas = [t for t in tokens[hit.index : other.index] if t.low == ","]
            if commas:
                end = commas[-1].start
            break
    for t in tokens[hit.index :]:
        if t.low == ";" and t.start < end:
            end = t.start
            break
    return _trim(text[start:end])


def _subject_start(info: SentenceInfo, hit: VerbHit, start: int) -> int:
    """Where the clause of `hit` starts when its subject is a named actor right before it
    ("…, Apple CEO Steve Jobs has died" → "Steve Jobs has died"); else `start`.  A name
    inside a noun phrase ("The idea of moving … to Ukraine, floated …") or an embedded
    clause ("Reports that the United States had floated …") is not the verb's subject."""
    tokens = info.tokens
    verb_start = tokens[hit.index].start
    before = [m for m in info.mentions if start <= m.start and m.end <= verb_start]
    if not before:
        return start
    m = before[-1]
    between = [t for t in tokens if m.end <= t.start < verb_start]
    if any(t.low not in lx.AUX for t in between):
        return start
    k = next((n for n, t in enumerate(tokens) if t.start >= m.start), 0)
    if k > 0 and tokens[k - 1].low == "the":
        k -= 1
    prev = tokens[k - 1].low if k > 0 else ","
    if tokens[k].start <= start or prev in (",", ";", ":", "—"):
        return max(start, tokens[k].start)
    return start


def _detokenize(text: str, tokens: list[Token], fallback: str) -> str:
    quoted = [t for t in tokens if t.quoted]
    return text[quoted[0].start : quoted[-1].end] if quoted else fallback


def _trim(clause: str) -> str:
    clause = " ".join(clause.split()).strip(' ,;:"“”')
    if clause.endswith(".") and not re.search(r"\b[A-Z]\.$", clause):
        clause = clause[:-1]
    if len(clause) > SUMMARY_LEN:
        cut = clause.rfind(" ", 0, SUMMARY_LEN - 1)
        clause = clause[: cut if cut > 40 else SUMMARY_LEN - 1].rstrip(" ,;") + "…"
    return clause[:1].upper() + clause[1:]


def _event_type(info: SentenceInfo, hit: VerbHit) -> str:
    if hit.lemma in ("begin", "start") and hit.index >= 2:
        noun = info.tokens[hit.index - 2].low
        return "military" if noun in lx.MILITARY_NOUNS else "other"
    if hit.lemma in lx.FORCE_IF_ARMED:  # "launched strikes" but "launched the iPhone"
        near = {t.low for t in info.tokens[hit.index + 1 : hit.index + 5]}
        return "military" if near & lx.ARMED_WORDS else "other"
    return hit.event_type


def _is_candidate(info: SentenceInfo) -> bool:
    if info.skipped or not (info.mentions or info.subject or info.speaker):
        return False  # no actor, named or resolved from "he"/"she": nothing to put on a lane
    if info.tokens and info.tokens[-1].low == "?" and not info.tokens[-1].quoted:
        return False  # an interviewer's or a writer's question reports nothing
    return bool(info.hits) or any(_is_dating(t) for t in info.timexes)


def _main_date(
    text: str,
    infos: list[SentenceInfo],
    i: int,
    attached: dict[int, Timex],
    dct: date | None,
    actors: dict[str, ActorInfo] | None,
) -> tuple[DateSpan | None, Span | None]:
    info = infos[i]
    main = info.main
    if main is not None and main.index in attached:
        tx = attached[main.index]
        if tense_of(info.tokens, main) != "modal":
            info.extra["occasion"] = "main"
        return timex_date(tx), Span(tx.start, tx.end)
    for hit in info.hits:  # the date of the speech act that reports the main verb
        if hit.reporting and not hit.quoted and hit.index in attached:
            tx = attached[hit.index]
            info.extra["occasion"] = "speech"
            return timex_date(tx), Span(tx.start, tx.end)
    ranged = recent_range(text, info.span, dct)
    if ranged is not None:
        return ranged, None
    if main is not None and main.form == "past" and main.event_type in lx.VERBAL_TYPES:
        tx = _next_speech_date(text, infos, i, info.subject, actors)
        if tx is not None:
            return timex_date(tx), Span(tx.start, tx.end)
    return None, None


def _events_for(
    text: str,
    infos: list[SentenceInfo],
    i: int,
    dct: date | None,
    actors: dict[str, ActorInfo] | None,
    discourse: Discourse,
) -> list[Event]:
    info = infos[i]
    attached: dict[int, Timex] = {}
    for tx in info.timexes:
        if _is_dating(tx):
            hit = attach_timex(info, tx)
            if hit is not None:
                attached.setdefault(hit.index, tx)
    main = info.main
    events: list[Event] = []
    if main is None:  # a dated sentence with actors but no lexicon verb
        dated = [t for t in info.timexes if _is_dating(t)]
        summary = " ".join(text[info.span.start : info.span.end].split())[:SUMMARY_LEN]
        events.append(
            Event(
                "",
                summary,
                info.span,
                timex_date(dated[0]),
                "other",
                [
                    EventActor(m, "participant")
                    for m in dict.fromkeys(x.actor for x in info.mentions)
                ],
                list(info.things),
                Span(dated[0].start, dated[0].end),
            )
        )
        return events
    date_, tspan = _main_date(text, infos, i, attached, dct, actors)
    speaker = info.speaker if info.speaker != info.subject else None
    summary = summarise(text, info, main, info.speaker)
    events.append(
        Event(
            "",
            summary,
            info.span,
            date_,
            _event_type(info, main),
            _roles(info, main, info.subject, speaker),
            list(info.things),
            tspan,
        )
    )
    used = {tspan} if tspan else set()
    for hit in info.hits:  # other verbs with their own date: "the invasion that began on Feb. 24"
        tx = attached.get(hit.index)
        if tx is None or hit is main or hit.reporting or hit.infinitive:
            continue
        if Span(tx.start, tx.end) in used:
            continue
        used.add(Span(tx.start, tx.end))
        agent = find_subject(info, hit.index, discourse, text)
        # "Jobs announced that Leopard would be released in 2007": the release is not his act
        teller = (
            {a.name for a in events[0].actors if a.role in ("agent", "speaker")} - {agent}
            if main.event_type in lx.VERBAL_TYPES
            else set()
        )
        events.append(
            Event(
                "",
                summarise(text, info, hit),
                info.span,
                timex_date(tx),
                _event_type(info, hit),
                [a for a in _roles(info, hit, agent, None) if a.name not in teller],
                list(info.things),
                Span(tx.start, tx.end),
            )
        )
    return events


def _carry_speech_date(
    event: Event,
    info: SentenceInfo,
    dated_by: dict[str, Event],
    kinds: dict[str, str],
    is_main: bool,
) -> None:
    """A person's later undated acts and statements share the date of their dated one.

    News states the date once ("Jobs announced on Monday …") and tells the rest of the
    occasion without it ("He also demoed …", "'…,' Çavuşoğlu said").  Only a *person's*
    past acts (or "says") take it: one person's doings in one report come from one occasion,
    while a country's ("Ankara has rejected …") span years.  The source must be dated by the
    text itself (never by the publication date) and not be a modal ("would be released in
    2007" is not the occasion)."""
    main = info.main
    who = next((a.name for a in event.actors if a.role in ("agent", "speaker")), None)
    if (
        event.date is None
        and who in dated_by
        and kinds.get(who) == "person"
        and main is not None
        and main.lemma not in lx.MILESTONES  # "he was fired", "he died": their own time
        and (main.form == "past" or main.reporting)
        and tense_of(info.tokens, main) != "modal"
    ):
        source = dated_by[who]
        assert source.date is not None
        event.date = replace(source.date, note=f"date of {who}'s statement: {source.summary}"[:160])
        event.timex = source.timex
    if (
        event.date is not None
        and event.date.resolved
        and is_main
        and (main is None or "occasion" in info.extra)
    ):
        # the occasion of what this person did or said (a dated sentence without a lexicon
        # verb, "Jobs gave his keynote on June 6", counts for every person it names)
        roles = ("agent", "speaker") if main is not None else ROLES
        for actor in event.actors:
            if kinds.get(actor.name) == "person" and actor.role in roles:
                dated_by[actor.name] = event


_INDEFINITE_TIME = frozenset(
    ["before", "previously", "repeatedly", "ever", "never", "often", "always", "usually"]
)


_CONDITIONAL = frozenset(["would", "could", "might", "may", "should"])


def _hypothetical(info: SentenceInfo) -> bool:
    """An undated main verb under "would/could/might": a possibility, not an event.  Not
    when a speech act reports it ("X said it would …": the saying is the event)."""
    main = info.main
    if main is None or main.reporting or any(h.reporting and not h.quoted for h in info.hits):
        return False
    aux = info.tokens[max(0, main.index - 3) : main.index]
    return any(t.low in _CONDITIONAL for t in aux)


def reporting_date(info: SentenceInfo, dct: date | None) -> DateSpan | None:
    """The publication date for what a news report states as current: a main verb in the
    present ("Apple is launching", "Turkey has rejected", "X says") or an undated speech act
    ("X said", the report's own attribution).  Reported past actions ("Washington proposed")
    get nothing: their time is unknown, not the day of publication."""
    main = info.main
    if dct is None or main is None:
        return None
    tense = tense_of(info.tokens, main)
    if tense == "present" and any(t.low in _INDEFINITE_TIME for t in info.tokens):
        return None  # "has rejected the idea before", "has repeatedly said": no one time
    if tense == "present":
        why = "reporting date: stated in the present tense"
    elif tense == "past" and main.reporting and not main.quoted and main.form == "past":
        why = "reporting date: attributed without a date"
    else:
        return None
    return DateSpan(dct.isoformat(), dct, dct, "day", approximate=True, note=why)


def find_events(
    text: str,
    sentences: list[Span],
    timexes: list[Timex],
    mentions: list[ActorMention],
    things: list[ThingMention],
    dct: date | None,
    actors: dict[str, ActorInfo] | None = None,
    infos: list[SentenceInfo] | None = None,
) -> list[Event]:
    """Events in text order with ids e1, e2, ...  `actors` (optional) lets the lede-dating
    rule see that a person speaks for a country; `infos` reuses an existing `analyse` run."""
    if infos is None:
        infos = analyse(text, sentences, timexes, mentions, things)
    discourse = Discourse()
    kinds = {m.actor: m.kind for m in mentions}
    events: list[Event] = []
    dated_by: dict[str, Event] = {}  # actor -> its latest dated event (see _carry_speech_date)
    for i, info in enumerate(infos):
        if _is_candidate(info):
            found = _events_for(text, infos, i, dct, actors, discourse)
            for k, event in enumerate(found):  # found[0] is the sentence's main event
                _carry_speech_date(event, info, dated_by, kinds, is_main=k == 0)
            if found and found[0].date is None:
                found[0].date = reporting_date(info, dct)
            if found and found[0].date is None and _hypothetical(info):
                found = found[1:]  # "the move would remove the irritant": nothing happened
            events.extend(found)
        remember_person(discourse, info, kinds)
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    return events
