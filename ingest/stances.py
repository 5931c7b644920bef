"""Stances: who is for or against what, from attitude verbs, evaluations and quotes.

Three cue kinds, all rule-based (word lists in `ingest.lexicon`):
* attitude verbs with a complement: "asked Turkey to send X" (for sending X), "does not want to
  return to the program" (negation flips: against returning), "opposed their deployment";
* negative evaluations: "called the move unjust", "these proposals were unacceptable",
  "Abandoning X is out of the question" (a relinquishing verb flips: for keeping X);
* "said no": against the last proposition (request/proposal) of this or the previous sentences.

Holders are the verb's subject, or the speaker of the quote/report; he/she and "the official"
resolve to the last person who spoke or acted (see `ingest.events.find_subject`).  A person's
stance stays the person's: the db and the GUI map people to their affiliation.

target_key groups wordings of the same issue: "<verb class> <things> →<actors>", e.g.
"transfer S-400 →Ukraine", where the verb class comes from `lexicon.KEY_CLASSES` (sending,
transferring, handing → transfer).  Without verb class or things it falls back to the target's
first content words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ingest import lexicon as lx
from ingest.events import (
    Discourse,
    SentenceInfo,
    Token,
    VerbHit,
    analyse,
    attach_timex,
    find_subject,
    remember_person,
)
from ingest.records import ActorMention, Event, Span, Stance, ThingMention

MAX_TARGET_WORDS = 14
_CUT_WORDS = frozenset(
    lx.words(
        "that which who as because while after before but when although though whereas if "
        "unless since so"
    )
)
_CUT_PUNCT = frozenset(',;:—!?"“”')
_POSSESSIVE = frozenset({"their", "its", "his", "her"})
_FRAME_RE = re.compile(
    r"^(?:the|a|an|this|that)\s+(?:\w+\s+)?(?:idea|possibility|prospect|option|proposal|plan|"
    r"request|question|issue|matter)\s+(?:of|to|for)\s+",
    re.IGNORECASE,
)
_NON_VERB_AFTER_TO = frozenset(
    lx.words("the a an its their his her our this these that those my your some any all")
)


# Stressed final syllables double their consonant: "transferring", "beginning".
_DOUBLED = frozenset(
    lx.words(
        "begin transfer refer prefer admit commit submit permit omit occur control patrol "
        "compel expel propel rebel regret forget upset equip deter"
    )
)


@dataclass(slots=True)
class Memory:
    """Earlier propositions and actions that "the proposal" / "the move" refer back to."""

    proposition: tuple[int, str] | None = None  # (sentence index, target)
    action: tuple[int, str] | None = None


def gerund(base: str) -> str:
    """send -> sending, give -> giving, stop -> stopping, lie -> lying."""
    if base == "be":
        return "being"
    if base in _DOUBLED:
        return base + base[-1] + "ing"
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if (
        len(base) <= 4
        and len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
    ):
        return base + base[-1] + "ing"
    return base + "ing"


def _lemma(low: str) -> str:
    return lx.VERB_FORMS.get(low, low)


def _is_verbish(tok: Token, text: str) -> bool:
    """A lowercase word after "to" that is not a determiner: an infinitive."""
    return tok.low.isalpha() and text[tok.start].islower() and tok.low not in _NON_VERB_AFTER_TO


# --- phrases -------------------------------------------------------------------------------


def _phrase_end(text: str, info: SentenceInfo, first: int) -> int:
    """Token index where a target phrase starting at `first` stops."""
    tokens = info.tokens
    timex_starts = {t.start for t in info.timexes}
    verbs = {h.index for h in info.hits if h.form in ("past", "pres")}
    k = first
    words = 0
    paren = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.low == "(":
            paren += 1
        elif tok.low == ")":
            paren -= 1
        elif paren <= 0 and (
            tok.low in _CUT_PUNCT
            or tok.low in _CUT_WORDS
            or tok.start in timex_starts
            or (
                tok.low in ("in", "on", "during")
                and k + 1 < len(tokens)
                and tokens[k + 1].start in timex_starts
            )
        ):
            break
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            k > first
            and tok.low == "to"
            and nxt is not None
            and _is_verbish(nxt, text)
            and tokens[k - 1].low not in lx.PROPOSITION_NOUNS  # "a request to transfer X"
        ):
            break  # "... to Ukraine to help it fight": a purpose clause
        if k > first and tok.low == "and" and _verb_follows(tokens, k + 1, verbs):
            break  # "the idea in principle and still opposes …": a second predicate
        if tok.low.isalnum() or "-" in tok.low:
            words += 1
            if words > MAX_TARGET_WORDS:
                break
        k += 1
    if tokens[k - 1].low in ("and", "or") and k - 1 > first:
        k -= 1
    return k


def _verb_follows(tokens: list[Token], k: int, verbs: set[int]) -> bool:
    while k < len(tokens) and tokens[k].low in lx.AUX:
        k += 1
    return k in verbs


# "What Ankara wants instead is the F-16 package": the copula of a pseudo-cleft.
_CLEFT_RE = re.compile(r"^(?:instead\s+|now\s+|really\s+)?(?:is|was)\s+", re.IGNORECASE)


def _clean(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(' ,;:"“”')
    if phrase.endswith(".") and not re.search(r"\b[A-Z]\.$", phrase):
        phrase = phrase[:-1]
    phrase = _CLEFT_RE.sub("", phrase)
    frame = _FRAME_RE.match(phrase)
    if frame is None:
        return phrase
    rest = phrase[frame.end() :]
    if frame.group(0).rstrip().lower().endswith(" to") and rest[:1].islower():
        verb, _, tail = rest.partition(" ")  # "a request to transfer X" → "transferring X"
        rest = f"{gerund(_lemma(verb))} {tail}".strip()
    return rest


def _things_near(infos: list[SentenceInfo], i: int, head: str, before: int) -> str | None:
    """The thing a generic head ("the program") stands for: one named earlier in the same
    sentence, else one followed by that head in the text, else the story's topic: the thing
    named most often before it (this or the 30 previous sentences), ties to the last named."""
    candidates: list[ThingMention] = []
    for k in range(max(0, i - 30), i + 1):  # named once, then "the system" for paragraphs
        candidates.extend(t for t in infos[k].thing_mentions if t.end <= before)
    same = [t for t in infos[i].thing_mentions if t.end <= before]
    if same:  # "the US position on the S-400 … give the system up"
        return same[-1].thing
    for t in reversed(candidates):
        if head.rstrip("s") in t.text.lower():
            return t.thing
    if not candidates:
        return None
    # the story's topic: the thing named most often, ties to the one named last
    counts = Counter(t.thing for t in candidates)
    last = {t.thing: n for n, t in enumerate(candidates)}
    return max(counts, key=lambda name: (counts[name], last[name]))


def _resolve_refs(text: str, infos: list[SentenceInfo], i: int, start: int, phrase: str) -> str:
    """Make "the program", "their deployment", "the system" name the thing they mean."""
    info = infos[i]
    low = phrase.lower()
    names = [t.thing for t in info.thing_mentions if start <= t.start < start + len(phrase)]
    if names or any(t.lower() in low for t in info.things):
        return phrase
    words = low.split()
    if (
        len(words) >= 2
        and words[0] in _POSSESSIVE
        and words[1].endswith(("ment", "ion", "al", "ery", "sale", "use", "purchase"))
        and info.things
    ):
        return f"{' '.join(phrase.split()[1:])} of the {info.things[0]}"
    for k, word in enumerate(words):
        if word.strip(".,") in lx.THING_HEADS and k > 0 and words[k - 1] in ("the", "its", "their"):
            thing = _things_near(infos, i, word, start) or (info.things[0] if info.things else None)
            if thing:
                parts = phrase.split()
                parts.insert(k, thing)
                return " ".join(parts)
    has_head = any(w in lx.THING_HEADS for w in words)
    if info.things and has_head and info.things[0].lower() not in low:
        return f"{phrase} ({info.things[0]})"
    return phrase


def _bases(word: str) -> list[str]:
    """Candidate lemmas of a word: "keeping" -> keeping, keep, keepe; "sent" -> send."""
    out = [word, _lemma(word)]
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out += [stem, stem + "e", stem[:-1]]
    return out


def target_key(phrase: str, things: list[str], actors: list[str]) -> str:
    words = re.findall(r"[\w-]+", phrase.lower())
    cls = next(
        (lx.KEY_CLASSES[b] for w in words[:3] for b in _bases(w) if b in lx.KEY_CLASSES), None
    )
    parts = [cls or "", " ".join(sorted(set(things)))]
    if actors:
        parts.append("→" + ",".join(sorted(set(actors))))
    key = " ".join(p for p in parts if p)
    if not cls and not things:
        content = [w for w in words if w not in lx.STOPWORDS][:5]
        key = " ".join(content + ([parts[-1]] if actors else []))
    return key


# --- cues ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Cue:
    index: int  # token index of the cue
    polarity: str
    holder: str | None
    target: str


def _negated(tokens: list[Token], index: int) -> bool:
    for tok in tokens[max(0, index - 3) : index]:
        if tok.low in lx.NEGATIONS or tok.low.endswith(("n't", "n’t")):
            return True
    return False


def _holder(info: SentenceInfo, hit: VerbHit, discourse: Discourse, text: str) -> str | None:
    tokens = info.tokens
    if hit.form == "ing" and hit.index > 0 and tokens[hit.index - 1].low == ",":
        # "..., urging X to": the sentence's subject; "..., explaining that": its speaker
        return (info.speaker or info.subject) if hit.reporting else (info.subject or info.speaker)
    who = find_subject(info, hit.index, discourse, text)
    if who is None and hit.quoted:
        who = info.speaker
    return who


def _complement(text: str, info: SentenceInfo, hit: VerbHit) -> tuple[int, str | None] | None:
    """(first token of the target, infinitive verb or None) for an attitude verb."""
    tokens = info.tokens
    k = hit.index + 1
    if k >= len(tokens) or tokens[k].low in ("that", ",", "about", "whether", "if"):
        return None  # a report ("said that") or a question, not an attitude
    if tokens[k].low == "with":  # "raised with Turkey the possibility of"
        k += 1
        while k < len(tokens) and any(m.start <= tokens[k].start < m.end for m in info.mentions):
            k += 1
    if tokens[k].low == "to" and k + 1 < len(tokens) and not _is_verbish(tokens[k + 1], text):
        return None  # "proposed to Turkey that ...": an addressee, then a report
    if hit.lemma in lx.CONTROL_VERBS:
        reach = 12 if hit.lemma in lx.OBJECT_CONTROL and tokens[k - 1].low != "with" else 1
        for j in range(k, min(len(tokens) - 1, k + reach)):
            if tokens[j].low in (",", ";", "that", '"', "“"):
                break
            if tokens[j].low == "to" and _is_verbish(tokens[j + 1], text):
                return j + 2, tokens[j + 1].low
    if hit.lemma == "call" and tokens[k].low != "for":
        return None  # "called the move unjust" is an evaluation, handled elsewhere
    if tokens[k].low in ("for", "on") and hit.lemma in ("call", "ask", "push", "press", "insist"):
        k += 1
    if k >= len(tokens) or (tokens[k].low in lx.VERB_FORMS and tokens[k].low not in lx.ATTITUDE):
        return None
    return k, None


def _verb_cue(
    text: str,
    infos: list[SentenceInfo],
    i: int,
    hit: VerbHit,
    discourse: Discourse,
    memory: Memory,
) -> Cue | None:
    info = infos[i]
    polarity = lx.ATTITUDE.get(hit.lemma)
    if polarity is None or hit.infinitive or hit.relative:
        return None
    comp = _complement(text, info, hit)
    if comp is None:
        return None
    first, verb = comp
    if first >= len(info.tokens):
        return None
    end = _phrase_end(text, info, first)
    if end <= first:
        return None
    tokens = info.tokens
    start_off = tokens[first].start
    phrase = _clean(text[start_off : tokens[end - 1].end])
    if _negated(tokens, hit.index):
        polarity = _flip(polarity)
    if verb is not None and verb in ("give", "hand") and phrase.lower().endswith(" up"):
        verb, phrase = "give up", phrase[:-3]  # "to give the system up"
    if verb is not None:
        if verb in lx.RELINQUISH:
            polarity = _flip(polarity)
            phrase = f"{lx.RELINQUISH[verb]} {phrase}"
        else:
            phrase = f"{gerund(_lemma(verb) if verb in lx.VERB_FORMS else verb)} {phrase}"
    else:
        phrase = _anaphor(phrase, i, memory) or phrase
    phrase = _resolve_refs(text, infos, i, start_off, phrase).strip()
    if not phrase:
        return None
    return Cue(hit.index, polarity, _holder(info, hit, discourse, text), phrase)


def _flip(polarity: str) -> str:
    return {"for": "against", "against": "for"}.get(polarity, polarity)


def _anaphor(phrase: str, i: int, memory: Memory) -> str | None:
    """ "the proposal" / "the move" -> what it refers to: a proposition put within six
    sentences (analysts' pieces discuss one proposal over paragraphs), an action within three."""
    words = phrase.lower().split()
    if not words or len(words) > 5 or words[0] not in ("the", "this", "that", "these", "such"):
        return None
    # the head noun: "the idea", "the American proposal", "the idea in principle"
    head = next((w for w in words[1:3] if w in lx.PROPOSITION_NOUNS | lx.ACTION_NOUNS), "")
    if (
        head
        and len(words) > 3
        and words[words.index(head) + 1 : words.index(head) + 2]
        in (
            ["of"],
            ["to"],
            ["for"],
        )
    ):
        return None  # "the idea of X" names its own content
    if head in lx.PROPOSITION_NOUNS and memory.proposition and i - memory.proposition[0] <= 6:
        return memory.proposition[1]
    if head in lx.ACTION_NOUNS and memory.action and i - memory.action[0] <= 3:
        return memory.action[1]
    return None


def _said_no(
    info: SentenceInfo, hit: VerbHit, discourse: Discourse, text: str, i: int, memory: Memory
) -> Cue | None:
    """ "we said no": against the proposition made just before."""
    if hit.index + 1 >= len(info.tokens) or info.tokens[hit.index + 1].low != "no":
        return None
    if not memory.proposition or i - memory.proposition[0] > 3:
        return None
    return Cue(hit.index, "against", _holder(info, hit, discourse, text), memory.proposition[1])


def _copula_subject(info: SentenceInfo, at: int) -> tuple[int, int] | None:
    """Token range of "NP" in "NP is/were/would be ADJ" ending before token `at`."""
    tokens = info.tokens
    k = at - 1
    while k >= 0 and tokens[k].low in lx.AUX and tokens[k].low not in ("not", "n't", "never"):
        k -= 1
    if k == at - 1:
        return None  # no copula: "unrealistic today, this idea ..."
    end = k + 1
    verbs = {h.index for h in info.hits}
    while k >= 0 and tokens[k].low not in _CUT_PUNCT and tokens[k].low not in _CUT_WORDS | {"and"}:
        if k in verbs or (tokens[k].low == "." and k > 0 and len(tokens[k - 1].low) > 1):
            break  # "claiming the S-400 would be": the verb ends the subject; so does a full stop
        k -= 1
    return (k + 1, end) if end > k + 1 else None


def _evaluation_positions(text: str, info: SentenceInfo) -> list[int]:
    """Token indexes of non-negated negative evaluations ("unacceptable", "out of the question")."""
    tokens = info.tokens
    low_sentence = text[info.span.start : info.span.end].lower()
    found = set()
    for m in _EVALUATION_RE.finditer(low_sentence):
        offset = info.span.start + m.start()
        at = next((k for k, t in enumerate(tokens) if t.start >= offset), None)
        if at is not None and not _negated(tokens, at):
            found.add(at)
    return sorted(found)


# one pass over a sentence for every phrase (longest first, so "a threat" beats nothing shorter)
_EVALUATION_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(lx.NEGATIVE_EVALUATION, key=len, reverse=True))
    + r")\b"
)


def _relinquish_verb(word: str) -> str | None:
    """ "abandoning" -> "abandon" when it is a give-something-up verb."""
    if not word.endswith("ing"):
        return None
    stem = word[:-3]
    for verb in (stem, stem + "e", stem[:-1]):
        if verb in lx.RELINQUISH:
            return verb
    return None


def _evaluation(
    text: str, infos: list[SentenceInfo], i: int, at: int, discourse: Discourse, memory: Memory
) -> Cue | None:
    info = infos[i]
    tokens = info.tokens
    before = [h for h in info.hits if h.index < at]
    called = next((h for h in reversed(before) if h.lemma == "call" and at - h.index <= 8), None)
    # "called the move unjust", else "NP is unacceptable"
    rng = (called.index + 1, at) if called is not None else _copula_subject(info, at)
    if rng is None or rng[1] <= rng[0]:
        return None
    start_off = tokens[rng[0]].start
    phrase = _clean(text[start_off : tokens[rng[1] - 1].end])
    polarity = "against"
    first = phrase.split()[0].lower() if phrase else ""
    if first in ("they", "it", "them", "this") and info.things:
        phrase = f"the {info.things[0]}"
    elif _relinquish_verb(first):
        verb = _relinquish_verb(first) or ""
        polarity = "for"
        phrase = f"{lx.RELINQUISH[verb]} {phrase.split(None, 1)[1] if ' ' in phrase else ''}"
        phrase = phrase.replace("(", "").replace(")", "").strip()
    else:
        phrase = _anaphor(phrase, i, memory) or phrase
    phrase = _resolve_refs(text, infos, i, start_off, phrase)
    holder = None
    if called is not None:
        holder = find_subject(info, called.index, discourse, text)
    elif tokens[at].quoted:
        holder = info.speaker
    else:
        reporter = next((h for h in reversed(before) if h.reporting), None)
        if reporter is not None:
            holder = _holder(info, reporter, discourse, text)
    holder = holder or info.speaker or info.subject
    return Cue(at, polarity, holder, phrase) if phrase else None


# --- memory of propositions and actions ----------------------------------------------------


def _remember(
    text: str, infos: list[SentenceInfo], i: int, cues: list[Cue], memory: Memory
) -> None:
    info = infos[i]
    for cue in cues:
        hit = next((h for h in info.hits if h.index == cue.index), None)
        if hit and hit.event_type in ("request", "proposal", "demand") and cue.polarity == "for":
            memory.proposition = (i, cue.target)
    if not any(c.polarity == "for" for c in cues):
        floated = _floated_proposition(text, infos, i)
        if floated is not None:
            memory.proposition = (i, floated)
    action = _dated_action(info) or info.main
    if action is None or action.reporting or action.event_type in ("statement", "other"):
        return
    end = _phrase_end(text, info, action.index + 1)
    if end > action.index + 1:
        obj = text[info.tokens[action.index + 1].start : info.tokens[end - 1].end]
        phrase = f"{gerund(action.lemma)} {_clean(obj)}"
        start = info.tokens[action.index + 1].start
        memory.action = (i, _resolve_refs(text, infos, i, start, phrase))


def _floated_proposition(text: str, infos: list[SentenceInfo], i: int) -> str | None:
    """ "sounded out Ankara about shipping its S-400 to Ukraine", "the idea of moving X":
    a course of action put forward in passing, which "the idea" may later mean."""
    info = infos[i]
    tokens = info.tokens
    for k in range(1, len(tokens) - 1):
        if tokens[k - 1].low not in ("about", "of") or not tokens[k].low.endswith("ing"):
            continue
        if not any(b in lx.KEY_CLASSES for b in _bases(tokens[k].low)):
            continue
        end = _phrase_end(text, info, k + 1)
        if end > k + 1:
            start = tokens[k].start
            phrase = _clean(text[start : tokens[end - 1].end])
            return _resolve_refs(text, infos, i, start, phrase)
    return None


def _dated_action(info: SentenceInfo) -> VerbHit | None:
    for tx in info.timexes:
        if tx.type in ("DATE", "TIME"):
            hit = attach_timex(info, tx)
            if hit is not None and not hit.reporting and not hit.infinitive:
                return hit
    return None


# --- entry point ---------------------------------------------------------------------------


def _sentence_cues(
    text: str, infos: list[SentenceInfo], i: int, discourse: Discourse, memory: Memory
) -> list[Cue]:
    """Cues in token order, so "asked X to send Y, and we said no" refers back correctly."""
    info = infos[i]
    evaluations = _evaluation_positions(text, info)
    steps: list[tuple[int, VerbHit | None]] = [(h.index, h) for h in info.hits]
    steps += [(at, None) for at in evaluations]
    cues: list[Cue] = []
    for at, hit in sorted(steps, key=lambda st: st[0]):
        if hit is None:
            cue = _evaluation(text, infos, i, at, discourse, memory)
        elif hit.lemma == "say":
            cue = _said_no(info, hit, discourse, text, i, memory)
        else:
            cue = _verb_cue(text, infos, i, hit, discourse, memory)
        if cue is None:
            continue
        asks = hit is not None and hit.event_type in ("request", "demand")
        target = readable_target(cue.target, i, memory, info.things, propositions_only=asks)
        if target is None:
            continue  # a bare pronoun nothing resolves: no stance rather than "it"
        cue.target = target
        cues.append(cue)
        if hit is not None and hit.lemma in lx.PROPOSING and cue.polarity == "for":
            memory.proposition = (i, cue.target)
    return cues


def _to_stance(
    info: SentenceInfo,
    cue: Cue,
    event: Event | None,
    all_things: list[ThingMention],
    surfaces: dict[str, str],
) -> Stance:
    low = cue.target.lower()
    things = sorted(
        {t.thing for t in all_things if t.thing.lower() in low or t.text.lower() in low}
    )
    actors = [a for a in recipients(cue.target, surfaces) if a != cue.holder]
    return Stance(
        holder=cue.holder or "",
        polarity=cue.polarity,
        target=cue.target,
        target_key=target_key(cue.target, things, actors),
        evidence=Span(info.span.start, info.span.end),
        date=event.date if event else None,
        event_id=event.id if event else None,
    )


# Pronouns that stand for a proposition or an action ("we said no to it") ...
_PRONOUN_TARGETS = frozenset(lx.words("it this that these those"))
# ... and those that stand for people ("urged both to"): never a target.
_PERSONAL_TARGETS = frozenset(lx.words("them they him her both either neither one us me you"))


def readable_target(
    target: str, i: int, memory: Memory, things: list[str], propositions_only: bool = False
) -> str | None:
    """A target an analyst can read: a bare pronoun ("it", "them", "both", "it informally")
    becomes what it refers to (the last proposal or action within three sentences, else the
    thing the sentence is about); None when nothing resolves it."""
    words = target.split()
    if not words or words[0].lower() in _PERSONAL_TARGETS:
        return None
    if words[0].lower() not in _PRONOUN_TARGETS:
        return target
    # one asks for a thing or a proposal, not for a past action ("keep asking for it")
    remembered_ = (
        (memory.proposition,) if propositions_only else (memory.proposition, memory.action)
    )
    for remembered in remembered_:
        if remembered and i - remembered[0] <= 3:
            return remembered[1]
    if propositions_only:
        return None
    return f"the {things[0]}" if things else None


def recipients(target: str, surfaces: dict[str, str]) -> list[str]:
    """Actors a target sends something to: "… to Kyiv" → Ukraine (``surfaces`` maps every
    actor mention's text in the article to its actor)."""
    found = []
    for m in re.finditer(
        r"\b(?:to|for|with)\s+((?:the\s+)?[A-ZÇĞİÖŞÜ][\w'’.-]*(?:\s+[A-Z][\w.-]*)*)", target
    ):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):  # the longest known name at the start
            actor = surfaces.get(" ".join(words[:n]))
            if actor:
                found.append(actor)
                break
    return found


def label_groups(stances: list[Stance]) -> dict[str, str]:
    """One readable label per target_key: the most frequent wording, ties to the shortest."""
    wordings: dict[str, Counter[str]] = {}
    for stance in stances:
        wordings.setdefault(stance.target_key, Counter())[stance.target] += 1
    return {
        key: min(counts, key=lambda w: (-counts[w], len(w), w)) for key, counts in wordings.items()
    }


def find_stances(
    text: str,
    sentences: list[Span],
    mentions: list[ActorMention],
    things: list[ThingMention],
    events: list[Event],
    dct: date | None,
    infos: list[SentenceInfo] | None = None,
) -> list[Stance]:
    """Stances in text order.  `infos` reuses an `ingest.events.analyse` run (the pipeline
    passes it); without it the sentences are analysed here, without timexes."""
    if infos is None:
        infos = analyse(text, sentences, [], mentions, things)
    by_sentence: dict[Span, Event] = {}
    for event in events:
        by_sentence.setdefault(event.evidence, event)
    discourse = Discourse()
    memory = Memory()
    kinds = {m.actor: m.kind for m in mentions}
    stances: list[Stance] = []
    seen: set[tuple[str, str, str, int]] = set()
    surfaces = {m.text: m.actor for m in mentions}
    for i, info in enumerate(infos):
        if not info.skipped:
            cues = _sentence_cues(text, infos, i, discourse, memory)
            for cue in cues:
                if re.sub(r"^the\s+", "", cue.target) in surfaces:
                    continue  # "Turkey for Washington": an actor is not an issue
                key = (cue.holder or "", cue.polarity, cue.target, info.span.start)
                if cue.holder and key not in seen:
                    seen.add(key)
                    stances.append(
                        _to_stance(info, cue, by_sentence.get(info.span), things, surfaces)
                    )
            _remember(text, infos, i, cues, memory)
        remember_person(discourse, info, kinds)
    return stances
