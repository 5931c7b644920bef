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


def test_the_network_multiplies_with_numpys_blas_on_one_thread() -> None:
    # BLIS measured ~3x slower than OpenBLAS on these shapes; several BLAS threads per
    # extraction would fight the import's other worker for the cores.
    from threadpoolctl import threadpool_info

    pipe = nlp.pipeline()
    layers = [layer for _name, proc in pipe.pipeline for layer in proc.model.walk()]
    assert layers and not any(getattr(layer.ops, "use_blis", False) for layer in layers)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert all(pool["num_threads"] == 1 for pool in blas)
