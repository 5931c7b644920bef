"""PLOVER 2021 event categories for English predicates (verbs and event nouns).

PLOVER (Open Event Data Alliance, CC BY-SA 4.0) names 16 categories; each category may carry a
*mode* (how).  Stanceline types an event by the lemma of its predicate, as the trained model
gives it, refined by what the predicate governs (a particle, a negation, the object's head):
"call for" is REQUEST, "call off" is RETREAT; a refusal is REJECT; "agree to withdraw" is AGREE
(a promise), "withdraw" alone is RETREAT.  A plain report of speech is STATEMENT.

The lists are general news English, grouped by category so that a reviewer can check them
against the manual (``PLOVER_MANUAL.tex``); no entry is here for one article.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.records import EVENT_TYPES

STATEMENT = "STATEMENT"
OTHER = "OTHER"  # an action no category fits (it still goes on the timeline)
# The 16 categories are listed once, with the records (ingest.records.EVENT_TYPES).
CATEGORIES: tuple[str, ...] = tuple(t for t in EVENT_TYPES if t not in (STATEMENT, OTHER))

# What a category says about the actor's position towards the recipient or the issue.
FOR = frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "CONSULT"})
AGAINST = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"})


@dataclass(frozen=True, slots=True)
class Category:
    name: str  # one of EVENT_TYPES
    mode: str = ""


def _words(spec: str) -> list[str]:
    return spec.split()


def _table(spec: dict[str, str]) -> dict[str, Category]:
    """``{"CATEGORY/mode": "lemma lemma ..."}`` → lemma → Category."""
    out: dict[str, Category] = {}
    for key, lemmas in spec.items():
        name, _, mode = key.partition("/")
        for lemma in lemmas.split():
            out[lemma] = Category(name, mode)
    return out


# Verbs that report speech or writing: the event is what is said, or a STATEMENT.
REPORTING = frozenset(
    _words(
        """say tell state add announce declare claim insist write note explain stress emphasize
    emphasise reiterate confirm report argue assert maintain reply respond retort comment
    remark mention acknowledge admit disclose reveal signal indicate suggest predict
    estimate recall describe quote tweet post"""
    )
)

VERBS: dict[str, Category] = _table(
    {
        "AGREE": """agree sign ratify accept pledge promise vow commit guarantee offer
            conclude settle reconcile""",
        "AGREE/meet": "invite",
        "CONSULT": """meet consult discuss negotiate talk confer host""",
        "CONSULT/visit": "visit tour",
        "CONSULT/phone": "phone",
        "SUPPORT": """support back welcome endorse praise hail applaud commend defend
            champion favour favor approve recognize recognise congratulate thank""",
        "CONCEDE": """apologize apologise pardon yield compromise relent soften concede""",
        "CONCEDE/yield": "ease lift",
        "COOPERATE": """cooperate collaborate coordinate partner ally extradite share""",
        "AID": """aid assist help fund finance donate supply grant rescue shelter
            provide deliver evacuate""",
        "RETREAT": """withdraw retreat disarm release free
            resign""",
        "REQUEST": """ask request urge appeal demand seek press petition plead
            implore order instruct propose suggest""",
        "ACCUSE": """accuse blame condemn criticize criticise denounce decry deplore
            allege charge sue indict fault slam""",
        "ACCUSE/investigate": "investigate probe examine inspect monitor",
        "ACCUSE/disapprove": "summon complain",
        "REJECT": """reject refuse deny decline dismiss rebuff veto oppose spurn
            resist cancel abandon scrap block renege violate defy boycott""",
        "THREATEN": """threaten warn menace""",
        "PROTEST": """protest demonstrate march rally riot picket""",
        "SANCTION/expel": "remove oust",
        "SANCTION": """sanction suspend halt freeze ban embargo blacklist expel recall
            sever cut downgrade boycott""",
        "MOBILIZE": """mobilize mobilise deploy mass station reinforce""",
        "COERCE": """arrest detain seize confiscate deport jail imprison censor raid
            annex occupy confine blockade besiege destroy outlaw prevent disperse evict
            deface hijack""",
        "ASSAULT": """attack bomb shell kill assassinate shoot invade ambush abduct kidnap
            torture wound bombard fight clash raze beat retake overrun storm""",
    }
)

# Event nouns ("a suspension of air links", "talks with Kyiv").
NOUNS: dict[str, Category] = _table(
    {
        "AGREE": "agreement deal accord treaty pact pledge promise",
        "RETREAT/ceasefire": "ceasefire truce",
        "CONSULT": "talk talks meeting summit negotiation consultation visit mediation",
        "SUPPORT": "support endorsement praise backing",
        "AID": "aid assistance loan grant donation asylum compensation relief",
        "RETREAT": "withdrawal retreat release pullout evacuation resignation",
        "REQUEST": "request demand appeal call plea",
        "ACCUSE": "accusation criticism condemnation allegation charge lawsuit",
        "ACCUSE/investigate": "investigation probe inquiry",
        "REJECT": "rejection refusal veto denial opposition",
        "THREATEN": "threat ultimatum warning",
        "PROTEST": "protest demonstration strike rally march riot boycott petition",
        "SANCTION": """sanction sanctions suspension ban embargo blacklisting expulsion
            halt freeze""",
        "MOBILIZE": "mobilization mobilisation deployment buildup patrol patrols reinforcement",
        "COERCE": """arrest detention seizure annexation occupation blockade crackdown curfew
            siege emergency""",
        "ASSAULT": """attack invasion bombing shelling assault airstrike offensive
            killing assassination clash raid airstrike bombardment""",
    }
)

# A verb + particle pair reads differently from the verb alone.
PARTICLES: dict[tuple[str, str], Category] = {
    ("call", "for"): Category("REQUEST"),
    ("call", "on"): Category("REQUEST"),
    ("call", "off"): Category("CONCEDE"),
    ("blow", "up"): Category("COERCE"),
    ("force", "out"): Category("COERCE"),
    ("pull", "out"): Category("RETREAT", "withdraw"),
    ("pull", "back"): Category("RETREAT", "withdraw"),
    ("step", "down"): Category("RETREAT", "resign"),
    ("hand", "over"): Category("RETREAT"),
    ("give", "up"): Category("RETREAT", "disarm"),
    ("rule", "out"): Category("REJECT"),
    ("turn", "down"): Category("REJECT"),
    ("back", "down"): Category("CONCEDE"),
    ("cut", "off"): Category("SANCTION", "discontinue"),
    ("crack", "down"): Category("COERCE"),
    ("shoot", "down"): Category("ASSAULT"),
    ("set", "up"): Category(OTHER),
    ("sign", "up"): Category("AGREE"),
}

# A verb with this object reads as one predicate ("opened fire", "set fire to").
VERB_OBJECT: dict[tuple[str, str], Category] = {
    ("open", "fire"): Category("ASSAULT"),
    ("set", "fire"): Category("COERCE"),
    ("take", "hostage"): Category("COERCE"),
    ("cut", "tie"): Category("SANCTION", "discontinue"),
    ("sever", "tie"): Category("SANCTION", "discontinue"),
    ("close", "border"): Category("SANCTION", "discontinue"),
    ("close", "embassy"): Category("SANCTION", "discontinue"),
    ("grant", "asylum"): Category("AID"),
    # sending inspectors is investigating (PLOVER ACCUSE, mode investigate)
    **{(send, who): Category("ACCUSE", "investigate") for send in ("send", "dispatch")
       for who in ("inspector", "investigator", "monitor", "observer")},
    # hosting a visit is consulting (PLOVER CONSULT: "host or receive a visit")
    **{("receive", guest): Category("CONSULT") for guest in
       ("delegation", "mission", "envoy", "emissary", "visitor", "visit", "delegate")},
    **{("raise", topic): Category("REQUEST") for topic in
       ("possibility", "idea", "issue", "question", "prospect", "proposal")},
    ("raise", "concern"): Category("ACCUSE", "disapprove"),
    ("express", "concern"): Category("ACCUSE", "disapprove"),
    ("voice", "concern"): Category("ACCUSE", "disapprove"),
    **{("fire", weapon): Category("ASSAULT") for weapon in
       ("shell", "rocket", "missile", "bomb", "shot", "mortar", "grenade", "bullet")},
    **{("launch", weapon): Category("ASSAULT") for weapon in
       ("attack", "strike", "offensive", "rocket", "missile", "raid", "invasion")},
}

# Verbs of intent or ability: "agreed to withdraw" is AGREE; "offered to hand over" AGREE;
# "refused to send" REJECT; "threatened to cut" THREATEN; "plans to buy" takes the inner verb.
INTENT: dict[str, Category] = {
    "agree": Category("AGREE"),
    "offer": Category("AGREE"),
    "promise": Category("AGREE"),
    "pledge": Category("AGREE"),
    "vow": Category("AGREE"),
    "refuse": Category("REJECT"),
    "decline": Category("REJECT"),
    "fail": Category("REJECT"),
    "threaten": Category("THREATEN"),
    "swear": Category("THREATEN"),
    "ask": Category("REQUEST"),
    "urge": Category("REQUEST"),
    "demand": Category("REQUEST"),
}

# Sanctions' mode from the verb.
_SANCTION_MODES = {
    "expel": "expel",
    "recall": "withdraw",
    "withdraw": "withdraw",
}


def verb_category(lemma: str, particle: str = "") -> Category | None:
    """The category of a verb lemma (with its particle, "call for"), or None."""
    lemma = lemma.lower()
    if particle and (found := PARTICLES.get((lemma, particle.lower()))):
        return found
    return VERBS.get(lemma)


def noun_category(lemma: str) -> Category | None:
    return NOUNS.get(lemma.lower())


def polarity_of(category: str) -> str | None:
    """ "for"/"against" what a category's actor shows towards its recipient or issue."""
    if category in FOR:
        return "for"
    if category in AGAINST:
        return "against"
    return None


def negated(category: Category) -> Category:
    """What "did not X" amounts to: a refusal for agreement and support, nothing otherwise."""
    if category.name in ("AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE"):
        return Category("REJECT")
    return Category(STATEMENT)


def sanction_mode(lemma: str) -> str:
    return _SANCTION_MODES.get(lemma, "discontinue")
