"""Stances: who is for or against what, read from the sentence's structure.

Three sources, each checked against the parse rather than a word window:

1. **Events with a position.** A PLOVER category says where its actor stands (REJECT, ACCUSE,
   PROTEST, THREATEN, SANCTION … against; AGREE, SUPPORT, CONCEDE, AID … for): "Japan
   rejected the plan to send its destroyers abroad" is Japan against that plan; "Washington
   asked Tokyo to send …" is the United States for sending.
2. **Attitude predicates** outside events: want/plan/seek/hope (for what follows), oppose,
   object to; "called the deal a 'historic understanding'"; evaluations of a subject ("X is
   unacceptable / out of the question / a threat", "falls short"); "drew objections from X".
3. **Negation and modality** from the parse: "does not plan to abandon" is for keeping.

**Polarity composes**: being for a halt, ban, withdrawal or abandonment of X is being against X
(and against abandoning X is for X); the stance is grouped under X, the issue, with the
polarity towards it.  When the target is an actor ("Syria accused Israel"), the issue is that
actor.  Holders are the speaker or subject resolved through ``ingest.referents``; a person's
stance stays theirs (the panel rolls it up to their country).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ingest import phrases, plover
from ingest.clauses import (
    RESTRICTIONS,
    clause,
    coordinated,
    frame,
    is_quoted,
    is_verbal,
    lemmas,
    linear_object,
    main_verb,
    noun_lemma,
    stated_act,
    verb_lemma,
)
from ingest.events import MAX_SENTENCE, content_verbs, quote_state
from ingest.records import Attribution, Event, Span, Stance, ThingMention, Timex
from ingest.referents import Referents
from ingest.wordlists import words

# Verbs whose object is *ended* by the action: for them is against their object.
CESSATION = words(
        "halt stop ban suspend abandon end cancel scrap freeze block drop abolish terminate "
        "withdraw quit leave exit kill shelve revoke lift remove give_up ease relax loosen "
        "avoid prevent exclude bar expel oust"
    )
CESSATION_NOUNS = words(
        "halt stop ban suspension abandonment end cancellation freeze moratorium withdrawal "
        "exit removal termination"
    )
# Phrasal verbs that end what they govern.
CESSATION_PHRASAL = frozenset(
    {("give", "up"), ("call", "off"), ("pull", "out"), ("back", "out"), ("shut", "down"),
     ("phase", "out"), ("walk", "away")}
)
# Verbs of wanting: for what they govern.
WANTING = words(
        "want plan intend seek hope wish aim prefer push insist favour favor need propose "
        "suggest"
    )
OPPOSING = words(
        "oppose resist object reject refuse"
    )
# Evaluative words (heads of a predicate or a "call X Y" complement).
POSITIVE = words(
        "historic good great important positive constructive useful welcome acceptable "
        "legitimate fair right necessary crucial vital essential beneficial successful "
        "understanding breakthrough achievement progress"
    )
NEGATIVE = words(
        "unacceptable unjust unfair illegal illegitimate wrong dangerous provocative "
        "irresponsible threat mistake violation outrageous absurd hostile aggressive unlawful "
        "counterproductive destabilizing destabilising concern shameful question incompatible "
        "unrealistic senseless regret betrayal stab treachery deception disappointment"
    )
EVALUATIVE = POSITIVE | NEGATIVE
_OUT_OF_THE_QUESTION = ("out", "of", "the", "question")
# Actions grouped under one issue word ("sending/transferring/delivering X" → transfer).
ACTION_GROUPS = {
    **dict.fromkeys(
        words("send transfer deliver give hand supply sell ship provide export"), "transfer"
    ),
    **dict.fromkeys(["buy", "acquire", "purchase", "procure", "import", "order"], "purchase"),
    **dict.fromkeys(["return", "rejoin", "readmit", "re-enter"], "return"),
    **dict.fromkeys(["build", "construct", "complete", "fill", "operate"], "construction"),
    **dict.fromkeys(["deploy", "station", "activate"], "deployment"),
}


# Categories whose target is the actor acted on: the stance is towards that actor.
ACTS_ON_ACTORS = frozenset(
    {"ACCUSE", "SANCTION", "COERCE", "ASSAULT", "THREATEN", "PROTEST", "AID", "COOPERATE"}
)
# Acts that "the move" or "the decision" can point back to (not an accusation or a threat:
# words, not measures).
_MEASURES_TAKEN = frozenset(
    {"SANCTION", "COERCE", "ASSAULT", "AID", "COOPERATE", "CONCEDE", "RETREAT", "MOBILIZE"}
)


# Nouns that point back at a thing named before: "the system", "the programme", "the move".
REFERRING_NOUNS = frozenset(
    {"system", "missile", "weapon", "jet", "aircraft", "program", "programme", "project",
     "deal", "pipeline", "plan", "deployment", "purchase", "move", "decision", "step",
     "delivery", "contract", "idea", "proposal", "use"}
)
def _owned(noun: Token | None) -> bool:
    """ "*its* troops", "*their* forces": the actor's own (a possessive on the noun itself),
    unless a measure ("lift its ban" ends the ban all the same)."""
    return noun is not None and noun_lemma(noun) not in RESTRICTIONS and any(
        c.lower_ in ("its", "their", "our", "his", "her") and c.dep_ == "nmod:poss"
        for c in noun.children)


_ENDED_CASES = frozenset({"to", "of", "on"})


def _halted(action: Token) -> Token | None:
    """What a halt, a ban, a withdrawal ends: its object or its "to / of / on" noun, or,
    when a weak parse hung that phrase on the verb before ("demanded a halt | to the
    pipeline"), the phrase right after the noun."""
    for c in action.children:
        if c.dep_ in ("obj", "nmod", "obl") and c.pos_ in ("NOUN", "PROPN"):
            return c
    if action.pos_ != "NOUN" or action.head == action:
        return None
    end = max(t.i for t in action.subtree)
    for sib in action.head.children:
        if sib.dep_.startswith(("obl", "nmod")) and sib.left_edge.i == end + 1 and any(
            c.dep_ == "case" and c.lower_ in _ENDED_CASES for c in sib.children
        ):
            return sib
    return None


_ABOUT_CASES = frozenset({"over", "about", "at", "regarding", "against", "to", "with"})
# Nouns of attitude an action carries ("expressed concern", "voiced opposition"): the
# stance is about their complement, not about the noun.
_ATTITUDE_NOUNS = words("concern concerns opposition support criticism anger regret "
                        "objection objections disappointment satisfaction alarm outrage "
                        "reservations doubts frustration approval backing")


def _about(noun: Token) -> Token | None:
    """What an attitude noun is about: "concern *over the talks*" (its own complement, or
    the verb's, where a parse hung it there)."""
    if noun_lemma(noun) not in _ATTITUDE_NOUNS and noun.lower_ not in _ATTITUDE_NOUNS:
        return None
    for c in [*noun.children, *(c for c in noun.head.children if c.i > noun.i)]:
        if c.dep_.startswith(("nmod", "obl")) and c.pos_ in ("NOUN", "PROPN") and any(
            k.dep_ == "case" and k.lower_ in _ABOUT_CASES for k in c.children
        ):
            return c
    return None


def _content_of(noun: Token) -> Token | None:
    """The clause a demand, a proposal, a call states: "its demand *that Egypt lift* …" (a
    clause of the noun, or of the verb right after the noun in a flatter parse)."""
    for c in noun.children:
        # (a verb with a subject and an object, even where the tagger made it a noun)
        verbal = c.pos_ == "VERB" or {"nsubj", "obj"} <= {g.dep_ for g in c.children}
        if c.dep_ in ("acl", "acl:relcl", "ccomp") and verbal and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            return c
    end = max(t.i for t in noun.subtree)
    for sib in noun.head.children:
        if sib.dep_ == "ccomp" and sib.pos_ == "VERB" and sib.left_edge.i == end + 1:
            return sib
    return None


def _without_case(words: list[Token], head: Token) -> list[Token]:
    """A noun phrase without its own preposition: "the pipeline", not "to the pipeline"."""
    return [t for t in words if not (t.dep_ == "case" and t.head == head)]


def _infinitive(verb: Token) -> Token | None:
    """ "asked Chile *to send* …" when the parse hung the infinitive on the object."""
    for child in verb.rights:
        if child.dep_ in ("conj", "cc", "parataxis", "punct"):
            continue  # "backed the ban but urged them to exempt …": another clause's
        for tok in [child, *child.children]:
            if tok.pos_ == "VERB" and tok.i > verb.i and any(
                m.dep_ == "mark" and m.lower_ == "to" for m in tok.children
            ):
                return tok
    return None


_CALLERS = frozenset({"call", "describe", "deem", "consider", "label", "term", "brand"})
# Nouns that name the action told just before ("the move", "the decision").
ACT_NOUNS = frozenset({"move", "decision", "step", "action", "measure"})
# What was proposed is what "the proposal", "the idea", "the offer" mean later on.
PROPOSAL_NOUNS = frozenset({"proposal", "idea", "offer", "request", "demand", "plan",
                            "suggestion", "call"})
TARGET_WORDS = 18  # a stance target may say more than a headline: "… to Ukraine"
_TARGET_CASES = frozenset({"to", "on", "upon", "against", "for", "of", "with", "in", "over"})


def _flip(polarity: str) -> str:
    return {"for": "against", "against": "for"}.get(polarity, polarity)


class StanceReader:
    def __init__(
        self, doc: Doc, refs: Referents, things: list[ThingMention], timexes: list[Timex]
    ) -> None:
        self.doc = doc
        self.refs = refs
        self.things = things
        self.timex_tokens: set[int] = set()
        for tx in timexes:  # dates are never what a stance is about
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is not None:
                self.timex_tokens.update(t.i for t in span)

    # -- targets and issues --------------------------------------------------------------

    def _things_in(self, tokens: list[Token]) -> list[str]:
        if not tokens:
            return []
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        return list(
            dict.fromkeys(m.thing for m in self.things if start <= m.start and m.end <= end)
        )

    @staticmethod
    def _kept(action: Token | None, phrase: str, skip: set[int]) -> str:
        """After a halt, a ban, an abandonment the stance is about what is halted: the target
        reads as that ("the S-400 system"), its polarity already turned."""
        if action is None:
            return phrase
        phrasal = any(c.i > action.i and (verb_lemma(action), c.lower_)
                      in CESSATION_PHRASAL for c in action.children)
        if verb_lemma(action) not in CESSATION | CESSATION_NOUNS and not phrasal:
            return phrase
        if _owned(next((c for c in action.children if c.dep_ == "obj"), None)):
            return phrase  # "withdrawing its troops": the withdrawal is the target
        obj = _halted(action)
        if obj is None:  # a weak parse: the noun phrase right after the verb
            words = []
            for tok in action.doc[action.i + 1 : min(action.i + 8, action.sent.end)]:
                if tok.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"):
                    break
                words.append(tok)
            return phrases.join(words) or phrase if any(
                t.pos_ in ("NOUN", "PROPN") for t in words) else phrase
        return phrases.join(_without_case(phrases.subtree_tokens(obj, skip), obj)) or phrase

    def _recipient(self, action: Token | None, holder: str) -> str:
        """Who a transfer goes to: the actor of a "to"/"into" oblique or an indirect object of
        the action ("send X *to Ukraine*", "give *Kyiv* the systems"), not any actor named
        in the phrase ("its *Russian*-made system" is not going to Russia)."""
        if action is None:
            return ""
        for child in action.children:
            if child.dep_ == "iobj" or any(
                c.dep_ == "case" and c.lower_ in ("to", "into", "towards") for c in child.children
            ):
                for name in self.refs.of(child):
                    if name != holder:
                        return name
        return ""

    def resolved(self, tokens: list[Token]) -> list[str]:
        """The thing a phrase refers back to: "the system", "their deployment", "the
        programme", "the move" name no thing themselves; the nearest thing named before them
        (in a lede: right after) is what they mean."""
        if not tokens:
            return []
        refers = any(
            t.lemma_.lower() in REFERRING_NOUNS
            and any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
                    or c.dep_ == "nmod:poss" for c in t.children)
            for t in tokens
        ) or any(t.lower_ in ("its", "their") and t.dep_ == "nmod:poss" for t in tokens) or (
            len(tokens) == 1 and tokens[0].lower_ in ("they", "it", "them")
        )
        if not refers:
            return []
        start = min(t.idx for t in tokens)
        acts = [t for t in tokens if t.lemma_.lower() in ACT_NOUNS]
        if acts and acts[0].sent.start > 0:
            # "Chile has called the move unfair": the move is what the sentence before did,
            # and it is about what that sentence's action was about
            before_sent = self.doc[acts[0].sent.start - 1].sent
            while not before_sent.text.strip() and before_sent.start > 0:
                before_sent = self.doc[before_sent.start - 1].sent
            verb = main_verb(before_sent)
            objs = [t for o in clause(verb).objects for t in o.subtree]
            named = self._things_in(objs) or (self.resolved(objs) if objs else [])
            if named:
                return named[:1]
        if len(tokens) == 1 and tokens[0].pos_ == "PRON":
            # "the Mistral ships could be sold … and that they are unsafe": a pronoun
            # subject takes up the sentence's earlier subject when it names a thing
            sent = tokens[0].sent
            for subj in (t for t in sent if t.dep_ in ("nsubj", "nsubj:pass") and t.i <
                         tokens[0].i):
                named = self._things_in(list(subj.subtree))
                if named:
                    return named[:1]
        before = [m for m in self.things if m.end <= start and start - m.end < 900]
        if before:
            return [before[-1].thing]
        after = [m for m in self.things if m.start >= start and m.start - start < 900]
        return [after[0].thing] if after else []

    def _actors_in(self, tokens: list[Token]) -> list[str]:
        if not tokens:
            return []
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        return self.refs.within(start, end)

    def _issue(self, action: Token | None, tokens: list[Token], polarity: str,
               holder: str) -> tuple[str, str, str]:
        """(issue label, grouping key, polarity towards it) for a target."""
        things = self._things_in(tokens) or self.resolved(tokens)
        actors = [a for a in self._actors_in(tokens) if a != holder]
        lemma = verb_lemma(action) if action is not None else ""
        # "transferring" tagged as a noun still names the transfer; "an order" is no purchase
        acting = action is not None and (
            is_verbal(action) or action.tag_ == "VBG" or action.lower_.endswith("ing"))
        if acting:
            lemma = next((x for x in lemmas(action) if x in ACTION_GROUPS or x in CESSATION),
                         lemma)
        if action is not None and any(
            c.i > action.i and (lemma, c.lower_) in CESSATION_PHRASAL for c in action.children
        ):
            lemma = "abandon"  # "give X up", "call X off"
        group = ACTION_GROUPS.get(lemma, "") if acting else ""
        # "withdrawing *its* troops": one's own (the object's possessive, not one further in)
        obj = next((c for c in action.children if c.dep_ == "obj"), None) if (
            action is not None) else None
        own = _owned(obj if obj is not None else self._head_noun(tokens))
        ended = _halted(action) if action is not None else None
        bare = action is not None and action.pos_ == "NOUN" and ended is None and not things
        if (lemma in CESSATION or lemma in CESSATION_NOUNS) and not own and not bare:
            polarity = _flip(polarity)  # for a halt of X is against X
            group = ""
            obj = ended  # the issue is X
        # (backing "the ban" with nothing named after it is being for the ban itself)
        elif own and obj is not None and action is not None and lemma in CESSATION:
            # withdrawing one's own troops is a concession, not a stand against them: the
            # issue is the withdrawal itself
            label = phrases.gerund_phrase(action, set(), 6)
            return label, f"{lemma}|{noun_lemma(obj)}", polarity
        if things:
            label = " / ".join(things[:2])
            if group:
                label += f" {group}"
                to = self._recipient(action, holder)
                if to:
                    label += f" to {to}"
            key = label.lower()
            return label, key, polarity
        head = obj  # the action's object, even when the tagger made the verb a noun
        head = head or self._head_noun(tokens)
        head_is_actor = head is not None and self.refs.at(head) is not None
        if actors and (head is None or head_is_actor) and (action is None or not group):
            return actors[0], f"actor:{actors[0].lower()}", polarity
        if head is not None:
            # "the Indian proposal for an FTA": the head noun and what it says, grouped by
            # the noun's lemma and the actors it names (two countries' proposals stay apart)
            words = [t for t in _without_case(phrases.subtree_tokens(head, set()), head)
                     if (t.dep_ not in ("det", "punct") or t.lower_ == "no")  # "no-deal"
                     and not (t.dep_ == "nmod:poss" and t.pos_ == "PRON")]
            label = phrases.join(words, 6) or head.lemma_
            key = "|".join([head.lemma_.lower(), *sorted(a.lower() for a in actors)])
            if group:  # "system transfer to Ukraine"
                named = [t for t in words if t == head or (t.head == head and t.dep_ in (
                    "compound", "amod", "flat"))]  # "jet purchase", not "than 100 jets"
                label = f"{phrases.join(named[-3:], 3)} {group}"
                to = self._recipient(action, holder)
                label += f" to {to}" if to else ""
                key = f"{group}|{key}"
            return label, key, polarity
        text = phrases.join(tokens, 5)
        return text, text.lower(), polarity

    @staticmethod
    def _head_noun(tokens: list[Token]) -> Token | None:
        for tok in tokens:
            if tok.pos_ in ("NOUN", "PROPN") and (tok.head not in tokens or tok.head == tok):
                return tok
        return next((t for t in tokens if t.pos_ in ("NOUN", "PROPN")), None)

    def _target(self, verb: Token, skip: set[int]) -> tuple[Token | None, list[Token], str]:
        """What ``verb`` is for or against: (the action, its words, readable phrase)."""
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and is_verbal(c)), None)
        if xcomp is None:
            xcomp = _infinitive(verb)
        if xcomp is not None:
            words = [t for t in phrases.subtree_tokens(xcomp, skip)]
            return xcomp, words, phrases.gerund_phrase(xcomp, skip, TARGET_WORDS)
        patient = next((c for c in verb.children if c.dep_ == "nsubj:pass"
                        and c.i not in skip), None)
        if patient is not None:  # "a missionary was arrested": what is done is done to it
            words = phrases.subtree_tokens(patient, skip)
            return None, words, phrases.join(words, TARGET_WORDS)
        for child in verb.children:
            if child.i in skip or (child.i < verb.i and child.dep_.startswith("obl")):
                continue  # ("For example, Canada blocked …": a left oblique is no target)
            if child.dep_ in ("obj", "ccomp") or (
                child.dep_.startswith("obl") and
                any(c.dep_ == "case" and c.lower_ in _TARGET_CASES for c in child.children)
            ):
                act = stated_act(child)
                if act is not None:  # "issued a declaration demanding that …": what it demands
                    return self._target(act, skip)
                about = _about(child) if child.dep_ == "obj" else None
                if about is not None:  # "expressed concern over the stalled talks"
                    words = _without_case(phrases.subtree_tokens(about, skip), about)
                    return None, words, phrases.join(words, TARGET_WORDS)
                said = _content_of(child) if noun_lemma(child) in PROPOSAL_NOUNS else None
                if said is not None:  # "repeated its demand that Egypt lift the curfew"
                    return said, phrases.subtree_tokens(said, skip), phrases.gerund_phrase(
                        said, skip, TARGET_WORDS)
                words = phrases.subtree_tokens(child, skip)
                ended = _halted(child) if noun_lemma(child) in CESSATION_NOUNS else None
                if ended is not None and ended.head != child:  # "a halt | to the pipeline"
                    words = [*words, *phrases.subtree_tokens(ended, skip)]
                if child.pos_ == "VERB":  # "rejected transferring the frigates"
                    return child, words, phrases.gerund_phrase(child, skip, TARGET_WORDS)
                inner = child if child.pos_ == "NOUN" else None
                # "the idea of sending X", "a halt to Nord Stream 2": the inner action
                for g in child.subtree:
                    if (g.tag_ == "VBG" and g.head == child) or (
                        g.pos_ == "VERB" and g.dep_ in ("acl", "nmod") and g.head == child):
                        return g, words, phrases.join(words, TARGET_WORDS)
                return inner, words, phrases.join(words, TARGET_WORDS)
        words = [t for t in linear_object(verb) if t.i not in skip]
        if words and any(t.pos_ in ("NOUN", "PROPN") for t in words):
            return None, words, phrases.join(words)
        return None, [], ""

    # -- the sources of stances --------------------------------------------------------------

    def from_event(self, event: Event, sent: SpacySpan, skip: set[int]) -> list[Stance]:
        polarity = "for" if event.event_type == "REQUEST" else plover.polarity_of(
            event.event_type
        )  # asking for an action is being for it
        if polarity is None or not event.source:
            return []
        holder = event.source[0]
        root = self._event_verb(sent, event)
        if root is None:
            return []
        verbs = content_verbs(frame(sent)) if frame(sent).content else []
        if event.noun is not None:
            # an event a noun names ("the invasion that began on 24 February"): a position
            # towards whom it was done, if the sentence says; the sentence's words are
            # another clause's
            if not event.target:
                return []
            label = event.target[0]
            return [self._stance(holder, polarity, label, f"actor:{label.lower()}", label,
                                 event, sent)]
        drawn = next((cl for v in verbs if (cl := clause(v)).reaction), None)
        if drawn is not None:  # "drew objections from Egypt": Egypt against the subject
            if event.target:
                label = event.target[0]
                return [self._stance(holder, polarity, label, f"actor:{label.lower()}", label,
                                     event, sent)]
            words = [t for o in drawn.objects[:1] for t in phrases.subtree_tokens(o, skip)]
            if not words:
                return []
            label, key, pol = self._issue(None, words, polarity, holder)
            return [self._stance(holder, pol, phrases.join(words, TARGET_WORDS), key, label,
                                 event, sent)]
        action, words, phrase = self._target(root, skip)
        demanded = (  # "demanded that Israel ease X": the content clause, not a request verb
            event.event_type == "REQUEST" and root.dep_ in ("ccomp", "parataxis")
            and any(c.dep_ == "nsubj" for c in root.children)
            and getattr(plover.verb_category(verb_lemma(root)), "name", "") != "REQUEST"
        )
        if demanded or (
            event.event_type == "REJECT"
            and root.pos_ == "VERB"
            and plover.verb_category(verb_lemma(root)) is None
            and clause(root).negated  # "will not send X" (not "voiced opposition to X")
        ):
            # "will not send the systems": against the sending, the verb itself
            action = root
            words = phrases.subtree_tokens(root, skip)
            phrase = phrases.gerund_phrase(root, skip)
        if event.event_type in ("REQUEST",) and action is not None:
            polarity = "for"  # asking for an action is being for it
        if event.event_type == "REQUEST" and action is None:
            return []
        if not words and event.target:
            label = event.target[0]
            return [self._stance(holder, polarity, label, f"actor:{label.lower()}", label,
                                 event, sent)]
        if not words:
            return []
        named = self._things_in(words)
        if event.event_type in ACTS_ON_ACTORS and named:
            # "halted the certification of Nord Stream 2": against the thing it is done to
            label = named[0]
            return [self._stance(holder, polarity, phrase or label, label.lower(), label,
                                 event, sent)]
        if event.event_type in ACTS_ON_ACTORS and event.target:
            # a sanction, an accusation, an attack: against whom it is done, as it stands
            label = event.target[0]
            return [self._stance(holder, polarity, phrase or label, f"actor:{label.lower()}",
                                 label, event, sent)]
        label, key, pol = self._issue(action, words, polarity, holder)
        if event.event_type == "THREATEN":
            pol = "against"  # "threatened to stop the talks": a threat stays hostile
        phrase = self._kept(action, phrase, skip)
        return [self._stance(holder, pol, phrase or label, key, label, event, sent)]

    def _event_verb(self, sent: SpacySpan, event: Event) -> Token | None:
        fr = frame(sent)
        for top in fr.content:
            for verb in coordinated(top):
                cl = clause(verb)
                if cl.negated or (cl.category is not None and cl.category.name in (
                    event.event_type, "REJECT", "AGREE")):
                    return cl.intent if cl.intent is not None else cl.verb
        # the clause the event came from may be a governed one ("reports appeared …, when
        # officials *dismissed* them"): the same search the event reading made
        for verb in content_verbs(fr) if fr.content else []:
            cl = clause(verb)
            if cl.category is not None and cl.category.name == event.event_type:
                return cl.intent if cl.intent is not None else cl.verb
        return fr.content[0] if fr.content else sent.root

    def attitudes(self, sent: SpacySpan, skip: set[int], quoted: bool,
                  covered: set[str]) -> list[Stance]:
        """Stances of wanting/opposing and evaluation that no event carried."""
        out: list[Stance] = []
        fr = frame(sent)
        speakers = [n for t in fr.speakers for n in self.refs.of(t, quoted)]
        attribution = Attribution(speakers[0] if speakers else "", "", quoted or is_quoted(sent))
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN", "ADV"):
                continue
            if not is_verbal(tok):
                if tok.lemma_.lower() not in EVALUATIVE and tok.lower_ not in EVALUATIVE:
                    continue
                lemma = tok.lemma_.lower() if tok.lemma_.lower() in EVALUATIVE else tok.lower_
            else:
                lemma = verb_lemma(tok)
            if is_verbal(tok) and lemma in WANTING | OPPOSING:
                cl = clause(tok)
                inside = quoted or is_quoted(sent)
                holders = [n for s in cl.subjects for n in self.refs.of(s, inside)]
                if not holders and speakers and not cl.subjects:
                    holders = speakers
                if not holders:
                    continue
                action, words, phrase = self._target(tok, skip)
                if not words:
                    continue
                pol = "for" if lemma in WANTING else "against"
                if cl.negated or any(
                    c.lower_ in ("not", "n't", "never") for c in (cl.intent or tok).children
                ):
                    pol = _flip(pol)
                if action is not None and action != tok and any(
                    c.lower_ in ("not", "n't", "never") for c in action.children
                ):
                    pol = _flip(pol)
                label, key, pol = self._issue(action, words, pol, holders[0])
                if (holders[0], key) in covered:
                    continue
                phrase = self._kept(action, phrase, skip)
                out.append(self._raw(holders[0], pol, phrase, key, label, sent, attribution))
            elif lemma in NEGATIVE | POSITIVE:
                out.extend(self._evaluation(tok, sent, skip, speakers, attribution, quoted))
        return out

    def _evaluation(self, tok: Token, sent: SpacySpan, skip: set[int], speakers: list[str],
                    attribution: Attribution, quoted: bool) -> list[Stance]:
        """ "X is unacceptable", "called X a historic understanding", "Abandoning X is out
        of the question": the holder is the one who says (or calls) it."""
        pol = "for" if tok.lemma_.lower() in POSITIVE else "against"
        if tok.lower_ == "question":
            words = [t.lower_ for t in self.doc[max(tok.i - 3, 0): tok.i + 1]]
            if tuple(words) != _OUT_OF_THE_QUESTION:
                return []
        head = tok
        # "called the deal a historic understanding": xcomp/obj of call
        caller = None
        for anc in tok.ancestors:
            if anc.lemma_.lower() in _CALLERS:
                caller = anc
                break
            if anc.head == anc or (is_verbal(anc) and anc.dep_ != "cop"):
                break
        if caller is None:
            # "called the move unfair" with the adjective hung elsewhere by the parse: a
            # calling verb whose object ends right before the evaluative word
            caller = next((
                v for v in tok.sent if v.lemma_.lower() in _CALLERS and v.i < tok.i
                and any(o.dep_ == "obj" and o.right_edge.i == tok.i - 1 for o in v.children)
            ), None)
        if caller is not None:
            cl = clause(caller)
            holders = [n for s in cl.subjects for n in self.refs.of(s, quoted)]
            rel = next((s for s in cl.subjects if s.lower_ in ("which", "who")), None)
            if not holders and rel is not None:  # "… from Egypt, which called the move …":
                before = rel.i - 1  # the noun right before the relative pronoun
                while before > rel.sent.start and rel.doc[before].is_punct:
                    before -= 1
                holders = self.refs.of(rel.doc[before], quoted)
            holders = holders or speakers
            obj = next((c for c in caller.children if c.dep_ == "obj"), None)
            if not holders or obj is None:
                return []
            words = phrases.subtree_tokens(obj, skip)
            label, key, pol = self._issue(None, words, pol, holders[0])
            return [self._raw(holders[0], pol, phrases.join(words), key, label, sent,
                              attribution)]
        # predicate evaluation: subject of the copula clause
        if tok.pos_ == "NOUN" and tok.dep_ in ("obj", "iobj"):
            # "expressed regret over the decision": the verb's subject, about the complement
            about = _about(tok)
            if about is None:
                return []
            subjects_of = clause(tok.head).subjects if is_verbal(tok.head) else []
            holders = [n for s in subjects_of for n in self.refs.of(s, quoted)] or speakers
            if not holders:
                return []
            words = _without_case(phrases.subtree_tokens(about, skip), about)
            label, key, pol = self._issue(None, words, pol, holders[0])
            return [self._raw(holders[0], pol, phrases.join(words, TARGET_WORDS), key, label,
                              sent, attribution)]
        clause_head = head.head == head or head.dep_ in ("ccomp", "conj", "parataxis")
        pred = head if clause_head else head.head
        subj = next((c for c in pred.children if c.dep_ in ("nsubj", "csubj")), None)
        named = self.refs.at(subj) if subj is not None else None
        if subj is None or not speakers or (named is not None and named.actor == speakers[0]):
            return []  # (a misread "X said …" makes the speaker the thing evaluated)
        # the whole subject, parentheses too: "Leaving (the customs union)"
        words = [t for t in subj.subtree if t.i not in skip]
        action = subj if is_verbal(subj) or subj.tag_ == "VBG" else None
        phrase = self._kept(action, phrases.join(words, TARGET_WORDS), skip)
        if tok.lower_ == "question":
            pol = "against"  # "X is out of the question": against X
        if any(c.lower_ in ("not", "n't") for c in pred.children):
            pol = _flip(pol)
        label, key, pol = self._issue(action, words, pol, speakers[0])
        return [self._raw(speakers[0], pol, phrase, key, label, sent, attribution)]

    def about_the_act(self, stance: Stance, act: Stance | None) -> Stance:
        """ "The United States welcomed *the decision*" (to halt Nord Stream 2): for the
        decision is the decision's own stance, against it the opposite — on the same issue,
        when that issue is a thing (a decision against an actor stays the actor's matter)."""
        if act is None or act.holder == stance.holder or act.target_key.startswith("actor:"):
            return stance
        words = stance.target.split(" (")[0].lower().split()  # "(S-400)" was added by us
        if not (len(words) <= 4 and any(w in ACT_NOUNS for w in words)):
            return stance
        stance.polarity = act.polarity if stance.polarity == "for" else _flip(act.polarity)
        stance.target = f"{stance.target.split(' (')[0]} ({act.target})"
        stance.target_key, stance.issue = act.target_key, act.issue
        return stance

    def what_was_done(self, stances: list[Stance], act: Stance | None) -> list[Stance]:
        return [self.about_the_act(s, act) for s in stances]

    def what_was_proposed(self, stance: Stance, proposed: Stance | None) -> Stance:
        """ "Lima refused *the proposal*": the stance is about what was proposed."""
        if proposed is None or proposed.holder == stance.holder:
            return stance
        words = stance.target.lower().replace("(", " ").split()
        if len(words) <= 4 and any(w in PROPOSAL_NOUNS for w in words):
            stance.target = proposed.target
            stance.target_key = proposed.target_key
            stance.issue = proposed.issue
        return stance

    def said_no(self, sent: SpacySpan, quoted: bool, proposed: Stance | None) -> Stance | None:
        """ "… and we said no": a refusal of what was just asked, by whoever says "no"."""
        if proposed is None:
            return None
        for tok in sent:
            if tok.lower_ != "no" or tok.head.lemma_.lower() not in ("say", "answer", "reply"):
                continue
            holders = [n for s in clause(tok.head).subjects
                       for n in self.refs.of(s, quoted or is_quoted(sent))]
            if not holders:
                fr = frame(sent)
                holders = [n for t in fr.speakers for n in self.refs.of(t, quoted)]
            if not holders and self.refs.speaker:
                holders = [self.refs.speaker]  # "we said no," he said: the speaker
            if not holders or holders[0] == proposed.holder:
                return None
            return Stance(
                holder=holders[0],
                polarity="against",
                target=proposed.target,
                target_key=proposed.target_key,
                evidence=Span(sent.start_char, sent.end_char),
                issue=proposed.issue,
            )
        return None

    # -- records ---------------------------------------------------------------------------

    def _named(self, target: str, label: str) -> str:
        """The target with the thing it refers to, when it does not say it: "their
        deployment (S-400)"."""
        for name in dict.fromkeys(m.thing for m in self.things):
            if label.startswith(name) and name.lower() not in target.lower():
                return f"{target} ({name})"
        return target

    def _stance(self, holder: str, polarity: str, target: str, key: str, label: str,
                event: Event, sent: SpacySpan) -> Stance:
        return Stance(
            holder=holder,
            polarity=polarity,
            target=self._named(_lower_article(target), label),
            target_key=key,
            evidence=Span(sent.start_char, sent.end_char),
            date=event.date,
            event_id=event.id,
            attribution=event.attribution,
            issue=label,
        )

    def _raw(self, holder: str, polarity: str, target: str, key: str, label: str,
             sent: SpacySpan, attribution: Attribution) -> Stance:
        return Stance(
            holder=holder,
            polarity=polarity,
            target=self._named(_lower_article(target or label), label),
            target_key=key,
            evidence=Span(sent.start_char, sent.end_char),
            attribution=attribution if attribution.speaker else None,
            issue=label,
        )


def find_stances(
    text: str,
    doc: Doc,
    refs: Referents,
    things: list[ThingMention],
    events: list[Event],
    timexes: list[Timex],
) -> list[Stance]:
    """Stances in text order; each event with a position gives its actor's stance."""
    reader = StanceReader(doc, refs, things, timexes)
    by_start: dict[int, list[Event]] = {}
    for event in events:
        by_start.setdefault(event.evidence.start, []).append(event)
    out: list[Stance] = []
    open_quote = False
    proposed: Stance | None = None  # the last thing asked or offered ("the proposal")
    act: Stance | None = None  # the last act's stance ("the decision", "the move")
    for sent in doc.sents:
        quoted = open_quote
        open_quote = quote_state(text, sent.start_char, sent.end_char, open_quote)
        if len(sent.text) > MAX_SENTENCE:
            continue
        skip = reader.timex_tokens
        covered: set[tuple[str, str]] = set()
        for event in by_start.get(sent.start_char, []):
            # pronouns in this sentence resolve as the events' reading resolved them
            if event.attribution is not None and event.attribution.speaker:
                refs.speaker = event.attribution.speaker
                refs.remember([event.attribution.speaker])
        for event in by_start.get(sent.start_char, []):
            for stance in reader.what_was_done(reader.from_event(event, sent, skip), act):
                stance = reader.what_was_proposed(stance, proposed)
                # "Egypt and Sudan objected": each source holds the position
                for holder in [stance.holder, *(s for s in event.source[1:]
                                                if s != stance.holder)]:
                    out.append(replace(stance, holder=holder))
                    covered.add((holder, stance.target_key))
                if event.event_type in ("REQUEST", "AGREE") and stance.polarity == "for":
                    proposed = stance
                elif event.event_type in _MEASURES_TAKEN:
                    act = stance  # an act, not words: what "the move", "the decision" can mean
        refusal = reader.said_no(sent, quoted, proposed)
        if refusal is not None and (refusal.holder, refusal.target_key) not in covered:
            out.append(refusal)
            covered.add((refusal.holder, refusal.target_key))
        told = [s for s in out if s.evidence.start == sent.start_char]
        for stance in reader.attitudes(sent, skip, quoted, covered):
            stance = reader.what_was_proposed(reader.about_the_act(stance, act), proposed)
            if _said_already(stance, told):
                continue
            if (stance.holder, stance.target_key) not in covered:
                covered.add((stance.holder, stance.target_key))
                stance.event_id = next(
                    (e.id for e in events if e.evidence.start <= stance.evidence.start
                     < e.evidence.end), None)
                out.append(stance)
    return [s for s in out if _readable(s)]


_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those", "both", "him", "her"})


def _lower_article(target: str) -> str:
    """ "The deal" at a sentence's start is "the deal" as a target."""
    first, _, rest = target.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("The", "A", "An") else target


def _said_already(stance: Stance, told: list[Stance]) -> bool:
    """The same position in other words, from the sentence's event ("wants a ban on Huawei
    equipment": against "a ban on Huawei equipment" already says against "Huawei
    equipment")."""
    mine = stance.target.lower()
    return any(
        s.holder == stance.holder and s.polarity == stance.polarity
        and (mine in s.target.lower() or s.target.lower() in mine)
        for s in told
    )


def _readable(stance: Stance) -> bool:
    """A target that is only a pronoun ("welcomed it") says nothing a reader can use, nor
    one that is the holder itself ("US authorities" against "US authorities")."""
    if stance.target_key == f"actor:{stance.holder.lower()}":
        return False
    words = stance.target.lower().split()
    if len(words) == 1 and words[0].endswith("ing"):
        return False  # a bare "publishing": publishing what?
    if 1 < len(words) <= 2 and words[-1] in _PRONOUNS | {"there", "so", "here"}:
        return False  # "staying there", "doing so"
    resolved = "(" in stance.target  # "they (S-400)": the pronoun resolved to a thing
    return bool(words) and (resolved or not (len(words) <= 2 and words[0] in _PRONOUNS))


def label_groups(stances: list[Stance]) -> dict[str, str]:
    """Grouping key → the readable issue label (the first one given for that key)."""
    labels: dict[str, str] = {}
    for s in stances:
        labels.setdefault(s.target_key, s.issue or s.target)
    return labels
