"""``python main.py train-model``: rebuild ``resources/nlp/en_stanceline`` from the open data.

Steps, all offline and seeded (``training/config.cfg``: ``[system] seed``):

1. convert UD English EWT train (syntax) and EWT dev with its Universal NER layer (syntax and
   names) into spaCy's binary format (``training.corpus``);
2. train tok2vec → tagger, morphologizer, edit-tree lemmatizer, parser, NER for a fixed number
   of steps and keep the *last* model: no checkpoint is chosen on the test file;
3. score it on EWT test (tags, lemmas, UAS/LAS) and UNER test (names), write the figures into
   the model's ``meta.json`` and the model card, and print them.

About 35 minutes on a 2-core machine (the step count in the config sets it).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from training.corpus import convert

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).resolve().parent / "config.cfg"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "resources" / "nlp" / "en_stanceline"
CARD = "MODEL_CARD.md"


def build_corpora(data: Path, work: Path) -> dict[str, Path]:
    """The three DocBin files (train is a folder: EWT train + EWT dev with names)."""
    ewt, uner = data / "ud-english-ewt", data / "uner-english-ewt"
    train = work / "train"
    convert(ewt / "en_ewt-ud-train.conllu", train / "ewt-train.spacy")
    convert(ewt / "en_ewt-ud-dev.conllu", train / "ewt-dev-uner.spacy", uner / "en_ewt-ud-dev.iob2")
    test = work / "test.spacy"
    convert(ewt / "en_ewt-ud-test.conllu", test, uner / "en_ewt-ud-test.iob2")
    return {"train": train, "test": test}


def score(model: Path, test: Path) -> dict[str, float]:
    """Figures of ``model`` on the test DocBin, in percent."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    nlp = spacy.load(model)
    docs = list(DocBin().from_disk(test).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    started = time.perf_counter()
    scores = nlp.evaluate(examples)
    seconds = time.perf_counter() - started
    words = sum(len(d) for d in docs)
    keys = {
        "tag_acc": "xpos",
        "pos_acc": "upos",
        "morph_acc": "morph",
        "lemma_acc": "lemma",
        "dep_uas": "uas",
        "dep_las": "las",
        "sents_f": "sentences_f",
        "ents_f": "names_f",
        "ents_p": "names_p",
        "ents_r": "names_r",
    }
    out = {name: round(100 * float(scores[k]), 2) for k, name in keys.items() if scores.get(k)}
    out["words_per_second_eval"] = round(words / seconds)
    return out


def train(data: Path | None = None, out: Path | None = None) -> dict[str, Any]:
    """Train, score, install; return the figures."""
    from spacy.cli.train import train as spacy_train

    data = data or DEFAULT_DATA
    out = out or DEFAULT_OUT
    if not (data / "ud-english-ewt" / "en_ewt-ud-train.conllu").is_file():
        raise SystemExit(f"train-model: no UD English EWT under {data} (see ../shared/data)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stanceline-train-") as tmp:
        work = Path(tmp)
        corpora = build_corpora(data, work)
        spacy_train(
            CONFIG,
            work / "model",
            overrides={
                "paths.train": str(corpora["train"]),
                "paths.dev": str(corpora["test"]),
                "corpora.dev.limit": 100,  # progress lines only: the last model is kept
            },
        )
        last = work / "model" / "model-last"
        figures = score(last, corpora["test"])
        figures["training_minutes"] = round((time.perf_counter() - started) / 60, 1)
        install(last, out, figures)
    return figures


def install(model: Path, out: Path, figures: dict[str, Any]) -> None:
    """Copy the model to ``out`` with its figures and card; drop what loading never reads."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model, out)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        {
            "name": "stanceline",
            "version": "1.0.0",
            "description": "Stanceline's reading backbone, trained from UD English EWT and UNER",
            "license": "CC BY-SA 4.0",
            "sources": [
                {"name": "UD English EWT v2.16", "license": "CC BY-SA 4.0"},
                {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
            ],
            "stanceline_figures": figures,
        }
    )
    meta.pop("performance", None)  # the progress scores on a slice; the figures are above
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    shutil.copy(Path(__file__).resolve().parent / CARD, out / CARD)
    (out / "FIGURES.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
