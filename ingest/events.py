"""Events: one per reported action or statement, read from the sentence's dependency tree.

For each sentence, ``ingest.clauses.frame`` says who reports what; the event is the first
predicate of what is reported that has a PLOVER category ("Ankara refused the proposal, the
minister said" is REJECT by Turkey, attributed to the minister), else the speech itself
(STATEMENT), else — outside speech — a dated action by a named actor (OTHER).  What is not an
event: background description (be/have/remain …, "has been a point of contention"),
hypotheticals and questions, headlines and datelines, and a sentence that only attributes
("Scholz said.").  A quotation over several sentences is one event whose evidence spans them.

Dates come through the parse: a DATE/TIME expression dates the predicate it attaches to, so an
event never takes a neighbouring clause's date.  A statement's date dates what it reports when
the report has none of its own and speaks of the present or the future; it bounds a reported
past action ("before" that day); a past perfect ("had refused") stays undated.  The publication
date never dates an event by itself (a present perfect, "has rejected", is news of about that
day, marked approximate).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ingest import phrases, plover
from ingest.clauses import (
    STATIVE,
    Clause,
    Frame,
    clause,
    coordinated,
    frame,
    is_quoted,
    is_verbal,
    main_verb,
    medium_words,
    noun_lemma,
    verb_lemma,
)
from ingest.records import (
    Attribution,
    DateSpan,
    Event,
    EventActor,
    Span,
    ThingMention,
    Timex,
)
from ingest.referents import Referents
from ingest.timex_values import date_span

MAX_SENTENCE = 5000  # longer "sentences" are tables or junk: not read for events
_NON_DATES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
_END_PUNCT = tuple('.!?"”’\')}]')
_CONDITIONAL = frozenset({"if", "unless", "whether"})
# "has rejected the idea *before*": an indefinite past, not news of the day
_INDEFINITE_PAST = frozenset({"before", "previously", "ever", "earlier", "once", "long"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "may"})


def precision_of(value: str) -> str:
    """The precision of a TimeML value ("2017" → year)."""
    span = date_span(value)
    return span.precision if span else "day"


def timex_date(tx: Timex) -> DateSpan | None:
    return tx.date


def _dating(tx: Timex) -> bool:
    return tx.type in ("DATE", "TIME") and tx.value not in _NON_DATES and tx.date is not None


def _attachments(doc: Doc, timexes: list[Timex]) -> dict[int, Timex]:
    """Token index of the predicate each dating timex attaches to → the timex."""
    out: dict[int, Timex] = {}
    for tx in timexes:
        if not _dating(tx):
            continue
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        node = head.head
        for _ in range(8):  # up to the predicate: "on Sunday" → "said"
            if node.i == node.head.i or is_verbal(node) or node.dep_ in ("acl", "acl:relcl"):
                break
            if node.pos_ == "NOUN" and plover.noun_category(noun_lemma(node)):
                break
            node = node.head
        out.setdefault(node.i, tx)
        # "In 2015, when …, Chile signed": a date fronted before the subject, set off by a
        # comma, dates the main clause, wherever a parse hung it
        sent = span.sent
        before = doc[sent.start : span.start]
        after = doc[span.end] if span.end < sent.end else None
        if all(t.is_punct or t.pos_ in ("ADP", "SCONJ") for t in before) and (
            after is not None and after.text == ","
        ):
            out.setdefault(main_verb(sent).i, tx)
    return out


def _skip_sentence(sent: SpacySpan) -> bool:
    """Headlines, datelines, bylines, questions, conditionals: no event."""
    text = sent.text.strip()
    if not text or len(text) > MAX_SENTENCE:
        return True
    if not text.endswith(_END_PUNCT) and len(sent) < 30:
        return True  # a heading or a dateline: no closing punctuation
    if text.endswith("?"):
        return True
    root = sent.root
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in root.children)


def _actor_names(tokens: list[Token], refs: Referents, quoted: bool) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        for name in refs.of(tok, quoted):
            if name not in out:
                out.append(name)
    return out


def _is_background(cl: Clause) -> bool:
    """Description, not an action: "has been a point of contention", "remains divided"."""
    lemma = verb_lemma(cl.verb)
    if cl.category is not None:
        return False
    if lemma in STATIVE or any(c.dep_ == "cop" for c in cl.verb.children):
        return True
    return cl.tense in ("present", "nonfinite") and cl.modal == ""


@dataclass(slots=True)
class _Found:
    """An event being read, before it gets its id."""

    clause: Clause | None
    category: plover.Category
    sources: list[str]
    targets: list[str]
    evidence: Span
    date: DateSpan | None
    timex: Span | None
    attribution: Attribution | None
    summary: str
    sentence: int  # index of the sentence in the article
    noun: Span | None = None  # the event noun of a nominal event


class EventReader:
    """Reads the events of one article, sentence by sentence (pronouns carry over)."""

    def __init__(
        self,
        doc: Doc,
        timexes: list[Timex],
        refs: Referents,
        things: list[ThingMention],
        dct: date | None,
    ) -> None:
        self.doc = doc
        self.refs = refs
        self.things = things
        self.dct = dct
        self.attached = _attachments(doc, timexes)
        self.timex_tokens: set[int] = set()
        for tx in timexes:
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is not None:
                self.timex_tokens.update(t.i for t in span)

    # -- dates ---------------------------------------------------------------------------

    def _own_date(self, cl: Clause) -> Timex | None:
        for tok in (cl.verb, cl.head, cl.intent):
            if tok is not None and tok.i in self.attached:
                return self.attached[tok.i]
        return None

    def _date_for(
        self, cl: Clause | None, speech: Token | None
    ) -> tuple[DateSpan | None, Span | None]:
        own = self._own_date(cl) if cl is not None else None
        if own is not None:
            return own.date, Span(own.start, own.end)
        said = self.attached.get(speech.i) if speech is not None else None
        if said is None or said.date is None:
            indefinite = cl is not None and any(
                c.lower_ in _INDEFINITE_PAST for c in cl.verb.children
            )
            if cl is not None and cl.tense == "perfect" and self.dct is not None and not (
                indefinite
            ):
                # news' "hot" perfect ("Turkey has rejected …") reports what just happened
                day = date_span(self.dct.isoformat())
                if day is not None:
                    return replace(
                        day, approximate=True, note="present perfect: about the reporting date"
                    ), None
            return None, None
        if cl is None or cl.tense in ("present", "future", "perfect", "nonfinite"):
            return said.date, Span(said.start, said.end)
        if cl.tense == "pluperfect":
            return None, None
        # a past action reported that day happened on or before it: bounded by the report
        # ("before 7 May 2023", the qualifier the event editor shows), never the day itself
        return replace(said.date, approximate=False, note="before"), Span(said.start, said.end)

    # -- one sentence --------------------------------------------------------------------

    def _typed(self, fr: Frame) -> Clause | None:
        """The first content predicate with a category (not negated into nothing): the main
        verbs first, then the clauses they govern ("the vote … led to Chile *being
        suspended* from the bloc"), never a relative clause's."""
        inner: set[int] = set()  # verbs an intent already read ("not plan *to abandon*")
        typed: list[Clause] = []
        for verb in content_verbs(fr):
            if verb.i in inner:
                continue
            cl = clause(verb)
            if cl.intent is not None:
                inner.add(cl.verb.i)
            if cl.category is None or cl.category.name == plover.OTHER:
                continue
            if cl.negated and any(c.lower_ == "yet" for v in (cl.verb, cl.intent)
                                  if v is not None for c in v.children):
                continue  # "has not yet decided to support": pending, not a refusal
            if cl.negated:
                cl.category = plover.negated(cl.category)
                if cl.category.name == plover.STATEMENT:
                    continue
            typed.append(cl)
        if typed:
            # "Lima had ordered the ships, but Spain cancelled the deal in 2018": the dated
            # action is the news; a past perfect is its background
            dated = [c for c in typed if self._own_date(c) is not None]
            current = [c for c in typed if c.tense != "pluperfect"]
            return (dated or current or typed)[0]
        # "Turkey will not send the systems": a refusal, announced
        for verb in content_verbs(fr)[:1]:
            cl = clause(verb)
            if cl.negated and (cl.tense == "future" or cl.modal in ("will", "would", "can")):
                cl.category = plover.Category("REJECT")
                cl.refusal = True
                return cl
        return None

    def _demand(
        self, fr: Frame, speakers: list[str], quoted: bool
    ) -> tuple[Clause, Token, list[str]] | None:
        """ "X said Y must / should do Z": X demands it of Y (REQUEST), whatever Z is."""
        if fr.speech is None or not speakers:
            return None
        # "reiterated its demand / renewed its call that Y do Z": the demand is the report
        asked = any(c.dep_ in ("obj", "iobj") and (cat := plover.noun_category(noun_lemma(c)))
                    is not None and cat.name == "REQUEST" for c in fr.speech.children)
        for top in fr.content:
            if not is_verbal(top) and not asked:
                continue
            cl = clause(top)
            obliged = asked or cl.modal in ("must", "should") or any(
                a.lower_ in ("has", "have") and a.i + 1 < len(a.doc)
                and a.doc[a.i + 1].lower_ == "to"
                for a in top.lefts
            )
            if not obliged:
                continue
            targets = [
                n for n in _actor_names(cl.subjects, self.refs, quoted) if n not in speakers
            ]
            if not targets and asked:  # a weak parse of the demanded clause: who is named
                words = list(top.subtree)
                targets = [n for n in self.refs.within(words[0].idx, top.idx)
                           if n not in speakers][:1]
            if targets:
                return cl, top, targets
        return None

    def _demanded(
        self, index: int, sent: SpacySpan, fr: Frame, speakers: list[str],
        found: tuple[Clause, Token, list[str]], attribution: Attribution | None,
    ) -> _Found:
        cl, top, targets = found
        dated, tx_span = self._date_for(None, fr.speech)
        words = [
            t for t in phrases.subtree_tokens(top, set(self.timex_tokens))
            if not (t.dep_ == "mark" and t.head == top)
        ]
        said = phrases.join(words, phrases.MAX_WORDS + 2)
        self.refs.remember(speakers[:1])
        return _Found(
            clause=cl,
            category=plover.Category("REQUEST"),
            sources=speakers[:1],
            targets=targets,
            evidence=Span(sent.start_char, sent.end_char),
            date=dated,
            timex=tx_span,
            attribution=attribution,
            summary=phrases.capitalised(f"{self._name(speakers[0])} says {said}"),
            sentence=index,
        )

    def _in_scope(self, cl: Clause, fr: Frame) -> list[str]:
        """Actors named after the predicate in its own clause ("refused to deploy
        peacekeepers *in Iraq*", "delivered goods *to Baghdad University*"): PLOVER's
        recipient when no object names one; never the attribution's words."""
        verb = cl.verb
        speech = {t.i for t in fr.speech.subtree} if fr.speech is not None else set()
        skip = speech | {
            t.i for c in verb.children if c.dep_ in ("parataxis", "advcl") and not any(
                m.dep_ == "mark" and m.lower_ == "to" for m in c.children
            ) for t in c.subtree
        }
        tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in skip]
        # the mentions on these tokens (not a character range: a skipped clause may lie
        # between the first and the last)
        return list(dict.fromkeys(m.actor for t in tokens if (m := self.refs.at(t)) is not None))

    def _authorities(self, cl: Clause) -> list[str]:
        """ "X was arrested / jailed / deported *in Lebanon*": no agent named, the state of
        the place did it (PLOVER codes the country as the actor of its authorities' acts)."""
        if verb_lemma(cl.verb) not in _STATE_ACTS:
            return []
        for child in cl.verb.children:
            if child.dep_.startswith("obl") and any(
                c.dep_ == "case" and c.lower_ == "in" for c in child.children
            ):
                for name in self.refs.of(child):  # a country (or its capital), not a town
                    info = self.refs.actors.get(name)
                    if info is not None and info.kind == "country":
                        return [name]
        return []

    def _action(self, fr: Frame) -> Clause | None:
        """An untyped action by a named actor ("Chile bought …"), not background."""
        for top in fr.content:
            if not is_verbal(top):
                continue
            cl = clause(top)
            if cl.negated or _is_background(cl):
                continue
            return cl
        return None

    def read(self, index: int, sent: SpacySpan, quoted: bool) -> _Found | None:
        fr = frame(sent)
        speakers = _actor_names(fr.speakers, self.refs, quoted)
        if fr.speech is not None and speakers:
            self.refs.speaker = speakers[0]
            self.refs.remember(speakers[:1])  # "Hungary said it will …": "it" is Hungary
        medium = phrases.join(medium_words(fr.medium), 6) if fr.medium is not None else ""
        attribution = (
            Attribution(speakers[0] if speakers else "", medium, quoted or is_quoted(sent))
            if fr.speech is not None or speakers
            else None
        )
        inside_quote = quoted or is_quoted(sent)
        demand = self._demand(fr, speakers, inside_quote)
        if demand is not None:
            return self._demanded(index, sent, fr, speakers, demand, attribution)
        typed = self._typed(fr)
        cl = typed
        category = typed.category if typed is not None else None
        reported_action = False
        if cl is None and fr.speech is not None:
            if not fr.content:
                return None  # "Scholz said." attributes the quotation before it
            category = plover.Category(plover.STATEMENT)
            action = self._action(fr)
            if action is not None and action.tense != "present" and _actor_names(
                action.subjects, self.refs, inside_quote
            ) and not set(_actor_names(action.subjects, self.refs, inside_quote)) & set(
                speakers
            ):
                # "Czechia and Albania have upgraded their ties, the agency said": the news
                # is what the others did, attributed to who reported it
                cl, category, reported_action = action, plover.Category(plover.OTHER), True
        elif cl is None:
            cl = self._action(fr)
            if cl is None:
                return None
            category = plover.Category(plover.OTHER)
        assert category is not None
        if cl is not None and cl.refusal and not _actor_names(cl.subjects, self.refs,
                                                              inside_quote):
            # "the pension age would not change": nobody refuses anything
            cl, category = None, plover.Category(plover.STATEMENT)
        if cl is not None:
            sources = _actor_names(cl.subjects, self.refs, inside_quote)
            if not sources and speakers and cl.subjects and all(
                t.pos_ == "PRON" for t in cl.subjects
            ):
                sources = speakers[:1]  # "X said it would …": the pronoun is the speaker
            if not sources and cl.passive:
                sources = self._authorities(cl)
            targets = [
                n for n in _actor_names(cl.objects, self.refs, inside_quote) if n not in sources
            ]
            if not targets:
                targets = [n for n in self._in_scope(cl, fr) if n not in sources]
        else:
            sources, targets = [], []
        if category.name == plover.STATEMENT:
            content = [t for top in fr.content for t in top.subtree]
            sources = speakers or sources
            targets = [
                n for n in self.refs.within(
                    min((t.idx for t in content), default=sent.start_char),
                    max((t.idx + len(t) for t in content), default=sent.end_char),
                )
                if n not in sources
            ]
        if not sources and not targets and category.name == plover.OTHER:
            return None  # nobody acts: description
        if (
            not sources
            and category.name != plover.STATEMENT
            and speakers
            and cl is not None
            and not cl.subjects
        ):
            sources = speakers
        dating = cl
        if cl is None and fr.content and is_verbal(fr.content[0]):
            dating = clause(fr.content[0])  # a statement is dated by what it reports
        dated, tx_span = self._date_for(dating, fr.speech)
        if (
            fr.speech is None
            and cl is not None
            and cl.modal in _HYPOTHETICAL
            and dated is None
            and not speakers
        ):
            return None  # "The plan would end the quarrel": a hypothetical, not an event
        if category.name == plover.OTHER and dated is None and not reported_action:
            return None  # an undated, untyped action is background, not a timeline event
        summary = self._summary(cl, category, sources, speakers, fr, targets)
        if not summary:
            return None
        self.refs.remember(sources[:1] or speakers[:1])
        return _Found(
            clause=cl,
            category=category,
            sources=sources,
            targets=targets,
            evidence=Span(sent.start_char, sent.end_char),
            date=dated,
            timex=tx_span,
            attribution=attribution,
            summary=summary,
            sentence=index,
        )

    def nominal(self, index: int, sent: SpacySpan, main: _Found | None) -> list[_Found]:
        """Events a noun names with their own date: "the blockade *that began on
        3 June*", "the 2019 *sanctions*".  Only when dated, and dated otherwise than the
        sentence's own event: a timeline needs the date, the rest is background."""
        out: list[_Found] = []
        for tok in sent:
            if tok.pos_ != "NOUN":
                continue
            cat = plover.noun_category(noun_lemma(tok))
            if cat is None or cat.name in ("STATEMENT", "OTHER", "CONSULT", "REQUEST"):
                continue
            tx = self.attached.get(tok.i)
            began = next((c for c in tok.children if c.dep_ in ("acl", "acl:relcl")
                          and verb_lemma(c) in ("begin", "start", "launch", "end")), None)
            if tx is None and began is not None:
                tx = self.attached.get(began.i)
            if tx is None or tx.date is None:
                continue
            if main is not None and main.date is not None and main.date.value == tx.date.value:
                continue
            sources = [n for c in tok.children if c.dep_ in ("amod", "nmod:poss", "compound")
                       for n in self.refs.of(c)]
            targets = [n for c in tok.children if c.dep_.startswith("nmod")
                       and c.dep_ != "nmod:poss" for n in self.refs.of(c) if n not in sources]
            if not sources:
                continue
            phrase = phrases.join([t for t in phrases.subtree_tokens(tok, set(self.timex_tokens))
                                   if t.dep_ not in ("det",) and t not in tok.lefts
                                   and not (began is not None and t in began.subtree)], 6)
            verb = f" {phrases.inflect(verb_lemma(began), 'VBZ')}" if began is not None else ""
            who = self._name(sources[0])
            summary = phrases.capitalised(f"{who}'s {phrase}{verb}".strip())
            out.append(_Found(
                clause=None, category=cat, sources=sources[:1], targets=targets,
                evidence=Span(sent.start_char, sent.end_char), date=tx.date,
                timex=Span(tx.start, tx.end), attribution=None, summary=summary,
                sentence=index, noun=Span(tok.idx, tok.idx + len(tok.text)),
            ))
        return out

    # -- summaries -----------------------------------------------------------------------

    def _name(self, name: str) -> str:
        info = self.refs.actors.get(name)
        if info is not None and info.kind == "person":
            return name.split()[-1]
        return name

    def _summary(
        self,
        cl: Clause | None,
        category: plover.Category,
        sources: list[str],
        speakers: list[str],
        fr: Frame,
        targets: list[str] | None = None,
    ) -> str:
        skip = set(self.timex_tokens)
        if category.name == plover.STATEMENT or cl is None:
            who = self._name(speakers[0]) if speakers else ""
            if not who and fr.speakers and fr.speakers[0].pos_ != "PRON":
                # an unnamed source keeps its description: "a port official says …"
                who = phrases.join(phrases.subtree_tokens(fr.speakers[0], skip), 5)
            if not who or not fr.content:
                return ""
            top = fr.content[0]
            words = [
                t for t in phrases.subtree_tokens(top, skip)
                if not (t.dep_ == "mark" and t.head == top)
            ]
            said = phrases.join(words, phrases.MAX_WORDS + 2)
            if words and words[0].pos_ not in ("PROPN",) and words[0].text != "I":
                said = said[:1].lower() + said[1:]  # "says the founder …", not "says The"
            return phrases.capitalised(f"{who} says {said}") if said else ""
        subject = " and ".join(self._name(n) for n in sources[:2])
        if cl.reaction and subject:  # "Egypt and Sudan object to the dam's construction"
            verb, _, rest = cl.reaction.partition(" ")
            verb = verb if len(sources) > 1 else phrases.inflect(verb, "VBZ")
            words = [t for o in cl.objects[:1] for t in phrases.subtree_tokens(o, skip)]
            what = phrases.join(words, 6)
            if (not words or words[0].pos_ == "PRON") and targets and len(targets) == 1:
                what = self._name(targets[0])  # "protests against it": against whom
            elif words and words[0].pos_ == "DET":
                what = what[:1].lower() + what[1:]
            text = " ".join(p for p in (subject, verb, rest, what) if p)
            return phrases.capitalised(text)
        if not subject:
            own = skip | {cl.verb.i} | {  # the verb and its other dependents
                t.i for c in cl.verb.children if c not in cl.subjects for t in c.subtree
            }
            subj_tokens = [t for s in cl.subjects for t in phrases.subtree_tokens(s, own)]
            if not subj_tokens or subj_tokens[0].pos_ == "PRON":
                subject = self._name(speakers[0]) if speakers else ""
            else:
                subject = phrases.join(subj_tokens, 6)
        if not subject:
            return ""
        obj = phrases.object_phrase(cl, skip)
        if cl.passive:
            words = [t for s in cl.objects[:1] for t in phrases.subtree_tokens(s, skip)]
            if words and words[0].pos_ == "DET" and words[0].i == words[0].sent.start:
                words[0:1] = []  # "A missionary was arrested" → "arrests missionary …"
            patient = phrases.join(words, 6)
            obj = f"{patient} {obj}".strip() if patient and patient not in obj else obj
        group = bool(sources) and getattr(self.refs.actors.get(sources[0]), "kind", "") == "group"
        plural = len(sources) > 1 if sources and not group else any(
            t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)
            for t in cl.subjects
        )  # "Muslim hackers deface …", but "the United States rejects …"
        text = f"{subject} {phrases.verb_phrase(cl, plural)} {obj}".strip()
        return phrases.capitalised(" ".join(text.split()))


# Acts only a state's authorities do: an agentless passive of one is the place's state's.
_STATE_ACTS = frozenset({"arrest", "detain", "jail", "imprison", "sentence", "deport", "expel",
                         "convict", "indict", "extradite", "execute", "charge", "prosecute"})
_NESTED = frozenset({"ccomp", "xcomp", "advcl", "acl", "obl", "nmod", "csubj", "conj"})


def content_verbs(fr: Frame) -> list[Token]:
    """The verbs of what is reported: coordinated main verbs, then governed clauses in
    breadth-first order (relative clauses describe, they do not report)."""
    seen: set[int] = set()
    out: list[Token] = []
    queue = [v for top in fr.content for v in coordinated(top)]
    while queue:
        verb = queue.pop(0)
        if verb.i in seen:
            continue
        seen.add(verb.i)
        if is_verbal(verb) or verb == fr.content[0]:
            out.append(verb)
        queue.extend(
            c for c in verb.children
            if c.dep_ in _NESTED and c.pos_ in ("VERB",) and c != fr.speech
            and not any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL for m in c.children)
        )
    return out


def quote_state(text: str, start: int, end: int, open_before: bool) -> bool:
    """Whether a quotation is still open after ``text[start:end]``."""
    state = open_before
    for ch in text[start:end]:
        if ch == "“":
            state = True
        elif ch == "”":
            state = False
        elif ch == '"':
            state = not state
    return state


def find_events(
    text: str,
    doc: Doc,
    timexes: list[Timex],
    refs: Referents,
    things: list[ThingMention],
    dct: date | None,
) -> list[Event]:
    """Events of one article in text order, ids "e1", "e2" …"""
    reader = EventReader(doc, timexes, refs, things, dct)
    found: list[_Found] = []
    open_quote = False
    sentences = [s for s in doc.sents if s.text.strip()]  # blank lines are not sentences
    for index, sent in enumerate(sentences):
        quoted = open_quote
        open_quote = quote_state(text, sent.start_char, sent.end_char, open_quote)
        if len(sent.text) > MAX_SENTENCE:
            continue
        # subjects of every sentence keep pronouns resolvable, events or not
        if _skip_sentence(sent):
            continue
        event = reader.read(index, sent, quoted)
        extra = reader.nominal(index, sent, event)
        last = found[-1] if found else None
        if event is None:
            if last is not None and last.sentence == index - 1 and _continues(sent, quoted):
                last.evidence = Span(last.evidence.start, sent.end_char)
                last.sentence = index
            found.extend(extra)
            continue
        if last is not None and _same_speech(last, event, index):
            last.evidence = Span(last.evidence.start, event.evidence.end)
            last.sentence = index
            found.extend(extra)
            continue
        found.append(event)
        found.extend(extra)
    _same_occasion(found)
    return [_event(k, f, refs, things, text) for k, f in enumerate(found, 1)]


def _same_occasion(found: list[_Found]) -> None:
    """ "He also announced …" right after a dated statement by the same speaker: the same
    occasion, so the same date (marked approximate, with whose statement it follows)."""
    last: dict[str, _Found] = {}
    for f in found:
        speaker = f.attribution.speaker if f.attribution else ""
        if not speaker:
            continue
        before = last.get(speaker)
        if (
            f.date is None
            and before is not None
            and before.date is not None
            and f.sentence - before.sentence <= 2
            and (f.clause is None or f.clause.tense != "pluperfect")
        ):
            f.date = replace(
                before.date, approximate=True,
                note=f"the same occasion as the dated statement by {speaker}",
            )
        last[speaker] = f


def _continues(sent: SpacySpan, quoted: bool) -> bool:
    """A sentence that only continues the quotation or attribution before it."""
    return quoted or is_quoted(sent) or len(sent) <= 6


def _same_speech(last: _Found, new: _Found, index: int) -> bool:
    """One quotation, several sentences: the same speaker's statements next to each other."""
    if last.sentence != index - 1:
        return False
    if last.attribution is None or new.attribution is None:
        return False
    same = last.attribution.speaker and last.attribution.speaker == new.attribution.speaker
    if same and new.attribution.quote and last.attribution.quote:
        return True  # one speaker quoted in a row: one speech, whatever each line says
    return bool(same) and new.category.name == plover.STATEMENT and (
        new.attribution.quote or last.category.name == plover.STATEMENT
    )


def _event(k: int, f: _Found, refs: Referents, things: list[ThingMention], text: str) -> Event:
    actors: list[EventActor] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str) -> None:
        if (name, role) not in seen and not any(a.name == name for a in actors):
            seen.add((name, role))
            actors.append(EventActor(name, role))

    for name in f.sources:
        add(name, "source")
    for name in f.targets:
        add(name, "target")
    if f.attribution is not None and f.attribution.speaker:
        add(f.attribution.speaker, "speaker")
    for name in refs.within(f.evidence.start, f.evidence.end):
        add(name, "participant")
    names = list(
        dict.fromkeys(
            t.thing for t in things if f.evidence.start <= t.start and t.end <= f.evidence.end
        )
    )
    return Event(
        id=f"e{k}",
        summary=f.summary,
        evidence=f.evidence,
        date=f.date,
        event_type=f.category.name,
        actors=actors,
        things=names,
        timex=f.timex,
        mode=f.category.mode,
        attribution=f.attribution,
        noun=f.noun,
    )
