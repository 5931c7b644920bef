"""Which actor a noun phrase of the parse refers to, with pronouns and descriptions resolved.

A phrase refers to an actor when an actor mention covers its head word, or when one of the
head's modifiers does ("*Turkish* officials", "*Poland's* parliament", "officials *of
Turkey*").  He/she/the minister/the official resolve to the person last named as a subject
or speaker before them, they/it/the government to the organisation or country last named; "we"
and "I" inside a quotation are its speaker.  Memory lives for one article.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from ingest.records import ActorInfo, ActorMention
from ingest.wordlists import words

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its"})
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})
# Descriptions that point back at a person ("the minister", "the top diplomat").
PERSON_NOUNS = words(
        "minister president official diplomat spokesman spokeswoman spokesperson envoy leader "
        "secretary chancellor ambassador premier negotiator chief head commander senator "
        "governor prime"
    )
GROUP_NOUNS = words(
        "government country administration state ministry alliance bloc company firm "
        "organisation organization group"
    )
MODIFIER_DEPS = frozenset(
    {"compound", "amod", "nmod:poss", "nmod", "flat", "appos", "nmod:desc", "obl:npmod"}
)


_CLAUSES = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "parataxis", "conj", "punct"})


def _phrase(head: Token) -> list[Token]:
    """The noun phrase headed by ``head``, without the clauses that modify it."""
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSES)
    return sorted(out, key=lambda t: t.i)


@dataclass(slots=True)
class Referents:
    """Actor mentions of one article, looked up by token, with a discourse memory."""

    mentions: list[ActorMention]
    actors: dict[str, ActorInfo]
    _starts: list[int] = field(default_factory=list)
    last_person: str | None = None
    last_group: str | None = None
    speaker: str | None = None  # who the current quotation is attributed to

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]

    def at(self, tok: Token) -> ActorMention | None:
        """The mention covering ``tok``."""
        i = bisect_right(self._starts, tok.idx) - 1
        if i >= 0 and self.mentions[i].end > tok.idx:
            return self.mentions[i]
        return None

    def kind(self, name: str) -> str:
        info = self.actors.get(name)
        return info.kind if info else "unknown"

    def of(self, head: Token, quoted: bool = False) -> list[str]:
        """Actors ``head`` (a noun-phrase head) refers to; empty when none."""
        found = self.at(head)
        if found is not None:
            return [found.actor]
        low = head.lower_
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | SPEAKER_PRONOUNS:
            if low in SPEAKER_PRONOUNS and quoted and self.speaker:
                return [self.speaker]
            if low in PERSON_PRONOUNS and self.last_person:
                return [self.last_person]
            if low in GROUP_PRONOUNS and low not in ("it", "its") and self.last_group:
                return [self.last_group]
            if low in ("it", "its") and self.last_group and self.kind(self.last_group) != "person":
                return [self.last_group]
            return []
        # "Egypt's irrigation minister, Hani Sewilam": the apposed name is who it is
        for child in head.children:
            if child.dep_ == "appos" and (hit := self.at(child)) is not None:
                return [hit.actor]
        # modifiers of the head: "Turkish officials", "Poland's parliament", "officials of X"
        out: list[str] = []
        for child in head.children:
            if child.dep_ in MODIFIER_DEPS:
                hit = self.at(child)
                if hit is not None and hit.actor not in out:
                    out.append(hit.actor)
                elif child.dep_ in ("nmod", "nmod:poss") and not out:
                    out.extend(self.of(child, quoted))
        if out:
            return out
        # deeper in the phrase: "Chile's deputy trade minister", "leaders of Peru's
        # government" (relative and participle clauses are not part of the phrase)
        for tok in _phrase(head):
            hit = self.at(tok)
            if hit is not None and hit.actor not in out:
                out.append(hit.actor)
                break
        if out:
            return out
        if self._definite(head):
            if head.lemma_.lower() in PERSON_NOUNS and self.last_person:
                return [self.last_person]
            if head.lemma_.lower() in GROUP_NOUNS and self.last_group:
                return [self.last_group]
        return []

    @staticmethod
    def _definite(head: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)

    def remember(self, names: list[str]) -> None:
        """Names just used as a subject or speaker become the antecedents of later pronouns."""
        for name in names:
            if self.kind(name) == "person":
                self.last_person = name
                info = self.actors.get(name)
                if info is not None and info.affiliation:
                    self.last_group = info.affiliation
            else:
                self.last_group = name

    def within(self, start: int, end: int) -> list[str]:
        """Actors mentioned in ``[start, end)``, in order, once each."""
        i = bisect_right(self._starts, start - 1)
        out: list[str] = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            name = self.mentions[i].actor
            if self.mentions[i].start >= start and name not in out:
                out.append(name)
            i += 1
        return out
