"""Readable phrases from the parse: headline summaries and stance targets.

Every phrase is built from the words of the sentence (their order and spelling), with verbs
inflected from the model's lemma by ``lemminflect`` — never by suffix rules of our own.
A phrase is cut at a phrase boundary, never inside a word, and never starts with a pronoun.
"""

from __future__ import annotations

from lemminflect import getInflection
from spacy.tokens import Token

from ingest.clauses import Clause, is_verbal, linear_object, verb_lemma

MAX_WORDS = 12  # a headline's object phrase: enough to say what, short enough to scan
# Children that add circumstance, not content, to a headline.
_DROP_DEPS = frozenset(
    {"advcl", "parataxis", "mark", "cc", "punct", "obl:tmod", "discourse", "vocative",
     "dislocated", "reparandum", "list", "orphan", "acl:relcl", "appos", "dep"}
)
_DROP_ADVERBS = frozenset(
    {"also", "however", "meanwhile", "already", "still", "repeatedly", "reportedly",
     "eventually", "now", "then", "again", "previously", "earlier", "later", "so", "too"}
)
_TRAILING = frozenset({"and", "or", "but", "the", "a", "an", "of", "to", "in", "on", "for",
                       "with", "that", "which", "as", ",", "-", "–", "—", "its", "their"})


def inflect(lemma: str, tag: str) -> str:
    """``lemma`` in the form of Penn tag ``tag`` ("refuse", "VBZ" → "refuses")."""
    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else lemma


def _words_of(tokens: list[Token], skip: set[int]) -> list[Token]:
    return [t for t in tokens if t.i not in skip]


def subtree_tokens(
    tok: Token, skip: set[int], drop_clauses: bool = True, top_mark: bool = False
) -> list[Token]:
    """``tok``'s subtree in text order, without circumstance clauses and timex words."""
    out: list[Token] = []

    def dropped(child: Token, top: bool) -> bool:
        if child.lower_ in _DROP_ADVERBS:
            return True
        if not drop_clauses:
            return False
        if child.dep_ == "mark":
            # "that" of the reported clause goes; "for" in "proposal for signing" and "to" of an
            # infinitive object ("tries *to* keep") stay
            return top and not top_mark
        if child.dep_ == "cc" and not is_verbal(child.head):
            return False  # "the United States *and* Australia": a noun's conjunction stays
        return child.dep_ in _DROP_DEPS or (child.dep_ == "conj" and is_verbal(child))

    def walk(t: Token, top: bool) -> None:
        # a skipped word (a date) still carries what a weak parse hung on it
        for left in t.lefts:
            if not dropped(left, top):
                walk(left, False)
        if t.i not in skip:
            out.append(t)
        for right in t.rights:
            if not dropped(right, top):
                walk(right, False)

    walk(tok, True)
    return sorted(out, key=lambda t: t.i)


def join(tokens: list[Token], max_words: int = MAX_WORDS) -> str:
    """The tokens as text (their own spacing), cut to ``max_words`` at a boundary."""
    tokens = list(tokens)
    if len(tokens) > max_words:
        cut = tokens[max_words]
        tokens = tokens[:max_words]
        # a phrase the cut would leave unfinished ("defence against Russian | missiles")
        # goes whole: cut before the preposition or conjunction that opens it
        opener = max((k for k, t in enumerate(tokens) if k >= 2 and t.pos_ in ("ADP", "CCONJ")
                      and cut in t.head.subtree), default=None)
        if opener is not None:
            tokens = tokens[:opener]
    while tokens and (tokens[-1].lower_ in _TRAILING or tokens[-1].is_punct):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
        tokens.pop(0)
    out = []
    for k, t in enumerate(tokens):
        out.append(t.text)
        if k + 1 < len(tokens):
            contiguous = tokens[k + 1].i == t.i + 1
            out.append(t.whitespace_ if contiguous else " ")
    return "".join(out).replace("\n", " ").strip(" \"“”'")


def verb_phrase(cl: Clause, plural: bool = False) -> str:
    """The clause's verb group in headline tense: "rejects", "does not plan to abandon",
    "will send", "agrees to withdraw" ("reject", "do not" after a plural subject)."""
    verb = cl.intent if cl.intent is not None else cl.verb
    lemma = verb_lemma(verb)
    particle = next((c.text for c in verb.children if c.dep_ == "compound:prt"), "")
    tail = f" {particle}" if particle else ""
    if cl.intent is not None:
        tail += f" to {verb_lemma(cl.verb)}"
        inner_prt = next((c.text for c in cl.verb.children if c.dep_ == "compound:prt"), "")
        tail += f" {inner_prt}" if inner_prt else ""
    if lemma == "be":
        form = "are" if plural else "is"
        return (f"{form} not" if cl.negated else form) + tail
    if verb.pos_ == "ADJ" or verb.tag_ == "JJ":  # "is willing to withdraw", not "willings"
        form = "are" if plural else "is"
        return f"{form}{' not' if cl.negated else ''} {verb.lower_}{tail}"
    if cl.negated:
        aux = "will not" if cl.tense == "future" else ("do not" if plural else "does not")
        return f"{aux} {lemma}{tail}"
    if cl.tense == "future":
        return f"will {lemma}{tail}"
    return (lemma if plural else inflect(lemma, "VBZ")) + tail


def object_phrase(cl: Clause, skip: set[int]) -> str:
    """What the predicate acts on, from the words right of the verb."""
    verb = cl.verb
    parts: list[Token] = []
    if not any(c.i > verb.i and not c.is_punct for c in verb.children) and cl.head == verb:
        return join([t for t in linear_object(verb) if t.i not in skip])
    if cl.head != verb:  # "imposed sanctions on Russia": the noun and its modifiers
        # (after the verb only: a weak parse may have folded the subject and verb into it)
        parts = [t for t in subtree_tokens(cl.head, skip) if t.i > verb.i]
    else:
        for right in verb.rights:
            if right.dep_ in _DROP_DEPS or right.dep_ in ("conj", "cc", "punct"):
                continue
            if right.dep_.startswith("obl") and right.lower_ in _DROP_ADVERBS:
                continue
            if any(c.lower_ == "according" for c in right.children):
                continue  # "according to X" is the attribution, not what was done
            if right.dep_ in ("compound:prt",):
                continue
            if cl.passive and any(c.dep_ == "case" and c.lower_ == "by" for c in right.children):
                continue  # the agent is the headline's subject
            parts.extend(subtree_tokens(right, skip, top_mark=True))
    return join(parts)


def gerund_phrase(verb: Token, skip: set[int], max_words: int = MAX_WORDS) -> str:
    """ "send the S-400s to Ukraine" as the target "sending the S-400s to Ukraine"."""
    words = [t for t in subtree_tokens(verb, skip) if t.i > verb.i]
    words = [t for t in words if not (t.dep_ == "compound:prt" and t.head == verb)]
    prt = next((c.text for c in verb.children if c.dep_ == "compound:prt"), "")
    passive = verb.tag_ in ("VBN", "JJ") and any(
        c.dep_ in ("aux:pass", "aux", "cop") and c.lemma_.lower() == "be" for c in verb.children)
    # "we are owed the money": being owed it, not owing it
    head = f"being {verb.lower_}" if passive else inflect(verb_lemma(verb), "VBG")
    head += f" {prt}" if prt else ""
    rest = join(words, max_words - 1)
    return f"{head} {rest}".strip()


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
