"""What each sentence says, read from its dependency tree: predicates and their arguments.

A :class:`Clause` is one predicate (a verb, or an event noun under a light verb: "imposed
sanctions", "announced a suspension") with its subject, its objects and obliques, negation,
tense and modality, and the clause it governs ("agreed *to withdraw*", "said *that …*").
Labels are Universal Dependencies v2 (the treebank the pipeline is trained on).

``frame`` finds the reporting structure of a sentence: who says it (a reporting verb's
subject, "according to X") and what is said (the complement, or the rest of the sentence).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from lemminflect import getLemma
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ingest import plover
from ingest.plover import Category
from ingest.wordlists import words

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "nsubj:outer", "expl"})
OBJECT_DEPS = frozenset({"obj", "iobj"})
# Obliques that name a party to the action ("to Kyiv", "against Israel", "with Russia").
PARTY_CASES = frozenset(
    {"to", "with", "against", "from", "on", "at", "for", "toward", "towards", "over", "into",
     "between", "among"}
)
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "parataxis", "acl", "acl:relcl"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nor"})
# Verbs that carry an event noun as their object: the noun is the predicate.
LIGHT_VERBS = words(
        "impose issue make hold launch announce order conduct stage lodge file express voice "
        "carry begin start open extend grant offer sign reach give deliver level mount"
    )
# Verbs of stance or description that never make an event of their own.
STATIVE = words(
        "be have remain seem appear become stay belong consist contain include involve depend "
        "exist mean matter need lack know think believe feel hope"
    )
# "is willing / prepared / ready to withdraw": a promise (AGREE) when the inner action is one.
WILLING = words("willing prepared ready committed determined eager")
INTENT_VERBS = words(
        "plan want intend aim try seek hope expect decide prepare continue begin start wish "
        "mean attempt be_set"
    )
_HAVE = frozenset({"have", "has", "'ve", "having"})
_BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re"})
MODALS = frozenset({"will", "would", "shall", "should", "may", "might", "can", "could", "must"})
_QUOTES = '"“”'


@dataclass(slots=True)
class Clause:
    head: Token  # the predicate: a verb, or an event noun ("sanctions")
    verb: Token  # the verb the clause is built on (== head unless head is a noun)
    category: Category | None
    negated: bool = False
    tense: str = "present"  # past | present | future | perfect | pluperfect | nonfinite
    modal: str = ""
    subjects: list[Token] = field(default_factory=list)
    objects: list[Token] = field(default_factory=list)  # obj/iobj/party obliques, noun heads
    passive: bool = False
    intent: Token | None = None  # "agreed" in "agreed to withdraw"
    refusal: bool = False  # REJECT read from a negated future ("will not send")
    reaction: str = ""  # "object to": the verb of a reaction drawn from others ("drew …")

    @property
    def lemma(self) -> str:
        return self.head.lemma_.lower()


def lemmas(tok: Token) -> tuple[str, ...]:
    """The model's lemma, then the dictionary lemma of ``lemminflect`` for the word as a verb
    or noun: the trained lemmatizer is right most of the time, the dictionary covers the rest
    ("expelled" → "expel")."""
    first = tok.lemma_.lower() or tok.lower_
    upos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else "VERB"
    more = _dictionary_lemmas(tok.lower_, upos) if tok.is_alpha else ()
    if first == tok.lower_ and tok.tag_ in ("VBG", "VBD", "VBN", "VBZ") and more:
        return tuple(dict.fromkeys((*more, first)))  # an inflected form left as it was
    return tuple(dict.fromkeys((first, *more)))


@lru_cache(maxsize=65536)  # words repeat; the dictionary lookup is the costly part
def _dictionary_lemmas(word: str, upos: str) -> tuple[str, ...]:
    return tuple(getLemma(word, upos=upos, lemmatize_oov=False))


def verb_lemma(tok: Token) -> str:
    """The lemma to look a verb up by (the first of ``lemmas`` that the lexicon knows)."""
    first = tok.lemma_.lower()
    if first and first != tok.lower_ and (
        first in plover.VERBS or first in plover.REPORTING or first in plover.INTENT
    ):
        return first  # the model's lemma, known: no dictionary needed
    for lemma in lemmas(tok):
        if lemma in plover.VERBS or lemma in plover.REPORTING or lemma in plover.INTENT:
            return lemma
    if first == tok.lower_ and tok.lower_.endswith("ed"):  # "owed" read as an adjective: "owe"
        verb = _dictionary_lemmas(tok.lower_, "VERB")
        if verb and verb[0] != first:
            return verb[0]
    return lemmas(tok)[0]


def noun_lemma(tok: Token) -> str:
    for lemma in lemmas(tok):
        if lemma in plover.NOUNS:
            return lemma
    return lemmas(tok)[0]


def is_verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def particle(verb: Token) -> str:
    """The particle of a phrasal verb ("call *for*" is a case-marked oblique in UD)."""
    for child in verb.children:
        if child.dep_ == "compound:prt":
            return child.lower_
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_.startswith("obl") and child.i > verb.i:
            for case in child.children:
                if case.dep_ != "case":
                    continue
                if case.i == verb.i + 1 or (lemma, case.lower_) in plover.PARTICLES:
                    return case.lower_  # "called Thursday *on* Arabs to unite"
    return ""


def negated(verb: Token) -> bool:
    return any(c.lower_ in NEGATIONS and c.dep_ in ("advmod", "neg", "det") for c in verb.children)


def tense_of(verb: Token) -> tuple[str, str]:
    """(tense, modal) of a verb group: "will not send" → (future, will)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:pass")]
    modal = next((a.lower_ for a in auxes if a.lower_ in MODALS), "")
    if modal in ("will", "shall") or any(a.lower_ in ("'ll", "wo") for a in auxes):
        return "future", modal or "will"
    if any(a.lower_ in ("had", "'d") for a in auxes):
        return "pluperfect", modal
    if any(a.lower_ in _HAVE for a in auxes):
        return "perfect", modal
    if any(a.lower_ == "going" for a in auxes):
        return "future", modal
    if modal:
        return "present", modal
    verb_form = verb.morph.get("VerbForm")
    if "Inf" in verb_form or "Ger" in verb_form or verb.dep_ in ("xcomp",):
        return "nonfinite", modal
    past = "Past" in verb.morph.get("Tense") and "Fin" in verb_form
    past = past or any(a.lower_ in ("did", "was", "were") for a in auxes)
    if verb.tag_ == "VBD":
        past = True
    return ("past" if past else "present"), modal


def subjects(verb: Token) -> tuple[list[Token], bool]:
    """The subject heads of ``verb`` (with coordinated ones) and whether it is passive.

    An infinitive or a coordinated verb without its own subject takes its governor's: "Ankara
    refused to send" (xcomp), "Turkey bought and deployed" (conj)."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            break
        found = [c for c in current.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
        if not found:  # a subject hung on the auxiliary ("Chile has … rejected")
            found = [
                g for a in current.children if a.dep_ in ("aux", "aux:pass")
                for g in a.children if g.dep_ in SUBJECT_DEPS and g.dep_ != "expl"
            ]
        found = [_past_time_word(c) for c in found]
        found = [c for c in found if c is not None]
        if found:
            # a passive has its auxiliary: "was removed"; a weak parse's "nsubj:pass" on
            # "The government welcomed" is an active subject
            passive = (
                any(c.dep_ == "nsubj:pass" for c in found)
                and current == verb
                and any(a.dep_ == "aux:pass" or a.lower_ in _BE_FORMS for a in verb.children)
            )
            heads = []
            for subj in found:
                heads.append(subj)
                heads.extend(c for c in subj.children if c.dep_ == "conj")
            return heads, passive
        if current == verb:
            # an unlabelled noun phrase right before the verb is its subject in English
            left = [
                c for c in verb.lefts
                if c.pos_ in ("PROPN", "NOUN", "PRON") and c.dep_ in ("dep", "discourse",
                                                                     "nmod", "amod", "compound")
                and not any(k.dep_ == "case" for k in c.children)
            ]
            if left:
                return [left[-1]], False
        if current.dep_ in ("xcomp", "conj", "advcl") and current.head != current:
            current = current.head
        elif current.dep_ in ("acl", "acl:relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            head = current.head  # "Costa and a group of senators met the envoys" read as
            # "a group … who met": the coordinated noun phrase is the subject
            return ([head.head, head] if head.dep_ == "conj" else [head]), False
        else:
            break
    before = _noun_before(verb)
    if before is not None and before.dep_ == "conj" and before.head.i < before.i:
        return [before.head, before], False  # "helicopters and tanks shelled …": both
    return ([before] if before is not None else []), False


_SKIP_BEFORE_VERB = frozenset({"AUX", "ADV", "PART"})
_TIME_WORDS = words(
    "today yesterday tomorrow tonight now monday tuesday wednesday thursday friday saturday "
    "sunday"
)


def _past_time_word(subject: Token) -> Token | None:
    """ "The Dutch cabinet today approved …": a weak parse takes "today" for the
    subject; the noun phrase before it is the subject."""
    if subject.lower_ not in _TIME_WORDS:
        return subject
    return _noun_before(subject)


def _noun_before(verb: Token) -> Token | None:
    """The head of the noun phrase right before ``verb`` in the same clause: English puts the
    subject there, whatever label a weak parse gave it ("police said", "Kenya deported")."""
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start and verb.doc[i].pos_ in _SKIP_BEFORE_VERB:
        i -= 1
    if i < sent_start:
        return None
    tok = verb.doc[i]
    if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    # the phrase's head: climb compounds and names ("Foreign Minister Ana Costa")
    while tok.dep_ in ("compound", "flat", "nmod:desc") and tok.head.i <= verb.i and (
        tok.head.i > tok.i
    ):
        tok = tok.head
    return tok


def passive_agents(verb: Token) -> list[Token]:
    """ "by X" of a passive verb."""
    out = []
    for child in verb.children:
        if child.dep_.startswith("obl") and any(
            c.dep_ == "case" and c.lower_ == "by" for c in child.children
        ):
            out.append(child)
    return out


def objects(pred: Token) -> list[Token]:
    """Noun heads of what ``pred`` acts on: objects, party obliques, and the "of/on/against"
    modifiers of an event noun ("sanctions on Russia")."""
    out: list[Token] = []
    for child in pred.children:
        dep = child.dep_
        if dep in OBJECT_DEPS or (
            dep.startswith("obl")
            and dep != "obl:tmod"
            and any(c.dep_ == "case" and c.lower_ in PARTY_CASES for c in child.children)
        ):
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "conj")
            # "sanctions against Russia", "the proposal of Washington"
            out.extend(
                c
                for c in child.children
                if c.dep_.startswith("nmod")
                and any(k.dep_ == "case" and k.lower_ in PARTY_CASES | {"of"} for k in c.children)
            )
        elif dep.startswith("nmod") and pred.pos_ == "NOUN":
            out.append(child)
    return out


# Verbs that break or leave what their object names: the object's event is not theirs.
_UNDOING = words("leave quit exit violate breach break abandon scrap ditch renounce tear")
# Verbs of wishing: "wants an orderly withdrawal" is no withdrawal.
_WISHING = words("want wish hope seek prefer need expect fear favour favor")


# "drew / sparked / prompted protests from X": the reaction is X's act towards the subject.
_DRAWING = words("draw prompt provoke spark trigger elicit attract earn")
_REACTIONS = words("protest criticism condemnation objection rebuke anger outrage complaint "
                   "backlash censure praise welcome support")
_APPROVALS = words("praise welcome support")
_REACTION_VERBS = {
    "protest": "protest against", "criticism": "criticise", "condemnation": "condemn",
    "objection": "object to", "rebuke": "rebuke", "anger": "express anger at",
    "outrage": "express outrage at", "complaint": "complain about", "backlash": "criticise",
    "censure": "censure", "praise": "praise", "welcome": "welcome", "support": "support",
}


def _drawn_reaction(verb: Token) -> tuple[Token, list[Token]] | None:
    """(the reaction noun, who reacts) for "drew objections from both Egypt and Sudan"."""
    if verb_lemma(verb) not in _DRAWING:
        return None
    for obj in verb.children:
        if obj.dep_ not in OBJECT_DEPS or noun_lemma(obj) not in _REACTIONS:
            continue
        for holder in [*obj.children, *verb.children]:
            if holder.dep_.startswith(("nmod", "obl")) and any(
                c.dep_ == "case" and c.lower_ == "from" for c in holder.children
            ):
                return obj, [holder, *(c for c in holder.children if c.dep_ == "conj")]
    return None


def event_noun(verb: Token) -> Token | None:
    """The event noun a light verb carries ("imposed *sanctions*", "held *talks*")."""
    lemma = verb_lemma(verb)
    own = plover.verb_category(lemma, particle(verb))
    if own is not None and lemma not in LIGHT_VERBS and lemma not in plover.REPORTING:
        return None  # "rejected the agreement": the verb says what happened, not the noun
    if lemma in _UNDOING or lemma in _WISHING:
        return None  # "left the treaty", "wants a withdrawal": not the noun's event itself
    if lemma in STATIVE and lemma != "have":
        return None
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and plover.noun_category(noun_lemma(child)):
            return child
    for child in verb.children:  # "began a mediation mission": the event is the modifier
        if child.dep_ in OBJECT_DEPS:
            for mod in child.children:
                if mod.dep_ == "compound" and plover.noun_category(noun_lemma(mod)):
                    return mod
    linear = linear_noun(verb)
    if linear is not None and plover.noun_category(noun_lemma(linear)):
        return linear  # a parse that folded the verb into a noun phrase: the noun after it
    return None


def linear_noun(verb: Token) -> Token | None:
    """For a verb the parse left without dependents on its right ("Rivera *opened* fraud
    investigations" read as one noun phrase): the head noun of the words right after it."""
    if any(c.i > verb.i and not c.is_punct for c in verb.children):
        return None
    last = None
    for tok in verb.doc[verb.i + 1 : verb.sent.end]:
        if tok.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM"):
            break
        if tok.pos_ == "NOUN":
            last = tok
    return last


def _purpose(verb: Token) -> Category | None:
    """ "shunned work *to protest* …", "blocked streets *to demand* …": the purpose clause
    names the event when the verb itself does not."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and any(
            m.dep_ == "mark" and m.lower_ == "to" for m in child.children
        ):
            cat = plover.verb_category(verb_lemma(child), particle(child))
            if cat is not None and cat.name in ("PROTEST", "REQUEST", "ACCUSE"):
                return cat
    for child in verb.children:  # "added Huawei to its entity list": a blacklisting
        if verb_lemma(verb) in ("add", "put", "place") and child.dep_.startswith("obl") and (
            noun_lemma(child) in ("list", "blacklist")
        ) and any(c.dep_ == "case" and c.lower_ in ("to", "on") for c in child.children):
            return Category("SANCTION", "discontinue")
    for child in verb.children:  # "held civilians as human shields / as hostages"
        if child.dep_.startswith("obl") and noun_lemma(child) in ("shield", "hostage") and any(
            c.dep_ == "case" and c.lower_ == "as" for c in child.children
        ):
            return Category("COERCE")
    for child in verb.children:  # "in protest of/against", "during demonstrations"
        if child.dep_.startswith("obl") and noun_lemma(child) in ("protest", "demonstration",
                                                                   "rally", "strike"):
            return Category("PROTEST")
        if child.dep_.startswith("obl") and any(
            c.dep_ == "case" and c.lower_ == "for" for c in child.children
        ) and noun_lemma(child) in ("talk", "talks", "negotiation", "meeting", "consultation"):
            return Category("CONSULT")  # "flew to Oslo for talks"
    return None


# Documents that state a position: what they do ("a declaration *demanding* …") is the act.
STATING_NOUNS = frozenset({"declaration", "statement", "communique", "communiqué",
                            "resolution", "letter", "motion", "note", "memorandum"})


def stated_act(document: Token) -> Token | None:
    """What a declaration or a resolution does: "a declaration *demanding* …" (a clause of
    the noun, or the participle right after it that a parse hung on the verb)."""
    if noun_lemma(document) not in STATING_NOUNS:
        return None
    for act in document.children:
        if act.dep_ in ("acl", "acl:relcl") and is_verbal(act):
            return act
    end = max(t.i for t in document.subtree)
    for act in document.head.children:
        if act.dep_ == "advcl" and act.tag_ == "VBG" and act.i == end + 1:
            return act
    return None


def _stated(verb: Token) -> Category | None:
    """ "issued a declaration demanding that …", "adopted a resolution condemning …": the
    category of what the document does."""
    for child in verb.children:
        act = stated_act(child) if child.dep_ in OBJECT_DEPS else None
        if act is not None:
            cat = plover.verb_category(verb_lemma(act), particle(act))
            if cat is not None and cat.name not in (plover.STATEMENT, plover.OTHER):
                return cat
    return None


def category_of(verb: Token) -> Category | None:
    """The PLOVER category of the clause built on ``verb`` (None: no event predicate)."""
    lemma = verb_lemma(verb)
    if lemma in WILLING:
        inner = next((c for c in verb.children if c.dep_ == "xcomp" and is_verbal(c)), None)
        if inner is not None and category_of(inner) is not None:
            return Category("AGREE")  # "is willing to withdraw": a promise
    if verb.pos_ in ("NOUN", "PROPN", "ADJ") and verb.lower_ not in WILLING and any(
        c.dep_ == "cop" for c in verb.children
    ):
        return None  # "the plan was a fair compromise": a description, not an act
    cat = plover.verb_category(lemma, particle(verb))
    for child in [*(c for c in verb.children if c.dep_ in OBJECT_DEPS), linear_noun(verb)]:
        if child is not None and (lemma, noun_lemma(child)) in plover.VERB_OBJECT:
            return plover.VERB_OBJECT[(lemma, noun_lemma(child))]
    if lemma in plover.INTENT:
        inner = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if inner is not None:
            inner_cat = plover.verb_category(verb_lemma(inner), particle(inner))
            # "offered to hand over" is AGREE (a promise); "refused to send" REJECT
            cat = plover.INTENT[lemma] if inner_cat is None or lemma != "ask" else cat
    noun = event_noun(verb)
    if noun is not None:
        noun_cat = plover.noun_category(noun_lemma(noun))
        if noun_cat is not None and (cat is None or cat.name == plover.STATEMENT or
                                     lemma in plover.REPORTING or lemma in LIGHT_VERBS):
            cat = noun_cat
    if cat is None or cat.name == plover.STATEMENT:
        stated = _stated(verb)
        cat = stated if stated is not None else cat
    purpose = _purpose(verb)
    if purpose is not None and (cat is None or cat.name in ("REJECT", "COERCE", "OTHER")):
        # "blocked streets to demand reforms": a demand made by physical action is a protest
        cat = Category("PROTEST") if purpose.name in ("PROTEST", "REQUEST") else purpose
    if cat is not None and cat.name == "SANCTION" and not cat.mode:
        cat = Category("SANCTION", plover.sanction_mode(lemma))
    if cat is not None and noun is not None and noun_lemma(noun) == "strike" and any(
        c.lower_ in ("air", "missile", "drone", "military") for c in noun.children
    ):
        cat = Category("ASSAULT")  # an air strike, not a labour strike
    return cat


_PROMISED = frozenset({"AID", "SUPPORT", "COOPERATE", "CONSULT"})
# Measures against someone: lifting one is a concession; ending one's own is still ending it.
RESTRICTIONS = words("restriction sanction ban curfew embargo blockade measure siege curb "
                     "moratorium freeze tariff")
_POLITICAL_TARGETS = frozenset(
    {"party", "candidate", "opposition", "activist", "journalist", "group", "organization",
     "organisation", "movement", "leader", "newspaper", "protest", "rally", "demonstration"}
)
_DIPLOMATIC = frozenset({"lodge", "file", "issue", "send", "deliver", "register", "make"})


def _refined(
    cat: Category | None, verb: Token, noun: Token | None, tense: str, modal: str,
    intent: Token | None,
) -> Category | None:
    """PLOVER's coding conventions (manual, "Potential ambiguities"): a promise of aid,
    support, cooperation or a meeting is AGREE; an announced retreat is CONCEDE; lifting,
    easing or cancelling a restriction is CONCEDE; a diplomatic protest lodged with someone is
    ACCUSE (disapprove), PROTEST being physical."""
    if cat is None:
        return None
    future = tense == "future" or modal in ("will", "would") or (
        intent is not None and verb_lemma(intent) in ("plan", "intend", "prepare", "decide")
    )
    conditional = any(t.lower_ == "unless" for t in verb.sent if t.i > verb.i) or any(
        c.dep_ in ("advcl", "obl") and any(
            m.dep_ in ("mark", "case") and m.lower_ in ("unless", "if") for m in c.children
        )
        for c in verb.children
    )
    if future and conditional and cat.name not in ("AGREE", "SUPPORT"):
        return Category("THREATEN")  # "will withdraw its force unless …": a conditional threat
    if future and cat.name in _PROMISED:
        return Category("AGREE")
    if future and cat.name == "RETREAT":
        return Category("CONCEDE")
    lemma = verb_lemma(verb)
    objs = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if lemma in ("lift", "ease", "cancel", "remove", "scrap", "end", "relax") and any(
        set(lemmas(c)) & RESTRICTIONS for c in objs
    ):
        return Category("CONCEDE", "yield")
    if lemma in ("ban", "outlaw", "bar") and any(
        set(lemmas(c)) & _POLITICAL_TARGETS for c in objs
    ):
        return Category("COERCE", "restrict")  # banning parties or people is repression
    if noun is not None and noun_lemma(noun) == "protest" and (
        lemma in _DIPLOMATIC or any(
            c.lower_ in ("official", "formal", "diplomatic", "strong") for c in noun.children
        )
    ):
        return Category("ACCUSE", "disapprove")
    return cat


def clause(verb: Token) -> Clause:
    """The clause built on ``verb``: its category, arguments, polarity, tense.  Read once per
    verb and document (events and stances both ask); each caller gets its own copy."""
    cache = verb.doc.user_data.setdefault("stanceline.clauses", {})
    found = cache.get(verb.i)
    if found is None:
        found = cache[verb.i] = _clause(verb)
    return replace(found, subjects=list(found.subjects), objects=list(found.objects))


def _clause(verb: Token) -> Clause:
    cat = category_of(verb)
    noun = event_noun(verb)
    head = noun if noun is not None else verb
    intent = None
    if verb_lemma(verb) in INTENT_VERBS:
        inner = next((c for c in verb.children if c.dep_ == "xcomp" and is_verbal(c)), None)
        if inner is not None and category_of(inner) is not None:
            # "plans to buy", "wants to return": the inner verb is the predicate
            intent, verb, head, cat = verb, inner, inner, category_of(inner)
    is_neg = negated(verb) or (intent is not None and negated(intent))
    tense, modal = tense_of(intent if intent is not None else verb)
    subs, passive = subjects(intent if intent is not None else verb)
    objs = objects(head) if head != verb else objects(verb)
    if head != verb:
        objs = [*objects(head), *(o for o in objects(verb) if o != head)]
    if passive:
        agents = passive_agents(verb)
        objs = [*subs, *objs]
        subs = agents
    # "asked Turkey to send …": the infinitive's objects are parties too; "demanded that the
    # US cancel …": the complement's subject is whom it is demanded of; "to protest against
    # Sweden's decision": a purpose clause's objects are whom it is aimed at
    for child in verb.children:
        if child.dep_ == "xcomp" and is_verbal(child):
            objs.extend(objects(child))
        elif child.dep_ == "ccomp" and cat is not None and cat.name in (
            "REQUEST", "ACCUSE", "THREATEN", "REJECT"
        ):
            objs.extend(subjects(child)[0])
        elif child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "to" for m in child.children
        ):
            objs.extend(objects(child))
    if not objs:  # "opposed planned Danish cuts": a participle read as the verb's clause
        for child in verb.rights:
            if child.dep_ in ("acl", "amod", "xcomp") and child.tag_ in ("VBN", "VBG"):
                objs.extend(objects(child))
    if not objs and not any(c.i > verb.i for c in verb.children if not c.is_punct):
        objs = linear_object(verb)
    cat = _refined(cat, verb, noun, tense, modal, intent)
    reaction = _drawn_reaction(verb)
    if reaction is not None:  # "drew protests from Egypt": Egypt protests, at the subject
        noun_tok, reactors = reaction
        cat = Category("SUPPORT") if noun_lemma(noun_tok) in _APPROVALS else Category(
            "ACCUSE", "disapprove")
        head, objs, subs = noun_tok, subs, reactors
        passive = False
    return Clause(
        head=head,
        verb=verb,
        category=cat,
        negated=is_neg,
        tense=tense,
        modal=modal,
        subjects=subs,
        objects=objs,
        passive=passive,
        intent=intent,
        reaction=_REACTION_VERBS.get(noun_lemma(head), "") if reaction is not None else "",
    )


_STOP_LINEAR = frozenset({",", ";", ":", "(", "—", "–", "but", "while", "after", "before",
                          "because", "although", "as", "when", "since", "which", "who"})


def linear_object(verb: Token, limit: int = 12) -> list[Token]:
    """The words right after ``verb`` up to the next clause boundary, for a parse that left
    the verb without dependents ("Kenya deported X to Uganda, …" hung on a noun)."""
    out: list[Token] = []
    for tok in verb.doc[verb.i + 1 : min(verb.sent.end, verb.i + 1 + limit)]:
        if tok.lower_ in _STOP_LINEAR or (tok.is_punct and tok.text in ".!?"):
            break
        out.append(tok)
    return out


def coordinated(verb: Token) -> list[Token]:
    """``verb`` and the verbs coordinated with it ("asked …, but Lima refused")."""
    out = [verb]
    for child in verb.children:
        if child.dep_ == "conj" and is_verbal(child):
            out.extend(coordinated(child))
    return out


def is_quoted(sent: SpacySpan) -> bool:
    """Whether the sentence opens inside a quotation."""
    text = sent.text.lstrip()
    return bool(text) and text[0] in _QUOTES


@dataclass(slots=True)
class Frame:
    """The reporting structure of a sentence."""

    speech: Token | None  # the reporting verb ("said"), or None
    speakers: list[Token]  # subject heads of the reporting verb, or "according to X"
    content: list[Token]  # verbs heading what is said (or the sentence's own predicates)
    medium: Token | None = None  # "told *Izvestia*", "in an interview with *NTV*"


def _verb_before(sent: SpacySpan, speech: Token) -> Token | None:
    """The first verb of the clause before a trailing attribution ("X did Y, Z said")."""
    commas = [t.i for t in sent if t.text == "," and t.i < speech.i]
    if not commas:
        return None
    for tok in sent.doc[sent.start : commas[-1]]:
        if any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "whether") for m in tok.children):
            continue  # "If Russia invaded, NATO would respond": a condition is not a report
        if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") and (
            tok.i > sent.start and sent.doc[tok.i - 1].pos_ in ("PROPN", "NOUN", "PRON", "AUX",
                                                                 "ADV")
        ):
            return tok
    return None


def _trailing_attribution(sent: SpacySpan, root: Token) -> Token | None:
    """ "…, police said." / "…, the ministry said on Sunday.": a reporting verb after the last
    comma with its own subject, whatever the parser attached it to."""
    commas = [t.i for t in sent if t.text == "," and t.i > root.i]
    if not commas:
        return None
    for tok in sent.doc[commas[-1] + 1 : sent.end]:
        if _reporting(tok) and tok.tag_ in ("VBD", "VBZ", "VBP"):
            return tok
    return None


def _reporting(tok: Token) -> bool:
    return is_verbal(tok) and verb_lemma(tok) in plover.REPORTING


def _according_to(root: Token) -> list[Token]:
    for child in root.subtree:
        if child.lower_ == "according" and child.i + 1 < len(child.doc):
            nxt = child.doc[child.i + 1]
            if nxt.lower_ == "to":
                obj = next((t for t in nxt.head.subtree if t.i > nxt.i and t.pos_ in
                            ("PROPN", "NOUN", "PRON")), None)
                if obj is None and nxt.i + 1 < len(child.doc):
                    obj = child.doc[nxt.i + 1]
                return [obj] if obj is not None else []
    return []


# Whom one tells, not where it is published.
_AUDIENCES = words("reporters journalists lawmakers parliament deputies supporters crowd "
                   "students audience delegates diplomats senators")


def _medium(speech: Token) -> Token | None:
    """Where the words were published: "told Russia's Izvestia", "in an op-ed for the WSJ",
    "in an interview with NTV", "on Twitter"."""
    for child in speech.children:
        told = child.dep_ == "iobj" or (child.dep_ == "obj" and verb_lemma(speech) == "tell")
        if told and child.lower_ in _AUDIENCES:
            continue  # "told reporters in Brussels": people, not a medium
        if told and any(c.pos_ == "PROPN" for c in child.subtree):
            return child
        if child.dep_.startswith("obl"):
            cases = {c.lower_ for c in child.children if c.dep_ == "case"}
            if cases & {"in", "on", "to"} and child.lemma_.lower() in (
                "interview", "op-ed", "article", "piece", "column", "statement", "post",
                "tweet", "letter", "editorial", "broadcast", "speech", "message", "twitter",
                "x", "facebook", "telegram",
            ):
                inner = [
                    g for g in child.subtree
                    if g.dep_.startswith("nmod") and g.pos_ == "PROPN" and g != child
                ]
                return inner[0] if inner else child
            if cases & {"to"} and child.pos_ == "PROPN":
                return child
    return None


def medium_words(medium: Token) -> list[Token]:
    """The words naming a medium: "Russia's Izvestia", "an interview", "a statement" (not
    the preposition before it, nor "this weekend" after a generic one)."""
    named = any(t.pos_ == "PROPN" for t in medium.subtree)
    return [
        t for t in medium.subtree
        if not (t.head == medium and t.dep_ in ("case", "punct"))
        and (named or t == medium or (t.head == medium and t.dep_ in ("det", "amod",
                                                                      "compound")))
    ]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# a finite verb under one of these opens a subordinate clause, not the sentence's predicate
_SUBORDINATORS = frozenset({"who", "which", "that", "when", "while", "after", "before", "if",
                            "although", "because", "as", "since", "whereas", "though"})
# a complement with any of these is a clause, whatever its head's part of speech
_CLAUSE_OF_ITS_OWN = frozenset({"cop", "nsubj", "nsubj:pass", "aux", "aux:pass"})
_SUBORDINATE = frozenset({"acl", "acl:relcl", "amod", "advcl", "csubj", "nmod", "obl"})


def main_verb(sent: SpacySpan) -> Token:
    """The sentence's main predicate: the parse's root when it is a verb, else the first
    finite verb that does not open a relative or adverbial clause (a parse that hung the
    sentence on a noun still has its finite verb right)."""
    root = sent.root
    if is_verbal(root) or any(c.dep_ == "cop" for c in root.children):
        return root
    for tok in sent:
        if tok.tag_ in _FINITE_TAGS and tok.pos_ in ("VERB", "AUX") and not _subordinate(tok):
            if tok.tag_ == "MD":
                nxt = next((t for t in sent[tok.i - sent.start + 1 :] if t.pos_ == "VERB"), None)
                return nxt or tok
            return tok
    # no finite verb tagged: the first past form right after a noun phrase ("Kenya deported",
    # "Chad mobilized troops" with the participle read as an adjective)
    for tok in sent:
        past = tok.tag_ in ("VBN", "VBD") or (
            tok.tag_ == "JJ" and tok.lower_.endswith("ed") and verb_lemma(tok) in plover.VERBS)
        if past and tok.i > sent.start and sent.doc[tok.i - 1].pos_ in (
            "PROPN", "NOUN", "PRON"
        ) and not _subordinate(tok):
            return tok
    return root


def _subordinate(tok: Token) -> bool:
    """Whether ``tok`` is inside a clause opened by "while", "who", "after", "because" …"""
    return any(
        c.lower_ in _SUBORDINATORS and c.i < t.i for t in (tok, *tok.ancestors) for c in t.children
    )


def _reporting_noun(sent: SpacySpan) -> Token | None:
    """ "Oslo argues that …" tagged as a noun: a form of a reporting verb followed by
    "that" is the report, whatever the tagger said."""
    root = sent.root
    nxt = root.nbor(1) if root.i + 1 < sent.end else None
    if root.pos_ == "NOUN" and nxt is not None and nxt.lower_ == "that" and any(
        lemma in plover.REPORTING for lemma in getLemma(root.lower_, upos="VERB")
    ):
        return root
    return None


def frame(sent: SpacySpan) -> Frame:
    """Who reports what in ``sent`` (read once per sentence and document)."""
    cache = sent.doc.user_data.setdefault("stanceline.frames", {})
    found = cache.get(sent.start)
    if found is None:
        found = cache[sent.start] = _frame(sent)
    return found


def _frame(sent: SpacySpan) -> Frame:
    noun_speech = _reporting_noun(sent)
    if noun_speech is not None:
        content = [c for c in noun_speech.children if is_verbal(c) or any(
            g.dep_ == "cop" for g in c.children)]
        speakers = [c for c in noun_speech.lefts if c.pos_ in ("PROPN", "NOUN", "PRON")]
        if content and speakers:
            return Frame(noun_speech, speakers[-1:], content[:1])
    root = main_verb(sent)
    speech: Token | None = None
    content: list[Token] = []
    if _reporting(root):
        speech = root
        content = [
            c for c in root.children
            if (c.dep_ in ("ccomp", "parataxis", "xcomp") and is_verbal(c)) or (
                # a that-clause is what is said, whatever label the parse gave it
                c.dep_ == "dep" and is_verbal(c) and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ) or (
                # "said it is ready / prepared to …": an adjective with its own subject
                c.dep_ in ("ccomp", "parataxis") and any(
                    g.dep_ in _CLAUSE_OF_ITS_OWN for g in c.children)
            )
        ]
        if not content and any(c.dep_ in OBJECT_DEPS and c.lower_ not in _TIME_WORDS
                               for c in root.children):  # ("said Friday" is no object)
            # "Chile announced a suspension of flights": the announcement is the event,
            # and its subject the one who announced it
            return Frame(None, subjects(root)[0], [root])
        if not content:
            # "Kenya deported X to Uganda, an official said": a parse that made the
            # attribution the root; what is reported is the clause before it
            before = _verb_before(sent, root)
            if before is not None:
                content = [before]
            elif any(c.i > root.i and not c.is_punct for c in root.children):
                # "Ricci announced on Friday a cut in fuel duty": the announcement itself
                return Frame(None, subjects(root)[0], [root])
    else:
        for child in root.children:
            if (
                child.dep_ in ("parataxis", "ccomp", "advcl")
                and _reporting(child)
                and not any(c.dep_ == "ccomp" for c in child.children)
                and (child.i > root.i or sent.text.lstrip()[:1] in _QUOTES)
            ):
                speech = child
                break
        if speech is None:
            speech = _trailing_attribution(sent, root)
        content = [root]
    speakers: list[Token] = []
    if speech is not None:
        speakers, _ = subjects(speech)
    else:
        speakers = _according_to(root)
    return Frame(speech, speakers, content, _medium(speech) if speech is not None else None)
