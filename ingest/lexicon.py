"""Word lists for event and stance extraction (general English news language, no article data).

Verbs are listed by lemma with a CAMEO-like event type; `VERB_FORMS` maps every inflected form
to its lemma.  Regular inflections are generated; irregular ones are spelled out.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """A word list written as one string (easier to read and edit than a list literal)."""
    return text.split()


# lemma -> event type.  Reporting verbs (they attribute speech) are in REPORTING as well.
VERB_TYPES: dict[str, str] = {
    # statements / reporting
    "say": "statement",
    "tell": "statement",
    "state": "statement",
    "stress": "statement",
    "add": "statement",
    "explain": "statement",
    "note": "statement",
    "announce": "statement",
    "claim": "statement",
    "argue": "statement",
    "insist": "statement",
    "write": "statement",
    "declare": "statement",
    "reiterate": "statement",
    "emphasize": "statement",
    "emphasise": "statement",
    "confirm": "statement",
    "recall": "statement",
    "mention": "statement",
    "cite": "statement",
    "warn": "statement",
    "comment": "statement",
    "report": "statement",
    "float": "statement",
    "elaborate": "statement",
    "acknowledge": "statement",
    "admit": "statement",
    "assert": "statement",
    "reply": "statement",
    "respond": "statement",
    "retort": "statement",
    "describe": "statement",
    "praise": "statement",
    "unveil": "statement",
    "introduce": "statement",
    "reveal": "statement",
    "present": "statement",
    "demo": "statement",
    "demonstrate": "statement",
    "show": "statement",
    "release": "other",
    "ship": "purchase",
    # requests / demands / proposals
    "ask": "request",
    "request": "request",
    "urge": "request",
    "seek": "request",
    "appeal": "request",
    "invite": "request",
    "call": "request",
    "demand": "demand",
    "threaten": "demand",
    "press": "demand",
    "propose": "proposal",
    "offer": "proposal",
    "suggest": "proposal",
    "raise": "proposal",
    "pledge": "proposal",
    "promise": "proposal",
    # agreement / refusal / criticism
    "agree": "agreement",
    "sign": "agreement",
    "approve": "agreement",
    "accept": "agreement",
    "endorse": "agreement",
    "welcome": "agreement",
    "ratify": "agreement",
    "refuse": "refusal",
    "reject": "refusal",
    "decline": "refusal",
    "veto": "refusal",
    "rebuff": "refusal",
    "dismiss": "refusal",
    "deny": "refusal",
    "oppose": "refusal",
    "criticize": "criticism",
    "criticise": "criticism",
    "condemn": "criticism",
    "denounce": "criticism",
    "blame": "criticism",
    "accuse": "criticism",
    "slam": "criticism",
    "sue": "criticism",
    "file": "criticism",
    # coercion
    "sanction": "sanction",
    "blacklist": "sanction",
    "remove": "sanction",
    "expel": "sanction",
    "suspend": "sanction",
    "ban": "sanction",
    "embargo": "sanction",
    "freeze": "sanction",
    "block": "sanction",
    "exclude": "sanction",
    "impose": "sanction",
    "kick": "sanction",
    "withdraw": "sanction",
    # force
    "invade": "military",
    "attack": "military",
    "strike": "military",
    "bomb": "military",
    "shell": "military",
    "deploy": "military",
    "launch": "military",
    "occupy": "military",
    "shoot": "military",
    "kill": "military",
    "capture": "military",
    "begin": "military",
    # meetings
    "meet": "meeting",
    "visit": "meeting",
    "host": "meeting",
    "discuss": "meeting",
    "talk": "meeting",
    "negotiate": "meeting",
    # transfers of goods
    "buy": "purchase",
    "acquire": "purchase",
    "purchase": "purchase",
    "order": "purchase",
    "procure": "purchase",
    "sell": "purchase",
    "deliver": "purchase",
    "supply": "purchase",
    "transfer": "purchase",
    "receive": "purchase",
    "pay": "purchase",
    # milestones of people and organisations (what a biography or a company history tells)
    "die": "other",
    "found": "other",
    "start": "other",
    "return": "other",
    "resign": "other",
    "appoint": "other",
    "hire": "other",
    "fire": "other",
    "rename": "other",
    "settle": "agreement",
    "rule": "other",
    "win": "other",
}

# Milestones: one-off changes of state that are never part of a speech occasion.
MILESTONES: frozenset[str] = frozenset(
    words("die found start return resign appoint hire fire rename win")
)

# Verbs that only attribute what follows (or precedes) to a speaker.
REPORTING: frozenset[str] = frozenset(
    words(
        "say tell state stress add explain note claim argue insist write declare reiterate "
        "emphasize emphasise confirm recall mention cite warn comment report float elaborate "
        "acknowledge admit assert reply respond retort"
    )
)

# Event types that are speech acts: a date of the speech dates them.
VERBAL_TYPES: frozenset[str] = frozenset(
    {"statement", "request", "demand", "proposal", "agreement", "refusal", "criticism"}
)

# Irregular or consonant-doubling forms: lemma -> forms (the lemma itself is added).
_IRREGULAR: dict[str, str] = {
    "say": "says said saying",
    "tell": "tells told telling",
    "write": "writes wrote written writing",
    "seek": "seeks sought seeking",
    "meet": "meets met meeting",
    "buy": "buys bought buying",
    "sell": "sells sold selling",
    "pay": "pays paid paying",
    "begin": "begins began begun beginning",
    "strike": "strikes struck striking",
    "shoot": "shoots shot shooting",
    "withdraw": "withdraws withdrew withdrawn withdrawing",
    "freeze": "freezes froze frozen freezing",
    "ban": "bans banned banning",
    "veto": "vetoes vetoed vetoing",
    "admit": "admits admitted admitting",
    "slam": "slams slammed slamming",
    "embargo": "embargoes embargoed embargoing",
    "kick": "kicks kicked kicking",
    "shell": "shells shelled shelling",
    "launch": "launches launched launching",
    "stress": "stresses stressed stressing",
    "press": "presses pressed pressing",
    "talk": "talks talked talking",
    "discuss": "discusses discussed discussing",
    "ratify": "ratifies ratified ratifying",
    "deny": "denies denied denying",
    "supply": "supplies supplied supplying",
    "occupy": "occupies occupied occupying",
    "emphasize": "emphasizes emphasized emphasizing",
    "emphasise": "emphasises emphasised emphasising",
    "transfer": "transfers transferred transferring",
    "deploy": "deploys deployed deploying",
    "destroy": "destroys destroyed destroying",
    "float": "floats floated floating",
    "show": "shows showed shown showing",
    "demo": "demos demoed demoing",
    "ship": "ships shipped shipping",
    "die": "dies died dying",
    "win": "wins won winning",
}


def _regular_forms(lemma: str) -> list[str]:
    if lemma.endswith("e"):
        return [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x")):
        return [lemma + "es", lemma + "ed", lemma + "ing"]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    return [lemma + "s", lemma + "ed", lemma + "ing"]


def _build_forms(lemmas: list[str]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma in lemmas:
        extra = _IRREGULAR.get(lemma)
        for form in [lemma, *(extra.split() if extra else _regular_forms(lemma))]:
            forms.setdefault(form, lemma)
    return forms


# Attitude verbs for stances: lemma -> polarity of the holder towards the verb's complement.
ATTITUDE: dict[str, str] = {
    "want": "for",
    "wish": "for",
    "hope": "for",
    "plan": "for",
    "intend": "for",
    "seek": "for",
    "support": "for",
    "back": "for",
    "favour": "for",
    "favor": "for",
    "welcome": "for",
    "endorse": "for",
    "ask": "for",
    "urge": "for",
    "request": "for",
    "demand": "for",
    "propose": "for",
    "call": "for",
    "push": "for",
    "insist": "for",
    "expect": "for",
    "agree": "for",
    "offer": "for",
    "suggest": "for",
    "raise": "for",
    "press": "for",
    "refuse": "against",
    "reject": "against",
    "oppose": "against",
    "criticize": "against",
    "criticise": "against",
    "condemn": "against",
    "denounce": "against",
    "object": "against",
    "decline": "against",
    "veto": "against",
    "rebuff": "against",
    "dismiss": "against",
    "resist": "against",
}

VERB_FORMS: dict[str, str] = _build_forms(sorted(set(VERB_TYPES) | set(ATTITUDE)))
# Bare forms that are far more often another verb's past or a noun: "found" (find),
# "start" (noun), "rule" (noun).
for _form in ("found", "start", "rule", "win", "return", "fire"):
    del VERB_FORMS[_form]

# Attitude verbs that take "X to VERB" (ask Turkey to send) or "to VERB" (want to buy).
CONTROL_VERBS: frozenset[str] = frozenset(
    words(
        "ask urge request call press push invite want wish hope plan intend seek expect agree "
        "refuse decline offer propose threaten"
    )
)

# Attitude verbs whose object comes before the infinitive: "asked Turkey to send".
OBJECT_CONTROL: frozenset[str] = frozenset(
    words("ask urge request call press push invite expect want")
)

# Verbs that put a proposition on the table ("the proposal" / "we said no" refer back to it).
PROPOSING: frozenset[str] = frozenset(
    words("ask request urge propose offer suggest raise demand call press push invite")
)

# Evaluative words: the holder is against what they describe.
NEGATIVE_EVALUATION: tuple[str, ...] = (
    "out of the question",
    "unacceptable",
    "unjust",
    "unfair",
    "illegal",
    "unlawful",
    "incompatible",
    "a threat",
    "a mistake",
    "a red line",
    "dangerous",
    "unrealistic",
    "not in favour",
    "not in favor",
    "a violation",
    "wrong",
)

# Verbs meaning "give something up": negating them means keeping it.
RELINQUISH: dict[str, str] = {
    "abandon": "keeping",
    "give up": "keeping",
    "drop": "keeping",
    "scrap": "keeping",
    "leave": "staying in",
    "quit": "staying in",
    "exit": "staying in",
    "stop": "continuing",
    "halt": "continuing",
    "end": "continuing",
    "cancel": "keeping",
    "sell off": "keeping",
}

# Nouns that stand for a proposition mentioned earlier ("refused the proposal").
PROPOSITION_NOUNS: frozenset[str] = frozenset(
    words(
        "proposal proposals idea ideas request requests offer offers plan plans suggestion "
        "suggestions demand demands call calls"
    )
)

# Nouns that stand for an action reported earlier ("called the move unjust").
ACTION_NOUNS: frozenset[str] = frozenset(words("move decision step action measure measures"))

# Generic heads that can stand for a named thing ("the system" -> the S-400).
THING_HEADS: frozenset[str] = frozenset(
    words(
        "system systems missile missiles jet jets aircraft fighter fighters warplane warplanes "
        "program programme deal weapon weapons battery batteries plane planes drone drones"
    )
)

# Lemma classes for target keys, so "sending", "transferring" and "handing" group together.
KEY_CLASSES: dict[str, str] = {
    **dict.fromkeys(words("send transfer give hand deliver supply ship sell provide"), "transfer"),
    **dict.fromkeys(words("buy acquire purchase procure order get obtain"), "acquire"),
    **dict.fromkeys(words("keep use deploy operate activate retain abandon drop scrap"), "keep"),
    **dict.fromkeys(words("return rejoin reinstate readmit"), "return"),
    **dict.fromkeys(words("remove expel exclude suspend"), "remove"),
    **dict.fromkeys(words("sanction blacklist ban embargo"), "sanction"),
    "sending": "transfer",
    "transfer": "transfer",
    "delivery": "transfer",
    "sale": "transfer",
    "purchase": "acquire",
    "deployment": "keep",
    "use": "keep",
    "removal": "remove",
    "sanctions": "sanction",
}

# Nouns naming a military event ("the invasion that began").
MILITARY_NOUNS: frozenset[str] = frozenset(
    words("invasion war attack offensive assault strike strikes operation bombing shelling")
)

# Verbs that are force only with an armed object: "launched missiles" vs "launched a phone".
FORCE_IF_ARMED: frozenset[str] = frozenset(words("launch strike capture shoot deploy"))
ARMED_WORDS: frozenset[str] = MILITARY_NOUNS | frozenset(
    words(
        "missile missiles rocket rockets drone drones troops soldiers forces airstrike "
        "airstrikes raid raids attacks offensives operations strikes fire artillery"
    )
)

PRONOUNS_PERSON: frozenset[str] = frozenset({"he", "she"})
PRONOUNS_SELF: frozenset[str] = frozenset({"i", "we", "us", "me", "our"})

# Titles a definite description of a person uses ("the top official said").
PERSON_NOUNS: frozenset[str] = frozenset(
    words(
        "official minister diplomat spokesman spokeswoman spokesperson president leader head "
        "chief director envoy ambassador premier chancellor secretary general adviser advisor"
    )
)

# Words that may sit between a subject and its verb.
AUX: frozenset[str] = frozenset(
    words(
        "has have had does do did is are was were will would could can may might must shall "
        "should also not n't never repeatedly initially already again still reportedly informally "
        "formally officially publicly recently previously earlier then finally now had been being "
        "be"
    )
)

# Auxiliaries that tell the tense of the verb they precede (the clause's time of reference).
PRESENT_AUX: frozenset[str] = frozenset(words("is are am has have does do 's ’s"))
PAST_AUX: frozenset[str] = frozenset(words("was were had did"))
MODAL_AUX: frozenset[str] = frozenset(
    words("will would could can may might must shall should 'll ’ll")
)

NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "no", "cannot"})

STOPWORDS: frozenset[str] = frozenset(
    words(
        "a an the and or but of to in on at by for from with as that this these those it its "
        "their his her our we they he she them us is are was were be been being has have had do "
        "does did will would could can may might must shall should not no so than then there "
        "which who whom whose what when where while also into over after before about said says "
        "told since during if because however such other any all more most some only just very"
    )
)
