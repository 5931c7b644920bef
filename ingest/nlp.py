"""The trained language pipeline: tokens, tags, lemmas, morphology, dependency trees, names.

The pipeline is Stanceline's own (``python main.py train-model``, ``training/``), committed under
``resources/nlp/`` and loaded from there: nothing is downloaded, at install time or run time.

Sentences come from the rule splitter (``ingest.text.split_sentences``, which knows news
abbreviations, datelines and quotes) and are handed to the parser as fixed boundaries, so every
stage sees the same sentences.  Token offsets (``token.idx``) are Python string indices into the
article text, as every record requires.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from ingest.records import Span

MODEL_DIR = Path(__file__).resolve().parent.parent / "resources" / "nlp" / "en_stanceline"
MAX_CHARS = 2_000_000  # the reader refuses bigger articles long before this


class ModelMissing(RuntimeError):
    """The trained pipeline is not where the package keeps it (a broken install)."""


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The trained pipeline, loaded once per process.

    Its matrix products go to numpy's BLAS (OpenBLAS) rather than thinc's bundled BLIS, which
    measured about three times slower on the shapes of this network (a few hundred tokens ×
    96-wide layers) and made the whole reading ~16 % slower.  One BLAS thread: an article's
    matrices are too small to share out, and an import runs one extraction per core."""
    if not (MODEL_DIR / "config.cfg").is_file():
        raise ModelMissing(
            f"The language model is missing from {MODEL_DIR}. Reinstall Stanceline, or rebuild "
            "the model with `python main.py train-model`."
        )
    threadpool_limits(limits=1, user_api="blas")
    nlp = spacy.load(MODEL_DIR)
    ops = NumpyOps(use_blis=False)
    for _name, proc in nlp.pipeline:
        for layer in proc.model.walk():  # every layer: the parser makes some of its own
            layer.ops = ops
    nlp.max_length = MAX_CHARS
    return nlp


# "ANKARA, March 3, 2024 - ", "LONDON (Reuters) - ", "Brussels, 12 May — ": a dateline is
# not part of the first sentence's grammar.
DATELINE = re.compile(
    r"[A-ZÇĞİÖŞÜ][\w'.-]*(?:[ \t]+[A-ZÇĞİÖŞÜ][\w'.-]*){0,3}"  # the place
    r"(?:,[ \t]*[\w .]{2,30}?){0,2}"  # ", Month D, YYYY" or ", Country"
    r"(?:[ \t]*\([^()\n]{1,40}\))?"  # "(Reuters)"
    r"[ \t]+[-–—]{1,2}[ \t]+"
)


def parse(text: str, sentences: list[Span]) -> Doc:
    """``text`` through the whole pipeline, with ``sentences`` as the sentence boundaries.

    Whitespace between sentences (blank lines) and a dateline are sentences of their own, so
    the parser, which never saw either in training, never hangs a clause on them.
    """
    nlp = pipeline()
    doc = nlp.make_doc(text)
    starts = {s.start for s in sentences}
    for s in sentences:
        m = DATELINE.match(text, s.start, s.end)
        if m is not None and m.end() < s.end:
            starts.add(m.end())
    flags = np.empty((len(doc), 1), dtype=np.int64)  # 1 starts a sentence, -1 does not
    previous_space = True
    for i, token in enumerate(doc):
        # a line break between sentences is a sentence of its own; two spaces inside one
        # ("$12M  of donations") are not a boundary
        space = token.is_space and "\n" in token.text
        flags[i, 0] = 1 if previous_space or space or token.idx in starts else -1
        previous_space = space
    doc.from_array([SENT_START], flags.astype(np.uint64))  # at once: a setter re-checks the doc
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
