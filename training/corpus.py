"""UD English EWT (CoNLL-U) and Universal NER (IOB2) → spaCy ``DocBin`` files.

Written here rather than with ``spacy convert`` because the two annotation layers live in
separate files keyed by ``sent_id``: a sentence with UNER annotation gets its entities, every
other sentence keeps its entities *missing* (not "outside"), so the NER learns only from
annotated text while the tagger, lemmatizer and parser learn from all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

SENTENCES_PER_DOC = 10  # a few sentences per doc, so the parser sees sentence boundaries


@dataclass
class Sentence:
    sent_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based index within the sentence
    deps: list[str] = field(default_factory=list)
    new_doc: bool = False


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Syntactic words of each sentence (multiword-token ranges and empty nodes skipped)."""
    sent = Sentence("")
    new_doc = False
    # a multiword token ("didn't" = "did" + "n't") is written without spaces inside; its own
    # line carries the SpaceAfter of its last word
    mwt_last, mwt_space = 0, True
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc"):
                new_doc = True
            elif line.startswith("# sent_id = "):
                sent.sent_id = line.split("= ", 1)[1].strip()
            elif not line:
                if sent.words:
                    sent.new_doc = new_doc
                    new_doc = False
                    yield sent
                sent = Sentence("")
                mwt_last = 0
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0]:
                    mwt_last = int(cols[0].split("-")[1])
                    mwt_space = "SpaceAfter=No" not in cols[9]
                    continue
                if "." in cols[0]:
                    continue
                sent.words.append(cols[1])
                sent.lemmas.append(cols[2])
                sent.pos.append(cols[3])
                sent.tags.append(cols[4])
                sent.morphs.append("" if cols[5] == "_" else cols[5])
                head = int(cols[6])
                sent.heads.append(head - 1 if head else int(cols[0]) - 1)
                sent.deps.append(cols[7])
                index = int(cols[0])
                if index < mwt_last:
                    sent.spaces.append(False)
                elif index == mwt_last:
                    sent.spaces.append(mwt_space)
                else:
                    sent.spaces.append("SpaceAfter=No" not in cols[9])
    if sent.words:
        sent.new_doc = new_doc
        yield sent


def read_iob2(path: Path) -> dict[str, list[str]]:
    """``sent_id`` → IOB2 tags, one per syntactic word (OTH is not used by the product)."""
    tags: dict[str, list[str]] = {}
    current: list[str] = []
    sent_id = ""
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# sent_id = "):
                sent_id = line.split("= ", 1)[1].strip()
            elif not line:
                if sent_id:
                    tags[sent_id] = current
                current, sent_id = [], ""
            elif not line.startswith("#"):
                tag = line.split("\t")[2]
                current.append("O" if tag.endswith("OTH") else tag)
    if sent_id:
        tags[sent_id] = current
    return tags


def _doc(vocab: Vocab, sents: list[Sentence], ner: dict[str, list[str]] | None) -> Doc:
    words, spaces, lemmas, pos, tags, morphs, heads, deps, starts = ([] for _ in range(9))
    ents: list[str] | None = [] if ner is not None else None
    for sent in sents:
        offset = len(words)
        words += sent.words
        spaces += sent.spaces
        lemmas += sent.lemmas
        pos += sent.pos
        tags += sent.tags
        morphs += sent.morphs
        heads += [offset + h for h in sent.heads]
        deps += sent.deps
        starts += [True] + [False] * (len(sent.words) - 1)
        if ents is not None and ner is not None:
            iob = ner.get(sent.sent_id)
            ents += iob if iob and len(iob) == len(sent.words) else [""] * len(sent.words)
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        tags=tags,
        morphs=morphs,
        heads=heads,
        deps=deps,
        sent_starts=starts,
        ents=ents,
    )


def convert(conllu: Path, out: Path, iob2: Path | None = None) -> int:
    """Write ``conllu`` (with entities from ``iob2`` where given) as a DocBin; return docs."""
    vocab = Vocab()
    ner = read_iob2(iob2) if iob2 else None
    bin_ = DocBin(store_user_data=False)
    chunk: list[Sentence] = []
    for sent in read_conllu(conllu):
        if chunk and (sent.new_doc or len(chunk) >= SENTENCES_PER_DOC):
            bin_.add(_doc(vocab, chunk, ner))
            chunk = []
        chunk.append(sent)
    if chunk:
        bin_.add(_doc(vocab, chunk, ner))
    out.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(out)
    return len(bin_)
