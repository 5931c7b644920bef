"""training.corpus: UD CoNLL-U + Universal NER IOB2 → spaCy DocBin (tiny files of our own)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import DocBin

from training.corpus import convert

FIXTURES = Path(__file__).parent / "fixtures" / "training"


def _docs(path: Path):
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_syntax_is_converted_word_for_word(tmp_path: Path):
    out = tmp_path / "x.spacy"
    assert convert(FIXTURES / "tiny.conllu", out) == 1
    [doc] = _docs(out)
    assert [t.text for t in doc] == ["Ankara", "did", "n't", "agree", ".", "Maria", "Lopez",
                                     "left", "."]
    assert doc.text.startswith("Ankara didn't agree. Maria")  # SpaceAfter=No respected
    agree = doc[3]
    assert (agree.dep_, agree.head.i, agree.lemma_, agree.tag_) == ("root", 3, "agree", "VB")
    assert doc[2].morph.get("Polarity") == ["Neg"]
    assert [s.start for s in doc.sents] == [0, 5]
    assert not doc.has_annotation("ENT_IOB")  # no names given: missing, not "outside"


def test_names_come_from_the_iob2_layer_and_unannotated_sentences_stay_missing(tmp_path: Path):
    out = tmp_path / "x.spacy"
    convert(FIXTURES / "tiny.conllu", out, FIXTURES / "tiny.iob2")
    [doc] = _docs(out)
    assert [(e.text, e.label_) for e in doc.ents] == [("Maria Lopez", "PER")]
    assert [t.ent_iob_ for t in doc[:5]] == [""] * 5  # sentence 1 has no annotation
    assert doc[7].ent_iob_ == "O"
