"""ingest.nlp: the trained pipeline loads from the package and keeps exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import nlp
from ingest.text import split_sentences

TEXT = (
    "ANKARA, March 3, 2024 - Türkiye rejected the request on Friday.\n\n"
    "“We said no,” the minister told reporters. The talks ended."
)


def test_the_pipeline_is_the_shipped_one_with_every_component():
    pipe = nlp.pipeline()
    assert {"tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"} <= set(
        pipe.pipe_names
    )
    assert nlp.MODEL_DIR.is_relative_to(Path(__file__).resolve().parent.parent / "resources")
    assert (nlp.MODEL_DIR / "MODEL_CARD.md").is_file()


def test_token_offsets_index_the_text_exactly():
    doc = nlp.parse(TEXT, split_sentences(TEXT))
    for token in doc:
        assert TEXT[token.idx : token.idx + len(token.text)] == token.text


def test_sentences_are_the_splitters_and_the_dateline_stands_alone():
    doc = nlp.parse(TEXT, split_sentences(TEXT))
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents == [
        "ANKARA, March 3, 2024 -",
        "Türkiye rejected the request on Friday.",
        "“We said no,” the minister told reporters.",
        "The talks ended.",
    ]


def test_a_missing_model_says_how_to_get_it_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(nlp, "MODEL_DIR", tmp_path / "nowhere")
    nlp.pipeline.cache_clear()
    try:
        with pytest.raises(nlp.ModelMissing, match="train-model"):
            nlp.pipeline()
    finally:
        monkeypatch.undo()
        nlp.pipeline.cache_clear()
